/* test-profile-view.c — « Mon profil » against a real service
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

#define EMAIL "fanny@example.org"
#define PASSWORD "motdepasse42"

static CaTestServer  *server;
static CaClient      *client;
static GtkWindow     *window;
static CaProfileView *view;
static CaProfileViewParts parts;

static gboolean
settled (gpointer data)
{
  return !ca_profile_view_get_busy (view);
}

static void
wait_settled (void)
{
  g_assert_true (ca_test_spin_until (settled, NULL, CA_ACCOUNT_WAIT_MS));
}

static const char *
page (void)
{
  return gtk_stack_get_visible_child_name (parts.stack);
}

static gboolean
shown (CaProfileField field)
{
  return ca_field_error_shown (parts.errors[field]);
}

static void
type (CaProfileField  field,
      const char     *text)
{
  ca_account_test_type (parts.rows[field], text);
}

static void
save_screenshot (int         width,
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
test_logged_out_then_in (void)
{
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (page (), ==, "logged-out");
  info = ca_account_test_log_in (client, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_false (info->profile_complete);
  g_assert_true (ca_test_spin_until ((CaTestCondition) settled, NULL, CA_ACCOUNT_WAIT_MS));
  wait_settled ();
  g_assert_cmpstr (page (), ==, "form");
  g_assert_cmpstr (gtk_label_get_label (parts.email_label), ==, EMAIL);
  g_assert_true (gtk_widget_get_visible (parts.email_note));
  /* Nothing touched yet: no error shown, but nothing to validate either */
  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    g_assert_true (parts.errors[i] == NULL || !shown (i));
  g_assert_false (gtk_widget_is_sensitive (parts.save_button));
  g_assert_false (ca_profile_view_get_complete (view));
}

static void
test_rules_as_you_type (void)
{
  /* Civility: chosen, then unchosen */
  gtk_toggle_button_set_active (parts.civility_m, TRUE);
  g_assert_false (shown (CA_PROFILE_CIVILITY));
  gtk_toggle_button_set_active (parts.civility_m, FALSE);
  g_assert_true (shown (CA_PROFILE_CIVILITY));
  gtk_toggle_button_set_active (parts.civility_mme, TRUE);
  g_assert_false (shown (CA_PROFILE_CIVILITY));

  type (CA_PROFILE_POSTAL_CODE, "750");
  g_assert_true (shown (CA_PROFILE_POSTAL_CODE));
  type (CA_PROFILE_POSTAL_CODE, "75011");
  g_assert_false (shown (CA_PROFILE_POSTAL_CODE));

  type (CA_PROFILE_PHONE_MOBILE, "06 12");
  g_assert_true (shown (CA_PROFILE_PHONE_MOBILE));
  type (CA_PROFILE_PHONE_MOBILE, "06 12 34 56 78");
  g_assert_false (shown (CA_PROFILE_PHONE_MOBILE));
  type (CA_PROFILE_PHONE_OTHER, "+33 1 23");
  g_assert_true (shown (CA_PROFILE_PHONE_OTHER));
  type (CA_PROFILE_PHONE_OTHER, "+33 1 23 45 67 89");
  g_assert_false (shown (CA_PROFILE_PHONE_OTHER));
  /* At least one number: emptying both says so */
  type (CA_PROFILE_PHONE_MOBILE, "");
  type (CA_PROFILE_PHONE_OTHER, "");
  g_assert_true (shown (CA_PROFILE_PHONE_MOBILE));
  type (CA_PROFILE_PHONE_MOBILE, "06.12.34.56.78");
  g_assert_false (shown (CA_PROFILE_PHONE_MOBILE));

  /* The courses are for adults */
  type (CA_PROFILE_BIRTH_DATE, "2015-01-01");
  g_assert_true (shown (CA_PROFILE_BIRTH_DATE));
  type (CA_PROFILE_BIRTH_DATE, "1890-01-01");
  g_assert_true (shown (CA_PROFILE_BIRTH_DATE));
  type (CA_PROFILE_BIRTH_DATE, "pas une date");
  g_assert_true (shown (CA_PROFILE_BIRTH_DATE));
  type (CA_PROFILE_BIRTH_DATE, "1990-05-17");
  g_assert_false (shown (CA_PROFILE_BIRTH_DATE));

  /* The calendar writes the date it shows */
  {
    g_autoptr(GDateTime) date = g_date_time_new_local (1985, 3, 9, 0, 0, 0);

    gtk_calendar_select_day (parts.calendar, date);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.rows[CA_PROFILE_BIRTH_DATE])),
                     ==, "1985-03-09");
    g_assert_false (shown (CA_PROFILE_BIRTH_DATE));
  }

  adw_combo_row_set_selected (parts.heard_from_row, 2);
  g_assert_false (shown (CA_PROFILE_HEARD_FROM));
  adw_combo_row_set_selected (parts.heard_from_row, 0);
  g_assert_true (shown (CA_PROFILE_HEARD_FROM));
  adw_combo_row_set_selected (parts.heard_from_row, 1);
  g_assert_false (shown (CA_PROFILE_HEARD_FROM));

  type (CA_PROFILE_LAST_NAME, "   ");
  g_assert_true (shown (CA_PROFILE_LAST_NAME));
  g_assert_false (gtk_widget_is_sensitive (parts.save_button));
}

static void
test_countries (void)
{
  guint n;

  type (CA_PROFILE_BIRTH_COUNTRY, "fran");
  n = g_list_model_get_n_items (parts.country_matches);
  g_assert_cmpuint (n, >=, 1);
  g_assert_true (gtk_widget_get_visible (parts.country_popover));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (parts.country_matches, i);

      g_assert_nonnull (strstr (gtk_string_object_get_string (item), "Fran"));
    }
  /* Accents and case do not matter */
  type (CA_PROFILE_BIRTH_COUNTRY, "cote d'ivoire");
  g_assert_cmpuint (g_list_model_get_n_items (parts.country_matches), ==, 1);
  type (CA_PROFILE_BIRTH_COUNTRY, "France");
  g_assert_false (gtk_widget_get_visible (parts.country_popover));
}

static void
fill_valid (void)
{
  gtk_toggle_button_set_active (parts.civility_mme, TRUE);
  type (CA_PROFILE_LAST_NAME, "Martin");
  type (CA_PROFILE_FIRST_NAME, "Fanny");
  type (CA_PROFILE_BIRTH_DATE, "1990-05-17");
  type (CA_PROFILE_BIRTH_COUNTRY, "France");
  type (CA_PROFILE_ADDRESS, "12 rue de la Roquette");
  type (CA_PROFILE_POSTAL_CODE, "75011");
  type (CA_PROFILE_CITY, "Paris");
  type (CA_PROFILE_PHONE_MOBILE, "06 12 34 56 78");
  type (CA_PROFILE_PHONE_OTHER, "");
  adw_combo_row_set_selected (parts.heard_from_row, 1);
}

static void
test_first_completion (void)
{
  g_autoptr(CaProfile) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  fill_valid ();
  g_assert_true (gtk_widget_is_sensitive (parts.save_button));
  save_screenshot (1280, 800, "profile.png");
  save_screenshot (360, 720, "profile-narrow.png");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (parts.rows[CA_PROFILE_CITY]),
                                                  GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    g_autofree char *path = ca_test_screenshot_path ("profile-narrow-end.png");

    ca_test_spin_for (200);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    ca_test_spin_for (200);
    g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, NULL));
    gtk_adjustment_set_value (adjustment, 0);
  }
  type (CA_PROFILE_BIRTH_DATE, "2015-01-01");
  g_assert_false (gtk_widget_is_sensitive (parts.save_button));
  gtk_widget_grab_focus (GTK_WIDGET (parts.rows[CA_PROFILE_BIRTH_DATE]));
  save_screenshot (1280, 800, "profile-error.png");
  save_screenshot (360, 720, "profile-error-narrow.png");
  type (CA_PROFILE_BIRTH_DATE, "1990-05-17");

  ca_account_test_click (parts.save_button);
  g_assert_false (gtk_widget_is_sensitive (parts.save_button));
  wait_settled ();
  g_assert_true (ca_profile_view_get_complete (view));
  dialog = ca_profile_view_get_message_dialog (view);
  g_assert_nonnull (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), EMAIL));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "validate");
  ca_test_spin_for (100);
  g_assert_null (ca_profile_view_get_message_dialog (view));

  stored = ca_account_test_get_profile (client, &error);
  g_assert_no_error (error);
  g_assert_true (ca_profile_get_complete (stored));
  g_assert_cmpstr (ca_profile_get (stored, CA_PROFILE_BIRTH_DATE), ==, "1990-05-17");
  g_assert_cmpstr (ca_profile_get (stored, CA_PROFILE_CIVILITY), ==, "Mme");

  /* Names now belong to the City's file */
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (parts.rows[CA_PROFILE_LAST_NAME])));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (parts.rows[CA_PROFILE_FIRST_NAME])));
  g_assert_true (gtk_widget_get_visible (parts.names_note));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (parts.names_note)),
                            "https://atlas.paris.fr"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (parts.email_note)),
                            "https://moncompte.paris.fr"));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (parts.rows[CA_PROFILE_ADDRESS])));
  save_screenshot (1280, 800, "profile-complete.png");
}

static void
test_later_edit (void)
{
  g_autoptr(CaProfile) stored = NULL;
  g_autoptr(GError) error = NULL;

  type (CA_PROFILE_ADDRESS, "3 place de la Bastille");
  ca_account_test_click (parts.save_button);
  wait_settled ();
  /* Only the first completion brings the message */
  g_assert_null (ca_profile_view_get_message_dialog (view));
  stored = ca_account_test_get_profile (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_profile_get (stored, CA_PROFILE_ADDRESS), ==, "3 place de la Bastille");
}

/* The service refuses what the form cannot catch: a name changed after completion */
static void
test_server_field_error (void)
{
  type (CA_PROFILE_LAST_NAME, "Durand");
  g_assert_true (gtk_widget_is_sensitive (parts.save_button));
  ca_account_test_click (parts.save_button);
  wait_settled ();
  g_assert_true (shown (CA_PROFILE_LAST_NAME));
  g_assert_cmpstr (gtk_label_get_label (parts.errors[CA_PROFILE_LAST_NAME]), !=, "");
  /* What was typed stays */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.rows[CA_PROFILE_LAST_NAME])), ==,
                   "Durand");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.rows[CA_PROFILE_ADDRESS])), ==,
                   "3 place de la Bastille");
  /* Changing the field again takes the service's sentence away */
  type (CA_PROFILE_LAST_NAME, "Martin");
  g_assert_false (shown (CA_PROFILE_LAST_NAME));
}

/* The service stops answering during a save: a sentence, « Réessayer », nothing lost */
static void
test_save_fails (void)
{
  GPid pid = ca_test_server_get_pid (server);
  g_autoptr(CaProfile) stored = NULL;
  g_autoptr(GError) error = NULL;

  type (CA_PROFILE_ADDRESS, "5 rue des Écoles");
  ca_client_set_timeout (client, 2);
  kill (pid, SIGSTOP);
  ca_account_test_click (parts.save_button);
  wait_settled ();
  kill (pid, SIGCONT);
  ca_client_set_timeout (client, 15);
  g_assert_cmpstr (gtk_label_get_label (parts.message_label), !=, "");
  g_assert_true (gtk_widget_get_visible (parts.retry_button));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.rows[CA_PROFILE_ADDRESS])), ==,
                   "5 rue des Écoles");
  ca_account_test_click (parts.retry_button);
  wait_settled ();
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (parts.message_label))));
  stored = ca_account_test_get_profile (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_profile_get (stored, CA_PROFILE_ADDRESS), ==, "5 rue des Écoles");
}

static gboolean
logged_out (gpointer data)
{
  return g_strcmp0 (page (), "logged-out") == 0;
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ca_client_logout_finish (CA_CLIENT (object), result, NULL);
}

static void
test_logout_clears (void)
{
  ca_client_logout_async (client, NULL, logout_cb, NULL);
  g_assert_true (ca_test_spin_until (logged_out, NULL, CA_ACCOUNT_WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (parts.rows[CA_PROFILE_LAST_NAME])), ==, "");
  g_assert_cmpstr (gtk_label_get_label (parts.email_label), ==, "");
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
  g_assert_true (ca_test_server_create_account (server, EMAIL, PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  client = ca_client_new (ca_test_server_get_url (server), NULL);

  window = GTK_WINDOW (adw_application_window_new (NULL));
  view = CA_PROFILE_VIEW (ca_profile_view_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (window, 1280, 800);
  g_object_set (view, "client", client, NULL);
  ca_profile_view_get_parts (view, &parts);
  gtk_window_present (window);

  g_test_add_func ("/profile/logged-out-then-in", test_logged_out_then_in);
  g_test_add_func ("/profile/rules-as-you-type", test_rules_as_you_type);
  g_test_add_func ("/profile/countries", test_countries);
  g_test_add_func ("/profile/first-completion", test_first_completion);
  g_test_add_func ("/profile/later-edit", test_later_edit);
  g_test_add_func ("/profile/server-field-error", test_server_field_error);
  g_test_add_func ("/profile/save-fails", test_save_fails);
  g_test_add_func ("/profile/logout-clears", test_logout_clears);
  status = g_test_run ();

  gtk_window_destroy (window);
  g_clear_object (&client);
  g_clear_pointer (&server, ca_test_server_free);
  return status;
}
