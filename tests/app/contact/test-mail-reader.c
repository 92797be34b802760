/* test-mail-reader.c — the reader of the demonstration service's mail files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaMailReaderTest"

#include <gio/gio.h>
#include <string.h>

#include "ca-mail-reader.h"

static void
test_qp (void)
{
  g_autofree char *soft = ca_mail_decode_qp ("Une ligne tr=C3=A8s longue qui conti=\r\nnue ici");
  g_autofree char *equals = ca_mail_decode_qp ("a=3Db =3D=3D c");
  g_autofree char *link = ca_mail_decode_qp ("http://127.0.0.1:8080/confirm?token=3Dab=\ncd");
  g_autofree char *lone = ca_mail_decode_qp ("1 = 1");

  g_assert_cmpstr (soft, ==, "Une ligne très longue qui continue ici");
  g_assert_cmpstr (equals, ==, "a=b == c");
  g_assert_cmpstr (link, ==, "http://127.0.0.1:8080/confirm?token=abcd");
  g_assert_cmpstr (lone, ==, "1 = 1");
}

static void
test_header (void)
{
  g_autofree char *b = ca_mail_decode_header ("=?UTF-8?B?VmFsaWRleiB2b3RyZSBjb21wdGUgTW9uUGFyaXM=?=");
  /* Two encoded-words: the fold between them is not text. */
  g_autofree char *two = ca_mail_decode_header ("=?UTF-8?B?w4l0w6k=?=\r\n =?UTF-8?Q?_=C3=A0_Paris?=");
  g_autofree char *mixed = ca_mail_decode_header ("Cours =?utf-8?q?d=27=C3=A9t=C3=A9?= 2026");
  g_autofree char *plain = ca_mail_decode_header ("Plain =? text");

  g_assert_cmpstr (b, ==, "Validez votre compte MonParis");
  g_assert_cmpstr (two, ==, "Été à Paris");
  g_assert_cmpstr (mixed, ==, "Cours d'été 2026");
  g_assert_cmpstr (plain, ==, "Plain =? text");
}

static void
test_date (void)
{
  g_autoptr(GDateTime) date = ca_mail_parse_date ("Thu, 26 Nov 2026 15:42:19 +0100");
  g_autoptr(GDateTime) bad = ca_mail_parse_date ("yesterday");

  g_assert_nonnull (date);
  g_assert_null (bad);
  g_assert_cmpint (g_date_time_to_unix (date), ==, 1795704139);
}

static void
test_message (void)
{
  const char *file =
    "Date: Thu, 26 Nov 2026 15:42:19 +0100\r\n"
    "From: Ville de Paris <noreply@paris.fr>\r\n"
    "To: camille@example.org\r\n"
    "Subject: =?UTF-8?B?Q3LDqWF0aW9uIGRlIHZvdHJlIGNvbXB0ZQ==?=\r\n"
    " =?UTF-8?B?IE1vblBhcmlz?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Bonjour,\r\n"
    "cliquez : http://127.0.0.1:1/confirm?token=3Dabc=\r\n"
    "def\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CaMailMessage) message = ca_mail_message_parse (file, strlen (file), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (message->subject, ==, "Création de votre compte MonParis");
  g_assert_cmpstr (message->to, ==, "camille@example.org");
  g_assert_nonnull (message->date);
  g_assert_cmpstr (message->body, ==,
                   "Bonjour,\ncliquez : http://127.0.0.1:1/confirm?token=abcdef\n");
}

static void
test_not_utf8 (void)
{
  const char *file = "Subject: x\nContent-Transfer-Encoding: quoted-printable\n\nbad =FF byte\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CaMailMessage) message = NULL;

  message = ca_mail_message_parse (file, strlen (file), &error);
  g_assert_null (message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-reader/quoted-printable", test_qp);
  g_test_add_func ("/mail-reader/header", test_header);
  g_test_add_func ("/mail-reader/date", test_date);
  g_test_add_func ("/mail-reader/message", test_message);
  g_test_add_func ("/mail-reader/not-utf8", test_not_utf8);

  return g_test_run ();
}
