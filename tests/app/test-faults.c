/* test-faults.c — the window facing a service that is down, broken, slow or that ends the
 * session, driven by tests/faulty-server.py: each fault has its sentence and a way forward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include "ca-application.h"
#include "ca-error.h"
#include "ca-login-dialog.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define EMAIL "claire@example.org"
#define PASSWORD "motdepasse2"

typedef struct
{
  CaTestServer  *server;
  CaApplication *app;
  CaWindow      *window;
} Fixture;

static guint app_counter;

static gboolean
settled_cb (gpointer data)
{
  CaApplication *app = data;

  return ca_application_get_client (app) != NULL
         || ca_application_get_service_error (app) != NULL;
}

static void
fixture_start_app (Fixture    *fixture,
                   const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("fr.paris.CoursAdultes.TestFaults%u", ++app_counter);

  fixture->app = g_object_new (CA_TYPE_APPLICATION,
                               "application-id", id,
                               "flags", G_APPLICATION_NON_UNIQUE,
                               "service-url", url,
                               NULL);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  fixture->window = ca_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (ca_test_spin_until (settled_cb, fixture->app, 30000));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  mode)
{
  g_autoptr(GError) error = NULL;

  fixture->server = ca_test_faulty_server_new (mode, &error);
  g_assert_no_error (error);
  fixture_start_app (fixture, ca_test_server_get_url (fixture->server));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  mode)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  ca_test_spin_for (100);
  g_clear_object (&fixture->app);
  g_clear_pointer (&fixture->server, ca_test_server_free);
}

static void
set_mode (Fixture    *fixture,
          const char *json)
{
  g_autoptr(GError) error = NULL;

  ca_test_faulty_server_set (fixture->server, json, &error);
  g_assert_no_error (error);
}

/* The window shows the error page with @sentence (NULL: any), a « Réessayer » button, and the rest of the
 * window still answers. */
static void
assert_service_error (Fixture    *fixture,
                      const char *sentence)
{
  GtkWidget *label;
  GtkWidget *retry;

  g_assert_null (ca_application_get_client (fixture->app));
  g_assert_nonnull (ca_application_get_service_error (fixture->app));
  g_test_message ("service error: %s", ca_application_get_service_error (fixture->app));
  if (sentence == NULL)
    sentence = ca_application_get_service_error (fixture->app);
  g_assert_nonnull (strstr (ca_application_get_service_error (fixture->app), sentence));

  label = ca_test_find_label (GTK_WIDGET (fixture->window), sentence);
  g_assert_nonnull (label);
  ca_test_spin_for (300);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (fixture->window),
                                        "The Service Cannot Be Reached"));
  retry = ca_test_find_button (GTK_WIDGET (fixture->window), "_Try Again");
  g_assert_true (gtk_widget_get_mapped (retry));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "app.about", NULL));
  ca_test_spin_for (200);
}

static gboolean
has_client_cb (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static void
test_refused (void)
{
  Fixture fixture = { NULL };
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  /* A loopback port that was free a moment ago: connection refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  fixture_start_app (&fixture, url);
  assert_service_error (&fixture, "cannot be reached");
  fixture_tear_down (&fixture, NULL);
}

/* The service answers, but not with its catalogue: « Rechercher » says so, and « Réessayer »
 * loads the catalogue once the service gives it. */
static void
test_catalogue_error (void)
{
  Fixture fixture = { NULL };
  g_autofree char *path = ca_test_screenshot_path ("catalogue-error.png");
  g_autoptr(GError) error = NULL;
  GtkWidget *retry;

  fixture.server = ca_test_faulty_server_new ("ok", &error);
  g_assert_no_error (error);
  set_mode (&fixture, "{\"path\": \"/api/v1/catalogue\", \"mode\": \"500\"}");
  fixture_start_app (&fixture, ca_test_server_get_url (fixture.server));
  g_assert_nonnull (ca_application_get_client (fixture.app));
  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (fixture.window),
                                                  "Could not load the catalogue", 10000));
  retry = ca_test_find_button (GTK_WIDGET (fixture.window), "Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  ca_test_spin_for (500);   /* past the slide */
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (fixture.window), path, &error));
  g_assert_no_error (error);

  set_mode (&fixture, "{\"reset\": true}");
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (fixture.window), "Langues",
                                                  10000));
  g_assert_false (gtk_widget_get_mapped (retry));
  fixture_tear_down (&fixture, NULL);
}

static void
test_down_then_up (Fixture       *fixture,
                   gconstpointer  mode)
{
  /* A connection closed without an answer: unreachable or unreadable, said in words. */
  assert_service_error (fixture, NULL);

  /* The service comes back: « Réessayer » (or F5) gets the window going. */
  set_mode (fixture, "{\"mode\": \"ok\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_true (ca_test_spin_until (has_client_cb, fixture->app, 10000));
  g_assert_null (ca_application_get_service_error (fixture->app));
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  mode)
{
  assert_service_error (fixture, "has a problem");
}

static void
test_garbage (Fixture       *fixture,
              gconstpointer  mode)
{
  assert_service_error (fixture, "cannot be read");
}

static void
test_hang (Fixture       *fixture,
           gconstpointer  mode)
{
  assert_service_error (fixture, "did not answer in time");
}

/* The catalogue of a service other than the embedded one is in the disk cache. */
static gboolean
service_catalogue_cached_cb (gpointer data)
{
  g_autofree char *base = g_build_filename (g_get_user_cache_dir (), "cours-adultes", NULL);
  g_autoptr(GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *etag = g_build_filename (base, name, "catalogue.etag", NULL);

      if (g_str_has_prefix (name, "service-") && g_file_test (etag, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* Started again, the window shows the catalogue the last start left in the disk cache at
 * once, not after the service's answer, however slow; a newer catalogue then takes its
 * place. */
static void
test_slow_catalogue_cached (Fixture       *fixture,
                            gconstpointer  mode)
{
  GtkWidget *error_label;

  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (fixture->window), "Langues",
                                                  10000));
  g_assert_true (ca_test_spin_until (service_catalogue_cached_cb, NULL, 10000));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  ca_test_spin_for (100);
  g_clear_object (&fixture->app);

  /* From now on the catalogue has a domain renamed, and takes the service 4 s. */
  set_mode (fixture, "{\"path\": \"/api/v1/catalogue\", \"mode\": \"slow:4\", "
                     "\"domain_names\": {\"langues\": \"Langues vivantes\"}}");
  fixture_start_app (fixture, ca_test_server_get_url (fixture->server));
  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (fixture->window), "Langues",
                                                  10000));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  /* Shown before the answer: the cached catalogue, with the domain's former name */
  g_assert_null (ca_test_find_label (GTK_WIDGET (fixture->window), "Langues vivantes"));
  /* and no error page (it is built only when it has something to say) */
  error_label = ca_test_find_label (GTK_WIDGET (fixture->window), "Could not load the catalogue");
  g_assert_true (error_label == NULL || !gtk_widget_get_mapped (error_label));

  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (fixture->window),
                                                  "Langues vivantes", 20000));
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (fixture->window), "Informatique"));
}

/* Started again on a service slow to say it is there, the window shows the cached catalogue
 * while it waits, and keeps it when the service answers. */
static void
test_slow_health_cached (Fixture       *fixture,
                         gconstpointer  mode)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_test_spin_until (service_catalogue_cached_cb, NULL, 10000));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  ca_test_spin_for (100);
  g_clear_object (&fixture->app);

  set_mode (fixture, "{\"path\": \"/api/v1/health\", \"mode\": \"slow:3\"}");
  fixture->app = g_object_new (CA_TYPE_APPLICATION,
                               "application-id", "fr.paris.CoursAdultes.TestFaultsSlowHealth",
                               "flags", G_APPLICATION_NON_UNIQUE,
                               "service-url", ca_test_server_get_url (fixture->server),
                               NULL);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ca_application_get_waiting_catalogue (fixture->app));
  fixture->window = ca_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (ca_test_spin_until_label_mapped (GTK_WIDGET (fixture->window), "Langues",
                                                  2000));
  g_assert_null (ca_application_get_client (fixture->app));

  g_assert_true (ca_test_spin_until (settled_cb, fixture->app, 30000));
  g_assert_nonnull (ca_application_get_client (fixture->app));
  g_assert_true (ca_test_label_is_mapped (GTK_WIDGET (fixture->window), "Langues"));
}

/* Logging in through the dialog; returns the error sentence shown, or NULL once logged in. */
static char *
log_in_with_dialog (Fixture *fixture)
{
  CaLoginDialog *dialog = CA_LOGIN_DIALOG (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
  GtkWidget *email_row;
  GtkWidget *password_row;
  gpointer weak = NULL;
  GtkWidget *error_label = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  if (dialog == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-in", NULL);
      dialog = CA_LOGIN_DIALOG (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
    }
  g_assert_nonnull (dialog);
  email_row = ca_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  password_row = ca_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (email_row), EMAIL);
  gtk_editable_set_text (GTK_EDITABLE (password_row), PASSWORD);

  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_emit_by_name (ca_test_find_button (GTK_WIDGET (dialog), "_Log In"), "clicked");
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      if (weak == NULL)
        break;
      error_label = ca_test_find_label (GTK_WIDGET (dialog), "ry again");
      if (error_label != NULL && gtk_widget_is_visible (error_label)
          && gtk_widget_get_sensitive (ca_test_find_button (GTK_WIDGET (dialog), "_Log In")))
        break;
      error_label = NULL;
    }
  if (weak == NULL)
    return NULL;
  g_object_remove_weak_pointer (G_OBJECT (dialog), &weak);
  g_assert_nonnull (error_label);
  return g_strdup (gtk_label_get_label (GTK_LABEL (error_label)));
}

static void
profile_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(CaProfile) profile = ca_client_get_profile_finish (CA_CLIENT (object), result, error);

  if (profile != NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "got a profile");
}

static gboolean
error_set_cb (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
ensure_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "logged in");
}

static void
test_session_expires (Fixture       *fixture,
                      gconstpointer  mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) profile_error = NULL;
  g_autoptr(GError) ensure_error = NULL;
  g_autofree char *sentence = NULL;

  ca_test_server_create_account (fixture->server, EMAIL, PASSWORD, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ca_application_get_client (fixture->app));

  /* The login refused twice, for two reasons, each with its sentence. */
  set_mode (fixture, "{\"path\": \"/api/v1/session\", \"mode\": \"429\"}");
  sentence = log_in_with_dialog (fixture);
  g_assert_nonnull (strstr (sentence, "Try again in 2 minutes"));
  g_clear_pointer (&sentence, g_free);
  set_mode (fixture, "{\"path\": \"/api/v1/session\", \"mode\": \"500\"}");
  sentence = log_in_with_dialog (fixture);
  g_assert_nonnull (strstr (sentence, "has a problem"));
  g_assert_true (gtk_widget_is_visible (ca_test_find_button (
    GTK_WIDGET (ca_test_find_window (CA_TYPE_LOGIN_DIALOG)), "_Try Again")));
  g_clear_pointer (&sentence, g_free);

  set_mode (fixture, "{\"reset\": true}");
  g_assert_null (log_in_with_dialog (fixture));
  g_assert_cmpstr (ca_application_get_account_email (fixture->app), ==, EMAIL);

  /* The session ends on the service: the next call says so, the window tells the person and
   * the next action needing a login opens the dialog again. */
  set_mode (fixture, "{\"mode\": \"401\"}");
  ca_client_get_profile_async (ca_application_get_client (fixture->app), NULL, profile_cb,
                               &profile_error);
  g_assert_true (ca_test_spin_until (error_set_cb, &profile_error, 10000));
  g_assert_error (profile_error, CA_ERROR, CA_ERROR_UNAUTHORIZED);
  g_assert_null (ca_application_get_account_email (fixture->app));
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (fixture->window), "session has ended"));

  ca_window_ensure_login_async (fixture->window, NULL, ensure_cb, &ensure_error);
  g_assert_nonnull (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
  set_mode (fixture, "{\"mode\": \"ok\"}");
  g_assert_null (log_in_with_dialog (fixture));
  g_assert_true (ca_test_spin_until (error_set_cb, &ensure_error, 5000));
  g_assert_error (ensure_error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpstr (ca_application_get_account_email (fixture->app), ==, EMAIL);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add_func ("/faults/refused", test_refused);
  g_test_add_func ("/faults/catalogue-error", test_catalogue_error);
  g_test_add ("/faults/down-then-up", Fixture, "close",
              fixture_set_up, test_down_then_up, fixture_tear_down);
  g_test_add ("/faults/500", Fixture, "500",
              fixture_set_up, test_server_error, fixture_tear_down);
  g_test_add ("/faults/garbage", Fixture, "garbage",
              fixture_set_up, test_garbage, fixture_tear_down);
  g_test_add ("/faults/hang", Fixture, "hang",
              fixture_set_up, test_hang, fixture_tear_down);
  g_test_add ("/faults/slow-catalogue-cached", Fixture, "ok",
              fixture_set_up, test_slow_catalogue_cached, fixture_tear_down);
  g_test_add ("/faults/slow-health-cached", Fixture, "ok",
              fixture_set_up, test_slow_health_cached, fixture_tear_down);
  g_test_add ("/faults/session-expires", Fixture, "ok",
              fixture_set_up, test_session_expires, fixture_tear_down);
  return g_test_run ();
}
