/* ca-font-preload.c — fonts opened on a worker thread while the first window is built
 *
 * The first measure of the window spends a good part of its time on fonts: finding the faces
 * (fontconfig), opening them, shaping, and loading every glyph's metrics. None of it needs the
 * window. Pango's default font map is per thread, so a worker fills a font map of its own
 * with the faces of the window's type scale while the main thread builds the window; when the
 * window is presented, the main thread makes that font map its default once the worker is
 * done, waiting for it a little if need be. Then the glyphs of those faces are drawn once on a
 * worker, so that the first frame finds their images made.
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

/* The worker has usually a few milliseconds left when the window is presented, and the main
 * thread would take longer to open the same faces itself: it waits that long at most. */
#define FINISH_WAIT_MS 25

/* Where each glyph is drawn, whole, to have its image made. */
#define DRAW_SIZE 64

/* The glyphs of the sample in one font. Only cairo's objects are kept: they may be used from
 * any thread, while the font map's objects belong to the main thread once it adopts them. */
typedef struct
{
  cairo_scaled_font_t *font;
  GArray              *glyphs;   /* cairo_glyph_t */
} GlyphRun;

typedef struct
{
  PangoFontMap         *font_map;
  cairo_font_options_t *font_options;
  double                resolution;
  gboolean              round_glyph_positions;
  GPtrArray            *descriptions;
  GPtrArray            *glyph_runs;   /* GlyphRun */
  int                   state;   /* under state_lock: who has the preload, see below */
} Preload;

/* Once the worker is done with a preload, it belongs to whoever moved it out of RUNNING:
 * the main thread (DONE) or the worker, which drops it (ABANDONED). */
enum { RUNNING, DONE, ABANDONED };

static GMutex state_lock;
static GCond  state_changed;

static GThread *preload_thread;
static Preload *preload_running;   /* the preload of preload_thread */

static void
glyph_run_free (GlyphRun *run)
{
  cairo_scaled_font_destroy (run->font);
  g_array_unref (run->glyphs);
  g_free (run);
}

static void
preload_free (Preload *preload)
{
  g_clear_object (&preload->font_map);
  g_clear_pointer (&preload->font_options, cairo_font_options_destroy);
  g_clear_pointer (&preload->descriptions, g_ptr_array_unref);
  g_clear_pointer (&preload->glyph_runs, g_ptr_array_unref);
  g_free (preload);
}

static int
preload_get_state (Preload *preload)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&state_lock);

  return preload->state;
}

/* Moves @preload from RUNNING to @state; FALSE if it had left RUNNING already */
static gboolean
preload_leave_running (Preload *preload,
                       int      state)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&state_lock);

  if (preload->state != RUNNING)
    return FALSE;
  preload->state = state;
  g_cond_broadcast (&state_changed);
  return TRUE;
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

  preload->glyph_runs = g_ptr_array_new_with_free_func ((GDestroyNotify) glyph_run_free);
  preload->font_map = pango_cairo_font_map_new ();
  preload->state = RUNNING;
  return preload;
}

/* Keeps the glyphs of @layout, by font, to be drawn later */
static void
collect_glyphs (GPtrArray   *glyph_runs,
                PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      cairo_scaled_font_t *font;
      GlyphRun *glyph_run = NULL;

      if (run == NULL || !PANGO_IS_CAIRO_FONT (run->item->analysis.font))
        continue;
      font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run->item->analysis.font));
      if (font == NULL || cairo_scaled_font_status (font) != CAIRO_STATUS_SUCCESS)
        continue;
      for (guint i = 0; i < glyph_runs->len && glyph_run == NULL; i++)
        if (((GlyphRun *) glyph_runs->pdata[i])->font == font)
          glyph_run = glyph_runs->pdata[i];
      if (glyph_run == NULL)
        {
          glyph_run = g_new0 (GlyphRun, 1);
          glyph_run->font = cairo_scaled_font_reference (font);
          glyph_run->glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
          g_ptr_array_add (glyph_runs, glyph_run);
        }
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
          cairo_glyph_t drawn = { glyph, DRAW_SIZE / 4.0, DRAW_SIZE * 3 / 4.0 };

          if (glyph != PANGO_GLYPH_EMPTY && (glyph & PANGO_GLYPH_UNKNOWN_FLAG) == 0)
            g_array_append_val (glyph_run->glyphs, drawn);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

/* Drawing each glyph has cairo make its image and keep it with its font, where the window's
 * first frame finds it instead of rasterizing it on the main thread. */
static void
draw_glyphs_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GPtrArray *glyph_runs = task_data;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, DRAW_SIZE, DRAW_SIZE);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < glyph_runs->len; i++)
    {
      GlyphRun *run = glyph_runs->pdata[i];

      cairo_set_scaled_font (cr, run->font);
      cairo_show_glyphs (cr, (cairo_glyph_t *) run->glyphs->data, (int) run->glyphs->len);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_task_return_boolean (task, TRUE);
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
      if (preload_get_state (preload) == ABANDONED)
        break;
      pango_layout_set_font_description (layout, preload->descriptions->pdata[i]);
      pango_layout_get_extents (layout, NULL, NULL);
      collect_glyphs (preload->glyph_runs, layout);
    }
  g_object_unref (layout);
  g_object_unref (context);

  if (preload_leave_running (preload, DONE))
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
  return preload_running == NULL || preload_get_state (preload_running) == DONE;
}

/**
 * ca_font_preload_finish_within:
 * @timeout_ms: how long to wait for a worker still busy
 *
 * Makes the fonts of ca_font_preload_start() the main thread's default font map once the
 * worker is done, waiting for it at most @timeout_ms: the widgets measured from then on find
 * their fonts open, and a worker draws their glyphs once meanwhile. A worker still busy then
 * is not waited for longer (the window would wait with it): it stops at its next face and its
 * fonts are dropped. Nothing happens if no preload was started, or once it has been finished.
 */
void
ca_font_preload_finish_within (guint timeout_ms)
{
  g_autoptr(GThread) thread = g_steal_pointer (&preload_thread);
  Preload *preload = g_steal_pointer (&preload_running);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  if (thread == NULL)
    return;

  g_mutex_lock (&state_lock);
  while (preload->state == RUNNING && g_cond_wait_until (&state_changed, &state_lock, deadline))
    ;
  g_mutex_unlock (&state_lock);
  if (preload_leave_running (preload, ABANDONED))
    {
      g_debug ("The fonts were not ready in time");
      return;   /* the worker frees what it made; unreferenced, its thread ends alone */
    }

  g_thread_join (g_steal_pointer (&thread));
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (preload->font_map));
  if (preload->glyph_runs->len > 0)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_source_tag (task, ca_font_preload_finish_within);
      g_task_set_task_data (task, g_steal_pointer (&preload->glyph_runs),
                            (GDestroyNotify) g_ptr_array_unref);
      g_task_run_in_thread (task, draw_glyphs_thread);
    }
  preload_free (preload);
}

/**
 * ca_font_preload_finish:
 *
 * ca_font_preload_finish_within() with the wait the window can afford.
 */
void
ca_font_preload_finish (void)
{
  ca_font_preload_finish_within (FINISH_WAIT_MS);
}
