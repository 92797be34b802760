/* test-journey.c — the applicant's whole journey of the guide, through the real window as a
 * person goes through it: « Créer mon compte », the link of the mail in the demonstration
 * mailbox, « Se connecter », « Mon profil », a keyword search narrowed by a filter, four sheets
 * opened from their result rows and saved, three confirmed through the candidature form, the
 * fourth refused, one cancelled, one deleted, one accepted by the back office
 * (cours-adultes-admin), « Régler » on the PayFiP simulator, and « Inscription » shown.
 *
 * Only the back office and the simulator's payment form are played outside the window: they
 * are other people's screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaJourney"

#include <string.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "ca-application.h"
#include "ca-cand-test-util.h"
#include "ca-candidature-form.h"
#include "ca-course-page.h"
#include "ca-journey-steps.h"
#include "ca-mailbox-view.h"
#include "ca-payment-dialog.h"
#include "ca-profile-view.h"
#include "ca-result-row.h"
#include "ca-results-page.h"
#include "ca-search-page.h"
#include "ca-status.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define WAIT_MS CA_JOURNEY_WAIT_MS
#define KEYWORD "anglais"

static const CaJourneyPerson person = {
  .email = "parcours@example.org",
  .password = "Motdepasse-solide-42",
  .last_name = "Martin",
  .first_name = "Camille",
  .birth_date = "1990-04-12",
  .country_typed = "fran",
  .country = "France",
  .address = "12 rue de la Roquette",
  .postal_code = "75011",
  .city = "Paris",
  .phone_mobile = "06 12 34 56 78",
  .phone_other = "",
};

static CaTestServer  *server;
static CaApplication *app;
static CaWindow      *window;

/* ---- the back office ----------------------------------------------------------------------- */

/* The back office works on the service's database, named on its command line */
static char *
server_db (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", ca_test_server_get_pid (server));
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = 0; i < length; i += strlen (contents + i) + 1)
    if (g_str_equal (contents + i, "--db") && i + 5 < length)
      return g_strdup (contents + i + 5);
  g_error ("the service was started without --db");
}

static void
admin (const char *command,
       const char *id)
{
  const char *exe = g_getenv ("CA_ADMIN_BIN");
  g_autofree char *db = server_db ();
  const char *argv[] = { exe, "--db", db, command, id, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (exe);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* Whether the service holds the account as confirmed: the mailbox of a configured service says
 * nothing once the link is followed, so the test asks the database as the back office would. */
static gboolean
account_confirmed (gpointer data)
{
  g_autofree char *db = server_db ();
  sqlite3 *handle = NULL;
  sqlite3_stmt *statement = NULL;
  gboolean confirmed = FALSE;

  if (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (handle, "SELECT confirmed_at IS NOT NULL FROM accounts "
                             "WHERE email = ?1", -1, &statement, NULL) == SQLITE_OK
      && sqlite3_bind_text (statement, 1, data, -1, SQLITE_STATIC) == SQLITE_OK
      && sqlite3_step (statement) == SQLITE_ROW)
    confirmed = sqlite3_column_int (statement, 0) != 0;
  sqlite3_finalize (statement);
  sqlite3_close (handle);
  if (!confirmed)
    ca_test_spin_for (50);
  return confirmed;
}

/* ---- the account --------------------------------------------------------------------------- */

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (app) != NULL;
}

/* With a configured service the window has no mailbox place: the demonstration mailbox is
 * shown in a window of its own, on the folder the service writes its mails in. */
static GtkWidget *
open_mailbox (void)
{
  GtkWidget *own = gtk_window_new ();
  GtkWidget *mailbox = ca_mailbox_view_new ();

  gtk_window_set_default_size (GTK_WINDOW (own), 800, 600);
  g_object_bind_property (app, "client", mailbox, "client", G_BINDING_SYNC_CREATE);
  g_object_set (mailbox, "mail-dir", ca_test_server_get_mail_dir (server), NULL);
  gtk_window_set_child (GTK_WINDOW (own), mailbox);
  gtk_window_present (GTK_WINDOW (own));
  ca_mailbox_view_refresh (CA_MAILBOX_VIEW (mailbox));
  return mailbox;
}

static void
test_account (void)
{
  GtkWidget *login;
  GtkWidget *mailbox;

  g_assert_true (ca_test_spin_until (has_client, NULL, WAIT_MS));
  login = ca_journey_open_login (window);
  ca_journey_create_account (login, &person);

  mailbox = open_mailbox ();
  ca_journey_follow_mail_link (mailbox, person.email, account_confirmed, (gpointer) person.email);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (mailbox)));

  ca_journey_log_in (window, login, &person);
  ca_journey_complete_profile (window, &person);
}

/* ---- search and sheets --------------------------------------------------------------------- */

static GtkWidget *
search_view (void)
{
  return ca_journey_find_id (GTK_WIDGET (window), "search_view");
}

static CaResultsPage *
results_page (void)
{
  return CA_RESULTS_PAGE (ca_test_find_widget (search_view (), CA_TYPE_RESULTS_PAGE));
}

static CaCoursePage *
course_page (void)
{
  return CA_COURSE_PAGE (ca_test_find_widget (search_view (), CA_TYPE_COURSE_PAGE));
}

static gboolean
results_listed (gpointer data)
{
  CaResultsPage *page = results_page ();

  return gtk_widget_get_mapped (GTK_WIDGET (page)) && !ca_results_page_get_busy (page)
         && g_strcmp0 (ca_results_page_get_state (page), "list") == 0;
}

static void
wait_results (void)
{
  if (!ca_test_spin_until (results_listed, NULL, WAIT_MS))
    g_error ("no results listed");
}

static void
search_keyword (void)
{
  CaSearchPage *page = CA_SEARCH_PAGE (ca_test_find_widget (search_view (), CA_TYPE_SEARCH_PAGE));
  GtkWidget *entry = ca_search_page_get_entry (page);
  GListModel *model;
  guint all;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s", "search");
  g_assert_cmpstr (ca_journey_place (window), ==, "search");
  ca_journey_type (entry, KEYWORD);
  g_signal_emit_by_name (entry, "activate");
  wait_results ();
  all = ca_results_page_get_total (results_page ());

  /* « Uniquement les cours pour lesquels les candidatures sont ouvertes » */
  ca_journey_activate (ca_results_page_get_open_switch (results_page ()));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (ca_results_page_get_open_switch (
                                                      results_page ()))));
  wait_results ();
  g_assert_cmpuint (ca_results_page_get_total (results_page ()), <, all);
  g_assert_cmpuint (ca_results_page_get_total (results_page ()), >=, 4);
  model = ca_results_page_get_model (results_page ());
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (model, i);
      g_autofree char *title = g_utf8_strdown (ca_course_summary_get_title (summary), -1);

      g_assert_nonnull (strstr (title, KEYWORD));
    }
}

/* The row of the list that shows @summary, once mapped */
static GtkWidget *
result_row (CaCourseSummary *summary)
{
  GtkWidget *list = ca_results_page_get_list_view (results_page ());
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  ca_cand_collect (list, CA_TYPE_RESULT_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (ca_result_row_get_summary (CA_RESULT_ROW (row)) == summary
          && gtk_widget_get_mapped (row))
        return row;
    }
  return NULL;
}

static gboolean
row_shown (gpointer data)
{
  return result_row (data) != NULL;
}

static gboolean
sheet_shown (gpointer data)
{
  return g_strcmp0 (ca_course_page_get_state (course_page ()), "sheet") == 0
         && gtk_widget_get_mapped (GTK_WIDGET (course_page ()));
}

/* « Voir la fiche » from the row of @summary: the title first, which shows the objective */
static void
open_sheet (CaCourseSummary *summary)
{
  GtkWidget *row;

  if (!ca_test_spin_until (row_shown, summary, WAIT_MS))
    g_error ("no row for “%s”", ca_course_summary_get_title (summary));
  row = result_row (summary);
  if (!ca_result_row_get_expanded (CA_RESULT_ROW (row)))
    g_signal_emit_by_name (ca_journey_find_id (row, "header_button"), "clicked");
  g_assert_true (ca_result_row_get_expanded (CA_RESULT_ROW (row)));
  ca_cand_wait_label (row, ca_course_summary_get_objective (summary));
  ca_journey_click (row, "View the sheet");
  if (!ca_test_spin_until (sheet_shown, NULL, WAIT_MS))
    g_error ("the sheet of “%s” did not come", ca_course_summary_get_title (summary));
  g_assert_cmpstr (ca_course_page_get_course_id (course_page ()), ==,
                   ca_course_summary_get_id (summary));
}

/* The day a session row reads: its subtitle's second line starts "Monday, 18:30–20:30" */
static char *
row_day (GtkWidget *row)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  const char *line = subtitle != NULL ? strchr (subtitle, '\n') : NULL;
  const char *comma = line != NULL ? strchr (line, ',') : NULL;

  g_assert_nonnull (comma);
  return g_strndup (line + 1, comma - line - 1);
}

/* Chooses the first session on a day not taken yet; FALSE when the sheet has none */
static gboolean
choose_session (GHashTable *days)
{
  GtkWidget *group = ca_journey_find_id (GTK_WIDGET (course_page ()), "sessions_group");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  ca_cand_collect (group, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      g_autofree char *day = row_day (row);
      GtkWidget *check = ca_test_find_widget (row, GTK_TYPE_CHECK_BUTTON);

      if (g_hash_table_contains (days, day))
        continue;
      ca_journey_activate (check);
      g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
      g_hash_table_add (days, g_steal_pointer (&day));
      return TRUE;
    }
  return FALSE;
}

static gboolean
results_back (gpointer data)
{
  return results_listed (NULL) && !gtk_widget_get_mapped (GTK_WIDGET (course_page ()));
}

/* Four courses of the results saved, each with a session on another day so that none clashes;
 * returns their titles */
static GPtrArray *
save_four (void)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *model = ca_results_page_get_model (results_page ());

  for (guint i = 0; i < g_list_model_get_n_items (model) && titles->len < 4; i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (model, i);
      GtkWidget *row;

      open_sheet (summary);
      if (choose_session (days))
        {
          ca_journey_click (GTK_WIDGET (course_page ()), "Save to my applications");
          ca_cand_wait_label (GTK_WIDGET (course_page ()), "Course added to your applications");
          g_ptr_array_add (titles, g_strdup (ca_course_summary_get_title (summary)));
        }
      /* « Retour aux résultats » (Alt+←) */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
      if (!ca_test_spin_until (results_back, NULL, WAIT_MS))
        g_error ("not back to the results");
      /* Folded again, so that the next rows stay in view */
      row = result_row (summary);
      if (row != NULL && ca_result_row_get_expanded (CA_RESULT_ROW (row)))
        g_signal_emit_by_name (ca_journey_find_id (row, "header_button"), "clicked");
    }
  g_assert_cmpuint (titles->len, ==, 4);
  return titles;
}

/* ---- « Mes candidatures et paiements » ----------------------------------------------------- */

static GtkWidget *
dashboard (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s", "candidatures");
  g_assert_cmpstr (ca_journey_place (window), ==, "candidatures");
  return ca_journey_find_id (GTK_WIDGET (window), "candidatures_view");
}

/* The button @label of the row of @title */
static GtkWidget *
row_button (GtkWidget  *view,
            const char *title,
            const char *label)
{
  GtkWidget *title_label = ca_test_find_label (view, title);
  GtkWidget *row;
  GtkWidget *button;

  g_assert_nonnull (title_label);
  row = gtk_widget_get_ancestor (title_label, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  button = ca_test_find_button (row, label);
  if (button == NULL)
    g_error ("no “%s” for “%s”", label, title);
  return button;
}

static gboolean
form_ready (gpointer data)
{
  GtkWidget *form = GTK_WIDGET (ca_test_find_window (CA_TYPE_CANDIDATURE_FORM));
  GtkWidget *stack = form != NULL ? ca_test_find_widget (form, GTK_TYPE_STACK) : NULL;

  return stack != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "questions") == 0;
}

/* « Confirmer ma candidature »: every question answered, « Suivant », then « Valider » */
static GtkWidget *
fill_form (GtkWidget  *view,
           const char *title)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  GtkWidget *form;

  g_signal_emit_by_name (row_button (view, title, "Confirm my application"), "clicked");
  g_assert_true (ca_test_spin_until (form_ready, NULL, WAIT_MS));
  form = GTK_WIDGET (ca_test_find_window (CA_TYPE_CANDIDATURE_FORM));
  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  ca_cand_collect (form, GTK_TYPE_CHECK_BUTTON, checks);
  ca_cand_collect (form, GTK_TYPE_SWITCH, switches);
  for (guint i = 0; i < entries->len; i++)
    ca_journey_type (g_ptr_array_index (entries, i), "Pour mon travail");
  for (guint i = 0; i < checks->len; i++)
    ca_journey_activate (g_ptr_array_index (checks, i));
  for (guint i = 0; i < switches->len; i++)
    ca_journey_activate (g_ptr_array_index (switches, i));
  ca_journey_click (form, "Next");
  ca_cand_wait_label (form, "Your Answers");
  ca_journey_click (form, "Validate");
  return form;
}

static void
answer_message_dialog (const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (ca_cand_wait_window (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), body));
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
preselected_gone (gpointer data)
{
  return !ca_cand_label_shown (data, "Preselected courses");
}

/* The id of the candidature of @title, as the back office lists it */
static char *
candidature_id (const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureList) list = ca_cand_list (ca_application_get_client (app), &error);
  GListModel *items;

  g_assert_no_error (error);
  items = ca_candidature_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCandidature) candidature = g_list_model_get_item (items, i);

      if (g_str_equal (ca_candidature_get_course_title (candidature), title))
        return g_strdup (ca_candidature_get_id (candidature));
    }
  g_error ("no candidature for “%s”", title);
}

static gboolean
payment_url_known (gpointer data)
{
  GtkWindow *dialog = ca_test_find_window (CA_TYPE_PAYMENT_DIALOG);

  return dialog != NULL && ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (dialog)) != NULL;
}

static void
test_applications (void)
{
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paid_id = NULL;
  GtkWidget *view;
  GtkWidget *form;
  GtkWidget *payment;

  g_assert_true (ca_profile_view_get_complete (CA_PROFILE_VIEW (ca_journey_find_id (
                   GTK_WIDGET (window), "profile_view"))));
  search_keyword ();
  titles = save_four ();

  view = dashboard ();
  ca_cand_wait_label (view, "Preselected courses (4)");
  ca_cand_wait_label (view, "0 / 3 active applications");

  /* Three confirmed through the candidature form */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u / 3 active applications", i + 1);

      fill_form (view, g_ptr_array_index (titles, i));
      ca_cand_wait_window_gone (CA_TYPE_CANDIDATURE_FORM);
      ca_cand_wait_label (view, count);
    }
  ca_cand_wait_label (view, "Applications being processed (3)");

  /* The fourth is refused: three at most, and the message says how to free a place */
  form = fill_form (view, g_ptr_array_index (titles, 3));
  ca_cand_wait_label (form, "more than three active applications");
  ca_cand_wait_label (form, "cancel an application in progress");
  gtk_window_close (GTK_WINDOW (form));
  ca_cand_wait_window_gone (CA_TYPE_CANDIDATURE_FORM);

  /* One cancelled, which frees a place; the fourth deleted */
  g_signal_emit_by_name (row_button (view, g_ptr_array_index (titles, 0),
                                     "Cancel my application"), "clicked");
  answer_message_dialog ("cannot be undone");
  ca_cand_wait_label (view, "2 / 3 active applications");
  g_signal_emit_by_name (row_button (view, g_ptr_array_index (titles, 3), "Delete"), "clicked");
  answer_message_dialog ("cannot be undone");
  g_assert_true (ca_test_spin_until (preselected_gone, view, WAIT_MS));
  ca_cand_wait_label (view, "Applications being processed (2)");
  ca_cand_wait_label (view, "Enrolments and closed applications (1)");

  /* The back office accepts the second; F5 shows it */
  paid_id = candidature_id (g_ptr_array_index (titles, 1));
  admin ("accept", paid_id);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  ca_cand_wait_label (view, "Applications awaiting payment (1)");

  /* « Régler », paid on the simulator as a browser would */
  g_signal_emit_by_name (row_button (view, g_ptr_array_index (titles, 1), "Pay"), "clicked");
  g_assert_true (ca_test_spin_until (payment_url_known, NULL, WAIT_MS));
  payment = GTK_WIDGET (ca_test_find_window (CA_TYPE_PAYMENT_DIALOG));
  ca_cand_wait_label (payment, "Payment in Progress");
  ca_cand_simulator_submit (ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (payment)),
                            "4111111111111111", "pay", &error);
  g_assert_no_error (error);
  ca_cand_wait_window_gone (CA_TYPE_PAYMENT_DIALOG);
  ca_cand_wait_label (GTK_WIDGET (window), "Enrolment confirmed");

  /* « Inscription » in the closed section */
  ca_cand_wait_label (view, "Enrolments and closed applications (2)");
  ca_cand_wait_label (view, "Enrolment");
  g_assert_cmpint (ca_cand_status (ca_application_get_client (app), paid_id), ==,
                   CA_STATUS_ENROLLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("CA_TEST_NO_BROWSER", "1", TRUE);
  ca_test_init (&argc, &argv);

  server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);
  app = ca_test_application_new ("fr.paris.CoursAdultes.TestJourney",
                                 ca_test_server_get_url (server),
                                 FALSE);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));

  /* One person's journey: each step starts where the previous one ended */
  g_test_add_func ("/journey/account-and-profile", test_account);
  g_test_add_func ("/journey/applications-and-payment", test_applications);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  ca_test_server_free (server);
  return status;
}
