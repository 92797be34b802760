/* ca-x11-shm.c — frames drawn with cairo on X11 keep their shared memory
 *
 * On X11 without OpenGL (old public computers, virtual machines, remote displays), GTK draws
 * each frame with cairo into an image that cairo-xlib hands to the X server through MIT-SHM.
 * cairo-xlib takes these images from pools of shared memory and destroys a pool as soon as
 * nothing is left in it, that is after nearly every frame: the next frame then creates a new
 * segment, has the X server attach it (a round trip), and faults its pages in. A frame that
 * redraws the whole window took up to 50 ms, a third of it waiting for the X server.
 *
 * One small image kept for the display's lifetime keeps a pool big enough for a frame of the
 * whole screen: frames then reuse its memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-x11-shm.h"

#ifdef HAVE_CAIRO_XLIB
#include <gdk/x11/gdkx.h>
#include <cairo-xlib.h>
#endif

#define KEPT_IMAGE_KEY "ca-x11-kept-frame-memory"

void
ca_x11_keep_frame_memory (GtkWidget *window)
{
#ifdef HAVE_CAIRO_XLIB
  GdkDisplay *display;
  GskRenderer *renderer;
  Display *xdisplay;
  Screen *screen;
  cairo_surface_t *root;
  cairo_surface_t *frame;
  cairo_surface_t *kept;

  g_return_if_fail (GTK_IS_NATIVE (window));

  display = gtk_widget_get_display (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  if (!GDK_IS_X11_DISPLAY (display) || renderer == NULL || !GSK_IS_CAIRO_RENDERER (renderer)
      || g_object_get_data (G_OBJECT (display), KEPT_IMAGE_KEY) != NULL)
    return;

  xdisplay = gdk_x11_display_get_xdisplay (display);
  screen = DefaultScreenOfDisplay (xdisplay);
  root = cairo_xlib_surface_create (xdisplay, RootWindowOfScreen (screen),
                                    DefaultVisualOfScreen (screen), 1, 1);
  /* A pool is sized for the image that creates it: one of the whole screen, then a small
   * image beside it, which stays when the big one goes. */
  frame = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32,
                                              WidthOfScreen (screen), HeightOfScreen (screen));
  kept = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_surface_destroy (frame);
  cairo_surface_destroy (root);
  g_object_set_data_full (G_OBJECT (display), KEPT_IMAGE_KEY, kept,
                          (GDestroyNotify) cairo_surface_destroy);
#endif
}
