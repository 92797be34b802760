/* fuzz-server-request.c — the service's request handling, in process, without sockets
 *
 * A CaServer (src/server/ca-server.h) is built on a fresh database with the demo catalogue,
 * in testing mode, and never listens: each request is handed to its SoupServer through
 * soup_server_accept_iostream () over in-memory streams, and the main context runs until the
 * connection closes. So the whole path is exercised — libsoup's parsing, the early handler
 * (body size), routing, authentication, the handlers, the database and the JSON answers.
 *
 * Input: a request in a readable form,
 *
 *   METHOD /path?query
 *   Header: value
 *   …
 *   <empty line>
 *   body
 *
 * where these words are replaced before sending: @TOKEN@ (the session token of a confirmed
 * account with a complete profile), @EMAIL@ (its e-mail), @CAND@ (one of its candidatures),
 * @SESSION@ (a session of a course open for candidatures), @CAPTCHA_ID@ and @CAPTCHA_ANSWER@
 * (a fresh captcha, fetched only when the input asks for it). Content-Length is computed.
 *
 * Checked: every request is answered; never with a 5xx; every error of /api/ is the JSON body
 * of the contract {"error":{"code","message"}}; a HEAD answer has no body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "FuzzServer"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ca-accounts.h"
#include "ca-crypto.h"
#include "ca-mail.h"
#include "ca-server.h"
#include "fuzz-common.h"


#define FIXTURE_EMAIL "fuzz.candidat@example.fr"
#define FIXTURE_PASSWORD "motdepasse1"
#define PUBLIC_URL "http://127.0.0.1:9"
#define REQUEST_TIMEOUT_SECONDS 60

typedef struct
{
  guint   status;
  char   *headers_text;
  SoupMessageHeaders *headers;
  GBytes *body;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->headers_text);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static struct
{
  char           *dir;
  char           *mail_dir;
  CaServer       *server;
  GSocketAddress *local;
  GSocketAddress *remote;
  char           *token;
  gint64          account_id;
  char           *candidature;
  char           *session;
} fx;

/* --- one exchange over memory streams ------------------------------------------------- */

static gboolean
timeout_cb (gpointer user_data)
{
  g_printerr ("no answer after %d s\n", REQUEST_TIMEOUT_SECONDS);
  abort ();
  return G_SOURCE_REMOVE;
}

/* "5\r\nhello\r\n0\r\n\r\n" → "hello"; NULL when malformed. */
static GBytes *
dechunk (const char *p,
         const char *end)
{
  GByteArray *out = g_byte_array_new ();

  while (p < end)
    {
      char *after = NULL;
      guint64 len = g_ascii_strtoull (p, &after, 16);
      const char *data = strstr (after, "\r\n");

      if (after == p || data == NULL || data + 2 + len > end)
        {
          g_byte_array_unref (out);
          return NULL;
        }
      data += 2;
      if (len == 0)
        break;
      g_byte_array_append (out, (const guint8 *) data, len);
      p = data + len + 2;
    }

  return g_byte_array_free_to_bytes (out);
}

static Reply *
parse_reply (GMemoryOutputStream *out)
{
  const char *data = g_memory_output_stream_get_data (out);
  gsize size = g_memory_output_stream_get_data_size (out);
  g_autoptr(Reply) reply = g_new0 (Reply, 1);
  const char *end = data + size;
  const char *blank;

  /* Only one answer is expected: the request asks to close the connection. */
  blank = data != NULL ? g_strstr_len (data, size, "\r\n\r\n") : NULL;
  if (blank == NULL)
    {
      g_printerr ("no complete answer (%zu bytes)\n", (size_t) size);
      return NULL;
    }

  reply->headers_text = g_strndup (data, blank + 2 - data);
  reply->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (!soup_headers_parse_response (reply->headers_text, strlen (reply->headers_text),
                                    reply->headers, NULL, &reply->status, NULL))
    {
      g_printerr ("malformed answer head: %s\n", reply->headers_text);
      return NULL;
    }

  blank += 4;
  if (soup_message_headers_get_encoding (reply->headers) == SOUP_ENCODING_CHUNKED)
    reply->body = dechunk (blank, end);
  else
    reply->body = g_bytes_new (blank, end - blank);

  if (reply->body == NULL)
    {
      g_printerr ("malformed chunked body\n");
      return NULL;
    }

  return g_steal_pointer (&reply);
}

/* Sends @request (a complete HTTP/1.1 request) and returns the answer. */
static Reply *
exchange (GBytes *request)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (request);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) io = g_simple_io_stream_new (in, out);
  g_autoptr(GError) error = NULL;
  guint timeout;

  check (soup_server_accept_iostream (fx.server->soup, io, fx.local, fx.remote, &error));

  timeout = g_timeout_add_seconds (REQUEST_TIMEOUT_SECONDS, timeout_cb, NULL);
  while (!g_io_stream_is_closed (io))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  /* Let the server finish its bookkeeping of the closed connection. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return parse_reply (G_MEMORY_OUTPUT_STREAM (out));
}

static GBytes *
build_request (const char *method,
               const char *target,
               const char *headers,    /* "Name: value\r\n"…, nullable */
               const char *body,
               gsize       body_len)
{
  GString *req = g_string_new (NULL);

  g_string_append_printf (req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                          method, target);
  if (headers != NULL)
    g_string_append (req, headers);
  if (body != NULL)
    g_string_append_printf (req, "Content-Length: %zu\r\n", (size_t) body_len);
  g_string_append (req, "\r\n");
  if (body != NULL)
    g_string_append_len (req, body, body_len);

  return g_string_free_to_bytes (req);
}

/* --- the fixture: an account ready for candidatures ----------------------------------- */

static JsonObject *
reply_object (Reply      *reply,
              JsonParser *parser)
{
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);

  check (json_parser_load_from_data (parser, data, size, NULL));
  check (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* A request of the fixture's account (with its token once it has one). */
static Reply *
request_as_fixture (const char *method,
                    const char *target,
                    const char *body)
{
  g_autofree char *headers = NULL;
  g_autoptr(GBytes) request = NULL;
  Reply *reply;

  if (fx.token != NULL)
    headers = g_strdup_printf ("Authorization: Bearer %s\r\n", fx.token);
  if (body != NULL)
    {
      char *with_type = g_strconcat (headers ? headers : "", "Content-Type: application/json\r\n",
                                     NULL);

      g_free (headers);
      headers = with_type;
    }
  request = build_request (method, target, headers, body, body ? strlen (body) : 0);
  reply = exchange (request);
  check (reply != NULL);
  return reply;
}

/* A fixture request that must succeed with @status; returns its answer. */
static Reply *
call (const char *method,
      const char *target,
      const char *body,
      guint       status)
{
  Reply *reply = request_as_fixture (method, target, body);

  if (reply->status != status)
    {
      g_printerr ("fixture: %s %s answered %u: %.*s\n", method, target, reply->status,
                  (int) g_bytes_get_size (reply->body),
                  (const char *) g_bytes_get_data (reply->body, NULL));
      abort ();
    }

  return reply;
}

static void
fetch_captcha (char **id,
               char **answer)
{
  g_autoptr(Reply) reply = call ("GET", "/api/v1/captcha", NULL, 200);
  g_autoptr(JsonParser) parser = json_parser_new ();

  *id = g_strdup (json_object_get_string_member (reply_object (reply, parser), "id"));
  *answer = g_strdup (soup_message_headers_get_one (reply->headers, "X-Captcha-Answer"));
  check (*id != NULL && *answer != NULL);
}

/* The confirmation token from the link of the last mail written. */
static char *
confirmation_token (void)
{
  g_autoptr(GDir) dir = g_dir_open (fx.mail_dir, 0, NULL);
  const char *name;
  char *token = NULL;

  check (dir != NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx.mail_dir, name, NULL);
      g_autoptr(CaMail) mail = ca_mail_read_file (path, NULL);
      const char *link;

      if (mail == NULL || (link = strstr (mail->body, "token=")) == NULL)
        continue;
      link += strlen ("token=");
      {
        g_autofree char *escaped = g_strndup (link, strcspn (link, " \r\n"));

        g_free (token);
        token = g_uri_unescape_string (escaped, NULL);
      }
    }

  check (token != NULL);
  return token;
}

static void
set_up_account (void)
{
  g_autofree char *captcha_id = NULL;
  g_autofree char *captcha_answer = NULL;
  g_autofree char *body = NULL;
  g_autofree char *confirm = NULL;
  g_autofree char *confirm_token = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Reply) reply = NULL;
  const char *profile =
    "{\"civility\":\"Mme\",\"last_name\":\"Dupont\",\"first_name\":\"Jeanne\","
    "\"birth_date\":\"1980-05-17\",\"birth_country\":\"France\",\"address\":\"3 rue de Rivoli\","
    "\"postal_code\":\"75004\",\"city\":\"Paris\",\"phone_mobile\":\"06 12 34 56 78\","
    "\"phone_other\":null,\"heard_from\":\"internet\"}";

  fetch_captcha (&captcha_id, &captcha_answer);
  body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\",\"password_confirmation\":\"%s\","
                          "\"captcha_id\":\"%s\",\"captcha_answer\":\"%s\",\"accept_terms\":true}",
                          FIXTURE_EMAIL, FIXTURE_PASSWORD, FIXTURE_PASSWORD, captcha_id,
                          captcha_answer);
  g_clear_pointer (&reply, reply_free);
  reply = call ("POST", "/api/v1/accounts", body, 201);

  confirm_token = confirmation_token ();
  confirm = g_strdup_printf ("{\"token\":\"%s\"}", confirm_token);
  g_clear_pointer (&reply, reply_free);
  reply = call ("POST", "/api/v1/accounts/confirm", confirm, 200);

  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\"}", FIXTURE_EMAIL,
                          FIXTURE_PASSWORD);
  g_clear_pointer (&reply, reply_free);
  reply = call ("POST", "/api/v1/session", body, 200);
  fx.token = g_strdup (json_object_get_string_member (reply_object (reply, parser), "token"));
  check (fx.token != NULL);
  {
    g_autofree char *hash = ca_token_hash (fx.token);

    check (ca_accounts_token_check (fx.server->db, hash, g_get_real_time () / 1000,
                                    fx.server->opts.session_idle_timeout, &fx.account_id, NULL));
  }

  g_clear_pointer (&reply, reply_free);
  reply = call ("PUT", "/api/v1/profile", profile, 200);
}

static gboolean preselect (void);

/* The first session of the first course open for candidatures, preselected once. */
static void
set_up_candidature (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Reply) reply = call ("GET", "/api/v1/courses?open_only=true&limit=1", NULL, 200);
  JsonArray *items = json_object_get_array_member (reply_object (reply, parser), "items");
  g_autofree char *target = NULL;
  JsonObject *course;
  JsonArray *sessions;

  check (items != NULL && json_array_get_length (items) > 0);
  target = g_strdup_printf ("/api/v1/courses/%s",
                            json_object_get_string_member (json_array_get_object_element (items, 0),
                                                           "id"));
  g_clear_pointer (&reply, reply_free);
  reply = call ("GET", target, NULL, 200);
  course = reply_object (reply, parser);
  sessions = json_object_get_array_member (course, "sessions");
  check (sessions != NULL && json_array_get_length (sessions) > 0);
  fx.session = g_strdup (json_object_get_string_member (json_array_get_object_element (sessions, 0),
                                                        "id"));

  check (preselect ());
}

/* A new preselected candidature on fx.session becomes @CAND@; FALSE when the service refuses
 * it (the fuzzer's own candidatures may hold the sheet or the hours). */
static gboolean
preselect (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = g_strdup_printf ("{\"session_id\":\"%s\"}", fx.session);
  g_autoptr(Reply) reply = request_as_fixture ("POST", "/api/v1/candidatures", body);

  if (reply->status != 201)
    return FALSE;

  g_free (fx.candidature);
  fx.candidature = g_strdup (json_object_get_string_member (reply_object (reply, parser), "id"));
  check (fx.candidature != NULL);
  return TRUE;
}

/* Deleting, cancelling or confirming @CAND@ would leave the fuzzer with a dead id for the rest
 * of the run: a candidature that is no longer preselected is replaced. */
static void
refresh_candidature (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *target = g_strdup_printf ("/api/v1/candidatures/%s", fx.candidature);
  g_autoptr(Reply) reply = request_as_fixture ("GET", target, NULL);
  const char *status = NULL;

  if (reply->status == 200)
    status = json_object_get_string_member_with_default (reply_object (reply, parser), "status",
                                                         NULL);
  if (g_strcmp0 (status, "preselected") != 0)
    preselect ();
}

/* DELETE /session with @TOKEN@ revokes it: a new one is made straight in the database (a login
 * would run into the throttle once the fuzzer has tried wrong passwords for @EMAIL@). */
static void
renew_token_if_revoked (void)
{
  g_autofree char *hash = ca_token_hash (fx.token);
  gint64 account_id = 0;

  if (ca_accounts_token_check (fx.server->db, hash, g_get_real_time () / 1000,
                               fx.server->opts.session_idle_timeout, &account_id, NULL))
    return;

  g_clear_pointer (&fx.token, g_free);
  g_clear_pointer (&hash, g_free);
  fx.token = ca_token_new ();
  hash = ca_token_hash (fx.token);
  check (ca_accounts_token_create (fx.server->db, fx.account_id, hash, g_get_real_time () / 1000,
                                   NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
clear_mail_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (fx.mail_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fx.mail_dir, name, NULL);

      g_unlink (child);
    }
}

static void
tear_down (void)
{
  g_clear_pointer (&fx.server, ca_server_free);
  g_clear_object (&fx.local);
  g_clear_object (&fx.remote);
  if (fx.dir != NULL)
    remove_tree (fx.dir);
  g_clear_pointer (&fx.dir, g_free);
  g_clear_pointer (&fx.mail_dir, g_free);
  g_clear_pointer (&fx.token, g_free);
  g_clear_pointer (&fx.candidature, g_free);
  g_clear_pointer (&fx.session, g_free);
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  CaServerOptions opts = { 0 };

  /* The PayFiP simulator notifies through a SoupSession, whose default proxy resolver loads
   * libproxy: a C++ library whose exceptions AddressSanitizer cannot intercept in a C program.
   * Loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  /* A critical is a broken precondition inside the service: a finding like a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);

  /* On tmpfs when there is one: every write of the service syncs its database. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    fx.dir = g_mkdtemp (g_strdup ("/dev/shm/fuzz-server-XXXXXX"));
  if (fx.dir == NULL)
    fx.dir = g_dir_make_tmp ("fuzz-server-XXXXXX", &error);
  check (fx.dir != NULL);
  fx.mail_dir = g_build_filename (fx.dir, "mail", NULL);
  opts.db_path = g_build_filename (fx.dir, "service.db", NULL);
  opts.mail_dir = g_strdup (fx.mail_dir);
  opts.demo_catalogue = TRUE;
  opts.testing = TRUE;
  opts.quiet = TRUE;

  fx.server = ca_server_new (&opts, &error);
  if (fx.server == NULL || !ca_server_load_demo_catalogue (fx.server, &error))
    g_printerr ("cannot start the service: %s\n", error->message);
  check (fx.server != NULL && error == NULL);

  /* No listening socket: connections are handed over directly. The PayFiP simulator
   * notifies a port nobody listens on. */
  check (ca_server_prepare (fx.server, PUBLIC_URL, &error));

  fx.local = g_inet_socket_address_new (loopback, 9);
  fx.remote = g_inet_socket_address_new (loopback, 40000);

  set_up_account ();
  set_up_candidature ();
  clear_mail_dir ();
  atexit (tear_down);
}

/* --- the fuzzed request --------------------------------------------------------------- */

static char *
substitute (const char *text,
            gsize      *len,
            gsize       text_len)
{
  GString *out = g_string_new_len (text, text_len);

  g_string_replace (out, "@TOKEN@", fx.token, 0);
  g_string_replace (out, "@EMAIL@", FIXTURE_EMAIL, 0);
  g_string_replace (out, "@CAND@", fx.candidature, 0);
  g_string_replace (out, "@SESSION@", fx.session, 0);
  if (strstr (out->str, "@CAPTCHA_") != NULL)
    {
      g_autofree char *id = NULL;
      g_autofree char *answer = NULL;
      g_autofree char *saved = g_steal_pointer (&fx.token);

      fetch_captcha (&id, &answer);
      fx.token = g_steal_pointer (&saved);
      g_string_replace (out, "@CAPTCHA_ID@", id, 0);
      g_string_replace (out, "@CAPTCHA_ANSWER@", answer, 0);
    }

  *len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Bytes the request line cannot carry are percent-encoded; "%" is left alone so that bad
 * escapes reach the service. */
static char *
sanitize_target (const char *raw)
{
  GString *out = g_string_new (raw[0] == '/' ? "" : "/");

  for (const guchar *p = (const guchar *) raw; *p != '\0'; p++)
    {
      if (*p <= 0x20 || *p >= 0x7f || *p == '#')
        g_string_append_printf (out, "%%%02X", *p);
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *
sanitize_method (const char *raw)
{
  GString *out = g_string_new (NULL);

  for (const char *p = raw; *p != '\0' && out->len < 16; p++)
    g_string_append_c (out, is_token_char (*p) ? *p : 'X');
  if (out->len == 0)
    g_string_append (out, "GET");

  return g_string_free (out, FALSE);
}

/* "Name: value" lines; framing headers are the harness's. */
static void
append_header (GString    *headers,
               const char *line)
{
  const char *colon = strchr (line, ':');
  g_autofree char *name = NULL;
  const char *value;

  if (colon == NULL || colon == line)
    return;
  name = g_strndup (line, colon - line);
  for (char *p = name; *p != '\0'; p++)
    if (!is_token_char (*p))
      return;
  if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
      g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
      g_ascii_strcasecmp (name, "Connection") == 0 || g_ascii_strcasecmp (name, "Host") == 0 ||
      g_ascii_strcasecmp (name, "Expect") == 0)
    return;

  value = colon + 1;
  while (*value == ' ' || *value == '\t')
    value++;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t')
      return;

  g_string_append_printf (headers, "%s: %s\r\n", name, value);
}

static void
check_reply (const char *method,
             const char *target,
             Reply      *reply,
             GBytes     *request)
{
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *error;

  if (reply->status >= 500 || reply->status < 100)
    {
      g_printerr ("answered %u to\n%.*s\n---\n%s%.*s\n", reply->status,
                  (int) g_bytes_get_size (request), (const char *) g_bytes_get_data (request, NULL),
                  reply->headers_text, (int) size, data);
      abort ();
    }

  if (g_str_equal (method, "HEAD"))
    {
      check (size == 0);
      return;
    }

  if (reply->status < 400 || !g_str_has_prefix (target, "/api/"))
    return;

  /* A request libsoup cannot read (a bad %-escape, a NUL in the path) is refused by libsoup
   * itself, with an empty 400 and no Content-Type, before the service sees it. */
  if (reply->status == 400 && size == 0 &&
      soup_message_headers_get_content_type (reply->headers, NULL) == NULL)
    return;

  /* The contract: every error of the API is {"error":{"code","message"[,"fields"]}}. */
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))) ||
      !json_object_has_member (json_node_get_object (root), "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "error")))
    {
      g_printerr ("error %u without the contract's body for %s %s:\n%.*s\n", reply->status, method,
                  target, (int) size, data);
      abort ();
    }

  error = json_object_get_object_member (json_node_get_object (root), "error");
  check (JSON_NODE_HOLDS_VALUE (json_object_get_member (error, "code")) &&
         json_node_get_value_type (json_object_get_member (error, "code")) == G_TYPE_STRING);
  check (JSON_NODE_HOLDS_VALUE (json_object_get_member (error, "message")) &&
         json_node_get_value_type (json_object_get_member (error, "message")) == G_TYPE_STRING);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GString) headers = g_string_new (NULL);
  g_autoptr(GBytes) request = NULL;
  g_autoptr(Reply) reply = NULL;
  const char *line, *eol, *body, *end;
  gsize len;

  if (fx.server == NULL)
    set_up ();
  if (g_strstr_len ((const char *) data, size, "@CAND@") != NULL)
    refresh_candidature ();

  text = substitute ((const char *) data, &len, size);
  end = text + len;

  /* Request line: up to the first LF (a NUL ends it too: a C string cannot go further). */
  eol = memchr (text, '\n', len);
  line = text;
  {
    g_autofree char *first = g_strndup (line, eol ? (gsize) (eol - line) : len);
    char *space;

    g_strchomp (first);
    space = strchr (first, ' ');
    if (space != NULL)
      *space++ = '\0';
    method = sanitize_method (first);
    target = sanitize_target (space ? space : "/");
  }

  /* Header lines up to an empty one, then the body as it is. */
  body = NULL;
  while (eol != NULL)
    {
      g_autofree char *header = NULL;

      line = eol + 1;
      eol = memchr (line, '\n', end - line);
      header = g_strndup (line, eol ? (gsize) (eol - line) : (gsize) (end - line));
      g_strchomp (header);
      if (header[0] == '\0')
        {
          body = eol ? eol + 1 : end;
          break;
        }
      append_header (headers, header);
    }

  if (body != NULL && fuzz_skip_several_roots (body, end - body))
    return 0;

  request = build_request (method, target, headers->str, body, body ? (gsize) (end - body) : 0);
  reply = exchange (request);
  if (reply == NULL)
    {
      g_printerr ("for\n%.*s\n", (int) g_bytes_get_size (request),
                  (const char *) g_bytes_get_data (request, NULL));
      abort ();
    }

  if (g_getenv ("CA_FUZZ_VERBOSE") != NULL)
    g_printerr ("  %s %s -> %u %.*s\n", method, target, reply->status,
                (int) MIN (g_bytes_get_size (reply->body), 200),
                (const char *) g_bytes_get_data (reply->body, NULL));

  check_reply (method, target, reply, request);
  clear_mail_dir ();
  if (g_strstr_len ((const char *) data, size, "@TOKEN@") != NULL)
    renew_token_if_revoked ();
  return 0;
}
