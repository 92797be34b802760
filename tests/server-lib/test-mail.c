/* test-mail.c — mail files: encoding, reading back, refusals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "TestMail"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ca-mail.h"

/* Decodes a mail file with Python's email package, an implementation independent of ours.
 * Read as UTF-8 text: addresses may hold raw UTF-8 (RFC 6532). */
static const char *python_decoder =
  "import email, email.policy, email.utils, json, sys\n"
  "text = open(sys.argv[1], encoding='utf-8').read()\n"
  "m = email.message_from_string(text, policy=email.policy.default)\n"
  "out = {k: str(m[k]) for k in ('From', 'To', 'Subject', 'Message-ID', 'MIME-Version')}\n"
  "out['to_name'] = m['To'].addresses[0].display_name\n"
  "out['to_addr'] = m['To'].addresses[0].addr_spec\n"
  "out['from_name'] = m['From'].addresses[0].display_name\n"
  "out['from_addr'] = m['From'].addresses[0].addr_spec\n"
  "out['content_type'] = m.get_content_type()\n"
  "out['charset'] = m.get_content_charset()\n"
  "out['cte'] = m['Content-Transfer-Encoding']\n"
  "out['date'] = email.utils.parsedate_to_datetime(m['Date']).timestamp()\n"
  "out['defects'] = len(m.defects)\n"
  "out['body'] = m.get_content()\n"
  "print(json.dumps(out))\n";

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ca-mail-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static JsonObject *
python_decode (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *argv[] = { "/usr/bin/python3", "-c", python_decoder, path, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python3 could not decode %s: %s", path, err);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Lines within limits, ASCII only, CRLF ends, the fixed MIME headers present. */
static void
assert_well_formed (const char *path,
                    gboolean    ascii_only)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_body = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (ascii_only)
        g_assert_cmpint ((guchar) *p, <, 0x80);
      if (*p == '\n')
        g_assert_true (p > text && p[-1] == '\r');
    }

  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        in_body = TRUE;
      g_assert_cmpuint (strlen (lines[i]), <=, in_body ? 76 : 78);
    }

  g_assert_nonnull (strstr (text, "\r\nMIME-Version: 1.0\r\n"));
  g_assert_nonnull (strstr (text, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_nonnull (strstr (text, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
  g_assert_nonnull (strstr (text, "\r\nMessage-ID: <"));
  g_assert_true (g_str_has_prefix (text, "Date: "));
}

/* Writes a mail, checks the file and both decodings, returns the decoded mail. */
static CaMail *
write_and_check (Fixture    *f,
                 const char *from,
                 const char *to,
                 const char *to_name,
                 const char *to_addr,
                 const char *subject,
                 const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GRegex) name_re = NULL;
  g_autoptr(JsonObject) py = NULL;
  CaMail *mail;

  g_assert_true (ca_mail_write (f->dir, from, to, subject, body, &path, &error));
  g_assert_no_error (error);
  g_assert_nonnull (path);

  base = g_path_get_basename (path);
  name_re = g_regex_new ("^[0-9]{8}T[0-9]{6}-[0-9a-f]{14}\\.eml$", 0, 0, NULL);
  g_assert_true (g_regex_match (name_re, base, 0, NULL));
  /* Only addresses may carry raw UTF-8 (RFC 6532); everything else is encoded. */
  assert_well_formed (path, g_str_is_ascii (to_addr));

  mail = ca_mail_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_mail_get_header (mail, "subject"), ==, subject);
  g_assert_cmpstr (ca_mail_get_header (mail, "To"), ==, to);
  g_assert_cmpstr (ca_mail_get_header (mail, "FROM"), ==, from);
  g_assert_cmpstr (mail->body, ==, body);

  py = python_decode (path);
  g_assert_cmpint (json_object_get_int_member (py, "defects"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (py, "Subject"), ==, subject);
  g_assert_cmpstr (json_object_get_string_member (py, "to_name"), ==, to_name);
  g_assert_cmpstr (json_object_get_string_member (py, "to_addr"), ==, to_addr);
  g_assert_cmpstr (json_object_get_string_member (py, "content_type"), ==, "text/plain");
  g_assert_cmpstr (json_object_get_string_member (py, "charset"), ==, "utf-8");
  g_assert_cmpstr (json_object_get_string_member (py, "body"), ==, body);
  g_assert_cmpfloat (ABS (json_object_get_double_member (py, "date") -
                          g_get_real_time () / (double) G_USEC_PER_SEC), <, 60.0);

  return mail;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *long_line = g_strnfill (300, 'x');
  g_autofree char *body = g_strdup_printf (
    "Bonjour Éléonore,\n"
    "\n"
    "Votre compte « Mon Paris » est créé. Pour le confirmer, suivez ce lien : "
    "http://127.0.0.1:8080/confirm?token=AbC-dEf_0123456789abcdefghijklmnopqrstuvwxy\n"
    "Une ligne = avec des signes égal, des tabulations\tet des espaces en fin   \n"
    "From the start of a line, and a lone dot:\n"
    ".\n"
    "%s\n"
    "Ça coûte 350,00 € — cœur, naïve, Œuvre, 日本語 😀.\n"
    "\n"
    "Service des Cours d'Adultes de Paris",
    long_line);
  g_autoptr(CaMail) mail = NULL;

  mail = write_and_check (f, "Service des Cours d'Adultes <no-reply@paris.fr>",
                          "Éléonore Dupont-Lefèvre <eleonore.dupont@example.org>",
                          "Éléonore Dupont-Lefèvre", "eleonore.dupont@example.org",
                          "Création de votre compte Cours d'Adultes de Paris", body);
  g_assert_cmpstr (ca_mail_get_header (mail, "mime-version"), ==, "1.0");
  g_assert_cmpstr (ca_mail_get_header (mail, "content-transfer-encoding"), ==,
                   "quoted-printable");
  g_assert_null (ca_mail_get_header (mail, "bcc"));
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_plain_ascii (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CaMail) mail = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  mail = write_and_check (f, "no-reply@paris.fr", "jean@example.org", "", "jean@example.org",
                          "Mon Paris - confirmez votre compte en un clic",
                          "Line one\nline two\n");

  /* Short ASCII subjects stay readable in the file. */
  g_assert_true (ca_mail_write (f->dir, "no-reply@paris.fr", "jean@example.org",
                                "Mon Paris - confirmez votre compte en un clic", "x", &path, NULL));
  g_file_get_contents (path, &text, NULL, NULL);
  g_assert_nonnull (strstr (text,
                           "\r\nSubject: Mon Paris - confirmez votre compte en un clic\r\n"));
  g_assert_nonnull (strstr (text, "\r\nTo: jean@example.org\r\n"));
}

static void
test_empty_body_and_line_ends (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CaMail) empty = NULL;
  g_autoptr(CaMail) crlf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  empty = write_and_check (f, "a@b.fr", "c@d.fr", "", "c@d.fr", "Vide", "");

  /* CRLF in the body is a line end like LF. */
  g_assert_true (ca_mail_write (f->dir, "a@b.fr", "c@d.fr", "Fins de ligne", "un\r\ndeux\r\n",
                                &path, &error));
  g_assert_no_error (error);
  crlf = ca_mail_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crlf->body, ==, "un\ndeux\n");
}

static void
test_hostile_headers (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *very_long = g_strnfill (1000, 'A');
  g_autofree char *long_words = NULL;
  g_autoptr(CaMail) mail = NULL;
  GString *words = g_string_new (NULL);
  const struct
  {
    const char *to_name;
    const char *subject;
  } cases[] = {
    { "Jean \"Le Boss\" O'Brien", "Un \"sujet\" entre guillemets" },
    { "=?UTF-8?B?SGFjaw==?=", "=?UTF-8?B?SGFjaw==?= n'est pas à décoder" },
    { "Dupont, Jean", "Virgule, point-virgule; deux-points: <chevrons> (parenthèses)" },
    { "A <b@c.fr> C", "  espaces   multiples  " },
    { "\\\"\\", "Barre \\ oblique inverse et = égal ? question" },
    { "Zoë", very_long },
  };

  for (guint i = 0; i < 40; i++)
    g_string_append (words, "mot ");
  g_string_append (words, "fin");
  long_words = g_string_free (words, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *to = g_strdup_printf ("%s <dest@example.org>", cases[i].to_name);
      g_autoptr(CaMail) mail = write_and_check (f, "no-reply@paris.fr", to, cases[i].to_name,
                                                "dest@example.org", cases[i].subject, "Corps");
      g_assert_nonnull (mail);
    }

  /* Many short words: folded between words, not encoded. */
  mail = write_and_check (f, "no-reply@paris.fr", "dest@example.org", "", "dest@example.org",
                          long_words, "Corps");
  g_assert_nonnull (mail);
}

static void
test_utf8_address (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CaMail) mail = write_and_check (f, "no-reply@paris.fr",
                                            "Élodie Müller <élodie.müller@exemple.fr>",
                                            "Élodie Müller", "élodie.müller@exemple.fr",
                                            "Bienvenue", "Bonjour Élodie\n");
  g_assert_nonnull (mail);
}

static void
assert_refused (Fixture    *f,
                const char *from,
                const char *to,
                const char *subject,
                const char *body)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  g_assert_false (ca_mail_write (f->dir, from, to, subject, body, &path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (path);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

static void
test_header_injection (Fixture       *f,
                       gconstpointer  data)
{
  const char *ok = "dest@example.org";

  assert_refused (f, "a@b.fr", ok, "Bonjour\r\nBcc: victim@example.org", "x");
  assert_refused (f, "a@b.fr", ok, "Bonjour\nBcc: victim@example.org", "x");
  assert_refused (f, "a@b.fr", ok, "Bonjour\rBcc: victim@example.org", "x");
  assert_refused (f, "a@b.fr", ok, "Corps\r\n\r\nfaux corps", "x");
  assert_refused (f, "a@b.fr", ok, "Tab\tulation", "x");
  assert_refused (f, "a@b.fr", ok, "Séparateur\u2028de ligne", "x");
  assert_refused (f, "a@b.fr", "Nom\r\nBcc: v@example.org <dest@example.org>", "S", "x");
  assert_refused (f, "a@b.fr", "dest@example.org\r\nBcc: v@example.org", "S", "x");
  assert_refused (f, "a@b.fr\nBcc: v@example.org", ok, "S", "x");
  assert_refused (f, "a@b.fr", "Nom\xc2\x85 <dest@example.org>", "S", "x");
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  const char *ok = "dest@example.org";

  /* invalid UTF-8 anywhere */
  assert_refused (f, "a@b.fr", ok, "Caf\xe9", "x");
  assert_refused (f, "a@b.fr", ok, "S", "Caf\xe9 cr\xc3");
  assert_refused (f, "a@b.fr", "Caf\xe9 <dest@example.org>", "S", "x");
  assert_refused (f, "a@b.fr", ok, "\xf0\x9f\x98", "x");

  /* malformed addresses */
  assert_refused (f, "a@b.fr", "not an address", "S", "x");
  assert_refused (f, "a@b.fr", "a@b@c.fr", "S", "x");
  assert_refused (f, "a@b.fr", "a@", "S", "x");
  assert_refused (f, "a@b.fr", "@b.fr", "S", "x");
  assert_refused (f, "a@b.fr", "a..b@c.fr", "S", "x");
  assert_refused (f, "a@b.fr", "a@-b.fr", "S", "x");
  assert_refused (f, "a@b.fr", "Nom <>", "S", "x");
  assert_refused (f, "a@b.fr", "Nom <a b@c.fr>", "S", "x");
  assert_refused (f, "a@b.fr", "", "S", "x");

  /* missing values */
  assert_refused (f, NULL, ok, "S", "x");
  assert_refused (f, "a@b.fr", NULL, "S", "x");
  assert_refused (f, "a@b.fr", ok, NULL, "x");
  assert_refused (f, "a@b.fr", ok, "S", NULL);

  g_assert_true (ca_mail_address_is_valid ("prenom.nom+cours@sous.domaine-ok.fr"));
  g_assert_true (ca_mail_address_is_valid ("a=b?c@exemple.fr"));
  g_assert_false (ca_mail_address_is_valid ("prenom.nom@domaine-.fr"));
  g_assert_false (ca_mail_address_is_valid (NULL));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
test_file_names_sort_by_time (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Mail %u", i);
      g_autoptr(GError) error = NULL;

      g_assert_true (ca_mail_write (f->dir, "a@b.fr", "c@d.fr", subject, "x", NULL, &error));
      g_assert_no_error (error);
      g_usleep (2);
    }

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_has_suffix (name, ".eml"));  /* no temporary file left */
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, ==, 8);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *expected = g_strdup_printf ("Mail %u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(CaMail) mail = ca_mail_read_file (path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ca_mail_get_header (mail, "Subject"), ==, expected);
    }
}

static void
test_creates_directory (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "boite", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (ca_mail_write (sub, "a@b.fr", "c@d.fr", "S", "x", &path, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, sub));

  /* Mails carry confirmation links: only their owner may read them. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
}

static void
test_unwritable_directory (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ca_mail_write ("/proc/version/mails", "a@b.fr", "c@d.fr", "S", "x", NULL,
                                 &error));
  g_assert_nonnull (error);
}

static void
test_parse_foreign_mail (void)
{
  /* Q encoding, another charset, folded header, 8bit body: what other writers produce. */
  const char *text =
    "Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?= et\r\n"
    "  =?utf-8?q?th=C3=A9?=   =?UTF-8?B?IHZlcnQ=?=\r\n"
    "X-Broken: =?UTF-8?X?abc?= =?UTF-8?B?not base64!?=\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Déjà =3D vu\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CaMail) mail = ca_mail_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ca_mail_get_header (mail, "subject"), ==, "Café crème et  thé vert");
  g_assert_cmpstr (ca_mail_get_header (mail, "x-broken"), ==,
                   "=?UTF-8?X?abc?= =?UTF-8?B?not base64!?=");
  g_assert_cmpstr (mail->body, ==, "Déjà =3D vu\n");

  g_assert_null (ca_mail_parse ("Subject: x\r\n\r\n\xff\r\n", 17, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/mail/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("plain-ascii", test_plain_ascii);
  ADD ("empty-body-and-line-ends", test_empty_body_and_line_ends);
  ADD ("hostile-headers", test_hostile_headers);
  ADD ("utf8-address", test_utf8_address);
  ADD ("header-injection", test_header_injection);
  ADD ("invalid-input", test_invalid_input);
  ADD ("file-names-sort-by-time", test_file_names_sort_by_time);
  ADD ("creates-directory", test_creates_directory);
  g_test_add_func ("/mail/unwritable-directory", test_unwritable_directory);
  g_test_add_func ("/mail/parse-foreign-mail", test_parse_foreign_mail);

#undef ADD

  return g_test_run ();
}
