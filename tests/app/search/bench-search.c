/* bench-search.c — how fast the results follow the person, on a large catalogue
 *
 *   bench-search DB [ROUNDS]
 *
 * Starts the service on DB (a catalogue imported with cours-adultes-admin), shows the results
 * page in a real 1280×800 window, which keeps its frames' memory after its first frame as the
 * application's window does, makes its first search, then plays ROUNDS rounds of a search session (a filter checked then unchecked; words typed or entered, then cleared) and
 * measures, each time from the change itself to the "results-changed" signal, which the page
 * emits once its list model holds the new answer:
 * - filter change (a check button toggled) → list model updated;
 * - Enter in the keyword entry → list model updated;
 * - the last keystroke of a word typed at one key per 80 ms → list model updated; this waits
 *   for the 250 ms pause after which the page searches, and is also given without it;
 * - the longest stall of the main loop, from a 1 ms timeout probe that runs from the first
 *   search to the end: the gap between two of its runs. The first answer and the first frame
 *   that shows it (the first display) fall in it; it is also given apart from the rest of the
 *   session.
 * The longest frame (frame clock "update" to "after-paint") and the load average are printed
 * as well, as the figures depend on what else the machine runs. With BENCH_TRACE set, what
 * ran in the longest gap is printed too: when each frame phase ended, with the main thread's
 * CPU time and the page faults since the gap began.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearchBench"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <adwaita.h>

#include "ca-application.h"
#include "ca-results-page.h"
#include "ca-search-private.h"
#include "ca-search-test-util.h"
#include "ca-x11-shm.h"

#define WAIT_MS 30000

static gint64   last_tick;
static gint64   longest_gap;
static gint64   step_gap;
static gboolean verbose;
static gint64   frame_start;
static gint64   longest_frame;
static gboolean changed;

/* BENCH_TRACE: what ran in the longest gap (marks at the end of each frame phase, at each
 * change and results-changed), with the main thread's CPU time, to tell work from waiting
 * (for the X server, or for a processor), and the page faults */
typedef struct
{
  gint64      time;
  double      cpu;
  long        faults;
  gint64      queued;
  const char *what;
} Mark;

static gboolean trace;
static GArray  *marks;          /* Mark, since the probe's last run */
static GArray  *longest_marks;  /* Mark, in the longest gap so far */

static double thread_cpu_ms (void);

/* Time the main thread spent runnable but waiting for a processor (the kernel's schedstat):
 * the part of a stall that is the machine's (other processes, or the host of a virtual
 * machine) rather than the main loop's own work or waits. */
static gint64 last_queued;
static gint64 longest_own_gap;

/* Read at every run of the probe: the file is opened once (by the main thread, whose figures
 * it then gives) and read again from its start. */
static gint64
queued_us (void)
{
  static int fd = -2;
  char stat[128];
  gssize length;
  guint64 on_cpu = 0, queued = 0;

  if (fd == -2)
    fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || (length = pread (fd, stat, sizeof stat - 1, 0)) <= 0)
    return 0;
  stat[length] = '\0';
  if (sscanf (stat, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &on_cpu, &queued) != 2)
    return 0;
  return (gint64) (queued / 1000);
}

/* Pages the process touched for the first time: each costs a fault, and fresh buffers
 * (a window-sized one is 4 MB) can cost more than drawing into them */
static long
process_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_minflt + usage.ru_majflt;
}

static void
mark (const char *what)
{
  Mark m;

  if (!trace)
    return;
  m = (Mark) { g_get_monotonic_time (), thread_cpu_ms (), process_faults (), queued_us (), what };
  g_array_append_val (marks, m);
}

static void
print_marks (void)
{
  gint64 start;
  double cpu;
  long faults;
  gint64 queued;

  if (longest_marks == NULL || longest_marks->len == 0)
    return;
  start = g_array_index (longest_marks, Mark, 0).time;
  cpu = g_array_index (longest_marks, Mark, 0).cpu;
  faults = g_array_index (longest_marks, Mark, 0).faults;
  queued = g_array_index (longest_marks, Mark, 0).queued;
  printf ("what ran in the longest gap, from %.6f s on the monotonic clock (wall ms, main "
          "thread CPU ms, ms waiting for a processor, page faults, since its start):\n",
          start / 1e6);
  for (guint i = 0; i < longest_marks->len; i++)
    {
      Mark *m = &g_array_index (longest_marks, Mark, i);

      printf ("  %7.1f %7.1f %7.1f %6ld  %s\n", (m->time - start) / 1000.0, m->cpu - cpu,
              (m->queued - queued) / 1000.0, m->faults - faults, m->what);
    }
}

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (trace && last_tick != 0 && now - last_tick > longest_gap)
    {
      mark ("probe");
      g_clear_pointer (&longest_marks, g_array_unref);
      longest_marks = g_steal_pointer (&marks);
      marks = g_array_new (FALSE, FALSE, sizeof (Mark));
    }
  if (trace)
    {
      g_array_set_size (marks, 0);
      mark ("probe (gap start)");
    }

  if (last_tick != 0)
    {
      gint64 queued = queued_us ();

      longest_own_gap = MAX (longest_own_gap, now - last_tick - (queued - last_queued));
      last_queued = queued;
    }
  else
    last_queued = queued_us ();
  if (last_tick != 0 && now - last_tick > longest_gap)
    longest_gap = now - last_tick;
  if (last_tick != 0 && now - last_tick > step_gap)
    step_gap = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
frame_update_cb (GdkFrameClock *clock)
{
  frame_start = g_get_monotonic_time ();
}

static void
frame_painted_cb (GdkFrameClock *clock)
{
  if (frame_start != 0)
    longest_frame = MAX (longest_frame, g_get_monotonic_time () - frame_start);
  frame_start = 0;
}

static gboolean painted;
static gboolean kept;

static void
painted_cb (GdkFrameClock *clock)
{
  painted = TRUE;
}

/* The window keeps its frames' memory after its first frame, as the application's window
 * does (ca-window.c) */
static void
first_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, window);
  ca_x11_keep_frame_memory (window);
  kept = TRUE;
}

static void
print_load (const char *when)
{
  g_autofree char *load = NULL;

  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("load average %s: %s", when, load);
}

static void
results_changed_cb (CaResultsPage *page)
{
  changed = TRUE;
  mark ("results-changed");
}

static void
phase_cb (GdkFrameClock *clock,
          const char    *phase)
{
  mark (phase);
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
        GArray     *ms,
        double      minus)
{
  if (ms->len == 0)   /* fewer than two rounds type no word */
    return;
  g_array_sort (ms, compare_doubles);
  printf ("%-52s n=%-4u median %7.1f ms   p99 %7.1f ms   max %7.1f ms\n", what, ms->len,
          g_array_index (ms, double, ms->len / 2) - minus,
          g_array_index (ms, double, MIN (ms->len - 1, (guint) (ms->len * 0.99))) - minus,
          g_array_index (ms, double, ms->len - 1) - minus);
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double step_cpu;

static guint
count_rows (CaResultsPage *page)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (ca_results_page_get_list_view (page));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += gtk_widget_get_first_child (child) != NULL;
  return n;
}

/* Records a step; with BENCH_VERBOSE set, also prints it: its time, the results and rows
 * then, the longest stall and the CPU time of the main thread since the step before */
static void
step (GArray        *ms,
      double         value,
      const char    *what,
      CaResultsPage *page)
{
  g_array_append_val (ms, value);
  if (verbose)
    printf ("  %-16s %7.1f ms   %3u results, %2u rows   longest stall %6.1f ms   "
            "main thread CPU %6.1f ms   (at %.3f s)\n",
            what, value, g_list_model_get_n_items (ca_results_page_get_model (page)),
            count_rows (page), step_gap / 1000.0, thread_cpu_ms () - step_cpu,
            g_get_monotonic_time () / 1e6);
  step_gap = 0;
  step_cpu = thread_cpu_ms ();
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
  mark ("the change starts");
  change (page, data);
  mark ("the change is made");
  if (!ca_test_spin_until_set (&changed, WAIT_MS))
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
      mark ("a key");
      gtk_editable_set_text (GTK_EDITABLE (entry), typed->str);
      if (*g_utf8_next_char (p) != '\0')
        ca_test_spin_for (80);
    }
  if (!ca_test_spin_until_set (&changed, WAIT_MS))
    g_error ("no answer in time");
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTestServer) server = NULL;
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
  GdkFrameClock *clock;
  gulong painted_id;
  guint probe;
  gint64 first_display_gap;
  guint rounds = argc > 2 ? atoi (argv[2]) : 40;
  GRand *rand = g_rand_new_with_seed (75011);

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DB [ROUNDS]\n", argv[0]);
      return 2;
    }
  verbose = g_getenv ("BENCH_VERBOSE") != NULL;
  trace = g_getenv ("BENCH_TRACE") != NULL;
  marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  /* As the application does */
  ca_application_tune_memory ();
  gtk_init ();
  adw_init ();
  server = ca_test_server_new_for_db (argv[1], &error);
  if (server == NULL)
    g_error ("%s", error->message);
  client = ca_client_new (ca_test_server_get_url (server), NULL);
  catalogue = ca_search_get_catalogue (client, &error);
  if (catalogue == NULL)
    g_error ("%s", error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  page = CA_RESULTS_PAGE (ca_results_page_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_widget_realize (window);
  g_signal_connect_after (gtk_widget_get_frame_clock (window), "after-paint",
                          G_CALLBACK (first_paint_cb), window);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (page, "results-changed", G_CALLBACK (results_changed_cb), NULL);
  ca_results_page_set_client (page, client);
  ca_results_page_set_catalogue (page, catalogue);
  lists[0] = ca_catalogue_get_domains (catalogue);
  lists[1] = ca_catalogue_get_days (catalogue);
  lists[2] = ca_catalogue_get_slots (catalogue);
  lists[3] = ca_catalogue_get_modes (catalogue);
  lists[4] = ca_catalogue_get_rhythms (catalogue);

  /* The window is shown, and has kept its frames' memory, before the session starts */
  if (!ca_test_spin_until_set (&kept, WAIT_MS))
    g_error ("the window was not shown");
  print_load ("at the start");

  probe = g_timeout_add (1, probe_cb, NULL);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "update", G_CALLBACK (frame_update_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), NULL);
  /* Handlers run in the order connected: these, after the toolkit's, mark each phase's end */
  g_signal_connect (clock, "before-paint", G_CALLBACK (phase_cb), (gpointer) "before-paint");
  g_signal_connect (clock, "update", G_CALLBACK (phase_cb), (gpointer) "update");
  g_signal_connect (clock, "layout", G_CALLBACK (phase_cb), (gpointer) "layout");
  g_signal_connect (clock, "paint", G_CALLBACK (phase_cb), (gpointer) "paint");
  g_signal_connect (clock, "after-paint", G_CALLBACK (phase_cb), (gpointer) "after-paint");

  /* The first display: from the first search until a frame with its answer is painted */
  changed = FALSE;
  ca_results_page_start (page, NULL, NULL, NULL);
  if (!ca_test_spin_until_set (&changed, WAIT_MS))
    g_error ("no first answer in time");
  printf ("catalogue: %u courses in the first answer's total\n", ca_results_page_get_total (page));
  painted_id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), NULL);
  gtk_widget_queue_draw (window);
  if (!ca_test_spin_until_set (&painted, WAIT_MS))
    g_error ("no frame painted");
  g_signal_handler_disconnect (clock, painted_id);
  ca_test_spin_for (20);   /* the probe runs again: the gap is recorded */
  first_display_gap = longest_gap;
  if (trace)
    {
      printf ("first display: ");
      print_marks ();
      g_clear_pointer (&longest_marks, g_array_unref);
    }
  longest_gap = step_gap = 0;
  step_cpu = thread_cpu_ms ();

  for (guint r = 0; r < rounds; r++)
    {
      guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (keys));
      guint n = g_list_model_get_n_items (lists[k]);
      g_autoptr(GObject) item = g_list_model_get_item (lists[k], g_rand_int_range (rand, 0, n));
      const char *id = k == 0 ? ca_domain_get_id (CA_DOMAIN (item))
                              : ca_named_item_get_id (CA_NAMED_ITEM (item));
      GtkWidget *check = ca_results_page_get_filter_check (page, keys[k], id);
      const char *word = words[r / 2 % G_N_ELEMENTS (words)];

      step (filter_ms, timed (toggle_check, page, check), keys[k], page);
      /* and back: the filters stay few */
      step (filter_ms, timed (toggle_check, page, check), keys[k], page);
      if (r % 2 == 0)
        step (enter_ms, timed (press_enter, page, (gpointer) word), word, page);
      else
        step (typing_ms, type_word (page, word), word, page);
      step (enter_ms, timed (press_enter, page, (gpointer) ""), "(no words)", page);
    }
  g_source_remove (probe);
  report ("filter change -> list model updated", filter_ms, 0);
  report ("Enter in the keyword entry -> list model updated", enter_ms, 0);
  report ("last keystroke -> list model updated", typing_ms, 0);
  report ("  the same without the 250 ms pause", typing_ms, CA_RESULTS_PAGE_DEBOUNCE_MS);
  printf ("longest main-loop stall: %.1f ms (first display: %.1f ms, then %.1f ms)\n",
          MAX (first_display_gap, longest_gap) / 1000.0, first_display_gap / 1000.0,
          longest_gap / 1000.0);
  printf ("  without the time the main thread waited for a processor: %.1f ms\n",
          longest_own_gap / 1000.0);
  printf ("longest frame (update to after-paint): %.1f ms\n", longest_frame / 1000.0);
  if (trace)
    print_marks ();
  print_load ("at the end");
  g_clear_pointer (&longest_marks, g_array_unref);
  g_array_unref (marks);

  gtk_window_destroy (GTK_WINDOW (window));
  g_rand_free (rand);
  return 0;
}
