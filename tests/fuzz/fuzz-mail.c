/* fuzz-mail.c — the mail writer and reader (src/server/lib/ca-mail.h)
 *
 * The input is split at NUL bytes into from, to, subject and body (an empty or missing from
 * or to takes a valid default, so that the fuzzer reaches the encoders quickly). When
 * ca_mail_write () accepts the values, reading the file back must give the same subject and
 * body (line ends as "\n"); when it refuses them, the error is G_IO_ERROR_INVALID_DATA. The
 * whole input is also handed to ca_mail_parse () as a mail text of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "FuzzMail"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ca-mail.h"
#include "fuzz-common.h"


static char *mail_dir;

static void
remove_mail_dir (void)
{
  g_rmdir (mail_dir);
  g_clear_pointer (&mail_dir, g_free);
}

static const char *
mail_dir_get (void)
{
  if (mail_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      mail_dir = g_dir_make_tmp ("fuzz-mail-XXXXXX", &error);
      check (mail_dir != NULL);
      atexit (remove_mail_dir);
    }

  return mail_dir;
}

/* What reading back must give for a body: CRLF, CR and LF are all line ends. */
static char *
expected_body (const char *body)
{
  GString *out = g_string_sized_new (strlen (body));

  for (const char *p = body; *p != '\0'; p++)
    {
      if (p[0] == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
show_mismatch (const char *what,
               const char *expected,
               const char *got)
{
  g_autofree char *e = g_strescape (expected ? expected : "(null)", NULL);
  g_autofree char *g = g_strescape (got ? got : "(null)", NULL);

  g_printerr ("%s differs after the round trip\n  written: \"%s\"\n  read:    \"%s\"\n", what, e, g);
}

static void
round_trip (const char *from,
            const char *to,
            const char *subject,
            const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *want_body = NULL;
  g_autoptr(CaMail) mail = NULL;
  const char *got_subject;

  if (!ca_mail_write (mail_dir_get (), from, to, subject, body, &path, &error))
    {
      check (error != NULL);
      check (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      check (path == NULL);
      return;
    }

  check (error == NULL && path != NULL);
  mail = ca_mail_read_file (path, &error);
  if (mail == NULL)
    g_printerr ("cannot read back %s: %s\n", path, error->message);
  check (mail != NULL);
  g_unlink (path);

  got_subject = ca_mail_get_header (mail, "subject");
  if (g_strcmp0 (got_subject, subject) != 0)
    {
      show_mismatch ("subject", subject, got_subject);
      abort ();
    }

  want_body = expected_body (body);
  if (g_strcmp0 (mail->body, want_body) != 0)
    {
      show_mismatch ("body", want_body, mail->body);
      abort ();
    }

  check (ca_mail_get_header (mail, "from") != NULL);
  check (ca_mail_get_header (mail, "to") != NULL);
}

/* Any text, read as a mail: no crash, and a parsed mail has a body. */
static void
parse_raw (const uint8_t *data,
           size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaMail) mail = ca_mail_parse ((const char *) data, size, &error);

  if (mail == NULL)
    check (error != NULL);
  else
    check (error == NULL && mail->body != NULL && mail->headers != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(GStrv) parts = g_new0 (char *, 5);
  const char *p = (const char *) data;
  const char *end = p + size;

  parse_raw (data, size);

  /* from \0 to \0 subject \0 body; missing parts are empty. */
  for (guint i = 0; i < 4; i++)
    {
      const char *nul = p < end ? memchr (p, '\0', end - p) : NULL;
      gsize len = nul ? (gsize) (nul - p) : (gsize) (end - p);

      parts[i] = g_strndup (p, len);
      p += (nul ? len + 1 : len);
    }

  round_trip (*parts[0] ? parts[0] : "no-reply@paris.fr",
              *parts[1] ? parts[1] : "Jeanne Dupont <jeanne@example.fr>",
              parts[2], parts[3]);
  return 0;
}
