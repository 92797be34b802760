/* fuzz-common.h — what the fuzz targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* A failed check is a finding: abort () so that libFuzzer keeps the input. */
#define check(cond) G_STMT_START { if (!(cond)) { \
  g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); abort (); } } G_STMT_END

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The end of the JSON value at @p (lexically: strings, nesting), or NULL when it never ends. */
static inline const char *
fuzz_json_skip_value (const char *p,
                      const char *end)
{
  int depth = 0;

  do
    {
      if (p >= end)
        return NULL;
      if (*p == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            if (*p == '\\')
              p++;
          if (p >= end)
            return NULL;
          p++;
        }
      else if (*p == '{' || *p == '[')
        depth++, p++;
      else if (*p == '}' || *p == ']')
        depth--, p++;
      else if (depth == 0)
        {
          while (p < end && !g_ascii_isspace (*p) && *p != '{' && *p != '[' && *p != '"' &&
                 *p != '}' && *p != ']')
            p++;
        }
      else
        p++;
    }
  while (depth > 0);

  return p;
}

/* How many top-level JSON values @data holds, lexically ("{}{}" holds two). */
static inline guint
fuzz_json_count_values (const char *data,
                        size_t      size)
{
  const char *p = data;
  const char *end = data + size;
  guint values = 0;

  /* A byte order mark is not a value (json-glib skips it). */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p != NULL && p < end)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end)
        break;
      p = fuzz_json_skip_value (p, end);
      values++;
    }

  return values;
}

/* json-glib 1.6 takes a document of several top-level values for a valid one and leaks all
 * of them but one: a known finding (corpus/fuzz-json-decoders/leak-json-glib-several-roots.json)
 * that tools/fuzz steps over (CA_FUZZ_SKIP_SEVERAL_ROOTS) so that a run can find something
 * else. The corpus replay tests do not skip it. */
static inline gboolean
fuzz_skip_several_roots (const char *data,
                         size_t      size)
{
  return g_getenv ("CA_FUZZ_SKIP_SEVERAL_ROOTS") != NULL && fuzz_json_count_values (data, size) > 1;
}
