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

static CaPeriod *
period_new (const char *opens_at,
            const char *closes_at)
{
  g_autofree char *json = g_strdup_printf (
    "{\"domains\":[],\"periods\":[{\"id\":\"p\",\"name\":\"P\",\"opens_at\":\"%s\","
    "\"closes_at\":\"%s\",\"open\":true}],\"rhythms\":[],\"modes\":[],\"slots\":[],"
    "\"days\":[],\"arrondissements\":[],\"establishments\":[],\"heard_from_options\":[]}",
    opens_at, closes_at);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCatalogue) catalogue = ca_catalogue_from_json (node, &error);

  g_assert_no_error (error);
  return g_object_ref (ca_catalogue_find_period (catalogue, "p"));
}

/* A period shows its first and last days in Paris, here on a clock in UTC (an hour or two
 * behind): one closing at midnight ends the day before; one closing at 18:00 ends that day. */
static void
test_period_dates (void)
{
  const struct {
    const char *opens_at;
    const char *closes_at;
    const char *text;
  } cases[] = {
    { "2026-11-20T00:00:00+01:00", "2026-12-18T00:00:00+01:00",
      "20 November 2026 – 17 December 2026" },
    { "2026-07-30T00:00:00+02:00", "2026-09-13T00:00:00+02:00",
      "30 July 2026 – 12 September 2026" },
    { "2026-09-01T09:00:00+02:00", "2026-12-15T18:00:00+01:00",
      "1 September 2026 – 15 December 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CaPeriod) period = period_new (cases[i].opens_at, cases[i].closes_at);
      g_autofree char *text = ca_format_period_dates (period);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
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
  g_test_add_func ("/search/format/period-dates", test_period_dates);
  g_test_add_func ("/search/format/enums", test_enums);
  return g_test_run ();
}
