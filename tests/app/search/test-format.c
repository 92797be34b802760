/* test-format.c — money and dates as the search screens show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearchTest"

#include <glib.h>

#include "ca-format.h"

static void
test_money (void)
{
  struct { gint64 cents; const char *locale; const char *text; } cases[] = {
    { 35000, "fr_FR.UTF-8", "350,00\u00a0€" },
    { 35050, "fr_FR.UTF-8", "350,50\u00a0€" },
    { 5, "fr_FR.UTF-8", "0,05\u00a0€" },
    { 135000, "fr_FR.UTF-8", "1\u202f350,00\u00a0€" },
    { 123456789, "fr_FR.UTF-8", "1\u202f234\u202f567,89\u00a0€" },
    { 0, "fr_FR.UTF-8", "0,00\u00a0€" },
    { -1500, "fr_FR.UTF-8", "-15,00\u00a0€" },
    { 35000, "en_GB.UTF-8", "€350.00" },
    { 135005, "en_US.UTF-8", "€1,350.05" },
    { 99, "C.UTF-8", "€0.99" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ca_format_money_for_locale (cases[i].cents, cases[i].locale);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_date (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date = g_date_time_new (utc, 2026, 9, 1, 12, 0, 0);
  g_autofree char *text = ca_format_date (date);
  g_autofree char *none = ca_format_date (NULL);

  /* C locale in tests: English month names, no leading zero */
  g_assert_cmpstr (text, ==, "1 September 2026");
  g_assert_cmpstr (none, ==, "?");
}

static void
test_enums (void)
{
  g_assert_cmpstr (ca_format_catalogue_item ("day", "monday", "Lundi"), ==, "Monday");
  g_assert_cmpstr (ca_format_catalogue_item ("slot", "evening", "Soirée"), ==, "Evening");
  g_assert_cmpstr (ca_format_catalogue_item ("rhythm", "semester-1", "x"), ==, "First semester");
  g_assert_cmpstr (ca_format_catalogue_item ("mode", "hybrid", "x"), ==,
                   "Hybrid (on site and remote)");
  /* Unknown ids keep the catalogue's own name */
  g_assert_cmpstr (ca_format_catalogue_item ("day", "someday", "Un jour"), ==, "Un jour");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/format/money", test_money);
  g_test_add_func ("/search/format/date", test_date);
  g_test_add_func ("/search/format/enums", test_enums);
  return g_test_run ();
}
