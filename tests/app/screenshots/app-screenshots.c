/* app-screenshots.c — the screenshots of the whole application in the desktop's language, in a
 * real window on a real service with its back office: login, account creation, profile, the
 * dashboard with its four sections filled, the candidature form, a payment in progress,
 * contact and the service error, wide (1280×800) and narrow (360×720). Run by
 * tools/screenshots under Xvfb, in normal mode (not public-computer).
 *
 *   app-screenshots OUTPUT-DIR [--main-only] [--style=high-contrast|large-text]
 *                   [--suffix=SUFFIX]
 *
 * --main-only shoots the main screens only; --style applies GNOME's high-contrast or
 * large-text setting; SUFFIX (such as "-rtl") is added to every file name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAppShots"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
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
#include "ca-profile-view.h"
#include "ca-search-view-private.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define WAIT_MS 30000
#define PASSWORD "Motdepasse-solide-42"

static CaCandServer *server;
static const char   *out_dir;
static const char   *suffix = "";
static gboolean      main_only;
static guint         person_counter;

typedef struct
{
  int         width;
  int         height;
  const char *size_suffix;
} Size;

static const Size wide = { 1280, 800, "" };
static const Size narrow = { 360, 720, "-narrow" };

/* ---- shooting ------------------------------------------------------------------------------ */

static void
shoot (GtkWidget  *widget,
       const char *name,
       const Size *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s%s%s.png", name, size->size_suffix, suffix);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);

  /* Let transitions, revealers and the first frame at the new size finish */
  ca_test_spin_for (700);
  if (!ca_test_screenshot_save (widget, path, &error))
    g_error ("%s: %s", path, error->message);
  printf ("%s\n", path);
  fflush (stdout);
}

static void
shoot_window (GtkWindow  *window,
              const char *name,
              const Size *size)
{
  gtk_window_set_default_size (window, size->width, size->height);
  shoot (GTK_WIDGET (window), name, size);
}

/* ---- the service and its back office --------------------------------------------------------- */

static void
check (gboolean    done,
       GError     *error,
       const char *what)
{
  if (!done)
    g_error ("%s: %s", what, error != NULL ? error->message : "failed");
}

/* Every section of the dashboard filled, one preselected asking every kind of question for
 * the form's picture */
static void
fill_every_section (CaClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *convoked = ca_cand_fill_every_section (server, client, &error);

  check (convoked != NULL, error, "filling the dashboard");
}

/* ---- the application ------------------------------------------------------------------------- */

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static CaApplication *
app_new (const char *name,
         const char *service_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = g_strconcat (APP_ID_BASE ".Shots", name, NULL);
  CaApplication *app = g_object_new (CA_TYPE_APPLICATION,
                                     "application-id", app_id,
                                     "flags", G_APPLICATION_NON_UNIQUE,
                                     "service-url", service_url,
                                     "public-computer", FALSE,
                                     NULL);

  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  return app;
}

static void
log_in_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ca_application_log_in_finish (CA_APPLICATION (source), result, &error))
    g_error ("log in: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
log_in (CaApplication *app,
        const char    *email)
{
  gboolean done = FALSE;

  /* Not remembered: the screenshots' session has no keyring */
  ca_application_log_in_async (app, email, PASSWORD, FALSE, NULL, log_in_cb, &done);
  if (!ca_test_spin_until (flag_set, &done, WAIT_MS))
    g_error ("no answer to the log in");
}

static void
log_out_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ca_application_log_out_finish (CA_APPLICATION (source), result, &error))
    g_error ("log out: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static void
log_out (CaApplication *app)
{
  gboolean done = FALSE;

  ca_application_log_out_async (app, NULL, log_out_cb, &done);
  if (!ca_test_spin_until (flag_set, &done, WAIT_MS))
    g_error ("no answer to the log out");
}

/* ---- the screens ----------------------------------------------------------------------------- */

typedef struct
{
  CaWindow *window;
  GType     type;
} Lookup;

static gboolean
widget_built (gpointer data)
{
  Lookup *lookup = data;

  return ca_test_find_widget (GTK_WIDGET (lookup->window), lookup->type) != NULL;
}

/* Shows @place and gives its view, which the window may build only when first shown */
static GtkWidget *
show_place (CaWindow   *window,
            const char *place,
            GType       type)
{
  Lookup lookup = { window, type };

  ca_window_show_place (window, place);
  if (!ca_test_spin_until (widget_built, &lookup, WAIT_MS))
    g_error ("the place %s shows no %s", place, g_type_name (type));
  return ca_test_find_widget (GTK_WIDGET (window), type);
}

static void
shoot_login (CaWindow   *window,
             const Size *size)
{
  GtkWidget *dialog;
  GtkWidget *email_row;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.log-in", NULL);
  dialog = ca_cand_wait_window (CA_TYPE_LOGIN_DIALOG);
  email_row = ca_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (email_row), "camille.martin@example.org");
  if (size == &narrow)
    gtk_window_set_default_size (GTK_WINDOW (dialog), size->width, size->height);
  shoot (dialog, "login", size);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ca_cand_wait_window_gone (CA_TYPE_LOGIN_DIALOG);
}

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
shoot_create_account (CaApplication *app,
                      CaWindow      *window,
                      const Size    *size)
{
  g_autofree char *email = g_strdup_printf ("dominique.%u@example.org", ++person_counter);
  CaAccountDialog *dialog = ca_account_dialog_new (ca_application_get_client (app),
                                                   GTK_WINDOW (window));
  CaAccountDialogParts parts;

  gtk_window_present (GTK_WINDOW (dialog));
  ca_account_dialog_get_parts (dialog, &parts);
  if (!ca_test_spin_until (captcha_ready, dialog, WAIT_MS))
    g_error ("no verification code");
  ca_account_test_type (parts.email_row, email);
  ca_account_test_type (parts.password_row, PASSWORD);
  ca_account_test_type (parts.confirm_row, PASSWORD);
  /* The service's --testing header gives the code's answer */
  ca_account_test_type (parts.captcha_row, ca_account_dialog_get_testing_answer (dialog));
  gtk_check_button_set_active (parts.terms_check, TRUE);
  shoot_window (GTK_WINDOW (dialog), "create-account", size);
  ca_account_test_click (parts.create_button);
  if (!ca_test_spin_until (account_settled, dialog, WAIT_MS)
      || !gtk_widget_get_mapped (parts.done_page))
    g_error ("the account was not created");
  shoot (GTK_WIDGET (dialog), "create-account-done", size);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
profile_form_shown (gpointer data)
{
  CaProfileViewParts parts;

  ca_profile_view_get_parts (data, &parts);
  return !ca_profile_view_get_busy (data)
         && g_strcmp0 (gtk_stack_get_visible_child_name (parts.stack), "form") == 0;
}

/* The first login of an account without profile leads to « Mon profil »; a birth date that
 * makes the person too young shows how a field's error reads. */
static void
shoot_first_login (CaApplication *app,
                   CaWindow      *window,
                   const Size    *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("alex.%u@example.org", ++person_counter);
  GtkWidget *view;
  CaProfileViewParts parts;

  check (ca_search_server_add_account (ca_cand_server_get_search (server), email, PASSWORD,
                                       FALSE, &error), error, "an account without profile");
  log_in (app, email);
  view = show_place (window, "profile", CA_TYPE_PROFILE_VIEW);
  if (!ca_test_spin_until (profile_form_shown, view, WAIT_MS))
    g_error ("the profile form did not come");
  shoot_window (GTK_WINDOW (window), "profile-first-login", size);

  ca_profile_view_get_parts (CA_PROFILE_VIEW (view), &parts);
  ca_account_test_type (parts.rows[CA_PROFILE_LAST_NAME], "Durand");
  ca_account_test_type (parts.rows[CA_PROFILE_FIRST_NAME], "Alex");
  ca_account_test_type (parts.rows[CA_PROFILE_BIRTH_DATE], "01/01/2015");
  gtk_widget_grab_focus (GTK_WIDGET (parts.rows[CA_PROFILE_BIRTH_DATE]));
  shoot (GTK_WIDGET (window), "profile-error", size);
  log_out (app);
}

static GtkWidget *
show_dashboard (CaWindow *window)
{
  GtkWidget *view = show_place (window, "candidatures", CA_TYPE_CANDIDATURES_VIEW);

  ca_candidatures_view_refresh (CA_CANDIDATURES_VIEW (view));
  /* The closed section comes last: once it is there, the others are */
  ca_cand_wait_label (view, _("Enrolments and closed applications"));
  return view;
}

static gboolean
form_has_questions (gpointer data)
{
  GtkWidget *stack = ca_test_find_widget (data, GTK_TYPE_STACK);

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "questions") == 0;
}

static void
shoot_form (GtkWidget  *view,
            const Size *size)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  GtkWidget *form;

  ca_cand_click (view, _("Confirm my application"));
  form = ca_cand_wait_window (CA_TYPE_CANDIDATURE_FORM);
  gtk_window_set_default_size (GTK_WINDOW (form), size->width, size->height);
  if (!ca_test_spin_until (form_has_questions, form, WAIT_MS))
    g_error ("the form's questions did not come");
  ca_cand_collect (form, ADW_TYPE_ENTRY_ROW, entries);
  if (entries->len > 0)
    gtk_editable_set_text (g_ptr_array_index (entries, 0), "Je travaille le soir");
  shoot (form, "candidature-form", size);
  gtk_window_destroy (GTK_WINDOW (form));
  ca_cand_wait_window_gone (CA_TYPE_CANDIDATURE_FORM);
}

static gboolean
payment_url_known (gpointer data)
{
  return ca_payment_dialog_get_payment_url (data) != NULL;
}

static void
shoot_payment (GtkWidget  *view,
               const Size *size)
{
  GtkWidget *dialog;

  ca_cand_click (view, _("Pay"));
  dialog = ca_cand_wait_window (CA_TYPE_PAYMENT_DIALOG);
  gtk_window_set_default_size (GTK_WINDOW (dialog), size->width, size->height);
  if (!ca_test_spin_until (payment_url_known, dialog, WAIT_MS))
    g_error ("no payment created");
  shoot (dialog, "payment", size);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ca_cand_wait_window_gone (CA_TYPE_PAYMENT_DIALOG);
}

static gboolean
sheet_loaded (gpointer data)
{
  return g_strcmp0 (ca_course_page_get_state (ca_search_view_get_course_page (data)),
                    "sheet") == 0;
}

static gboolean
search_page_shown (gpointer data)
{
  return g_strcmp0 (ca_search_view_get_page_name (data), "search") == 0;
}

/* The search page, then the sheet of a course with a session chosen */
static void
shoot_search (CaApplication *app,
              CaWindow      *window,
              const Size    *size)
{
  CaSearchView *view = CA_SEARCH_VIEW (show_place (window, "search", CA_TYPE_SEARCH_VIEW));
  CaClient *client = ca_application_get_client (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();
  g_autoptr(CaCourseList) list = NULL;
  g_autoptr(CaCourseSummary) summary = NULL;
  CaCourse *course;
  g_autoptr(CaSession) session = NULL;

  if (!ca_test_spin_until (search_page_shown, view, WAIT_MS))
    g_error ("the search page did not come");
  shoot_window (GTK_WINDOW (window), "search", size);

  ca_course_query_set_open_only (query, TRUE);
  list = ca_search_courses (client, query, &error);
  check (list != NULL, error, "search");
  summary = g_list_model_get_item (ca_course_list_get_items (list), 0);
  ca_search_view_open_course (view, ca_course_summary_get_id (summary));
  if (!ca_test_spin_until (sheet_loaded, view, WAIT_MS))
    g_error ("the sheet did not come");
  course = ca_course_page_get_course (ca_search_view_get_course_page (view));
  session = g_list_model_get_item (ca_course_get_sessions (course), 0);
  ca_course_page_select_session (ca_search_view_get_course_page (view),
                                 ca_session_get_id (session));
  shoot (GTK_WIDGET (window), "course", size);
}

/* One application per size, logged in as a person of its own, whose dashboard is full */
static void
run_size (const Size *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("camille.%u@example.org", ++person_counter);
  g_autoptr(CaClient) person = ca_cand_new_person (server, email, &error);
  g_autoptr(CaApplication) app = NULL;
  CaWindow *window;
  GtkWidget *view;

  check (person != NULL, error, "a person");
  fill_every_section (person);
  app = app_new (size == &wide ? "Wide" : "Narrow", ca_cand_server_get_url (server));
  if (!ca_test_spin_until (has_client, app, WAIT_MS))
    g_error ("the application has no client");
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (window));

  if (main_only)
    shoot_search (app, window, size);
  shoot_login (window, size);
  if (!main_only)
    {
      shoot_create_account (app, window, size);
      shoot_first_login (app, window, size);
    }

  log_in (app, email);
  show_place (window, "profile", CA_TYPE_PROFILE_VIEW);
  shoot_window (GTK_WINDOW (window), "profile", size);

  view = show_dashboard (window);
  shoot_window (GTK_WINDOW (window), "dashboard", size);
  shoot_form (view, size);
  if (!main_only)
    shoot_payment (view, size);

  ca_window_show_place (window, "contact");
  shoot_window (GTK_WINDOW (window), "contact", size);

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (100);
}

static gboolean
has_error (gpointer data)
{
  return ca_application_get_service_error (data) != NULL;
}

/* The embedded service of a broken installation: a program that fails at once */
static void
shoot_service_error (const Size *size)
{
  g_autofree char *server_bin = g_strdup (g_getenv ("CA_SERVER_BIN"));
  g_autoptr(CaApplication) app = NULL;
  CaWindow *window;

  g_setenv ("CA_SERVER_BIN", "/bin/false", TRUE);
  app = app_new (size == &wide ? "ErrorWide" : "ErrorNarrow", NULL);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (window));
  if (!ca_test_spin_until (has_error, app, WAIT_MS))
    g_error ("the service did not fail");
  shoot (GTK_WIDGET (window), "service-error", size);
  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (100);
  g_setenv ("CA_SERVER_BIN", server_bin, TRUE);
}

/* GNOME's accessibility settings, as the desktop would give them: high contrast through
 * org.gnome.desktop.a11y.interface (read by libadwaita), large text as the text scaling
 * factor gnome-settings-daemon turns into Xft/DPI. */
static void
apply_style (const char *style)
{
  if (g_strcmp0 (style, "high-contrast") == 0)
    {
      g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

      g_settings_set_boolean (a11y, "high-contrast", TRUE);
    }
  else if (g_strcmp0 (style, "large-text") == 0)
    {
      g_autoptr(GSettings) interface = g_settings_new ("org.gnome.desktop.interface");

      g_settings_set_double (interface, "text-scaling-factor", 1.25);
      g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1.25 * 1024), NULL);
    }
  else if (style != NULL)
    g_error ("unknown style %s", style);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *style = NULL;
  g_autofree char *suffix_arg = NULL;
  const GOptionEntry entries[] = {
    { "main-only", 0, 0, G_OPTION_ARG_NONE, &main_only, "The main screens only", NULL },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style, "high-contrast or large-text", "STYLE" },
    { "suffix", 0, 0, G_OPTION_ARG_STRING, &suffix_arg, "Added to every name", "SUFFIX" },
    { NULL }
  };

  ca_test_screenshot_init_locale ();
  context = g_option_context_new ("OUTPUT-DIR");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  out_dir = argc > 1 ? argv[1] : ".";
  if (suffix_arg != NULL)
    suffix = suffix_arg;
  g_setenv ("CA_TEST_NO_BROWSER", "1", TRUE);

  /* Before libadwaita reads them */
  if (g_strcmp0 (style, "high-contrast") == 0)
    apply_style (style);
  gtk_init ();
  adw_init ();
  if (g_strcmp0 (style, "high-contrast") != 0)
    apply_style (style);
  g_mkdir_with_parents (out_dir, 0755);

  server = ca_cand_server_new (&error);
  if (server == NULL)
    g_error ("%s", error->message);
  run_size (&wide);
  run_size (&narrow);
  if (!main_only)
    {
      shoot_service_error (&wide);
      shoot_service_error (&narrow);
    }
  ca_cand_server_free (server);
  return 0;
}
