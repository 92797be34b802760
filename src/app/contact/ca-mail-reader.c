/* ca-mail-reader.c — reads the RFC 5322 mail files the demonstration service writes
 *
 * The application must not link the service's code, so this is a small reader of its own for
 * what the service writes: folded headers, UTF-8 encoded-words, a quoted-printable text body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaMailReader"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "ca-mail-reader.h"

void
ca_mail_message_free (CaMailMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->subject);
  g_free (message->to);
  g_clear_pointer (&message->date, g_date_time_unref);
  g_free (message->body);
  g_free (message);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

char *
ca_mail_decode_qp (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p != '=')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      /* A soft line break joins two lines; trailing blanks before it are not data. */
      if (p[1] == '\r' && p[2] == '\n')
        p += 3;
      else if (p[1] == '\n')
        p += 2;
      else if (hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 3;
        }
      else
        g_string_append_c (out, *p++);   /* a lone "=": kept, as decoders are told to */
    }
  return g_string_free (out, FALSE);
}

/* Q encoding of RFC 2047: as quoted-printable, with "_" for a space. */
static char *
decode_q (const char *text)
{
  g_autofree char *spaced = g_strdup (text);

  g_strdelimit (spaced, "_", ' ');
  return ca_mail_decode_qp (spaced);
}

/* Decodes the encoded-word starting at @p, if it is one; sets @end past it. */
static char *
decode_word (const char  *p,
             const char **end)
{
  const char *charset_end, *encoding_end, *text_end;
  g_autofree char *charset = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;
  char encoding;

  if (!g_str_has_prefix (p, "=?"))
    return NULL;
  charset_end = strchr (p + 2, '?');
  if (charset_end == NULL || charset_end[1] == '\0' || charset_end[2] != '?')
    return NULL;
  encoding = g_ascii_toupper (charset_end[1]);
  encoding_end = charset_end + 2;
  text_end = strstr (encoding_end + 1, "?=");
  if (text_end == NULL || (encoding != 'B' && encoding != 'Q'))
    return NULL;

  charset = g_strndup (p + 2, charset_end - (p + 2));
  text = g_strndup (encoding_end + 1, text_end - (encoding_end + 1));
  if (encoding == 'B')
    {
      gsize length = 0;
      guchar *bytes = g_base64_decode (text, &length);

      raw = g_strndup ((const char *) bytes, length);
      g_free (bytes);
    }
  else
    raw = decode_q (text);

  *end = text_end + 2;
  /* RFC 2231 allows a language after "*" in the charset. */
  if (strchr (charset, '*') != NULL)
    *strchr (charset, '*') = '\0';
  if (g_ascii_strcasecmp (charset, "UTF-8") == 0 || g_ascii_strcasecmp (charset, "US-ASCII") == 0)
    return g_steal_pointer (&raw);
  return g_convert (raw, -1, "UTF-8", charset, NULL, NULL, NULL);
}

char *
ca_mail_decode_header (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;
  gboolean after_word = FALSE;

  while (*p != '\0')
    {
      const char *end = NULL;
      g_autofree char *word = decode_word (p, &end);

      if (word != NULL)
        {
          g_string_append (out, word);
          p = end;
          after_word = TRUE;
          continue;
        }
      if (after_word && g_ascii_isspace (*p))
        {
          const char *q = p;
          const char *next_end = NULL;
          g_autofree char *next = NULL;

          while (g_ascii_isspace (*q))
            q++;
          next = decode_word (q, &next_end);
          if (next != NULL)
            {
              p = q;   /* blanks between two encoded-words are not text */
              continue;
            }
        }
      after_word = FALSE;
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

GDateTime *
ca_mail_parse_date (const char *value)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GTimeZone) zone = NULL;
  char month_name[4] = "";
  char zone_text[6] = "";
  const char *p = value;
  int day, year, hour, minute, second = 0;
  int month = 0;

  if (value == NULL)
    return NULL;
  if (strchr (p, ',') != NULL)
    p = strchr (p, ',') + 1;
  if (sscanf (p, " %d %3s %d %d:%d:%d %5s", &day, month_name, &year, &hour, &minute, &second,
              zone_text) != 7)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (g_ascii_strcasecmp (month_name, months[i]) == 0)
      month = i + 1;
  if (month == 0)
    return NULL;
  zone = g_time_zone_new_identifier (zone_text);
  if (zone == NULL)
    return NULL;
  return g_date_time_new (zone, year, month, day, hour, minute, second);
}

static void
replace_str (char **field,
             char  *value)
{
  g_free (*field);
  *field = value;
}

CaMailMessage *
ca_mail_message_parse (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(CaMailMessage) message = g_new0 (CaMailMessage, 1);
  g_autofree char *text = g_strndup (data, length);
  g_autofree char *transfer_encoding = NULL;
  g_autofree char *date = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) header = NULL;
  gboolean in_body = FALSE;

  message->subject = g_strdup ("");
  message->to = g_strdup ("");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize line_length = strlen (line);

      if (line_length > 0 && line[line_length - 1] == '\r')
        line[--line_length] = '\0';
      if (in_body)
        {
          g_string_append (body, line);
          if (lines[i + 1] != NULL)
            g_string_append_c (body, '\n');
          continue;
        }
      /* A folded header goes on with a line starting with a blank. */
      if ((line[0] == ' ' || line[0] == '\t') && header != NULL)
        {
          g_string_append (header, line);
          continue;
        }
      if (header != NULL)
        {
          char *colon = strchr (header->str, ':');

          if (colon != NULL)
            {
              g_autofree char *name = g_strndup (header->str, colon - header->str);
              g_autofree char *value = g_strstrip (g_strdup (colon + 1));

              if (g_ascii_strcasecmp (name, "Subject") == 0)
                replace_str (&message->subject, ca_mail_decode_header (value));
              else if (g_ascii_strcasecmp (name, "To") == 0)
                replace_str (&message->to, ca_mail_decode_header (value));
              else if (g_ascii_strcasecmp (name, "Date") == 0)
                replace_str (&date, g_steal_pointer (&value));
              else if (g_ascii_strcasecmp (name, "Content-Transfer-Encoding") == 0)
                replace_str (&transfer_encoding, g_steal_pointer (&value));
            }
          g_string_free (g_steal_pointer (&header), TRUE);
        }
      if (line_length == 0)
        in_body = TRUE;
      else
        header = g_string_new (line);
    }

  if (transfer_encoding != NULL && g_ascii_strcasecmp (transfer_encoding, "quoted-printable") == 0)
    message->body = ca_mail_decode_qp (body->str);
  else
    message->body = g_strdup (body->str);
  message->date = ca_mail_parse_date (date);

  if (!g_utf8_validate (message->subject, -1, NULL) || !g_utf8_validate (message->body, -1, NULL)
      || !g_utf8_validate (message->to, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The mail is not UTF-8 text");
      return NULL;
    }
  return g_steal_pointer (&message);
}
