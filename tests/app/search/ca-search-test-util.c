/* ca-search-test-util.c — a real service, accounts and waiting, for the search tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearchTest"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ca-search-test-util.h"

#define START_TIMEOUT_MS 30000
#define CALL_TIMEOUT_MS 30000

struct _CaSearchServer
{
  GSubprocess *process;
  char        *dir;
  char        *mail_dir;
  char        *url;
  SoupSession *session;
};

/* ---- waiting ------------------------------------------------------------------------------- */

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ca_search_wait_until (CaSearchCondition condition,
                      gpointer          data,
                      guint             timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, set_flag_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
ca_search_wait_flag (gboolean *flag,
                     guint     timeout_ms)
{
  return ca_search_wait_until (flag_is_set, flag, timeout_ms);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
ca_search_spin (guint ms)
{
  ca_search_wait_until (never, NULL, ms);
}

GtkWidget *
ca_search_find_child (GtkWidget *root,
                      GType      type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ca_search_find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ca_search_click (GtkWidget *button)
{
  g_assert (GTK_IS_BUTTON (button));
  if (gtk_widget_is_sensitive (button))
    g_signal_emit_by_name (button, "clicked");
}

/* ---- the service ----------------------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  char     *line;
} LineRead;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                         NULL, NULL);
  read->done = TRUE;
}

/* The service prints "listening on http://127.0.0.1:PORT" once ready */
static char *
wait_for_url (GSubprocess *process)
{
  g_autoptr(GDataInputStream) stream =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  for (guint i = 0; i < 20; i++)
    {
      LineRead read = { FALSE, NULL };
      g_autofree char *line = NULL;
      const char *url;

      g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                           &read);
      if (!ca_search_wait_flag (&read.done, START_TIMEOUT_MS))
        return NULL;
      line = read.line;
      if (line == NULL)
        return NULL;
      url = strstr (line, "http://");
      if (g_str_has_prefix (line, "listening on ") && url != NULL)
        return g_strstrip (g_strdup (url));
    }
  return NULL;
}

/* The service dies with the test, even when the test crashes */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

CaSearchServer *
ca_search_server_new (const char  *db_path,
                      GError     **error)
{
  g_autoptr(CaSearchServer) server = g_new0 (CaSearchServer, 1);
  const char *exe = g_getenv ("CA_SERVER_BIN");
  g_autofree char *db = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (exe == NULL)
    exe = BUILD_SERVERDIR "/cours-adultes-server";
  server->dir = g_dir_make_tmp ("ca-search-XXXXXX", error);
  if (server->dir == NULL)
    return NULL;
  server->mail_dir = g_build_filename (server->dir, "mail", NULL);
  g_mkdir (server->mail_dir, 0700);
  db = db_path != NULL ? g_strdup (db_path) : g_build_filename (server->dir, "db.sqlite", NULL);

  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--testing");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, db);
  g_ptr_array_add (argv, "--mail-dir");
  g_ptr_array_add (argv, server->mail_dir);
  if (db_path == NULL)
    g_ptr_array_add (argv, "--demo-catalogue");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                  error);
  if (server->process == NULL)
    return NULL;
  server->url = wait_for_url (server->process);
  if (server->url == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not say where it listens", exe);
      return NULL;
    }
  server->session = soup_session_new_with_options ("timeout", 30, NULL);
  return g_steal_pointer (&server);
}

const char *
ca_search_server_get_url (CaSearchServer *server)
{
  return server->url;
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

void
ca_search_server_free (CaSearchServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  if (server->dir != NULL)
    remove_tree (server->dir);
  g_clear_object (&server->process);
  g_clear_object (&server->session);
  g_free (server->dir);
  g_free (server->mail_dir);
  g_free (server->url);
  g_free (server);
}

/* ---- accounts ------------------------------------------------------------------------------ */

/* One JSON call; returns the parsed body, and the response headers through @headers */
static JsonNode *
call (CaSearchServer      *server,
      const char          *method,
      const char          *path,
      const char          *token,
      JsonNode            *body,
      guint                expected_status,
      SoupMessageHeaders **headers,
      GError             **error)
{
  g_autofree char *uri = g_strconcat (server->url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  reply = soup_session_send_and_read (server->session, message, NULL, error);
  if (reply == NULL)
    return NULL;
  status = soup_message_get_status (message);
  if (status != expected_status)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s: HTTP %u, expected %u: %.*s",
                   method, path, status, expected_status,
                   (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
      return NULL;
    }
  if (headers != NULL)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  if (g_bytes_get_size (reply) == 0)
    return json_node_new (JSON_NODE_NULL);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                   g_bytes_get_size (reply), error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
object_node (const char *first_key,
             ...)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      json_object_set_string_member (object, key, va_arg (args, const char *));
      key = va_arg (args, const char *);
    }
  va_end (args);
  json_node_take_object (node, object);
  return node;
}

/* The confirmation link of the newest mail to @email: …/confirm?token=… */
static char *
find_confirm_token (CaSearchServer *server,
                    const char     *email)
{
  g_autoptr(GDir) dir = g_dir_open (server->mail_dir, 0, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("confirm\\?token=(?:3D)?([A-Za-z0-9_-]+)", 0, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server->mail_dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *joined = NULL;
      g_auto(GStrv) pieces = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_file_get_contents (path, &contents, NULL, NULL) || strstr (contents, email) == NULL)
        continue;
      /* Undo quoted-printable soft line breaks, should the body use them */
      pieces = g_regex_split_simple ("=\r?\n", contents, 0, 0);
      joined = g_strjoinv ("", pieces);
      if (g_regex_match (regex, joined, 0, &match))
        return g_match_info_fetch (match, 1);
    }
  return NULL;
}

static char *
first_heard_from (CaSearchServer *server,
                  GError        **error)
{
  g_autoptr(JsonNode) catalogue = call (server, "GET", "/catalogue", NULL, NULL, 200, NULL, error);
  JsonArray *options;

  if (catalogue == NULL)
    return NULL;
  options = json_object_get_array_member (json_node_get_object (catalogue), "heard_from_options");
  return g_strdup (json_object_get_string_member (json_array_get_object_element (options, 0),
                                                  "id"));
}

static gboolean
complete_profile (CaSearchServer *server,
                  const char     *email,
                  const char     *password,
                  GError        **error)
{
  g_autoptr(JsonNode) login = object_node ("email", email, "password", password, NULL);
  g_autoptr(JsonNode) session = call (server, "POST", "/session", NULL, login, 200, NULL, error);
  g_autofree char *heard_from = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) stored = NULL;
  const char *token;

  if (session == NULL || (heard_from = first_heard_from (server, error)) == NULL)
    return FALSE;
  token = json_object_get_string_member (json_node_get_object (session), "token");
  profile = object_node ("civility", "Mme", "last_name", "Martin", "first_name", "Camille",
                         "birth_date", "1990-04-12", "birth_country", "France",
                         "address", "12 rue de la Roquette", "postal_code", "75011",
                         "city", "Paris", "phone_mobile", "06 12 34 56 78",
                         "heard_from", heard_from, NULL);
  stored = call (server, "PUT", "/profile", token, profile, 200, NULL, error);
  if (stored == NULL)
    return FALSE;
  if (!json_object_get_boolean_member (json_node_get_object (stored), "complete"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "profile of %s not complete", email);
      return FALSE;
    }
  return TRUE;
}

gboolean
ca_search_server_add_account (CaSearchServer *server,
                              const char     *email,
                              const char     *password,
                              gboolean        with_profile,
                              GError        **error)
{
  SoupMessageHeaders *headers = NULL;
  g_autoptr(JsonNode) captcha = call (server, "GET", "/captcha", NULL, NULL, 200, &headers, error);
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) confirm = NULL;
  g_autoptr(JsonNode) confirmed = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *token = NULL;
  JsonObject *object;

  if (captcha == NULL)
    return FALSE;
  answer = g_strdup (soup_message_headers_get_one (headers, "X-Captcha-Answer"));
  soup_message_headers_unref (headers);
  account = object_node ("email", email, "password", password,
                         "password_confirmation", password,
                         "captcha_id", json_object_get_string_member (json_node_get_object (captcha), "id"),
                         "captcha_answer", answer, NULL);
  object = json_node_get_object (account);
  json_object_set_boolean_member (object, "accept_terms", TRUE);
  created = call (server, "POST", "/accounts", NULL, account, 201, NULL, error);
  if (created == NULL)
    return FALSE;
  token = find_confirm_token (server, email);
  if (token == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no confirmation mail for %s", email);
      return FALSE;
    }
  confirm = object_node ("token", token, NULL);
  confirmed = call (server, "POST", "/accounts/confirm", NULL, confirm, 200, NULL, error);
  if (confirmed == NULL)
    return FALSE;
  return !with_profile || complete_profile (server, email, password, error);
}

/* ---- synchronous client calls -------------------------------------------------------------- */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Waiter;

static void
waiter_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

static gboolean
wait_result (Waiter  *waiter,
             GError **error)
{
  if (ca_search_wait_flag (&waiter->done, CALL_TIMEOUT_MS))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no reply in time");
  return FALSE;
}

CaCatalogue *
ca_search_get_catalogue (CaClient  *client,
                         GError   **error)
{
  Waiter waiter = { FALSE, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_get_catalogue_async (client, NULL, waiter_cb, &waiter);
  if (!wait_result (&waiter, error))
    return NULL;
  result = waiter.result;
  return ca_client_get_catalogue_finish (client, result, error);
}

CaCourseList *
ca_search_courses (CaClient            *client,
                   const CaCourseQuery *query,
                   GError             **error)
{
  Waiter waiter = { FALSE, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_search_courses_async (client, query, NULL, waiter_cb, &waiter);
  if (!wait_result (&waiter, error))
    return NULL;
  result = waiter.result;
  return ca_client_search_courses_finish (client, result, error);
}

CaCourse *
ca_search_get_course (CaClient   *client,
                      const char *course_id,
                      GError    **error)
{
  Waiter waiter = { FALSE, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_get_course_async (client, course_id, NULL, waiter_cb, &waiter);
  if (!wait_result (&waiter, error))
    return NULL;
  result = waiter.result;
  return ca_client_get_course_finish (client, result, error);
}
