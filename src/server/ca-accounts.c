/* ca-accounts.c — accounts, captchas, login throttling, session tokens and profiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-accounts.h"
#include "ca-error.h"

/* Tokens are touched at most this often: a busy client polling its candidatures should not
 * cost a durable write per request. */
#define TOKEN_TOUCH_INTERVAL 60

char *
ca_accounts_normalize_email (const char *email)
{
  g_autofree char *copy = g_strdup (email != NULL ? email : "");

  return g_ascii_strdown (g_strstrip (copy), -1);
}

gboolean
ca_accounts_captcha_store (CaDb        *db,
                           const char  *id,
                           const char  *answer,
                           gint64       now,
                           GError     **error)
{
  g_autoptr(CaStmt) purge = ca_db_stmt (db, "DELETE FROM captchas WHERE expires_at <= ?", error);
  g_autoptr(CaStmt) insert = NULL;

  if (purge == NULL)
    return FALSE;
  ca_stmt_bind_int64 (purge, 1, now);
  if (!ca_db_run (db, purge, error))
    return FALSE;

  insert = ca_db_stmt (db, "INSERT INTO captchas (id, answer, expires_at) VALUES (?, ?, ?)",
                       error);
  if (insert == NULL)
    return FALSE;
  ca_stmt_bind_text (insert, 1, id);
  ca_stmt_bind_text (insert, 2, answer);
  ca_stmt_bind_int64 (insert, 3, now + CA_CAPTCHA_LIFETIME);

  return ca_db_run (db, insert, error);
}

gboolean
ca_accounts_captcha_take (CaDb        *db,
                          const char  *id,
                          gint64       now,
                          char       **out_answer,
                          GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "DELETE FROM captchas WHERE id = ? RETURNING answer, expires_at", error);
  gboolean has_row;

  *out_answer = NULL;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && sqlite3_column_int64 (stmt, 1) > now)
    *out_answer = ca_stmt_dup_text (stmt, 0);

  /* Finish the statement so the DELETE is complete before the caller goes on. */
  while (has_row && ca_db_step (db, stmt, &has_row, NULL))
    ;

  return TRUE;
}

gboolean
ca_accounts_email_taken (CaDb        *db,
                         const char  *email,
                         gboolean    *out_taken,
                         GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, "SELECT 1 FROM accounts WHERE email = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, email);

  return ca_db_step (db, stmt, out_taken, error);
}

gboolean
ca_accounts_create (CaDb        *db,
                    const char  *email,
                    const char  *password_hash,
                    const char  *confirm_token_hash,
                    gint64       now,
                    GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "INSERT INTO accounts (email, password_hash, confirm_token_hash, created_at)"
    " VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, email);
  ca_stmt_bind_text (stmt, 2, password_hash);
  ca_stmt_bind_text (stmt, 3, confirm_token_hash);
  ca_stmt_bind_int64 (stmt, 4, now);

  return ca_db_run_changing (db, stmt, CA_ERROR_EMAIL_TAKEN, "email taken", error);
}

gboolean
ca_accounts_confirm (CaDb        *db,
                     const char  *confirm_token_hash,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "UPDATE accounts SET confirmed_at = COALESCE (confirmed_at, ?)"
    " WHERE confirm_token_hash = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_int64 (stmt, 1, now);
  ca_stmt_bind_text (stmt, 2, confirm_token_hash);

  return ca_db_run_changing (db, stmt, CA_ERROR_NOT_FOUND, "unknown token", error);
}

void
ca_account_login_clear (CaAccountLogin *login)
{
  g_clear_pointer (&login->email, g_free);
  g_clear_pointer (&login->password_hash, g_free);
}

gboolean
ca_accounts_find (CaDb            *db,
                  const char      *email,
                  CaAccountLogin  *out,
                  gboolean        *out_found,
                  GError         **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, email, password_hash, confirmed_at IS NOT NULL, profile_complete"
    " FROM accounts WHERE email = ?", error);

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, email);
  if (!ca_db_step (db, stmt, out_found, error))
    return FALSE;

  if (*out_found)
    {
      out->id = sqlite3_column_int64 (stmt, 0);
      out->email = ca_stmt_dup_text (stmt, 1);
      out->password_hash = ca_stmt_dup_text (stmt, 2);
      out->confirmed = sqlite3_column_int (stmt, 3) != 0;
      out->profile_complete = sqlite3_column_int (stmt, 4) != 0;
    }

  return TRUE;
}

gboolean
ca_accounts_get_email (CaDb    *db,
                       gint64   account_id,
                       char   **out_email,
                       GError **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, "SELECT email FROM accounts WHERE id = ?", error);
  gboolean has_row;

  *out_email = NULL;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_int64 (stmt, 1, account_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_UNAUTHORIZED, "account gone");
      return FALSE;
    }

  *out_email = ca_stmt_dup_text (stmt, 0);
  return TRUE;
}

gboolean
ca_accounts_login_throttle (CaDb        *db,
                            const char  *email,
                            gint64       now,
                            guint       *out_retry_after,
                            GError     **error)
{
  /* Locked while more than CA_LOGIN_MAX_FAILURES failures lie in the window: until the
   * (CA_LOGIN_MAX_FAILURES + 1)-th most recent one leaves it. */
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT at FROM login_failures WHERE email = ? AND at > ? ORDER BY at DESC"
    " LIMIT 1 OFFSET ?", error);
  gboolean has_row;

  *out_retry_after = 0;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, email);
  ca_stmt_bind_int64 (stmt, 2, now - CA_LOGIN_WINDOW);
  ca_stmt_bind_int64 (stmt, 3, CA_LOGIN_MAX_FAILURES);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;

  if (has_row)
    *out_retry_after = MAX (1, sqlite3_column_int64 (stmt, 0) + CA_LOGIN_WINDOW - now);

  return TRUE;
}

gboolean
ca_accounts_login_failed (CaDb        *db,
                          const char  *email,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(CaStmt) purge = ca_db_stmt (db,
    "DELETE FROM login_failures WHERE at <= ?", error);
  g_autoptr(CaStmt) insert = NULL;

  if (purge == NULL)
    return FALSE;
  ca_stmt_bind_int64 (purge, 1, now - CA_LOGIN_WINDOW);
  if (!ca_db_run (db, purge, error))
    return FALSE;

  insert = ca_db_stmt (db, "INSERT INTO login_failures (email, at) VALUES (?, ?)", error);
  if (insert == NULL)
    return FALSE;
  ca_stmt_bind_text (insert, 1, email);
  ca_stmt_bind_int64 (insert, 2, now);

  return ca_db_run (db, insert, error);
}

gboolean
ca_accounts_login_succeeded (CaDb        *db,
                             const char  *email,
                             GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, "DELETE FROM login_failures WHERE email = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, email);

  return ca_db_run (db, stmt, error);
}

gboolean
ca_accounts_token_create (CaDb        *db,
                          gint64       account_id,
                          const char  *token_hash,
                          gint64       now_ms,
                          GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "INSERT INTO auth_tokens (token_hash, account_id, created_at, last_used_at)"
    " VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, token_hash);
  ca_stmt_bind_int64 (stmt, 2, account_id);
  ca_stmt_bind_int64 (stmt, 3, now_ms);
  ca_stmt_bind_int64 (stmt, 4, now_ms);

  return ca_db_run (db, stmt, error);
}

gboolean
ca_accounts_token_check (CaDb        *db,
                         const char  *token_hash,
                         gint64       now_ms,
                         guint        idle_timeout,
                         gint64      *out_account_id,
                         GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT account_id, last_used_at FROM auth_tokens WHERE token_hash = ?", error);
  gint64 idle_ms = (gint64) idle_timeout * 1000;
  gint64 last_used;
  gboolean has_row;

  *out_account_id = 0;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, token_hash);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_UNAUTHORIZED, "unknown token");
      return FALSE;
    }

  *out_account_id = sqlite3_column_int64 (stmt, 0);
  last_used = sqlite3_column_int64 (stmt, 1);
  ca_stmt_release (stmt);

  if (now_ms - last_used >= idle_ms)
    {
      ca_accounts_token_revoke (db, token_hash, NULL);
      *out_account_id = 0;
      g_set_error_literal (error, CA_ERROR, CA_ERROR_UNAUTHORIZED, "expired token");
      return FALSE;
    }

  if (now_ms - last_used >= MIN (TOKEN_TOUCH_INTERVAL * 1000, idle_ms / 4))
    {
      g_autoptr(CaStmt) touch = ca_db_stmt (db,
        "UPDATE auth_tokens SET last_used_at = ? WHERE token_hash = ?", error);

      if (touch == NULL)
        return FALSE;
      ca_stmt_bind_int64 (touch, 1, now_ms);
      ca_stmt_bind_text (touch, 2, token_hash);
      if (!ca_db_run (db, touch, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ca_accounts_token_revoke (CaDb        *db,
                          const char  *token_hash,
                          GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, "DELETE FROM auth_tokens WHERE token_hash = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, token_hash);

  return ca_db_run (db, stmt, error);
}

/* --- profile -------------------------------------------------------------------------- */

/* Columns of accounts in CaProfileField order, CA_PROFILE_CIVILITY to CA_PROFILE_HEARD_FROM. */
#define PROFILE_COLUMNS \
  "civility, last_name, first_name, birth_date, birth_country, address, postal_code, city," \
  " phone_mobile, phone_other, heard_from"

CaProfile *
ca_accounts_profile_load (CaDb    *db,
                          gint64   account_id,
                          GError **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT email, profile_complete, " PROFILE_COLUMNS " FROM accounts WHERE id = ?", error);
  g_autoptr(CaProfile) profile = NULL;
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  ca_stmt_bind_int64 (stmt, 1, account_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_UNAUTHORIZED, "account gone");
      return NULL;
    }

  profile = ca_profile_new ();
  ca_profile_set (profile, CA_PROFILE_EMAIL, ca_stmt_peek_text (stmt, 0));
  ca_profile_set_complete (profile, sqlite3_column_int (stmt, 1) != 0);
  for (int f = CA_PROFILE_CIVILITY; f <= CA_PROFILE_HEARD_FROM; f++)
    ca_profile_set (profile, f, ca_stmt_peek_text (stmt, 2 + f - CA_PROFILE_CIVILITY));

  return g_steal_pointer (&profile);
}

gboolean
ca_accounts_profile_complete (CaDb      *db,
                              gint64     account_id,
                              gboolean  *out_complete,
                              GError   **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT profile_complete FROM accounts WHERE id = ?", error);
  gboolean has_row;

  *out_complete = FALSE;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_int64 (stmt, 1, account_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  *out_complete = has_row && sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

static const CaProfileField read_only_fields[] = { CA_PROFILE_LAST_NAME, CA_PROFILE_FIRST_NAME };

static gboolean
check_and_store_profile (CaDb               *db,
                         gint64              account_id,
                         CaProfile          *profile,
                         guint               absent_fields,
                         const char * const *heard_from_ids,
                         GDate              *today,
                         gboolean           *out_first,
                         GError            **error)
{
  g_autoptr(CaProfile) stored = ca_accounts_profile_load (db, account_id, error);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(CaStmt) stmt = NULL;

  if (stored == NULL)
    return FALSE;

  if (ca_profile_get_complete (stored))
    {
      for (guint i = 0; i < G_N_ELEMENTS (read_only_fields); i++)
        {
          const char *old = ca_profile_get (stored, read_only_fields[i]);

          /* Not sending a read-only name (or sending null) keeps it; a blank one is a change. */
          if (ca_profile_get (profile, read_only_fields[i]) == NULL
              && (absent_fields & (1u << read_only_fields[i])))
            ca_profile_set (profile, read_only_fields[i], old);
        }
    }

  fields = ca_profile_validate (profile, heard_from_ids, today);
  if (ca_profile_get_complete (stored))
    {
      for (guint i = 0; i < G_N_ELEMENTS (read_only_fields); i++)
        {
          const char *old = ca_profile_get (stored, read_only_fields[i]);
          const char *new = ca_profile_get (profile, read_only_fields[i]);

          if (g_strcmp0 (old, new) != 0)
            g_hash_table_replace (fields,
                                  g_strdup (ca_profile_field_to_string (read_only_fields[i])),
                                  g_strdup ("Le nom et le prénom ne peuvent plus être modifiés "
                                            "ici : rendez-vous sur atlas.paris.fr."));
        }
    }

  if (g_hash_table_size (fields) > 0)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_VALIDATION_FAILED, "invalid profile");
      ca_error_set_fields (*error, fields);
      return FALSE;
    }

  stmt = ca_db_stmt (db,
    "UPDATE accounts SET civility = ?, last_name = ?, first_name = ?, birth_date = ?,"
    " birth_country = ?, address = ?, postal_code = ?, city = ?, phone_mobile = ?,"
    " phone_other = ?, heard_from = ?, profile_complete = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (int f = CA_PROFILE_CIVILITY; f <= CA_PROFILE_HEARD_FROM; f++)
    {
      const char *value = ca_profile_get (profile, f);
      g_autofree char *trimmed = value != NULL ? g_strstrip (g_strdup (value)) : NULL;

      ca_stmt_bind_text (stmt, 1 + f - CA_PROFILE_CIVILITY,
                         trimmed != NULL && *trimmed != '\0' ? trimmed : NULL);
    }
  ca_stmt_bind_int64 (stmt, 12, account_id);
  if (!ca_db_run (db, stmt, error))
    return FALSE;

  *out_first = !ca_profile_get_complete (stored);
  return TRUE;
}

gboolean
ca_accounts_profile_save (CaDb               *db,
                          gint64              account_id,
                          CaProfile          *profile,
                          guint               absent_fields,
                          const char * const *heard_from_ids,
                          GDate              *today,
                          gboolean           *out_first,
                          GError            **error)
{
  *out_first = FALSE;
  if (!ca_db_begin (db, error))
    return FALSE;

  if (!check_and_store_profile (db, account_id, profile, absent_fields, heard_from_ids, today,
                                out_first, error))
    {
      ca_db_rollback (db);
      return FALSE;
    }

  return ca_db_commit (db, error);
}

gboolean
ca_accounts_contact_store (CaDb        *db,
                           gint64       account_id,
                           const char  *email,
                           const char  *subject,
                           const char  *message,
                           gint64       now,
                           gint64      *out_id,
                           GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "INSERT INTO contact_messages (account_id, email, subject, message, created_at)"
    " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  if (account_id > 0)
    ca_stmt_bind_int64 (stmt, 1, account_id);
  else
    sqlite3_bind_null (stmt, 1);
  ca_stmt_bind_text (stmt, 2, email);
  ca_stmt_bind_text (stmt, 3, subject);
  ca_stmt_bind_text (stmt, 4, message);
  ca_stmt_bind_int64 (stmt, 5, now);
  if (!ca_db_run (db, stmt, error))
    return FALSE;

  *out_id = sqlite3_last_insert_rowid (ca_db_get_handle (db));
  return TRUE;
}
