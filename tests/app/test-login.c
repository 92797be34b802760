/* test-login.c — « Se connecter », the keyring, silent login and logout against a real service
 *
 * Run twice: with a real gnome-keyring-daemon on the bus (CA_TEST_KEYRING=real, under
 * run-with-keyring.sh) and with no Secret Service at all (CA_TEST_KEYRING=none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include "ca-application.h"
#include "ca-credentials.h"
#include "ca-login-dialog.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define ALICE "alice@example.org"
#define BOB "bob@example.org"
#define PASSWORD "motdepasse1"

static CaTestServer *server;
static CaApplication *app;
static CaWindow *window;
static gboolean real_keyring;
static guint keyring_errors;

/* Helpers */

static CaApplication *
app_new (const char *id)
{
  g_autoptr(GError) error = NULL;
  CaApplication *application;

  application = g_object_new (CA_TYPE_APPLICATION,
                              "application-id", id,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              "service-url", ca_test_server_get_url (server),
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  return application;
}

static gboolean
has_client_cb (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static CaWindow *
window_new (CaApplication *application)
{
  CaWindow *win = ca_window_new (application);

  gtk_window_present (GTK_WINDOW (win));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (win));
  g_assert_true (ca_test_spin_until (has_client_cb, application, 20000));
  return win;
}

static CaLoginDialog *
open_dialog (void)
{
  CaLoginDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.log-in", NULL);
  dialog = CA_LOGIN_DIALOG (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
submit (CaLoginDialog *dialog,
        const char    *email,
        const char    *password)
{
  GtkWidget *email_row = ca_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  GtkWidget *password_row = ca_test_find_widget (GTK_WIDGET (dialog),
                                                 ADW_TYPE_PASSWORD_ENTRY_ROW);
  GtkWidget *button = ca_test_find_button (GTK_WIDGET (dialog), "_Log In");

  g_assert_false (ADW_IS_PASSWORD_ENTRY_ROW (email_row));
  gtk_editable_set_text (GTK_EDITABLE (email_row), email);
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  g_signal_emit_by_name (button, "clicked");
  /* No double submission: the button waits for the answer. */
  g_assert_false (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  CaLoginDialog *dialog;
  GtkWidget     *error_label;
} Outcome;

/* The dialog's error sentence: the visible label styled "error". */
static GtkWidget *
find_error_label (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "error")
          && gtk_widget_is_visible (child))
        return child;
      if ((found = find_error_label (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
outcome_cb (gpointer data)
{
  Outcome *outcome = data;

  if (outcome->dialog == NULL)
    return TRUE;
  outcome->error_label = find_error_label (GTK_WIDGET (outcome->dialog));
  return outcome->error_label != NULL;
}

/* Submits and waits until the dialog closes (NULL) or shows an error (its label). */
static GtkWidget *
submit_and_wait (CaLoginDialog *dialog,
                 const char    *email,
                 const char    *password)
{
  Outcome outcome = { dialog, NULL };

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &outcome.dialog);
  submit (dialog, email, password);
  g_assert_true (ca_test_spin_until (outcome_cb, &outcome, 20000));
  if (outcome.dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &outcome.dialog);
  return outcome.error_label;
}

static char *
lookup_secret (void)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (ca_credentials_get_schema (), NULL, &error,
                                        "server", ca_test_server_get_url (server),
                                        "email", ALICE,
                                        NULL);
  if (real_keyring)
    g_assert_no_error (error);
  return secret;
}

static void
keyring_error_cb (CaApplication *application,
                  const char    *message)
{
  keyring_errors++;
}

/* Tests */

static void
test_login_screenshot (void)
{
  CaLoginDialog *dialog = open_dialog ();
  g_autofree char *dialog_path = ca_test_screenshot_path ("login-dialog.png");
  g_autofree char *window_path = ca_test_screenshot_path ("login-window.png");
  g_autoptr(GError) error = NULL;

  ca_test_spin_for (500);
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (dialog), dialog_path, &error));
  g_assert_no_error (error);
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), window_path, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_login_wrong_password (void)
{
  CaLoginDialog *dialog = open_dialog ();
  GtkWidget *error_label = submit_and_wait (dialog, ALICE, "pas-le-bon-1");
  GtkWidget *email_row = ca_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  GtkWidget *password_row = ca_test_find_widget (GTK_WIDGET (dialog),
                                                 ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_autofree char *path = ca_test_screenshot_path ("login-error.png");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (error_label);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "not right"));
  /* Nothing typed is lost, and the form can be sent again. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, ALICE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "pas-le-bon-1");
  g_assert_true (gtk_widget_get_sensitive (ca_test_find_button (GTK_WIDGET (dialog), "_Log In")));
  g_assert_null (ca_application_get_account_email (app));

  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (dialog), path, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_login_unconfirmed (void)
{
  CaLoginDialog *dialog = open_dialog ();
  GtkWidget *error_label = submit_and_wait (dialog, BOB, PASSWORD);

  g_assert_nonnull (error_label);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "not confirmed"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "mailbox"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
ensure_login_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "logged in");
}

static gboolean
error_set_cb (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
test_login_ensure_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  ca_window_ensure_login_async (window, NULL, ensure_login_cb, &error);
  dialog = ca_test_find_window (CA_TYPE_LOGIN_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_close (dialog);
  g_assert_true (ca_test_spin_until (error_set_cb, &error, 5000));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_login_remember (void)
{
  g_autoptr(GError) result = NULL;
  g_autofree char *secret = NULL;
  CaLoginDialog *dialog;

  ca_window_ensure_login_async (window, NULL, ensure_login_cb, &result);
  dialog = CA_LOGIN_DIALOG (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (ca_test_find_widget (GTK_WIDGET (dialog),
                                                                         GTK_TYPE_SWITCH))));
  g_assert_null (submit_and_wait (dialog, ALICE, PASSWORD));
  g_assert_true (ca_test_spin_until (error_set_cb, &result, 5000));
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);   /* i.e. it completed TRUE */
  g_assert_cmpstr (ca_application_get_account_email (app), ==, ALICE);
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (window), ALICE));
  /* A new account has no « Mon profil » yet: the service says so at login. */
  g_assert_false (ca_application_get_profile_complete (app));

  secret = lookup_secret ();
  if (real_keyring)
    {
      g_assert_cmpstr (secret, ==, PASSWORD);
      g_assert_cmpuint (keyring_errors, ==, 0);
    }
  else
    {
      /* Logged in all the same; the person is told it cannot be remembered. */
      g_assert_null (secret);
      g_assert_cmpuint (keyring_errors, ==, 1);
      g_assert_nonnull (ca_test_find_label (GTK_WIDGET (window), "could not be remembered"));
    }
  secret_password_free (g_steal_pointer (&secret));
}

static gboolean
logged_in_cb (gpointer data)
{
  return ca_application_get_account_email (data) != NULL;
}

static gboolean
logged_out_cb (gpointer data)
{
  return ca_application_get_account_email (data) == NULL;
}

/* The silent login waits for the window's first frame; with no window to paint, it starts
 * on its own after a second. */
static void
test_login_silent_without_window (void)
{
  g_autoptr(CaApplication) app3 = app_new ("fr.paris.CoursAdultes.TestLogin3");

  g_assert_true (ca_test_spin_until (has_client_cb, app3, 20000));
  ca_test_spin_for (200);
  g_assert_null (ca_application_get_account_email (app3));

  if (real_keyring)
    {
      g_assert_true (ca_test_spin_until (logged_in_cb, app3, 10000));
      g_assert_cmpstr (ca_application_get_account_email (app3), ==, ALICE);
      g_assert_null (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
    }
  else
    {
      ca_test_spin_for (1500);
      g_assert_null (ca_application_get_account_email (app3));
    }
}

static void
test_login_silent_and_logout (void)
{
  g_autoptr(CaApplication) app2 = app_new ("fr.paris.CoursAdultes.TestLogin2");
  CaWindow *window2 = window_new (app2);
  g_autofree char *token = NULL;
  g_autofree char *secret = NULL;
  CaApplication *logged_app;
  CaWindow *logged_window;

  if (real_keyring)
    {
      /* A new start logs in with the stored password, without a dialog. */
      g_assert_true (ca_test_spin_until (logged_in_cb, app2, 10000));
      g_assert_cmpstr (ca_application_get_account_email (app2), ==, ALICE);
      g_assert_null (ca_test_find_window (CA_TYPE_LOGIN_DIALOG));
      logged_app = app2;
      logged_window = window2;
    }
  else
    {
      ca_test_spin_for (1500);
      g_assert_null (ca_application_get_account_email (app2));
      logged_app = app;
      logged_window = window;
    }

  token = g_strdup (ca_client_get_token (ca_application_get_client (logged_app)));
  g_assert_nonnull (token);
  g_assert_cmpuint (ca_test_server_get_status (server, "/api/v1/profile", token), ==, 200);

  gtk_widget_activate_action (GTK_WIDGET (logged_window), "win.log-out", NULL);
  g_assert_true (ca_test_spin_until (logged_out_cb, logged_app, 10000));
  ca_test_spin_for (500);

  /* The token is revoked on the service and the stored password forgotten. */
  g_assert_cmpuint (ca_test_server_get_status (server, "/api/v1/profile", token), ==, 401);
  secret = lookup_secret ();
  g_assert_null (secret);
  g_assert_nonnull (ca_test_find_button (GTK_WIDGET (logged_window), "_Log In"));

  gtk_window_destroy (GTK_WINDOW (window2));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_init (&argc, &argv);
  real_keyring = g_strcmp0 (g_getenv ("CA_TEST_KEYRING"), "real") == 0;

  server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);
  ca_test_server_create_account (server, ALICE, PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  ca_test_server_create_account (server, BOB, PASSWORD, FALSE, &error);
  g_assert_no_error (error);

  app = app_new ("fr.paris.CoursAdultes.TestLogin");
  g_signal_connect (app, "keyring-error", G_CALLBACK (keyring_error_cb), NULL);
  window = window_new (app);

  g_test_add_func ("/login/screenshot", test_login_screenshot);
  g_test_add_func ("/login/wrong-password", test_login_wrong_password);
  g_test_add_func ("/login/unconfirmed", test_login_unconfirmed);
  g_test_add_func ("/login/ensure-cancelled", test_login_ensure_cancelled);
  g_test_add_func ("/login/remember", test_login_remember);
  g_test_add_func ("/login/silent-without-window", test_login_silent_without_window);
  g_test_add_func ("/login/silent-and-logout", test_login_silent_and_logout);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  ca_test_server_free (server);
  return status;
}
