/* test-font-preload.c — fonts opened on a worker measure text as the main thread's own do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <pango/pangocairo.h>

#include "ca-font-preload.h"
#include "ca-test-util.h"

/* Plain text, a button's label and the type scale the pages use. */
static const char *const label_classes[] = {
  "", "heading", "caption", "caption-heading", "title-1", "title-3", "title-4",
};

static const char sample[] = "Cuisine, pâtisserie et hôtellerie — « Français » 2026";

typedef struct
{
  int width[G_N_ELEMENTS (label_classes) + 1];
  int height[G_N_ELEMENTS (label_classes) + 1];
} Sizes;

static void
measure (GtkWidget *label,
         int       *width,
         int       *height)
{
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, *width, NULL, height, NULL, NULL);
}

static void
measure_all (Sizes *sizes)
{
  g_autoptr(GtkWidget) button = g_object_ref_sink (gtk_button_new_with_label (sample));

  for (guint i = 0; i < G_N_ELEMENTS (label_classes); i++)
    {
      g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (sample));

      if (*label_classes[i] != '\0')
        gtk_widget_add_css_class (label, label_classes[i]);
      measure (label, &sizes->width[i], &sizes->height[i]);
      g_assert_cmpint (sizes->width[i], >, 0);
    }
  measure (gtk_button_get_child (GTK_BUTTON (button)),
           &sizes->width[G_N_ELEMENTS (label_classes)],
           &sizes->height[G_N_ELEMENTS (label_classes)]);
}

/* The worker needs nothing from the main loop: waiting is sleeping. */
static gboolean
wait_for_preload (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (!ca_font_preload_is_ready () && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  return ca_font_preload_is_ready ();
}

/* Adopted, the worker's fonts give every label the size the main thread's fonts gave it:
 * same faces, same hinting, same resolution. */
static void
test_adopted_fonts_measure_alike (void)
{
  Sizes before = { 0 }, after = { 0 };
  PangoFontMap *own = pango_cairo_font_map_get_default ();

  measure_all (&before);

  ca_font_preload_start ();
  g_assert_true (wait_for_preload ());
  ca_font_preload_finish ();
  g_assert_true (pango_cairo_font_map_get_default () != own);

  measure_all (&after);
  for (guint i = 0; i <= G_N_ELEMENTS (label_classes); i++)
    {
      g_assert_cmpint (after.width[i], ==, before.width[i]);
      g_assert_cmpint (after.height[i], ==, before.height[i]);
    }

  /* Nothing left to finish. */
  g_assert_true (ca_font_preload_is_ready ());
  ca_font_preload_finish ();
  g_assert_true (pango_cairo_font_map_get_default () != own);
}

/* Finished at once, a worker still busy is waited for: its fonts are adopted, and the main
 * thread draws with them while their glyphs are being drawn on another thread. */
static void
test_busy_worker_is_waited_for (void)
{
  for (guint i = 0; i < 5; i++)
    {
      PangoFontMap *own = pango_cairo_font_map_get_default ();
      g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (sample));
      g_autoptr(PangoLayout) layout = NULL;
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 60);
      cairo_t *cr = cairo_create (surface);
      int width, height;

      ca_font_preload_start ();
      ca_font_preload_finish_within (10000);
      g_assert_true (pango_cairo_font_map_get_default () != own);

      measure (label, &width, &height);
      g_assert_cmpint (width, >, 0);
      layout = gtk_widget_create_pango_layout (label, sample);
      gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 0, 0, 0, 1 });
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      g_assert_nonnull (node);
      gsk_render_node_draw (node, cr);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

/* Without time to wait, a worker still busy is left to drop its fonts, and the next start has
 * a preload of its own. */
static void
test_busy_worker_is_not_waited_for (void)
{
  for (guint i = 0; i < 20; i++)
    {
      PangoFontMap *own = pango_cairo_font_map_get_default ();
      gboolean ready;

      ca_font_preload_start ();
      ready = ca_font_preload_is_ready ();
      ca_font_preload_finish_within (0);
      /* Not ready when asked, the worker may still have been done when finishing. */
      if (ready)
        g_assert_true (pango_cairo_font_map_get_default () != own);
    }

  /* The last one can still be waited for and adopted. */
  ca_font_preload_start ();
  g_assert_true (wait_for_preload ());
  ca_font_preload_finish ();
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add_func ("/font-preload/adopted-fonts-measure-alike", test_adopted_fonts_measure_alike);
  g_test_add_func ("/font-preload/busy-worker-is-waited-for", test_busy_worker_is_waited_for);
  g_test_add_func ("/font-preload/busy-worker-is-not-waited-for",
                   test_busy_worker_is_not_waited_for);

  return g_test_run ();
}
