/* main.c — Cours d'Adultes de Paris
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ca-application.h"

/* Start-up benchmark (tools/bench-startup): with CA_BENCH_EXIT_AFTER_FIRST_FRAME=1 the app
 * reports the first frame painted with the catalogue's domain tiles, its PSS, and quits. */
static long
bench_pss_kb (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/smaps_rollup", &contents, NULL, NULL))
    return -1;
  line = strstr (contents, "\nPss:");
  return line != NULL ? strtol (line + strlen ("\nPss:"), NULL, 10) : -1;
}

static gboolean
bench_domain_tiles_shown (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  /* The search page's template names its domain tiles' box "domain_box". */
  if (GTK_IS_FLOW_BOX (widget) &&
      g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), "domain_box") == 0)
    return gtk_widget_get_first_child (widget) != NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (bench_domain_tiles_shown (child))
      return TRUE;
  return FALSE;
}

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      GtkWidget     *window)
{
  if (!bench_domain_tiles_shown (window))
    return;
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, window);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_print ("pss-kb %ld\n", bench_pss_kb ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
bench_window_realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), window, 0);
}

static void
bench_window_added_cb (GtkApplication *app,
                       GtkWindow      *window)
{
  /* Only the main window: dialogs come later, if ever. */
  g_signal_handlers_disconnect_by_func (app, bench_window_added_cb, NULL);
  g_signal_connect (window, "realize", G_CALLBACK (bench_window_realize_cb), NULL);
}

/* Run from the build tree, the translations are the catalogues i18n.gettext () built there. */
static const char *
locale_dir (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

  if (self_exe != NULL && g_str_has_prefix (self_exe, CA_BUILD_ROOT G_DIR_SEPARATOR_S))
    return CA_BUILD_ROOT G_DIR_SEPARATOR_S "po";
  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CaApplication) app = NULL;

  ca_application_tune_memory ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Cours d'Adultes de Paris"));

  app = ca_application_new ();
  if (g_strcmp0 (g_getenv ("CA_BENCH_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_signal_connect (app, "window-added", G_CALLBACK (bench_window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
