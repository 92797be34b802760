/* ca-test-screenshot.c — PNG screenshots of widgets in tests
 *
 * A fixed delay is not enough for the first frame: wait for the widget paintable's
 * invalidate-contents, then render on idle with the window's renderer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTestScreenshot"

#include <locale.h>
#include <glib/gi18n.h>

#include "ca-test-screenshot.h"

#define DRAW_TIMEOUT_MS 5000

typedef struct
{
  gboolean invalidated;
  gboolean idle_done;
  gboolean timed_out;
} Wait;

static void
invalidate_contents_cb (GdkPaintable *paintable,
                        Wait         *wait)
{
  wait->invalidated = TRUE;
}

static gboolean
idle_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->idle_done = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ca_test_screenshot_save (GtkWidget   *widget,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  Wait wait = { FALSE, FALSE, FALSE };
  guint timeout_id;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  paintable = gtk_widget_paintable_new (widget);
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (invalidate_contents_cb),
                    &wait);
  gtk_widget_queue_draw (widget);

  timeout_id = g_timeout_add (DRAW_TIMEOUT_MS, timeout_cb, &wait);
  while (!wait.invalidated && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_idle_add (idle_cb, &wait);
  while (!wait.idle_done)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (timeout_id);
  g_signal_handlers_disconnect_by_func (paintable, invalidate_contents_cb, &wait);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The widget is not shown");
      return FALSE;
    }

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing was drawn");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}

char *
ca_test_screenshot_path (const char *name)
{
  const char *dir = g_getenv ("CA_SCREENSHOT_DIR");

  if (dir == NULL || *dir == '\0')
    dir = g_getenv ("G_TEST_BUILDDIR");
  if (dir == NULL || *dir == '\0')
    dir = ".";
  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

void
ca_test_screenshot_init_locale (void)
{
  const char *dir = g_getenv ("CA_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
