/* search-screenshots.c — the screenshots of the « Rechercher » place, in a real window on a
 * real service: search, results (with filters) and the sheet, wide (1280×800) and narrow
 * (360×720). Run by tools/screenshots under Xvfb.
 *
 *   search-screenshots OUTPUT-DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearchShots"

#include <stdio.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-application.h"
#include "ca-result-row.h"
#include "ca-search-test-util.h"
#include "ca-search-view-private.h"
#include "ca-test-screenshot.h"
#include "ca-window.h"

#define WAIT_MS 30000

static CaSearchView *view;

static gboolean
page_is (gpointer data)
{
  return g_strcmp0 (ca_search_view_get_page_name (view), data) == 0;
}

static gboolean
results_settled (gpointer data)
{
  return !ca_results_page_get_busy (ca_search_view_get_results_page (view));
}

static gboolean
sheet_loaded (gpointer data)
{
  return g_strcmp0 (ca_course_page_get_state (ca_search_view_get_course_page (view)), "sheet") == 0;
}

static void
shoot (GtkWidget  *window,
       const char *dir,
       const char *name,
       gboolean    narrow)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, narrow ? "-narrow" : "");
  g_autofree char *path = g_build_filename (dir, file, NULL);

  /* Let transitions and revealers finish */
  ca_test_spin_for (700);
  if (!ca_test_screenshot_save (window, path, &error))
    g_error ("%s: %s", path, error->message);
  printf ("%s\n", path);
}

static void
set_filters (CaCatalogue *catalogue)
{
  CaResultsPage *results = ca_search_view_get_results_page (view);
  g_autoptr(CaNamedItem) slot = g_list_model_get_item (ca_catalogue_get_slots (catalogue), 3);

  gtk_switch_set_active (GTK_SWITCH (ca_results_page_get_open_switch (results)), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ca_results_page_get_filter_check (
    results, "slot", ca_named_item_get_id (slot))), TRUE);
  ca_test_spin_until (results_settled, NULL, WAIT_MS);
}

static void
run (CaApplication *app,
     CaCatalogue   *catalogue,
     const char    *dir,
     int            width,
     int            height)
{
  gboolean narrow = width < 600;
  CaWindow *window = ca_window_new (app);
  g_autoptr(CaDomain) domain = g_list_model_get_item (ca_catalogue_get_domains (catalogue), 0);
  CaResultsPage *results;
  CaResultRow *row;
  const char *course_id;
  g_autoptr(CaCourseSummary) summary = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ca_window_show_place (window, "search");
  view = CA_SEARCH_VIEW (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_SEARCH_VIEW));
  ca_test_spin_until (page_is, "search", WAIT_MS);
  shoot (GTK_WIDGET (window), dir, "search", narrow);

  /* The guide's journey: a domain tile, then filters */
  ca_search_click (ca_search_page_get_domain_tile (ca_search_view_get_search_page (view),
                                                       ca_domain_get_id (domain)));
  ca_test_spin_until (page_is, "results", WAIT_MS);
  ca_test_spin_until (results_settled, NULL, WAIT_MS);
  set_filters (catalogue);
  results = ca_search_view_get_results_page (view);
  ca_test_spin_for (300);
  row = CA_RESULT_ROW (ca_test_find_widget (ca_results_page_get_list_view (results),
                                           CA_TYPE_RESULT_ROW));
  if (row != NULL)
    ca_search_click (ca_result_row_get_header_button (row));
  shoot (GTK_WIDGET (window), dir, "results", narrow);
  if (narrow)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ca_results_page_get_filter_toggle (results)),
                                    TRUE);
      shoot (GTK_WIDGET (window), dir, "results-filters", narrow);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ca_results_page_get_filter_toggle (results)),
                                    FALSE);
    }

  summary = g_list_model_get_item (ca_results_page_get_model (results), 0);
  course_id = ca_course_summary_get_id (summary);
  ca_search_view_open_course (view, course_id);
  ca_test_spin_until (sheet_loaded, NULL, WAIT_MS);
  {
    CaCourse *course = ca_course_page_get_course (ca_search_view_get_course_page (view));
    g_autoptr(CaSession) session = g_list_model_get_item (ca_course_get_sessions (course), 0);

    ca_course_page_select_session (ca_search_view_get_course_page (view),
                                   ca_session_get_id (session));
  }
  shoot (GTK_WIDGET (window), dir, "course", narrow);
  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (100);
}

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

/* One application per size: each starts from a fresh client, as a person's would */
static void
run_size (CaTestServer *server,
          const char     *dir,
          int             width,
          int             height,
          const char     *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autofree char *app_id = g_strconcat (APP_ID_BASE ".Screenshots", suffix, NULL);

  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", app_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "service-url", ca_test_server_get_url (server),
                      "public-computer", FALSE,
                      NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  ca_test_spin_until (has_client, app, WAIT_MS);
  catalogue = ca_search_get_catalogue (ca_application_get_client (app), &error);
  if (catalogue == NULL)
    g_error ("%s", error->message);
  run (app, catalogue, dir, width, height);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTestServer) server = NULL;
  const char *dir = argc > 1 ? argv[1] : ".";

  ca_test_screenshot_init_locale ();
  g_mkdir_with_parents (dir, 0755);

  server = ca_test_server_new (NULL, &error);
  if (server == NULL)
    g_error ("%s", error->message);
  run_size (server, dir, 1280, 800, "Wide");
  run_size (server, dir, 360, 720, "Narrow");
  return 0;
}
