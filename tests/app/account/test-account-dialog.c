/* test-account-dialog.c — « Créer mon compte » against a real service
 *
 * The verification code is read from the service's --testing header; the confirmation link
 * from the mail the service wrote; logging in afterwards goes through the real client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAccountTest"

#include <signal.h>
#include <adwaita.h>

#include "ca-account-private.h"
#include "ca-account-test-util.h"
#include "ca-field-error.h"
#include "ca-error.h"
#include "ca-test-screenshot.h"

#define PASSWORD "motdepasse42"

static CaTestServer *server;
static CaClient     *client;
static GtkWindow    *parent;

static CaAccountDialog *
open_dialog (CaAccountDialogParts *parts)
{
  CaAccountDialog *dialog = ca_account_dialog_new (client, parent);

  gtk_window_present (GTK_WINDOW (dialog));
  ca_account_dialog_get_parts (dialog, parts);
  return dialog;
}

static gboolean
captcha_ready (gpointer data)
{
  return !ca_account_dialog_get_busy (data) && ca_account_dialog_get_captcha_id (data) != NULL;
}

static gboolean
settled (gpointer data)
{
  return !ca_account_dialog_get_busy (data);
}

static void
wait_captcha (CaAccountDialog *dialog)
{
  g_assert_true (ca_test_spin_until (captcha_ready, dialog, CA_ACCOUNT_WAIT_MS));
}

static void
fill (CaAccountDialog      *dialog,
      CaAccountDialogParts *parts,
      const char           *email,
      const char           *answer)
{
  wait_captcha (dialog);
  ca_account_test_type (parts->email_row, email);
  ca_account_test_type (parts->password_row, PASSWORD);
  ca_account_test_type (parts->confirm_row, PASSWORD);
  ca_account_test_type (parts->captcha_row,
                        answer != NULL ? answer : ca_account_dialog_get_testing_answer (dialog));
  gtk_check_button_set_active (parts->terms_check, TRUE);
}

static void
submit (CaAccountDialog      *dialog,
        CaAccountDialogParts *parts)
{
  g_assert_true (gtk_widget_is_sensitive (parts->create_button));
  ca_account_test_click (parts->create_button);
  g_assert_true (ca_account_dialog_get_busy (dialog));
  /* A second click while the first is on its way does nothing */
  g_assert_false (gtk_widget_is_sensitive (parts->create_button));
  g_assert_true (ca_test_spin_until (settled, dialog, CA_ACCOUNT_WAIT_MS));
}

static gboolean
rule_met (GtkImage *image)
{
  return g_strcmp0 (gtk_image_get_icon_name (image), "emblem-ok-symbolic") == 0;
}

static void
test_password_rules (void)
{
  CaAccountDialogParts parts;
  CaAccountDialog *dialog = open_dialog (&parts);

  wait_captcha (dialog);
  g_assert_false (rule_met (parts.rule_images[0]));
  ca_account_test_type (parts.password_row, "abc");
  g_assert_false (rule_met (parts.rule_images[0]));
  g_assert_true (rule_met (parts.rule_images[1]));
  g_assert_false (rule_met (parts.rule_images[2]));
  g_assert_true (ca_field_error_shown (parts.password_error));
  ca_account_test_type (parts.password_row, "12345678");
  g_assert_true (rule_met (parts.rule_images[0]));
  g_assert_false (rule_met (parts.rule_images[1]));
  g_assert_true (rule_met (parts.rule_images[2]));
  /* The reveal buttons say what they do */
  {
    GtkWidget *reveal = ca_test_find_icon_button (GTK_WIDGET (parts.password_row),
                                                  "view-reveal-symbolic");

    g_assert_nonnull (reveal);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (reveal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Show password");
    g_signal_emit_by_name (reveal, "clicked");
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (reveal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Hide password");
    g_signal_emit_by_name (reveal, "clicked");
  }
  ca_account_test_type (parts.password_row, PASSWORD);
  for (guint i = 0; i < 3; i++)
    g_assert_true (rule_met (parts.rule_images[i]));
  g_assert_false (ca_field_error_shown (parts.password_error));

  /* The confirmation says at once when it differs */
  ca_account_test_type (parts.confirm_row, "motdepasse4");
  g_assert_true (ca_field_error_shown (parts.confirm_error));
  ca_account_test_type (parts.confirm_row, PASSWORD);
  g_assert_false (ca_field_error_shown (parts.confirm_error));

  ca_account_test_type (parts.email_row, "pas-une-adresse");
  g_assert_true (ca_field_error_shown (parts.email_error));
  ca_account_test_type (parts.email_row, "alix@example.org");
  g_assert_false (ca_field_error_shown (parts.email_error));

  /* Everything but the code and the terms: not yet */
  g_assert_false (gtk_widget_is_sensitive (parts.create_button));
  ca_account_test_type (parts.captcha_row, "abcd");
  g_assert_false (gtk_widget_is_sensitive (parts.create_button));
  gtk_check_button_set_active (parts.terms_check, TRUE);
  g_assert_true (gtk_widget_is_sensitive (parts.create_button));
  ca_account_test_type (parts.password_row, "motdepasse");
  g_assert_false (gtk_widget_is_sensitive (parts.create_button));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_captcha (void)
{
  CaAccountDialogParts parts;
  CaAccountDialog *dialog = open_dialog (&parts);
  g_autofree char *first_id = NULL;
  GdkPaintable *first;
  GdkPaintable *second;
  const char *label;

  wait_captcha (dialog);
  first = gtk_picture_get_paintable (parts.captcha_picture);
  g_assert_true (GDK_IS_TEXTURE (first));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (first)), >, 0);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (first)), >, 0);
  g_object_ref (first);
  first_id = g_strdup (ca_account_dialog_get_captcha_id (dialog));
  g_assert_cmpstr (gtk_picture_get_alternative_text (parts.captcha_picture), ==,
                   "verification code, image");
  label = gtk_widget_get_tooltip_text (parts.captcha_refresh);
  g_assert_cmpstr (label, ==, "New code");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (parts.captcha_refresh),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "New code");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (parts.captcha_picture),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "verification code, image");

  ca_account_test_type (parts.captcha_row, "something");
  ca_account_test_click (parts.captcha_refresh);
  wait_captcha (dialog);
  second = gtk_picture_get_paintable (parts.captcha_picture);
  g_assert_true (GDK_IS_TEXTURE (second));
  g_assert_true (second != first);
  g_assert_cmpstr (ca_account_dialog_get_captcha_id (dialog), !=, first_id);
  /* The old answer does not go with the new image */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.captcha_row)), ==, "");
  g_object_unref (first);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_wrong_captcha (void)
{
  CaAccountDialogParts parts;
  CaAccountDialog *dialog = open_dialog (&parts);
  g_autofree char *first_id = NULL;
  g_autofree char *wrong = NULL;

  wait_captcha (dialog);
  wrong = g_strconcat (ca_account_dialog_get_testing_answer (dialog), "x", NULL);
  fill (dialog, &parts, "basile@example.org", wrong);
  first_id = g_strdup (ca_account_dialog_get_captcha_id (dialog));
  submit (dialog, &parts);
  wait_captcha (dialog);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (parts.stack), ==, "form");
  g_assert_true (ca_field_error_shown (parts.captcha_error));
  g_assert_cmpstr (ca_account_dialog_get_captcha_id (dialog), !=, first_id);
  /* Nothing else typed is lost */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.email_row)), ==,
                   "basile@example.org");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.password_row)), ==, PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.confirm_row)), ==, PASSWORD);
  g_assert_true (gtk_check_button_get_active (parts.terms_check));
  /* Typing the new code takes the error away */
  ca_account_test_type (parts.captcha_row, ca_account_dialog_get_testing_answer (dialog));
  g_assert_false (ca_field_error_shown (parts.captcha_error));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
log_in_requested_cb (CaAccountDialog *dialog,
                     const char      *email,
                     char           **out)
{
  g_free (*out);
  *out = g_strdup (email);
}

static void
test_email_taken (void)
{
  CaAccountDialogParts parts;
  CaAccountDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;

  g_assert_true (ca_test_server_create_account (server, "claude@example.org", PASSWORD, TRUE,
                                                &error));
  g_assert_no_error (error);
  dialog = open_dialog (&parts);
  g_signal_connect (dialog, "log-in-requested", G_CALLBACK (log_in_requested_cb), &requested);
  fill (dialog, &parts, "claude@example.org", NULL);
  submit (dialog, &parts);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (parts.stack), ==, "form");
  g_assert_true (gtk_widget_get_visible (parts.log_in_instead_button));
  g_assert_nonnull (strstr (gtk_label_get_label (parts.message_label), "already"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ca_account_test_click (parts.log_in_instead_button);
  g_assert_cmpstr (requested, ==, "claude@example.org");
  ca_test_spin_for (50);
  g_assert_null (dialog);
}

static void
test_terms (void)
{
  CaAccountDialogParts parts;
  CaAccountDialog *dialog = open_dialog (&parts);
  GtkWindow *terms = ca_account_dialog_show_terms (dialog);

  g_assert_true (gtk_window_get_transient_for (terms) == GTK_WINDOW (dialog));
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (terms), "Data we keep"));
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (terms), "3975"));
  gtk_window_destroy (terms);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
save_screenshot (GtkWindow  *window,
                 int         width,
                 int         height,
                 const char *name)
{
  g_autofree char *path = ca_test_screenshot_path (name);
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (window, width, height);
  ca_test_spin_for (300);
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);
}

static void
test_success_and_log_in (void)
{
  CaAccountDialogParts parts;
  CaAccountDialog *dialog = open_dialog (&parts);
  g_autoptr(CaClient) other = ca_client_new (ca_test_server_get_url (server), NULL);
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *token = NULL;
  g_autofree char *requested = NULL;
  const char *description;

  fill (dialog, &parts, "dominique@example.org", NULL);
  save_screenshot (GTK_WINDOW (dialog), 1280, 800, "create-account.png");
  save_screenshot (GTK_WINDOW (dialog), 360, 720, "create-account-narrow.png");
  submit (dialog, &parts);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (parts.stack), ==, "done");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (parts.done_page));
  g_assert_nonnull (strstr (description, "dominique@example.org"));
  g_assert_nonnull (strstr (description, "Mon Paris - confirmez votre compte en un clic"));
  g_assert_nonnull (strstr (description, "no-reply@paris.fr"));
  save_screenshot (GTK_WINDOW (dialog), 360, 720, "create-account-done.png");

  /* Not confirmed yet: logging in is refused */
  info = ca_account_test_log_in (other, "dominique@example.org", PASSWORD, &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_ACCOUNT_NOT_CONFIRMED);
  g_clear_error (&error);

  /* The mail the service wrote, as the person receives it */
  mail = ca_account_test_newest_mail (ca_test_server_get_mail_dir (server));
  g_assert_nonnull (mail);
  g_assert_nonnull (strstr (mail, "dominique@example.org"));
  g_assert_nonnull (strstr (mail, "no-reply@paris.fr"));
  token = ca_account_test_mail_token (mail);
  g_assert_nonnull (token);
  g_assert_true (ca_account_test_confirm (other, token, &error));
  g_assert_no_error (error);
  info = ca_account_test_log_in (other, "dominique@example.org", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_false (info->profile_complete);

  /* « Se connecter » hands the address over and closes the dialog */
  g_signal_connect (dialog, "log-in-requested", G_CALLBACK (log_in_requested_cb), &requested);
  ca_account_test_click (parts.done_log_in_button);
  g_assert_cmpstr (requested, ==, "dominique@example.org");
}

/* A service that stops answering: a sentence and « Réessayer », and nothing typed is lost */
static void
test_service_fails (void)
{
  g_autoptr(CaTestServer) frozen = NULL;
  g_autoptr(CaClient) slow = NULL;
  g_autoptr(GError) error = NULL;
  CaAccountDialogParts parts;
  CaAccountDialog *dialog;

  frozen = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);
  slow = ca_client_new (ca_test_server_get_url (frozen), NULL);
  ca_client_set_timeout (slow, 2);
  dialog = ca_account_dialog_new (slow, parent);
  gtk_window_present (GTK_WINDOW (dialog));
  ca_account_dialog_get_parts (dialog, &parts);
  fill (dialog, &parts, "eden@example.org", NULL);

  kill (ca_test_server_get_pid (frozen), SIGSTOP);
  submit (dialog, &parts);
  kill (ca_test_server_get_pid (frozen), SIGCONT);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (parts.stack), ==, "form");
  g_assert_true (gtk_widget_get_visible (parts.retry_button));
  g_assert_true (gtk_widget_is_sensitive (parts.retry_button));
  g_assert_cmpstr (gtk_label_get_label (parts.message_label), !=, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.email_row)), ==, "eden@example.org");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.password_row)), ==, PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.confirm_row)), ==, PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.captcha_row)), !=, "");
  g_assert_true (gtk_check_button_get_active (parts.terms_check));
  gtk_window_destroy (GTK_WINDOW (dialog));
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
  client = ca_client_new (ca_test_server_get_url (server), NULL);
  parent = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_present (parent);

  g_test_add_func ("/account/password-rules", test_password_rules);
  g_test_add_func ("/account/captcha", test_captcha);
  g_test_add_func ("/account/wrong-captcha", test_wrong_captcha);
  g_test_add_func ("/account/email-taken", test_email_taken);
  g_test_add_func ("/account/terms", test_terms);
  g_test_add_func ("/account/success-then-log-in", test_success_and_log_in);
  g_test_add_func ("/account/service-fails", test_service_fails);
  status = g_test_run ();

  gtk_window_destroy (parent);
  g_clear_object (&client);
  g_clear_pointer (&server, ca_test_server_free);
  return status;
}
