/* ca-captcha.c — the "code de vérification" shown when an account is created
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCaptcha"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <gio/gio.h>

#include "ca-crypto.h"
#include "ca-captcha.h"

#define NOISE_DOTS 140
#define NOISE_LINES 5
#define CROSSING_LINES 2

char *
ca_captcha_new_code (void)
{
  const gsize n = strlen (CA_CAPTCHA_ALPHABET);
  char *code = g_malloc (CA_CAPTCHA_CODE_LENGTH + 1);

  for (guint i = 0; i < CA_CAPTCHA_CODE_LENGTH; i++)
    code[i] = CA_CAPTCHA_ALPHABET[ca_random_uniform (n)];
  code[CA_CAPTCHA_CODE_LENGTH] = '\0';

  return code;
}

/* Drawn from the system's random source: the picture must not let anyone predict codes. */
static double
random_between (double low,
                double high)
{
  return low + (high - low) * (ca_random_uniform (1u << 20) / (double) (1u << 20));
}

static void
set_random_color (cairo_t *cr,
                  double   low,
                  double   high,
                  double   alpha)
{
  cairo_set_source_rgba (cr,
                         random_between (low, high),
                         random_between (low, high),
                         random_between (low, high),
                         alpha);
}

static void
draw_random_curve (cairo_t *cr,
                   double   width)
{
  cairo_move_to (cr, random_between (0, 20), random_between (0, CA_CAPTCHA_HEIGHT));
  cairo_curve_to (cr,
                  random_between (30, 80), random_between (0, CA_CAPTCHA_HEIGHT),
                  random_between (100, 150), random_between (0, CA_CAPTCHA_HEIGHT),
                  random_between (CA_CAPTCHA_WIDTH - 20, CA_CAPTCHA_WIDTH),
                  random_between (0, CA_CAPTCHA_HEIGHT));
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_background (cairo_t *cr)
{
  set_random_color (cr, 0.90, 1.0, 1.0);
  cairo_paint (cr);

  for (guint i = 0; i < NOISE_DOTS; i++)
    {
      set_random_color (cr, 0.35, 0.9, 0.8);
      cairo_arc (cr,
                 random_between (0, CA_CAPTCHA_WIDTH), random_between (0, CA_CAPTCHA_HEIGHT),
                 random_between (0.6, 1.8), 0, 2 * G_PI);
      cairo_fill (cr);
    }

  for (guint i = 0; i < NOISE_LINES; i++)
    {
      set_random_color (cr, 0.4, 0.8, 0.7);
      draw_random_curve (cr, random_between (0.8, 1.6));
    }
}

/* A stroke font for CA_CAPTCHA_ALPHABET, so that no system font is needed (a service host
 * may have none) and fontconfig, which leaks at start-up, is not loaded. Glyphs live on a
 * grid 4 wide and 6 high (y downwards); each point is two digits "xy", each stroke a run of
 * points, strokes are separated by spaces. */
static const struct
{
  char        c;
  const char *strokes;
} glyphs[] = {
  { 'A', "062046 1434" },
  { 'B', "0006 003041423303 033344453606" },
  { 'C', "4130100105163645" },
  { 'D', "00204145260600" },
  { 'E', "40000646 0333" },
  { 'F', "400006 0333" },
  { 'G', "41301001051636454323" },
  { 'H', "0006 4046 0343" },
  { 'J', "2040 4045361605" },
  { 'K', "0006 4003 1446" },
  { 'M', "0600234046" },
  { 'N', "06004640" },
  { 'P', "06003041423303" },
  { 'Q', "103041453616050110 2446" },
  { 'R', "06003041423303 2346" },
  { 'S', "413010010213334445361605" },
  { 'T', "0040 2026" },
  { 'U', "000516364540" },
  { 'V', "002640" },
  { 'W', "0016233640" },
  { 'X', "0046 4006" },
  { 'Y', "0023 4023 2326" },
  { 'Z', "00400646" },
  { '2', "01103041420646" },
  { '3', "01103041423313 334445361605" },
  { '4', "300444 3036" },
  { '5', "400002324345361605" },
  { '6', "3010010516364543321203" },
  { '7', "004016" },
  { '8', "103041423313020110 1304051636454433" },
  { '9', "103041423313020110 41453616" },
};

#define GLYPH_WIDTH 4.0
#define GLYPH_HEIGHT 6.0

static const char *
glyph_strokes (char c)
{
  for (guint i = 0; i < G_N_ELEMENTS (glyphs); i++)
    if (glyphs[i].c == c)
      return glyphs[i].strokes;

  return NULL;
}

/* Adds the glyph's strokes to the path, every point slightly moved. */
static void
add_glyph_path (cairo_t    *cr,
                const char *strokes)
{
  gboolean stroke_start = TRUE;

  for (const char *p = strokes; *p != '\0'; )
    {
      double x, y;

      if (*p == ' ')
        {
          stroke_start = TRUE;
          p++;
          continue;
        }

      x = (p[0] - '0') - GLYPH_WIDTH / 2 + random_between (-0.15, 0.15);
      y = (p[1] - '0') - GLYPH_HEIGHT / 2 + random_between (-0.15, 0.15);
      if (stroke_start)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);

      stroke_start = FALSE;
      p += 2;
    }
}

static void
draw_glyphs (cairo_t    *cr,
             const char *code)
{
  gsize n = strlen (code);
  double cell = (CA_CAPTCHA_WIDTH - 20.0) / n;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (gsize i = 0; i < n; i++)
    {
      cairo_matrix_t skew;

      cairo_save (cr);
      cairo_translate (cr,
                       10 + cell * (i + 0.5) + random_between (-3, 3),
                       CA_CAPTCHA_HEIGHT / 2.0 + random_between (-4, 4));
      cairo_rotate (cr, random_between (-0.35, 0.35));
      cairo_matrix_init (&skew, 1, 0, random_between (-0.25, 0.25), 1, 0, 0);
      cairo_transform (cr, &skew);
      cairo_scale (cr, random_between (4.4, 5.4), random_between (6.0, 7.2));
      add_glyph_path (cr, glyph_strokes (code[i]));
      /* Stroke in device space so that the line width does not follow the scaling. */
      cairo_restore (cr);

      /* Glyphs are the only thing this dark: noise must not hide them from people. */
      set_random_color (cr, 0.0, 0.3, 1.0);
      cairo_set_line_width (cr, random_between (3.0, 4.0));
      cairo_stroke (cr);
    }
}

static cairo_status_t
write_to_array_cb (void                *closure,
                   const unsigned char *data,
                   unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
ca_captcha_render_png (const char  *code,
                       GError     **error)
{
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (code == NULL || code[0] == '\0' || strlen (code) > 2 * CA_CAPTCHA_CODE_LENGTH ||
      strspn (code, CA_CAPTCHA_ALPHABET) != strlen (code))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "A captcha code is made of the captcha alphabet only");
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, CA_CAPTCHA_WIDTH, CA_CAPTCHA_HEIGHT);
  cr = cairo_create (surface);

  draw_background (cr);
  draw_glyphs (cr, code);

  /* Lines over the glyphs too, so that they cannot be cut out by colour alone. */
  for (guint i = 0; i < CROSSING_LINES; i++)
    {
      set_random_color (cr, 0.35, 0.6, 0.8);
      draw_random_curve (cr, random_between (1.0, 1.8));
    }

  status = cairo_status (cr);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_to_array_cb, png);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot draw the captcha: %s", cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
