/* bench-search.c — how fast the results follow the person, on a large catalogue
 *
 *   bench-search DB [ROUNDS]
 *
 * Starts the service on DB (a catalogue imported with cours-adultes-admin), shows the results
 * page in a real window, and measures:
 * - filter change → list model updated (the "results-changed" signal), median and p99;
 * - Enter in the keyword entry → list model updated;
 * - last keystroke of a typed word → list model updated (includes the 250 ms pause);
 * - the longest stall of the main loop during the whole session, from a 1 ms timeout probe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearchBench"

#include <stdio.h>
#include <stdlib.h>
#include <adwaita.h>

#include "ca-results-page.h"
#include "ca-search-private.h"
#include "ca-search-test-util.h"

#define WAIT_MS 30000

static gint64   last_tick;
static gint64   longest_gap;
static gboolean changed;

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > longest_gap)
    longest_gap = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
results_changed_cb (CaResultsPage *page)
{
  changed = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  printf ("%-44s n=%-4u median %7.1f ms   p99 %7.1f ms   max %7.1f ms\n", what, ms->len,
          g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, MIN (ms->len - 1, (guint) (ms->len * 0.99))),
          g_array_index (ms, double, ms->len - 1));
}

/* Runs @change, then waits for the list model to be updated; returns the milliseconds */
static double
timed (void (*change) (CaResultsPage *, gpointer),
       CaResultsPage *page,
       gpointer       data)
{
  gint64 start;

  changed = FALSE;
  start = g_get_monotonic_time ();
  change (page, data);
  if (!ca_search_wait_flag (&changed, WAIT_MS))
    g_error ("no answer in time");
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
toggle_check (CaResultsPage *page,
              gpointer       data)
{
  GtkCheckButton *check = data;

  gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

static void
press_enter (CaResultsPage *page,
             gpointer       data)
{
  GtkWidget *entry = ca_results_page_get_entry (page);

  gtk_editable_set_text (GTK_EDITABLE (entry), data);
  g_signal_emit_by_name (entry, "activate");
}

/* Types @data one character every 80 ms; the timing starts at the last one */
static double
type_word (CaResultsPage *page,
           const char    *word)
{
  GtkWidget *entry = ca_results_page_get_entry (page);
  g_autoptr(GString) typed = g_string_new (NULL);
  gint64 start = 0;

  changed = FALSE;
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_string_append_unichar (typed, g_utf8_get_char (p));
      changed = FALSE;
      start = g_get_monotonic_time ();
      gtk_editable_set_text (GTK_EDITABLE (entry), typed->str);
      if (*g_utf8_next_char (p) != '\0')
        ca_search_spin (80);
    }
  if (!ca_search_wait_flag (&changed, WAIT_MS))
    g_error ("no answer in time");
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaSearchServer) server = NULL;
  g_autoptr(CaClient) client = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autoptr(GArray) filter_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enter_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing_ms = g_array_new (FALSE, FALSE, sizeof (double));
  const char * const words[] = { "francais", "anglais niveau", "informatique", "dessin",
                                 "comptabilite", "espagnol", "cuisine", "photo" };
  const char * const keys[] = { "domain", "day", "slot", "mode", "rhythm" };
  GListModel *lists[5];
  CaResultsPage *page;
  GtkWidget *window;
  guint rounds = argc > 2 ? atoi (argv[2]) : 40;
  GRand *rand = g_rand_new_with_seed (75011);

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DB [ROUNDS]\n", argv[0]);
      return 2;
    }
  gtk_init ();
  adw_init ();
  server = ca_search_server_new (argv[1], &error);
  if (server == NULL)
    g_error ("%s", error->message);
  client = ca_client_new (ca_search_server_get_url (server), NULL);
  catalogue = ca_search_get_catalogue (client, &error);
  if (catalogue == NULL)
    g_error ("%s", error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  page = CA_RESULTS_PAGE (ca_results_page_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (page, "results-changed", G_CALLBACK (results_changed_cb), NULL);
  ca_results_page_set_client (page, client);
  ca_results_page_set_catalogue (page, catalogue);
  lists[0] = ca_catalogue_get_domains (catalogue);
  lists[1] = ca_catalogue_get_days (catalogue);
  lists[2] = ca_catalogue_get_slots (catalogue);
  lists[3] = ca_catalogue_get_modes (catalogue);
  lists[4] = ca_catalogue_get_rhythms (catalogue);

  changed = FALSE;
  ca_results_page_start (page, NULL, NULL, NULL);
  ca_search_wait_flag (&changed, WAIT_MS);
  printf ("catalogue: %u courses in the first answer's total\n", ca_results_page_get_total (page));

  g_timeout_add (1, probe_cb, NULL);
  for (guint r = 0; r < rounds; r++)
    {
      guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (keys));
      guint n = g_list_model_get_n_items (lists[k]);
      g_autoptr(GObject) item = g_list_model_get_item (lists[k], g_rand_int_range (rand, 0, n));
      const char *id = k == 0 ? ca_domain_get_id (CA_DOMAIN (item))
                              : ca_named_item_get_id (CA_NAMED_ITEM (item));
      GtkWidget *check = ca_results_page_get_filter_check (page, keys[k], id);
      double ms;

      ms = timed (toggle_check, page, check);
      g_array_append_val (filter_ms, ms);
      ms = timed (toggle_check, page, check);   /* and back: the filters stay few */
      g_array_append_val (filter_ms, ms);
      if (r % 2 == 0)
        {
          ms = timed (press_enter, page, (gpointer) words[r / 2 % G_N_ELEMENTS (words)]);
          g_array_append_val (enter_ms, ms);
          ms = timed (press_enter, page, (gpointer) "");
          g_array_append_val (enter_ms, ms);
        }
      else
        {
          ms = type_word (page, words[r / 2 % G_N_ELEMENTS (words)]);
          g_array_append_val (typing_ms, ms);
          ms = timed (press_enter, page, (gpointer) "");
          g_array_append_val (enter_ms, ms);
        }
    }
  report ("filter change -> list model updated", filter_ms);
  report ("Enter in the keyword entry -> list updated", enter_ms);
  report ("last keystroke -> list updated (250 ms pause)", typing_ms);
  printf ("longest main-loop stall during the session: %.1f ms\n", longest_gap / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_rand_free (rand);
  return 0;
}
