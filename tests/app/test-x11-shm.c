/* test-x11-shm.c — frames drawn with cairo on X11 keep one pool of shared memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <stdio.h>

#ifdef HAVE_CAIRO_XLIB
#include <gdk/x11/gdkx.h>
#endif

#include "ca-test-util.h"
#include "ca-x11-shm.h"

/* The System V shared memory segments this process has attached, as "start-end" strings:
 * cairo-xlib's pools. */
static GPtrArray *
attached_segments (void)
{
  GPtrArray *segments = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "/SYSV") != NULL)
      g_ptr_array_add (segments, g_strndup (lines[i], strcspn (lines[i], " ")));
  return segments;
}

static gboolean
has_segment (GPtrArray  *segments,
             const char *range)
{
  for (guint i = 0; i < segments->len; i++)
    if (g_str_equal (g_ptr_array_index (segments, i), range))
      return TRUE;
  return FALSE;
}

static gsize
segment_size (const char *range)
{
  guint64 start = 0, end = 0;

  g_assert_cmpint (sscanf (range, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x", &start,
                           &end), ==, 2);
  return end - start;
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static void
redraw (GtkWidget *window)
{
  gboolean painted = FALSE;
  gulong id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (window);
  g_assert_true (ca_test_spin_until_set (&painted, 5000));
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), id);
  /* The X server has taken the frame: cairo-xlib frees its image at the next one. */
  ca_test_spin_for (20);
}

/* Once kept, a pool big enough for a frame of the whole screen stays attached at the same
 * place while frames come and go, and keeping it again adds nothing. */
static void
test_pool_kept (void)
{
#ifdef HAVE_CAIRO_XLIB
  GdkDisplay *display = gdk_display_get_default ();
  GtkWidget *window;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  const char *pool = NULL;
  Screen *screen;
  gsize screen_bytes;

  if (!GDK_IS_X11_DISPLAY (display) || g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    {
      g_test_skip ("needs X11 and GSK_RENDERER=cairo");
      return;
    }
  screen = DefaultScreenOfDisplay (gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (display)));
  screen_bytes = (gsize) WidthOfScreen (screen) * HeightOfScreen (screen) * 4;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Trouver une formation"));
  gtk_window_present (GTK_WINDOW (window));
  redraw (window);

  before = attached_segments ();
  ca_x11_keep_frame_memory (window);
  kept = attached_segments ();
  for (guint i = 0; i < kept->len && pool == NULL; i++)
    {
      const char *range = g_ptr_array_index (kept, i);

      if (!has_segment (before, range) && segment_size (range) >= screen_bytes)
        pool = range;
    }
  g_assert_nonnull (pool);

  for (int i = 0; i < 10; i++)
    {
      g_autoptr(GPtrArray) now = NULL;

      redraw (window);
      now = attached_segments ();
      g_assert_true (has_segment (now, pool));
    }

  ca_x11_keep_frame_memory (window);
  {
    g_autoptr(GPtrArray) again = attached_segments ();

    g_assert_true (has_segment (again, pool));
    for (guint i = 0; i < again->len; i++)
      {
        const char *range = g_ptr_array_index (again, i);

        g_assert_true (has_segment (kept, range) || segment_size (range) < screen_bytes);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
#else
  g_test_skip ("built without cairo-xlib");
#endif
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add_func ("/x11-shm/pool-kept", test_pool_kept);
  return g_test_run ();
}
