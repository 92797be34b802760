/* test-public.c — public-computer mode through the real window: the header says so, the idle
 * warning comes first and an answer cancels it, then the idle logout; afterwards nothing of
 * the person is left in the application's files, nor in the keyring. With the embedded
 * demonstration service, the whole guide's start is played in the window (account, mail link,
 * login, profile); after logout and after quit, neither the application's folders nor the
 * service's database and mails hold the person's e-mail, names or token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaPublicTest"

#include <string.h>
#include <unistd.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "ca-application.h"
#include "ca-credentials.h"
#include "ca-journey-steps.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define EMAIL "public.person@example.org"
#define PASSWORD "motdepasse1"

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
log_in_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  ca_application_log_in_finish (CA_APPLICATION (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
warning_shown (gpointer data)
{
  return ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
logged_out (gpointer data)
{
  return ca_application_get_account_email (data) == NULL;
}

typedef struct
{
  CaTestServer *server;
  const char   *token;
} RevokedCheck;

static gboolean
token_revoked (gpointer data)
{
  RevokedCheck *check = data;

  ca_test_spin_for (100);
  return ca_test_server_get_status (check->server, "/api/v1/profile", check->token) == 401;
}

/* The first file under @path that holds @needle, or NULL */
static char *
file_holding (const char *path,
              const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          char *found = file_holding (child, needle);

          if (found != NULL)
            return found;
        }
      else if (g_file_get_contents (child, &contents, &length, NULL)
               && g_strstr_len (contents, length, needle) != NULL)
        return g_steal_pointer (&child);
    }
  return NULL;
}

static gboolean
some_file_holds (const char *path,
                 const char *needle)
{
  g_autofree char *found = file_holding (path, needle);

  return found != NULL;
}

/* Fails if a file under @path holds @needle. */
static void
assert_no_file_holds (const char *path,
                      const char *needle)
{
  g_autofree char *found = file_holding (path, needle);

  if (found != NULL)
    g_error ("%s holds personal data", found);
}

static void
test_idle_logout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTestServer) server = ca_test_server_new (NULL, &error);
  g_autoptr(CaApplication) app = NULL;
  g_autofree char *token = NULL;
  const char *dirs[3];
  gboolean done = FALSE;
  CaWindow *window;
  GtkWidget *pill;
  GtkWindow *dialog;

  g_assert_no_error (error);
  ca_test_server_create_account (server, EMAIL, PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  app = ca_test_application_new (APP_ID_BASE ".PublicTest", ca_test_server_get_url (server), TRUE);
  g_assert_true (ca_test_spin_until (has_client, app, 20000));

  window = ca_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  pill = ca_test_find_label (GTK_WIDGET (window), "Public Computer");
  g_assert_nonnull (pill);
  g_assert_true (gtk_widget_get_visible (pill));
  /* With a configured service there is no demonstration mailbox. */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (ca_test_find_widget (GTK_WIDGET (window),
                                                               ADW_TYPE_VIEW_STACK));
    GtkWidget *mailbox = adw_view_stack_get_child_by_name (stack, "mailbox");

    g_assert_nonnull (mailbox);
    g_assert_false (adw_view_stack_page_get_visible (adw_view_stack_get_page (stack, mailbox)));
  }

  /* « Remember » is asked for, and must be ignored on a public computer. */
  ca_application_log_in_async (app, EMAIL, PASSWORD, TRUE, NULL, log_in_cb, &done);
  g_assert_true (ca_test_spin_until (flag_set, &done, 10000));
  token = g_strdup (ca_client_get_token (ca_application_get_client (app)));
  g_assert_nonnull (token);

  /* The warning comes first; answering it keeps the session. */
  g_assert_true (ca_test_spin_until (warning_shown, NULL, 10000));
  dialog = ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "logged out in"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  ca_test_spin_for (100);
  g_assert_null (ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ca_application_get_account_email (app));

  /* Without an answer, the person is logged out once the countdown ends. */
  g_assert_true (ca_test_spin_until (warning_shown, NULL, 10000));
  g_assert_true (ca_test_spin_until (logged_out, app, 15000));
  g_assert_null (ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (ca_client_get_token (ca_application_get_client (app)));
  /* The token is revoked on the service too (the revocation is under way at logout). */
  {
    RevokedCheck check = { server, token };
    g_assert_true (ca_test_spin_until (token_revoked, &check, 10000));
  }

  dirs[0] = g_get_user_data_dir ();
  dirs[1] = g_get_user_cache_dir ();
  dirs[2] = g_get_user_config_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *app_dir = g_build_filename (dirs[i], "cours-adultes", NULL);

      assert_no_file_holds (app_dir, EMAIL);
      assert_no_file_holds (app_dir, token);
    }

  if (g_strcmp0 (g_getenv ("CA_TEST_KEYRING"), "real") == 0)
    {
      g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
      GList *items = secret_password_searchv_sync (ca_credentials_get_schema (), attributes,
                                                   SECRET_SEARCH_ALL, NULL, &error);

      g_assert_no_error (error);
      g_assert_null (items);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (200);
}

/* ---- the embedded service ------------------------------------------------------------------ */

static const CaJourneyPerson person = {
  .email = "poste.public@example.org",
  .password = "Motdepasse-public-7",
  .last_name = "Quenouille",
  .first_name = "Zephyrine",
  .birth_date = "1985-09-30",
  .country_typed = "belg",
  .country = "Belgium",
  .address = "3 rue des Lilas",
  .postal_code = "75019",
  .city = "Paris",
  .phone_mobile = "07 11 22 33 44",
  .phone_other = "",
};

/* The embedded service, run with --testing so that the account dialog is given the answer of
 * its verification code: a wrapper that adds the option to what the application passes. */
static char *
testing_wrapper (const char *dir)
{
  g_autofree char *real = g_strdup (g_getenv ("CA_SERVER_BIN"));
  g_autofree char *path = g_build_filename (dir, "cours-adultes-server", NULL);
  g_autofree char *quoted = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (real);
  quoted = g_shell_quote (real);
  script = g_strdup_printf ("#!/bin/sh\nexec %s \"$@\" --testing\n", quoted);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);
  return g_steal_pointer (&path);
}

/* A service started by this process, other than @before: its --db and --mail-dir */
typedef struct
{
  GPid  before;
  GPid  pid;
  char *db;
  char *mail_dir;
} Service;

static gboolean
find_service (gpointer data)
{
  Service *service = data;
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;
      const char *after_comm;
      int ppid = 0;
      char state;

      if (!g_ascii_isdigit (name[0])
          || !g_file_get_contents (stat_path, &stat, NULL, NULL)
          || !g_file_get_contents (cmdline_path, &cmdline, &length, NULL)
          || (after_comm = strrchr (stat, ')')) == NULL
          || sscanf (after_comm + 1, " %c %d", &state, &ppid) != 2
          || ppid != getpid () || state == 'Z' || atoi (name) == service->before)
        continue;
      for (gsize i = 0; i < length; i += strlen (cmdline + i) + 1)
        {
          if (g_str_equal (cmdline + i, "--db") && i + 5 < length)
            service->db = g_strdup (cmdline + i + 5);
          else if (g_str_equal (cmdline + i, "--mail-dir") && i + 11 < length)
            service->mail_dir = g_strdup (cmdline + i + 11);
        }
      if (service->db != NULL && service->mail_dir != NULL)
        {
          service->pid = atoi (name);
          return TRUE;
        }
      g_clear_pointer (&service->db, g_free);
      g_clear_pointer (&service->mail_dir, g_free);
    }
  return FALSE;
}

/* What the person typed must be nowhere in the application's folders */
static void
assert_app_dirs_clean (const char *token)
{
  const char *dirs[] = { g_get_user_data_dir (), g_get_user_cache_dir (),
                         g_get_user_config_dir () };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *app_dir = g_build_filename (dirs[i], "cours-adultes", NULL);

      assert_no_file_holds (app_dir, person.email);
      assert_no_file_holds (app_dir, person.last_name);
      assert_no_file_holds (app_dir, person.first_name);
      assert_no_file_holds (app_dir, token);
    }
}

/* The service's database (with its journal files) and its mails */
static gboolean
service_files_clean (gpointer data)
{
  Service *service = data;
  g_autofree char *db_dir = g_path_get_dirname (service->db);
  const char *needles[] = { person.email, person.last_name, person.first_name };

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (some_file_holds (db_dir, needles[i]) || some_file_holds (service->mail_dir, needles[i]))
      return FALSE;
  return TRUE;
}

static void
test_embedded_leaves_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("ca-public-XXXXXX", &error);
  g_autofree char *real_server = g_strdup (g_getenv ("CA_SERVER_BIN"));
  g_autofree char *idle_seconds = g_strdup (g_getenv ("CA_IDLE_TIMEOUT_SECONDS"));
  g_autofree char *wrapper = NULL;
  g_autofree char *token = NULL;
  g_autoptr(CaApplication) app = NULL;
  Service service = { 0, 0, NULL, NULL };
  Service next = { 0, 0, NULL, NULL };
  CaWindow *window;
  GtkWidget *login;
  GtkWidget *mailbox;

  g_assert_no_error (error);
  wrapper = testing_wrapper (tmp);
  g_setenv ("CA_SERVER_BIN", wrapper, TRUE);
  /* The journey takes longer than the shortened idle delays of the other test */
  g_setenv ("CA_IDLE_TIMEOUT_SECONDS", "600", TRUE);

  app = ca_test_application_new (APP_ID_BASE ".PublicEmbeddedTest", NULL, TRUE);
  g_assert_true (ca_test_spin_until (has_client, app, CA_JOURNEY_WAIT_MS));
  g_assert_true (ca_test_spin_until (find_service, &service, CA_JOURNEY_WAIT_MS));
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));

  login = ca_journey_open_login (window);
  ca_journey_create_account (login, &person);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s", "mailbox");
  g_assert_cmpstr (ca_journey_place (window), ==, "mailbox");
  mailbox = ca_journey_find_id (GTK_WIDGET (window), "mailbox_view");
  ca_journey_follow_mail_link (mailbox, person.email, NULL, NULL);
  ca_journey_log_in (window, login, &person);
  ca_journey_complete_profile (window, &person);
  token = g_strdup (ca_client_get_token (ca_application_get_client (app)));
  g_assert_nonnull (token);

  /* « Se déconnecter » */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.log-out", NULL);
  g_assert_true (ca_test_spin_until (logged_out, app, CA_JOURNEY_WAIT_MS));
  assert_app_dirs_clean (token);

  /* The next person may get a service of their own; whichever runs now must go at quit */
  next.before = service.pid;
  if (!ca_test_spin_until (find_service, &next, 2000))
    next = service;

  /* Quit: the service stops and takes its files with it */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  ca_journey_wait_process_gone (service.pid);
  ca_journey_wait_process_gone (next.pid);
  if (!ca_test_spin_until (service_files_clean, &service, CA_JOURNEY_WAIT_MS))
    g_error ("the demonstration service's files (%s, %s) still hold personal data", service.db,
             service.mail_dir);
  assert_app_dirs_clean (token);

  g_setenv ("CA_SERVER_BIN", real_server, TRUE);
  if (idle_seconds != NULL)
    g_setenv ("CA_IDLE_TIMEOUT_SECONDS", idle_seconds, TRUE);
  g_unlink (wrapper);
  g_rmdir (tmp);
  if (next.pid != service.pid)
    {
      g_free (next.db);
      g_free (next.mail_dir);
    }
  g_free (service.db);
  g_free (service.mail_dir);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add_func ("/public-computer/idle-logout", test_idle_logout);
  g_test_add_func ("/public-computer/embedded-leaves-nothing", test_embedded_leaves_nothing);

  return g_test_run ();
}
