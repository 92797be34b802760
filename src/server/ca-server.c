/* ca-server.c — the reference service: options, state, routing, request context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ca-accounts.h"
#include "ca-candidatures.h"
#include "ca-crypto.h"
#include "ca-demo.h"
#include "ca-http.h"
#include "ca-import.h"
#include "ca-mail.h"
#include "ca-server.h"

#define STOP_GRACE_SECONDS 10

typedef struct
{
  const char *method;
  const char *pattern;   /* "*" matches one segment, which becomes req->id */
  CaHandler   handler;
} CaRoute;

static const CaRoute routes[] = {
  { "GET", "/api/v1/health", ca_handle_health },
  { "GET", "/api/v1/captcha", ca_handle_captcha },
  { "POST", "/api/v1/accounts", ca_handle_accounts_create },
  { "POST", "/api/v1/accounts/confirm", ca_handle_accounts_confirm },
  { "GET", "/confirm", ca_handle_confirm_page },
  { "POST", "/api/v1/session", ca_handle_session_create },
  { "DELETE", "/api/v1/session", ca_handle_session_delete },
  { "GET", "/api/v1/profile", ca_handle_profile_get },
  { "PUT", "/api/v1/profile", ca_handle_profile_put },
  { "POST", "/api/v1/contact", ca_handle_contact },
  { "GET", "/api/v1/catalogue", ca_handle_catalogue },
  { "GET", "/api/v1/courses", ca_handle_courses },
  { "GET", "/api/v1/courses/*", ca_handle_course },
  { "GET", "/api/v1/candidatures", ca_handle_candidatures_list },
  { "POST", "/api/v1/candidatures", ca_handle_candidatures_create },
  { "GET", "/api/v1/candidatures/*", ca_handle_candidature_get },
  { "DELETE", "/api/v1/candidatures/*", ca_handle_candidature_delete },
  { "POST", "/api/v1/candidatures/*/confirm", ca_handle_candidature_confirm },
  { "POST", "/api/v1/candidatures/*/cancel", ca_handle_candidature_cancel },
  { "POST", "/api/v1/candidatures/*/payment", ca_handle_payment_create },
  { "GET", "/api/v1/candidatures/*/payment", ca_handle_payment_get },
  { "POST", "/api/v1/payments/payfip/notify", ca_handle_payfip_notify },
  { "GET", "/payment/return", ca_handle_payment_return },
  { "GET", "/", ca_handle_home },
};

#define SIMULATOR_PATH "/payfip/paiement.web"

void
ca_server_options_clear (CaServerOptions *opts)
{
  g_clear_pointer (&opts->db_path, g_free);
  g_clear_pointer (&opts->mail_dir, g_free);
  g_clear_pointer (&opts->public_url, g_free);
  g_clear_pointer (&opts->payfip_url, g_free);
  g_clear_pointer (&opts->listen_address, g_free);
}

/* --- catalogue ------------------------------------------------------------------------ */

CaIndex *
ca_server_get_index (CaServer  *self,
                     GError   **error)
{
  gint64 version;

  if (!ca_db_get_catalogue_version (self->db, &version, error))
    return NULL;

  if (self->index == NULL || self->index->version != version)
    {
      CaIndex *index = ca_index_load (self->db, error);

      if (index == NULL)
        return NULL;
      g_clear_pointer (&self->index, ca_index_unref);
      self->index = index;
    }

  return ca_index_ref (self->index);
}

static void
remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

/* Copies the built demo database to @path, which must not exist yet: GIO creates the copy
 * exclusively, so that nothing anyone else wrote there is replaced. */
static gboolean
copy_demo_database (const char  *from,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_copy (source, target, G_FILE_COPY_TARGET_DEFAULT_PERMS, NULL, NULL, NULL,
                    &local_error))
    {
      /* What a failed copy left is removed; what someone else made is not. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_unlink (path);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("database %s started from the demo database %s", path, from);
  return TRUE;
}

/* Opens the service's database; a first start with the demo catalogue starts from the built
 * demo database, or from an empty one when that cannot be used. */
static CaDb *
open_database (CaServer  *self,
               GError   **error)
{
  const char *path = self->opts.db_path;
  const char *demo_database = NULL;
  g_autoptr(GError) copy_error = NULL;
  CaDb *db;

  if (self->opts.demo_catalogue && !g_file_test (path, G_FILE_TEST_EXISTS)
      && (demo_database = ca_demo_database_path ()) != NULL)
    {
      self->demo_database_copied = copy_demo_database (demo_database, path, &copy_error);
      if (!self->demo_database_copied)
        g_debug ("demo database not used: %s", copy_error->message);
    }

  db = ca_db_open (path, self->demo_database_copied ? &copy_error : error);
  if (db == NULL && self->demo_database_copied)
    {
      /* E.g. made by another version: the catalogue is imported from its JSON instead. */
      g_message ("demo database not used: %s", copy_error->message);
      self->demo_database_copied = FALSE;
      remove_database (path);
      db = ca_db_open (path, error);
    }

  return db;
}

gboolean
ca_server_load_demo_catalogue (CaServer  *self,
                               GError   **error)
{
  gboolean empty = FALSE;
  gboolean redated = FALSE;
  CaImportStats stats;
  const char *path;

  if (!self->opts.demo_catalogue)
    return TRUE;

  if (!ca_import_catalogue_is_empty (self->db, &empty, error))
    return FALSE;
  if (!empty && self->demo_database_copied)
    {
      if (!ca_import_redate_periods (self->db, ca_db_now (), &redated, error))
        return FALSE;
      g_message ("demo catalogue loaded from the demo database%s",
                 redated ? ", periods dated from today" : "");
      return TRUE;
    }
  if (!empty)
    {
      g_debug ("the database already holds a catalogue: the demo catalogue is not loaded");
      return TRUE;
    }

  path = ca_demo_catalogue_path ();
  if (!ca_import_catalogue_file (self->db, path, ca_db_now (), &stats, error))
    return FALSE;

  g_message ("demo catalogue %s loaded: %u courses, %u sessions", path, stats.courses,
             stats.sessions);
  return TRUE;
}

/* The catalogue a service started on @db serves, beside the database: see ca-demo.h. */
static gboolean
write_demo_summary (CaDb        *db,
                    const char  *path,
                    gint64       now,
                    GError     **error)
{
  g_autoptr(CaIndex) index = NULL;
  g_autoptr(JsonNode) catalogue = NULL;
  gint64 dated_from = 0;
  gboolean found = FALSE;

  if (!ca_db_get_meta (db, CA_META_PERIODS_DATED_FROM, &dated_from, &found, error)
      || (index = ca_index_load (db, error)) == NULL)
    return FALSE;
  catalogue = ca_catalogue_build_json (index, now);
  return ca_demo_write_summary (path, catalogue, found ? dated_from : 0, error);
}

gboolean
ca_server_write_demo_database (const char  *path,
                               const char  *summary_path,
                               GError     **error)
{
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(CaDb) db = NULL;
  const char *json = ca_demo_catalogue_path ();
  gint64 now = ca_db_now ();

  remove_database (partial);
  db = ca_db_open (partial, error);
  if (db == NULL || !ca_import_catalogue_file (db, json, now, NULL, error)
      || (summary_path != NULL && !write_demo_summary (db, summary_path, now, error)))
    {
      g_clear_pointer (&db, ca_db_free);
      remove_database (partial);
      return FALSE;
    }
  /* Closing folds the write-ahead log back in: one file, ready to be copied. */
  g_clear_pointer (&db, ca_db_free);

  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      remove_database (partial);
      return FALSE;
    }

  return TRUE;
}

/* --- mails ---------------------------------------------------------------------------- */

void
ca_server_send_mail (CaServer   *self,
                     const char *to,
                     const char *subject,
                     const char *body)
{
  g_autoptr(GError) error = NULL;

  if (!ca_mail_write (self->opts.mail_dir, CA_SERVICE_MAIL_FROM, to, subject, body, NULL, &error))
    g_warning ("cannot write the mail “%s”: %s", subject, error->message);
}

/* --- requests ------------------------------------------------------------------------- */

gboolean
ca_request_fail (CaRequest    *req,
                 const GError *error)
{
  ca_http_send_error (req->msg, error);
  return FALSE;
}

JsonNode *
ca_request_json_body (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = ca_http_parse_json_body (req->msg, &error);

  if (root == NULL)
    ca_request_fail (req, error);

  return root;
}

void
ca_request_pause (CaRequest *req)
{
  g_object_set_data (G_OBJECT (req->msg), "ca-paused", GINT_TO_POINTER (1));
  soup_server_pause_message (req->server->soup, req->msg);
}

void
ca_server_resume (CaServer          *self,
                  SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "ca-paused", NULL);
  soup_server_unpause_message (self->soup, msg);
}

/* The token of "Authorization: Bearer <token>", or NULL. *present tells whether the header
 * was there at all. */
static const char *
bearer_token (SoupServerMessage *msg,
              gboolean          *present)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  *present = (value != NULL);
  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  return *value != '\0' ? value : NULL;
}

static gboolean
authenticate (CaRequest *req,
              gboolean   optional)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gboolean present;
  const char *token = bearer_token (req->msg, &present);

  req->account_id = 0;
  if (token == NULL)
    {
      if (optional && !present)
        return TRUE;
      ca_http_send_error_code (req->msg, CA_ERROR_UNAUTHORIZED, NULL);
      return FALSE;
    }

  hash = ca_token_hash (token);
  if (!ca_accounts_token_check (req->server->db, hash, g_get_real_time () / 1000,
                                req->server->opts.session_idle_timeout, &req->account_id,
                                &error))
    return ca_request_fail (req, error);

  return TRUE;
}

gboolean
ca_request_authenticate (CaRequest *req)
{
  return authenticate (req, FALSE);
}

gboolean
ca_request_authenticate_optional (CaRequest *req)
{
  return authenticate (req, TRUE);
}

/* --- routing -------------------------------------------------------------------------- */

static char **
split_path (const char *path)
{
  g_auto(GStrv) raw = g_strsplit (path + 1, "/", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *decoded = g_uri_unescape_segment (raw[i], NULL, "/");

      if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
        {
          g_free (decoded);
          return NULL;
        }
      g_strv_builder_add (builder, decoded);
      g_free (decoded);
    }

  return g_strv_builder_end (builder);
}

/* Whether @segments match @pattern; *id receives the "*" segment. */
static gboolean
route_matches (const char  *pattern,
               char       **segments,
               const char **id)
{
  g_auto(GStrv) parts = g_strsplit (pattern + 1, "/", -1);
  guint i;

  *id = NULL;
  for (i = 0; parts[i] != NULL; i++)
    {
      if (segments[i] == NULL)
        return FALSE;
      if (g_str_equal (parts[i], "*"))
        {
          if (*segments[i] == '\0')
            return FALSE;
          *id = segments[i];
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }

  return segments[i] == NULL;
}

static void
dispatch (CaServer          *self,
          SoupServerMessage *msg,
          const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = split_path (path);
  g_autoptr(GString) allowed = g_string_new (NULL);
  const char *effective = method;

  if (segments == NULL)
    {
      ca_http_send_error_code (msg, CA_ERROR_NOT_FOUND, NULL);
      return;
    }

  /* HEAD is answered like GET; libsoup leaves the body out. */
  if (g_str_equal (method, "HEAD"))
    effective = "GET";

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *id;

      if (!route_matches (routes[i].pattern, segments, &id))
        continue;

      if (g_str_equal (routes[i].method, effective))
        {
          CaRequest req = { self, msg, method, segments, id, 0 };

          routes[i].handler (&req);
          return;
        }

      if (!strstr (allowed->str, routes[i].method))
        {
          if (allowed->len > 0)
            g_string_append (allowed, ", ");
          g_string_append (allowed, routes[i].method);
          if (g_str_equal (routes[i].method, "GET"))
            g_string_append (allowed, ", HEAD");
        }
    }

  if (allowed->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allowed->str);
      ca_http_send_error_code (msg, CA_ERROR_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  ca_http_send_error_code (msg, CA_ERROR_NOT_FOUND, NULL);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  CaServer *self = user_data;

  if (self->simulator != NULL && g_str_equal (path, SIMULATOR_PATH))
    {
      ca_payfip_simulator_handle (self->simulator, server, msg, path, query);
      return;
    }

  dispatch (self, msg, path);

  /* A handler that neither answered nor paused the message is a bug: never leave the
   * client hanging with libsoup's empty 500. */
  if (soup_server_message_get_status (msg) == 0
      && g_object_get_data (G_OBJECT (msg), "ca-paused") == NULL)
    {
      g_warning ("no response for %s %s", soup_server_message_get_method (msg), path);
      ca_http_send_error_code (msg, CA_ERROR_INTERNAL, NULL);
    }
}

/* --- body size limit, logging, graceful stop ------------------------------------------ */

static void
send_too_large (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  /* Keep reading (HTTP needs it) but stop storing what comes. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  ca_http_send_error_code (msg, CA_ERROR_PAYLOAD_TOO_LARGE, NULL);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  gsize total = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "ca-body-size"));

  total += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), "ca-body-size", GSIZE_TO_POINTER (total));

  if (total > CA_MAX_BODY_SIZE && soup_server_message_get_status (msg) == 0)
    send_too_large (msg);
}

/* Reading ten megabytes before answering would make the limit useless: the connection is
 * taken from libsoup, answered at once and closed; what the client still sends is drained
 * for a while, so that closing does not reset the connection before it reads the answer. */
typedef struct
{
  GIOStream *stream;
  char       buffer[8192];
  gint64     deadline;
  gsize      drained;
} Drain;

#define DRAIN_SECONDS 5
#define DRAIN_MAX (4 * 1024 * 1024)

static void
drain_finish (Drain *drain)
{
  g_io_stream_close_async (drain->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (drain->stream);
  g_free (drain);
}

static void
drain_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Drain *drain = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n > 0)
    drain->drained += n;
  if (n <= 0 || drain->drained > DRAIN_MAX || g_get_monotonic_time () > drain->deadline)
    {
      drain_finish (drain);
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (source), drain->buffer, sizeof drain->buffer,
                             G_PRIORITY_LOW, NULL, drain_read_cb, drain);
}

static void request_done (CaServer *self, SoupServerMessage *msg, const char *outcome);

static void
reject_oversized (CaServer          *self,
                  SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autofree char *body = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}",
                                           ca_error_code_to_string (CA_ERROR_PAYLOAD_TOO_LARGE),
                                           ca_error_code_message_fr (CA_ERROR_PAYLOAD_TOO_LARGE));
  g_autofree char *response = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\n"
                                               "Content-Type: application/json; charset=utf-8\r\n"
                                               "Content-Length: %zu\r\n"
                                               "Cache-Control: no-store\r\n"
                                               "Connection: close\r\n\r\n%s",
                                               strlen (body), body);
  GIOStream *stream;
  Drain *drain;

  if (socket != NULL)
    g_object_ref (socket);
  soup_server_message_set_status (msg, 413, NULL);
  request_done (self, msg, " (refused before reading the body)");

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_clear_object (&socket);
      send_too_large (msg);
      return;
    }

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), response, strlen (response),
                             NULL, NULL, NULL);
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_clear_object (&socket);

  drain = g_new0 (Drain, 1);
  drain->stream = stream;
  drain->deadline = g_get_monotonic_time () + DRAIN_SECONDS * G_USEC_PER_SEC;
  g_input_stream_read_async (g_io_stream_get_input_stream (stream), drain->buffer,
                             sizeof drain->buffer, G_PRIORITY_LOW, NULL, drain_read_cb, drain);
}

/* Runs once the headers are read, before the body: refuses a declared oversized body at once
 * and watches undeclared (chunked) ones as they come. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > CA_MAX_BODY_SIZE)
    {
      reject_oversized (user_data, msg);
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
}

static void
maybe_quit (CaServer *self)
{
  if (self->stopping && self->in_flight == 0 && self->loop != NULL)
    g_main_loop_quit (self->loop);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  CaServer *self = user_data;
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "ca-start", start, g_free);
  self->in_flight++;
}

static void
request_done (CaServer          *self,
              SoupServerMessage *msg,
              const char        *outcome)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "ca-start");
  GUri *uri = soup_server_message_get_uri (msg);

  if (start == NULL)
    return;

  /* Method, path (never the query: /confirm carries a token there), status, duration. */
  if (!self->opts.quiet)
    g_message ("%s %s %u %.1f ms%s",
               soup_server_message_get_method (msg) ? soup_server_message_get_method (msg) : "-",
               uri != NULL ? g_uri_get_path (uri) : "-",
               soup_server_message_get_status (msg),
               (g_get_monotonic_time () - *start) / 1000.0, outcome);

  g_object_set_data (G_OBJECT (msg), "ca-start", NULL);
  if (self->in_flight > 0)
    self->in_flight--;
  maybe_quit (self);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  request_done (user_data, msg, "");
}

static void
request_aborted_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  request_done (user_data, msg, " (aborted)");
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  CaServer *self = user_data;

  g_warning ("%u requests still running after %d s: stopping anyway", self->in_flight,
             STOP_GRACE_SECONDS);
  self->stop_timeout_source = 0;
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

void
ca_server_stop (CaServer *self)
{
  GSList *listeners;

  if (self->stopping)
    return;

  self->stopping = TRUE;
  /* Stop accepting: close the listening sockets, keep the open connections. */
  listeners = soup_server_get_listeners (self->soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_close (l->data, NULL);
  g_slist_free (listeners);

  if (self->back_office_source != 0)
    g_clear_handle_id (&self->back_office_source, g_source_remove);

  self->stop_timeout_source = g_timeout_add_seconds (STOP_GRACE_SECONDS, stop_timeout_cb, self);
  maybe_quit (self);
}

/* --- demonstration back office -------------------------------------------------------- */

static gboolean
back_office_cb (gpointer user_data)
{
  CaServer *self = user_data;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  if (!ca_candidatures_demo_back_office_step (self->db, ca_db_now (),
                                              self->opts.demo_back_office, &changed, &error))
    g_warning ("demonstration back office: %s", error->message);
  else if (changed > 0)
    g_message ("demonstration back office: %u candidatures moved on", changed);

  return G_SOURCE_CONTINUE;
}

/* --- life cycle ----------------------------------------------------------------------- */

CaServer *
ca_server_new (CaServerOptions  *opts,
               GError          **error)
{
  g_autoptr(CaServer) self = g_new0 (CaServer, 1);

  self->opts = *opts;
  memset (opts, 0, sizeof *opts);
  if (self->opts.session_idle_timeout == 0)
    self->opts.session_idle_timeout = CA_DEFAULT_SESSION_IDLE_TIMEOUT;

  if (!ca_crypto_init ())
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_INTERNAL, "libsodium cannot be initialised");
      return NULL;
    }

  self->db = open_database (self, error);
  if (self->db == NULL || !ca_db_set_durable (self->db, self->opts.durable, error))
    return NULL;

  self->soup = soup_server_new ("server-header", "cours-adultes-server/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);

  if (self->opts.demo_back_office > 0)
    self->back_office_source = g_timeout_add_seconds (MIN (self->opts.demo_back_office, 5),
                                                      back_office_cb, self);

  return g_steal_pointer (&self);
}

char *
ca_server_get_listen_url (CaServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  char *url = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);

      if (strchr (host, ':') != NULL)
        url = g_strdup_printf ("http://[%s]:%d", host, g_uri_get_port (uri));
      else
        url = g_strdup_printf ("http://%s:%d", host, g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

/* GLib listens with a backlog of 10: under a burst of new connections the kernel then drops
 * SYNs (ListenOverflows) and clients wait a second or more to retry. */
#define LISTEN_BACKLOG 512

static gboolean
listen_on (CaServer        *self,
           GSocketAddress  *sockaddr,
           GError         **error)
{
  g_autoptr(GSocket) sock = g_socket_new (g_socket_address_get_family (sockaddr),
                                          G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (sock == NULL)
    return FALSE;
  g_socket_set_listen_backlog (sock, LISTEN_BACKLOG);
  if (!g_socket_bind (sock, sockaddr, TRUE, error) || !g_socket_listen (sock, error))
    return FALSE;

  return soup_server_listen_socket (self->soup, sock, 0, error);
}

gboolean
ca_server_listen (CaServer  *self,
                  GError   **error)
{
  const char *address = self->opts.listen_address ? self->opts.listen_address : "127.0.0.1";
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autofree char *listen_url = NULL;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen: “%s” is not an IP address", address);
      return FALSE;
    }
  if (self->opts.port < 0 || self->opts.port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--port: %d is not a port number", self->opts.port);
      return FALSE;
    }

  sockaddr = g_inet_socket_address_new (inet, self->opts.port);
  if (!listen_on (self, sockaddr, error))
    return FALSE;

  listen_url = ca_server_get_listen_url (self);

  return ca_server_prepare (self, listen_url, error);
}

gboolean
ca_server_prepare (CaServer    *self,
                   const char  *public_url,
                   GError     **error)
{
  g_autofree char *notify_prefix = NULL;

  g_return_val_if_fail (public_url != NULL, FALSE);
  g_return_val_if_fail (self->public_url == NULL, FALSE);

  /* It goes into mails, PayFiP URLs and pages. */
  if (self->opts.public_url == NULL && !g_uri_is_valid (public_url, G_URI_FLAGS_NONE, error))
    return FALSE;

  if (self->opts.public_url != NULL)
    {
      self->public_url = g_strdup (self->opts.public_url);
      while (g_str_has_suffix (self->public_url, "/"))
        self->public_url[strlen (self->public_url) - 1] = '\0';
    }
  else
    self->public_url = g_strdup (public_url);

  if (self->opts.payfip_url != NULL)
    self->payfip_url = g_strdup (self->opts.payfip_url);
  else
    {
      self->payfip_url = g_strconcat (self->public_url, SIMULATOR_PATH, NULL);
      self->simulator = ca_payfip_simulator_new ();
      /* The simulator only ever notifies this service. */
      notify_prefix = g_strconcat (self->public_url, "/", NULL);
      ca_payfip_simulator_set_allowed_prefix (self->simulator, notify_prefix);
    }

  return TRUE;
}

void
ca_server_free (CaServer *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->back_office_source, g_source_remove);
  g_clear_handle_id (&self->stop_timeout_source, g_source_remove);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_signal_handlers_disconnect_by_data (self->soup, self);
      g_clear_object (&self->soup);
    }
  g_clear_pointer (&self->simulator, ca_payfip_simulator_free);
  g_clear_pointer (&self->index, ca_index_unref);
  g_clear_pointer (&self->db, ca_db_free);
  g_clear_pointer (&self->payfip_url, g_free);
  g_clear_pointer (&self->public_url, g_free);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  ca_server_options_clear (&self->opts);
  g_free (self);
}
