/* ca-journey-steps.c — the guide's first steps played in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaJourney"

#include <string.h>

#include "ca-account-dialog.h"
#include "ca-account-private.h"
#include "ca-application.h"
#include "ca-journey-steps.h"
#include "ca-login-dialog.h"
#include "ca-test-util.h"

/* ---- finding ------------------------------------------------------------------------------- */

typedef gboolean (*Match) (GtkWidget  *widget,
                           const char *text);

/* The first widget under @root, depth first, that @match accepts */
static GtkWidget *
find_first (GtkWidget  *root,
            Match       match,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, text))
        return child;
      if ((found = find_first (child, match, text)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_id (GtkWidget  *widget,
        const char *id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

static gboolean
is_row_titled (GtkWidget  *widget,
               const char *title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
ca_journey_find_id (GtkWidget  *root,
                    const char *id)
{
  GtkWidget *found = find_first (root, has_id, id);

  if (found == NULL)
    g_error ("no widget “%s” under %s", id, G_OBJECT_TYPE_NAME (root));
  return found;
}

GtkWidget *
ca_journey_find_row (GtkWidget  *root,
                     const char *title)
{
  GtkWidget *found = find_first (root, is_row_titled, title);

  if (found == NULL)
    g_error ("no row “%s” under %s", title, G_OBJECT_TYPE_NAME (root));
  return found;
}

void
ca_journey_click (GtkWidget  *root,
                  const char *label)
{
  GtkWidget *button = ca_test_find_button (root, label);

  if (button == NULL)
    g_error ("no button “%s” under %s", label, G_OBJECT_TYPE_NAME (root));
  if (!gtk_widget_is_sensitive (button))
    g_error ("the button “%s” cannot be clicked", label);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
switch_is (gpointer data)
{
  return gtk_switch_get_active (data) == GPOINTER_TO_INT (g_object_get_data (data, "wanted"));
}

void
ca_journey_activate (GtkWidget *widget)
{
  gboolean wanted = GTK_IS_SWITCH (widget) && !gtk_switch_get_active (GTK_SWITCH (widget));

  g_assert_true (gtk_widget_activate (widget));
  if (!GTK_IS_SWITCH (widget))
    return;
  g_object_set_data (G_OBJECT (widget), "wanted", GINT_TO_POINTER (wanted));
  if (!ca_test_spin_until (switch_is, widget, CA_JOURNEY_WAIT_MS))
    g_error ("the switch did not turn");
}

void
ca_journey_type (GtkWidget  *editable,
                 const char *text)
{
  gtk_widget_grab_focus (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  gtk_editable_set_position (GTK_EDITABLE (editable), -1);
}

const char *
ca_journey_place (CaWindow *window)
{
  GtkWidget *stack = ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);

  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

/* ---- waiting ------------------------------------------------------------------------------- */

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Lookup;

void
ca_journey_wait_label (GtkWidget  *root,
                       const char *text)
{
  if (!ca_test_spin_until_label_mapped (root, text, CA_JOURNEY_WAIT_MS))
    g_error ("no label “%s” shown", text);
}

static gboolean
window_of_type (gpointer data)
{
  return ca_test_find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
no_window_of_type (gpointer data)
{
  return ca_test_find_window (GPOINTER_TO_SIZE (data)) == NULL;
}

GtkWidget *
ca_journey_wait_window (GType type)
{
  if (!ca_test_spin_until (window_of_type, GSIZE_TO_POINTER (type), CA_JOURNEY_WAIT_MS))
    g_error ("no %s window", g_type_name (type));
  return GTK_WIDGET (ca_test_find_window (type));
}

void
ca_journey_wait_window_gone (GType type)
{
  if (!ca_test_spin_until (no_window_of_type, GSIZE_TO_POINTER (type), CA_JOURNEY_WAIT_MS))
    g_error ("the %s window stayed open", g_type_name (type));
}

static gboolean
process_gone (gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", GPOINTER_TO_INT (data));
  g_autofree char *stat = NULL;
  const char *after_comm;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  /* A zombie no longer runs */
  after_comm = strrchr (stat, ')');
  return after_comm != NULL && g_str_has_prefix (after_comm, ") Z");
}

void
ca_journey_wait_process_gone (GPid pid)
{
  if (!ca_test_spin_until (process_gone, GINT_TO_POINTER (pid), CA_JOURNEY_WAIT_MS))
    g_error ("the process %d is still running", pid);
}

/* ---- « Se connecter » and « Créer mon compte » --------------------------------------------- */

GtkWidget *
ca_journey_open_login (CaWindow *window)
{
  /* The header bar's « Se connecter » button is bound to this action */
  g_assert_true (gtk_widget_get_visible (ca_journey_find_id (GTK_WIDGET (window),
                                                             "log_in_button")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.log-in", NULL);
  return ca_journey_wait_window (CA_TYPE_LOGIN_DIALOG);
}

static gboolean
code_shown (gpointer data)
{
  return ca_account_dialog_get_testing_answer (data) != NULL
         && gtk_widget_get_mapped (ca_journey_find_id (data, "captcha_picture"));
}

void
ca_journey_create_account (GtkWidget             *login_dialog,
                           const CaJourneyPerson *person)
{
  GtkWidget *dialog;
  GtkWidget *terms;
  GtkWidget *email_row = ca_journey_find_row (login_dialog, "E-mail address");

  ca_journey_click (login_dialog, "_Create My Account");
  dialog = ca_journey_wait_window (CA_TYPE_ACCOUNT_DIALOG);
  /* The code's answer: only a service run with --testing gives it, in a header */
  if (!ca_test_spin_until (code_shown, dialog, CA_JOURNEY_WAIT_MS))
    g_error ("no verification code shown");

  ca_journey_type (ca_journey_find_row (dialog, "E-mail"), person->email);
  ca_journey_type (ca_journey_find_row (dialog, "Password"), person->password);
  ca_journey_type (ca_journey_find_row (dialog, "Confirm the password"), person->password);
  ca_journey_type (ca_journey_find_row (dialog, "Copy the verification code"),
                   ca_account_dialog_get_testing_answer (CA_ACCOUNT_DIALOG (dialog)));
  terms = ca_journey_find_id (dialog, "terms_check");
  ca_journey_activate (terms);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (terms)));
  ca_journey_click (dialog, "_Create an Account");

  /* « Vérifiez votre boîte mail », and from there « Se connecter » */
  ca_journey_wait_label (dialog, "Check Your Mailbox");
  g_signal_emit_by_name (ca_journey_find_id (dialog, "done_log_in_button"), "clicked");
  ca_journey_wait_window_gone (CA_TYPE_ACCOUNT_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, person->email);
}

/* ---- the mail ------------------------------------------------------------------------------ */

/* The body label of the newest mail to @email: the mailbox lists them newest first */
static GtkWidget *
mail_body (GtkWidget  *mailbox,
           const char *email)
{
  for (GtkWidget *row = ca_test_find_widget (mailbox, ADW_TYPE_EXPANDER_ROW);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle;

      if (!ADW_IS_EXPANDER_ROW (row))
        continue;
      subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
      if (subtitle != NULL && strstr (subtitle, email) != NULL)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          return ca_test_find_label (row, "/confirm?token=");
        }
    }
  return NULL;
}

static gboolean
has_mail (gpointer data)
{
  Lookup *lookup = data;

  return mail_body (lookup->root, lookup->text) != NULL;
}

static gboolean
account_confirmed_toast (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (data);

  return root != NULL && ca_test_label_is_mapped (GTK_WIDGET (root),
                                                  "Your MonParis account is confirmed");
}

void
ca_journey_follow_mail_link (GtkWidget          *mailbox,
                             const char         *email,
                             CaJourneyCondition  confirmed,
                             gpointer            data)
{
  Lookup lookup = { mailbox, email };
  g_autoptr(GRegex) link = g_regex_new ("https?://[^\\s]+/confirm\\?token=[^\\s]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *uri = NULL;
  GtkWidget *body;
  gboolean handled = FALSE;

  if (!ca_test_spin_until (has_mail, &lookup, CA_JOURNEY_WAIT_MS))
    g_error ("no mail to %s in the mailbox", email);
  body = mail_body (mailbox, email);
  g_assert_true (g_regex_match (link, gtk_label_get_text (GTK_LABEL (body)), 0, &match));
  uri = g_match_info_fetch (match, 0);
  /* What a click on the link does */
  g_signal_emit_by_name (body, "activate-link", uri, &handled);
  g_assert_true (handled);
  if (confirmed == NULL)
    {
      confirmed = account_confirmed_toast;
      data = mailbox;
    }
  if (!ca_test_spin_until (confirmed, data, CA_JOURNEY_WAIT_MS))
    g_error ("the account of %s was not confirmed", email);
}

/* ---- logging in ---------------------------------------------------------------------------- */

static gboolean
logged_in (gpointer data)
{
  return ca_application_get_account_email (data) != NULL;
}

void
ca_journey_log_in (CaWindow              *window,
                   GtkWidget             *login_dialog,
                   const CaJourneyPerson *person)
{
  CaApplication *app = CA_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  ca_journey_type (ca_journey_find_row (login_dialog, "E-mail address"), person->email);
  ca_journey_type (ca_journey_find_row (login_dialog, "Password"), person->password);
  ca_journey_click (login_dialog, "_Log In");
  if (!ca_test_spin_until (logged_in, app, CA_JOURNEY_WAIT_MS))
    g_error ("not logged in");
  ca_journey_wait_window_gone (CA_TYPE_LOGIN_DIALOG);
  /* The header bar's account menu names the account */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (ca_journey_find_id (
                     GTK_WIDGET (window), "account_stack"))), ==, "logged-in");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ca_journey_find_id (GTK_WIDGET (window),
                                                                       "account_email_label"))),
                   ==, person->email);
}

/* ---- « Mon profil » ------------------------------------------------------------------------ */

static gboolean
form_shown (gpointer data)
{
  GtkWidget *stack = ca_journey_find_id (data, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "form") == 0
         && gtk_widget_get_mapped (data);
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* Types the beginning of the country, then picks it in the completion list */
static void
choose_country (GtkWidget             *view,
                const CaJourneyPerson *person)
{
  GtkWidget *row = ca_journey_find_row (view, "Country of birth");
  GtkWidget *list = ca_test_find_widget (row, GTK_TYPE_LIST_VIEW);
  GtkWidget *popover;
  GListModel *names;
  guint n;

  g_assert_nonnull (list);
  popover = gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER);
  ca_journey_type (row, person->country_typed);
  if (!ca_test_spin_until (popover_shown, popover, CA_JOURNEY_WAIT_MS))
    g_error ("no completion for “%s”", person->country_typed);
  names = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  n = g_list_model_get_n_items (names);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      if (g_str_equal (gtk_string_object_get_string (name), person->country))
        {
          g_signal_emit_by_name (list, "activate", i);
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, person->country);
          g_assert_false (gtk_widget_get_visible (popover));
          return;
        }
    }
  g_error ("“%s” is not proposed for “%s”", person->country, person->country_typed);
}

static gboolean
complete (gpointer data)
{
  return ca_profile_view_get_complete (data);
}

void
ca_journey_complete_profile (CaWindow              *window,
                             const CaJourneyPerson *person)
{
  GtkWidget *view = ca_journey_find_id (GTK_WIDGET (window), "profile_view");
  GtkWidget *heard;
  GtkWidget *save;
  AdwMessageDialog *dialog;

  /* A new account is led to « Mon profil » first */
  g_assert_cmpstr (ca_journey_place (window), ==, "profile");
  if (!ca_test_spin_until (form_shown, view, CA_JOURNEY_WAIT_MS))
    g_error ("the profile form is not shown");
  ca_journey_wait_label (view, person->email);

  ca_journey_click (view, "Ms");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ca_test_find_button (view,
                                                                                      "Ms"))));
  ca_journey_type (ca_journey_find_row (view, "Last name"), person->last_name);
  ca_journey_type (ca_journey_find_row (view, "First name"), person->first_name);
  ca_journey_type (ca_journey_find_row (view, "Date of birth"), person->birth_date);
  choose_country (view, person);
  ca_journey_type (ca_journey_find_row (view, "Address"), person->address);
  ca_journey_type (ca_journey_find_row (view, "Postal code"), person->postal_code);
  ca_journey_type (ca_journey_find_row (view, "City"), person->city);
  ca_journey_type (ca_journey_find_row (view, "Mobile phone"), person->phone_mobile);
  ca_journey_type (ca_journey_find_row (view, "Other phone"), person->phone_other);
  /* « Comment avez-vous connu les CMA » : the first answer after « Choose an answer » */
  heard = ca_journey_find_row (view, "How did you hear of the CMA?");
  save = ca_journey_find_id (view, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save));
  adw_combo_row_set_selected (ADW_COMBO_ROW (heard), 1);

  /* « Valider », then the confirmation's own « Valider » */
  g_assert_true (gtk_widget_is_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
  dialog = ADW_MESSAGE_DIALOG (ca_journey_wait_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), person->email));
  adw_message_dialog_response (dialog, "validate");
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (!ca_test_spin_until (complete, view, CA_JOURNEY_WAIT_MS))
    g_error ("the profile is not complete");
  /* The application knows it too, without waiting for the next login */
  g_assert_true (ca_application_get_profile_complete (
    CA_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
}
