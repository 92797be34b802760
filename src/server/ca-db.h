/* ca-db.h — the service's SQLite database: schema, migrations, cached statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _CaDb CaDb;

/* A statement from the cache; release it (reset + clear bindings) with g_autoptr (CaStmt) so
 * that no read transaction stays open behind the caller's back. */
typedef sqlite3_stmt CaStmt;
void          ca_stmt_release        (CaStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaStmt, ca_stmt_release)

/* Opens (creating when missing) and migrates the database: WAL, synchronous=NORMAL,
 * foreign_keys=ON, busy_timeout. */
CaDb         *ca_db_open             (const char  *path,
                                      GError     **error);
/* synchronous=FULL when @durable (every commit survives a power cut), else NORMAL (every
 * commit survives the process being killed; a power cut may lose the last ones). */
gboolean      ca_db_set_durable      (CaDb        *db,
                                      gboolean     durable,
                                      GError     **error);
void          ca_db_free             (CaDb        *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaDb, ca_db_free)

sqlite3      *ca_db_get_handle       (CaDb        *db);
int           ca_db_get_schema_version (CaDb      *db);

/* The cached prepared statement for @sql (NULL and @error set when it cannot be prepared). */
CaStmt       *ca_db_stmt             (CaDb        *db,
                                      const char  *sql,
                                      GError     **error);
/* Runs static SQL without parameters. */
gboolean      ca_db_exec             (CaDb        *db,
                                      const char  *sql,
                                      GError     **error);

/* BEGIN IMMEDIATE: takes the write lock at once, so the checks made inside the transaction
 * still hold when it commits, whoever else (the admin tool) writes the file. */
gboolean      ca_db_begin            (CaDb        *db,
                                      GError     **error);
gboolean      ca_db_commit           (CaDb        *db,
                                      GError     **error);
void          ca_db_rollback         (CaDb        *db);

/* Steps @stmt: SQLITE_ROW → TRUE with *has_row; SQLITE_DONE → TRUE; else FALSE + @error. */
gboolean      ca_db_step             (CaDb        *db,
                                      CaStmt      *stmt,
                                      gboolean    *has_row,
                                      GError     **error);
/* Steps a statement that returns no row. */
gboolean      ca_db_run              (CaDb        *db,
                                      CaStmt      *stmt,
                                      GError     **error);
/* Runs @stmt and fails with a CA_ERROR @code error (@message) when it changed no row. */
gboolean      ca_db_run_changing     (CaDb        *db,
                                      CaStmt      *stmt,
                                      int          code,
                                      const char  *message,
                                      GError     **error);
/* Sets @error from the connection's last error (CA_ERROR_INTERNAL) and logs it. */
void          ca_db_set_error        (CaDb        *db,
                                      GError     **error,
                                      const char  *what);

void          ca_stmt_bind_text      (CaStmt      *stmt,
                                      int          index,
                                      const char  *text);   /* NULL binds NULL */
void          ca_stmt_bind_int64     (CaStmt      *stmt,
                                      int          index,
                                      gint64       value);
char         *ca_stmt_dup_text       (CaStmt      *stmt,
                                      int          column);  /* NULL for NULL */
const char   *ca_stmt_peek_text      (CaStmt      *stmt,
                                      int          column);

/* The catalogue_version counter, bumped by every change of the catalogue (import, opening
 * or closing a period), so that a running service reloads its in-memory copy. */
gboolean      ca_db_get_catalogue_version  (CaDb    *db,
                                            gint64  *out_version,
                                            GError **error);
gboolean      ca_db_bump_catalogue_version (CaDb    *db,
                                            GError **error);

/* Midnight (Europe/Paris) of the day the periods' dates were counted from, when the catalogue
 * gave them as day counts; absent once a period has a date of its own. */
#define CA_META_PERIODS_DATED_FROM "periods_dated_from"

/* Other integers of the meta table; a missing key reads as *out_found = FALSE. */
gboolean      ca_db_get_meta         (CaDb        *db,
                                      const char  *key,
                                      gint64      *out_value,
                                      gboolean    *out_found,
                                      GError     **error);
gboolean      ca_db_set_meta         (CaDb        *db,
                                      const char  *key,
                                      gint64       value,
                                      GError     **error);
gboolean      ca_db_delete_meta      (CaDb        *db,
                                      const char  *key,
                                      GError     **error);

/* Seconds since the Unix epoch. */
gint64        ca_db_now              (void);

G_END_DECLS
