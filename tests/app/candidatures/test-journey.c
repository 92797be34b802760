/* test-journey.c — the applicant's whole journey of the guide, through the real window:
 * account, mail link, login, profile, search, four sheets saved, three confirmed, the fourth
 * refused, one cancelled, one deleted, one accepted by the back office, paid on the PayFiP
 * simulator, and shown as « Inscription ».
 *
 * The account is created in the « Créer mon compte » dialog (src/app/account). The profile is
 * completed through the API: its place is tested on its own by tests/app/account. The sheets
 * are opened from the window's search place by id, chosen beforehand through the API so that
 * their sessions do not clash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaJourney"

#include <string.h>
#include <adwaita.h>

#include "ca-account-dialog.h"
#include "ca-account-private.h"
#include "ca-account-test-util.h"
#include "ca-application.h"
#include "ca-cand-test-util.h"
#include "ca-candidature-form.h"
#include "ca-candidatures-view.h"
#include "ca-login-dialog.h"
#include "ca-payment-dialog.h"
#include "ca-search-view-private.h"
#include "ca-status.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define WAIT_MS 20000
#define EMAIL "parcours@example.org"
#define PASSWORD "Motdepasse-solide-42"

static CaTestServer  *server;
static CaApplication *app;
static CaWindow      *window;

/* ---- waiting and finding ------------------------------------------------------------------- */

static CaClient *
client (void)
{
  return ca_application_get_client (app);
}

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

/* ---- the steps ----------------------------------------------------------------------------- */

static gboolean
captcha_ready (gpointer data)
{
  return !ca_account_dialog_get_busy (data) && ca_account_dialog_get_captcha_id (data) != NULL;
}

static gboolean
account_settled (gpointer data)
{
  return !ca_account_dialog_get_busy (data);
}

static void
create_account (void)
{
  CaAccountDialog *dialog = ca_account_dialog_new (client (), GTK_WINDOW (window));
  CaAccountDialogParts parts;

  gtk_window_present (GTK_WINDOW (dialog));
  ca_account_dialog_get_parts (dialog, &parts);
  g_assert_true (ca_test_spin_until (captcha_ready, dialog, WAIT_MS));
  ca_account_test_type (parts.email_row, EMAIL);
  ca_account_test_type (parts.password_row, PASSWORD);
  ca_account_test_type (parts.confirm_row, PASSWORD);
  /* The service's --testing header gives the code's answer */
  ca_account_test_type (parts.captcha_row, ca_account_dialog_get_testing_answer (dialog));
  gtk_check_button_set_active (parts.terms_check, TRUE);
  ca_account_test_click (parts.create_button);
  g_assert_true (ca_test_spin_until (account_settled, dialog, WAIT_MS));
  g_assert_true (gtk_widget_get_mapped (parts.done_page));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
follow_mail_link (void)
{
  g_autofree char *mail = ca_account_test_newest_mail (ca_test_server_get_mail_dir (server));
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (mail);
  token = ca_account_test_mail_token (mail);
  g_assert_nonnull (token);
  ca_account_test_confirm (client (), token, &error);
  g_assert_no_error (error);
}

static gboolean
logged_in (gpointer data)
{
  return ca_client_is_logged_in (client ());
}

static void
log_in (void)
{
  GtkWidget *dialog;
  GtkWidget *email_row;
  GtkWidget *password_row;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.log-in", NULL);
  dialog = ca_cand_wait_window (CA_TYPE_LOGIN_DIALOG);
  email_row = ca_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW);
  password_row = ca_test_find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (email_row), EMAIL);
  gtk_editable_set_text (GTK_EDITABLE (password_row), PASSWORD);
  ca_cand_click (dialog, "_Log In");
  g_assert_true (ca_test_spin_until (logged_in, NULL, WAIT_MS));
  ca_cand_wait_window_gone (CA_TYPE_LOGIN_DIALOG);
}

static void
complete_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProfile) profile = ca_account_test_get_profile (client (), &error);
  g_autoptr(CaProfile) saved = NULL;
  CaCatalogue *catalogue = ca_client_get_cached_catalogue (client ());
  g_autoptr(CaNamedItem) heard = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  heard = g_list_model_get_item (ca_catalogue_get_heard_from_options (catalogue), 0);
  ca_profile_set (profile, CA_PROFILE_CIVILITY, "Mme");
  ca_profile_set (profile, CA_PROFILE_LAST_NAME, "Martin");
  ca_profile_set (profile, CA_PROFILE_FIRST_NAME, "Camille");
  ca_profile_set (profile, CA_PROFILE_BIRTH_DATE, "1990-04-12");
  ca_profile_set (profile, CA_PROFILE_BIRTH_COUNTRY, "France");
  ca_profile_set (profile, CA_PROFILE_ADDRESS, "12 rue de la Roquette");
  ca_profile_set (profile, CA_PROFILE_POSTAL_CODE, "75011");
  ca_profile_set (profile, CA_PROFILE_CITY, "Paris");
  ca_profile_set (profile, CA_PROFILE_PHONE_MOBILE, "06 12 34 56 78");
  ca_profile_set (profile, CA_PROFILE_HEARD_FROM, ca_named_item_get_id (heard));
  saved = ca_account_test_put_profile (client (), profile, &error);
  g_assert_no_error (error);
  g_assert_true (ca_profile_get_complete (saved));
}

/* Four open courses with a session each, on four different days */
static GPtrArray *
choose_sessions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();
  g_autoptr(CaCourseList) list = NULL;
  GPtrArray *chosen = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean days[7] = { FALSE, };
  GListModel *items;

  ca_course_query_set_open_only (query, TRUE);
  ca_course_query_set_page (query, 0, 100);
  list = ca_search_courses (client (), query, &error);
  g_assert_no_error (error);
  items = ca_course_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items) && chosen->len < 4; i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (items, i);
      g_autoptr(CaCourse) course = ca_search_get_course (client (),
                                                         ca_course_summary_get_id (summary),
                                                         &error);
      GListModel *sessions;

      g_assert_no_error (error);
      sessions = ca_course_get_sessions (course);
      for (guint s = 0; s < g_list_model_get_n_items (sessions); s++)
        {
          g_autoptr(CaSession) session = g_list_model_get_item (sessions, s);

          if (days[ca_session_get_day (session)])
            continue;
          days[ca_session_get_day (session)] = TRUE;
          g_ptr_array_add (chosen, g_object_ref (session));
          g_object_set_data_full (G_OBJECT (session), "course",
                                  g_strdup (ca_course_get_id (course)), g_free);
          break;
        }
    }
  g_assert_cmpuint (chosen->len, ==, 4);
  return chosen;
}

static char *outcome;

static void
save_finished_cb (CaCoursePage *page,
                  const char   *result)
{
  g_free (outcome);
  outcome = g_strdup (result);
}

static gboolean
sheet_shown (gpointer data)
{
  CaCoursePage *page = data;

  return g_strcmp0 (ca_course_page_get_state (page), "sheet") == 0;
}

static gboolean
has_outcome (gpointer data)
{
  return outcome != NULL;
}

static void
save_from_sheet (CaSearchView *search,
                 CaSession    *session)
{
  CaCoursePage *page = ca_search_view_get_course_page (search);

  g_clear_pointer (&outcome, g_free);
  ca_window_show_place (window, "search");
  ca_search_view_open_course (search, g_object_get_data (G_OBJECT (session), "course"));
  g_assert_true (ca_test_spin_until (sheet_shown, page, WAIT_MS));
  g_assert_true (ca_course_page_select_session (page, ca_session_get_id (session)));
  g_signal_emit_by_name (ca_course_page_get_save_button (page), "clicked");
  g_assert_true (ca_test_spin_until (has_outcome, NULL, WAIT_MS));
  g_assert_cmpstr (outcome, ==, "saved");
}

/* The dashboard: the window's own place once it hosts it, else a window of its own bound to
 * the application's client */
static GtkWidget *
dashboard (void)
{
  GtkWidget *view = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_CANDIDATURES_VIEW);
  GtkWidget *own;

  if (view != NULL)
    {
      ca_window_show_place (window, "candidatures");
      return view;
    }
  own = gtk_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (own), GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (own), 900, 800);
  view = ca_candidatures_view_new ();
  g_object_bind_property (app, "client", view, "client", G_BINDING_SYNC_CREATE);
  gtk_window_set_child (GTK_WINDOW (own), adw_toast_overlay_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (gtk_window_get_child (GTK_WINDOW (own))), view);
  gtk_window_present (GTK_WINDOW (own));
  return view;
}

/* The preselected row of @title: its « Confirmer ma candidature » button */
static GtkWidget *
row_button (GtkWidget  *view,
            const char *title,
            const char *label)
{
  GtkWidget *title_label = ca_test_find_label (view, title);
  GtkWidget *row;

  g_assert_nonnull (title_label);
  row = gtk_widget_get_ancestor (title_label, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  return ca_test_find_button (row, label);
}

static gboolean
form_ready (gpointer data)
{
  GtkWidget *form = GTK_WIDGET (ca_test_find_window (CA_TYPE_CANDIDATURE_FORM));
  GtkWidget *stack = form != NULL ? ca_test_find_widget (form, GTK_TYPE_STACK) : NULL;

  return stack != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "questions") == 0;
}

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
    gtk_editable_set_text (g_ptr_array_index (entries, i), "Pour mon travail");
  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
  for (guint i = 0; i < switches->len; i++)
    gtk_switch_set_active (g_ptr_array_index (switches, i), TRUE);
  ca_cand_click (form, "Next");
  ca_cand_click (form, "Validate");
  return form;
}

static void
answer_message_dialog (void)
{
  GtkWidget *dialog = ca_cand_wait_window (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "cannot be undone"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
payment_url_known (gpointer data)
{
  GtkWindow *dialog = ca_test_find_window (CA_TYPE_PAYMENT_DIALOG);

  return dialog != NULL && ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (dialog)) != NULL;
}

static const char *
title_of (CaSession *session)
{
  return g_object_get_data (G_OBJECT (session), "title");
}

static gboolean
preselected_gone (gpointer data)
{
  return !ca_cand_label_shown (data, "Preselected courses");
}

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (app) != NULL;
}

static void
test_journey (void)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  CaSearchView *search = CA_SEARCH_VIEW (ca_test_find_widget (GTK_WIDGET (window),
                                                              CA_TYPE_SEARCH_VIEW));
  GtkWidget *view;
  GtkWidget *form;
  GtkWidget *payment;
  g_autoptr(CaCandidatureList) list = NULL;
  GListModel *items;
  const char *paid_id = NULL;

  g_assert_true (ca_test_spin_until (has_client, NULL, WAIT_MS));
  create_account ();
  follow_mail_link ();
  log_in ();
  complete_profile ();

  sessions = choose_sessions ();
  g_signal_connect (ca_search_view_get_course_page (search), "save-finished",
                    G_CALLBACK (save_finished_cb), NULL);
  for (guint i = 0; i < sessions->len; i++)
    {
      CaSession *session = g_ptr_array_index (sessions, i);
      g_autoptr(CaCourse) course = ca_search_get_course (client (),
                                                         g_object_get_data (G_OBJECT (session),
                                                                            "course"),
                                                         &error);

      g_assert_no_error (error);
      g_object_set_data_full (G_OBJECT (session), "title", g_strdup (ca_course_get_title (course)),
                              g_free);
      save_from_sheet (search, session);
    }

  view = dashboard ();
  ca_cand_wait_label (view, "Preselected courses (4)");
  ca_cand_wait_label (view, "0 / 3 active applications");

  /* Three confirmed through the candidature form */
  for (guint i = 0; i < 3; i++)
    {
      fill_form (view, title_of (g_ptr_array_index (sessions, i)));
      ca_cand_wait_window_gone (CA_TYPE_CANDIDATURE_FORM);
      ca_test_spin_for (300);
    }
  ca_cand_wait_label (view, "3 / 3 active applications");
  ca_cand_wait_label (view, "Applications being processed (3)");

  /* The fourth is refused: three at most */
  form = fill_form (view, title_of (g_ptr_array_index (sessions, 3)));
  ca_cand_wait_label (form, "more than three active applications");
  gtk_window_destroy (GTK_WINDOW (form));

  /* One cancelled, which frees a place; the fourth deleted */
  g_signal_emit_by_name (row_button (view, title_of (g_ptr_array_index (sessions, 0)),
                                     "Cancel my application"), "clicked");
  answer_message_dialog ();
  ca_cand_wait_label (view, "2 / 3 active applications");
  g_signal_emit_by_name (row_button (view, title_of (g_ptr_array_index (sessions, 3)), "Delete"),
                         "clicked");
  answer_message_dialog ();
  ca_cand_wait_label (view, "Applications being processed (2)");
  g_assert_true (ca_test_spin_until (preselected_gone, view, WAIT_MS));

  /* The back office accepts the second */
  list = ca_cand_list (client (), &error);
  g_assert_no_error (error);
  items = ca_candidature_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCandidature) candidature = g_list_model_get_item (items, i);

      if (g_str_equal (ca_session_get_id (ca_candidature_get_session (candidature)),
                       ca_session_get_id (g_ptr_array_index (sessions, 1))))
        paid_id = g_intern_string (ca_candidature_get_id (candidature));
    }
  g_assert_nonnull (paid_id);
  admin ("accept", paid_id);
  ca_candidatures_view_refresh (CA_CANDIDATURES_VIEW (view));
  ca_cand_wait_label (view, "Applications awaiting payment (1)");

  /* « Régler », paid on the simulator as a browser would */
  ca_cand_click (view, "Pay");
  g_assert_true (ca_test_spin_until (payment_url_known, NULL, WAIT_MS));
  payment = GTK_WIDGET (ca_test_find_window (CA_TYPE_PAYMENT_DIALOG));
  ca_cand_wait_label (payment, "Payment in Progress");
  ca_cand_simulator_submit (ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (payment)),
                            "4111111111111111", "pay", &error);
  g_assert_no_error (error);
  ca_cand_wait_window_gone (CA_TYPE_PAYMENT_DIALOG);
  ca_cand_wait_label (gtk_widget_get_ancestor (view, GTK_TYPE_WINDOW) != NULL
              ? GTK_WIDGET (gtk_widget_get_root (view)) : view, "Enrolment confirmed");

  /* « Inscription » in the closed section */
  ca_cand_wait_label (view, "Enrolments and closed applications (2)");
  ca_cand_wait_label (view, "Enrolment");
  g_assert_cmpint (ca_cand_status (client (), paid_id), ==, CA_STATUS_ENROLLED);
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
  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", "fr.paris.CoursAdultes.TestJourney",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "service-url", ca_test_server_get_url (server),
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/journey/whole", test_journey);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  ca_test_server_free (server);
  return status;
}
