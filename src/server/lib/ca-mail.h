/* ca-mail.h — outgoing mails written as RFC 5322 files in a directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes one mail as "<mail_dir>/YYYYMMDDTHHMMSS-<random>.eml" (UTC time, so names sort by
 * time), atomically: readers never see a partial file. @from and @to are an address
 * ("a@b.fr") or a display name and an address ("Service des Cours d'Adultes <a@b.fr>").
 * Headers are UTF-8 with RFC 2047 encoded-words where needed and folded at 78 columns; the
 * body is text/plain; charset=UTF-8 in quoted-printable. Fails with G_IO_ERROR_INVALID_DATA
 * on CR, LF or control characters in a header value, on a malformed address or on invalid
 * UTF-8, and with a G_FILE_ERROR when the file cannot be written.
 * @mail_dir is created when missing. @out_path (nullable) receives the file's path. */
gboolean ca_mail_write (const char  *mail_dir,
                        const char  *from,
                        const char  *to,
                        const char  *subject,
                        const char  *body,
                        char       **out_path,
                        GError     **error);

/* Whether @addr is an address ca_mail_write() accepts: the rule of ca_rules_check_email(),
 * UTF-8 allowed (RFC 6532). */
gboolean ca_mail_address_is_valid (const char *addr);

/* A mail read back from a file, as ca_mail_write() writes them: headers unfolded and
 * RFC 2047-decoded, body decoded from quoted-printable with "\n" line ends. */
typedef struct
{
  GHashTable *headers;   /* lowercase name → decoded value (the last one wins) */
  char       *body;
} CaMail;

CaMail  *ca_mail_parse      (const char  *text,
                             gsize        length,
                             GError     **error);
CaMail  *ca_mail_read_file  (const char  *path,
                             GError     **error);
/* (transfer none) (nullable) @name is matched case-insensitively. */
const char *ca_mail_get_header (const CaMail *mail,
                                const char   *name);
void     ca_mail_free       (CaMail      *mail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaMail, ca_mail_free)

G_END_DECLS
