/* test-captcha.c — captcha codes and images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "TestCaptcha"

#include <string.h>
#include <cairo.h>
#include <gio/gio.h>

#include "ca-captcha.h"

#define SAMPLES 1000

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} Reader;

static cairo_status_t
read_cb (void          *closure,
         unsigned char *data,
         unsigned int   length)
{
  Reader *r = closure;

  if (r->offset + length > r->size)
    return CAIRO_STATUS_READ_ERROR;

  memcpy (data, r->data + r->offset, length);
  r->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *png)
{
  Reader r = { 0 };

  r.data = g_bytes_get_data (png, &r.size);
  return cairo_image_surface_create_from_png_stream (read_cb, &r);
}

/* Glyphs are drawn darker than any noise (each channel at most 0.3 of full scale). */
static gboolean
is_glyph_ink (guint32 pixel)
{
  return ((pixel >> 16) & 0xff) < 80 && ((pixel >> 8) & 0xff) < 80 && (pixel & 0xff) < 80;
}

static void
test_codes (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint used[256] = { 0 };

  for (guint i = 0; i < SAMPLES; i++)
    {
      char *code = ca_captcha_new_code ();

      g_assert_cmpuint (strlen (code), ==, CA_CAPTCHA_CODE_LENGTH);
      for (const char *p = code; *p != '\0'; p++)
        {
          g_assert_nonnull (strchr (CA_CAPTCHA_ALPHABET, *p));
          g_assert_null (strchr ("0O1Il", *p));
          used[(guchar) *p]++;
        }
      g_hash_table_add (seen, code);
    }

  /* 31^5 codes: a handful of repeats in a thousand would mean a broken generator. */
  g_assert_cmpuint (g_hash_table_size (seen), >=, SAMPLES - 2);

  /* Each of the 31 characters is expected about 160 times in 5000. */
  for (const char *p = CA_CAPTCHA_ALPHABET; *p != '\0'; p++)
    g_assert_cmpuint (used[(guchar) *p], >, 60);
}

static void
test_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = ca_captcha_new_code ();
  g_autoptr(GBytes) png = ca_captcha_render_png (code, &error);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  cairo_surface_t *surface;
  const guint8 *data;
  gsize size = 0;
  guint dark = 0, dark_outside = 0;
  int stride;

  g_assert_no_error (error);
  g_assert_nonnull (png);

  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  surface = decode_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, CA_CAPTCHA_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, CA_CAPTCHA_HEIGHT);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < CA_CAPTCHA_HEIGHT; y++)
    for (int x = 0; x < CA_CAPTCHA_WIDTH; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;

        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
        if (is_glyph_ink (pixel))
          {
            dark++;
            if (x < 8 || x >= CA_CAPTCHA_WIDTH - 8)
              dark_outside++;
          }
      }

  /* Noisy: many colours. Readable: a good share of dark glyph ink, in the middle. */
  g_assert_cmpuint (g_hash_table_size (colours), >, 100);
  g_assert_cmpuint (dark, >, CA_CAPTCHA_WIDTH * CA_CAPTCHA_HEIGHT / 40);
  g_assert_cmpuint (dark_outside, <, dark / 10);
  cairo_surface_destroy (surface);

  /* The same code never gives the same picture. */
  again = ca_captcha_render_png (code, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (png, again));
}

/* Every character of the alphabet has a glyph that leaves ink in its own cell. */
static void
test_every_glyph (void)
{
  for (const char *p = CA_CAPTCHA_ALPHABET; *p != '\0'; p++)
    {
      char code[2] = { *p, '\0' };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = ca_captcha_render_png (code, &error);
      cairo_surface_t *surface;
      const guint8 *data;
      guint dark = 0;
      int stride;

      g_assert_no_error (error);
      surface = decode_png (png);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);

      for (int y = 0; y < CA_CAPTCHA_HEIGHT; y++)
        for (int x = 0; x < CA_CAPTCHA_WIDTH; x++)
          {
            guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);

            if (is_glyph_ink (pixel))
              dark++;
          }

      g_test_message ("%c: %u dark pixels", *p, dark);
      g_assert_cmpuint (dark, >, 50);
      cairo_surface_destroy (surface);
    }
}

static void
test_invalid_codes (void)
{
  const char *bad[] = { "", "ABC0E", "abcde", "AB CD", "ÉTÉ", "AAAAAAAAAAAAAAAAAAAAAAAAA" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = ca_captcha_render_png (bad[i], &error);

      g_assert_null (png);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (ca_captcha_render_png (NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/captcha/codes", test_codes);
  g_test_add_func ("/captcha/png", test_png);
  g_test_add_func ("/captcha/every-glyph", test_every_glyph);
  g_test_add_func ("/captcha/invalid-codes", test_invalid_codes);

  ret = g_test_run ();
  /* Releases cairo's font caches so that leak checkers see only real leaks. */
  cairo_debug_reset_static_data ();

  return ret;
}
