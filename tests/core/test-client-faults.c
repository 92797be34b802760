/* test-client-faults.c — CaClient facing a misbehaving service (tests/faulty-server.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ca-client.h"
#include "ca-client-test-util.h"
#include "ca-error.h"

#define NETWORK_MESSAGE \
  "Le service des Cours d'Adultes est injoignable. Vérifiez votre connexion puis réessayez."

typedef struct
{
  GSubprocess *server;
  char        *url;
  CaClient    *client;
  char        *cache_dir;
  guint        expired;        /* ::session-expired emissions */
} Fixture;

/* ---------------------------------------------------------------------------------------- */
/* Helpers                                                                                  */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* A failed assertion aborts the test: the server must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static char *
start_server (GSubprocess **out_process,
              const char   *mode)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "faulty-server.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "/usr/bin/python3", script, "--mode", mode, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));

  *out_process = process;
  return g_strdup (line + strlen ("listening on "));
}

/* A synchronous POST to a control endpoint of the faulty server; returns the reply body. */
static char *
control (Fixture    *fixture,
         const char *path,
         const char *method,
         const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (message, "application/json", body);
    }
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

static void
set_mode (Fixture    *fixture,
          const char *mode)
{
  g_autofree char *json = g_strdup_printf ("{\"mode\": \"%s\"}", mode);
  g_autofree char *reply = control (fixture, "/__mode", "POST", json);
}

static void
set_path_mode (Fixture    *fixture,
               const char *path,
               const char *mode)
{
  g_autofree char *json = g_strdup_printf ("{\"path\": \"%s\", \"mode\": \"%s\"}",
                                           path, mode);
  g_autofree char *reply = control (fixture, "/__mode", "POST", json);
}

/* The requests the server received, as a JSON array. */
static JsonArray *
received_requests (Fixture *fixture)
{
  g_autofree char *reply = control (fixture, "/__requests", "GET", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, reply, -1, &error);
  g_assert_no_error (error);

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static JsonObject *
last_request (JsonArray *requests)
{
  guint length = json_array_get_length (requests);

  g_assert_cmpuint (length, >, 0);
  return json_array_get_object_element (requests, length - 1);
}

static void
session_expired_cb (CaClient *client,
                    Fixture  *fixture)
{
  /* Emitted after the token is gone, so a handler can start a login at once. */
  g_assert_null (ca_client_get_token (client));
  fixture->expired++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *mode = user_data != NULL ? user_data : "ok";

  fixture->url = start_server (&fixture->server, mode);
  fixture->cache_dir = g_dir_make_tmp ("ca-client-cache-XXXXXX", NULL);
  g_assert_nonnull (fixture->cache_dir);
  fixture->client = ca_client_new (fixture->url, fixture->cache_dir);
  ca_client_set_timeout (fixture->client, 5);
  g_signal_connect (fixture->client, "session-expired", G_CALLBACK (session_expired_cb), fixture);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_no_errno (g_remove (child));
    }
  g_assert_no_errno (g_rmdir (path));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  /* A disk cache still being written holds the client until it is. */
  while (G_OBJECT (fixture->client)->ref_count > 1 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_finalize_object (fixture->client);
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->url, g_free);
  remove_tree (fixture->cache_dir);
  g_clear_pointer (&fixture->cache_dir, g_free);
}

/* Runs one call and gives its error: each call of the client, seen as "may fail". */
typedef void (*CallFunc) (CaClient *client, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data);
typedef gboolean (*FinishFunc) (CaClient *client, GAsyncResult *result, GError **error);

static void
call_search (CaClient *client, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data)
{
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();

  ca_course_query_set_text (query, "anglais");
  ca_client_search_courses_async (client, query, cancellable, callback, user_data);
}

static gboolean
finish_search (CaClient *client, GAsyncResult *result, GError **error)
{
  g_autoptr(CaCourseList) list = ca_client_search_courses_finish (client, result, error);

  return list != NULL;
}

static void
call_course (CaClient *client, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data)
{
  ca_client_get_course_async (client, "anglais-a1", cancellable, callback, user_data);
}

static gboolean
finish_course (CaClient *client, GAsyncResult *result, GError **error)
{
  g_autoptr(CaCourse) course = ca_client_get_course_finish (client, result, error);

  return course != NULL;
}

static void
call_catalogue (CaClient *client, GCancellable *cancellable, GAsyncReadyCallback callback,
                gpointer user_data)
{
  ca_client_get_catalogue_async (client, cancellable, callback, user_data);
}

static gboolean
finish_catalogue (CaClient *client, GAsyncResult *result, GError **error)
{
  g_autoptr(CaCatalogue) catalogue = ca_client_get_catalogue_finish (client, result, error);

  return catalogue != NULL;
}

static void
call_profile (CaClient *client, GCancellable *cancellable, GAsyncReadyCallback callback,
              gpointer user_data)
{
  ca_client_get_profile_async (client, cancellable, callback, user_data);
}

static gboolean
finish_profile (CaClient *client, GAsyncResult *result, GError **error)
{
  g_autoptr(CaProfile) profile = ca_client_get_profile_finish (client, result, error);

  return profile != NULL;
}

static void
call_health (CaClient *client, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data)
{
  ca_client_health_async (client, cancellable, callback, user_data);
}

static GError *
run_call (CaClient     *client,
          CallFunc      call,
          FinishFunc    finish,
          GCancellable *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  gboolean ok;

  call (client, cancellable, store_result_cb, &result);
  ok = finish (client, wait_for (&result), &error);
  g_assert_true (ok == (error == NULL));

  return error;
}

static GError *
run_search (CaClient *client)
{
  return run_call (client, call_search, finish_search, NULL);
}

static GError *
run_course (CaClient *client)
{
  return run_call (client, call_course, finish_course, NULL);
}

static CaCatalogue *
run_catalogue (CaClient  *client,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_get_catalogue_async (client, NULL, store_result_cb, &result);
  return ca_client_get_catalogue_finish (client, wait_for (&result), error);
}

static void
run_login (Fixture    *fixture,
           const char *email,
           const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) login = NULL;
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  ca_client_create_account_async (fixture->client, email, password, password, "captcha-1",
                                  "00001", TRUE, NULL, store_result_cb, &result);
  g_assert_true (ca_client_create_account_finish (fixture->client, wait_for (&result), &error));
  g_assert_no_error (error);

  ca_client_login_async (fixture->client, email, password, NULL, store_result_cb, &login);
  info = ca_client_login_finish (fixture->client, wait_for (&login), &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (ca_client_get_token (fixture->client), ==, info->token);
  g_assert_cmpstr (ca_client_get_email (fixture->client), ==, email);
  g_assert_true (ca_client_is_logged_in (fixture->client));
}

/* ---------------------------------------------------------------------------------------- */
/* Transport failures                                                                       */

/* A port that was free a moment ago: nothing listens there. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

static void
test_connection_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(CaClient) client = ca_client_new (url, NULL);
  g_autoptr(GError) error = NULL;

  error = run_call (client, call_health, (FinishFunc) ca_client_health_finish, NULL);
  g_assert_error (error, CA_ERROR, CA_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, NETWORK_MESSAGE);

  g_clear_error (&error);
  error = run_course (client);
  g_assert_error (error, CA_ERROR, CA_ERROR_NETWORK);
}

static void
test_unknown_host (void)
{
  /* .invalid never resolves (RFC 2606): a DNS failure without any network. */
  g_autoptr(CaClient) client = ca_client_new ("http://cours-adultes.invalid", NULL);
  g_autoptr(GError) error = run_search (client);

  g_assert_error (error, CA_ERROR, CA_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, NETWORK_MESSAGE);
}

static void
test_tls_failure (Fixture       *fixture,
                  gconstpointer  user_data)
{
  /* https:// to a plain HTTP server: the TLS handshake fails. */
  g_autofree char *url = g_strconcat ("https://", fixture->url + strlen ("http://"), NULL);
  g_autoptr(CaClient) client = ca_client_new (url, NULL);
  g_autoptr(GError) error = NULL;

  ca_client_set_timeout (client, 5);
  error = run_course (client);
  g_assert_error (error, CA_ERROR, CA_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, NETWORK_MESSAGE);
}

static void
test_hang_times_out (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  ca_client_set_timeout (fixture->client, 1);
  g_assert_cmpuint (ca_client_get_timeout (fixture->client), ==, 1);
  error = run_course (fixture->client);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_error (error, CA_ERROR, CA_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, ca_error_code_message_fr (CA_ERROR_TIMEOUT));
  /* Well before the 5 s the fixture set, on a busy machine too. */
  g_assert_cmpfloat (elapsed, >=, 0.9);
  g_assert_cmpfloat (elapsed, <, 4.0);
}

static void
test_slow_within_timeout (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  ca_client_set_timeout (fixture->client, 2);
  set_mode (fixture, "slow:0.5");
  error = run_course (fixture->client);
  g_assert_no_error (error);

  set_mode (fixture, "slow:3");
  error = run_course (fixture->client);
  g_assert_error (error, CA_ERROR, CA_ERROR_TIMEOUT);
}

/* ---------------------------------------------------------------------------------------- */
/* Bad replies                                                                              */

static void
test_500_html (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) search_error = run_search (fixture->client);
  g_autoptr(GError) course_error = run_course (fixture->client);

  g_assert_error (search_error, CA_ERROR, CA_ERROR_SERVER);
  g_assert_cmpstr (search_error->message, ==, ca_error_code_message_fr (CA_ERROR_SERVER));
  g_assert_error (course_error, CA_ERROR, CA_ERROR_SERVER);
}

static void
test_500_json (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = run_search (fixture->client);
  g_autoptr(GError) unavailable = NULL;

  g_assert_error (error, CA_ERROR, CA_ERROR_INTERNAL);
  g_assert_cmpstr (error->message, ==,
                   "Le service a rencontré une erreur interne. Réessayez plus tard.");

  set_mode (fixture, "503-json");
  unavailable = run_course (fixture->client);
  g_assert_error (unavailable, CA_ERROR, CA_ERROR_UNAVAILABLE);
}

static void
test_bad_bodies (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char *modes[] = { "garbage", "half-json", "truncated" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) search_error = NULL;
      g_autoptr(GError) course_error = NULL;
      g_autoptr(GError) catalogue_error = NULL;
      g_autoptr(CaCatalogue) catalogue = NULL;

      g_test_message ("mode %s", modes[i]);
      set_mode (fixture, modes[i]);
      search_error = run_search (fixture->client);
      g_assert_error (search_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (search_error->message, ==,
                       ca_error_code_message_fr (CA_ERROR_BAD_RESPONSE));
      course_error = run_course (fixture->client);
      g_assert_error (course_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      /* Nothing cached yet: the catalogue fails the same way. */
      catalogue = run_catalogue (fixture->client, &catalogue_error);
      g_assert_error (catalogue_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      g_assert_null (catalogue);
    }
}

static void
test_connection_closed (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = run_course (fixture->client);

  /* The service vanished between accept and reply: as unreachable as a refused connection. */
  g_assert_error (error, CA_ERROR, CA_ERROR_NETWORK);
}

static void
test_wrong_shapes (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const char *modes[] = { "wrong-shape", "empty" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) search_error = NULL;
      g_autoptr(GError) course_error = NULL;
      g_autoptr(GError) health_error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(CaSessionInfo) info = NULL;
      g_autoptr(GError) login_error = NULL;

      g_test_message ("mode %s", modes[i]);
      set_mode (fixture, modes[i]);
      search_error = run_search (fixture->client);
      g_assert_error (search_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      course_error = run_course (fixture->client);
      g_assert_error (course_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      health_error = run_call (fixture->client, call_health,
                               (FinishFunc) ca_client_health_finish, NULL);
      g_assert_error (health_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);

      ca_client_login_async (fixture->client, "claire@example.org", "motdepasse1", NULL,
                             store_result_cb, &result);
      info = ca_client_login_finish (fixture->client, wait_for (&result), &login_error);
      g_assert_error (login_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      g_assert_null (info);
      g_assert_false (ca_client_is_logged_in (fixture->client));
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Session                                                                                  */

static void
test_401_mid_session (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) public_error = NULL;
  g_autoptr(JsonArray) requests = NULL;

  run_login (fixture, "claire@example.org", "motdepasse1");
  error = run_call (fixture->client, call_profile, finish_profile, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->expired, ==, 0);

  set_mode (fixture, "401");
  error = run_call (fixture->client, call_profile, finish_profile, NULL);
  g_assert_error (error, CA_ERROR, CA_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (fixture->expired, ==, 1);
  g_assert_null (ca_client_get_token (fixture->client));
  g_assert_false (ca_client_is_logged_in (fixture->client));
  /* Kept so that the login form can be filled in again. */
  g_assert_cmpstr (ca_client_get_email (fixture->client), ==, "claire@example.org");

  requests = received_requests (fixture);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (last_request (requests),
                                                                  "authorization"),
                                   "Bearer token-"));

  /* Without a token, a second refusal is no news: no second emission. */
  g_clear_error (&error);
  error = run_call (fixture->client, call_profile, finish_profile, NULL);
  g_assert_error (error, CA_ERROR, CA_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (fixture->expired, ==, 1);

  /* Public calls go on. */
  public_error = run_course (fixture->client);
  g_assert_no_error (public_error);
}

static void
test_newer_login_survives (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A call made with an old token fails after a new login: the new session stays. */
  ca_client_set_token (fixture->client, "old-token");
  set_path_mode (fixture, "/api/v1/profile", "slow:0.5");
  ca_client_get_profile_async (fixture->client, NULL, store_result_cb, &result);
  ca_client_set_token (fixture->client, "new-token");
  g_assert_false (finish_profile (fixture->client, wait_for (&result), &error));
  g_assert_error (error, CA_ERROR, CA_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (fixture->expired, ==, 0);
  g_assert_cmpstr (ca_client_get_token (fixture->client), ==, "new-token");
}

static void
test_login_throttled (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  set_mode (fixture, "429");
  ca_client_login_async (fixture->client, "claire@example.org", "motdepasse1", NULL,
                         store_result_cb, &result);
  info = ca_client_login_finish (fixture->client, wait_for (&result), &error);
  g_assert_null (info);
  g_assert_error (error, CA_ERROR, CA_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpuint (ca_error_get_retry_after (error), ==, 120);
  g_assert_false (ca_client_is_logged_in (fixture->client));
  g_assert_cmpuint (fixture->expired, ==, 0);
}

static void
test_logout_forgets_token (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autofree char *token = NULL;
  JsonObject *request;

  run_login (fixture, "claire@example.org", "motdepasse1");
  token = g_strdup (ca_client_get_token (fixture->client));
  ca_client_logout_async (fixture->client, NULL, store_result_cb, &result);
  /* Forgotten at once, not when the service answers. */
  g_assert_false (ca_client_is_logged_in (fixture->client));
  g_assert_true (ca_client_logout_finish (fixture->client, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_null (ca_client_get_email (fixture->client));

  requests = received_requests (fixture);
  request = last_request (requests);
  g_assert_cmpstr (json_object_get_string_member (request, "method"), ==, "DELETE");
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, "/api/v1/session");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (request, "authorization"),
                                   token));

  /* A failing service: the error is told, the token forgotten all the same. */
  ca_client_set_token (fixture->client, token);
  set_mode (fixture, "500");
  ca_client_logout_async (fixture->client, NULL, store_result_cb, &failing);
  g_assert_false (ca_client_logout_finish (fixture->client, wait_for (&failing), &error));
  g_assert_error (error, CA_ERROR, CA_ERROR_SERVER);
  g_assert_false (ca_client_is_logged_in (fixture->client));
  g_assert_cmpuint (fixture->expired, ==, 0);
}

static void
test_captcha_answer (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaCaptcha) captcha = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  ca_client_get_captcha_async (fixture->client, NULL, store_result_cb, &result);
  captcha = ca_client_get_captcha_finish_full (fixture->client, wait_for (&result), &answer,
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (captcha);
  g_assert_cmpstr (captcha->id, ==, "captcha-1");
  g_assert_cmpstr (answer, ==, "00001");
}

/* ---------------------------------------------------------------------------------------- */
/* Cancellation                                                                             */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_hanging (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (100, cancel_cb, cancellable);
  error = run_call (fixture->client, call_catalogue, finish_catalogue, cancellable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Before the fixture's 5 s timeout could have ended it. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_cancel_before (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  error = run_call (fixture->client, call_course, finish_course, cancellable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  guint   calls;
  GError *error;
} Outcome;

static void
count_outcome_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Outcome *outcome = user_data;
  g_autoptr(CaCourse) course = NULL;

  outcome->calls++;
  course = ca_client_get_course_finish (CA_CLIENT (object), result, &outcome->error);
  g_assert_null (course);
}

static void
test_cancel_then_drop (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CaClient *client = ca_client_new (fixture->url, NULL);
  Outcome outcome = { 0, NULL };

  /* The caller drops the client while a call is pending: the call keeps it alive, answers
   * exactly once, and only then lets it go. */
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &client);
  ca_client_get_course_async (client, "anglais-a1", cancellable, count_outcome_cb, &outcome);
  g_object_unref (client);
  g_assert_nonnull (client);
  g_timeout_add (100, cancel_cb, cancellable);
  while (outcome.calls == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (outcome.calls, ==, 1);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (client);
  g_clear_error (&outcome.error);
}

/* ---------------------------------------------------------------------------------------- */
/* Catalogue cache                                                                          */

static char *
read_cache_file (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *path = g_build_filename (fixture->cache_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  ca_test_wait_for_catalogue_cache (fixture->cache_dir);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_catalogue_etag (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(CaCatalogue) first = NULL;
  g_autoptr(CaCatalogue) second = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  JsonObject *request;

  g_assert_null (ca_client_get_cached_catalogue (fixture->client));
  first = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_domains (first)), ==, 2);
  g_assert_true (ca_client_get_cached_catalogue (fixture->client) == first);

  second = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);
  /* A 304: the very same object, not a new decoding. */
  g_assert_true (second == first);

  etag = read_cache_file (fixture, "catalogue.etag");
  requests = received_requests (fixture);
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  request = json_array_get_object_element (requests, 0);
  g_assert_true (json_object_get_null_member (request, "if_none_match"));
  request = json_array_get_object_element (requests, 1);
  g_assert_cmpstr (json_object_get_string_member (request, "if_none_match"), ==, etag);
  g_assert_true (json_object_get_null_member (request, "authorization"));
}

/* Calls made while the catalogue is on its way share one request; a cancelled one ends alone */
static void
test_catalogue_shared (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CaCatalogue) first_catalogue = NULL;
  g_autoptr(CaCatalogue) second_catalogue = NULL;
  g_autoptr(CaCatalogue) none = NULL;
  g_autoptr(CaCatalogue) again = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  ca_client_get_catalogue_async (fixture->client, NULL, store_result_cb, &first);
  ca_client_get_catalogue_async (fixture->client, cancellable, store_result_cb, &cancelled);
  ca_client_get_catalogue_async (fixture->client, NULL, store_result_cb, &second);
  g_cancellable_cancel (cancellable);

  none = ca_client_get_catalogue_finish (fixture->client, wait_for (&cancelled), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_error (&error);

  first_catalogue = ca_client_get_catalogue_finish (fixture->client, wait_for (&first), &error);
  g_assert_no_error (error);
  second_catalogue = ca_client_get_catalogue_finish (fixture->client, wait_for (&second), &error);
  g_assert_no_error (error);
  g_assert_true (first_catalogue == second_catalogue);
  requests = received_requests (fixture);
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
  g_clear_pointer (&requests, json_array_unref);

  /* Once answered, the next call asks again, with the ETag: a 304 and the same catalogue */
  again = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_true (again == first_catalogue);
  requests = received_requests (fixture);
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
}

/* A call cancelled while the request hangs ends at once; the others wait for the request */
static void
test_catalogue_shared_hanging (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) waiting = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CaCatalogue) none = NULL;
  g_autoptr(CaCatalogue) timed_out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  ca_client_set_timeout (fixture->client, 2);
  ca_client_get_catalogue_async (fixture->client, cancellable, store_result_cb, &cancelled);
  ca_client_get_catalogue_async (fixture->client, NULL, store_result_cb, &waiting);
  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  none = ca_client_get_catalogue_finish (fixture->client, wait_for (&cancelled), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_null (waiting);
  g_clear_error (&error);

  timed_out = ca_client_get_catalogue_finish (fixture->client, wait_for (&waiting), &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_TIMEOUT);
  g_assert_null (timed_out);
}

static void
test_catalogue_disk_cache (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(CaCatalogue) fetched = NULL;
  g_autoptr(CaCatalogue) fallback = NULL;
  g_autoptr(CaCatalogue) reloaded = NULL;
  g_autoptr(CaClient) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *token = NULL;

  /* Logged in on purpose: nothing personal may reach the cache. */
  run_login (fixture, "claire@example.org", "motdepasse1");
  token = g_strdup (ca_client_get_token (fixture->client));
  fetched = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);
  json = read_cache_file (fixture, "catalogue.json");
  g_assert_nonnull (strstr (json, "heard_from_options"));
  g_assert_null (strstr (json, "claire"));
  g_assert_null (strstr (json, token));

  /* The service fails: the last catalogue is still there. */
  set_mode (fixture, "500");
  fallback = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_true (fallback == fetched);

  /* A new start, service down: the disk cache answers at once and on every call. */
  set_mode (fixture, "hang");
  later = ca_client_new (fixture->url, fixture->cache_dir);
  ca_client_set_timeout (later, 1);
  g_assert_nonnull (ca_client_get_cached_catalogue (later));
  reloaded = run_catalogue (later, &error);
  g_assert_no_error (error);
  g_assert_true (reloaded == ca_client_get_cached_catalogue (later));
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_establishments (reloaded)), ==,
                    g_list_model_get_n_items (ca_catalogue_get_establishments (fetched)));
}

static void
test_catalogue_reload_304 (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(CaCatalogue) fetched = NULL;
  g_autoptr(CaCatalogue) revalidated = NULL;
  g_autoptr(CaClient) later = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  fetched = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);

  /* The ETag is loaded from disk with the body, so a new start revalidates. */
  ca_test_wait_for_catalogue_cache (fixture->cache_dir);
  later = ca_client_new (fixture->url, fixture->cache_dir);
  revalidated = run_catalogue (later, &error);
  g_assert_no_error (error);
  g_assert_true (revalidated == ca_client_get_cached_catalogue (later));
  requests = received_requests (fixture);
  g_assert_nonnull (json_object_get_string_member (last_request (requests), "if_none_match"));
}

static void
test_catalogue_no_cache_dir (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(CaClient) client = ca_client_new (fixture->url, NULL);
  g_autoptr(CaCatalogue) fetched = NULL;
  g_autoptr(CaCatalogue) fallback = NULL;
  g_autoptr(CaClient) later = NULL;
  g_autoptr(CaCatalogue) nothing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) cache = NULL;

  fetched = run_catalogue (client, &error);
  g_assert_no_error (error);
  /* Memory only: this run remembers it… */
  set_mode (fixture, "500");
  fallback = run_catalogue (client, &error);
  g_assert_no_error (error);
  g_assert_true (fallback == fetched);

  /* …but nothing was written, neither in the fixture's directory nor in the user cache
   * (a directory of this test's own, see main ()). */
  cache = g_dir_open (fixture->cache_dir, 0, NULL);
  g_assert_null (g_dir_read_name (cache));
  g_clear_pointer (&cache, g_dir_close);
  cache = g_dir_open (g_get_user_cache_dir (), 0, NULL);
  g_assert_true (cache == NULL || g_dir_read_name (cache) == NULL);
  later = ca_client_new (fixture->url, NULL);
  nothing = run_catalogue (later, &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_SERVER);
  g_assert_null (nothing);
}

/* What an application reads on a thread of its own while the service starts */
typedef struct
{
  const char  *cache_dir;
  CaCatalogue *catalogue;
  char        *etag;
  GError      *error;
} CacheRead;

static gpointer
read_cache_thread (gpointer data)
{
  CacheRead *read = data;

  read->catalogue = ca_client_read_catalogue_cache (read->cache_dir, &read->etag, &read->error);
  return read;
}

static void
read_cache_on_thread (CacheRead *read)
{
  g_thread_join (g_thread_new ("cache-reader", read_cache_thread, read));
}

static void
cache_read_clear (CacheRead *read)
{
  g_clear_object (&read->catalogue);
  g_clear_pointer (&read->etag, g_free);
  g_clear_error (&read->error);
}

/* Read beforehand on another thread and given to a new client, the cache serves as when the
 * client reads it itself: revalidated with its ETag, and the same catalogue back on a 304. */
static void
test_catalogue_cache_read_beforehand (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  CacheRead read = { .cache_dir = fixture->cache_dir };
  g_autoptr(CaCatalogue) fetched = NULL;
  g_autoptr(CaCatalogue) revalidated = NULL;
  g_autoptr(CaClient) later = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing cached yet: said as such, not as a broken cache */
  g_assert_false (ca_client_has_catalogue_cache (fixture->cache_dir));
  read_cache_on_thread (&read);
  g_assert_error (read.error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (read.catalogue);
  g_assert_null (read.etag);
  cache_read_clear (&read);

  fetched = run_catalogue (fixture->client, &error);
  g_assert_no_error (error);
  ca_test_wait_for_catalogue_cache (fixture->cache_dir);
  g_assert_true (ca_client_has_catalogue_cache (fixture->cache_dir));

  read_cache_on_thread (&read);
  g_assert_no_error (read.error);
  g_assert_nonnull (read.catalogue);
  g_assert_nonnull (read.etag);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_establishments (read.catalogue)),
                    ==,
                    g_list_model_get_n_items (ca_catalogue_get_establishments (fetched)));

  later = ca_client_new_with_cached_catalogue (fixture->url, fixture->cache_dir,
                                               read.catalogue, read.etag);
  g_assert_true (ca_client_get_cached_catalogue (later) == read.catalogue);
  revalidated = run_catalogue (later, &error);
  g_assert_no_error (error);
  g_assert_true (revalidated == read.catalogue);
  requests = received_requests (fixture);
  g_assert_cmpstr (json_object_get_string_member (last_request (requests), "if_none_match"), ==,
                   read.etag);
  cache_read_clear (&read);
}

static void
test_catalogue_corrupt_cache (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *json_path = g_build_filename (fixture->cache_dir, "catalogue.json", NULL);
  g_autofree char *etag_path = g_build_filename (fixture->cache_dir, "catalogue.etag", NULL);
  g_autoptr(CaClient) client = NULL;
  g_autoptr(CaCatalogue) fetched = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (json_path, "{\"domains\": [tronqué", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (etag_path, "\"bad\r\nX-Injected: 1\"", -1, &error);
  g_assert_no_error (error);

  client = ca_client_new (fixture->url, fixture->cache_dir);
  g_assert_null (ca_client_get_cached_catalogue (client));
  fetched = run_catalogue (client, &error);
  g_assert_no_error (error);
  requests = received_requests (fixture);
  g_assert_true (json_object_get_null_member (last_request (requests), "if_none_match"));

  /* Read beforehand, the same broken cache is refused with its reason, and a client given
   * nothing asks for the whole catalogue. */
  {
    CacheRead read = { .cache_dir = fixture->cache_dir };
    g_autoptr(CaClient) later = NULL;
    g_autoptr(CaCatalogue) refetched = NULL;
    g_autoptr(JsonArray) later_requests = NULL;

    ca_test_wait_for_catalogue_cache (fixture->cache_dir);
    g_file_set_contents (json_path, "{\"domains\": [tronqué", -1, &error);
    g_assert_no_error (error);
    /* There is a cache, which says nothing of whether it can be used */
    g_assert_true (ca_client_has_catalogue_cache (fixture->cache_dir));
    read_cache_on_thread (&read);
    g_assert_nonnull (read.error);
    g_assert_false (g_error_matches (read.error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
    g_assert_null (read.catalogue);

    later = ca_client_new_with_cached_catalogue (fixture->url, fixture->cache_dir, NULL, NULL);
    g_assert_null (ca_client_get_cached_catalogue (later));
    refetched = run_catalogue (later, &error);
    g_assert_no_error (error);
    g_assert_nonnull (refetched);
    later_requests = received_requests (fixture);
    g_assert_true (json_object_get_null_member (last_request (later_requests), "if_none_match"));
    cache_read_clear (&read);
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Course queries                                                                           */

static void
assert_query (const CaCourseQuery *query,
              const char          *expected)
{
  g_autofree char *string = ca_course_query_to_string (query);

  g_assert_cmpstr (string, ==, expected);
}

static void
test_query_empty (void)
{
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();

  assert_query (query, "");
  ca_course_query_set_text (query, "   ");
  ca_course_query_set_open_only (query, FALSE);
  ca_course_query_set_period (query, "");
  ca_course_query_add (query, "day", "");
  assert_query (query, "");
}

static void
test_query_order (void)
{
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();
  g_autoptr(CaCourseQuery) copy = NULL;

  /* Added in any order, written in the contract's order, values sorted and unique. */
  ca_course_query_set_page (query, 100, 50);
  ca_course_query_add (query, "slot", "evening");
  ca_course_query_add (query, "establishment", "e-12");
  ca_course_query_add (query, "arrondissement", "20");
  ca_course_query_add (query, "arrondissement", "11");
  ca_course_query_add (query, "arrondissement", "20");
  ca_course_query_add (query, "day", "monday");
  ca_course_query_add (query, "mode", "remote");
  ca_course_query_add (query, "rhythm", "semester-1");
  ca_course_query_set_open_only (query, TRUE);
  ca_course_query_set_period (query, "inscriptions-en-cours");
  ca_course_query_add (query, "domain", "langues");
  ca_course_query_add (query, "domain", "fle");
  ca_course_query_set_text (query, " anglais ");
  assert_query (query,
                "q=anglais&domain=fle&domain=langues&period=inscriptions-en-cours"
                "&open_only=true&rhythm=semester-1&mode=remote&day=monday&slot=evening"
                "&arrondissement=11&arrondissement=20&establishment=e-12&offset=100&limit=50");

  copy = ca_course_query_copy (query);
  ca_course_query_clear_key (query, "arrondissement");
  ca_course_query_clear_key (query, "q");
  ca_course_query_clear_key (query, "open_only");
  ca_course_query_clear_key (query, "period");
  ca_course_query_set_page (query, 0, 0);
  assert_query (query,
                "domain=fle&domain=langues&rhythm=semester-1&mode=remote&day=monday"
                "&slot=evening&establishment=e-12&offset=0");
  /* The copy is independent. */
  assert_query (copy,
                "q=anglais&domain=fle&domain=langues&period=inscriptions-en-cours"
                "&open_only=true&rhythm=semester-1&mode=remote&day=monday&slot=evening"
                "&arrondissement=11&arrondissement=20&establishment=e-12&offset=100&limit=50");
}

static void
test_query_escaping (void)
{
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();
  GValue value = G_VALUE_INIT;

  ca_course_query_set_text (query, "français & cie=2+1 ?#/");
  ca_course_query_add (query, "establishment", "a&b");
  assert_query (query,
                "q=fran%C3%A7ais%20%26%20cie%3D2%2B1%20%3F%23%2F&establishment=a%26b");

  /* A boxed type, for properties and signals. */
  g_value_init (&value, CA_TYPE_COURSE_QUERY);
  g_value_set_boxed (&value, query);
  assert_query (g_value_get_boxed (&value),
                "q=fran%C3%A7ais%20%26%20cie%3D2%2B1%20%3F%23%2F&establishment=a%26b");
  g_value_unset (&value);
}

static void
test_query_sent (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaCourseList) list = NULL;
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *request;

  ca_course_query_set_text (query, "Français");
  ca_course_query_add (query, "domain", "langues");
  ca_course_query_set_open_only (query, TRUE);
  ca_client_search_courses_async (fixture->client, query, NULL, store_result_cb, &result);
  list = ca_client_search_courses_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_course_list_get_total (list), ==, 1);

  requests = received_requests (fixture);
  request = last_request (requests);
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, "/api/v1/courses");
  g_assert_cmpstr (json_object_get_string_member (request, "query"), ==,
                   "q=Fran%C3%A7ais&domain=langues&open_only=true");
  g_assert_true (json_object_get_null_member (request, "authorization"));
  g_assert_cmpstr (json_object_get_string_member (request, "user_agent"), ==,
                   "cours-adultes/" PACKAGE_VERSION);
}

static void
test_base_url_forms (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *suffixes[] = { "/", "/api/v1", "/api/v1/" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *url = g_strconcat (fixture->url, suffixes[i], NULL);
      g_autoptr(CaClient) client = ca_client_new (url, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (ca_client_get_base_url (client), ==, fixture->url);
      error = run_call (client, call_health, (FinishFunc) ca_client_health_finish, NULL);
      g_assert_no_error (error);
    }
}

/* ---------------------------------------------------------------------------------------- */

static void
add_fault_test (const char *path,
                const char *mode,
                void      (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, mode, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *user_cache = g_dir_make_tmp ("ca-client-user-cache-XXXXXX", NULL);
  int status;

  /* Loopback only: the desktop's proxy settings have no say here. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* A user cache of our own, to see that nothing lands there (G_TEST_OPTION_ISOLATE_DIRS
   * would do it too, but GLib 2.74 leaks its strings). */
  g_assert_nonnull (user_cache);
  g_setenv ("XDG_CACHE_HOME", user_cache, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/query/empty", test_query_empty);
  g_test_add_func ("/client/query/order", test_query_order);
  g_test_add_func ("/client/query/escaping", test_query_escaping);
  add_fault_test ("/client/query/sent", "ok", test_query_sent);
  add_fault_test ("/client/base-url", "ok", test_base_url_forms);
  g_test_add_func ("/client/faults/connection-refused", test_connection_refused);
  g_test_add_func ("/client/faults/unknown-host", test_unknown_host);
  add_fault_test ("/client/faults/tls-failure", "ok", test_tls_failure);
  add_fault_test ("/client/faults/hang-times-out", "hang", test_hang_times_out);
  add_fault_test ("/client/faults/slow", "ok", test_slow_within_timeout);
  add_fault_test ("/client/faults/500-html", "500", test_500_html);
  add_fault_test ("/client/faults/500-json", "500-json", test_500_json);
  add_fault_test ("/client/faults/bad-bodies", "ok", test_bad_bodies);
  add_fault_test ("/client/faults/connection-closed", "close", test_connection_closed);
  add_fault_test ("/client/faults/wrong-shapes", "ok", test_wrong_shapes);
  add_fault_test ("/client/session/401-mid-session", "ok", test_401_mid_session);
  add_fault_test ("/client/session/newer-login-survives", "ok", test_newer_login_survives);
  add_fault_test ("/client/session/login-throttled", "ok", test_login_throttled);
  add_fault_test ("/client/session/logout", "ok", test_logout_forgets_token);
  add_fault_test ("/client/session/captcha-answer", "ok", test_captcha_answer);
  add_fault_test ("/client/cancel/hanging", "hang", test_cancel_hanging);
  add_fault_test ("/client/cancel/before", "ok", test_cancel_before);
  add_fault_test ("/client/cancel/then-drop", "hang", test_cancel_then_drop);
  add_fault_test ("/client/catalogue/etag", "ok", test_catalogue_etag);
  add_fault_test ("/client/catalogue/shared", "ok", test_catalogue_shared);
  add_fault_test ("/client/catalogue/shared-hanging", "hang", test_catalogue_shared_hanging);
  add_fault_test ("/client/catalogue/disk-cache", "ok", test_catalogue_disk_cache);
  add_fault_test ("/client/catalogue/reload-304", "ok", test_catalogue_reload_304);
  add_fault_test ("/client/catalogue/no-cache-dir", "ok", test_catalogue_no_cache_dir);
  add_fault_test ("/client/catalogue/corrupt-cache", "ok", test_catalogue_corrupt_cache);
  add_fault_test ("/client/catalogue/cache-read-beforehand", "ok",
                  test_catalogue_cache_read_beforehand);
  status = g_test_run ();

  remove_tree (user_cache);
  return status;
}
