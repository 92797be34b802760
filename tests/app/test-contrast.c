/* test-contrast.c — the period tiles of « Rechercher » stay legible in high contrast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window against a real cours-adultes-server. GNOME's high contrast is switched on as
 * the desktop does it, through org.gnome.desktop.a11y.interface, which libadwaita follows. The
 * window is rendered as it is drawn, and the text of each line of a tile is measured against
 * the tile's background: the WCAG contrast ratio of the darkest pixel of the line (the core of
 * its glyphs) and of its most common one (the background).
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <string.h>

#include "ca-application.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

/* WCAG 2: 4.5 for normal text (AA); 7 is what high contrast asks for (AAA) */
#define MIN_CONTRAST 4.5
#define MIN_HIGH_CONTRAST 7.0
/* A grey tile on the page, not the page's own colour */
#define MIN_GREY 1.05

static CaTestServer *server;
static CaApplication *app;
static CaWindow *window;

static gboolean
has_client_cb (gpointer data)
{
  return ca_application_get_client (app) != NULL;
}

static GtkWidget *
find_tile (GtkWidget  *root,
           const char *css_class)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "ca-tile")
      && gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = find_tile (child, css_class);

      if (tile != NULL)
        return tile;
    }
  return NULL;
}

static gboolean
closed_tile_shown_cb (gpointer data)
{
  GtkWidget *tile = find_tile (GTK_WIDGET (window), "ca-closed");

  return tile != NULL && gtk_widget_get_mapped (tile);
}

static gboolean
high_contrast_is_cb (gpointer data)
{
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ())
         == GPOINTER_TO_INT (data);
}

/* ---- measuring ----------------------------------------------------------------------------- */

/* x^2.4 = x² · (x²)^(1/5), the fifth root by Newton's method (the tests do not link libm) */
static double
power_2_4 (double x)
{
  double square = x * x;
  double root = 1.0;

  if (square == 0.0)
    return 0.0;
  for (int i = 0; i < 60; i++)
    root = (4.0 * root + square / (root * root * root * root)) / 5.0;
  return square * root;
}

/* An sRGB channel, linear */
static double
channel (guint8 value)
{
  double c = value / 255.0;

  return c <= 0.03928 ? c / 12.92 : power_2_4 ((c + 0.055) / 1.055);
}

/* Relative luminance of an opaque pixel in GDK_MEMORY_DEFAULT (premultiplied B, G, R, A) */
static double
luminance (const guint8 *pixel)
{
  return 0.2126 * channel (pixel[2]) + 0.7152 * channel (pixel[1])
         + 0.0722 * channel (pixel[0]);
}

static double
contrast (double a,
          double b)
{
  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

typedef struct
{
  guint8 *pixels;
  gsize   stride;
  int     width;
  int     height;
} Image;

static void
image_clear (Image *image)
{
  g_free (image->pixels);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Image, image_clear)

/* The window as drawn, through the same rendering as the screenshots (kept in @name) */
static void
render_window (const char *name,
               Image      *image)
{
  g_autofree char *path = ca_test_screenshot_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->stride = (gsize) image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->pixels, image->stride);
}

/* The contrast of @label's text with its background, within the window's @image; the
 * background's luminance goes to @background_luminance, when given */
static double
label_contrast (Image     *image,
                GtkWidget *label,
                double    *background_luminance)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  graphene_rect_t bounds;
  guint32 background = 0;
  guint best = 0;
  double darkest = 1.0, lightest = 0.0, back;

  g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, image->height);
  for (int y = bounds.origin.y; y < bounds.origin.y + bounds.size.height; y++)
    for (int x = bounds.origin.x; x < bounds.origin.x + bounds.size.width; x++)
      {
        const guint8 *pixel = image->pixels + y * image->stride + x * 4;
        guint32 value;
        guint count;

        memcpy (&value, pixel, sizeof value);
        count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (value))) + 1;
        g_hash_table_insert (counts, GUINT_TO_POINTER (value), GUINT_TO_POINTER (count));
        if (count > best)
          {
            best = count;
            background = value;
          }
        darkest = MIN (darkest, luminance (pixel));
        lightest = MAX (lightest, luminance (pixel));
      }
  back = luminance ((const guint8 *) &background);
  if (background_luminance != NULL)
    *background_luminance = back;
  /* Dark text on a light tile, or light text on a dark one */
  return MAX (contrast (back, darkest), contrast (back, lightest));
}

/* The lowest contrast among the lines of @tile */
static double
tile_contrast (Image     *image,
               GtkWidget *tile,
               const char *what)
{
  double lowest = G_MAXDOUBLE;

  for (GtkWidget *child = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (tile)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      double ratio = label_contrast (image, child, NULL);

      g_test_message ("%s: « %s » %.2f:1", what, gtk_label_get_text (GTK_LABEL (child)), ratio);
      lowest = MIN (lowest, ratio);
    }
  return lowest;
}

/* ---- tests --------------------------------------------------------------------------------- */

static void
set_high_contrast (gboolean high_contrast)
{
  g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

  g_settings_set_boolean (a11y, "high-contrast", high_contrast);
  g_assert_true (ca_test_spin_until (high_contrast_is_cb, GINT_TO_POINTER (high_contrast),
                                     5000));
  ca_test_spin_for (300);
}

static void
check_tiles (gboolean high_contrast)
{
  g_auto(Image) image = { NULL, };
  GtkWidget *closed = find_tile (GTK_WIDGET (window), "ca-closed");
  GtkWidget *open = find_tile (GTK_WIDGET (window), "suggested-action");
  GtkWidget *heading = ca_test_find_label (GTK_WIDGET (window), "Browse by enrolment period");
  double minimum = high_contrast ? MIN_HIGH_CONTRAST : MIN_CONTRAST;
  double page, tile;

  set_high_contrast (high_contrast);
  render_window (high_contrast ? "period-tiles-high-contrast.png" : "period-tiles.png", &image);
  g_assert_cmpfloat (tile_contrast (&image, closed, "closed"), >=, minimum);
  /* Closed stays grey in both styles: its background is not the page's */
  label_contrast (&image, heading, &page);
  label_contrast (&image, gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (closed))),
                  &tile);
  g_test_message ("closed tile on the page: %.2f:1", contrast (page, tile));
  g_assert_cmpfloat (contrast (page, tile), >=, MIN_GREY);
  g_assert_nonnull (open);
  /* Open is blue: its dates are read on it in both styles */
  g_assert_cmpfloat (tile_contrast (&image, open, "open"), >=, MIN_CONTRAST);
}

static void
test_contrast_normal (void)
{
  check_tiles (FALSE);
}

static void
test_contrast_high (void)
{
  check_tiles (TRUE);
  set_high_contrast (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_init (&argc, &argv);
  server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);

  app = ca_test_application_new ("fr.paris.CoursAdultes.TestContrast",
                                 ca_test_server_get_url (server),
                                 FALSE);
  window = ca_window_new (app);
  /* Tall enough for the period tiles, below the domains, to be drawn without scrolling */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 1200);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ca_test_spin_until (has_client_cb, NULL, 20000));
  g_assert_true (ca_test_spin_until (closed_tile_shown_cb, NULL, 20000));

  g_test_add_func ("/contrast/period-tiles", test_contrast_normal);
  g_test_add_func ("/contrast/period-tiles-high-contrast", test_contrast_high);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  ca_test_server_free (server);
  return status;
}
