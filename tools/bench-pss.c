/* bench-pss.c — the app's memory while a person browses course sheets
 *
 *   bench-pss [SHEETS]          (default 100; needs a display and $CA_SERVER_BIN)
 *
 * Starts cours-adultes-server with the demo catalogue on loopback, opens the real application
 * window on « Rechercher », and opens SHEETS different course sheets one after the other the
 * way a person does: the course's title typed in the search entry and Enter, the course's row
 * in the results expanded, « Voir la fiche », then the sheet's back button. PSS is read from
 * /proc/self/smaps_rollup after each sheet is shown and after each return to the results; it
 * prints the PSS after the 1st, 10th, SHEETS/2th and last sheet, the peak of all samples, and
 * a last line of JSON for tools/bench. PSS divides shared pages among the processes that map
 * them, so it moves when other GTK programs start or stop; the private dirty memory (the heap,
 * what this process wrote) is printed beside it, and is where a leak shows without that noise. With
 * GOBJECT_DEBUG=instance-count it also lists the GObject types that have more live instances
 * after the last sheet than after the middle one: what a leak keeps alive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaBenchPss"

#include <stdio.h>
#include <stdlib.h>
#include <adwaita.h>

#include "ca-application.h"
#include "ca-result-row.h"
#include "ca-search-test-util.h"
#include "ca-search-view-private.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define WAIT_MS 30000
/* Long enough for the frame clock to paint what was just shown */
#define SETTLE_MS 100

static CaApplication *app;
static CaSearchView  *view;

typedef struct
{
  long pss;       /* kB; shared pages count divided among the processes mapping them */
  long private;   /* kB; Private_Dirty: pages this process wrote and no other maps */
} Memory;

static long
rollup_field (const char *contents,
              const char *name)
{
  g_autofree char *key = g_strdup_printf ("\n%s:", name);
  const char *line = strstr (contents, key);

  if (line == NULL)
    g_error ("no %s line in /proc/self/smaps_rollup", name);
  return strtol (line + strlen (key), NULL, 10);
}

static Memory
memory_now (void)
{
  g_autofree char *contents = NULL;
  Memory memory;

  if (!g_file_get_contents ("/proc/self/smaps_rollup", &contents, NULL, NULL))
    g_error ("cannot read /proc/self/smaps_rollup");
  memory.pss = rollup_field (contents, "Pss");
  /* Not Private_Clean: library pages become "private" whenever the other processes that
   * mapped them exit, which says nothing of this one */
  memory.private = rollup_field (contents, "Private_Dirty");
  return memory;
}

/* Keeps the largest samples, and where they were taken (the sheet, or the results after it) */
static void
keep_peak (Memory     *peak,
           char      **peak_where,
           const char *where,
           guint       sheet)
{
  Memory now = memory_now ();

  if (now.pss > peak->pss)
    {
      g_free (peak_where[0]);
      peak_where[0] = g_strdup_printf ("%s %u", where, sheet);
    }
  if (now.private > peak->private)
    {
      g_free (peak_where[1]);
      peak_where[1] = g_strdup_printf ("%s %u", where, sheet);
    }
  peak->pss = MAX (peak->pss, now.pss);
  peak->private = MAX (peak->private, now.private);
}

static gboolean
page_is (gpointer data)
{
  return g_strcmp0 (ca_search_view_get_page_name (view), data) == 0;
}

static void
wait_page (const char *name)
{
  if (!ca_search_wait_until (page_is, (gpointer) name, WAIT_MS))
    g_error ("the « %s » page did not come (page: %s)", name,
             ca_search_view_get_page_name (view));
}

static gboolean
ready (gpointer data)
{
  return ca_application_get_client (app) != NULL && page_is ("search");
}

/* Whether the results are settled and hold the course @data */
static gboolean
results_hold (gpointer data)
{
  CaResultsPage *results = ca_search_view_get_results_page (view);
  GListModel *model = ca_results_page_get_model (results);

  if (ca_results_page_get_busy (results))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (model, i);

      if (g_str_equal (ca_course_summary_get_id (summary), data))
        return TRUE;
    }
  return FALSE;
}

/* The row on screen showing the course @course_id, or NULL */
static CaResultRow *
shown_row (const char *course_id)
{
  GtkWidget *list_view = ca_results_page_get_list_view (ca_search_view_get_results_page (view));

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = ca_search_find_child (child, CA_TYPE_RESULT_ROW);
      CaCourseSummary *summary;

      if (row == NULL || !gtk_widget_get_mapped (row))
        continue;
      summary = ca_result_row_get_summary (CA_RESULT_ROW (row));
      if (summary != NULL && g_str_equal (ca_course_summary_get_id (summary), course_id))
        return CA_RESULT_ROW (row);
    }
  return NULL;
}

/* Scrolls down a screenful at a time, as a person does, until the course's row shows */
static CaResultRow *
scroll_to_row (const char *course_id)
{
  GtkWidget *list_view = ca_results_page_get_list_view (ca_search_view_get_results_page (view));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  CaResultRow *row;

  for (guint i = 0; i < 100 && (row = shown_row (course_id)) == NULL; i++)
    {
      double max = gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj);

      gtk_adjustment_set_value (vadj, MIN (gtk_adjustment_get_value (vadj)
                                           + gtk_adjustment_get_page_size (vadj), max));
      ca_search_spin (30);
    }
  if (row == NULL)
    g_error ("the row of course %s never showed", course_id);
  return row;
}

static gboolean
sheet_shown (gpointer data)
{
  CaCoursePage *page = ca_search_view_get_course_page (view);

  return g_strcmp0 (ca_course_page_get_course_id (page), data) == 0
         && g_strcmp0 (ca_course_page_get_state (page), "sheet") == 0;
}

/* Live instances of every GObject type, by type; GObject counts them only when
 * GOBJECT_DEBUG=instance-count is set */
static void
count_instances (GType       type,
                 GHashTable *counts)
{
  g_autofree GType *children = NULL;
  guint n_children;

  g_hash_table_insert (counts, GSIZE_TO_POINTER (type),
                       GINT_TO_POINTER (g_type_get_instance_count (type)));
  children = g_type_children (type, &n_children);
  for (guint i = 0; i < n_children; i++)
    count_instances (children[i], counts);
}

static GHashTable *
instance_counts (void)
{
  GHashTable *counts = g_hash_table_new (NULL, NULL);

  count_instances (G_TYPE_OBJECT, counts);
  return counts;
}

/* The types with more live instances in @after than in @before, as a JSON array: objects
 * that pile up from sheet to sheet are the leak, named by their class */
static char *
grown_types (GHashTable *before,
             GHashTable *after)
{
  g_autoptr(GString) json = g_string_new ("[");
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int was = GPOINTER_TO_INT (g_hash_table_lookup (before, key));
      int now = GPOINTER_TO_INT (value);
      const char *name = g_type_name ((GType) GPOINTER_TO_SIZE (key));

      if (now <= was)
        continue;
      printf ("  more live %s: %d → %d\n", name, was, now);
      g_string_append_printf (json, "%s{\"type\": \"%s\", \"from\": %d, \"to\": %d}",
                              json->len > 1 ? ", " : "", name, was, now);
    }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* Search → result → « Voir la fiche »; returns when the sheet shows */
static void
open_sheet (CaCourseSummary *course)
{
  const char *id = ca_course_summary_get_id (course);
  GtkWidget *entry;
  CaResultRow *row;

  if (page_is ("search"))
    entry = ca_search_page_get_entry (ca_search_view_get_search_page (view));
  else
    entry = ca_results_page_get_entry (ca_search_view_get_results_page (view));
  gtk_editable_set_text (GTK_EDITABLE (entry), ca_course_summary_get_title (course));
  g_signal_emit_by_name (entry, "activate");
  wait_page ("results");
  if (!ca_search_wait_until (results_hold, (gpointer) id, WAIT_MS))
    g_error ("searching « %s » did not list course %s", ca_course_summary_get_title (course), id);
  ca_search_spin (SETTLE_MS);

  row = scroll_to_row (id);
  if (!ca_result_row_get_expanded (row))
    ca_search_click (ca_result_row_get_header_button (row));
  ca_search_spin (SETTLE_MS);
  ca_search_click (ca_result_row_get_sheet_button (row));
  wait_page ("course");
  if (!ca_search_wait_until (sheet_shown, (gpointer) id, WAIT_MS))
    g_error ("the sheet of course %s did not show (state %s)", id,
             ca_course_page_get_state (ca_search_view_get_course_page (view)));
  ca_search_spin (SETTLE_MS);
}

/* The sheet's own back button, found by its icon, as a person finds it */
static void
back_to_results (void)
{
  GtkWidget *page = GTK_WIDGET (ca_search_view_get_course_page (view));
  GtkWidget *back = ca_test_find_icon_button (page, "go-previous-symbolic");

  if (back == NULL)
    g_error ("the sheet has no back button");
  ca_search_click (back);
  wait_page ("results");
  ca_search_spin (SETTLE_MS);
}

/* @count different courses spread through the catalogue, in catalogue order */
static GPtrArray *
choose_courses (CaClient *client,
                guint     count)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *chosen = g_ptr_array_new_with_free_func (g_object_unref);
  guint total = G_MAXUINT;
  guint step;

  for (guint offset = 0; offset < total; offset += 200)
    {
      g_autoptr(CaCourseQuery) query = ca_course_query_new ();
      g_autoptr(CaCourseList) list = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *items;

      ca_course_query_set_page (query, offset, 200);
      list = ca_search_courses (client, query, &error);
      if (list == NULL)
        g_error ("listing the courses: %s", error->message);
      total = ca_course_list_get_total (list);
      items = ca_course_list_get_items (list);
      if (g_list_model_get_n_items (items) == 0)
        break;
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        g_ptr_array_add (all, g_list_model_get_item (items, i));
    }
  if (all->len < count)
    g_error ("the catalogue has %u courses, fewer than %u", all->len, count);
  step = all->len / count;
  for (guint i = 0; i < count; i++)
    g_ptr_array_add (chosen, g_object_ref (g_ptr_array_index (all, i * step)));
  return chosen;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaSearchServer) server = NULL;
  g_autoptr(GPtrArray) courses = NULL;
  guint sheets = argc > 1 ? (guint) atoi (argv[1]) : 100;
  guint marks[4];
  Memory at_mark[4] = { { 0 } };
  Memory peak = { 0 };
  Memory before;
  char *peak_where[2] = { NULL, NULL };
  CaWindow *window;
  g_autoptr(GHashTable) counts_half = NULL;
  g_autoptr(GHashTable) counts_end = NULL;
  g_autofree char *grown = NULL;
  gboolean counting = g_strrstr (g_getenv ("GOBJECT_DEBUG") ?: "", "instance-count") != NULL;

  if (sheets < 20)
    {
      fprintf (stderr, "usage: %s [SHEETS]   (SHEETS ≥ 20)\n", argv[0]);
      return 2;
    }
  marks[0] = 1;
  marks[1] = 10;
  marks[2] = sheets / 2;
  marks[3] = sheets;

  gtk_init ();
  adw_init ();
  server = ca_search_server_new (NULL, &error);
  if (server == NULL)
    g_error ("%s", error->message);

  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", APP_ID_BASE ".BenchPss",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "service-url", ca_search_server_get_url (server),
                      "public-computer", TRUE,
                      NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ca_window_show_place (window, "search");
  view = CA_SEARCH_VIEW (ca_search_find_child (GTK_WIDGET (window), CA_TYPE_SEARCH_VIEW));
  if (view == NULL || !ca_search_wait_until (ready, NULL, WAIT_MS))
    g_error ("the search place did not come");
  courses = choose_courses (ca_application_get_client (app), sheets);
  ca_search_spin (SETTLE_MS);
  before = memory_now ();
  printf ("before the first sheet: PSS %.1f MB, private %.1f MB\n", before.pss / 1024.0,
          before.private / 1024.0);

  for (guint i = 1; i <= sheets; i++)
    {
      Memory now;

      open_sheet (g_ptr_array_index (courses, i - 1));
      now = memory_now ();
      keep_peak (&peak, peak_where, "sheet", i);
      /* Every sheet on stderr, to tell which one a peak comes from */
      fprintf (stderr, "sheet %u « %s »: %u results, PSS %.1f MB, private %.1f MB\n", i,
               ca_course_summary_get_title (g_ptr_array_index (courses, i - 1)),
               ca_results_page_get_total (ca_search_view_get_results_page (view)),
               now.pss / 1024.0, now.private / 1024.0);
      for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
        if (marks[m] == i)
          {
            at_mark[m] = now;
            printf ("after sheet %3u: PSS %.1f MB, private %.1f MB\n", i, now.pss / 1024.0,
                    now.private / 1024.0);
            fflush (stdout);
          }
      back_to_results ();
      keep_peak (&peak, peak_where, "results after sheet", i);
      /* Counted back on the results, where sheet N/2 and sheet N leave the same screens */
      if (i == marks[2])
        counts_half = instance_counts ();
      else if (i == marks[3])
        counts_end = instance_counts ();
    }

  printf ("peak (sampled after each sheet and each return): PSS %.1f MB (%s), "
          "private %.1f MB (%s)\n", peak.pss / 1024.0, peak_where[0], peak.private / 1024.0,
          peak_where[1]);
  printf ("growth from sheet %u to sheet %u: PSS %+.2f MB (%+.1f kB per sheet), "
          "private %+.2f MB (%+.1f kB per sheet)\n", marks[2], marks[3],
          (at_mark[3].pss - at_mark[2].pss) / 1024.0,
          (double) (at_mark[3].pss - at_mark[2].pss) / (marks[3] - marks[2]),
          (at_mark[3].private - at_mark[2].private) / 1024.0,
          (double) (at_mark[3].private - at_mark[2].private) / (marks[3] - marks[2]));
  if (counting)
    {
      printf ("GObject instances, sheet %u → %u (back on the results):\n", marks[2], marks[3]);
      grown = grown_types (counts_half, counts_end);
      if (g_str_equal (grown, "[]"))
        printf ("  no type has more live instances\n");
    }
  else
    {
      printf ("GObject instances not counted (run with GOBJECT_DEBUG=instance-count)\n");
      grown = g_strdup ("null");
    }
  printf ("{\"sheets\": %u, \"marks\": [%u, %u, %u, %u], \"before_kb\": %ld, "
          "\"pss_kb\": [%ld, %ld, %ld, %ld], \"peak_kb\": %ld, \"before_private_kb\": %ld, "
          "\"private_kb\": [%ld, %ld, %ld, %ld], \"peak_private_kb\": %ld, "
          "\"peak_at\": \"%s\", \"peak_private_at\": \"%s\", \"grown_types\": %s}\n",
          sheets, marks[0], marks[1], marks[2], marks[3], before.pss,
          at_mark[0].pss, at_mark[1].pss, at_mark[2].pss, at_mark[3].pss, peak.pss,
          before.private, at_mark[0].private, at_mark[1].private, at_mark[2].private,
          at_mark[3].private, peak.private, peak_where[0], peak_where[1], grown);

  gtk_window_destroy (GTK_WINDOW (window));
  ca_search_spin (SETTLE_MS);
  g_clear_object (&app);
  g_free (peak_where[0]);
  g_free (peak_where[1]);
  return 0;
}
