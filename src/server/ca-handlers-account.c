/* ca-handlers-account.c — captcha, accounts, confirmation, session, profile, contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include <sodium.h>

#include "ca-accounts.h"
#include "ca-captcha.h"
#include "ca-crypto.h"
#include "ca-http.h"
#include "ca-import.h"
#include "ca-mail.h"
#include "ca-rules.h"
#include "ca-server.h"

#define CONFIRM_SUBJECT "Mon Paris - confirmez votre compte en un clic"
#define PROFILE_SUBJECT "Création de votre compte Cours d'Adultes de Paris"

static void
secret_free (char *secret)
{
  if (secret != NULL)
    {
      sodium_memzero (secret, strlen (secret));
      g_free (secret);
    }
}

static void
add_field (GHashTable *fields,
           const char *field,
           const char *message)
{
  g_hash_table_replace (fields, g_strdup (field), g_strdup (message));
}

static GHashTable *
fields_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* --- captcha -------------------------------------------------------------------------- */

void
ca_handle_captcha (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = ca_captcha_new_code ();
  g_autofree char *id = ca_random_id ("cap-");
  g_autoptr(GBytes) png = ca_captcha_render_png (code, &error);
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *image = NULL;

  if (png == NULL
      || !ca_accounts_captcha_store (req->server->db, id, code, ca_db_now (), &error))
    {
      ca_request_fail (req, error);
      return;
    }

  base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  image = g_strconcat ("data:image/png;base64,", base64, NULL);

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_string (b, "id", id);
  ca_json_add_string (b, "image", image);
  json_builder_end_object (b);
  ca_http_send_builder (req->msg, 200, b);
  if (req->server->opts.testing)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "X-Captcha-Answer", code);
}

/* --- password work in a thread -------------------------------------------------------- */

/* Argon2id takes tens of milliseconds and 64 MiB on purpose: it runs in a worker thread so
 * the service keeps answering meanwhile. */
typedef struct
{
  CaServer          *server;
  SoupServerMessage *msg;
  char              *email;
  char              *password;
  char              *hash;       /* in: stored hash to check; out: new hash */
  gboolean           verified;
  CaAccountLogin     login;
  gboolean           found;
} PasswordJob;

static void
password_job_free (PasswordJob *job)
{
  g_object_unref (job->msg);
  g_free (job->email);
  secret_free (job->password);
  g_free (job->hash);
  ca_account_login_clear (&job->login);
  g_free (job);
}

static PasswordJob *
password_job_new (CaRequest  *req,
                  const char *email,
                  const char *password)
{
  PasswordJob *job = g_new0 (PasswordJob, 1);

  job->server = req->server;
  job->msg = g_object_ref (req->msg);
  job->email = g_strdup (email);
  job->password = g_strdup (password);

  return job;
}

static void
hash_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PasswordJob *job = task_data;
  GError *error = NULL;

  job->hash = ca_password_hash (job->password, &error);
  if (job->hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A hash of nothing anyone knows: unknown e-mails cost the same time as known ones. */
static const char *
dummy_hash (void)
{
  static char *hash;

  if (g_once_init_enter (&hash))
    {
      g_autofree char *random = ca_token_new ();

      g_once_init_leave (&hash, ca_password_hash (random, NULL));
    }

  return hash;
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PasswordJob *job = task_data;
  const char *hash = job->found ? job->login.password_hash : dummy_hash ();

  job->verified = ca_password_verify (hash, job->password) && job->found;
  g_task_return_boolean (task, TRUE);
}

/* Each hash takes 64 MiB: at most one per processor runs at a time, the others wait their
 * turn (GTask's own pool would start many more). */
typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} PoolItem;

static void
pool_run (gpointer data,
          gpointer user_data)
{
  PoolItem *item = data;

  item->func (item->task, NULL, g_task_get_task_data (item->task), NULL);
  g_object_unref (item->task);
  g_free (item);
}

static GThreadPool *
password_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (pool_run, NULL,
                                                 MAX (1, (int) g_get_num_processors ()),
                                                 FALSE, NULL));

  return pool;
}

static void
run_password_job (CaRequest           *req,
                  PasswordJob         *job,
                  GTaskThreadFunc      thread_func,
                  GAsyncReadyCallback  done)
{
  PoolItem *item = g_new0 (PoolItem, 1);

  item->task = g_task_new (NULL, NULL, done, NULL);
  item->func = thread_func;
  g_task_set_task_data (item->task, job, (GDestroyNotify) password_job_free);
  ca_request_pause (req);
  g_thread_pool_push (password_pool (), item, NULL);
}

/* --- accounts ------------------------------------------------------------------------- */

static void
account_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = G_TASK (result);
  PasswordJob *job = g_task_get_task_data (task);
  CaServer *server = job->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *link = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (!g_task_propagate_boolean (task, &error))
    goto fail;

  token = ca_token_new ();
  token_hash = ca_token_hash (token);
  if (!ca_accounts_create (server->db, job->email, job->hash, token_hash, ca_db_now (), &error))
    goto fail;

  escaped = g_uri_escape_string (token, NULL, FALSE);
  link = g_strdup_printf ("%s/confirm?token=%s", server->public_url, escaped);
  body = g_strdup_printf ("Bonjour,\n\n"
                          "Vous venez de créer votre compte Mon Paris avec l'adresse %s.\n"
                          "Pour le confirmer, cliquez sur ce lien :\n\n%s\n\n"
                          "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n"
                          "La Ville de Paris\n", job->email, link);
  ca_server_send_mail (server, job->email, CONFIRM_SUBJECT, body);

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_string (b, "email", job->email);
  ca_json_add_string (b, "status", "pending-confirmation");
  json_builder_end_object (b);
  ca_http_send_builder (job->msg, 201, b);
  ca_server_resume (server, job->msg);
  return;

fail:
  ca_http_send_error (job->msg, error);
  ca_server_resume (server, job->msg);
}

void
ca_handle_accounts_create (CaRequest *req)
{
  g_autoptr(JsonNode) root = ca_request_json_body (req);
  g_autoptr(GHashTable) fields = fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  const char *email_in, *password, *confirmation, *captcha_id, *captcha_answer, *message;
  gboolean accept_terms, taken = FALSE;
  JsonObject *obj;

  if (root == NULL)
    return;
  obj = json_node_get_object (root);

  if (!ca_json_get_string (obj, "email", &email_in, &error)
      || !ca_json_get_string (obj, "password", &password, &error)
      || !ca_json_get_string (obj, "password_confirmation", &confirmation, &error)
      || !ca_json_get_string (obj, "captcha_id", &captcha_id, &error)
      || !ca_json_get_string (obj, "captcha_answer", &captcha_answer, &error)
      || !ca_json_get_bool (obj, "accept_terms", &accept_terms, NULL, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  email = ca_accounts_normalize_email (email_in);
  if (!ca_rules_check_email (email_in != NULL ? email : NULL, &message))
    add_field (fields, "email", message);
  if (!ca_rules_check_password (password != NULL ? password : "", &message))
    add_field (fields, "password", message);
  if (confirmation == NULL || g_strcmp0 (password, confirmation) != 0)
    add_field (fields, "password_confirmation", "Les deux mots de passe ne sont pas identiques.");
  if (!accept_terms)
    add_field (fields, "accept_terms",
               "Vous devez accepter les conditions générales d’utilisation.");

  /* A captcha is single-use: any attempt with it consumes it. */
  {
    g_autofree char *expected = NULL;
    g_autofree char *given = NULL;

    if (captcha_id != NULL
        && !ca_accounts_captcha_take (req->server->db, captcha_id, ca_db_now (), &expected,
                                      &error))
      {
        ca_request_fail (req, error);
        return;
      }
    if (captcha_answer != NULL)
      given = g_strstrip (g_ascii_strup (captcha_answer, -1));
    if (expected == NULL || given == NULL || !ca_secure_equal (expected, given))
      add_field (fields, "captcha_answer",
                 "Le code de vérification est incorrect ou a expiré. Recopiez le nouveau code.");
  }

  if (g_hash_table_size (fields) > 0)
    {
      ca_http_send_fields (req->msg, fields);
      return;
    }

  if (!ca_accounts_email_taken (req->server->db, email, &taken, &error))
    {
      ca_request_fail (req, error);
      return;
    }
  if (taken)
    {
      ca_http_send_error_code (req->msg, CA_ERROR_EMAIL_TAKEN, NULL);
      return;
    }

  run_password_job (req, password_job_new (req, email, password), hash_thread,
                    account_created_cb);
}

static gboolean
confirm_token (CaRequest   *req,
               const char  *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  if (token == NULL || *token == '\0')
    {
      g_autoptr(GError) invalid = ca_http_invalid ("token: missing");

      return ca_request_fail (req, invalid);
    }

  hash = ca_token_hash (token);
  if (!ca_accounts_confirm (req->server->db, hash, ca_db_now (), &error))
    return ca_request_fail (req, error);

  return TRUE;
}

void
ca_handle_accounts_confirm (CaRequest *req)
{
  g_autoptr(JsonNode) root = ca_request_json_body (req);
  g_autoptr(GError) error = NULL;
  const char *token;

  if (root == NULL)
    return;
  if (!ca_json_get_string (json_node_get_object (root), "token", &token, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  if (confirm_token (req, token))
    ca_http_send_json_string (req->msg, 200, g_strdup ("{\"status\":\"confirmed\"}"));
}

static const char *
query_value (SoupServerMessage *msg,
             const char        *name,
             char             **storage)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;

  *storage = NULL;
  if (query == NULL)
    return NULL;

  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  if (params == NULL || g_hash_table_lookup (params, name) == NULL)
    return NULL;

  *storage = g_strdup (g_hash_table_lookup (params, name));
  if (!g_utf8_validate (*storage, -1, NULL))
    g_clear_pointer (storage, g_free);

  return *storage;
}

void
ca_handle_confirm_page (CaRequest *req)
{
  g_autofree char *storage = NULL;
  const char *token = query_value (req->msg, "token", &storage);
  g_autofree char *home = NULL;
  g_autofree char *html = NULL;

  if (!confirm_token (req, token))
    return;

  home = ca_html_escape (req->server->public_url);
  html = g_strdup_printf (
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Votre compte MonParis est validé</title>\n"
    "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}"
    "a{display:inline-block;margin:.5em 1em .5em 0}</style>\n</head>\n<body>\n<main>\n"
    "<h1>Votre compte MonParis est validé</h1>\n"
    "<p>Vous pouvez maintenant vous connecter dans l’application Cours d’Adultes de Paris "
    "avec votre adresse électronique et votre mot de passe.</p>\n"
    "<p><a href=\"%s/\">Poursuivre ma démarche</a>\n"
    "<a href=\"https://moncompte.paris.fr/\">Accéder à mon tableau de bord</a></p>\n"
    "</main>\n</body>\n</html>\n", home);

  ca_http_send_html (req->msg, 200, html);
}

/* --- session -------------------------------------------------------------------------- */

static void
send_locked (SoupServerMessage *msg,
             guint              retry_after)
{
  g_autoptr(GError) error = g_error_new_literal (CA_ERROR, CA_ERROR_TOO_MANY_ATTEMPTS,
                                                 "too many attempts");

  ca_error_set_retry_after (error, retry_after);
  ca_http_send_error (msg, error);
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = G_TASK (result);
  PasswordJob *job = g_task_get_task_data (task);
  CaServer *server = job->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  gint64 now_ms = g_get_real_time () / 1000;
  guint retry_after = 0;

  g_task_propagate_boolean (task, NULL);

  if (!job->verified)
    {
      if (!ca_accounts_login_failed (server->db, job->email, now_ms / 1000, &error)
          || !ca_accounts_login_throttle (server->db, job->email, now_ms / 1000, &retry_after,
                                          &error))
        ca_http_send_error (job->msg, error);
      else if (retry_after > 0)
        send_locked (job->msg, retry_after);
      else
        ca_http_send_error_code (job->msg, CA_ERROR_INVALID_CREDENTIALS, NULL);
      ca_server_resume (server, job->msg);
      return;
    }

  if (!job->login.confirmed)
    {
      ca_http_send_error_code (job->msg, CA_ERROR_ACCOUNT_NOT_CONFIRMED, NULL);
      ca_server_resume (server, job->msg);
      return;
    }

  token = ca_token_new ();
  token_hash = ca_token_hash (token);
  if (!ca_accounts_login_succeeded (server->db, job->email, &error)
      || !ca_accounts_token_create (server->db, job->login.id, token_hash, now_ms, &error))
    {
      ca_http_send_error (job->msg, error);
      ca_server_resume (server, job->msg);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_string (b, "token", token);
  ca_json_add_time (b, "expires_at", now_ms / 1000 + server->opts.session_idle_timeout);
  ca_json_add_bool (b, "profile_complete", job->login.profile_complete);
  json_builder_end_object (b);
  ca_http_send_builder (job->msg, 200, b);
  ca_server_resume (server, job->msg);
}

void
ca_handle_session_create (CaRequest *req)
{
  g_autoptr(JsonNode) root = ca_request_json_body (req);
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  const char *email_in, *password;
  PasswordJob *job;
  guint retry_after = 0;

  if (root == NULL)
    return;
  if (!ca_json_get_string (json_node_get_object (root), "email", &email_in, &error)
      || !ca_json_get_string (json_node_get_object (root), "password", &password, &error))
    {
      ca_request_fail (req, error);
      return;
    }
  if (email_in == NULL || password == NULL)
    {
      ca_http_send_error_code (req->msg, CA_ERROR_INVALID_CREDENTIALS, NULL);
      return;
    }

  email = ca_accounts_normalize_email (email_in);
  if (!ca_accounts_login_throttle (req->server->db, email, ca_db_now (), &retry_after, &error))
    {
      ca_request_fail (req, error);
      return;
    }
  if (retry_after > 0)
    {
      send_locked (req->msg, retry_after);
      return;
    }

  job = password_job_new (req, email, password);
  if (!ca_accounts_find (req->server->db, email, &job->login, &job->found, &error))
    {
      password_job_free (job);
      ca_request_fail (req, error);
      return;
    }

  run_password_job (req, job, verify_thread, logged_in_cb);
}

void
ca_handle_session_delete (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gboolean present;
  const char *value;

  if (!ca_request_authenticate (req))
    return;

  value = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                        "Authorization");
  present = value != NULL && strlen (value) > 7;
  if (present)
    {
      const char *token = value + 7;

      while (*token == ' ')
        token++;
      hash = ca_token_hash (token);
      if (!ca_accounts_token_revoke (req->server->db, hash, &error))
        {
          ca_request_fail (req, error);
          return;
        }
    }

  ca_http_send_empty (req->msg, 204);
}

/* --- profile -------------------------------------------------------------------------- */

static void
send_profile (SoupServerMessage *msg,
              CaProfile         *profile)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  for (int f = CA_PROFILE_EMAIL; f < CA_PROFILE_N_FIELDS; f++)
    ca_json_add_string (b, ca_profile_field_to_string (f), ca_profile_get (profile, f));
  ca_json_add_bool (b, "complete", ca_profile_get_complete (profile));
  json_builder_end_object (b);
  ca_http_send_builder (msg, 200, b);
}

void
ca_handle_profile_get (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProfile) profile = NULL;

  if (!ca_request_authenticate (req))
    return;

  profile = ca_accounts_profile_load (req->server->db, req->account_id, &error);
  if (profile == NULL)
    {
      ca_request_fail (req, error);
      return;
    }

  send_profile (req->msg, profile);
}

static GDate *
paris_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ca_paris_time_zone ());

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

void
ca_handle_profile_put (CaRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProfile) profile = NULL;
  g_autoptr(CaProfile) stored = NULL;
  g_autoptr(CaIndex) index = NULL;
  g_autoptr(GDate) today = paris_today ();
  gboolean first = FALSE;
  guint absent = 0;

  if (!ca_request_authenticate (req))
    return;
  root = ca_request_json_body (req);
  if (root == NULL)
    return;

  profile = ca_profile_new ();
  for (int f = CA_PROFILE_CIVILITY; f <= CA_PROFILE_HEARD_FROM; f++)
    {
      const char *value;
      g_autofree char *trimmed = NULL;

      if (!ca_json_get_string (json_node_get_object (root), ca_profile_field_to_string (f), &value,
                               &error))
        {
          ca_request_fail (req, error);
          return;
        }
      if (value != NULL)
        trimmed = g_strstrip (g_strdup (value));
      else
        absent |= 1u << f;
      /* A blank phone is no phone; any other blank field stays blank, so that it is reported
       * as missing, and a blank name differs from the stored one. */
      if (trimmed != NULL && *trimmed == '\0'
          && (f == CA_PROFILE_PHONE_MOBILE || f == CA_PROFILE_PHONE_OTHER))
        g_clear_pointer (&trimmed, g_free);
      ca_profile_set (profile, f, trimmed);
    }

  index = ca_server_get_index (req->server, &error);
  if (index == NULL
      || !ca_accounts_profile_save (req->server->db, req->account_id, profile, absent,
                                    (const char * const *) index->heard_from_ids, today, &first,
                                    &error)
      || (stored = ca_accounts_profile_load (req->server->db, req->account_id, &error)) == NULL)
    {
      ca_request_fail (req, error);
      return;
    }

  if (first)
    {
      g_autofree char *body = g_strdup_printf (
        "Bonjour %s %s,\n\n"
        "Votre profil Cours d'Adultes de Paris est créé. Vous pouvez maintenant rechercher une "
        "formation et enregistrer vos candidatures.\n\n"
        "Vous pourrez retrouver ces informations à tout moment dans « Mon profil ».\n\n"
        "Le Service des Cours d'Adultes de la Ville de Paris\n",
        ca_profile_get (stored, CA_PROFILE_FIRST_NAME),
        ca_profile_get (stored, CA_PROFILE_LAST_NAME));

      ca_server_send_mail (req->server, ca_profile_get (stored, CA_PROFILE_EMAIL), PROFILE_SUBJECT,
                           body);
    }

  send_profile (req->msg, stored);
}

/* --- contact -------------------------------------------------------------------------- */

void
ca_handle_contact (CaRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = fields_new ();
  g_autofree char *account_email = NULL;
  g_autofree char *mail_subject = NULL;
  g_autofree char *mail_body = NULL;
  g_autofree char *email = NULL;
  const char *subject, *message, *email_in, *problem;
  gint64 id;
  JsonObject *obj;

  if (!ca_request_authenticate_optional (req))
    return;
  root = ca_request_json_body (req);
  if (root == NULL)
    return;
  obj = json_node_get_object (root);

  if (!ca_json_get_string (obj, "subject", &subject, &error)
      || !ca_json_get_string (obj, "message", &message, &error)
      || !ca_json_get_string (obj, "email", &email_in, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  if (!ca_rules_check_text (subject, CA_MAX_FIELD_LENGTH, &problem))
    add_field (fields, "subject", problem);
  if (!ca_rules_check_multiline_text (message, CA_MAX_MESSAGE_LENGTH, &problem))
    add_field (fields, "message", problem);

  if (req->account_id > 0)
    {
      if (!ca_accounts_get_email (req->server->db, req->account_id, &account_email, &error))
        {
          ca_request_fail (req, error);
          return;
        }
      email = g_strdup (account_email);
    }
  else
    {
      email = email_in != NULL ? g_strstrip (g_strdup (email_in)) : NULL;
      if (!ca_rules_check_email (email, &problem))
        add_field (fields, "email", problem);
    }

  if (g_hash_table_size (fields) > 0)
    {
      ca_http_send_fields (req->msg, fields);
      return;
    }

  if (!ca_accounts_contact_store (req->server->db, req->account_id, email, subject, message,
                                  ca_db_now (), &id, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  mail_subject = g_strdup_printf ("Contact : %s", subject);
  mail_body = g_strdup_printf ("Message n° %" G_GINT64_FORMAT
                               " reçu par le formulaire de contact.\n"
                               "De : %s%s\nObjet : %s\n\n%s\n", id, email,
                               req->account_id > 0 ? " (compte Mon Paris)" : "", subject,
                               message);
  {
    g_autoptr(GError) mail_error = NULL;

    if (!ca_mail_write (req->server->opts.mail_dir, CA_SERVICE_MAIL_FROM,
                        CA_SERVICE_CONTACT_ADDRESS, mail_subject, mail_body, NULL, &mail_error))
      g_warning ("contact message %" G_GINT64_FORMAT " not mailed: %s", id, mail_error->message);
  }

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    ca_json_add_int (b, "id", id);
    ca_json_add_string (b, "status", "received");
    json_builder_end_object (b);
    ca_http_send_builder (req->msg, 201, b);
  }
}
