/* ca-cand-test-util.c — service, back office and simulator for the candidature tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCandTest"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "ca-cand-test-util.h"
#include "ca-journey-steps.h"
#include "ca-status.h"
#include "ca-test-util.h"

#define CALL_TIMEOUT_MS 30000

struct _CaCandServer
{
  char           *dir;
  char           *db;
  CaSearchServer *search;
};

/* ---- the service --------------------------------------------------------------------------- */

static const char *
server_exe (void)
{
  const char *exe = g_getenv ("CA_SERVER_BIN");

  return exe != NULL ? exe : BUILD_SERVERDIR "/cours-adultes-server";
}

/* The demo catalogue is loaded by a first, short run of the service on the file */
static gboolean
seed_database (const char  *db,
               const char  *mail_dir,
               GError     **error)
{
  const char *argv[] = { server_exe (), "--port", "0", "--testing", "--quiet", "--db", db,
                         "--mail-dir", mail_dir, "--demo-catalogue", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL)
    return FALSE;
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, error)) != NULL
         && !g_str_has_prefix (line, "listening on"))
    g_clear_pointer (&line, g_free);
  g_subprocess_send_signal (process, SIGTERM);
  if (!g_subprocess_wait (process, NULL, NULL) || line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the service did not start");
      return FALSE;
    }
  return TRUE;
}

CaCandServer *
ca_cand_server_new (GError **error)
{
  g_autoptr(CaCandServer) server = g_new0 (CaCandServer, 1);
  g_autofree char *mail_dir = NULL;

  server->dir = g_dir_make_tmp ("ca-cand-XXXXXX", error);
  if (server->dir == NULL)
    return NULL;
  server->db = g_build_filename (server->dir, "db.sqlite", NULL);
  mail_dir = g_build_filename (server->dir, "seed-mail", NULL);
  g_mkdir (mail_dir, 0700);
  if (!seed_database (server->db, mail_dir, error))
    return NULL;
  server->search = ca_search_server_new (server->db, error);
  if (server->search == NULL)
    return NULL;
  return g_steal_pointer (&server);
}

CaSearchServer *
ca_cand_server_get_search (CaCandServer *server)
{
  return server->search;
}

const char *
ca_cand_server_get_url (CaCandServer *server)
{
  return ca_search_server_get_url (server->search);
}

const char *
ca_cand_server_get_db (CaCandServer *server)
{
  return server->db;
}

/* The service's process: the one whose command line names our database */
static GPid
server_pid (CaCandServer *server)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      gboolean has_db = FALSE, is_server = FALSE;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &contents, &length, NULL))
        continue;
      for (gsize i = 0; i < length; i += strlen (contents + i) + 1)
        {
          has_db |= g_str_equal (contents + i, server->db);
          is_server |= g_str_has_suffix (contents + i, "cours-adultes-server");
        }
      if (has_db && is_server)
        return (GPid) g_ascii_strtoll (name, NULL, 10);
    }
  return 0;
}

void
ca_cand_server_freeze (CaCandServer *server,
                       gboolean      frozen)
{
  GPid pid = server_pid (server);

  g_assert_cmpint (pid, >, 0);
  kill (pid, frozen ? SIGSTOP : SIGCONT);
}

void
ca_cand_server_kill (CaCandServer *server)
{
  GPid pid = server_pid (server);

  g_assert_cmpint (pid, >, 0);
  kill (pid, SIGKILL);
  ca_journey_wait_process_gone (pid);
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
ca_cand_server_free (CaCandServer *server)
{
  g_clear_pointer (&server->search, ca_search_server_free);
  if (server->dir != NULL)
    remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->db);
  g_free (server);
}

gboolean
ca_cand_admin (CaCandServer  *server,
               GError       **error,
               const char    *first_arg,
               ...)
{
  const char *exe = g_getenv ("CA_ADMIN_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) (exe != NULL ? exe : BUILD_SERVERDIR "/cours-adultes-admin"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, server->db);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cours-adultes-admin %s: %s", first_arg,
                   err);
      return FALSE;
    }
  return TRUE;
}

/* ---- synchronous calls --------------------------------------------------------------------- */

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

static GAsyncResult *
wait_result (Waiter  *waiter,
             GError **error)
{
  if (ca_search_wait_flag (&waiter->done, CALL_TIMEOUT_MS))
    return waiter->result;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no reply in time");
  return NULL;
}

CaClient *
ca_cand_new_person (CaCandServer  *server,
                    const char    *email,
                    GError       **error)
{
  g_autoptr(CaClient) client = ca_client_new (ca_cand_server_get_url (server), NULL);
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { FALSE, NULL };

  if (!ca_search_server_add_account (server->search, email, "Motdepasse-solide-42", TRUE, error))
    return NULL;
  ca_client_login_async (client, email, "Motdepasse-solide-42", NULL, waiter_cb, &waiter);
  if ((result = wait_result (&waiter, error)) == NULL)
    return NULL;
  info = ca_client_login_finish (client, result, error);
  return info != NULL ? g_steal_pointer (&client) : NULL;
}

static gboolean
clashes (GPtrArray *taken,
         CaSession *session)
{
  for (guint i = 0; i < taken->len; i++)
    {
      CaSession *other = ca_candidature_get_session (g_ptr_array_index (taken, i));

      if (ca_session_get_day (other) == ca_session_get_day (session))
        return TRUE;
    }
  return FALSE;
}

static CaCandidature *
preselect (CaClient   *client,
           const char *session_id,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { FALSE, NULL };

  ca_client_preselect_async (client, session_id, NULL, waiter_cb, &waiter);
  if ((result = wait_result (&waiter, error)) == NULL)
    return NULL;
  return ca_client_preselect_finish (client, result, error);
}

/* Tries the sessions of @course_id that fall on a day not taken yet */
static gboolean
preselect_course (CaClient   *client,
                  const char *course_id,
                  GPtrArray  *taken,
                  GError    **error)
{
  g_autoptr(CaCourse) course = ca_search_get_course (client, course_id, error);
  GListModel *sessions;

  if (course == NULL)
    return FALSE;
  sessions = ca_course_get_sessions (course);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(CaSession) session = g_list_model_get_item (sessions, i);
      CaCandidature *candidature;

      if (clashes (taken, session))
        continue;
      candidature = preselect (client, ca_session_get_id (session), NULL);
      if (candidature != NULL)
        {
          g_ptr_array_add (taken, candidature);
          return TRUE;
        }
    }
  return FALSE;
}

static CaCourseList *
open_courses (CaClient  *client,
              GError   **error)
{
  g_autoptr(CaCourseQuery) query = ca_course_query_new ();

  ca_course_query_set_open_only (query, TRUE);
  ca_course_query_set_page (query, 0, 100);
  return ca_search_courses (client, query, error);
}

GPtrArray *
ca_cand_preselect (CaClient    *client,
                   guint        n,
                   const char  *course_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CaCourseList) list = open_courses (client, error);
  GListModel *items;

  if (list == NULL)
    return NULL;
  if (course_id != NULL && !preselect_course (client, course_id, taken, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot preselect %s", course_id);
      return NULL;
    }
  items = ca_course_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items) && taken->len < n; i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (items, i);

      if (g_strcmp0 (course_id, ca_course_summary_get_id (summary)) == 0)
        continue;
      preselect_course (client, ca_course_summary_get_id (summary), taken, NULL);
    }
  if (taken->len < n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "only %u sessions preselected",
                   taken->len);
      return NULL;
    }
  return g_steal_pointer (&taken);
}

gboolean
ca_cand_confirm (CaClient       *client,
                 CaCandidature  *candidature,
                 GError        **error)
{
  g_autoptr(CaCourse) course = ca_search_get_course (client,
                                                     ca_candidature_get_course_id (candidature),
                                                     error);
  g_autoptr(JsonObject) answers = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaCandidature) confirmed = NULL;
  Waiter waiter = { FALSE, NULL };
  GListModel *form;

  if (course == NULL)
    return FALSE;
  form = ca_course_get_candidature_form (course);
  for (guint i = 0; i < g_list_model_get_n_items (form); i++)
    {
      g_autoptr(CaQuestion) question = g_list_model_get_item (form, i);
      const char *id = ca_question_get_id (question);

      switch (ca_question_get_kind (question))
        {
        case CA_QUESTION_TEXT:
          json_object_set_string_member (answers, id, "Une réponse");
          break;
        case CA_QUESTION_CHOICE:
          json_object_set_string_member (answers, id, ca_question_get_choices (question)[0]);
          break;
        case CA_QUESTION_BOOLEAN:
        default:
          json_object_set_boolean_member (answers, id, TRUE);
          break;
        }
    }
  ca_client_confirm_candidature_async (client, ca_candidature_get_id (candidature), answers, NULL,
                                       waiter_cb, &waiter);
  if ((result = wait_result (&waiter, error)) == NULL)
    return FALSE;
  confirmed = ca_client_confirm_candidature_finish (client, result, error);
  return confirmed != NULL;
}

gboolean
ca_cand_cancel (CaClient       *client,
                CaCandidature  *candidature,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CaCandidature) cancelled = NULL;
  Waiter waiter = { FALSE, NULL };

  ca_client_cancel_candidature_async (client, ca_candidature_get_id (candidature), NULL,
                                      waiter_cb, &waiter);
  if ((result = wait_result (&waiter, error)) == NULL)
    return FALSE;
  cancelled = ca_client_cancel_candidature_finish (client, result, error);
  return cancelled != NULL;
}

CaPaymentInfo *
ca_cand_create_payment (CaClient       *client,
                        CaCandidature  *candidature,
                        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { FALSE, NULL };

  ca_client_create_payment_async (client, ca_candidature_get_id (candidature), NULL, waiter_cb,
                                  &waiter);
  if ((result = wait_result (&waiter, error)) == NULL)
    return NULL;
  return ca_client_create_payment_finish (client, result, error);
}

CaCandidatureList *
ca_cand_list (CaClient  *client,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { FALSE, NULL };

  ca_client_list_candidatures_async (client, NULL, waiter_cb, &waiter);
  if ((result = wait_result (&waiter, error)) == NULL)
    return NULL;
  return ca_client_list_candidatures_finish (client, result, error);
}

CaStatus
ca_cand_status (CaClient   *client,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureList) list = ca_cand_list (client, &error);
  GListModel *items;

  g_assert_no_error (error);
  items = ca_candidature_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCandidature) candidature = g_list_model_get_item (items, i);

      if (g_str_equal (ca_candidature_get_id (candidature), id))
        return ca_candidature_get_status (candidature);
    }
  /* Deleted: reported as the status machine does */
  return CA_STATUS_CANCELLED;
}

char *
ca_cand_find_rich_course (CaClient  *client,
                          GError   **error)
{
  g_autoptr(CaCourseList) list = open_courses (client, error);
  GListModel *items;

  if (list == NULL)
    return NULL;
  items = ca_course_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (items, i);
      g_autoptr(CaCourse) course = ca_search_get_course (client, ca_course_summary_get_id (summary),
                                                         NULL);
      GListModel *form;
      guint kinds = 0, required = 0;

      if (course == NULL)
        continue;
      form = ca_course_get_candidature_form (course);
      for (guint q = 0; q < g_list_model_get_n_items (form); q++)
        {
          g_autoptr(CaQuestion) question = g_list_model_get_item (form, q);

          kinds |= 1u << ca_question_get_kind (question);
          required += ca_question_get_required (question)
                      && ca_question_get_kind (question) == CA_QUESTION_TEXT;
        }
      if (kinds == 7 && required > 0)
        return g_strdup (ca_course_get_id (course));
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no open course asks every kind");
  return NULL;
}

/* ---- the simulator ------------------------------------------------------------------------- */

gboolean
ca_cand_simulator_submit (const char  *payment_url,
                          const char  *card,
                          const char  *action,
                          GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) get = soup_message_new ("GET", payment_url);
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GRegex) input = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *expiry = g_strdup_printf ("12/%02d", (g_date_time_get_year (now) + 2) % 100);
  g_autofree char *html = NULL;
  g_autofree char *post_uri = NULL;

  page = soup_session_send_and_read (session, get, NULL, error);
  if (page == NULL)
    return FALSE;
  html = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  /* The hidden inputs, as a browser would send them back */
  input = g_regex_new ("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"",
                       G_REGEX_CASELESS, 0, NULL);
  g_regex_match (input, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *value = g_match_info_fetch (match, 2);
      g_autoptr(GString) unescaped = g_string_new (value);

      g_string_replace (unescaped, "&quot;", "\"", 0);
      g_string_replace (unescaped, "&lt;", "<", 0);
      g_string_replace (unescaped, "&gt;", ">", 0);
      g_string_replace (unescaped, "&#39;", "'", 0);
      g_string_replace (unescaped, "&amp;", "&", 0);
      g_hash_table_insert (fields, g_match_info_fetch (match, 1),
                           g_string_free (g_steal_pointer (&unescaped), FALSE));
      g_match_info_next (match, NULL);
    }
  if (g_hash_table_size (fields) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no hidden input in the payment page");
      return FALSE;
    }
  if (card != NULL)
    {
      g_hash_table_insert (fields, g_strdup ("card_number"), g_strdup (card));
      g_hash_table_insert (fields, g_strdup ("expiry"), g_strdup (expiry));
      g_hash_table_insert (fields, g_strdup ("cvv"), g_strdup ("123"));
    }
  g_hash_table_insert (fields, g_strdup ("action"), g_strdup (action));

  {
    g_autoptr(GUri) uri = g_uri_parse (payment_url, G_URI_FLAGS_NONE, error);

    if (uri == NULL)
      return FALSE;
    post_uri = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                           g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
  }
  post = soup_message_new_from_encoded_form ("POST", post_uri, soup_form_encode_hash (fields));
  reply = soup_session_send_and_read (session, post, NULL, error);
  if (reply == NULL)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (post)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "simulator answered %u",
                   soup_message_get_status (post));
      return FALSE;
    }
  return TRUE;
}

/* ---- widgets ------------------------------------------------------------------------------- */

/* The waits and the click are those of the journey's steps */

gboolean
ca_cand_label_shown (GtkWidget  *root,
                     const char *text)
{
  GtkWidget *label = ca_test_find_label (root, text);

  return label != NULL && gtk_widget_get_mapped (label);
}

void
ca_cand_wait_label (GtkWidget  *root,
                    const char *text)
{
  ca_journey_wait_label (root, text);
}

GtkWidget *
ca_cand_wait_window (GType type)
{
  return ca_journey_wait_window (type);
}

void
ca_cand_wait_window_gone (GType type)
{
  ca_journey_wait_window_gone (type);
}

void
ca_cand_click (GtkWidget  *root,
               const char *label)
{
  ca_journey_click (root, label);
}

void
ca_cand_collect (GtkWidget *root,
                 GType      type,
                 GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      ca_cand_collect (child, type, out);
    }
}

char *
ca_cand_fill_every_section (CaCandServer  *server,
                            CaClient      *client,
                            GError       **error)
{
  g_autofree char *rich = ca_cand_find_rich_course (client, error);
  g_autoptr(GPtrArray) preselected = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(CaPaymentInfo) info = NULL;

  if (rich == NULL
      || (preselected = ca_cand_preselect (client, 1, rich, error)) == NULL
      || (c = ca_cand_preselect (client, 5, NULL, error)) == NULL)
    return NULL;
  for (guint i = 0; i < 3; i++)
    if (!ca_cand_confirm (client, g_ptr_array_index (c, i), error))
      return NULL;
  if (!ca_cand_admin (server, error, "refuse",
                      ca_candidature_get_id (g_ptr_array_index (c, 2)),
                      "--reason", "no-seats", NULL)
      || !ca_cand_cancel (client, g_ptr_array_index (c, 1), error))
    return NULL;
  for (guint i = 3; i < 5; i++)
    if (!ca_cand_confirm (client, g_ptr_array_index (c, i), error))
      return NULL;
  if (!ca_cand_admin (server, error, "convoke", ca_candidature_get_id (g_ptr_array_index (c, 0)),
                      "--at", "2030-01-15T18:30:00Z", "--place", "Salle 12, rez-de-chaussée",
                      NULL)
      || !ca_cand_admin (server, error, "accept",
                         ca_candidature_get_id (g_ptr_array_index (c, 3)), NULL)
      || !ca_cand_admin (server, error, "accept",
                         ca_candidature_get_id (g_ptr_array_index (c, 4)), NULL))
    return NULL;
  /* The fifth is paid as a browser would pay it */
  if ((info = ca_cand_create_payment (client, g_ptr_array_index (c, 4), error)) == NULL
      || !ca_cand_simulator_submit (info->payment_url, "4111111111111111", "pay", error))
    return NULL;
  return g_strdup (ca_candidature_get_id (g_ptr_array_index (c, 0)));
}

/* ---- narrow windows ------------------------------------------------------------------------ */

int
ca_cand_min_width (GtkWidget *widget)
{
  int minimum;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

void
ca_cand_collect_cut_labels (GtkWidget *root,
                            GPtrArray *out)
{
  if (!gtk_widget_get_mapped (root) || GTK_IS_HEADER_BAR (root) || ADW_IS_HEADER_BAR (root))
    return;
  if (GTK_IS_LABEL (root)
      && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ca_cand_collect_cut_labels (child, out);
}

gboolean
ca_cand_speak_french (void)
{
  /* tests/app/candidatures in the build tree */
  g_autofree char *po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "..",
                                              "po", NULL);
  g_autofree char *catalogue = g_build_filename (po_dir, "fr", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (catalogue, G_FILE_TEST_EXISTS)
      || setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_message ("no French catalogue (%s) or no fr_FR.UTF-8 locale", catalogue);
      return FALSE;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

void
ca_cand_speak_c (void)
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}
