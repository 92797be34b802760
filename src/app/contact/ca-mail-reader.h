/* ca-mail-reader.h — reads the RFC 5322 mail files the demonstration service writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char      *subject;   /* decoded (RFC 2047), "" when absent */
  char      *to;        /* decoded, "" when absent */
  GDateTime *date;      /* nullable: absent or unreadable Date header */
  char      *body;      /* decoded (quoted-printable or 7/8 bit), CRLF turned into LF */
} CaMailMessage;

/* NULL (G_IO_ERROR_INVALID_DATA) when @data is not UTF-8 once decoded. */
CaMailMessage *ca_mail_message_parse  (const char    *data,
                                       gsize          length,
                                       GError       **error);
void           ca_mail_message_free   (CaMailMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaMailMessage, ca_mail_message_free)

/* Unstructured header text with its encoded-words ("=?UTF-8?B?…?=", "=?UTF-8?Q?…?=") decoded;
 * whitespace between two encoded-words is dropped as RFC 2047 says. */
char          *ca_mail_decode_header  (const char    *value);
/* Quoted-printable: "=XX" escapes and soft line breaks ("=" at the end of a line). */
char          *ca_mail_decode_qp      (const char    *text);
/* "Thu, 26 Nov 2026 15:42:19 +0100" → a GDateTime, or NULL. */
GDateTime     *ca_mail_parse_date     (const char    *value);

G_END_DECLS
