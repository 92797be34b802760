/* test-candidatures.c — « Mes candidatures et paiements » and « Régler » in a real window,
 * against a real service, its back office (cours-adultes-admin) and its PayFiP simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCandTest"

#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "ca-cand-test-util.h"
#include "ca-candidature-form.h"
#include "ca-candidatures-view.h"
#include "ca-payment-dialog.h"
#include "ca-status.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"

#define WAIT_MS 20000

static CaCandServer *server;
static guint person_counter;

/* ---- helpers ------------------------------------------------------------------------------- */

static CaClient *
new_person (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("personne%u@example.org", ++person_counter);
  CaClient *client = ca_cand_new_person (server, email, &error);

  g_assert_no_error (error);
  return client;
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *view;
} Screen;

static Screen
show_view (CaClient *client)
{
  Screen screen;
  GtkWidget *overlay = adw_toast_overlay_new ();

  screen.window = gtk_window_new ();
  screen.view = ca_candidatures_view_new ();
  gtk_window_set_default_size (GTK_WINDOW (screen.window), 1280, 800);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), screen.view);
  gtk_window_set_child (GTK_WINDOW (screen.window), overlay);
  g_object_set (screen.view, "client", client, NULL);
  gtk_window_present (GTK_WINDOW (screen.window));
  return screen;
}

static const char *
visible_page (Screen *screen)
{
  GtkWidget *stack = ca_test_find_widget (screen->view, GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Lookup;

static gboolean
page_is (gpointer data)
{
  Lookup *lookup = data;
  GtkWidget *stack = ca_test_find_widget (lookup->root, GTK_TYPE_STACK);

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), lookup->text) == 0;
}

static void
wait_page (Screen     *screen,
           const char *name)
{
  Lookup lookup = { screen->view, name };

  if (!ca_test_spin_until (page_is, &lookup, WAIT_MS))
    g_error ("the view shows “%s”, not “%s”", visible_page (screen), name);
}

static void
close_screen (Screen *screen)
{
  gtk_window_destroy (GTK_WINDOW (screen->window));
  ca_test_spin_for (50);
}

static CaCandidature *
take (GPtrArray *candidatures,
      guint      i)
{
  return g_ptr_array_index (candidatures, i);
}

static void
admin (const char *first,
       ...)
{
  g_autoptr(GError) error = NULL;
  const char *args[8] = { NULL, };
  va_list ap;
  guint n = 0;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL && n < 7; arg = va_arg (ap, const char *))
    args[n++] = arg;
  va_end (ap);
  ca_cand_admin (server, &error, args[0], args[1], args[2], args[3], args[4], args[5],
                 args[6], NULL);
  g_assert_no_error (error);
}

/* ---- the dashboard ------------------------------------------------------------------------- */

static void
test_logged_out (void)
{
  g_autoptr(CaClient) client = ca_client_new (ca_cand_server_get_url (server), NULL);
  Screen screen = show_view (client);

  wait_page (&screen, "logged-out");
  g_assert_nonnull (ca_test_find_button (screen.view, "Log In"));
  close_screen (&screen);
}

static void
test_empty (void)
{
  g_autoptr(CaClient) client = new_person ();
  Screen screen = show_view (client);

  wait_page (&screen, "empty");
  g_assert_nonnull (ca_test_find_button (screen.view, "Search for a Course"));
  close_screen (&screen);
}

static gboolean
processing_gone (gpointer data)
{
  return !ca_cand_label_shown (data, "Applications being processed");
}

static char *fill_every_section (CaClient *client);

/* Every section filled from the service's real answers and the back office's decisions */
static void
test_sections (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autofree char *convoked = fill_every_section (client);
  Screen screen = show_view (client);

  wait_page (&screen, "list");
  ca_cand_wait_label (screen.view, "Applications awaiting payment (1)");
  ca_cand_wait_label (screen.view, "Preselected courses (1)");
  ca_cand_wait_label (screen.view, "Applications being processed (1)");
  ca_cand_wait_label (screen.view, "Enrolments and closed applications (3)");
  ca_cand_wait_label (screen.view, "2 / 3 active applications");
  ca_cand_wait_label (screen.view, "Lack of places");
  ca_cand_wait_label (screen.view, "Cancelled");
  ca_cand_wait_label (screen.view, "Enrolment");
  ca_cand_wait_label (screen.view, "Salle 12");
  ca_cand_wait_label (screen.view, "Convocation: ");
  ca_cand_wait_label (screen.view, "Amount due: ");
  g_assert_nonnull (ca_test_find_button (screen.view, "Pay"));
  g_assert_nonnull (ca_test_find_button (screen.view, "Confirm my application"));
  g_assert_nonnull (ca_test_find_button (screen.view, "Delete"));
  g_assert_nonnull (ca_test_find_button (screen.view, "Cancel my application"));

  /* F5: what the back office did meanwhile shows up; an emptied section goes */
  admin ("accept", convoked, NULL);
  ca_candidatures_view_refresh (CA_CANDIDATURES_VIEW (screen.view));
  ca_cand_wait_label (screen.view, "Applications awaiting payment (2)");
  g_assert_true (ca_test_spin_until (processing_gone, screen.view, WAIT_MS));
  close_screen (&screen);
}

/* ---- the candidature form ------------------------------------------------------------------ */

static GtkWidget *
open_form (Screen *screen)
{
  GtkWidget *form;

  ca_cand_click (screen->view, _("Confirm my application"));
  form = ca_cand_wait_window (CA_TYPE_CANDIDATURE_FORM);
  return form;
}

static gboolean
form_has_questions (gpointer data)
{
  GtkWidget *stack = ca_test_find_widget (data, GTK_TYPE_STACK);

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "questions") == 0;
}

/* Answers every question: text rows get @text, every choice group its last choice, switches on */
static void
answer_all (GtkWidget  *form,
            const char *text)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();

  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  ca_cand_collect (form, GTK_TYPE_CHECK_BUTTON, checks);
  ca_cand_collect (form, GTK_TYPE_SWITCH, switches);
  for (guint i = 0; i < entries->len; i++)
    gtk_editable_set_text (g_ptr_array_index (entries, i), text);
  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
  for (guint i = 0; i < switches->len; i++)
    gtk_switch_set_active (g_ptr_array_index (switches, i), TRUE);
}

static void
fill_form (GtkWidget *form)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  GtkWidget *next;

  if (!ca_test_spin_until (form_has_questions, form, WAIT_MS))
    g_error ("the form's questions did not come");
  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  ca_cand_collect (form, GTK_TYPE_CHECK_BUTTON, checks);
  ca_cand_collect (form, GTK_TYPE_SWITCH, switches);
  g_assert_cmpuint (entries->len, >, 0);
  g_assert_cmpuint (checks->len, >, 0);
  g_assert_cmpuint (switches->len, >, 0);
  g_assert_nonnull (ca_test_find_label (form, " *"));

  /* « Suivant » waits for every required answer */
  next = ca_test_find_button (form, "Next");
  g_assert_false (gtk_widget_is_sensitive (next));
  answer_all (form, "Je travaille le soir");
  g_assert_true (gtk_widget_is_sensitive (next));
  ca_cand_click (form, "Next");
  ca_cand_wait_label (form, "Your Answers");
  ca_cand_wait_label (form, "Je travaille le soir");
  ca_cand_wait_label (form, "Yes");
}

/* A course asking every kind of question preselected, the dashboard shown, and its form
 * filled up to the summary; returns the form, and the candidatures through @c */
static GtkWidget *
rich_form (CaClient   *client,
           Screen     *screen,
           GPtrArray **c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *course_id = ca_cand_find_rich_course (client, &error);
  GtkWidget *form;

  g_assert_no_error (error);
  *c = ca_cand_preselect (client, 1, course_id, &error);
  g_assert_no_error (error);
  *screen = show_view (client);
  wait_page (screen, "list");
  form = open_form (screen);
  fill_form (form);
  return form;
}

static void
test_confirm_form (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GPtrArray) c = NULL;
  Screen screen;
  GtkWidget *form = rich_form (client, &screen, &c);

  ca_cand_click (form, "Validate");
  /* No second request while the first is under way */
  g_assert_false (gtk_widget_is_sensitive (ca_test_find_button (form, "Sending…")));
  ca_cand_wait_window_gone (CA_TYPE_CANDIDATURE_FORM);
  ca_cand_wait_label (screen.window, "Application confirmed");
  ca_cand_wait_label (screen.view, "Applications being processed (1)");
  ca_cand_wait_label (screen.view, "1 / 3 active applications");
  g_assert_cmpint (ca_cand_status (client, ca_candidature_get_id (take (c, 0))), ==,
                   CA_STATUS_PENDING);
  close_screen (&screen);
}

static void
test_too_many_active (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) c = ca_cand_preselect (client, 4, NULL, &error);
  Screen screen;
  GtkWidget *form;

  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      ca_cand_confirm (client, take (c, i), &error);
      g_assert_no_error (error);
    }
  screen = show_view (client);
  ca_cand_wait_label (screen.view, "3 / 3 active applications");
  form = open_form (&screen);
  if (!ca_test_spin_until (form_has_questions, form, WAIT_MS))
    g_error ("the form's questions did not come");
  answer_all (form, "Réponse");
  ca_cand_click (form, "Next");
  ca_cand_click (form, "Validate");
  ca_cand_wait_label (form, "more than three active applications");
  ca_cand_wait_label (form, "cancel an application in progress");
  /* The person can still close the form and keep the candidature preselected */
  g_assert_cmpint (ca_cand_status (client, ca_candidature_get_id (take (c, 3))), ==,
                   CA_STATUS_PRESELECTED);
  gtk_window_close (GTK_WINDOW (form));
  close_screen (&screen);
}

/* The service stops answering while the answers are sent: a message, and every answer stays */
static void
test_confirm_service_down (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  Screen screen;
  GtkWidget *form;

  ca_client_set_timeout (client, 2);
  form = rich_form (client, &screen, &c);

  ca_cand_server_freeze (server, TRUE);
  ca_cand_click (form, "Validate");
  ca_cand_wait_label (form, "did not answer in time");
  ca_cand_server_freeze (server, FALSE);

  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, i)), ==,
                     "Je travaille le soir");
  ca_cand_wait_label (form, "Je travaille le soir");

  /* Sending again once the service is back needs nothing typed twice */
  ca_cand_click (form, "Validate");
  ca_cand_wait_window_gone (CA_TYPE_CANDIDATURE_FORM);
  g_assert_cmpint (ca_cand_status (client, ca_candidature_get_id (take (c, 0))), ==,
                   CA_STATUS_PENDING);
  close_screen (&screen);
}

/* The service dies while the answers are sent: the message says it cannot be reached, and
 * every answer stays, as typed, on the questions and in the summary */
static void
test_confirm_service_killed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandServer) own = ca_cand_server_new (&error);
  g_autoptr(CaClient) client = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  Screen screen;
  GtkWidget *form;

  g_assert_no_error (error);
  client = ca_cand_new_person (own, "tombe@example.org", &error);
  g_assert_no_error (error);
  form = rich_form (client, &screen, &c);

  ca_cand_server_kill (own);
  ca_cand_click (form, "Validate");
  ca_cand_wait_label (form, "The service cannot be reached");
  g_assert_true (gtk_widget_is_sensitive (ca_test_find_button (form, "Validate")));
  ca_cand_wait_label (form, "Je travaille le soir");
  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  g_assert_cmpuint (entries->len, >, 0);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, i)), ==,
                     "Je travaille le soir");
  g_assert_nonnull (ca_test_find_window (CA_TYPE_CANDIDATURE_FORM));
  gtk_window_destroy (GTK_WINDOW (form));
  close_screen (&screen);
}

/* Waits until the first stack under the window @root shows its page @name */
static void
wait_stack_page (GtkWidget  *root,
                 const char *name)
{
  Lookup lookup = { root, name };

  if (!ca_test_spin_until (page_is, &lookup, WAIT_MS))
    g_error ("the page “%s” is not shown", name);
}

/* The sheet's questions cannot be loaded: the form says why and offers « Réessayer » */
static void
test_confirm_load_error (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) c = ca_cand_preselect (client, 1, NULL, &error);
  Screen screen;
  GtkWidget *form;

  g_assert_no_error (error);
  ca_client_set_timeout (client, 2);
  screen = show_view (client);
  wait_page (&screen, "list");

  ca_cand_server_freeze (server, TRUE);
  form = open_form (&screen);
  wait_stack_page (form, "error");
  ca_cand_server_freeze (server, FALSE);
  ca_cand_wait_label (form, "Could not load the application form");
  ca_cand_wait_label (form, "did not answer in time");

  ca_cand_click (form, "Retry");
  wait_stack_page (form, "questions");
  gtk_window_destroy (GTK_WINDOW (form));
  close_screen (&screen);
}

/* How many error lines of the form are shown */
static guint
shown_errors (GtkWidget *form)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint n = 0;

  ca_cand_collect (form, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "error") && gtk_widget_get_mapped (label))
        n++;
    }
  return n;
}

/* The service's refusals: an answer too long (its field error under its question), and the
 * period closed meanwhile */
static void
test_confirm_refusals (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(CaCourse) course = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GString) long_text = g_string_new (NULL);
  const char *period_id;
  Screen screen;
  GtkWidget *form = rich_form (client, &screen, &c);

  course = ca_search_get_course (client, ca_candidature_get_course_id (take (c, 0)), &error);
  g_assert_no_error (error);
  period_id = ca_period_get_id (ca_course_get_period (course));

  /* 2001 characters: the service refuses, the message comes under the question */
  for (guint i = 0; i < 2001; i++)
    g_string_append_c (long_text, 'a');
  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), long_text->str);
  ca_cand_click (form, "Next");
  ca_cand_click (form, "Validate");
  ca_cand_wait_label (form, "Some answers need to be corrected.");
  ca_cand_wait_label (form, "2000");
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 0)), ==, long_text->str);
  /* The field's message stands under its own question, and only there: one line for the
   * question, one for the form */
  {
    GtkWidget *field_error = ca_test_find_label (form, "2000");
    GtkWidget *question = gtk_widget_get_parent (field_error);

    g_assert_true (gtk_widget_is_ancestor (g_ptr_array_index (entries, 0), question));
    for (guint i = 1; i < entries->len; i++)
      g_assert_false (gtk_widget_is_ancestor (g_ptr_array_index (entries, i), question));
    g_assert_cmpuint (shown_errors (form), ==, 2);
  }

  /* Corrected, but the period closed meanwhile */
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "Je travaille le soir");
  admin ("close-period", period_id, NULL);
  ca_cand_click (form, "Next");
  ca_cand_click (form, "Validate");
  ca_cand_wait_label (form, "period of this course is closed");
  admin ("open-period", period_id, NULL);
  g_assert_cmpint (ca_cand_status (client, ca_candidature_get_id (take (c, 0))), ==,
                   CA_STATUS_PRESELECTED);
  gtk_window_destroy (GTK_WINDOW (form));
  close_screen (&screen);
}

/* ---- delete and cancel --------------------------------------------------------------------- */

static void
answer_message_dialog (const char *expected_text,
                       const char *response)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (ca_cand_wait_window (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected_text));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_delete (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) c = ca_cand_preselect (client, 1, NULL, &error);
  Screen screen;

  g_assert_no_error (error);
  screen = show_view (client);
  wait_page (&screen, "list");

  /* Keeping it changes nothing */
  ca_cand_click (screen.view, "Delete");
  answer_message_dialog ("cannot be undone", "keep");
  ca_test_spin_for (300);
  g_assert_cmpint (ca_cand_status (client, ca_candidature_get_id (take (c, 0))), ==,
                   CA_STATUS_PRESELECTED);

  ca_cand_click (screen.view, "Delete");
  answer_message_dialog ("cannot be undone", "confirm");
  ca_cand_wait_label (screen.window, "Application deleted");
  wait_page (&screen, "empty");
  close_screen (&screen);
}

static void
test_cancel (void)
{
  g_autoptr(CaClient) client = new_person ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) c = ca_cand_preselect (client, 1, NULL, &error);
  Screen screen;

  g_assert_no_error (error);
  ca_cand_confirm (client, take (c, 0), &error);
  g_assert_no_error (error);
  screen = show_view (client);
  ca_cand_wait_label (screen.view, "Applications being processed (1)");

  ca_cand_click (screen.view, "Cancel my application");
  answer_message_dialog ("cannot be undone", "confirm");
  ca_cand_wait_label (screen.window, "Application cancelled");
  ca_cand_wait_label (screen.view, "Enrolments and closed applications (1)");
  ca_cand_wait_label (screen.view, "0 / 3 active applications");
  g_assert_cmpint (ca_cand_status (client, ca_candidature_get_id (take (c, 0))), ==,
                   CA_STATUS_CANCELLED);
  close_screen (&screen);
}

/* ---- payment ------------------------------------------------------------------------------- */

static CaClient *
person_awaiting_payment (char **id)
{
  CaClient *client = new_person ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) c = ca_cand_preselect (client, 1, NULL, &error);

  g_assert_no_error (error);
  ca_cand_confirm (client, take (c, 0), &error);
  g_assert_no_error (error);
  admin ("accept", ca_candidature_get_id (take (c, 0)), NULL);
  *id = g_strdup (ca_candidature_get_id (take (c, 0)));
  return client;
}

static gboolean
payment_url_known (gpointer data)
{
  return ca_payment_dialog_get_payment_url (data) != NULL;
}

static GtkWidget *
start_payment (Screen *screen)
{
  GtkWidget *dialog;

  ca_cand_wait_label (screen->view, "Applications awaiting payment (1)");
  ca_cand_click (screen->view, "Pay");
  dialog = ca_cand_wait_window (CA_TYPE_PAYMENT_DIALOG);
  if (!ca_test_spin_until (payment_url_known, dialog, WAIT_MS))
    g_error ("no payment created");
  ca_cand_wait_label (dialog, "Payment in Progress");
  g_assert_nonnull (ca_test_find_button (dialog, "Reopen the Payment Page"));
  g_assert_nonnull (ca_test_find_icon_button (dialog, "edit-copy-symbolic"));
  return dialog;
}

static void
test_payment_paid (void)
{
  g_autofree char *id = NULL;
  g_autoptr(CaClient) client = person_awaiting_payment (&id);
  g_autoptr(GError) error = NULL;
  Screen screen = show_view (client);
  GtkWidget *dialog = start_payment (&screen);

  /* The amount in the locale's money format */
  ca_cand_wait_label (dialog, "€");
  ca_cand_simulator_submit (ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (dialog)),
                            "4111111111111111", "pay", &error);
  g_assert_no_error (error);
  ca_cand_wait_window_gone (CA_TYPE_PAYMENT_DIALOG);
  ca_cand_wait_label (screen.window, "Enrolment confirmed");
  ca_cand_wait_label (screen.view, "Enrolments and closed applications (1)");
  ca_cand_wait_label (screen.view, "Enrolment");
  g_assert_cmpint (ca_cand_status (client, id), ==, CA_STATUS_ENROLLED);
  close_screen (&screen);
}

static void
payment_fails (const char *card,
               const char *action,
               const char *sentence)
{
  g_autofree char *id = NULL;
  g_autoptr(CaClient) client = person_awaiting_payment (&id);
  g_autoptr(GError) error = NULL;
  Screen screen = show_view (client);
  GtkWidget *dialog = start_payment (&screen);

  ca_cand_simulator_submit (ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (dialog)),
                            card, action, &error);
  g_assert_no_error (error);
  ca_cand_wait_label (dialog, sentence);
  ca_cand_wait_label (dialog, "The payment did not complete");
  g_assert_nonnull (ca_test_find_button (dialog, "Try Again"));
  g_assert_cmpint (ca_cand_status (client, id), ==, CA_STATUS_AWAITING_PAYMENT);

  /* Closing stops the following; the candidature still awaits payment */
  gtk_window_close (GTK_WINDOW (dialog));
  ca_test_spin_for (200);
  g_assert_null (ca_test_find_window (CA_TYPE_PAYMENT_DIALOG));
  ca_cand_wait_label (screen.view, "Applications awaiting payment (1)");
  close_screen (&screen);
}

/* The payment cannot be prepared: the window says why, and « Réessayer » prepares it */
static void
test_payment_prepare_error (void)
{
  g_autofree char *id = NULL;
  g_autoptr(CaClient) client = person_awaiting_payment (&id);
  Screen screen;
  GtkWidget *dialog;

  ca_client_set_timeout (client, 2);
  screen = show_view (client);
  ca_cand_wait_label (screen.view, "Applications awaiting payment (1)");
  ca_cand_server_freeze (server, TRUE);
  ca_cand_click (screen.view, "Pay");
  dialog = ca_cand_wait_window (CA_TYPE_PAYMENT_DIALOG);
  wait_stack_page (dialog, "error");
  ca_cand_server_freeze (server, FALSE);
  ca_cand_wait_label (dialog, "The payment could not be prepared");
  ca_cand_wait_label (dialog, "did not answer in time");
  g_assert_null (ca_payment_dialog_get_payment_url (CA_PAYMENT_DIALOG (dialog)));

  ca_cand_click (dialog, "Retry");
  if (!ca_test_spin_until (payment_url_known, dialog, WAIT_MS))
    g_error ("no payment created on retry");
  ca_cand_wait_label (dialog, "Payment in Progress");
  gtk_window_close (GTK_WINDOW (dialog));
  close_screen (&screen);
}

static void
test_payment_refused (void)
{
  payment_fails ("4000000000000002", "pay", "the card was refused");
}

static void
test_payment_abandoned (void)
{
  payment_fails (NULL, "cancel", "it was abandoned");
}

/* ---- at 360 px wide ------------------------------------------------------------------------ */

#define NARROW_WIDTH 360

static void save (GtkWidget  *widget,
                  const char *name);

static guint
count_cut_labels (GtkWidget  *window,
                  const char *name)
{
  g_autoptr(GPtrArray) cut = g_ptr_array_new ();

  ca_test_spin_for (600);
  ca_cand_collect_cut_labels (window, cut);
  for (guint i = 0; i < cut->len; i++)
    g_test_message ("%s, %d px: « %s » is cut", name, gtk_widget_get_width (window),
                    gtk_label_get_text (g_ptr_array_index (cut, i)));
  return cut->len;
}

/* @window fits 360 px, every label shown whole (wrapped, never cut) there and at its narrowest,
 * for the window decorations may leave less than 360 px */
static void
assert_fits_narrow (GtkWidget  *window,
                    const char *name)
{
  g_autofree char *file = g_strdup_printf ("narrow-%s.png", name);
  int minimum = ca_cand_min_width (window);

  g_test_message ("%s: minimum width %d", name, minimum);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  g_assert_cmpuint (count_cut_labels (window, name), ==, 0);
  g_assert_cmpint (gtk_widget_get_width (window), <=, NARROW_WIDTH);
  save (window, file);

  gtk_window_set_default_size (GTK_WINDOW (window), 1, 720);
  g_assert_cmpuint (count_cut_labels (window, name), ==, 0);
  g_assert_cmpint (gtk_widget_get_width (window), <=, minimum);
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
}

static void
check_narrow (const char *language)
{
  g_autoptr(CaClient) client = new_person ();
  g_autofree char *convoked = fill_every_section (client);
  g_autofree char *dashboard = g_strdup_printf ("dashboard-%s", language);
  g_autofree char *questions = g_strdup_printf ("questions-%s", language);
  g_autofree char *summary = g_strdup_printf ("summary-%s", language);
  Screen screen = show_view (client);
  Lookup on_summary;
  GtkWidget *form;

  gtk_window_set_default_size (GTK_WINDOW (screen.window), NARROW_WIDTH, 720);
  wait_page (&screen, "list");
  ca_cand_wait_label (screen.view, _("Preselected courses"));
  assert_fits_narrow (screen.window, dashboard);

  /* The questions, long ones among them, then the summary of the answers */
  form = open_form (&screen);
  gtk_window_set_default_size (GTK_WINDOW (form), NARROW_WIDTH, 720);
  if (!ca_test_spin_until (form_has_questions, form, WAIT_MS))
    g_error ("the form's questions did not come");
  assert_fits_narrow (form, questions);
  answer_all (form, "Je travaille le soir, du lundi au vendredi, dans une entreprise du 13e");
  ca_cand_click (form, _("Next"));
  on_summary = (Lookup) { form, "summary" };
  g_assert_true (ca_test_spin_until (page_is, &on_summary, WAIT_MS));
  assert_fits_narrow (form, summary);
  gtk_window_destroy (GTK_WINDOW (form));
  close_screen (&screen);
}

/* The dashboard and the candidature form in a window 360 px wide, in English and in French,
 * whose words are longer */
static void
test_narrow (void)
{
  check_narrow ("en");
  if (!ca_cand_speak_french ())
    return;
  check_narrow ("fr");
  ca_cand_speak_c ();
}

/* ---- screenshots --------------------------------------------------------------------------- */

static const struct
{
  int         width;
  int         height;
  const char *suffix;
} sizes[] = {
  { 1280, 800, "" },
  { 360, 720, "-narrow" },
};

static void
save (GtkWidget  *widget,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ca_test_screenshot_path (name);

  ca_test_screenshot_save (widget, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot %s", path);
}

/* Every section filled: one to pay, one preselected, one convoked, and closed ones enrolled,
 * refused for lack of places and cancelled */
static char *
fill_every_section (CaClient *client)
{
  g_autoptr(GError) error = NULL;
  char *convoked = ca_cand_fill_every_section (server, client, &error);

  g_assert_no_error (error);
  return convoked;
}

static void
test_screenshots (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CaClient) client = new_person ();
      g_autofree char *convoked = fill_every_section (client);
      g_autofree char *name = NULL;
      Screen screen;
      GtkWidget *form;
      GtkWidget *dialog;

      screen = show_view (client);
      gtk_window_set_default_size (GTK_WINDOW (screen.window), sizes[s].width, sizes[s].height);
      ca_cand_wait_label (screen.view, "Enrolments and closed applications (3)");
      wait_page (&screen, "list");
      ca_test_spin_for (300);
      name = g_strdup_printf ("dashboard%s.png", sizes[s].suffix);
      save (screen.window, name);

      form = open_form (&screen);
      gtk_window_set_default_size (GTK_WINDOW (form), sizes[s].width, sizes[s].height);
      if (!ca_test_spin_until (form_has_questions, form, WAIT_MS))
        g_error ("the form's questions did not come");
      {
        g_autoptr(GPtrArray) entries = g_ptr_array_new ();

        ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
        gtk_editable_set_text (g_ptr_array_index (entries, 0), "Je travaille le soir");
      }
      /* Past the slide from the spinner */
      ca_test_spin_for (600);
      g_free (name);
      name = g_strdup_printf ("application-form%s.png", sizes[s].suffix);
      save (form, name);
      gtk_window_close (GTK_WINDOW (form));
      ca_test_spin_for (100);

      dialog = start_payment (&screen);
      gtk_window_set_default_size (GTK_WINDOW (dialog), sizes[s].width, sizes[s].height);
      ca_test_spin_for (300);
      g_free (name);
      name = g_strdup_printf ("payment%s.png", sizes[s].suffix);
      save (dialog, name);
      gtk_window_close (GTK_WINDOW (dialog));
      close_screen (&screen);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("CA_TEST_NO_BROWSER", "1", TRUE);
  ca_test_init (&argc, &argv);

  server = ca_cand_server_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/candidatures/logged-out", test_logged_out);
  g_test_add_func ("/candidatures/empty", test_empty);
  g_test_add_func ("/candidatures/sections", test_sections);
  g_test_add_func ("/candidatures/confirm/form", test_confirm_form);
  g_test_add_func ("/candidatures/confirm/too-many-active", test_too_many_active);
  g_test_add_func ("/candidatures/confirm/service-down", test_confirm_service_down);
  g_test_add_func ("/candidatures/confirm/service-killed", test_confirm_service_killed);
  g_test_add_func ("/candidatures/confirm/refusals", test_confirm_refusals);
  g_test_add_func ("/candidatures/confirm/load-error", test_confirm_load_error);
  g_test_add_func ("/candidatures/delete", test_delete);
  g_test_add_func ("/candidatures/cancel", test_cancel);
  g_test_add_func ("/candidatures/payment/paid", test_payment_paid);
  g_test_add_func ("/candidatures/payment/prepare-error", test_payment_prepare_error);
  g_test_add_func ("/candidatures/payment/refused", test_payment_refused);
  g_test_add_func ("/candidatures/payment/abandoned", test_payment_abandoned);
  g_test_add_func ("/candidatures/narrow", test_narrow);
  g_test_add_func ("/candidatures/screenshots", test_screenshots);

  status = g_test_run ();
  ca_cand_server_free (server);
  return status;
}
