/* test-account-window.c — from « Se connecter » to « Créer mon compte » and back, then to
 * « Mon profil », in the application's real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAccountTest"

#include <adwaita.h>

#include "ca-account-private.h"
#include "ca-account-test-util.h"
#include "ca-application.h"
#include "ca-login-dialog.h"
#include "ca-test-screenshot.h"
#include "ca-window.h"

#define EMAIL "gael@example.org"
#define PASSWORD "motdepasse42"

static CaTestServer  *server;
static CaApplication *app;
static CaWindow      *window;

static gboolean
client_ready (gpointer data)
{
  return ca_application_get_client (app) != NULL;
}

static gboolean
window_shown (gpointer data)
{
  return ca_test_find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
captcha_ready (gpointer data)
{
  return !ca_account_dialog_get_busy (data) && ca_account_dialog_get_captcha_id (data) != NULL;
}

static gboolean
account_done (gpointer data)
{
  CaAccountDialogParts parts;

  ca_account_dialog_get_parts (data, &parts);
  return g_strcmp0 (gtk_stack_get_visible_child_name (parts.stack), "done") == 0;
}

static gboolean
logged_in (gpointer data)
{
  return ca_application_get_account_email (app) != NULL;
}

static gboolean
profile_form_shown (gpointer data)
{
  CaProfileViewParts parts;

  ca_profile_view_get_parts (data, &parts);
  return g_strcmp0 (gtk_stack_get_visible_child_name (parts.stack), "form") == 0;
}

static void
ensure_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(gboolean *) user_data = ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL);
}

static void
test_journey (void)
{
  g_autoptr(CaClient) other = ca_client_new (ca_test_server_get_url (server), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *token = NULL;
  CaAccountDialogParts parts;
  CaAccountDialog *dialog;
  GtkWindow *login;
  GtkWidget *password_row, *email_row, *stack, *view;
  gboolean ensured = FALSE;

  ca_window_show_place (window, "search");
  ca_window_ensure_login_async (window, NULL, ensure_cb, &ensured);
  g_assert_true (ca_test_spin_until (window_shown, GSIZE_TO_POINTER (CA_TYPE_LOGIN_DIALOG),
                                     CA_ACCOUNT_WAIT_MS));
  login = ca_test_find_window (CA_TYPE_LOGIN_DIALOG);

  /* « Créer mon compte » opens the real form, over the login dialog */
  ca_account_test_click (ca_test_find_button (GTK_WIDGET (login), "_Create My Account"));
  g_assert_true (ca_test_spin_until (window_shown, GSIZE_TO_POINTER (CA_TYPE_ACCOUNT_DIALOG),
                                     CA_ACCOUNT_WAIT_MS));
  dialog = CA_ACCOUNT_DIALOG (ca_test_find_window (CA_TYPE_ACCOUNT_DIALOG));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == login);
  ca_account_dialog_get_parts (dialog, &parts);
  g_assert_true (ca_test_spin_until (captcha_ready, dialog, CA_ACCOUNT_WAIT_MS));
  ca_account_test_type (parts.email_row, EMAIL);
  ca_account_test_type (parts.password_row, PASSWORD);
  ca_account_test_type (parts.confirm_row, PASSWORD);
  ca_account_test_type (parts.captcha_row, ca_account_dialog_get_testing_answer (dialog));
  gtk_check_button_set_active (parts.terms_check, TRUE);
  ca_account_test_click (parts.create_button);
  g_assert_true (ca_test_spin_until (account_done, dialog, CA_ACCOUNT_WAIT_MS));

  /* The person follows the link of the mail */
  mail = ca_account_test_newest_mail (ca_test_server_get_mail_dir (server));
  g_assert_nonnull (mail);
  token = ca_account_test_mail_token (mail);
  g_assert_nonnull (token);
  g_assert_true (ca_account_test_confirm (other, token, &error));
  g_assert_no_error (error);

  /* « Se connecter »: back to the login dialog, the address filled in */
  ca_account_test_click (parts.done_log_in_button);
  ca_test_spin_for (100);
  g_assert_null (ca_test_find_window (CA_TYPE_ACCOUNT_DIALOG));
  email_row = ca_test_find_widget (GTK_WIDGET (login), ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, EMAIL);
  password_row = ca_test_find_widget (GTK_WIDGET (login), ADW_TYPE_PASSWORD_ENTRY_ROW);
  ca_account_test_type (password_row, PASSWORD);
  ca_account_test_click (ca_test_find_button (GTK_WIDGET (login), "_Log In"));
  g_assert_true (ca_test_spin_until (logged_in, NULL, CA_ACCOUNT_WAIT_MS));
  ca_test_spin_for (200);
  g_assert_true (ensured);

  /* The profile is incomplete: « Mon profil » comes first */
  stack = ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "profile");
  view = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PROFILE_VIEW);
  g_assert_nonnull (view);
  g_assert_true (ca_test_spin_until (profile_form_shown, view, CA_ACCOUNT_WAIT_MS));
  {
    g_autofree char *path = ca_test_screenshot_path ("profile-first-login.png");

    ca_test_spin_for (300);
    g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, &error));
    g_assert_no_error (error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_init (&argc, &argv);
  server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);
  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", APP_ID_BASE ".AccountTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "service-url", ca_test_server_get_url (server),
                      "public-computer", TRUE,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (client_ready, NULL, CA_ACCOUNT_WAIT_MS));

  g_test_add_func ("/account/window/create-confirm-log-in-profile", test_journey);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (100);
  g_clear_object (&app);
  g_clear_pointer (&server, ca_test_server_free);
  return status;
}
