/* ca-test-util.c — a real cours-adultes-server for application tests, and waiting helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTestUtil"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <adwaita.h>

#include "ca-test-util.h"

#define SERVER_START_TIMEOUT_MS 20000

struct _CaTestServer
{
  GSubprocess *process;
  char        *dir;
  char        *mail_dir;
  char        *stdout_path;
  char        *url;
  SoupSession *session;
};

void
ca_test_skip_without_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return;
  /* Meson reads this plan as a skipped test program. */
  printf ("1..0 # SKIP no display (run under xvfb-run)\n");
  exit (0);
}

void
ca_test_init (int    *argc,
              char ***argv)
{
  ca_test_skip_without_display ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* GTK 4.8 warns when a window goes away while its GtkText has the focus ("did not receive
   * a focus-out event"), which a dialog closing itself does: warnings are printed, criticals
   * stay fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

static gboolean
timeout_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ca_test_spin_until (CaTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_flag_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static gboolean
never_cb (gpointer data)
{
  return FALSE;
}

void
ca_test_spin_for (guint ms)
{
  ca_test_spin_until (never_cb, NULL, ms);
}

static gboolean
flag_set_cb (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
ca_test_spin_until_set (gboolean *flag,
                        guint     timeout_ms)
{
  return ca_test_spin_until (flag_set_cb, flag, timeout_ms);
}

gboolean
ca_test_label_is_mapped (GtkWidget  *root,
                         const char *text)
{
  GtkWidget *label = ca_test_find_label (root, text);

  return label != NULL && gtk_widget_get_mapped (label);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelLookup;

static gboolean
label_mapped_cb (gpointer data)
{
  LabelLookup *lookup = data;

  return ca_test_label_is_mapped (lookup->root, lookup->text);
}

gboolean
ca_test_spin_until_label_mapped (GtkWidget  *root,
                                 const char *text,
                                 guint       timeout_ms)
{
  LabelLookup lookup = { root, text };

  return ca_test_spin_until (label_mapped_cb, &lookup, timeout_ms);
}

GtkWidget *
ca_test_find_widget (GtkWidget *root,
                     GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = ca_test_find_widget (child, type)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ca_test_find_label (GtkWidget  *root,
                    const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = ca_test_find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ca_test_find_button (GtkWidget  *root,
                     const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child))
        {
          const char *own = gtk_button_get_label (GTK_BUTTON (child));
          GtkWidget *inner;

          if (g_strcmp0 (own, label) == 0)
            return child;
          inner = ca_test_find_label (child, label);
          if (inner != NULL && g_strcmp0 (gtk_label_get_label (GTK_LABEL (inner)), label) == 0)
            return child;
        }
      if ((found = ca_test_find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ca_test_find_icon_button (GtkWidget  *root,
                          const char *icon_name)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = NULL;

      if (GTK_IS_BUTTON (child))
        found = g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon_name) == 0
                ? child : NULL;
      if (found == NULL)
        found = ca_test_find_icon_button (child, icon_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
ca_test_find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

CaApplication *
ca_test_application_new (const char *app_id,
                         const char *service_url,
                         gboolean    public_computer)
{
  g_autoptr(GError) error = NULL;
  CaApplication *app = g_object_new (CA_TYPE_APPLICATION,
                                     "application-id", app_id,
                                     "flags", G_APPLICATION_NON_UNIQUE,
                                     "service-url", service_url,
                                     "public-computer", public_computer,
                                     NULL);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static char *
read_listening_url (const char *path)
{
  g_autofree char *contents = NULL;
  const char *line;
  const char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  line = strstr (contents, "listening on ");
  if (line == NULL || (end = strchr (line, '\n')) == NULL)
    return NULL;
  line += strlen ("listening on ");
  return g_strndup (line, end - line);
}

static CaTestServer *
server_prepare (GError **error)
{
  CaTestServer *server = g_new0 (CaTestServer, 1);

  server->dir = g_dir_make_tmp ("ca-test-server-XXXXXX", error);
  if (server->dir == NULL)
    {
      ca_test_server_free (server);
      return NULL;
    }
  server->mail_dir = g_build_filename (server->dir, "mails", NULL);
  server->stdout_path = g_build_filename (server->dir, "stdout.log", NULL);
  g_mkdir (server->mail_dir, 0700);
  return server;
}

void
ca_test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static CaTestServer *
server_spawn (CaTestServer  *server,
              GPtrArray     *argv,
              GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  gint64 deadline;

  g_ptr_array_add (argv, NULL);

  /* A file, not a pipe: nobody has to drain what the service logs. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* A failed assertion aborts the test: the service must not outlive it. */
  g_subprocess_launcher_set_child_setup (launcher, ca_test_die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, server->stdout_path);
  server->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) argv->pdata, error);
  if (server->process == NULL)
    {
      ca_test_server_free (server);
      return NULL;
    }

  deadline = g_get_monotonic_time () + SERVER_START_TIMEOUT_MS * 1000;
  while ((server->url = read_listening_url (server->stdout_path)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The service did not start");
          ca_test_server_free (server);
          return NULL;
        }
      g_usleep (20 * 1000);
    }

  server->session = soup_session_new_with_options ("timeout", 10, NULL);
  return server;
}

static CaTestServer *
server_new (const char          *db_path,
            const char * const  *extra_args,
            GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *program = g_getenv ("CA_SERVER_BIN");
  CaTestServer *server;

  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "CA_SERVER_BIN is not set");
      return NULL;
    }
  if ((server = server_prepare (error)) == NULL)
    return NULL;

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, db_path != NULL ? g_strdup (db_path)
                                         : g_build_filename (server->dir, "test.sqlite", NULL));
  g_ptr_array_add (argv, g_strdup ("--mail-dir"));
  g_ptr_array_add (argv, g_strdup (server->mail_dir));
  g_ptr_array_add (argv, g_strdup ("--testing"));
  if (db_path == NULL)
    g_ptr_array_add (argv, g_strdup ("--demo-catalogue"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  return server_spawn (server, argv, error);
}

CaTestServer *
ca_test_server_new (const char * const  *extra_args,
                    GError             **error)
{
  return server_new (NULL, extra_args, error);
}

CaTestServer *
ca_test_server_new_for_db (const char  *db_path,
                           GError     **error)
{
  return server_new (db_path, NULL, error);
}

CaTestServer *
ca_test_faulty_server_new (const char  *mode,
                           GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *script = g_getenv ("CA_FAULTY_SERVER");
  CaTestServer *server;

  if (script == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "CA_FAULTY_SERVER is not set");
      return NULL;
    }
  if ((server = server_prepare (error)) == NULL)
    return NULL;

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup ("--mode"));
  g_ptr_array_add (argv, g_strdup (mode));
  return server_spawn (server, argv, error);
}

const char *
ca_test_server_get_url (CaTestServer *server)
{
  return server->url;
}

const char *
ca_test_server_get_mail_dir (CaTestServer *server)
{
  return server->mail_dir;
}

GPid
ca_test_server_get_pid (CaTestServer *server)
{
  const char *id = g_subprocess_get_identifier (server->process);

  return id ? (GPid) atoi (id) : 0;
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
ca_test_server_free (CaTestServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_object_unref (server->process);
    }
  if (server->dir != NULL)
    remove_tree (server->dir);
  g_clear_object (&server->session);
  g_free (server->dir);
  g_free (server->mail_dir);
  g_free (server->stdout_path);
  g_free (server->url);
  g_free (server);
}

/* HTTP */

static SoupMessage *
json_message_new (CaTestServer *server,
                  const char   *method,
                  const char   *path,
                  JsonBuilder  *body)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  if (body != NULL)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (body);
      char *text = json_to_string (root, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static JsonNode *
send_json (CaTestServer  *server,
           SoupMessage   *msg,
           guint          expected_status,
           GError       **error)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read (server->session, msg, NULL, error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (bytes == NULL)
    return NULL;
  if (soup_message_get_status (msg) != expected_status)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u instead of %u: %.*s",
                   soup_message_get_status (msg), expected_status,
                   (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
      return NULL;
    }
  if (g_bytes_get_size (bytes) == 0)
    return json_node_new (JSON_NODE_NULL);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* Mails are quoted-printable: soft line breaks and =XX escapes. */
static char *
quoted_printable_decode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '=' && p[1] == '\n')
        p += 1;
      else if (p[0] == '=' && p[1] == '\r' && p[2] == '\n')
        p += 2;
      else if (p[0] == '=' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16
                                          + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A mail to @email holding a confirmation link. */
static char *
find_confirmation_token (CaTestServer *server,
                         const char   *email)
{
  g_autoptr(GDir) dir = g_dir_open (server->mail_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server->mail_dir, name, NULL);
      g_autofree char *raw = NULL;
      g_autofree char *text = NULL;
      const char *link;
      const char *start;
      const char *end;

      if (!g_file_get_contents (path, &raw, NULL, NULL))
        continue;
      text = quoted_printable_decode (raw);
      if (strstr (text, email) == NULL)
        continue;
      if ((link = strstr (text, "confirm?token=")) == NULL)
        continue;
      start = link + strlen ("confirm?token=");
      for (end = start; g_ascii_isalnum (*end) || *end == '-' || *end == '_'; end++)
        ;
      return g_strndup (start, end - start);
    }
  return NULL;
}

gboolean
ca_test_server_create_account (CaTestServer  *server,
                               const char    *email,
                               const char    *password,
                               gboolean       confirm,
                               GError       **error)
{
  g_autoptr(SoupMessage) captcha_msg = json_message_new (server, "GET", "/api/v1/captcha", NULL);
  g_autoptr(SoupMessage) account_msg = NULL;
  g_autoptr(SoupMessage) confirm_msg = NULL;
  g_autoptr(JsonNode) captcha = NULL;
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonNode) confirmed = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *token = NULL;
  const char *answer;

  captcha = send_json (server, captcha_msg, 200, error);
  if (captcha == NULL)
    return FALSE;
  answer = soup_message_headers_get_one (soup_message_get_response_headers (captcha_msg),
                                         "X-Captcha-Answer");
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (captcha))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No captcha answer (is --testing on?)");
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "password_confirmation");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "captcha_id");
  json_builder_add_string_value (builder,
                                 json_object_get_string_member (json_node_get_object (captcha),
                                                                "id"));
  json_builder_set_member_name (builder, "captcha_answer");
  json_builder_add_string_value (builder, answer);
  json_builder_set_member_name (builder, "accept_terms");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  account_msg = json_message_new (server, "POST", "/api/v1/accounts", builder);
  account = send_json (server, account_msg, 201, error);
  if (account == NULL)
    return FALSE;
  if (!confirm)
    return TRUE;

  token = find_confirmation_token (server, email);
  if (token == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No confirmation mail for %s", email);
      return FALSE;
    }
  g_clear_object (&builder);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_end_object (builder);
  confirm_msg = json_message_new (server, "POST", "/api/v1/accounts/confirm", builder);
  confirmed = send_json (server, confirm_msg, 200, error);
  return confirmed != NULL;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* The first « Comment avez-vous connu les CMA » answer of the catalogue */
static char *
first_heard_from (CaTestServer  *server,
                  GError       **error)
{
  g_autoptr(SoupMessage) msg = json_message_new (server, "GET", "/api/v1/catalogue", NULL);
  g_autoptr(JsonNode) catalogue = send_json (server, msg, 200, error);
  JsonArray *options;

  if (catalogue == NULL)
    return NULL;
  options = json_object_get_array_member (json_node_get_object (catalogue),
                                          "heard_from_options");
  return g_strdup (json_object_get_string_member (json_array_get_object_element (options, 0),
                                                  "id"));
}

gboolean
ca_test_server_complete_profile (CaTestServer  *server,
                                 const char    *email,
                                 const char    *password,
                                 GError       **error)
{
  g_autoptr(JsonBuilder) login = json_builder_new ();
  g_autoptr(JsonBuilder) profile = json_builder_new ();
  g_autoptr(SoupMessage) login_msg = NULL;
  g_autoptr(SoupMessage) profile_msg = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *heard_from = NULL;
  g_autofree char *auth = NULL;
  const char * const fields[] = {
    "civility", "Mme", "last_name", "Martin", "first_name", "Camille",
    "birth_date", "1990-04-12", "birth_country", "France",
    "address", "12 rue de la Roquette", "postal_code", "75011", "city", "Paris",
    "phone_mobile", "06 12 34 56 78",
  };

  json_builder_begin_object (login);
  add_string_member (login, "email", email);
  add_string_member (login, "password", password);
  json_builder_end_object (login);
  login_msg = json_message_new (server, "POST", "/api/v1/session", login);
  if ((session = send_json (server, login_msg, 200, error)) == NULL
      || (heard_from = first_heard_from (server, error)) == NULL)
    return FALSE;

  json_builder_begin_object (profile);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i += 2)
    add_string_member (profile, fields[i], fields[i + 1]);
  add_string_member (profile, "heard_from", heard_from);
  json_builder_end_object (profile);
  profile_msg = json_message_new (server, "PUT", "/api/v1/profile", profile);
  auth = g_strdup_printf ("Bearer %s",
                          json_object_get_string_member (json_node_get_object (session), "token"));
  soup_message_headers_replace (soup_message_get_request_headers (profile_msg),
                                "Authorization", auth);
  if ((stored = send_json (server, profile_msg, 200, error)) == NULL)
    return FALSE;
  if (!json_object_get_boolean_member (json_node_get_object (stored), "complete"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The profile of %s is not complete",
                   email);
      return FALSE;
    }
  return TRUE;
}

guint
ca_test_server_delete_session (CaTestServer *server,
                               const char   *token)
{
  g_autoptr(SoupMessage) msg = json_message_new (server, "DELETE", "/api/v1/session", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  bytes = soup_session_send_and_read (server->session, msg, NULL, NULL);
  return bytes ? soup_message_get_status (msg) : 0;
}

gboolean
ca_test_faulty_server_set (CaTestServer  *server,
                           const char    *json_body,
                           GError       **error)
{
  g_autofree char *uri = g_strconcat (server->url, "/__mode", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));
  g_autoptr(JsonNode) reply = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = send_json (server, msg, 200, error);
  return reply != NULL;
}

guint
ca_test_server_get_status (CaTestServer *server,
                           const char   *path,
                           const char   *token)
{
  g_autoptr(SoupMessage) msg = json_message_new (server, "GET", path, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  bytes = soup_session_send_and_read (server->session, msg, NULL, NULL);
  return bytes ? soup_message_get_status (msg) : 0;
}
