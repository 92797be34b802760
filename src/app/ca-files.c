/* ca-files.c — deleting what the application wrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaFiles"

#include <errno.h>
#include <glib/gstdio.h>

#include "ca-files.h"

void
ca_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (path != NULL);

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ca_remove_tree (child);
      else if (g_unlink (child) != 0)
        g_warning ("Cannot delete %s: %s", child, g_strerror (errno));
    }
  if (g_rmdir (path) != 0 && errno != ENOENT)
    g_warning ("Cannot delete %s: %s", path, g_strerror (errno));
}
