/* test-demo.c — the demonstration catalogue's summary: written at build time, read on another
 * day as the service will serve it then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <glib/gstdio.h>
#include <string.h>

#include "ca-demo.h"
#include "ca-error.h"
#include "ca-time.h"

/* Periods as the service writes them, dated from 20 March 2026 (winter time in Paris): one
 * open that day, one to come, one past. */
static const char catalogue_json[] =
  "{\"domains\":[{\"id\":\"langues\",\"name\":\"Langues étrangères\",\"course_count\":12}],"
  "\"periods\":["
  "{\"id\":\"now\",\"name\":\"En cours\",\"opens_at\":\"2026-03-13T00:00:00+01:00\","
  "\"closes_at\":\"2026-04-10T00:00:00+02:00\",\"open\":true},"
  "{\"id\":\"next\",\"name\":\"À venir\",\"opens_at\":\"2026-05-04T00:00:00+02:00\","
  "\"closes_at\":\"2026-06-03T00:00:00+02:00\",\"open\":false},"
  "{\"id\":\"past\",\"name\":\"Passée\",\"opens_at\":\"2026-01-05T00:00:00+01:00\","
  "\"closes_at\":\"2026-02-04T00:00:00+01:00\",\"open\":false}],"
  "\"rhythms\":[{\"id\":\"annual\",\"name\":\"Annuel\"}],"
  "\"modes\":[{\"id\":\"onsite\",\"name\":\"Présentiel\"}],"
  "\"slots\":[{\"id\":\"evening\",\"name\":\"Soirée\"}],"
  "\"days\":[{\"id\":\"monday\",\"name\":\"Lundi\"}],"
  "\"arrondissements\":[{\"number\":1,\"name\":\"1er\"}],"
  "\"establishments\":[{\"id\":\"e-1\",\"name\":\"Lycée « Voltaire »\","
  "\"address\":\"101 avenue de la République\",\"arrondissement\":11}],"
  "\"heard_from_options\":[{\"id\":\"press\",\"name\":\"Presse\"}]}";

static gint64
paris_time (int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) time = g_date_time_new (ca_paris_time_zone (), year, month, day, hour,
                                               0, 0);

  return g_date_time_to_unix (time);
}

static char *
write_summary (gint64 dated_from)
{
  g_autoptr(JsonNode) node = json_from_string (catalogue_json, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-test-demo-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, "summary.json", NULL);
  g_assert_true (ca_demo_write_summary (path, node, dated_from, &error));
  g_assert_no_error (error);
  return path;
}

static void
remove_summary (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
assert_period (CaCatalogue *catalogue,
               const char  *id,
               const char  *opens_at,
               const char  *closes_at,
               gboolean     open)
{
  CaPeriod *period = ca_catalogue_find_period (catalogue, id);
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  g_assert_nonnull (period);
  opens = g_date_time_format_iso8601 (ca_period_get_opens_at (period));
  closes = g_date_time_format_iso8601 (ca_period_get_closes_at (period));
  g_assert_cmpstr (opens, ==, opens_at);
  g_assert_cmpstr (closes, ==, closes_at);
  g_assert_cmpint (ca_period_get_open (period), ==, open);
}

/* Read 40 days later, in summer time: every date moves by 40 days, still at midnight in
 * Paris, and whether a period is open is what it is on that day. */
static void
test_moved_to_the_day (void)
{
  g_autofree char *path = write_summary (paris_time (2026, 3, 20, 0));
  g_autoptr(GBytes) body = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *expected_etag = NULL;
  g_autofree char *text = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  catalogue = ca_demo_read_summary (path, paris_time (2026, 4, 29, 15), &body, &etag, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  assert_period (catalogue, "now", "2026-04-22T00:00:00+02", "2026-05-20T00:00:00+02", TRUE);
  assert_period (catalogue, "next", "2026-06-13T00:00:00+02", "2026-07-13T00:00:00+02",
                 FALSE);
  assert_period (catalogue, "past", "2026-02-14T00:00:00+01", "2026-03-16T00:00:00+01",
                 FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_domains (catalogue)), ==, 1);

  /* The body is the catalogue alone, compact, with the new dates; the tag is its digest. */
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_true (g_str_has_prefix (text, "{\"domains\":[{\"id\":\"langues\""));
  g_assert_nonnull (strstr (text, "\"opens_at\":\"2026-04-22T00:00:00+02:00\""));
  g_assert_null (strstr (text, "dated_from"));
  g_assert_null (strstr (text, "\n"));
  expected_etag = ca_catalogue_etag (text);
  g_assert_cmpstr (etag, ==, expected_etag);
  g_assert_cmpuint (strlen (etag), ==, 34);

  /* The day the summary was written gives its own dates back. */
  g_clear_object (&catalogue);
  catalogue = ca_demo_read_summary (path, paris_time (2026, 3, 20, 23), NULL, NULL, &error);
  g_assert_no_error (error);
  assert_period (catalogue, "now", "2026-03-13T00:00:00+01", "2026-04-10T00:00:00+02", TRUE);
  remove_summary (path);
}

/* A catalogue with dates of its own keeps them; only whether a period is open changes. */
static void
test_absolute_dates (void)
{
  g_autofree char *path = write_summary (0);
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  catalogue = ca_demo_read_summary (path, paris_time (2026, 5, 10, 12), NULL, NULL, &error);
  g_assert_no_error (error);
  assert_period (catalogue, "now", "2026-03-13T00:00:00+01", "2026-04-10T00:00:00+02", FALSE);
  assert_period (catalogue, "next", "2026-05-04T00:00:00+02", "2026-06-03T00:00:00+02", TRUE);
  remove_summary (path);
}

static void
assert_unusable (const char *contents,
                 GQuark      domain,
                 int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;
  int fd = g_file_open_tmp ("ca-test-demo-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  catalogue = ca_demo_read_summary (path, paris_time (2026, 5, 10, 12), &body, &etag, &error);
  g_assert_null (catalogue);
  g_assert_null (body);
  g_assert_null (etag);
  g_assert_error (error, domain, code);
  g_unlink (path);
}

/* A summary that is not there or cannot be used shows nothing (the service's own catalogue
 * comes then): each says why. */
static void
test_unusable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;

  catalogue = ca_demo_read_summary ("/nonexistent/summary.json", 0, NULL, NULL, &error);
  g_assert_null (catalogue);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  assert_unusable ("{\"dated_from\":null,\"catalogue\":{\"domains\":[", JSON_PARSER_ERROR,
                   JSON_PARSER_ERROR_PARSE);
  assert_unusable ("[]", CA_ERROR, CA_ERROR_BAD_RESPONSE);
  assert_unusable ("{\"dated_from\":null}", CA_ERROR, CA_ERROR_BAD_RESPONSE);
  assert_unusable ("{\"dated_from\":\"yesterday\",\"catalogue\":{\"periods\":[]}}", CA_ERROR,
                   CA_ERROR_BAD_RESPONSE);
  assert_unusable ("{\"dated_from\":null,\"catalogue\":{\"periods\":[{\"id\":\"p\"}]}}",
                   CA_ERROR, CA_ERROR_BAD_RESPONSE);
  assert_unusable ("{\"dated_from\":null,\"catalogue\":{\"periods\":[3]}}", CA_ERROR,
                   CA_ERROR_BAD_RESPONSE);
  /* Periods right, the rest not a catalogue: the decoder's own error. */
  assert_unusable ("{\"dated_from\":null,\"catalogue\":{\"periods\":[]}}", CA_ERROR,
                   CA_ERROR_BAD_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/moved-to-the-day", test_moved_to_the_day);
  g_test_add_func ("/demo/absolute-dates", test_absolute_dates);
  g_test_add_func ("/demo/unusable", test_unusable);
  return g_test_run ();
}
