/* test-embedded.c — the embedded demonstration service: started with the application, shown
 * when it fails, restarted on « Réessayer », gone when the application quits or dies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <errno.h>
#include <signal.h>
#include <glib/gstdio.h>

#include "ca-application.h"
#include "ca-mailbox-view.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

/* The cours-adultes-server processes whose parent is @parent (zombies excluded). */
static GArray *
find_service_children (GPid parent)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *cmdline = NULL;
      g_autofree char *base = NULL;
      const char *after_comm;
      char state;
      int ppid;

      if (!g_ascii_isdigit (name[0])
          || !g_file_get_contents (stat_path, &stat, NULL, NULL)
          || !g_file_get_contents (cmdline_path, &cmdline, NULL, NULL)
          || (after_comm = strrchr (stat, ')')) == NULL
          || sscanf (after_comm + 1, " %c %d", &state, &ppid) != 2)
        continue;
      base = g_path_get_basename (cmdline);
      if (ppid == parent && state != 'Z' && g_str_equal (base, "cours-adultes-server"))
        {
          GPid pid = atoi (name);

          g_array_append_val (pids, pid);
        }
    }
  return pids;
}

static gboolean
process_gone (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *after_comm;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  after_comm = strrchr (stat, ')');
  /* Reparented and not yet reaped counts as gone: it no longer runs. */
  return after_comm != NULL && after_comm[1] == ' ' && after_comm[2] == 'Z';
}

static gboolean
process_gone_cb (gpointer data)
{
  return process_gone (GPOINTER_TO_INT (data));
}

typedef struct
{
  GPid   parent;
  GPid   child;
} ChildWait;

static gboolean
has_service_child_cb (gpointer data)
{
  ChildWait *wait = data;
  g_autoptr(GArray) pids = find_service_children (wait->parent);

  if (pids->len == 0)
    return FALSE;
  wait->child = g_array_index (pids, GPid, 0);
  return TRUE;
}

/* The application as its own process */

typedef struct
{
  GSubprocess *process;
  GPid         pid;
  char        *log_path;
} AppProcess;

static gboolean
app_ready_cb (gpointer data)
{
  AppProcess *app = data;
  g_autofree char *log = NULL;

  return g_file_get_contents (app->log_path, &log, NULL, NULL)
         && strstr (log, "Embedded service ready at http://127.0.0.1:") != NULL;
}

static void
app_process_start (AppProcess *app,
                   const char *data_home)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  /* GLib writes debug messages to stdout, warnings to stderr: both go to one file. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  app->log_path = g_build_filename (data_home, "app.log", NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "CaApplication", TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, app->log_path);
  g_subprocess_launcher_set_child_setup (launcher, ca_test_die_with_parent, NULL, NULL);
  app->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CA_APP_BIN"), NULL);
  g_assert_no_error (error);
  app->pid = atoi (g_subprocess_get_identifier (app->process));

  g_assert_true (ca_test_spin_until (app_ready_cb, app, 30000));
}

static void
app_process_clear (AppProcess *app)
{
  g_clear_object (&app->process);
  g_clear_pointer (&app->log_path, g_free);
}

static gboolean
subprocess_exited_cb (gpointer data)
{
  return g_subprocess_get_identifier (data) == NULL;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
}

static void
test_embedded_quit (void)
{
  g_autofree char *data_home = g_dir_make_tmp ("ca-test-embedded-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (data_home, "cours-adultes", "demo.sqlite", NULL);
  AppProcess app = { NULL };
  ChildWait child = { 0 };

  app_process_start (&app, data_home);
  child.parent = app.pid;
  g_assert_true (ca_test_spin_until (has_service_child_cb, &child, 5000));
  /* Its database lives under the person's data directory. */
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  /* SIGTERM quits the application cleanly, and the service with it. */
  kill (app.pid, SIGTERM);
  g_subprocess_wait_async (app.process, NULL, wait_cb, NULL);
  g_assert_true (ca_test_spin_until (subprocess_exited_cb, app.process, 10000));
  g_assert_true (g_subprocess_get_if_exited (app.process));
  g_assert_cmpint (g_subprocess_get_exit_status (app.process), ==, 0);
  g_assert_true (process_gone (child.child));

  app_process_clear (&app);
}

static void
test_embedded_parent_killed (void)
{
  g_autofree char *data_home = g_dir_make_tmp ("ca-test-embedded-XXXXXX", NULL);
  AppProcess app = { NULL };
  ChildWait child = { 0 };

  app_process_start (&app, data_home);
  child.parent = app.pid;
  g_assert_true (ca_test_spin_until (has_service_child_cb, &child, 5000));

  /* Killed without a chance to stop it: the service follows within 2 s. */
  g_subprocess_force_exit (app.process);
  g_subprocess_wait_async (app.process, NULL, wait_cb, NULL);
  g_assert_true (ca_test_spin_until (subprocess_exited_cb, app.process, 5000));
  g_assert_true (ca_test_spin_until (process_gone_cb, GINT_TO_POINTER (child.child), 2000));

  app_process_clear (&app);
}

/* The application in this process */

static gboolean
has_client_cb (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static gboolean
has_error_cb (gpointer data)
{
  return ca_application_get_service_error (data) != NULL;
}

static CaApplication *
embedded_app_new (const char *id)
{
  CaApplication *app = ca_test_application_new (id, NULL, FALSE);

  g_assert_true (ca_application_is_demo (app));
  return app;
}

static void
test_embedded_cannot_start (void)
{
  g_autofree char *server_bin = g_strdup (g_getenv ("CA_SERVER_BIN"));
  g_autoptr(CaApplication) app = NULL;
  g_autofree char *path = ca_test_screenshot_path ("service-error.png");
  g_autoptr(GError) error = NULL;
  CaWindow *window;
  GtkWidget *retry;
  GtkWidget *status_page;

  /* A service program that fails at once, as a broken installation would. */
  g_setenv ("CA_SERVER_BIN", "/bin/false", TRUE);
  app = embedded_app_new ("fr.paris.CoursAdultes.TestEmbedded1");
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (ca_test_spin_until (has_error_cb, app, 10000));
  g_assert_null (ca_application_get_client (app));
  g_assert_nonnull (strstr (ca_application_get_service_error (app), "exit status 1"));
  status_page = ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (window), "The Service Could Not Start"));
  retry = ca_test_find_button (GTK_WIDGET (window), "_Try Again");
  g_assert_nonnull (retry);
  ca_test_spin_for (1000);   /* past the crossfade */
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);
  (void) status_page;

  /* Once the program is there again, « Réessayer » brings the service up. */
  g_setenv ("CA_SERVER_BIN", server_bin, TRUE);
  g_signal_emit_by_name (retry, "clicked");
  g_assert_null (ca_application_get_service_error (app));
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));
  ca_test_spin_for (500);   /* the crossfade */
  g_assert_false (gtk_widget_get_mapped (retry));

  gtk_window_close (GTK_WINDOW (window));
  ca_test_spin_for (500);
}

static void
test_embedded_dies_later (void)
{
  g_autoptr(CaApplication) app = embedded_app_new ("fr.paris.CoursAdultes.TestEmbedded2");
  CaWindow *window = ca_window_new (app);
  ChildWait child = { getpid (), 0 };
  GtkWidget *retry;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));
  g_assert_true (ca_test_spin_until (has_service_child_cb, &child, 5000));
  g_assert_true (gtk_widget_get_visible (ca_test_find_label (GTK_WIDGET (window), "Demo")));

  kill (child.child, SIGKILL);
  g_assert_true (ca_test_spin_until (has_error_cb, app, 5000));
  g_assert_null (ca_application_get_client (app));
  g_assert_nonnull (strstr (ca_application_get_service_error (app), "signal 9"));

  retry = ca_test_find_button (GTK_WIDGET (window), "_Try Again");
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));

  /* Closing the last window stops the service. */
  child.child = 0;
  g_assert_true (ca_test_spin_until (has_service_child_cb, &child, 5000));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (process_gone_cb, GINT_TO_POINTER (child.child), 5000));
}

/* Public computer: the service's folder goes at logout and at quit */

static gboolean
path_gone_cb (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
other_mail_dir_cb (gpointer data)
{
  CaApplication *app = g_object_get_data (data, "app");
  const char *mail_dir = ca_application_get_mail_dir (app);

  return ca_application_get_client (app) != NULL && mail_dir != NULL
         && g_strcmp0 (mail_dir, g_object_get_data (data, "old")) != 0;
}

static void
logged_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ca_application_log_out_finish (CA_APPLICATION (object), result, NULL);
}

static gboolean no_service_child_cb (gpointer data);

static void
test_embedded_public_computer (void)
{
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(GObject) wait = g_object_new (G_TYPE_OBJECT, NULL);
  g_autofree char *first_dir = NULL;
  g_autofree char *second_dir = NULL;
  g_autofree char *mailbox_dir = NULL;
  g_autoptr(GError) error = NULL;
  CaWindow *window;

  app = ca_test_application_new ("fr.paris.CoursAdultes.TestEmbedded3", NULL, TRUE);
  /* Its service starts on a new database: what it will serve shows before it is there. */
  g_assert_nonnull (ca_application_get_waiting_catalogue (app));
  g_assert_true (no_service_child_cb (NULL));
  window = ca_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));

  /* The database and the mails are in a private folder of the runtime directory, not in
   * the person's data directory. */
  first_dir = g_path_get_dirname (ca_application_get_mail_dir (app));
  g_assert_true (g_str_has_prefix (first_dir, g_get_user_runtime_dir ()));
  g_assert_false (g_str_has_prefix (first_dir, g_get_user_data_dir ()));
  g_assert_true (g_file_test (ca_application_get_mail_dir (app), G_FILE_TEST_IS_DIR));
  {
    g_autofree char *db = g_build_filename (first_dir, "demo.sqlite", NULL);

    g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  }

  /* The demonstration mailbox reads the folder the service writes in. */
  ca_window_show_place (window, "mailbox");
  g_object_get (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_MAILBOX_VIEW),
                "mail-dir", &mailbox_dir, NULL);
  g_assert_cmpstr (mailbox_dir, ==, ca_application_get_mail_dir (app));
  g_clear_pointer (&mailbox_dir, g_free);

  /* Logging out ends that service and its folder; the next person gets new ones. */
  g_object_set_data (wait, "app", app);
  g_object_set_data_full (wait, "old", g_strdup (ca_application_get_mail_dir (app)), g_free);
  ca_application_log_out_async (app, NULL, logged_out_cb, NULL);
  g_assert_true (ca_test_spin_until (other_mail_dir_cb, wait, 20000));
  g_assert_true (path_gone_cb (first_dir));
  second_dir = g_path_get_dirname (ca_application_get_mail_dir (app));
  g_assert_true (g_file_test (second_dir, G_FILE_TEST_IS_DIR));
  g_object_get (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_MAILBOX_VIEW),
                "mail-dir", &mailbox_dir, NULL);
  g_assert_cmpstr (mailbox_dir, ==, ca_application_get_mail_dir (app));

  /* Quitting leaves nothing either. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (path_gone_cb, second_dir, 10000));
}

static gboolean
file_exists_cb (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
client_set_cb (CaApplication  *app,
               GParamSpec     *pspec,
               CaCatalogue   **at_once)
{
  CaClient *client = ca_application_get_client (app);

  if (client != NULL && *at_once == NULL && ca_client_get_cached_catalogue (client) != NULL)
    *at_once = g_object_ref (ca_client_get_cached_catalogue (client));
}

static gboolean
no_service_child_cb (gpointer data)
{
  g_autoptr(GArray) pids = find_service_children (getpid ());

  return pids->len == 0;
}

static gboolean
catalogue_set_cb (gpointer data)
{
  return *(CaCatalogue **) data != NULL;
}

static void
catalogue_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CaCatalogue **catalogue = user_data;
  g_autoptr(GError) error = NULL;

  *catalogue = ca_client_get_catalogue_finish (CA_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

typedef struct
{
  CaWindow    *window;
  const char  *domain_name;
  gboolean     shown_before;   /* the domain's tile was on screen when the client came */
} FirstClient;

static void
first_client_cb (CaApplication *app,
                 GParamSpec    *pspec,
                 FirstClient   *first)
{
  if (ca_application_get_client (app) != NULL && first->window != NULL)
    {
      first->shown_before = ca_test_label_is_mapped (GTK_WIDGET (first->window),
                                                     first->domain_name);
      first->window = NULL;
    }
}

/* Presents a window of @app, which shows @waiting before the service is there: the service
 * comes with that very catalogue, then confirms it is still the same. */
static CaWindow *
present_waiting_catalogue (CaApplication *app,
                           CaCatalogue   *waiting)
{
  g_autoptr(CaDomain) domain = g_list_model_get_item (ca_catalogue_get_domains (waiting), 0);
  g_autoptr(CaCatalogue) at_once = NULL;
  g_autoptr(CaCatalogue) confirmed = NULL;
  FirstClient first_client = { NULL };
  CaWindow *window = ca_window_new (app);
  gulong handlers[2];

  first_client.window = window;
  first_client.domain_name = ca_domain_get_name (domain);
  handlers[0] = g_signal_connect (app, "notify::client", G_CALLBACK (client_set_cb), &at_once);
  handlers[1] = g_signal_connect (app, "notify::client", G_CALLBACK (first_client_cb),
                                  &first_client);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));
  g_signal_handler_disconnect (app, handlers[0]);
  g_signal_handler_disconnect (app, handlers[1]);
  g_assert_true (first_client.shown_before);
  g_assert_true (at_once == waiting);

  ca_client_get_catalogue_async (ca_application_get_client (app), NULL, catalogue_cb,
                                 &confirmed);
  g_assert_true (ca_test_spin_until (catalogue_set_cb, &confirmed, 20000));
  g_assert_true (confirmed == waiting);
  return window;
}

/* A second start has the catalogue cached on disk by the first: the window shows it before
 * the service is there, the service starts once that first frame is painted and comes with
 * that very catalogue, then confirms it is still the same. */
static void
test_embedded_cached_catalogue (void)
{
  g_autofree char *etag_path = g_build_filename (g_get_user_cache_dir (), "cours-adultes",
                                                 "embedded", "catalogue.etag", NULL);
  g_autoptr(CaApplication) first = NULL;
  g_autoptr(CaApplication) second = NULL;
  CaCatalogue *waiting;
  CaWindow *window;
  guint n_domains;

  first = ca_test_application_new ("fr.paris.CoursAdultes.TestEmbedded4", NULL, FALSE);
  window = ca_window_new (first);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (has_client_cb, first, 20000));
  g_assert_true (ca_test_spin_until (file_exists_cb, etag_path, 20000));
  n_domains = g_list_model_get_n_items (ca_catalogue_get_domains (
    ca_client_get_cached_catalogue (ca_application_get_client (first))));
  /* Its service gone, the second start has a service of its own on the same database. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (no_service_child_cb, NULL, 20000));

  second = ca_test_application_new ("fr.paris.CoursAdultes.TestEmbedded5", NULL, FALSE);
  g_assert_true (no_service_child_cb (NULL));
  g_assert_null (ca_application_get_client (second));
  waiting = ca_application_get_waiting_catalogue (second);
  g_assert_nonnull (waiting);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_domains (waiting)), ==, n_domains);
  window = present_waiting_catalogue (second, waiting);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (no_service_child_cb, NULL, 20000));
}

static void
remove_if_there (const char *path)
{
  if (g_remove (path) != 0)
    g_assert_cmpint (errno, ==, ENOENT);
}

/* A first start: nothing cached and no database yet. The window shows the demonstration
 * catalogue that the service will serve, the service starts once that first frame is painted,
 * and its answer confirms the catalogue shown (the same object stays), which the disk cache
 * keeps from then on. */
static void
test_embedded_first_start (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "cours-adultes", NULL);
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "cours-adultes",
                                                 "embedded", NULL);
  g_autofree char *etag_path = g_build_filename (cache_dir, "catalogue.etag", NULL);
  g_autofree char *json_path = g_build_filename (cache_dir, "catalogue.json", NULL);
  const char *files[] = { "demo.sqlite", "demo.sqlite-wal", "demo.sqlite-shm" };
  g_autoptr(CaApplication) app = NULL;
  CaCatalogue *waiting;
  CaWindow *window;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (data_dir, files[i], NULL);

      remove_if_there (path);
    }
  remove_if_there (etag_path);
  remove_if_there (json_path);

  app = embedded_app_new ("fr.paris.CoursAdultes.TestEmbedded8");
  g_assert_true (no_service_child_cb (NULL));
  waiting = ca_application_get_waiting_catalogue (app);
  g_assert_nonnull (waiting);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_periods (waiting)), ==, 3);
  window = present_waiting_catalogue (app, waiting);
  g_assert_true (ca_test_spin_until (file_exists_cb, etag_path, 20000));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (no_service_child_cb, NULL, 20000));
}

/* A service that waits for a first frame never painted (no window) waits no longer than a
 * moment. */
static void
test_embedded_service_without_window (void)
{
  g_autoptr(CaApplication) app = NULL;

  app = embedded_app_new ("fr.paris.CoursAdultes.TestEmbedded6");
  g_assert_nonnull (ca_application_get_waiting_catalogue (app));
  g_assert_true (no_service_child_cb (NULL));
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (ca_test_spin_until (no_service_child_cb, NULL, 20000));
}

/* With nothing usable to show before its service, the application starts it at once, and
 * the window shows the service's catalogue. */
static void
assert_service_starts_at_once (const char *app_id)
{
  g_autoptr(CaApplication) app = embedded_app_new (app_id);
  g_autoptr(GArray) children = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autoptr(CaDomain) domain = NULL;
  CaWindow *window;

  g_assert_null (ca_application_get_waiting_catalogue (app));
  children = find_service_children (getpid ());
  g_assert_cmpuint (children->len, ==, 1);
  window = ca_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (has_client_cb, app, 20000));
  ca_client_get_catalogue_async (ca_application_get_client (app), NULL, catalogue_cb,
                                 &catalogue);
  g_assert_true (ca_test_spin_until (catalogue_set_cb, &catalogue, 20000));
  domain = g_list_model_get_item (ca_catalogue_get_domains (catalogue), 0);
  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (window),
                                                  ca_domain_get_name (domain), 20000));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (no_service_child_cb, NULL, 20000));
}

/* A cache that cannot be read after all leaves nothing to show before the service. */
static void
test_embedded_unusable_cache (void)
{
  g_autofree char *json_path = g_build_filename (g_get_user_cache_dir (), "cours-adultes",
                                                 "embedded", "catalogue.json", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (json_path, "{\"domains\": [", -1, &error);
  g_assert_no_error (error);
  assert_service_starts_at_once ("fr.paris.CoursAdultes.TestEmbedded7");
}

/* A summary that cannot be read on a first start leaves nothing to show before the service
 * either: it starts with the application. */
static void
test_embedded_unusable_summary (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "cours-adultes", NULL);
  g_autofree char *database = g_build_filename (data_dir, "demo.sqlite", NULL);
  g_autofree char *cache_json = g_build_filename (g_get_user_cache_dir (), "cours-adultes",
                                                  "embedded", "catalogue.json", NULL);
  g_autofree char *summary = g_build_filename (g_get_user_data_dir (), "garbage-summary.json",
                                               NULL);
  g_autoptr(GError) error = NULL;

  remove_if_there (database);
  remove_if_there (cache_json);
  g_file_set_contents (summary, "{\"dated_from\": null, \"catalogue\": {\"domains\": [", -1,
                       &error);
  g_assert_no_error (error);
  g_setenv ("CA_DEMO_SUMMARY", summary, TRUE);
  assert_service_starts_at_once ("fr.paris.CoursAdultes.TestEmbedded9");
  g_unsetenv ("CA_DEMO_SUMMARY");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  /* Before GLib reads it: the in-process service keeps its files here. */
  data_home = g_dir_make_tmp ("ca-test-embedded-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", data_home, TRUE);

  ca_test_init (&argc, &argv);

  g_test_add_func ("/embedded/quit", test_embedded_quit);
  g_test_add_func ("/embedded/parent-killed", test_embedded_parent_killed);
  g_test_add_func ("/embedded/cannot-start", test_embedded_cannot_start);
  g_test_add_func ("/embedded/dies-later", test_embedded_dies_later);
  g_test_add_func ("/embedded/public-computer", test_embedded_public_computer);
  g_test_add_func ("/embedded/first-start", test_embedded_first_start);
  g_test_add_func ("/embedded/cached-catalogue", test_embedded_cached_catalogue);
  g_test_add_func ("/embedded/service-without-window", test_embedded_service_without_window);
  g_test_add_func ("/embedded/unusable-cache", test_embedded_unusable_cache);
  g_test_add_func ("/embedded/unusable-summary", test_embedded_unusable_summary);
  return g_test_run ();
}
