/* ca-client-test-util.h — shared by the client's test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* The client writes its catalogue cache in @dir behind the call that fetched the catalogue,
 * the ETag last: waits (running the main context) until it is there. */
static inline void
ca_test_wait_for_catalogue_cache (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "catalogue.etag", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}
