/* ca-mail.c — outgoing mails written as RFC 5322 files in a directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaMail"

#include <string.h>
#include <errno.h>
#include <gio/gio.h>

#include "ca-crypto.h"
#include "ca-rules.h"
#include "ca-mail.h"

/* RFC 5322 recommends lines of at most 78 characters, RFC 2045 limits quoted-printable
 * lines to 76 (soft-break "=" included). */
#define MAX_HEADER_LINE 78
#define MAX_QP_LINE 76
/* An encoded-word "=?UTF-8?B?…?=" of 42 bytes is 68 characters: it fits after "Subject: ". */
#define ENCODED_WORD_MAX_BYTES 42
/* Longer ASCII words are sent as encoded-words, which can be split anywhere. */
#define PLAIN_WORD_MAX 60

static const char * const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* ---- checks ---------------------------------------------------------------------------- */

static gboolean
check_utf8 (const char  *value,
            const char  *what,
            GError     **error)
{
  if (value == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mail %s is missing", what);
      return FALSE;
    }

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Mail %s is not valid UTF-8", what);
      return FALSE;
    }

  return TRUE;
}

/* Header values are single lines: CR or LF would let a value inject headers or a body. */
static gboolean
check_header_value (const char  *value,
                    const char  *what,
                    GError     **error)
{
  if (!check_utf8 (value, what, error))
    return FALSE;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Mail %s holds a line break or control character", what);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_atext (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+/^_`{|}~-", c) != NULL);
}

/* The same rule as for the e-mail of an account, so that every account can be written to.
 * Addresses may hold UTF-8 (RFC 6532); they are written as they are. */
gboolean
ca_mail_address_is_valid (const char *addr)
{
  return addr != NULL && ca_rules_check_email (addr, NULL);
}

/* Splits "Display Name <a@b.fr>" or "a@b.fr"; the name is taken verbatim (trimmed). */
static gboolean
split_mailbox (const char  *value,
               const char  *what,
               char       **out_name,
               char       **out_addr,
               GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *addr = NULL;
  char *lt;
  gsize len;

  if (!check_header_value (value, what, error))
    return FALSE;

  copy = g_strstrip (g_strdup (value));
  len = strlen (copy);
  lt = strrchr (copy, '<');

  if (len > 0 && copy[len - 1] == '>' && lt != NULL)
    {
      copy[len - 1] = '\0';
      addr = g_strdup (lt + 1);
      *lt = '\0';
      *out_name = g_strdup (g_strstrip (copy));
    }
  else
    {
      addr = g_steal_pointer (&copy);
      *out_name = g_strdup ("");
    }

  if (!ca_mail_address_is_valid (addr))
    {
      g_clear_pointer (out_name, g_free);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Mail %s is not a valid address", what);
      return FALSE;
    }

  *out_addr = g_steal_pointer (&addr);
  return TRUE;
}

/* ---- header encoding ------------------------------------------------------------------- */

typedef struct
{
  GString *out;
  gsize    line_len;
  gboolean empty;     /* nothing written after "Name:" yet */
} Folder;

static void
folder_begin (Folder     *f,
              GString    *out,
              const char *name)
{
  f->out = out;
  g_string_append_printf (out, "%s:", name);
  f->line_len = strlen (name) + 1;
  f->empty = TRUE;
}

/* Appends " token", folding the line before it when it would pass MAX_HEADER_LINE. */
static void
folder_add (Folder     *f,
            const char *token,
            gsize       len)
{
  if (!f->empty && f->line_len + 1 + len > MAX_HEADER_LINE)
    {
      g_string_append (f->out, "\r\n");
      f->line_len = 0;
    }

  g_string_append_c (f->out, ' ');
  g_string_append_len (f->out, token, len);
  f->line_len += 1 + len;
  f->empty = FALSE;
}

static void
folder_end (Folder *f)
{
  g_string_append (f->out, "\r\n");
}

/* Whether @text can go as it is: printable ASCII in short words separated by single
 * spaces, and nothing a reader would take for an encoded-word. @allowed (nullable)
 * restricts the characters further (a display name is a phrase of atoms). */
static gboolean
is_plain_text (const char *text,
               gboolean  (*allowed) (char c))
{
  gsize word_len = 0;

  if (text[0] == ' ' || strstr (text, "=?") != NULL || strstr (text, "  ") != NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p > 0x7e)
        return FALSE;
      if (*p == ' ')
        {
          word_len = 0;
          continue;
        }
      if (allowed != NULL && !allowed (*p))
        return FALSE;
      if (++word_len > PLAIN_WORD_MAX)
        return FALSE;
    }

  return text[0] == '\0' || text[strlen (text) - 1] != ' ';
}

static void
add_plain_words (Folder     *f,
                 const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    folder_add (f, words[i], strlen (words[i]));
}

/* RFC 2047 "B" encoded-words, each holding whole UTF-8 characters. */
static void
add_encoded_words (Folder     *f,
                   const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *b64 = NULL;
      g_autofree char *word = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if ((gsize) (next - p) > ENCODED_WORD_MAX_BYTES)
            break;
          end = next;
        }

      b64 = g_base64_encode ((const guchar *) p, end - p);
      word = g_strdup_printf ("=?UTF-8?B?%s?=", b64);
      folder_add (f, word, strlen (word));
      p = end;
    }
}

static void
append_unstructured (GString    *out,
                     const char *name,
                     const char *value)
{
  Folder f;

  folder_begin (&f, out, name);
  if (is_plain_text (value, NULL))
    add_plain_words (&f, value);
  else
    add_encoded_words (&f, value);
  folder_end (&f);
}

static gboolean
is_phrase_char (char c)
{
  return is_atext (c) && c != '=' && c != '?';
}

static void
append_mailbox (GString    *out,
                const char *header,
                const char *display_name,
                const char *addr)
{
  g_autofree char *angle = NULL;
  Folder f;

  folder_begin (&f, out, header);

  if (display_name[0] == '\0')
    {
      folder_add (&f, addr, strlen (addr));
    }
  else
    {
      if (is_plain_text (display_name, is_phrase_char))
        add_plain_words (&f, display_name);
      else
        add_encoded_words (&f, display_name);

      angle = g_strdup_printf ("<%s>", addr);
      folder_add (&f, angle, strlen (angle));
    }

  folder_end (&f);
}

/* ---- body encoding --------------------------------------------------------------------- */

static void
qp_append_line (GString    *out,
                const char *line,
                gsize       len)
{
  gsize line_len = 0;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = line[i];
      char token[4];
      gsize token_len;

      /* Spaces are literal except at the end of a line, where transports strip them. */
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && i + 1 < len))
        {
          token[0] = c;
          token_len = 1;
        }
      else
        {
          g_snprintf (token, sizeof token, "=%02X", c);
          token_len = 3;
        }

      /* Keep room for the soft break "=" within MAX_QP_LINE. */
      if (line_len + token_len > MAX_QP_LINE - 1)
        {
          g_string_append (out, "=\r\n");
          line_len = 0;
        }

      g_string_append_len (out, token, token_len);
      line_len += token_len;
    }
}

/* Quoted-printable with CRLF line ends; CRLF, CR and LF of @body all count as line ends.
 * A body not ending with a line end ends with a soft break, so it decodes exactly. */
static void
append_qp_body (GString    *out,
                const char *body)
{
  const char *p = body;

  while (*p != '\0')
    {
      gsize len = strcspn (p, "\r\n");

      qp_append_line (out, p, len);
      p += len;

      if (*p == '\0')
        {
          g_string_append (out, "=\r\n");
          break;
        }

      g_string_append (out, "\r\n");
      if (p[0] == '\r' && p[1] == '\n')
        p += 2;
      else
        p++;
    }
}

/* ---- writing --------------------------------------------------------------------------- */

static char *
format_rfc5322_date (GDateTime *now)
{
  g_autofree char *rest = g_date_time_format (now, "%Y %H:%M:%S %z");

  return g_strdup_printf ("%s, %d %s %s",
                          day_names[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          month_names[g_date_time_get_month (now) - 1],
                          rest);
}

gboolean
ca_mail_write (const char  *mail_dir,
               const char  *from,
               const char  *to,
               const char  *subject,
               const char  *body,
               char       **out_path,
               GError     **error)
{
  g_autofree char *from_name = NULL;
  g_autofree char *from_addr = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *to_addr = NULL;
  g_autofree char *date = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *random = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) now_utc = NULL;
  g_autoptr(GString) out = NULL;
  const char *domain;

  g_return_val_if_fail (mail_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!split_mailbox (from, "sender", &from_name, &from_addr, error) ||
      !split_mailbox (to, "recipient", &to_name, &to_addr, error) ||
      !check_header_value (subject, "subject", error) ||
      !check_utf8 (body, "body", error))
    return FALSE;

  now = g_date_time_new_now_local ();
  now_utc = g_date_time_to_utc (now);
  date = format_rfc5322_date (now);
  random = ca_random_id (NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "Date: %s\r\n", date);
  append_mailbox (out, "From", from_name, from_addr);
  append_mailbox (out, "To", to_name, to_addr);
  append_unstructured (out, "Subject", subject);
  domain = strchr (from_addr, '@') + 1;
  g_string_append_printf (out, "Message-ID: <%s.%" G_GINT64_FORMAT "@%s>\r\n",
                          random, g_date_time_to_unix (now),
                          g_str_is_ascii (domain) ? domain : "localhost");
  g_string_append (out,
                   "MIME-Version: 1.0\r\n"
                   "Content-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n"
                   "\r\n");
  append_qp_body (out, body);

  if (g_mkdir_with_parents (mail_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot create the mail directory %s: %s", mail_dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Microseconds first so that mails of the same second still sort in order. */
  stamp = g_date_time_format (now_utc, "%Y%m%dT%H%M%S");
  file_name = g_strdup_printf ("%s-%06d%.8s.eml", stamp,
                               g_date_time_get_microsecond (now_utc), random);
  path = g_build_filename (mail_dir, file_name, NULL);

  /* Writes a temporary file in the same directory, then renames it over @path. */
  if (!g_file_set_contents_full (path, out->str, out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, error))
    return FALSE;

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);

  return TRUE;
}

/* ---- reading back ---------------------------------------------------------------------- */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Decodes "=XX" (and "_" as a space in encoded-words); any other "=" stays literal. */
static void
qp_decode_into (GString    *out,
                const char *text,
                gsize       len,
                gboolean    underscore_is_space)
{
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '=' && i + 2 < len &&
          hex_value (text[i + 1]) >= 0 && hex_value (text[i + 2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (text[i + 1]) * 16 + hex_value (text[i + 2])));
          i += 2;
        }
      else if (underscore_is_space && text[i] == '_')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, text[i]);
    }
}

/* Decodes one "=?charset?B|Q?text?=" starting at @p; returns where it ends, or NULL when
 * @p does not start a well-formed encoded-word in a charset GLib can convert. */
static const char *
decode_encoded_word (const char *p,
                     GString    *out)
{
  const char *charset = p + 2;
  const char *q1, *q2, *end;
  g_autofree char *charset_name = NULL;
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *utf8 = NULL;
  char enc;

  if (!g_str_has_prefix (p, "=?") ||
      (q1 = strchr (charset, '?')) == NULL || q1 == charset ||
      q1[1] == '\0' || q1[2] != '?' ||
      (end = strstr (q1 + 3, "?=")) == NULL)
    return NULL;

  q2 = q1 + 2;
  enc = g_ascii_toupper (q1[1]);

  /* An encoded-word holds no blank: "?=" further on belongs to something else. */
  for (const char *c = q2 + 1; c < end; c++)
    if (*c == ' ' || *c == '\t')
      return NULL;
  charset_name = g_strndup (charset, q1 - charset);

  if (enc == 'B')
    {
      g_autofree char *b64 = g_strndup (q2 + 1, end - (q2 + 1));
      g_autofree guchar *bin = NULL;
      gsize bin_len = 0;

      for (const char *c = b64; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c) && *c != '+' && *c != '/' && *c != '=')
          return NULL;

      bin = g_base64_decode (b64, &bin_len);
      g_string_append_len (raw, (const char *) bin, bin_len);
    }
  else if (enc == 'Q')
    qp_decode_into (raw, q2 + 1, end - (q2 + 1), TRUE);
  else
    return NULL;

  if (g_ascii_strcasecmp (charset_name, "UTF-8") == 0 ||
      g_ascii_strcasecmp (charset_name, "US-ASCII") == 0)
    {
      if (!g_utf8_validate_len (raw->str, raw->len, NULL))
        return NULL;
      g_string_append_len (out, raw->str, raw->len);
    }
  else
    {
      utf8 = g_convert (raw->str, raw->len, "UTF-8", charset_name, NULL, NULL, NULL);
      if (utf8 == NULL)
        return NULL;
      g_string_append (out, utf8);
    }

  return end + 2;
}

/* RFC 2047: encoded-words decoded, the blanks between two adjacent ones dropped. */
static char *
decode_header_value (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;
  gboolean after_word = FALSE;

  while (*p != '\0')
    {
      const char *next = NULL;
      gsize blanks = strspn (p, " \t");

      if (after_word && blanks > 0 && g_str_has_prefix (p + blanks, "=?"))
        {
          next = decode_encoded_word (p + blanks, out);
          if (next != NULL)
            {
              p = next;
              continue;
            }
        }

      if (g_str_has_prefix (p, "=?") && (next = decode_encoded_word (p, out)) != NULL)
        {
          p = next;
          after_word = TRUE;
          continue;
        }

      g_string_append_c (out, *p);
      after_word = after_word && (*p == ' ' || *p == '\t');
      p++;
    }

  return g_string_free (out, FALSE);
}

static char *
decode_qp_body (const char *body)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      /* The split leaves an empty string after the last line end. */
      if (lines[i + 1] == NULL && len == 0)
        break;

      /* Transports may add blanks at line ends; RFC 2045 says to drop them. */
      while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;

      if (len > 0 && line[len - 1] == '=')
        qp_decode_into (out, line, len - 1, FALSE);
      else
        {
          qp_decode_into (out, line, len, FALSE);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

static void
add_header (GHashTable *headers,
            GString    *line)
{
  const char *colon = strchr (line->str, ':');
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (colon == NULL || colon == line->str)
    return;

  name = g_ascii_strdown (line->str, colon - line->str);
  value = g_strstrip (g_strdup (colon + 1));
  g_hash_table_replace (headers, g_steal_pointer (&name), decode_header_value (value));
}

CaMail *
ca_mail_parse (const char  *text,
               gsize        length,
               GError     **error)
{
  g_autoptr(CaMail) mail = g_new0 (CaMail, 1);
  g_autofree char *copy = NULL;
  g_autoptr(GString) current = NULL;
  const char *p;
  const char *cte;

  g_return_val_if_fail (text != NULL, NULL);

  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Mail holds a NUL byte");
      return NULL;
    }

  copy = g_strndup (text, length);
  mail->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Headers up to the first empty line; lines starting with a blank continue the last. */
  p = copy;
  while (*p != '\0')
    {
      gsize len = strcspn (p, "\n");
      gsize content = (len > 0 && p[len - 1] == '\r') ? len - 1 : len;

      if (content == 0)
        {
          p += len + (p[len] == '\n');
          break;
        }

      if ((p[0] == ' ' || p[0] == '\t') && current != NULL)
        g_string_append_len (current, p, content);
      else
        {
          if (current != NULL)
            {
              add_header (mail->headers, current);
              g_string_free (current, TRUE);
            }
          current = g_string_new_len (p, content);
        }

      p += len + (p[len] == '\n');
    }

  if (current != NULL)
    add_header (mail->headers, current);

  cte = ca_mail_get_header (mail, "Content-Transfer-Encoding");
  if (cte != NULL && g_ascii_strcasecmp (cte, "quoted-printable") == 0)
    mail->body = decode_qp_body (p);
  else
    {
      g_autoptr(GString) body = g_string_new (p);

      g_string_replace (body, "\r\n", "\n", 0);
      mail->body = g_string_free (g_steal_pointer (&body), FALSE);
    }

  if (!g_utf8_validate (mail->body, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Mail body is not valid UTF-8");
      return NULL;
    }

  return g_steal_pointer (&mail);
}

CaMail *
ca_mail_read_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return ca_mail_parse (contents, length, error);
}

const char *
ca_mail_get_header (const CaMail *mail,
                    const char   *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (mail != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (mail->headers, key);
}

void
ca_mail_free (CaMail *mail)
{
  if (mail == NULL)
    return;

  g_clear_pointer (&mail->headers, g_hash_table_unref);
  g_free (mail->body);
  g_free (mail);
}
