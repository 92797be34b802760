/* fuzz-replay.c — replays a fuzz target's corpus without libFuzzer
 *
 * Linked with one target into a plain executable, so that the ordinary test suite feeds every
 * committed input (seeds, past findings) to LLVMFuzzerTestOneInput () with any compiler.
 * Arguments are files or directories (read one level deep, in name order, for a stable run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "FuzzReplay"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Past findings (libFuzzer names them crash-…, leak-…, timeout-…, oom-…) come after the
 * seeds, so that one that is not fixed yet does not keep the seeds from being replayed. */
static gboolean
is_finding (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);

  return g_str_has_prefix (name, "crash-") || g_str_has_prefix (name, "leak-") ||
         g_str_has_prefix (name, "timeout-") || g_str_has_prefix (name, "oom-");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *pa = *(const char * const *) a;
  const char *pb = *(const char * const *) b;

  if (is_finding (pa) != is_finding (pb))
    return is_finding (pa) ? 1 : -1;

  return strcmp (pa, pb);
}

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *copy = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s: %s\n", path, error->message);
      return FALSE;
    }

  /* An exact-size copy, so that a read past the input's end is one for the sanitizers. */
  copy = g_memdup2 (contents, length);
  fprintf (stderr, "%s (%zu bytes)\n", path, (size_t) length);
  LLVMFuzzerTestOneInput (copy, length);
  return TRUE;
}

static gboolean
replay_dir (const char *dir_path,
            guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "%s: %s\n", dir_path, error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *path = g_ptr_array_index (names, i);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      ok = replay_file (path) && ok;
      (*count)++;
    }

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok = TRUE;
  guint count = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-DIRECTORY…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        ok = replay_dir (argv[i], &count) && ok;
      else
        {
          ok = replay_file (argv[i]) && ok;
          count++;
        }
    }

  /* An empty corpus would make the test pass while replaying nothing. */
  if (count == 0)
    {
      fprintf (stderr, "no input replayed\n");
      return 1;
    }

  fprintf (stderr, "%u inputs replayed\n", count);
  return ok ? 0 : 1;
}
