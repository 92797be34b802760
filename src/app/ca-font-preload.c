/* ca-font-preload.c — fonts opened on a worker thread while the first window is built
 *
 * The first measure of the window spends a good part of its time on fonts: finding the faces
 * (fontconfig), opening them, shaping, and loading every glyph's metrics. None of it needs the
 * window. Pango's default font map is per thread, so a worker fills a font map of its own
 * with the faces of the window's type scale while the main thread builds the window; when the
 * window is presented, the main thread makes that font map its default if the worker is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaFontPreload"

#include <pango/pangocairo.h>

#include "ca-font-preload.h"

/* The faces are looked up through GTK's style sheets: these are the classes of the type
 * scale the application's pages use (plain text and button labels are probed too). */
static const char *const label_classes[] = {
  "heading", "caption", "caption-heading", "title-1", "title-3",
};

/* Every letter of French and English, digits and the punctuation of the texts. */
static const char sample_text[] =
  "AÀÂÆBCÇDEÉÈÊËFGHIÎÏJKLMNOÔŒPQRSTUÙÛÜVWXYŸZ aàâæbcçdeéèêëfghiîïjklmnoôœpqrstuùûüvwxyÿz "
  "0123456789 «\u00a0»\u202f“”‘’'\",.;:!?()[]/&–—-+%€@#*…·";

typedef struct
{
  PangoFontMap         *font_map;
  cairo_font_options_t *font_options;
  double                resolution;
  gboolean              round_glyph_positions;
  GPtrArray            *descriptions;
  int                   state;   /* atomic: who has the preload, see below */
} Preload;

/* Once the worker is done with a preload, it belongs to whoever moved it out of RUNNING:
 * the main thread (DONE) or the worker, which drops it (ABANDONED). */
enum { RUNNING, DONE, ABANDONED };

static GThread *preload_thread;
static Preload *preload_running;   /* the preload of preload_thread */

static void
preload_free (Preload *preload)
{
  g_clear_object (&preload->font_map);
  g_clear_pointer (&preload->font_options, cairo_font_options_destroy);
  g_clear_pointer (&preload->descriptions, g_ptr_array_unref);
  g_free (preload);
}

static void
add_description (GPtrArray *descriptions,
                 GtkWidget *label)
{
  const PangoFontDescription *description =
    pango_context_get_font_description (gtk_widget_get_pango_context (label));

  for (guint i = 0; i < descriptions->len; i++)
    if (pango_font_description_equal (descriptions->pdata[i], description))
      return;
  g_ptr_array_add (descriptions, pango_font_description_copy (description));
}

/* The font descriptions GTK gives labels of each class, and the settings text is shaped
 * with (antialiasing, hinting, resolution), read from probes that are never shown. */
static Preload *
preload_new (void)
{
  Preload *preload = g_new0 (Preload, 1);
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (NULL));
  g_autoptr(GtkWidget) button = g_object_ref_sink (gtk_button_new_with_label (""));
  PangoContext *context = gtk_widget_get_pango_context (label);
  const cairo_font_options_t *font_options = pango_cairo_context_get_font_options (context);

  preload->font_options = font_options != NULL ? cairo_font_options_copy (font_options)
                                               : cairo_font_options_create ();
  preload->resolution = pango_cairo_context_get_resolution (context);
  preload->round_glyph_positions = pango_context_get_round_glyph_positions (context);

  preload->descriptions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pango_font_description_free);
  add_description (preload->descriptions, label);
  add_description (preload->descriptions, gtk_button_get_child (GTK_BUTTON (button)));
  /* A widget's Pango context follows its style only once styles are validated: one probe
   * per class, whose context is made with the class already set. */
  for (guint i = 0; i < G_N_ELEMENTS (label_classes); i++)
    {
      g_autoptr(GtkWidget) probe = g_object_ref_sink (gtk_label_new (NULL));

      gtk_widget_add_css_class (probe, label_classes[i]);
      add_description (preload->descriptions, probe);
    }

  preload->font_map = pango_cairo_font_map_new ();
  preload->state = RUNNING;
  return preload;
}

/* Measuring the sample in each face finds and opens the face, shapes the text and loads the
 * glyphs' metrics: what measuring the window's labels would do first. */
static gpointer
preload_thread_func (gpointer data)
{
  Preload *preload = data;
  PangoContext *context = pango_font_map_create_context (preload->font_map);
  PangoLayout *layout;

  pango_cairo_context_set_font_options (context, preload->font_options);
  pango_cairo_context_set_resolution (context, preload->resolution);
  pango_context_set_round_glyph_positions (context, preload->round_glyph_positions);

  layout = pango_layout_new (context);
  pango_layout_set_text (layout, sample_text, -1);
  for (guint i = 0; i < preload->descriptions->len; i++)
    {
      if (g_atomic_int_get (&preload->state) == ABANDONED)
        break;
      pango_layout_set_font_description (layout, preload->descriptions->pdata[i]);
      pango_layout_get_extents (layout, NULL, NULL);
    }
  g_object_unref (layout);
  g_object_unref (context);

  if (g_atomic_int_compare_and_exchange (&preload->state, RUNNING, DONE))
    return preload;
  preload_free (preload);
  return NULL;
}

/**
 * ca_font_preload_start:
 *
 * Starts opening the fonts of the window's type scale on a worker thread, unless a preload
 * is already on its way. Call it on the main thread once GTK is initialised, then
 * ca_font_preload_finish() before the window is first measured.
 */
void
ca_font_preload_start (void)
{
  if (preload_thread != NULL)
    return;   /* one is on its way */

  preload_running = preload_new ();
  preload_thread = g_thread_new ("ca-font-preload", preload_thread_func, preload_running);
}

/**
 * ca_font_preload_is_ready:
 *
 * Returns: whether ca_font_preload_finish() would adopt fonts now (or has nothing to do)
 */
gboolean
ca_font_preload_is_ready (void)
{
  return preload_running == NULL || g_atomic_int_get (&preload_running->state) == DONE;
}

/**
 * ca_font_preload_finish:
 *
 * Makes the fonts of ca_font_preload_start() the main thread's default font map if the
 * worker is done: the widgets measured from then on find their fonts open. A worker still
 * busy is not waited for (the window would wait with it): it stops at its next face and
 * its fonts are dropped. Nothing happens if no preload was started, or once it has been
 * finished.
 */
void
ca_font_preload_finish (void)
{
  g_autoptr(GThread) thread = g_steal_pointer (&preload_thread);
  Preload *preload = g_steal_pointer (&preload_running);

  if (thread == NULL)
    return;

  if (g_atomic_int_compare_and_exchange (&preload->state, RUNNING, ABANDONED))
    {
      g_debug ("The fonts were not ready in time");
      return;   /* the worker frees what it made; unreferenced, its thread ends alone */
    }

  g_thread_join (g_steal_pointer (&thread));
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (preload->font_map));
  preload_free (preload);
}
