/* ca-db.c — the service's SQLite database: schema, migrations, cached statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-db.h"
#include "ca-error.h"

struct _CaDb
{
  sqlite3    *handle;
  GHashTable *stmts;   /* SQL text → sqlite3_stmt */
};

/* Each entry moves the schema from version N to N + 1 (PRAGMA user_version). Never edit an
 * entry once released: append a new one. */
static const char * const migrations[] = {
  /* 1: the catalogue, accounts, sessions, candidatures, payments, contact messages */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
  "INSERT INTO meta (key, value) VALUES ('catalogue_version', 0);"
  "CREATE TABLE domains ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE periods ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL,"
  "  opens_at INTEGER NOT NULL, closes_at INTEGER NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE establishments ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL,"
  "  arrondissement INTEGER NOT NULL CHECK (arrondissement BETWEEN 1 AND 20));"
  "CREATE TABLE heard_from_options ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE courses ("
  "  id TEXT PRIMARY KEY, title TEXT NOT NULL,"
  "  title_folded TEXT NOT NULL, title_key TEXT NOT NULL,"
  "  domain_id TEXT NOT NULL REFERENCES domains (id),"
  "  period_id TEXT NOT NULL REFERENCES periods (id),"
  "  objective TEXT NOT NULL, audience TEXT NOT NULL, prerequisites TEXT NOT NULL,"
  "  program TEXT NOT NULL, fee_cents INTEGER NOT NULL CHECK (fee_cents >= 0),"
  "  form_json TEXT NOT NULL);"
  "CREATE INDEX courses_by_key ON courses (title_key, id);"
  "CREATE TABLE course_sessions ("
  "  id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES courses (id),"
  "  establishment_id TEXT NOT NULL REFERENCES establishments (id),"
  "  day TEXT NOT NULL, start_min INTEGER NOT NULL, end_min INTEGER NOT NULL,"
  "  slot TEXT NOT NULL, mode TEXT NOT NULL, rhythm TEXT NOT NULL,"
  "  seats INTEGER NOT NULL, position INTEGER NOT NULL);"
  "CREATE INDEX course_sessions_by_course ON course_sessions (course_id, position);"
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,"
  "  confirm_token_hash TEXT NOT NULL UNIQUE, confirmed_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  civility TEXT, last_name TEXT, first_name TEXT, birth_date TEXT, birth_country TEXT,"
  "  address TEXT, postal_code TEXT, city TEXT, phone_mobile TEXT, phone_other TEXT,"
  "  heard_from TEXT, profile_complete INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE auth_tokens ("
  "  token_hash TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL);"
  "CREATE INDEX auth_tokens_by_account ON auth_tokens (account_id);"
  "CREATE TABLE captchas ("
  "  id TEXT PRIMARY KEY, answer TEXT NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE TABLE login_failures (email TEXT NOT NULL, at INTEGER NOT NULL);"
  "CREATE INDEX login_failures_by_email ON login_failures (email, at);"
  "CREATE TABLE candidatures ("
  "  id TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id),"
  "  session_id TEXT NOT NULL REFERENCES course_sessions (id),"
  "  course_id TEXT NOT NULL REFERENCES courses (id),"
  "  status TEXT NOT NULL, reason TEXT, answers_json TEXT,"
  "  convocation_at TEXT, convocation_place TEXT,"
  "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
  "CREATE INDEX candidatures_by_account ON candidatures (account_id, created_at);"
  "CREATE INDEX candidatures_by_status ON candidatures (status, updated_at);"
  "CREATE TABLE payments ("
  "  refdet TEXT PRIMARY KEY,"
  "  candidature_id TEXT NOT NULL REFERENCES candidatures (id),"
  "  amount_cents INTEGER NOT NULL, state TEXT NOT NULL, payment_url TEXT NOT NULL,"
  "  numauto TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
  "CREATE INDEX payments_by_candidature ON payments (candidature_id, created_at);"
  "CREATE TABLE contact_messages ("
  "  id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts (id),"
  "  email TEXT NOT NULL, subject TEXT NOT NULL, message TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);",
};

void
ca_stmt_release (CaStmt *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

void
ca_db_set_error (CaDb        *db,
                 GError     **error,
                 const char  *what)
{
  const char *msg = sqlite3_errmsg (db->handle);

  g_warning ("database: %s: %s", what, msg);
  g_set_error (error, CA_ERROR, CA_ERROR_INTERNAL, "%s: %s", what, msg);
}

gboolean
ca_db_exec (CaDb        *db,
            const char  *sql,
            GError     **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db->handle, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_warning ("database: %s", errmsg ? errmsg : "error");
      g_set_error (error, CA_ERROR, CA_ERROR_INTERNAL, "%s", errmsg ? errmsg : "database error");
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

static int
read_user_version (CaDb *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

int
ca_db_get_schema_version (CaDb *db)
{
  return read_user_version (db);
}

static gboolean
migrate (CaDb    *db,
         GError **error)
{
  int version;

  if (!ca_db_begin (db, error))
    return FALSE;

  version = read_user_version (db);
  if (version < 0 || version > (int) G_N_ELEMENTS (migrations))
    {
      ca_db_rollback (db);
      g_set_error (error, CA_ERROR, CA_ERROR_INTERNAL,
                   "unsupported database schema version %d (this program knows up to %u)",
                   version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (guint i = version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!ca_db_exec (db, migrations[i], error) || !ca_db_exec (db, bump, error))
        {
          ca_db_rollback (db);
          return FALSE;
        }
    }

  return ca_db_commit (db, error);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

CaDb *
ca_db_open (const char  *path,
            GError     **error)
{
  g_autoptr(CaDb) db = g_new0 (CaDb, 1);
  int rc;

  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);

  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INTERNAL, "cannot open database %s: %s", path,
                   db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (db->handle, 1);
  /* The admin tool writes the same file while the service runs: wait for the lock. */
  sqlite3_busy_timeout (db->handle, 10000);

  /* WAL lets readers go on while the admin tool writes. In WAL mode synchronous=NORMAL
   * writes each transaction to the WAL before COMMIT returns and only syncs at checkpoints:
   * an acknowledged write survives the process being killed, and only a power cut (or an
   * OS crash) can lose the last transactions. FULL, which syncs every commit and costs about
   * two thirds of the write throughput on disk, is ca_db_set_durable (). */
  if (!ca_db_exec (db, "PRAGMA journal_mode = WAL", error)
      || !ca_db_set_durable (db, FALSE, error)
      || !ca_db_exec (db, "PRAGMA foreign_keys = ON", error)
      || !migrate (db, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return g_steal_pointer (&db);
}

gboolean
ca_db_set_durable (CaDb      *db,
                   gboolean   durable,
                   GError   **error)
{
  return ca_db_exec (db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                     error);
}

void
ca_db_free (CaDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->stmts, g_hash_table_unref);
  if (db->handle != NULL)
    {
      /* Folds the WAL back into the database file so a clean stop leaves one file. */
      sqlite3_exec (db->handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (db->handle);
    }
  g_free (db);
}

sqlite3 *
ca_db_get_handle (CaDb *db)
{
  return db->handle;
}

CaStmt *
ca_db_stmt (CaDb        *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      ca_db_set_error (db, error, "prepare");
      return NULL;
    }

  g_hash_table_insert (db->stmts, g_strdup (sql), stmt);

  return stmt;
}

gboolean
ca_db_step (CaDb      *db,
            CaStmt    *stmt,
            gboolean  *has_row,
            GError   **error)
{
  int rc = sqlite3_step (stmt);

  if (has_row != NULL)
    *has_row = (rc == SQLITE_ROW);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  ca_db_set_error (db, error, "step");
  return FALSE;
}

gboolean
ca_db_run (CaDb     *db,
           CaStmt   *stmt,
           GError  **error)
{
  return ca_db_step (db, stmt, NULL, error);
}

gboolean
ca_db_run_changing (CaDb        *db,
                    CaStmt      *stmt,
                    int          code,
                    const char  *message,
                    GError     **error)
{
  if (!ca_db_run (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error_literal (error, CA_ERROR, code, message);
      return FALSE;
    }

  return TRUE;
}

gboolean
ca_db_begin (CaDb    *db,
             GError **error)
{
  return ca_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
ca_db_commit (CaDb    *db,
              GError **error)
{
  if (ca_db_exec (db, "COMMIT", error))
    return TRUE;

  ca_db_rollback (db);
  return FALSE;
}

void
ca_db_rollback (CaDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

void
ca_stmt_bind_text (CaStmt     *stmt,
                   int         index,
                   const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
ca_stmt_bind_int64 (CaStmt *stmt,
                    int     index,
                    gint64  value)
{
  sqlite3_bind_int64 (stmt, index, value);
}

const char *
ca_stmt_peek_text (CaStmt *stmt,
                   int     column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
ca_stmt_dup_text (CaStmt *stmt,
                  int     column)
{
  return g_strdup (ca_stmt_peek_text (stmt, column));
}

gboolean
ca_db_bump_catalogue_version (CaDb    *db,
                              GError **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "UPDATE meta SET value = value + 1 WHERE key = 'catalogue_version'", error);

  return stmt != NULL && ca_db_run (db, stmt, error);
}

gboolean
ca_db_get_meta (CaDb        *db,
                const char  *key,
                gint64      *out_value,
                gboolean    *out_found,
                GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, "SELECT value FROM meta WHERE key = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, key);
  if (!ca_db_step (db, stmt, out_found, error))
    return FALSE;

  *out_value = *out_found ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
ca_db_get_catalogue_version (CaDb    *db,
                             gint64  *out_version,
                             GError **error)
{
  gboolean found;

  return ca_db_get_meta (db, "catalogue_version", out_version, &found, error);
}

gboolean
ca_db_set_meta (CaDb        *db,
                const char  *key,
                gint64       value,
                GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "INSERT INTO meta (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, key);
  ca_stmt_bind_int64 (stmt, 2, value);
  return ca_db_run (db, stmt, error);
}

gboolean
ca_db_delete_meta (CaDb        *db,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, "DELETE FROM meta WHERE key = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, key);
  return ca_db_run (db, stmt, error);
}

gint64
ca_db_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}
