/* test-client.c — CaClient against a real cours-adultes-server on loopback
 *
 * One service for the whole run (demo catalogue, --testing so the captcha answer comes in a
 * header), found through CA_SERVER_BIN, else CA_BUILD_ROOT/src/server. The tests run in
 * order: the journey builds on the account the earlier steps created.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <string.h>
#include <glib/gstdio.h>

#include "ca-client.h"
#include "ca-client-test-util.h"
#include "ca-demo.h"
#include "ca-error.h"
#include "ca-text.h"

#define EMAIL    "camille.martin@example.org"
#define PASSWORD "Cours2026adultes"

static struct
{
  GSubprocess *server;
  char        *url;
  char        *root;        /* database, mails, caches */
  char        *db;
  char        *mail_dir;
  CaClient    *client;
  guint        expired;
  char        *course_id;   /* an open course with a session, for the candidatures */
  char        *session_id;
} service;

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

/* Each call below: start it, wait, finish. The result slot is freed by the caller. */
#define RUN(slot, call, ...) \
  (call##_async (__VA_ARGS__, NULL, store_result_cb, &(slot)), wait_for (&(slot)))

static char *
build_tool (const char *env_name,
            const char *name)
{
  const char *path = g_getenv (env_name);
  const char *build_root = g_getenv ("CA_BUILD_ROOT");

  if (path != NULL)
    return g_strdup (path);
  g_assert_nonnull (build_root);

  return g_build_filename (build_root, "src", "server", name, NULL);
}

/* A failed assertion aborts the test: the service must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
start_service (void)
{
  g_autofree char *server_bin = build_tool ("CA_SERVER_BIN", "cours-adultes-server");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  service.root = g_dir_make_tmp ("ca-test-client-XXXXXX", &error);
  g_assert_no_error (error);
  service.db = g_build_filename (service.root, "service.db", NULL);
  service.mail_dir = g_build_filename (service.root, "mail", NULL);
  g_assert_no_errno (g_mkdir (service.mail_dir, 0700));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  service.server = g_subprocess_launcher_spawn (launcher, &error,
                                                server_bin, "--port", "0", "--db", service.db,
                                                "--mail-dir", service.mail_dir,
                                                "--demo-catalogue", "--testing", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service.server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  service.url = g_strdup (line + strlen ("listening on "));
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
        g_assert_no_errno (g_remove (child));
    }
  g_assert_no_errno (g_rmdir (path));
}

static void
stop_service (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (service.server, SIGTERM);
  g_subprocess_wait (service.server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&service.server);
  remove_tree (service.root);
  g_clear_pointer (&service.root, g_free);
  g_clear_pointer (&service.db, g_free);
  g_clear_pointer (&service.mail_dir, g_free);
  g_clear_pointer (&service.url, g_free);
  g_clear_pointer (&service.course_id, g_free);
  g_clear_pointer (&service.session_id, g_free);
}

static void
session_expired_cb (CaClient *client,
                    gpointer  user_data)
{
  g_assert_false (ca_client_is_logged_in (client));
  service.expired++;
}

/* Quoted-printable (RFC 2045) to text: soft line breaks joined, =XX decoded. */
static char *
decode_quoted_printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '=' && p[1] == '\r' && p[2] == '\n')
        p += 2;
      else if (p[0] == '=' && p[1] == '\n')
        p += 1;
      else if (p[0] == '=' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16 +
                                          g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* The token of the account confirmation link mailed to @email. */
static char *
confirmation_token (const char *email)
{
  g_autoptr(GDir) dir = g_dir_open (service.mail_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (service.mail_dir, name, NULL);
      g_autofree char *raw = NULL;
      g_autofree char *mail = NULL;
      const char *link;
      gsize length;

      g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
      mail = decode_quoted_printable (raw);
      if (strstr (mail, email) == NULL ||
          strstr (mail, "Subject: Mon Paris - confirmez votre compte en un clic") == NULL ||
          (link = strstr (mail, "/confirm?token=")) == NULL)
        continue;

      link += strlen ("/confirm?token=");
      length = strcspn (link, " \t\r\n\"<>");
      g_assert_cmpuint (length, >, 0);
      {
        g_autofree char *escaped = g_strndup (link, length);

        return g_uri_unescape_string (escaped, NULL);
      }
    }

  g_assert_not_reached ();
}

static GError *
create_account (const char *email,
                const char *captcha_answer_override)
{
  g_autoptr(GAsyncResult) captcha_result = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaCaptcha) captcha = NULL;
  g_autofree char *answer = NULL;
  GError *error = NULL;

  RUN (captcha_result, ca_client_get_captcha, service.client);
  captcha = ca_client_get_captcha_finish_full (service.client, captcha_result, &answer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (captcha->id);
  g_assert_cmpuint (g_bytes_get_size (captcha->png), >, 8);
  g_assert_true (memcmp (g_bytes_get_data (captcha->png, NULL), "\x89PNG", 4) == 0);
  g_assert_nonnull (answer);

  RUN (result, ca_client_create_account, service.client, email, PASSWORD, PASSWORD,
       captcha->id, captcha_answer_override != NULL ? captcha_answer_override : answer, TRUE);
  ca_client_create_account_finish (service.client, result, &error);

  return error;
}

static GError *
login (const char *email,
       const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaSessionInfo) info = NULL;
  GError *error = NULL;

  RUN (result, ca_client_login, service.client, email, password);
  info = ca_client_login_finish (service.client, result, &error);
  g_assert_true ((info == NULL) == (error != NULL));
  if (info != NULL)
    {
      g_assert_cmpstr (info->token, ==, ca_client_get_token (service.client));
      g_assert_nonnull (info->expires_at);
    }

  return error;
}

static CaCourseList *
search (CaCourseQuery *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CaCourseList *list;

  RUN (result, ca_client_search_courses, service.client, query);
  list = ca_client_search_courses_finish (service.client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);

  return list;
}

static CaCatalogue *
fetch_catalogue (CaClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CaCatalogue *catalogue;

  RUN (result, ca_client_get_catalogue, client);
  catalogue = ca_client_get_catalogue_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalogue);

  return catalogue;
}

static CaCourse *
fetch_course (const char  *id,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, ca_client_get_course, service.client, id);
  return ca_client_get_course_finish (service.client, result, error);
}

static CaProfile *
fetch_profile (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, ca_client_get_profile, service.client);
  return ca_client_get_profile_finish (service.client, result, error);
}

static CaCandidature *
preselect (const char  *session_id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, ca_client_preselect, service.client, session_id);
  return ca_client_preselect_finish (service.client, result, error);
}

static CaCandidatureList *
list_candidatures (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CaCandidatureList *list;

  RUN (result, ca_client_list_candidatures, service.client);
  list = ca_client_list_candidatures_finish (service.client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);

  return list;
}

static gboolean
delete_candidature (const char  *id,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, ca_client_delete_candidature, service.client, id);
  return ca_client_delete_candidature_finish (service.client, result, error);
}

static CaPaymentInfo *
create_payment (const char  *id,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (result, ca_client_create_payment, service.client, id);
  return ca_client_create_payment_finish (service.client, result, error);
}

/* Answers every question of @course's candidature form. */
static JsonObject *
answers_for (CaCourse *course)
{
  GListModel *form = ca_course_get_candidature_form (course);
  JsonObject *answers = json_object_new ();

  for (guint i = 0; i < g_list_model_get_n_items (form); i++)
    {
      g_autoptr(CaQuestion) question = g_list_model_get_item (form, i);
      const char *id = ca_question_get_id (question);

      switch (ca_question_get_kind (question))
        {
        case CA_QUESTION_CHOICE:
          g_assert_nonnull (ca_question_get_choices (question)[0]);
          json_object_set_string_member (answers, id, ca_question_get_choices (question)[0]);
          break;

        case CA_QUESTION_BOOLEAN:
          json_object_set_boolean_member (answers, id, TRUE);
          break;

        case CA_QUESTION_TEXT:
        default:
          json_object_set_string_member (answers, id, "Pour progresser dans mon travail.");
          break;
        }
    }

  return answers;
}

static CaCandidature *
confirm_candidature (CaCandidature *candidature)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourse) course = fetch_course (ca_candidature_get_course_id (candidature),
                                             &error);
  g_autoptr(JsonObject) answers = NULL;
  CaCandidature *confirmed;

  g_assert_no_error (error);
  answers = answers_for (course);
  RUN (result, ca_client_confirm_candidature, service.client,
       ca_candidature_get_id (candidature), answers);
  confirmed = ca_client_confirm_candidature_finish (service.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ca_candidature_get_status (confirmed), ==, CA_STATUS_PENDING);

  return confirmed;
}

static void
run_admin (const char *command,
           const char *id)
{
  g_autofree char *admin_bin = build_tool ("CA_ADMIN_BIN", "cours-adultes-admin");
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GError) error = NULL;

  admin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            admin_bin, "--db", service.db, command, id, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (admin, NULL, &error);
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------------------------- */
/* Public calls                                                                             */

static void
test_health (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  RUN (result, ca_client_health, service.client);
  g_assert_true (ca_client_health_finish (service.client, result, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

static void
test_catalogue (void)
{
  g_autofree char *cache_dir = g_build_filename (service.root, "cache", NULL);
  g_autoptr(CaClient) client = ca_client_new (service.url, cache_dir);
  g_autoptr(CaClient) restarted = NULL;
  g_autoptr(CaCatalogue) first = NULL;
  g_autoptr(CaCatalogue) second = NULL;
  g_autoptr(CaCatalogue) revalidated = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *json = NULL;

  first = fetch_catalogue (client);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_domains (first)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_periods (first)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_arrondissements (first)), ==, 20);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_heard_from_options (first)), >, 0);

  /* Written on disk once the call completed, ETag beside it. */
  ca_test_wait_for_catalogue_cache (cache_dir);
  etag = read_file (cache_dir, "catalogue.etag");
  json = read_file (cache_dir, "catalogue.json");
  g_assert_cmpuint (strlen (etag), >, 0);
  g_assert_nonnull (strstr (json, "\"establishments\""));

  /* The service answers 304 to the ETag: the same object comes back. */
  second = fetch_catalogue (client);
  g_assert_true (second == first);

  /* A new start loads the disk cache at once, and the service confirms it with a 304. */
  restarted = ca_client_new (service.url, cache_dir);
  g_assert_nonnull (ca_client_get_cached_catalogue (restarted));
  revalidated = fetch_catalogue (restarted);
  g_assert_true (revalidated == ca_client_get_cached_catalogue (restarted));
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_establishments (revalidated)), ==,
                    g_list_model_get_n_items (ca_catalogue_get_establishments (first)));
}

/* The demonstration catalogue's summary, moved to the day, is what the service serves byte for
 * byte: the service answers its tag with a 304, and only then is it written to the disk cache.
 * A summary the service does not confirm gives way to the service's catalogue. */
static void
test_demo_summary (void)
{
  g_autofree char *cache_dir = g_build_filename (service.root, "demo-cache", NULL);
  g_autofree char *other_dir = g_build_filename (service.root, "demo-cache-2", NULL);
  const char *path = ca_demo_summary_path ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *stored_json = NULL;
  g_autofree char *stored_etag = NULL;
  g_autoptr(CaCatalogue) summary = NULL;
  g_autoptr(CaCatalogue) confirmed = NULL;
  g_autoptr(CaCatalogue) replaced = NULL;
  g_autoptr(CaClient) client = NULL;
  g_autoptr(CaClient) stale = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  summary = ca_demo_read_summary (path, g_get_real_time () / G_USEC_PER_SEC, &body, &etag,
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);

  client = ca_client_new_with_catalogue (service.url, cache_dir, summary, etag, body);
  g_assert_true (ca_client_get_cached_catalogue (client) == summary);
  g_assert_false (ca_client_has_catalogue_cache (cache_dir));
  confirmed = fetch_catalogue (client);
  g_assert_true (confirmed == summary);
  ca_test_wait_for_catalogue_cache (cache_dir);
  stored_json = read_file (cache_dir, "catalogue.json");
  stored_etag = read_file (cache_dir, "catalogue.etag");
  g_assert_cmpmem (stored_json, strlen (stored_json), g_bytes_get_data (body, NULL),
                   g_bytes_get_size (body));
  g_assert_cmpstr (stored_etag, ==, etag);

  /* Not the service's: its own catalogue replaces it, in memory and on disk. */
  stale = ca_client_new_with_catalogue (service.url, other_dir, summary, "\"stale\"", body);
  replaced = fetch_catalogue (stale);
  g_assert_true (replaced != summary);
  g_assert_true (ca_client_get_cached_catalogue (stale) == replaced);
  ca_test_wait_for_catalogue_cache (other_dir);
  g_clear_pointer (&stored_etag, g_free);
  stored_etag = read_file (other_dir, "catalogue.etag");
  g_assert_cmpstr (stored_etag, ==, etag);
}

static void
record_debug_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

/* A public computer keeps nothing on disk: the second load of the same client revalidates
 * its copy in memory, and the 304 gives that copy back, not an unreadable reply. */
static void
test_catalogue_in_memory (void)
{
  g_autoptr(CaClient) client = ca_client_new (service.url, NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CaCatalogue) first = NULL;
  g_autoptr(CaCatalogue) second = NULL;
  guint handler;

  first = fetch_catalogue (client);
  handler = g_log_set_handler ("CaClient", G_LOG_LEVEL_DEBUG, record_debug_cb, messages);
  second = fetch_catalogue (client);
  g_log_remove_handler ("CaClient", handler);

  g_assert_true (second == first);
  g_assert_true (ca_client_get_cached_catalogue (client) == first);
  for (guint i = 0; i < messages->len; i++)
    g_assert_null (strstr (g_ptr_array_index (messages, i), "served from the cache"));
}

static guint
domain_course_count (CaCatalogue *catalogue,
                     const char  *id)
{
  CaDomain *domain = ca_catalogue_find_domain (catalogue, id);

  g_assert_nonnull (domain);
  return ca_domain_get_course_count (domain);
}

static void
test_search (void)
{
  g_autoptr(CaCatalogue) catalogue = fetch_catalogue (service.client);
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();
  g_autoptr(CaCourseList) all = NULL;
  g_autoptr(CaCourseList) words = NULL;
  g_autoptr(CaCourseList) domains = NULL;
  g_autoptr(CaCourseList) open = NULL;
  g_autoptr(CaCourseList) page = NULL;
  GListModel *all_domains = ca_catalogue_get_domains (catalogue);
  g_autoptr(CaDomain) first_domain = g_list_model_get_item (all_domains, 0);
  g_autoptr(CaDomain) second_domain = g_list_model_get_item (all_domains, 1);
  GListModel *items;

  all = search (query);
  g_assert_cmpuint (ca_course_list_get_total (all), >, 50);
  g_assert_cmpuint (g_list_model_get_n_items (ca_course_list_get_items (all)), ==, 50);

  /* Accent-insensitive words of the title. */
  ca_course_query_set_text (query, "francais");
  words = search (query);
  items = ca_course_list_get_items (words);
  g_assert_cmpuint (g_list_model_get_n_items (items), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (items, i);

      g_assert_true (ca_text_matches_all_words (ca_course_summary_get_title (summary),
                                                "francais"));
    }

  /* A repeated key is an OR: two domains give the courses of both. */
  ca_course_query_set_text (query, NULL);
  ca_course_query_add (query, "domain", ca_domain_get_id (first_domain));
  ca_course_query_add (query, "domain", ca_domain_get_id (second_domain));
  domains = search (query);
  g_assert_cmpuint (ca_course_list_get_total (domains), ==,
                    domain_course_count (catalogue, ca_domain_get_id (first_domain)) +
                    domain_course_count (catalogue, ca_domain_get_id (second_domain)));

  ca_course_query_clear_key (query, "domain");
  ca_course_query_set_open_only (query, TRUE);
  open = search (query);
  items = ca_course_list_get_items (open);
  g_assert_cmpuint (ca_course_list_get_total (open), <, ca_course_list_get_total (all));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (items, i);

      g_assert_true (ca_course_summary_get_open (summary));
      g_assert_cmpuint (ca_course_summary_get_matching_sessions (summary), >, 0);
    }

  ca_course_query_set_page (query, 3, 4);
  page = search (query);
  g_assert_cmpuint (ca_course_list_get_offset (page), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (ca_course_list_get_items (page)), ==, 4);
  {
    g_autoptr(CaCourseSummary) fourth = g_list_model_get_item (items, 3);
    g_autoptr(CaCourseSummary) paged = g_list_model_get_item (ca_course_list_get_items (page), 0);

    g_assert_cmpstr (ca_course_summary_get_id (paged), ==, ca_course_summary_get_id (fourth));
    service.course_id = g_strdup (ca_course_summary_get_id (fourth));
  }
}

static void
test_sheet (void)
{
  g_autoptr(CaCourse) course = NULL;
  g_autoptr(CaCourse) missing = NULL;
  g_autoptr(CaSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (service.course_id);
  course = fetch_course (service.course_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_course_get_id (course), ==, service.course_id);
  g_assert_true (ca_course_get_open (course));
  g_assert_cmpuint (g_list_model_get_n_items (ca_course_get_sessions (course)), >, 0);
  session = g_list_model_get_item (ca_course_get_sessions (course), 0);
  g_assert_nonnull (ca_session_get_establishment (session));
  service.session_id = g_strdup (ca_session_get_id (session));

  /* An id is one path segment, whatever it holds. */
  missing = fetch_course ("inconnu?q=anglais#", &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

/* ---------------------------------------------------------------------------------------- */
/* Account and session                                                                      */

static void
test_account (void)
{
  g_autoptr(GError) wrong_captcha = NULL;
  g_autoptr(GError) created = NULL;
  g_autoptr(GError) taken = NULL;
  g_autoptr(GError) not_confirmed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = NULL;
  GHashTable *fields;

  wrong_captcha = create_account (EMAIL, "pas-le-bon");
  g_assert_error (wrong_captcha, CA_ERROR, CA_ERROR_VALIDATION_FAILED);
  fields = ca_error_get_fields (wrong_captcha);
  g_assert_nonnull (fields);
  g_assert_nonnull (g_hash_table_lookup (fields, "captcha_answer"));

  created = create_account (EMAIL, NULL);
  g_assert_no_error (created);
  taken = create_account (EMAIL, NULL);
  g_assert_error (taken, CA_ERROR, CA_ERROR_EMAIL_TAKEN);

  not_confirmed = login (EMAIL, PASSWORD);
  g_assert_error (not_confirmed, CA_ERROR, CA_ERROR_ACCOUNT_NOT_CONFIRMED);
  g_assert_false (ca_client_is_logged_in (service.client));

  token = confirmation_token (EMAIL);
  RUN (result, ca_client_confirm_account, service.client, token);
  g_assert_true (ca_client_confirm_account_finish (service.client, result, &error));
  g_assert_no_error (error);
}

static void
test_login (void)
{
  g_autoptr(GError) wrong = login (EMAIL, "Mauvais2026motdepasse");
  g_autoptr(GError) error = NULL;

  g_assert_error (wrong, CA_ERROR, CA_ERROR_INVALID_CREDENTIALS);
  g_assert_false (ca_client_is_logged_in (service.client));
  g_assert_cmpuint (service.expired, ==, 0);

  error = login (EMAIL, PASSWORD);
  g_assert_no_error (error);
  g_assert_true (ca_client_is_logged_in (service.client));
  g_assert_cmpstr (ca_client_get_email (service.client), ==, EMAIL);
}

static void
test_throttled (void)
{
  g_autoptr(GError) error = NULL;
  const char *email = "trop.de.tentatives@example.org";

  /* Failed logins of another address: more than 5 in 15 minutes are refused for a while. */
  for (guint i = 0; i < 10; i++)
    {
      g_clear_error (&error);
      error = login (email, "Mauvais2026motdepasse");
      if (!g_error_matches (error, CA_ERROR, CA_ERROR_INVALID_CREDENTIALS))
        break;
    }
  g_assert_error (error, CA_ERROR, CA_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpuint (ca_error_get_retry_after (error), >, 0);
}

static void
test_profile (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaCatalogue) catalogue = fetch_catalogue (service.client);
  g_autoptr(CaNamedItem) heard_from = NULL;
  g_autoptr(CaProfile) profile = NULL;
  g_autoptr(CaProfile) saved = NULL;
  g_autoptr(CaProfile) reread = NULL;
  g_autoptr(CaCandidature) too_early = NULL;
  g_autoptr(GError) error = NULL;

  profile = fetch_profile (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_profile_get (profile, CA_PROFILE_EMAIL), ==, EMAIL);
  g_assert_false (ca_profile_get_complete (profile));
  g_assert_null (ca_profile_get (profile, CA_PROFILE_LAST_NAME));

  /* The candidature actions wait for a complete profile. */
  too_early = preselect (service.session_id, &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_PROFILE_INCOMPLETE);
  g_assert_null (too_early);
  g_clear_error (&error);

  heard_from = g_list_model_get_item (ca_catalogue_get_heard_from_options (catalogue), 0);
  ca_profile_set (profile, CA_PROFILE_CIVILITY, "Mme");
  ca_profile_set (profile, CA_PROFILE_LAST_NAME, "Martin");
  ca_profile_set (profile, CA_PROFILE_FIRST_NAME, "Camille");
  ca_profile_set (profile, CA_PROFILE_BIRTH_DATE, "1984-03-12");
  ca_profile_set (profile, CA_PROFILE_BIRTH_COUNTRY, "France");
  ca_profile_set (profile, CA_PROFILE_ADDRESS, "12 rue de la Roquette");
  ca_profile_set (profile, CA_PROFILE_POSTAL_CODE, "75011");
  ca_profile_set (profile, CA_PROFILE_CITY, "Paris");
  ca_profile_set (profile, CA_PROFILE_PHONE_MOBILE, "06 12 34 56 78");
  ca_profile_set (profile, CA_PROFILE_HEARD_FROM, ca_named_item_get_id (heard_from));
  RUN (result, ca_client_put_profile, service.client, profile);
  saved = ca_client_put_profile_finish (service.client, result, &error);
  g_assert_no_error (error);
  g_assert_true (ca_profile_get_complete (saved));

  reread = fetch_profile (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_profile_get (reread, CA_PROFILE_LAST_NAME), ==, "Martin");
  g_assert_true (ca_profile_get_complete (reread));
}

/* ---------------------------------------------------------------------------------------- */
/* Candidatures                                                                             */

static void
test_candidatures (void)
{
  g_autoptr(CaCandidature) first = NULL;
  g_autoptr(CaCandidature) twice = NULL;
  g_autoptr(CaCandidature) confirmed = NULL;
  g_autoptr(CaCandidature) cancelled = NULL;
  g_autoptr(CaCandidatureList) list = NULL;
  g_autoptr(CaCandidature) listed = NULL;
  g_autoptr(CaPaymentInfo) too_early = NULL;
  g_autoptr(GAsyncResult) cancel_result = NULL;
  g_autoptr(GError) error = NULL;

  first = preselect (service.session_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ca_candidature_get_status (first), ==, CA_STATUS_PRESELECTED);
  g_assert_cmpstr (ca_candidature_get_course_id (first), ==, service.course_id);

  /* One live candidature per sheet. */
  twice = preselect (service.session_id, &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_ALREADY_PRESELECTED_FOR_COURSE);
  g_assert_null (twice);
  g_clear_error (&error);

  list = list_candidatures ();
  g_assert_cmpuint (ca_candidature_list_get_max_active (list), ==, 3);
  g_assert_cmpuint (ca_candidature_list_get_active_count (list), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ca_candidature_list_get_items (list)), ==, 1);
  listed = g_list_model_get_item (ca_candidature_list_get_items (list), 0);
  g_assert_cmpstr (ca_candidature_get_id (listed), ==, ca_candidature_get_id (first));

  confirmed = confirm_candidature (first);
  too_early = create_payment (ca_candidature_get_id (confirmed), &error);
  g_assert_error (error, CA_ERROR, CA_ERROR_NOT_PAYABLE);
  g_assert_null (too_early);
  g_clear_error (&error);
  g_assert_false (delete_candidature (ca_candidature_get_id (confirmed), &error));
  g_assert_error (error, CA_ERROR, CA_ERROR_NOT_DELETABLE);
  g_clear_error (&error);

  RUN (cancel_result, ca_client_cancel_candidature, service.client,
       ca_candidature_get_id (confirmed));
  cancelled = ca_client_cancel_candidature_finish (service.client, cancel_result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ca_candidature_get_status (cancelled), ==, CA_STATUS_CANCELLED);
}

static void
test_delete (void)
{
  g_autoptr(CaCandidature) candidature = NULL;
  g_autoptr(GError) error = NULL;

  /* The cancelled one is no longer live: the same session can be chosen again. */
  candidature = preselect (service.session_id, &error);
  g_assert_no_error (error);
  g_assert_true (delete_candidature (ca_candidature_get_id (candidature), &error));
  g_assert_no_error (error);
  g_assert_false (delete_candidature (ca_candidature_get_id (candidature), &error));
  g_assert_error (error, CA_ERROR, CA_ERROR_NOT_FOUND);
}

static void
test_payment (void)
{
  g_autoptr(CaCandidature) candidature = NULL;
  g_autoptr(CaCandidature) confirmed = NULL;
  g_autoptr(CaPaymentInfo) payment = NULL;
  g_autoptr(GError) error = NULL;

  candidature = preselect (service.session_id, &error);
  g_assert_no_error (error);
  confirmed = confirm_candidature (candidature);
  run_admin ("accept", ca_candidature_get_id (confirmed));

  payment = create_payment (ca_candidature_get_id (confirmed), &error);
  g_assert_no_error (error);
  g_assert_nonnull (payment);
  g_assert_nonnull (strstr (payment->payment_url, "/payfip/paiement.web?"));
  g_assert_nonnull (strstr (payment->payment_url, "montant="));
  g_assert_nonnull (payment->reference);
  g_assert_cmpint (payment->amount_cents, >, 0);
}

static void
test_contact (void)
{
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) anonymous = NULL;
  g_autoptr(CaClient) visitor = ca_client_new (service.url, NULL);
  g_autoptr(GError) error = NULL;

  RUN (logged_in, ca_client_send_contact, service.client, "Horaires",
       "Les cours du soir reprennent-ils en janvier ?", NULL);
  g_assert_true (ca_client_send_contact_finish (service.client, logged_in, &error));
  g_assert_no_error (error);

  RUN (anonymous, ca_client_send_contact, visitor, "Accessibilité",
       "Les salles sont-elles accessibles en fauteuil ?", "visiteur@example.org");
  g_assert_true (ca_client_send_contact_finish (visitor, anonymous, &error));
  g_assert_no_error (error);
}

static void
test_logout (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strdup (ca_client_get_token (service.client));

  g_assert_nonnull (token);
  RUN (result, ca_client_logout, service.client);
  g_assert_true (ca_client_logout_finish (service.client, result, &error));
  g_assert_no_error (error);
  g_assert_false (ca_client_is_logged_in (service.client));
  g_assert_cmpuint (service.expired, ==, 0);

  /* The revoked token, as a keyring could bring it back: the service refuses it, the client
   * forgets it and says so. */
  ca_client_set_token (service.client, token);
  profile = fetch_profile (&error);
  g_assert_error (error, CA_ERROR, CA_ERROR_UNAUTHORIZED);
  g_assert_null (profile);
  g_assert_cmpuint (service.expired, ==, 1);
  g_assert_null (ca_client_get_token (service.client));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Loopback only: the desktop's proxy settings have no say here. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  start_service ();
  service.client = ca_client_new (service.url, NULL);
  g_signal_connect (service.client, "session-expired", G_CALLBACK (session_expired_cb), NULL);

  g_test_add_func ("/client/service/health", test_health);
  g_test_add_func ("/client/service/catalogue", test_catalogue);
  g_test_add_func ("/client/service/catalogue-in-memory", test_catalogue_in_memory);
  g_test_add_func ("/client/service/demo-summary", test_demo_summary);
  g_test_add_func ("/client/service/search", test_search);
  g_test_add_func ("/client/service/sheet", test_sheet);
  g_test_add_func ("/client/service/account", test_account);
  g_test_add_func ("/client/service/login", test_login);
  g_test_add_func ("/client/service/throttled", test_throttled);
  g_test_add_func ("/client/service/profile", test_profile);
  g_test_add_func ("/client/service/candidatures", test_candidatures);
  g_test_add_func ("/client/service/delete", test_delete);
  g_test_add_func ("/client/service/payment", test_payment);
  g_test_add_func ("/client/service/contact", test_contact);
  g_test_add_func ("/client/service/logout", test_logout);
  status = g_test_run ();

  g_assert_finalize_object (service.client);
  stop_service ();

  return status;
}
