/* ca-client.c — asynchronous, cancellable client of the service contract (libsoup 3)
 *
 * Every call goes through the same path: ca_client_call () builds the SoupMessage and its
 * CallData, soup_session_send_and_read_async () brings the body, ca_client_check_reply ()
 * maps transport failures and error statuses to CA_ERROR GErrors, and decode_body () turns a
 * 2xx body into a model object. Endpoints only say method, path, body and decoder. The
 * catalogue alone is exchanged and decoded on a worker thread (see
 * ca_client_exchange_catalogue ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaClient"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ca-client.h"
#include "ca-error.h"

#define API_PREFIX       "/api/v1"
#define DEFAULT_TIMEOUT  15
#define CATALOGUE_FILE   "catalogue.json"
#define ETAG_FILE        "catalogue.etag"
#define MAX_ETAG_LENGTH  256

/* Said to people; the technical cause only goes to the debug log. */
#define NETWORK_MESSAGE \
  "Le service des Cours d'Adultes est injoignable. Vérifiez votre connexion puis réessayez."

struct _CaClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;        /* the service root, without a trailing slash */
  char        *cache_dir;       /* NULL: nothing is written on disk */
  gboolean     read_cache;      /* at construction */
  guint        timeout;

  char        *token;           /* in memory only, wiped when dropped */
  char        *email;

  CaCatalogue *catalogue;       /* the last one known, from the service or the disk */
  char        *catalogue_etag;
  GBytes      *catalogue_unstored;  /* its body, for the disk cache once the service confirms it */
  GPtrArray   *catalogue_waiters;  /* the calls sharing the request on its way, or NULL */
  GCancellable *catalogue_fetch;   /* ends that request */
};

G_DEFINE_FINAL_TYPE (CaClient, ca_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CACHE_DIR,
  PROP_READ_CACHE,
  PROP_TIMEOUT,
  PROP_LOGGED_IN,
  PROP_EMAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef gpointer (*CaDecodeFunc) (JsonNode  *node,
                                  GError   **error);

typedef enum
{
  CALL_PUBLIC        = 0,
  CALL_AUTHENTICATED = 1 << 0,  /* carries the token when there is one */
  CALL_CONDITIONAL   = 1 << 1,  /* a 304 is an expected reply */
} CallFlags;

/* The task data of every call. */
typedef struct
{
  SoupMessage    *message;
  char           *token;        /* the token sent with the request, NULL when none */
  char           *email;        /* login only: the person logging in */
  CallFlags       flags;
  CaDecodeFunc    decode;       /* NULL: the body is not read and the call returns TRUE */
  GDestroyNotify  free_result;
} CallData;

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
call_data_free (gpointer user_data)
{
  CallData *data = user_data;

  g_clear_object (&data->message);
  clear_secret (&data->token);
  g_clear_pointer (&data->email, g_free);
  g_free (data);
}

/* g_set_str () arrives in GLib 2.76. */
static gboolean
replace_string (char       **dest,
                const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;

  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

static GError *
new_error (CaErrorCode code)
{
  return g_error_new_literal (CA_ERROR, code, ca_error_code_message_fr (code));
}

/* ---------------------------------------------------------------------------------------- */
/* Session state                                                                            */

static void
ca_client_forget_token (CaClient *self)
{
  g_assert (CA_IS_CLIENT (self));

  if (self->token == NULL)
    return;

  clear_secret (&self->token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
}

static void
ca_client_expire_session (CaClient   *self,
                          const char *token_sent)
{
  g_assert (CA_IS_CLIENT (self));

  /* A late failure of a call made with an older token must not end a newer session. */
  if (self->token == NULL || g_strcmp0 (self->token, token_sent) != 0)
    return;

  ca_client_forget_token (self);
  g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

static void
ca_client_remember_login (CaClient   *self,
                          const char *email,
                          const char *token)
{
  g_assert (CA_IS_CLIENT (self));

  ca_client_set_email (self, email);
  ca_client_set_token (self, token);
}

/* ---------------------------------------------------------------------------------------- */
/* Requests                                                                                 */

static GBytes *
node_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

/* A JSON object of string members from NULL-terminated key/value pairs, left open for more;
 * NULL values are left out. */
G_GNUC_NULL_TERMINATED static JsonBuilder *
begin_object (const char *first_key,
              ...)
{
  JsonBuilder *builder = json_builder_new_immutable ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  va_end (args);

  return builder;
}

static JsonNode *
end_object (JsonBuilder *builder)
{
  g_autoptr(JsonBuilder) owned = builder;

  json_builder_end_object (owned);

  return json_builder_get_root (owned);
}

/* "/candidatures/" + escaped id + "/confirm": an id can never reach another path. */
static char *
path_with_id (const char *prefix,
              const char *id,
              const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (prefix, escaped, suffix, NULL);
}

static SoupMessage *
ca_client_new_message (CaClient   *self,
                       const char *method,
                       const char *path,
                       JsonNode   *body)
{
  g_autofree char *url = g_strconcat (self->base_url, API_PREFIX, path, NULL);
  SoupMessage *message;

  g_assert (CA_IS_CLIENT (self));

  message = soup_message_new (method, url);
  if (message == NULL)
    return NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = node_to_bytes (body);

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  return message;
}

static void
ca_client_authorize (CaClient *self,
                     CallData *data)
{
  g_autofree char *value = NULL;

  g_assert (CA_IS_CLIENT (self));

  if (self->token == NULL)
    return;

  data->token = g_strdup (self->token);
  value = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (data->message),
                                "Authorization", value);
  clear_secret (&value);
}

/* Attaches the request to @task. FALSE when it cannot be built: the task has then returned. */
static gboolean
ca_client_prepare (CaClient       *self,
                   GTask          *task,
                   const char     *method,
                   const char     *path,
                   JsonNode       *body,
                   CallFlags       flags,
                   CaDecodeFunc    decode,
                   GDestroyNotify  free_result)
{
  g_autoptr(JsonNode) owned_body = body;
  CallData *data = g_new0 (CallData, 1);

  g_assert (CA_IS_CLIENT (self));

  data->flags = flags;
  data->decode = decode;
  data->free_result = free_result;
  g_task_set_task_data (task, data, call_data_free);

  data->message = ca_client_new_message (self, method, path, owned_body);
  if (data->message == NULL)
    {
      g_debug ("Cannot build a request from the base URL %s", self->base_url);
      g_task_return_new_error (task, CA_ERROR, CA_ERROR_NETWORK, NETWORK_MESSAGE);
      return FALSE;
    }

  if (flags & CALL_AUTHENTICATED)
    ca_client_authorize (self, data);

  return TRUE;
}

static void
ca_client_send (CaClient            *self,
                GTask               *task,
                GAsyncReadyCallback  callback)
{
  CallData *data = g_task_get_task_data (task);

  g_assert (CA_IS_CLIENT (self));

  soup_session_send_and_read_async (self->session,
                                    data->message,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    callback,
                                    task);
}

/* ---------------------------------------------------------------------------------------- */
/* Replies                                                                                  */

static GError *
transport_error (const GError *error,
                 SoupMessage  *message)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Exchange with the service failed: %s", error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return new_error (CA_ERROR_TIMEOUT);

  /* A reply that is not HTTP at all, or a body cut short after its status line (a
   * connection closed before any status is a service out of reach, below). */
  if (error->domain == SOUP_SESSION_ERROR ||
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
       soup_message_get_status (message) != SOUP_STATUS_NONE))
    return new_error (CA_ERROR_BAD_RESPONSE);

  /* Refused connection, DNS, TLS, reset… all mean "cannot reach the service". */
  return g_error_new_literal (CA_ERROR, CA_ERROR_NETWORK, NETWORK_MESSAGE);
}

/* Retry-After is either a number of seconds or an HTTP date. */
static guint
parse_retry_after (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds = 0;
  GTimeSpan span;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) seconds;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (date, now) / G_TIME_SPAN_SECOND;

  return (guint) CLAMP (span, 0, G_MAXUINT);
}

/* What a non-2xx status means when its body is not a contract error (a proxy, or the HTTP
 * layer of the service itself): the contract's code when the status has only one. */
static GError *
status_fallback_error (guint status)
{
  CaErrorCode found = CA_ERROR_BAD_RESPONSE;
  guint matches = 0;

  if (status >= 500)
    return new_error (CA_ERROR_SERVER);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return new_error (CA_ERROR_UNAUTHORIZED);

  for (guint code = 0; code < CA_ERROR_N_CODES; code++)
    {
      if (ca_error_code_http_status (code) == status)
        {
          found = code;
          matches++;
        }
    }

  return new_error (matches == 1 ? found : CA_ERROR_BAD_RESPONSE);
}

static GError *
status_error (SoupMessage *message,
              guint        status,
              GBytes      *bytes)
{
  g_autoptr(JsonNode) node = ca_json_parse_bytes (bytes, NULL);
  GError *error = node != NULL ? ca_error_from_json (node) : NULL;

  if (error == NULL || error->domain != CA_ERROR)
    {
      g_clear_error (&error);
      g_debug ("Status %u without a contract error body", status);
      return status_fallback_error (status);
    }

  if (error->code == CA_ERROR_TOO_MANY_ATTEMPTS)
    ca_error_set_retry_after (error, parse_retry_after (message));

  return error;
}

/* The body of a successful reply (a 304 too for conditional calls), or NULL with a CA_ERROR
 * GError or G_IO_ERROR_CANCELLED. An `unauthorized` reply to the current token ends the
 * session here, before the caller hears of the failure. */
static GBytes *
ca_client_check_reply (CaClient      *self,
                       GTask         *task,
                       GBytes        *sent_bytes,
                       const GError  *send_error,
                       GError       **error)
{
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = sent_bytes;
  guint status;

  g_assert (CA_IS_CLIENT (self));

  if (bytes == NULL)
    {
      g_propagate_error (error, transport_error (send_error, data->message));
      return NULL;
    }

  status = soup_message_get_status (data->message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status) ||
      (status == SOUP_STATUS_NOT_MODIFIED && (data->flags & CALL_CONDITIONAL)))
    return g_steal_pointer (&bytes);

  local_error = status_error (data->message, status, bytes);
  if (data->token != NULL && g_error_matches (local_error, CA_ERROR, CA_ERROR_UNAUTHORIZED))
    ca_client_expire_session (self, data->token);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* ca_client_check_reply () for a message sent with soup_session_send_and_read_async (). */
static GBytes *
ca_client_finish_exchange (CaClient      *self,
                           GTask         *task,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(GError) send_error = NULL;
  GBytes *bytes = soup_session_send_and_read_finish (self->session, result, &send_error);

  return ca_client_check_reply (self, task, bytes, send_error, error);
}

static gpointer
decode_body (GBytes        *bytes,
             CaDecodeFunc   decode,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = ca_json_parse_bytes (bytes, &local_error);
  gpointer value = NULL;

  if (node != NULL)
    value = decode (node, &local_error);

  if (value == NULL)
    {
      g_debug ("Unreadable reply: %s", local_error != NULL ? local_error->message : "?");
      g_propagate_error (error, new_error (CA_ERROR_BAD_RESPONSE));
    }

  return value;
}

static void
ca_client_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gpointer value;

  bytes = ca_client_finish_exchange (self, task, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->decode == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  value = decode_body (bytes, data->decode, &error);
  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, data->free_result);
}

/* Takes @task and @body: the whole of most endpoints. */
static void
ca_client_call (CaClient       *self,
                GTask          *task,
                const char     *method,
                const char     *path,
                JsonNode       *body,
                CallFlags       flags,
                CaDecodeFunc    decode,
                GDestroyNotify  free_result)
{
  g_autoptr(GTask) owned = task;

  g_assert (CA_IS_CLIENT (self));

  if (ca_client_prepare (self, owned, method, path, body, flags, decode, free_result))
    ca_client_send (self, g_steal_pointer (&owned), ca_client_call_cb);
}

static gpointer
ca_client_finish_pointer (CaClient      *self,
                          GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
ca_client_finish_boolean (CaClient      *self,
                          GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------------------------- */
/* Catalogue cache                                                                          */

static gboolean
etag_is_valid (const char *etag)
{
  gsize length = strlen (etag);

  if (length == 0 || length > MAX_ETAG_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (etag[i] < 0x20 || etag[i] > 0x7e)
      return FALSE;

  return TRUE;
}

static void
ca_client_keep_catalogue (CaClient    *self,
                          CaCatalogue *catalogue,
                          const char  *etag)
{
  g_assert (CA_IS_CLIENT (self));

  g_set_object (&self->catalogue, catalogue);
  g_clear_pointer (&self->catalogue_unstored, g_bytes_unref);
  g_clear_pointer (&self->catalogue_etag, g_free);
  if (etag != NULL && etag_is_valid (etag))
    self->catalogue_etag = g_strdup (etag);
}

/**
 * ca_client_has_catalogue_cache:
 * @cache_dir: a client's cache folder
 *
 * Whether a catalogue is cached in @cache_dir, without reading it: whether it can be used is
 * known only once ca_client_read_catalogue_cache () has decoded it.
 *
 * Returns: %TRUE when @cache_dir holds a cached catalogue
 */
gboolean
ca_client_has_catalogue_cache (const char *cache_dir)
{
  g_autofree char *json_path = NULL;

  g_return_val_if_fail (cache_dir != NULL, FALSE);

  json_path = g_build_filename (cache_dir, CATALOGUE_FILE, NULL);
  return g_file_test (json_path, G_FILE_TEST_IS_REGULAR);
}

/**
 * ca_client_read_catalogue_cache:
 * @cache_dir: a client's cache directory
 * @etag: (out) (optional): the cached catalogue's ETag, or NULL when none was kept with it
 * @error: a #GFileError (G_FILE_ERROR_NOENT: nothing cached), or the reason the cached
 *   catalogue cannot be used
 *
 * Reads and decodes the catalogue cached in @cache_dir, as ca_client_new () does: on any
 * thread, and without a client, so that it can be read before the service's address is known.
 * A cache that is there but cannot be used goes to the debug log.
 *
 * Returns: (transfer full) (nullable): the cached catalogue
 */
CaCatalogue *
ca_client_read_catalogue_cache (const char  *cache_dir,
                                char       **etag,
                                GError     **error)
{
  g_autofree char *json_path = NULL;
  g_autofree char *etag_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  CaCatalogue *catalogue = NULL;
  gsize length = 0;

  g_return_val_if_fail (cache_dir != NULL, NULL);
  g_return_val_if_fail (etag == NULL || *etag == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json_path = g_build_filename (cache_dir, CATALOGUE_FILE, NULL);
  if (g_file_get_contents (json_path, &contents, &length, &local_error))
    {
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      node = ca_json_parse_bytes (bytes, &local_error);
      if (node != NULL)
        catalogue = ca_catalogue_from_json (node, &local_error);
    }
  if (catalogue == NULL)
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Ignoring the cached catalogue: %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  etag_path = g_build_filename (cache_dir, ETAG_FILE, NULL);
  if (etag != NULL && g_file_get_contents (etag_path, etag, NULL, NULL))
    g_strstrip (*etag);
  return catalogue;
}

/* Synchronous on purpose: the file is small and the client cannot answer catalogue calls
 * from the cache before it is read. (An application in a hurry reads it beforehand, on
 * another thread: ca_client_new_with_cached_catalogue ().) */
static void
ca_client_load_cached_catalogue (CaClient *self)
{
  g_autofree char *etag = NULL;
  g_autoptr(CaCatalogue) catalogue = NULL;

  g_assert (CA_IS_CLIENT (self));

  catalogue = ca_client_read_catalogue_cache (self->cache_dir, &etag, NULL);
  if (catalogue != NULL)
    ca_client_keep_catalogue (self, catalogue, etag);
}

typedef struct
{
  char   *dir;
  GBytes *body;
  char   *etag;
} CacheWrite;

static void
cache_write_free (gpointer user_data)
{
  CacheWrite *write = user_data;

  g_free (write->dir);
  g_bytes_unref (write->body);
  g_free (write->etag);
  g_free (write);
}

static gboolean
write_private_file (const char  *path,
                    const char  *contents,
                    gssize       length,
                    GError     **error)
{
  return g_file_set_contents_full (path, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The ETag file is removed first and written last, so that an interruption never pairs an
 * ETag with another body. Each file is replaced atomically, and one write at a time for the
 * same reason when two fetches end together. */
static void
store_catalogue_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  static GMutex writing;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&writing);
  CacheWrite *write = task_data;
  g_autofree char *json_path = g_build_filename (write->dir, CATALOGUE_FILE, NULL);
  g_autofree char *etag_path = g_build_filename (write->dir, ETAG_FILE, NULL);
  GError *error = NULL;
  gsize length = 0;
  const char *body = g_bytes_get_data (write->body, &length);

  if (g_mkdir_with_parents (write->dir, 0700) != 0 ||
      (g_unlink (etag_path) != 0 && errno != ENOENT))
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", write->dir, g_strerror (saved_errno));
      return;
    }

  if (!write_private_file (json_path, body, (gssize) length, &error) ||
      (write->etag != NULL && !write_private_file (etag_path, write->etag, -1, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
ca_client_store_catalogue_async (CaClient            *self,
                                 GBytes              *body,
                                 const char          *etag,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  CacheWrite *write = g_new0 (CacheWrite, 1);

  g_assert (CA_IS_CLIENT (self));

  g_task_set_source_tag (task, ca_client_store_catalogue_async);
  write->dir = g_strdup (self->cache_dir);
  write->body = g_bytes_ref (body);
  write->etag = g_strdup (etag);
  g_task_set_task_data (task, write, cache_write_free);
  g_task_run_in_thread (task, store_catalogue_thread);
}

static void
ca_client_store_catalogue_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A cache that cannot be written costs a download next time, not the catalogue now. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("Cannot cache the catalogue: %s", error->message);
}

/* Takes @error. */
static void
ca_client_return_catalogue_or_error (CaClient *self,
                                     GTask    *task,
                                     GError   *error)
{
  g_assert (CA_IS_CLIENT (self));

  if (self->catalogue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Catalogue served from the cache: %s", error->message);
  g_error_free (error);
  g_task_return_pointer (task, g_object_ref (self->catalogue), g_object_unref);
}

/* The catalogue's exchange runs on a worker: libsoup (3.2 and later) does the I/O of a message
 * in the thread that sends it, so the request goes and its answer comes while the main loop
 * is busy (at start-up, building the window), and the body is decoded there as it arrives.
 * The worker holds the session and the message, not the client. */
typedef struct
{
  SoupSession *session;
  SoupMessage *message;
  CaDecodeFunc decode;
  GBytes      *bytes;         /* the body, or NULL with send_error */
  GError      *send_error;
  CaCatalogue *catalogue;     /* a 2xx body decoded, or NULL with decode_error */
  GError      *decode_error;
} CatalogueExchange;

static void
catalogue_exchange_free (CatalogueExchange *exchange)
{
  g_object_unref (exchange->session);
  g_object_unref (exchange->message);
  g_clear_pointer (&exchange->bytes, g_bytes_unref);
  g_clear_error (&exchange->send_error);
  g_clear_object (&exchange->catalogue);
  g_clear_error (&exchange->decode_error);
  g_free (exchange);
}

static void
catalogue_exchange_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  CatalogueExchange *exchange = task_data;

  exchange->bytes = soup_session_send_and_read (exchange->session, exchange->message,
                                                cancellable, &exchange->send_error);
  if (exchange->bytes != NULL
      && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (exchange->message)))
    exchange->catalogue = decode_body (exchange->bytes, exchange->decode,
                                       &exchange->decode_error);
  g_task_return_boolean (task, TRUE);
}

static void
ca_client_catalogue_exchanged_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  CatalogueExchange *exchange = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *etag;

  bytes = ca_client_check_reply (self, task, g_steal_pointer (&exchange->bytes),
                                 exchange->send_error, &error);
  if (bytes != NULL && soup_message_get_status (data->message) == SOUP_STATUS_NOT_MODIFIED)
    {
      /* Only asked with a catalogue in memory; a 304 to nothing is a confused service. */
      if (self->catalogue == NULL)
        {
          g_task_return_error (task, new_error (CA_ERROR_BAD_RESPONSE));
          return;
        }
      /* Confirmed: a catalogue known beforehand goes to the disk cache now. */
      if (self->catalogue_unstored != NULL)
        {
          g_autoptr(GBytes) unstored = g_steal_pointer (&self->catalogue_unstored);

          ca_client_store_catalogue_async (self, unstored, self->catalogue_etag,
                                           ca_client_store_catalogue_cb, NULL);
        }
      g_task_return_pointer (task, g_object_ref (self->catalogue), g_object_unref);
      return;
    }
  if (bytes == NULL)
    {
      ca_client_return_catalogue_or_error (self, task, g_steal_pointer (&error));
      return;
    }
  if (exchange->catalogue == NULL)
    {
      ca_client_return_catalogue_or_error (self, task, g_steal_pointer (&exchange->decode_error));
      return;
    }

  etag = soup_message_headers_get_one (soup_message_get_response_headers (data->message), "ETag");
  ca_client_keep_catalogue (self, exchange->catalogue, etag);
  /* The callers have it at once; the disk cache is written behind them. */
  if (self->cache_dir != NULL)
    ca_client_store_catalogue_async (self, bytes, self->catalogue_etag,
                                     ca_client_store_catalogue_cb, NULL);
  g_task_return_pointer (task, g_steal_pointer (&exchange->catalogue), g_object_unref);
}

static void
ca_client_exchange_catalogue (CaClient *self,
                              GTask    *task)
{
  CallData *data = g_task_get_task_data (task);
  CatalogueExchange *exchange = g_new0 (CatalogueExchange, 1);
  g_autoptr(GTask) worker = g_task_new (NULL, g_task_get_cancellable (task),
                                        ca_client_catalogue_exchanged_cb, task);

  exchange->session = g_object_ref (self->session);
  exchange->message = g_object_ref (data->message);
  exchange->decode = data->decode;
  g_task_set_source_tag (worker, ca_client_exchange_catalogue);
  g_task_set_task_data (worker, exchange, (GDestroyNotify) catalogue_exchange_free);
  g_task_run_in_thread (worker, catalogue_exchange_thread);
}

/* ---------------------------------------------------------------------------------------- */
/* GObject                                                                                  */

static gboolean
is_loopback_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
ca_client_constructed (GObject *object)
{
  CaClient *self = CA_CLIENT (object);
  g_autofree char *user_agent = g_strconcat (PACKAGE_NAME "/", PACKAGE_VERSION, NULL);

  G_OBJECT_CLASS (ca_client_parent_class)->constructed (object);

  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", self->timeout,
                                                 "idle-timeout", self->timeout,
                                                 NULL);
  /* No proxy can reach this machine's own service (the embedded one): asking the system's
   * proxy resolver about it would only delay the first request. */
  if (is_loopback_url (self->base_url))
    soup_session_set_proxy_resolver (self->session, NULL);
  if (self->cache_dir != NULL && self->read_cache)
    ca_client_load_cached_catalogue (self);
}

static void
ca_client_dispose (GObject *object)
{
  CaClient *self = CA_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->catalogue_unstored, g_bytes_unref);

  G_OBJECT_CLASS (ca_client_parent_class)->dispose (object);
}

static void
ca_client_finalize (GObject *object)
{
  CaClient *self = CA_CLIENT (object);

  clear_secret (&self->token);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->catalogue_etag, g_free);

  G_OBJECT_CLASS (ca_client_parent_class)->finalize (object);
}

/* Tolerates "http://host:port/", and a root that already ends in /api/v1. */
static char *
normalize_base_url (const char *base_url)
{
  char *url = g_strdup (base_url != NULL ? base_url : "");
  gsize length = strlen (url);

  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  if (g_str_has_suffix (url, API_PREFIX))
    url[length - strlen (API_PREFIX)] = '\0';

  return url;
}

static void
ca_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CaClient *self = CA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_CACHE_DIR:
      g_value_set_string (value, self->cache_dir);
      break;

    case PROP_READ_CACHE:
      g_value_set_boolean (value, self->read_cache);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_LOGGED_IN:
      g_value_set_boolean (value, ca_client_is_logged_in (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CaClient *self = CA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = normalize_base_url (g_value_get_string (value));
      break;

    case PROP_CACHE_DIR:
      self->cache_dir = g_value_dup_string (value);
      break;

    case PROP_READ_CACHE:
      self->read_cache = g_value_get_boolean (value);
      break;

    case PROP_TIMEOUT:
      ca_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_client_class_init (CaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ca_client_constructed;
  object_class->dispose = ca_client_dispose;
  object_class->finalize = ca_client_finalize;
  object_class->get_property = ca_client_get_property;
  object_class->set_property = ca_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, "http://127.0.0.1",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE_DIR] =
    g_param_spec_string ("cache-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FALSE: the caller read the cache itself (ca_client_new_with_cached_catalogue ()) */
  properties[PROP_READ_CACHE] =
    g_param_spec_boolean ("read-cache", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ca_client_init (CaClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
}

/* ---------------------------------------------------------------------------------------- */
/* Accessors                                                                                */

CaClient *
ca_client_new (const char *base_url,
               const char *cache_dir)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (CA_TYPE_CLIENT,
                       "base-url", base_url,
                       "cache-dir", cache_dir,
                       NULL);
}

/**
 * ca_client_new_with_cached_catalogue:
 * @base_url: as for ca_client_new ()
 * @cache_dir: (nullable): as for ca_client_new ()
 * @catalogue: (nullable): what ca_client_read_catalogue_cache () read from @cache_dir, or
 *   NULL if it found nothing usable there
 * @etag: (nullable): the ETag it read with @catalogue
 *
 * A client like ca_client_new () gives, with the disk cache already read (on another thread,
 * while the service starts): it does not read it again.
 *
 * Returns: (transfer full): a new client
 */
CaClient *
ca_client_new_with_cached_catalogue (const char  *base_url,
                                     const char  *cache_dir,
                                     CaCatalogue *catalogue,
                                     const char  *etag)
{
  return ca_client_new_with_catalogue (base_url, cache_dir, catalogue, etag, NULL);
}

/**
 * ca_client_new_with_catalogue:
 * @base_url: as for ca_client_new ()
 * @cache_dir: (nullable): as for ca_client_new ()
 * @catalogue: (nullable): the catalogue the service is expected to send
 * @etag: (nullable): the ETag the service gives it
 * @body: (nullable): its JSON, when @cache_dir does not hold it: the client writes it there
 *   once the service answers that its catalogue is still this one
 *
 * A client that knows its catalogue before it asks: a disk cache read beforehand, or the
 * demonstration catalogue that the embedded service will serve (ca_demo_read_summary ()). The
 * first call for the catalogue asks the service whether it is still the same.
 *
 * Returns: (transfer full): a new client
 */
CaClient *
ca_client_new_with_catalogue (const char  *base_url,
                              const char  *cache_dir,
                              CaCatalogue *catalogue,
                              const char  *etag,
                              GBytes      *body)
{
  CaClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (catalogue == NULL || CA_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (CA_TYPE_CLIENT,
                       "base-url", base_url,
                       "cache-dir", cache_dir,
                       "read-cache", FALSE,
                       NULL);
  if (catalogue != NULL)
    {
      ca_client_keep_catalogue (self, catalogue, etag);
      if (body != NULL && cache_dir != NULL)
        self->catalogue_unstored = g_bytes_ref (body);
    }
  return self;
}

const char *
ca_client_get_base_url (CaClient *self)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), NULL);

  return self->base_url;
}

void
ca_client_set_timeout (CaClient *self,
                       guint     seconds)
{
  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, "idle-timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
ca_client_get_timeout (CaClient *self)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), 0);

  return self->timeout;
}

const char *
ca_client_get_token (CaClient *self)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), NULL);

  return self->token;
}

void
ca_client_set_token (CaClient   *self,
                     const char *token)
{
  gboolean was_logged_in;

  g_return_if_fail (CA_IS_CLIENT (self));

  if (token != NULL && *token == '\0')
    token = NULL;
  if (g_strcmp0 (self->token, token) == 0)
    return;

  was_logged_in = self->token != NULL;
  clear_secret (&self->token);
  self->token = g_strdup (token);
  if (was_logged_in != (self->token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
}

gboolean
ca_client_is_logged_in (CaClient *self)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), FALSE);

  return self->token != NULL;
}

const char *
ca_client_get_email (CaClient *self)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), NULL);

  return self->email;
}

void
ca_client_set_email (CaClient   *self,
                     const char *email)
{
  g_return_if_fail (CA_IS_CLIENT (self));

  if (replace_string (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

CaCatalogue *
ca_client_get_cached_catalogue (CaClient *self)
{
  g_return_val_if_fail (CA_IS_CLIENT (self), NULL);

  return self->catalogue;
}

/* ---------------------------------------------------------------------------------------- */
/* Course queries                                                                           */

/* The repeated keys, in the order of the contract; "period" and "open_only" come after
 * "domain". */
static const char * const query_keys[] = {
  "domain", "rhythm", "mode", "day", "slot", "arrondissement", "establishment",
};
#define N_QUERY_KEYS G_N_ELEMENTS (query_keys)

struct _CaCourseQuery
{
  char      *text;
  char      *period;
  gboolean   open_only;
  GPtrArray *values[N_QUERY_KEYS];  /* sorted, without duplicates */
  gboolean   paged;
  guint      offset;
  guint      limit;
};

G_DEFINE_BOXED_TYPE (CaCourseQuery, ca_course_query, ca_course_query_copy, ca_course_query_free)

static int
query_key_index (const char *key)
{
  for (guint i = 0; i < N_QUERY_KEYS; i++)
    if (g_strcmp0 (query_keys[i], key) == 0)
      return (int) i;

  return -1;
}

CaCourseQuery *
ca_course_query_new (void)
{
  CaCourseQuery *query = g_new0 (CaCourseQuery, 1);

  for (guint i = 0; i < N_QUERY_KEYS; i++)
    query->values[i] = g_ptr_array_new_with_free_func (g_free);

  return query;
}

CaCourseQuery *
ca_course_query_copy (const CaCourseQuery *query)
{
  CaCourseQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = ca_course_query_new ();
  copy->text = g_strdup (query->text);
  copy->period = g_strdup (query->period);
  copy->open_only = query->open_only;
  copy->paged = query->paged;
  copy->offset = query->offset;
  copy->limit = query->limit;
  for (guint i = 0; i < N_QUERY_KEYS; i++)
    for (guint j = 0; j < query->values[i]->len; j++)
      g_ptr_array_add (copy->values[i], g_strdup (g_ptr_array_index (query->values[i], j)));

  return copy;
}

void
ca_course_query_free (CaCourseQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_free (query->period);
  for (guint i = 0; i < N_QUERY_KEYS; i++)
    g_ptr_array_unref (query->values[i]);
  g_free (query);
}

void
ca_course_query_set_text (CaCourseQuery *query,
                          const char    *text)
{
  g_return_if_fail (query != NULL);

  replace_string (&query->text, text);
}

void
ca_course_query_set_open_only (CaCourseQuery *query,
                               gboolean       open_only)
{
  g_return_if_fail (query != NULL);

  query->open_only = !!open_only;
}

void
ca_course_query_set_period (CaCourseQuery *query,
                            const char    *period_id)
{
  g_return_if_fail (query != NULL);

  replace_string (&query->period, period_id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
ca_course_query_add (CaCourseQuery *query,
                     const char    *key,
                     const char    *value)
{
  int index = query_key_index (key);
  GPtrArray *values;

  g_return_if_fail (query != NULL);
  g_return_if_fail (index >= 0);
  g_return_if_fail (value != NULL);

  values = query->values[index];
  if (*value == '\0' || g_ptr_array_find_with_equal_func (values, value, g_str_equal, NULL))
    return;

  g_ptr_array_add (values, g_strdup (value));
  g_ptr_array_sort (values, compare_strings);
}

void
ca_course_query_clear_key (CaCourseQuery *query,
                           const char    *key)
{
  int index = query_key_index (key);

  g_return_if_fail (query != NULL);

  if (g_strcmp0 (key, "period") == 0)
    g_clear_pointer (&query->period, g_free);
  else if (g_strcmp0 (key, "q") == 0)
    g_clear_pointer (&query->text, g_free);
  else if (g_strcmp0 (key, "open_only") == 0)
    query->open_only = FALSE;
  else if (index >= 0)
    g_ptr_array_set_size (query->values[index], 0);
  else
    g_return_if_reached ();
}

void
ca_course_query_set_page (CaCourseQuery *query,
                          guint          offset,
                          guint          limit)
{
  g_return_if_fail (query != NULL);

  query->paged = TRUE;
  query->offset = offset;
  query->limit = limit;
}

static void
append_param (GString    *string,
              const char *key,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (string->len > 0)
    g_string_append_c (string, '&');
  g_string_append_printf (string, "%s=%s", key, escaped);
}

static void
append_values (GString             *string,
               const CaCourseQuery *query,
               guint                index)
{
  for (guint i = 0; i < query->values[index]->len; i++)
    append_param (string, query_keys[index], g_ptr_array_index (query->values[index], i));
}

char *
ca_course_query_to_string (const CaCourseQuery *query)
{
  GString *string;
  g_autofree char *text = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  string = g_string_new (NULL);
  text = g_strstrip (g_strdup (query->text != NULL ? query->text : ""));
  if (*text != '\0')
    append_param (string, "q", text);
  append_values (string, query, 0);
  if (query->period != NULL && *query->period != '\0')
    append_param (string, "period", query->period);
  if (query->open_only)
    append_param (string, "open_only", "true");
  for (guint i = 1; i < N_QUERY_KEYS; i++)
    append_values (string, query, i);
  if (query->paged)
    {
      g_autofree char *offset = g_strdup_printf ("%u", query->offset);
      g_autofree char *limit = g_strdup_printf ("%u", query->limit);

      append_param (string, "offset", offset);
      if (query->limit > 0)
        append_param (string, "limit", limit);
    }

  return g_string_free (string, FALSE);
}

/* ---------------------------------------------------------------------------------------- */
/* Endpoints                                                                                */

#define DECODE(func) ((CaDecodeFunc) (func))

static gpointer
decode_health (JsonNode  *node,
               GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *status = object != NULL ? json_object_get_member (object, "status") : NULL;

  if (status == NULL || !JSON_NODE_HOLDS_VALUE (status) ||
      json_node_get_value_type (status) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (status), "ok") != 0)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_BAD_RESPONSE, "status is not \"ok\"");
      return NULL;
    }

  return json_node_ref (node);
}

void
ca_client_health_async (CaClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_health_async);
  ca_client_call (self, g_steal_pointer (&task), "GET", "/health", NULL, CALL_PUBLIC,
                  decode_health, (GDestroyNotify) json_node_unref);
}

gboolean
ca_client_health_finish (CaClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(JsonNode) node = ca_client_finish_pointer (self, result, ca_client_health_async,
                                                       error);

  return node != NULL;
}

void
ca_client_get_captcha_async (CaClient            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_get_captcha_async);
  ca_client_call (self, g_steal_pointer (&task), "GET", "/captcha", NULL, CALL_PUBLIC,
                  DECODE (ca_captcha_from_json), (GDestroyNotify) ca_captcha_free);
}

CaCaptcha *
ca_client_get_captcha_finish (CaClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_get_captcha_async, error);
}

CaCaptcha *
ca_client_get_captcha_finish_full (CaClient      *self,
                                   GAsyncResult  *result,
                                   char         **testing_answer,
                                   GError       **error)
{
  CaCaptcha *captcha = ca_client_finish_pointer (self, result, ca_client_get_captcha_async,
                                                 error);

  if (testing_answer != NULL)
    {
      CallData *data = g_task_get_task_data (G_TASK (result));
      SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);

      *testing_answer = captcha != NULL
        ? g_strdup (soup_message_headers_get_one (headers, "X-Captcha-Answer"))
        : NULL;
    }

  return captcha;
}

void
ca_client_create_account_async (CaClient            *self,
                                const char          *email,
                                const char          *password,
                                const char          *password_confirmation,
                                const char          *captcha_id,
                                const char          *captcha_answer,
                                gboolean             accept_terms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JsonBuilder *builder;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_create_account_async);
  builder = begin_object ("email", email,
                          "password", password,
                          "password_confirmation", password_confirmation,
                          "captcha_id", captcha_id,
                          "captcha_answer", captcha_answer,
                          NULL);
  json_builder_set_member_name (builder, "accept_terms");
  json_builder_add_boolean_value (builder, accept_terms);
  ca_client_call (self, g_steal_pointer (&task), "POST", "/accounts", end_object (builder),
                  CALL_PUBLIC, NULL, NULL);
}

gboolean
ca_client_create_account_finish (CaClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ca_client_finish_boolean (self, result, ca_client_create_account_async, error);
}

void
ca_client_confirm_account_async (CaClient            *self,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_confirm_account_async);
  ca_client_call (self, g_steal_pointer (&task), "POST", "/accounts/confirm",
                  end_object (begin_object ("token", token, NULL)),
                  CALL_PUBLIC, NULL, NULL);
}

gboolean
ca_client_confirm_account_finish (CaClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ca_client_finish_boolean (self, result, ca_client_confirm_account_async, error);
}

static void
ca_client_login_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CaSessionInfo) info = NULL;

  bytes = ca_client_finish_exchange (self, task, result, &error);
  if (bytes != NULL)
    info = decode_body (bytes, data->decode, &error);
  if (info != NULL && (info->token == NULL || *info->token == '\0'))
    {
      g_clear_pointer (&info, ca_session_info_free);
      g_set_error_literal (&error, CA_ERROR, CA_ERROR_BAD_RESPONSE,
                           ca_error_code_message_fr (CA_ERROR_BAD_RESPONSE));
    }
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ca_client_remember_login (self, data->email, info->token);
  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) ca_session_info_free);
}

void
ca_client_login_async (CaClient            *self,
                       const char          *email,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JsonNode *body;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_login_async);
  body = end_object (begin_object ("email", email, "password", password, NULL));
  if (ca_client_prepare (self, task, "POST", "/session", body, CALL_PUBLIC,
                         DECODE (ca_session_info_from_json),
                         (GDestroyNotify) ca_session_info_free))
    {
      CallData *data = g_task_get_task_data (task);

      data->email = g_strdup (email);
      ca_client_send (self, g_steal_pointer (&task), ca_client_login_cb);
    }
}

CaSessionInfo *
ca_client_login_finish (CaClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_login_async, error);
}

/* A token the service no longer knows is as good as revoked. */
static void
ca_client_logout_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = ca_client_finish_exchange (self, task, result, &error);
  if (bytes == NULL && !g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ca_client_logout_async (CaClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean prepared;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_logout_async);
  if (self->token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Forgotten before the reply: later calls must not carry it, whatever the service says. */
  prepared = ca_client_prepare (self, task, "DELETE", "/session", NULL, CALL_AUTHENTICATED,
                                NULL, NULL);
  ca_client_forget_token (self);
  ca_client_set_email (self, NULL);
  if (prepared)
    ca_client_send (self, g_steal_pointer (&task), ca_client_logout_cb);
}

gboolean
ca_client_logout_finish (CaClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return ca_client_finish_boolean (self, result, ca_client_logout_async, error);
}

void
ca_client_get_profile_async (CaClient            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_get_profile_async);
  ca_client_call (self, g_steal_pointer (&task), "GET", "/profile", NULL, CALL_AUTHENTICATED,
                  DECODE (ca_profile_from_json), g_object_unref);
}

CaProfile *
ca_client_get_profile_finish (CaClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_get_profile_async, error);
}

void
ca_client_put_profile_async (CaClient            *self,
                             CaProfile           *profile,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (CA_IS_PROFILE (profile));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_put_profile_async);
  ca_client_call (self, g_steal_pointer (&task), "PUT", "/profile", ca_profile_to_json (profile),
                  CALL_AUTHENTICATED, DECODE (ca_profile_from_json), g_object_unref);
}

CaProfile *
ca_client_put_profile_finish (CaClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_put_profile_async, error);
}

/* A call waiting for the catalogue request on its way */
typedef struct
{
  GTask   *task;
  GSource *cancelled;  /* watches the call's cancellable, or NULL */
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled != NULL)
    {
      g_source_destroy (waiter->cancelled);
      g_source_unref (waiter->cancelled);
    }
  g_object_unref (waiter->task);
  g_free (waiter);
}

/* A cancelled call ends at once, while the request goes on for the others; the last one
 * ends the request, and its call with it. */
static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  CaClient *self = g_task_get_source_object (task);
  GPtrArray *waiters = self->catalogue_waiters;

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (waiter->task != task)
        continue;
      if (waiters->len == 1)
        {
          /* Later calls make a request of their own */
          g_cancellable_cancel (self->catalogue_fetch);
          g_clear_object (&self->catalogue_fetch);
          g_clear_pointer (&self->catalogue_waiters, g_ptr_array_unref);
          return G_SOURCE_REMOVE;
        }
      g_task_return_error_if_cancelled (task);
      g_ptr_array_remove_index (waiters, i);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_REMOVE;
}

/* The request answers every call still waiting for it. */
static void
ca_client_catalogue_fetched_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  CaClient *self = CA_CLIENT (object);
  g_autoptr(GPtrArray) waiters = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCatalogue) catalogue = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->catalogue_waiters == waiters)
    {
      g_clear_pointer (&self->catalogue_waiters, g_ptr_array_unref);
      g_clear_object (&self->catalogue_fetch);
    }
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (g_task_return_error_if_cancelled (waiter->task))
        continue;
      if (catalogue != NULL)
        g_task_return_pointer (waiter->task, g_object_ref (catalogue), g_object_unref);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
    }
}

/* The request shared by the calls in self->catalogue_waiters: no one caller's cancellable
 * stops it while others wait. */
static void
ca_client_fetch_catalogue (CaClient *self)
{
  g_autoptr(GTask) task = NULL;
  CallData *data;

  self->catalogue_fetch = g_cancellable_new ();
  task = g_task_new (self, self->catalogue_fetch, ca_client_catalogue_fetched_cb,
                     g_ptr_array_ref (self->catalogue_waiters));

  g_task_set_source_tag (task, ca_client_fetch_catalogue);
  if (!ca_client_prepare (self, task, "GET", "/catalogue", NULL, CALL_CONDITIONAL,
                          DECODE (ca_catalogue_from_json), g_object_unref))
    return;

  data = g_task_get_task_data (task);
  if (self->catalogue != NULL && self->catalogue_etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (data->message),
                                  "If-None-Match", self->catalogue_etag);
  ca_client_exchange_catalogue (self, g_steal_pointer (&task));
}

/* Calls made while the catalogue is on its way share that one request: the application asks
 * as soon as the service answers, the search page when it is built, and only one request
 * goes. Each caller's cancellable still ends its own call. */
void
ca_client_get_catalogue_async (CaClient            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Waiter *waiter;
  gboolean on_its_way;

  g_return_if_fail (CA_IS_CLIENT (self));

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter->task, ca_client_get_catalogue_async);
  /* A source rather than a signal handler: it runs from the main loop, where the call can
   * end and the watch go with it */
  if (cancellable != NULL)
    {
      waiter->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled, G_SOURCE_FUNC (waiter_cancelled_cb),
                             g_object_ref (waiter->task), g_object_unref);
      g_source_attach (waiter->cancelled, g_main_context_get_thread_default ());
    }
  if (g_task_return_error_if_cancelled (waiter->task))
    {
      waiter_free (waiter);
      return;
    }

  on_its_way = self->catalogue_waiters != NULL;
  if (!on_its_way)
    self->catalogue_waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  g_ptr_array_add (self->catalogue_waiters, waiter);
  if (!on_its_way)
    ca_client_fetch_catalogue (self);
}

CaCatalogue *
ca_client_get_catalogue_finish (CaClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_get_catalogue_async, error);
}

void
ca_client_search_courses_async (CaClient            *self,
                                const CaCourseQuery *query,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *query_string = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_search_courses_async);
  query_string = query != NULL ? ca_course_query_to_string (query) : g_strdup ("");
  path = g_strconcat ("/courses", *query_string != '\0' ? "?" : "", query_string, NULL);
  ca_client_call (self, g_steal_pointer (&task), "GET", path, NULL, CALL_PUBLIC,
                  DECODE (ca_course_list_from_json), g_object_unref);
}

CaCourseList *
ca_client_search_courses_finish (CaClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_search_courses_async, error);
}

void
ca_client_get_course_async (CaClient            *self,
                            const char          *course_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (course_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_get_course_async);
  path = path_with_id ("/courses/", course_id, NULL);
  ca_client_call (self, g_steal_pointer (&task), "GET", path, NULL, CALL_PUBLIC,
                  DECODE (ca_course_from_json), g_object_unref);
}

CaCourse *
ca_client_get_course_finish (CaClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_get_course_async, error);
}

void
ca_client_list_candidatures_async (CaClient            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_list_candidatures_async);
  ca_client_call (self, g_steal_pointer (&task), "GET", "/candidatures", NULL,
                  CALL_AUTHENTICATED, DECODE (ca_candidature_list_from_json), g_object_unref);
}

CaCandidatureList *
ca_client_list_candidatures_finish (CaClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_list_candidatures_async, error);
}

void
ca_client_preselect_async (CaClient            *self,
                           const char          *session_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (session_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_preselect_async);
  ca_client_call (self, g_steal_pointer (&task), "POST", "/candidatures",
                  end_object (begin_object ("session_id", session_id, NULL)),
                  CALL_AUTHENTICATED, DECODE (ca_candidature_from_json), g_object_unref);
}

CaCandidature *
ca_client_preselect_finish (CaClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_preselect_async, error);
}

void
ca_client_delete_candidature_async (CaClient            *self,
                                    const char          *candidature_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (candidature_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_delete_candidature_async);
  path = path_with_id ("/candidatures/", candidature_id, NULL);
  ca_client_call (self, g_steal_pointer (&task), "DELETE", path, NULL, CALL_AUTHENTICATED,
                  NULL, NULL);
}

gboolean
ca_client_delete_candidature_finish (CaClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return ca_client_finish_boolean (self, result, ca_client_delete_candidature_async, error);
}

void
ca_client_confirm_candidature_async (CaClient            *self,
                                     const char          *candidature_id,
                                     JsonObject          *answers,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) empty = NULL;
  JsonBuilder *builder;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (candidature_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_confirm_candidature_async);
  if (answers == NULL)
    answers = empty = json_object_new ();
  builder = begin_object (NULL, NULL);
  json_builder_set_member_name (builder, "answers");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), answers));
  path = path_with_id ("/candidatures/", candidature_id, "/confirm");
  ca_client_call (self, g_steal_pointer (&task), "POST", path, end_object (builder),
                  CALL_AUTHENTICATED, DECODE (ca_candidature_from_json), g_object_unref);
}

CaCandidature *
ca_client_confirm_candidature_finish (CaClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_confirm_candidature_async, error);
}

void
ca_client_cancel_candidature_async (CaClient            *self,
                                    const char          *candidature_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (candidature_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_cancel_candidature_async);
  path = path_with_id ("/candidatures/", candidature_id, "/cancel");
  ca_client_call (self, g_steal_pointer (&task), "POST", path, NULL, CALL_AUTHENTICATED,
                  DECODE (ca_candidature_from_json), g_object_unref);
}

CaCandidature *
ca_client_cancel_candidature_finish (CaClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_cancel_candidature_async, error);
}

void
ca_client_create_payment_async (CaClient            *self,
                                const char          *candidature_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (candidature_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_create_payment_async);
  path = path_with_id ("/candidatures/", candidature_id, "/payment");
  ca_client_call (self, g_steal_pointer (&task), "POST", path, NULL, CALL_AUTHENTICATED,
                  DECODE (ca_payment_info_from_json), (GDestroyNotify) ca_payment_info_free);
}

CaPaymentInfo *
ca_client_create_payment_finish (CaClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ca_client_finish_pointer (self, result, ca_client_create_payment_async, error);
}

void
ca_client_send_contact_async (CaClient            *self,
                              const char          *subject,
                              const char          *message,
                              const char          *email,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CLIENT (self));
  g_return_if_fail (subject != NULL);
  g_return_if_fail (message != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_client_send_contact_async);
  ca_client_call (self, g_steal_pointer (&task), "POST", "/contact",
                  end_object (begin_object ("subject", subject,
                                            "message", message,
                                            "email", email,
                                            NULL)),
                  CALL_AUTHENTICATED, NULL, NULL);
}

gboolean
ca_client_send_contact_finish (CaClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return ca_client_finish_boolean (self, result, ca_client_send_contact_async, error);
}
