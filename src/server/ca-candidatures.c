/* ca-candidatures.c — candidatures, their rules and status changes, payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-accounts.h"
#include "ca-candidatures.h"
#include "ca-crypto.h"
#include "ca-error.h"
#include "ca-http.h"
#include "ca-import.h"
#include "ca-rules.h"
#include "ca-status.h"

#define REOPEN_DAYS 30

#define ROW_SELECT \
  "SELECT c.id, c.account_id, c.session_id, c.course_id, c.status, c.reason," \
  " c.convocation_at, c.convocation_place, c.created_at, c.updated_at, co.fee_cents," \
  " p.opens_at, p.closes_at, a.email, co.title," \
  " (SELECT group_concat (refdet, ' ') FROM payments" \
  "   WHERE candidature_id = c.id AND state = 'paid-not-applied')" \
  " FROM candidatures c JOIN courses co ON co.id = c.course_id" \
  " JOIN periods p ON p.id = co.period_id JOIN accounts a ON a.id = c.account_id "

void
ca_candidature_row_free (CaCandidatureRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->session_id);
  g_free (row->course_id);
  g_free (row->reason);
  g_free (row->convocation_at);
  g_free (row->convocation_place);
  g_free (row->email);
  g_free (row->course_title);
  g_free (row->refunds_due);
  g_free (row);
}

void
ca_payment_row_free (CaPaymentRow *row)
{
  if (row == NULL)
    return;

  g_free (row->refdet);
  g_free (row->candidature_id);
  g_free (row->state);
  g_free (row->payment_url);
  g_free (row);
}

static gboolean
set_not_found (GError     **error,
               const char  *what,
               const char  *id)
{
  g_set_error (error, CA_ERROR, CA_ERROR_NOT_FOUND, "no such %s “%s”", what, id);
  return FALSE;
}

static CaCandidatureRow *
read_row (CaStmt *stmt,
          gint64  now)
{
  CaCandidatureRow *row = g_new0 (CaCandidatureRow, 1);

  row->id = ca_stmt_dup_text (stmt, 0);
  row->account_id = sqlite3_column_int64 (stmt, 1);
  row->session_id = ca_stmt_dup_text (stmt, 2);
  row->course_id = ca_stmt_dup_text (stmt, 3);
  if (!ca_status_from_string (ca_stmt_peek_text (stmt, 4), &row->status))
    row->status = CA_STATUS_CANCELLED;
  row->reason = ca_stmt_dup_text (stmt, 5);
  row->convocation_at = ca_stmt_dup_text (stmt, 6);
  row->convocation_place = ca_stmt_dup_text (stmt, 7);
  row->created_at = sqlite3_column_int64 (stmt, 8);
  row->updated_at = sqlite3_column_int64 (stmt, 9);
  row->fee_cents = sqlite3_column_int64 (stmt, 10);
  row->period_open = sqlite3_column_int64 (stmt, 11) <= now
                     && now < sqlite3_column_int64 (stmt, 12);
  row->email = ca_stmt_dup_text (stmt, 13);
  row->course_title = ca_stmt_dup_text (stmt, 14);
  row->refunds_due = ca_stmt_dup_text (stmt, 15);

  return row;
}

gboolean
ca_candidatures_get (CaDb              *db,
                     gint64             account_id,
                     const char        *id,
                     gint64             now,
                     CaCandidatureRow **out,
                     GError           **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    ROW_SELECT "WHERE c.id = ?1 AND (?2 = 0 OR c.account_id = ?2)", error);
  gboolean has_row;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, id);
  ca_stmt_bind_int64 (stmt, 2, account_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  /* Someone else's candidature is answered exactly like an unknown one. */
  if (!has_row)
    return set_not_found (error, "candidature", id);

  *out = read_row (stmt, now);
  return TRUE;
}

static gboolean
collect_rows (CaDb       *db,
              CaStmt     *stmt,
              gint64      now,
              GPtrArray **out,
              GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean has_row = FALSE;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_candidature_row_free);
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    g_ptr_array_add (rows, read_row (stmt, now));
  if (has_row)
    return FALSE;

  *out = g_steal_pointer (&rows);
  return TRUE;
}

gboolean
ca_candidatures_list (CaDb       *db,
                      gint64      account_id,
                      gint64      now,
                      GPtrArray **out,
                      GError    **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    ROW_SELECT "WHERE c.account_id = ? ORDER BY c.created_at, c.rowid", error);

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_int64 (stmt, 1, account_id);

  return collect_rows (db, stmt, now, out, error);
}

gboolean
ca_candidatures_list_all (CaDb        *db,
                          const char  *status,
                          gint64       now,
                          GPtrArray  **out,
                          GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    ROW_SELECT "WHERE ?1 IS NULL OR c.status = ?1 ORDER BY c.created_at, c.rowid", error);

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, status);

  return collect_rows (db, stmt, now, out, error);
}

/* --- changes -------------------------------------------------------------------------- */

/* Runs @func inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it fails). */
typedef gboolean (*TxFunc) (CaDb *db, gpointer data, GError **error);

static gboolean
in_transaction (CaDb     *db,
                TxFunc    func,
                gpointer  data,
                GError  **error)
{
  if (!ca_db_begin (db, error))
    return FALSE;

  if (!func (db, data, error))
    {
      ca_db_rollback (db);
      return FALSE;
    }

  return ca_db_commit (db, error);
}

static gboolean
update_status (CaDb              *db,
               const char        *id,
               CaStatus           status,
               const char        *reason,
               gint64             now,
               GError           **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "UPDATE candidatures SET status = ?, reason = ?, updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, ca_status_to_string (status));
  ca_stmt_bind_text (stmt, 2, reason);
  ca_stmt_bind_int64 (stmt, 3, now);
  ca_stmt_bind_text (stmt, 4, id);

  return ca_db_run (db, stmt, error);
}

typedef struct
{
  gint64       account_id;
  const char  *session_id;
  gint64       now;
  char        *new_id;
} CreateData;

static gboolean
session_lookup (CaDb        *db,
                const char  *session_id,
                char       **out_course_id,
                int         *out_day_start_end,   /* [3]: day index unused, start, end */
                char       **out_day,
                gboolean    *out_open,
                gint64       now,
                GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT s.course_id, s.day, s.start_min, s.end_min, p.opens_at, p.closes_at"
    " FROM course_sessions s JOIN courses c ON c.id = s.course_id"
    " JOIN periods p ON p.id = c.period_id WHERE s.id = ?", error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, session_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, "session", session_id);

  *out_course_id = ca_stmt_dup_text (stmt, 0);
  *out_day = ca_stmt_dup_text (stmt, 1);
  out_day_start_end[1] = sqlite3_column_int (stmt, 2);
  out_day_start_end[2] = sqlite3_column_int (stmt, 3);
  *out_open = sqlite3_column_int64 (stmt, 4) <= now && now < sqlite3_column_int64 (stmt, 5);

  return TRUE;
}

static gboolean
require_profile_complete (CaDb     *db,
                          gint64    account_id,
                          GError  **error)
{
  gboolean complete;

  if (!ca_accounts_profile_complete (db, account_id, &complete, error))
    return FALSE;
  if (!complete)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_PROFILE_INCOMPLETE, "profile incomplete");
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_tx (CaDb     *db,
           gpointer  user_data,
           GError  **error)
{
  CreateData *data = user_data;
  g_autofree char *course_id = NULL;
  g_autofree char *day = NULL;
  int hours[3] = { 0 };
  gboolean open = FALSE, has_row = FALSE;
  gboolean same_sheet = FALSE, conflict = FALSE;
  g_autoptr(CaStmt) live = NULL;
  g_autoptr(CaStmt) insert = NULL;

  if (!require_profile_complete (db, data->account_id, error)
      || !session_lookup (db, data->session_id, &course_id, hours, &day, &open, data->now, error))
    return FALSE;

  if (!open)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_PERIOD_CLOSED, "period closed");
      return FALSE;
    }

  live = ca_db_stmt (db,
    "SELECT c.status, c.course_id, s.day, s.start_min, s.end_min FROM candidatures c"
    " JOIN course_sessions s ON s.id = c.session_id WHERE c.account_id = ?", error);
  if (live == NULL)
    return FALSE;
  ca_stmt_bind_int64 (live, 1, data->account_id);
  while (ca_db_step (db, live, &has_row, error) && has_row)
    {
      CaStatus status;

      if (!ca_status_from_string (ca_stmt_peek_text (live, 0), &status)
          || !ca_status_is_live (status))
        continue;
      if (g_strcmp0 (ca_stmt_peek_text (live, 1), course_id) == 0)
        same_sheet = TRUE;
      else if (g_strcmp0 (ca_stmt_peek_text (live, 2), day) == 0
               && ca_hours_overlap (hours[1], hours[2], sqlite3_column_int (live, 3),
                                    sqlite3_column_int (live, 4)))
        conflict = TRUE;
    }
  if (has_row)
    return FALSE;

  if (same_sheet)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_ALREADY_PRESELECTED_FOR_COURSE, "same sheet");
      return FALSE;
    }
  if (conflict)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_TIME_CONFLICT, "time conflict");
      return FALSE;
    }

  data->new_id = ca_random_id ("cand-");
  insert = ca_db_stmt (db,
    "INSERT INTO candidatures (id, account_id, session_id, course_id, status, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  ca_stmt_bind_text (insert, 1, data->new_id);
  ca_stmt_bind_int64 (insert, 2, data->account_id);
  ca_stmt_bind_text (insert, 3, data->session_id);
  ca_stmt_bind_text (insert, 4, course_id);
  ca_stmt_bind_text (insert, 5, ca_status_to_string (CA_STATUS_PRESELECTED));
  ca_stmt_bind_int64 (insert, 6, data->now);
  ca_stmt_bind_int64 (insert, 7, data->now);

  return ca_db_run (db, insert, error);
}

gboolean
ca_candidatures_create (CaDb        *db,
                        gint64       account_id,
                        const char  *session_id,
                        gint64       now,
                        char       **out_id,
                        GError     **error)
{
  CreateData data = { account_id, session_id, now, NULL };

  if (!in_transaction (db, create_tx, &data, error))
    {
      g_free (data.new_id);
      return FALSE;
    }

  *out_id = data.new_id;
  return TRUE;
}

/* A status change by the person or the back office. */
typedef struct
{
  gint64       account_id;   /* 0: back office */
  const char  *id;
  CaAction     action;
  CaErrorCode  refusal;      /* when the status does not allow @action */
  gboolean     needs_open_period;
  gboolean     needs_profile;
  JsonObject  *answers;      /* CONFIRM */
  const char  *reason;       /* REFUSE */
  const char  *at;           /* CONVOKE */
  const char  *place;
  gint64       now;
} ChangeData;

static const char *
question_error (JsonObject *question,
                JsonNode   *answer)
{
  const char *type = json_object_get_string_member (question, "type");
  gboolean required = json_object_get_boolean_member (question, "required");

  if (answer == NULL || JSON_NODE_HOLDS_NULL (answer))
    return required ? "Répondez à cette question." : NULL;

  if (g_str_equal (type, "boolean"))
    {
      if (!JSON_NODE_HOLDS_VALUE (answer) || json_node_get_value_type (answer) != G_TYPE_BOOLEAN)
        return "Répondez par oui ou par non.";
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (answer) || json_node_get_value_type (answer) != G_TYPE_STRING
      || !g_utf8_validate (json_node_get_string (answer), -1, NULL))
    return "Cette réponse doit être un texte.";

  if (g_str_equal (type, "choice"))
    {
      JsonArray *choices = json_object_get_array_member (question, "choices");

      for (guint i = 0; i < json_array_get_length (choices); i++)
        if (g_str_equal (json_array_get_string_element (choices, i), json_node_get_string (answer)))
          return NULL;
      return "Choisissez une des réponses proposées.";
    }
  else
    {
      const char *text = json_node_get_string (answer);
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      if (g_utf8_strlen (text, -1) > CA_ANSWER_MAX_LENGTH)
        return "Cette réponse est trop longue (2000 caractères au plus).";
      if (required && *trimmed == '\0')
        return "Répondez à cette question.";
      return NULL;
    }
}

/* Checks @answers against the sheet's form; on success stores the normalized answers. */
static gboolean
check_answers (CaDb        *db,
               const char  *candidature_id,
               const char  *course_id,
               JsonObject  *answers,
               GError     **error)
{
  g_autoptr(CaStmt) form_stmt = ca_db_stmt (db, "SELECT form_json FROM courses WHERE id = ?",
                                            error);
  g_autoptr(CaStmt) store = NULL;
  g_autoptr(JsonNode) form = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *stored_json = NULL;
  JsonArray *questions;
  gboolean has_row;

  if (form_stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (form_stmt, 1, course_id);
  if (!ca_db_step (db, form_stmt, &has_row, error))
    return FALSE;
  form = has_row ? json_from_string (ca_stmt_peek_text (form_stmt, 0), NULL) : NULL;
  questions = form != NULL && JSON_NODE_HOLDS_ARRAY (form) ? json_node_get_array (form) : NULL;

  json_builder_begin_object (b);
  for (guint i = 0; questions != NULL && i < json_array_get_length (questions); i++)
    {
      JsonObject *q = json_array_get_object_element (questions, i);
      const char *qid = json_object_get_string_member (q, "id");
      JsonNode *answer = answers != NULL ? json_object_get_member (answers, qid) : NULL;
      const char *problem = question_error (q, answer);

      g_hash_table_add (known, (gpointer) qid);
      if (problem != NULL)
        g_hash_table_replace (fields, g_strdup (qid), g_strdup (problem));
      else if (answer != NULL && !JSON_NODE_HOLDS_NULL (answer))
        {
          json_builder_set_member_name (b, qid);
          json_builder_add_value (b, json_node_copy (answer));
        }
    }
  json_builder_end_object (b);

  if (answers != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (answers);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_hash_table_contains (known, l->data))
          g_hash_table_replace (fields, g_strdup (l->data),
                                g_strdup ("Cette question ne fait pas partie de la fiche."));
    }

  if (g_hash_table_size (fields) > 0)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_VALIDATION_FAILED, "invalid answers");
      if (error != NULL)
        ca_error_set_fields (*error, fields);
      return FALSE;
    }

  stored = json_builder_get_root (b);
  stored_json = json_to_string (stored, FALSE);
  store = ca_db_stmt (db, "UPDATE candidatures SET answers_json = ? WHERE id = ?", error);
  if (store == NULL)
    return FALSE;
  ca_stmt_bind_text (store, 1, stored_json);
  ca_stmt_bind_text (store, 2, candidature_id);

  return ca_db_run (db, store, error);
}

static gboolean
count_active (CaDb     *db,
              gint64    account_id,
              guint    *out_count,
              GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT status FROM candidatures WHERE account_id = ?", error);
  gboolean has_row = FALSE;

  *out_count = 0;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_int64 (stmt, 1, account_id);
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaStatus status;

      if (ca_status_from_string (ca_stmt_peek_text (stmt, 0), &status)
          && ca_status_is_active (status))
        (*out_count)++;
    }

  return !has_row;
}

static gboolean
store_convocation (CaDb        *db,
                   const char  *id,
                   const char  *at,
                   const char  *place,
                   GError     **error)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) paris = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(CaStmt) stmt = NULL;

  if (when == NULL)
    {
      g_propagate_error (error,
                         ca_http_invalid ("--at: “%s” is not an ISO 8601 time with offset", at));
      return FALSE;
    }
  if (place == NULL || *place == '\0' || !g_utf8_validate (place, -1, NULL))
    {
      g_propagate_error (error, ca_http_invalid ("--place: a place is needed"));
      return FALSE;
    }

  paris = g_date_time_to_timezone (when, ca_paris_time_zone ());
  normalized = g_date_time_format (paris, "%Y-%m-%dT%H:%M:%S%:z");
  stmt = ca_db_stmt (db,
    "UPDATE candidatures SET convocation_at = ?, convocation_place = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, normalized);
  ca_stmt_bind_text (stmt, 2, place);
  ca_stmt_bind_text (stmt, 3, id);

  return ca_db_run (db, stmt, error);
}

/* A card payment may be under way on PayFiP's page: cancelling now would let it take the money
 * for a candidature that no longer exists. An attempt not notified within
 * CA_PAYMENT_PENDING_SECONDS counts as abandoned. */
static gboolean
check_no_payment_in_progress (CaDb        *db,
                              const char  *candidature_id,
                              gint64       now,
                              GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT refdet FROM payments WHERE candidature_id = ? AND state = 'pending'"
    " AND created_at > ? LIMIT 1", error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, candidature_id);
  ca_stmt_bind_int64 (stmt, 2, now - CA_PAYMENT_PENDING_SECONDS);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_set_error (error, CA_SERVER_ERROR, CA_SERVER_ERROR_PAYMENT_IN_PROGRESS,
                   "candidature %s has a payment in progress", candidature_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
change_tx (CaDb     *db,
           gpointer  user_data,
           GError  **error)
{
  ChangeData *data = user_data;
  g_autoptr(CaCandidatureRow) row = NULL;
  CaStatus next;

  if (!ca_candidatures_get (db, data->account_id, data->id, data->now, &row, error))
    return FALSE;

  if (data->needs_profile && !require_profile_complete (db, row->account_id, error))
    return FALSE;

  if (!ca_status_transition (row->status, data->action, &next))
    {
      if (data->action == CA_ACTION_CONFIRM)
        g_set_error (error, CA_SERVER_ERROR, CA_SERVER_ERROR_NOT_CONFIRMABLE,
                     "candidature %s is %s", row->id, ca_status_to_string (row->status));
      else
        g_set_error (error, CA_ERROR, data->refusal, "candidature %s is %s", row->id,
                     ca_status_to_string (row->status));
      return FALSE;
    }

  if (data->needs_open_period && !row->period_open)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_PERIOD_CLOSED, "period closed");
      return FALSE;
    }

  if (data->action == CA_ACTION_CANCEL && !check_no_payment_in_progress (db, row->id, data->now,
                                                                      error))
    return FALSE;

  if (data->action == CA_ACTION_CONFIRM
      && !check_answers (db, row->id, row->course_id, data->answers, error))
    return FALSE;

  if (data->action == CA_ACTION_CONFIRM)
    {
      guint active;

      if (!count_active (db, row->account_id, &active, error))
        return FALSE;
      if (active >= CA_MAX_ACTIVE_CANDIDATURES)
        {
          g_set_error_literal (error, CA_ERROR, CA_ERROR_TOO_MANY_ACTIVE, "too many active");
          return FALSE;
        }
    }

  if (data->action == CA_ACTION_CONVOKE
      && !store_convocation (db, row->id, data->at, data->place, error))
    return FALSE;

  if (data->action == CA_ACTION_DELETE)
    {
      g_autoptr(CaStmt) stmt = ca_db_stmt (db, "DELETE FROM candidatures WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      ca_stmt_bind_text (stmt, 1, row->id);
      return ca_db_run (db, stmt, error);
    }

  return update_status (db, row->id, next, data->reason, data->now, error);
}

gboolean
ca_candidatures_delete (CaDb        *db,
                        gint64       account_id,
                        const char  *id,
                        GError     **error)
{
  ChangeData data = { .account_id = account_id, .id = id, .action = CA_ACTION_DELETE,
                      .refusal = CA_ERROR_NOT_DELETABLE, .now = ca_db_now () };

  return in_transaction (db, change_tx, &data, error);
}

gboolean
ca_candidatures_confirm (CaDb        *db,
                         gint64       account_id,
                         const char  *id,
                         JsonObject  *answers,
                         gint64       now,
                         GError     **error)
{
  ChangeData data = { .account_id = account_id, .id = id, .action = CA_ACTION_CONFIRM,
                      .needs_open_period = TRUE, .needs_profile = TRUE, .answers = answers,
                      .now = now };

  return in_transaction (db, change_tx, &data, error);
}

gboolean
ca_candidatures_cancel (CaDb        *db,
                        gint64       account_id,
                        const char  *id,
                        gint64       now,
                        GError     **error)
{
  ChangeData data = { .account_id = account_id, .id = id, .action = CA_ACTION_CANCEL,
                      .refusal = CA_ERROR_NOT_CANCELLABLE, .needs_open_period = TRUE,
                      .now = now };

  return in_transaction (db, change_tx, &data, error);
}

gboolean
ca_candidatures_convoke (CaDb        *db,
                         const char  *id,
                         const char  *at,
                         const char  *place,
                         gint64       now,
                         GError     **error)
{
  ChangeData data = { .id = id, .action = CA_ACTION_CONVOKE, .refusal = CA_ERROR_INVALID_REQUEST,
                      .at = at, .place = place, .now = now };

  return in_transaction (db, change_tx, &data, error);
}

gboolean
ca_candidatures_accept (CaDb        *db,
                        const char  *id,
                        gint64       now,
                        GError     **error)
{
  ChangeData data = { .id = id, .action = CA_ACTION_ACCEPT, .refusal = CA_ERROR_INVALID_REQUEST,
                      .now = now };

  return in_transaction (db, change_tx, &data, error);
}

gboolean
ca_candidatures_refuse (CaDb        *db,
                        const char  *id,
                        const char  *reason,
                        gint64       now,
                        GError     **error)
{
  ChangeData data = { .id = id, .action = CA_ACTION_REFUSE, .refusal = CA_ERROR_INVALID_REQUEST,
                      .reason = reason, .now = now };

  return in_transaction (db, change_tx, &data, error);
}

/* A convocation a week later at 18:00, Paris time, at the session's establishment. */
static gboolean
demo_convocation (CaDb        *db,
                  const char  *candidature_id,
                  gint64       now,
                  char       **out_at,
                  char       **out_place,
                  GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT e.name, e.address FROM candidatures c JOIN course_sessions s ON s.id = c.session_id"
    " JOIN establishments e ON e.id = s.establishment_id WHERE c.id = ?", error);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) paris = g_date_time_to_timezone (utc, ca_paris_time_zone ());
  g_autoptr(GDateTime) later = g_date_time_add_days (paris, 7);
  g_autoptr(GDateTime) at = NULL;
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, candidature_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;

  at = g_date_time_new (ca_paris_time_zone (), g_date_time_get_year (later),
                        g_date_time_get_month (later), g_date_time_get_day_of_month (later),
                        18, 0, 0);
  *out_at = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S%:z");
  *out_place = has_row ? g_strdup_printf ("%s, %s", ca_stmt_peek_text (stmt, 0),
                                          ca_stmt_peek_text (stmt, 1))
                       : g_strdup ("Service des Cours d'Adultes");
  return TRUE;
}

gboolean
ca_candidatures_demo_back_office_step (CaDb    *db,
                                       gint64   now,
                                       guint    delay,
                                       guint   *out_changed,
                                       GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (CaStatus));
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, status FROM candidatures WHERE status IN (?, ?) AND updated_at <= ?"
    " ORDER BY updated_at", error);
  gboolean has_row = FALSE;

  *out_changed = 0;
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, ca_status_to_string (CA_STATUS_PENDING));
  ca_stmt_bind_text (stmt, 2, ca_status_to_string (CA_STATUS_CONVOKED));
  ca_stmt_bind_int64 (stmt, 3, now - delay);
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaStatus status = CA_STATUS_PENDING;

      ca_status_from_string (ca_stmt_peek_text (stmt, 1), &status);
      g_ptr_array_add (ids, ca_stmt_dup_text (stmt, 0));
      g_array_append_val (statuses, status);
    }
  if (has_row)
    return FALSE;
  ca_stmt_release (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (g_array_index (statuses, CaStatus, i) == CA_STATUS_PENDING)
        {
          g_autofree char *at = NULL;
          g_autofree char *place = NULL;

          ok = demo_convocation (db, id, now, &at, &place, &local_error)
               && ca_candidatures_convoke (db, id, at, place, now, &local_error);
        }
      else
        ok = ca_candidatures_accept (db, id, now, &local_error);

      /* The person may have cancelled meanwhile: skip it. */
      if (ok)
        (*out_changed)++;
      else if (!g_error_matches (local_error, CA_ERROR, CA_ERROR_INVALID_REQUEST)
               && !g_error_matches (local_error, CA_ERROR, CA_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* --- periods -------------------------------------------------------------------------- */

typedef struct
{
  const char *id;
  gboolean    open;
  gint64      now;
} PeriodData;

static gboolean
period_tx (CaDb     *db,
           gpointer  user_data,
           GError  **error)
{
  PeriodData *data = user_data;
  g_autoptr(CaStmt) get = ca_db_stmt (db,
    "SELECT opens_at, closes_at FROM periods WHERE id = ?", error);
  g_autoptr(CaStmt) set = NULL;
  gint64 opens_at, closes_at;
  gboolean has_row;

  if (get == NULL)
    return FALSE;
  ca_stmt_bind_text (get, 1, data->id);
  if (!ca_db_step (db, get, &has_row, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, "period", data->id);
  opens_at = sqlite3_column_int64 (get, 0);
  closes_at = sqlite3_column_int64 (get, 1);
  ca_stmt_release (get);

  /* The dates stay truthful: "open" is always opens_at <= now < closes_at. */
  if (data->open)
    {
      opens_at = MIN (opens_at, data->now);
      if (closes_at <= data->now)
        closes_at = data->now + REOPEN_DAYS * 24 * 3600;
    }
  else
    {
      closes_at = MIN (closes_at, data->now);
      opens_at = MIN (opens_at, closes_at);
    }

  set = ca_db_stmt (db, "UPDATE periods SET opens_at = ?, closes_at = ? WHERE id = ?", error);
  if (set == NULL)
    return FALSE;
  ca_stmt_bind_int64 (set, 1, opens_at);
  ca_stmt_bind_int64 (set, 2, closes_at);
  ca_stmt_bind_text (set, 3, data->id);

  /* This period's dates are no longer a number of days from the import's day. */
  return ca_db_run (db, set, error)
         && ca_db_delete_meta (db, CA_META_PERIODS_DATED_FROM, error)
         && ca_db_bump_catalogue_version (db, error);
}

gboolean
ca_periods_set_open (CaDb        *db,
                     const char  *period_id,
                     gboolean     open,
                     gint64       now,
                     GError     **error)
{
  PeriodData data = { period_id, open, now };

  return in_transaction (db, period_tx, &data, error);
}

/* --- payments ------------------------------------------------------------------------- */

typedef struct
{
  gint64            account_id;
  const char       *candidature_id;
  gint64            now;
  CaPaymentUrlFunc  url_func;
  gpointer          user_data;
  CaPaymentRow     *row;
} PaymentData;

static gboolean
payment_tx (CaDb     *db,
            gpointer  user_data,
            GError  **error)
{
  PaymentData *data = user_data;
  g_autoptr(CaCandidatureRow) cand = NULL;
  g_autoptr(CaStmt) insert = NULL;
  g_autofree char *random_id = NULL;
  CaPaymentRow *row;

  if (!ca_candidatures_get (db, data->account_id, data->candidature_id, data->now, &cand, error))
    return FALSE;
  if (!ca_status_allows (cand->status, CA_ACTION_PAY))
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_NOT_PAYABLE, "not payable");
      return FALSE;
    }

  row = data->row = g_new0 (CaPaymentRow, 1);
  /* A fresh reference per attempt: PayFiP refuses a refdet it has already seen paid. */
  random_id = ca_random_id ("CA");
  row->refdet = g_ascii_strup (random_id, -1);
  row->candidature_id = g_strdup (cand->id);
  row->amount_cents = cand->fee_cents;
  row->state = g_strdup ("pending");
  row->payment_url = data->url_func (row->refdet, row->amount_cents, cand->email,
                                     cand->course_id, data->user_data);
  row->created_at = row->updated_at = data->now;

  insert = ca_db_stmt (db,
    "INSERT INTO payments (refdet, candidature_id, amount_cents, state, payment_url,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  ca_stmt_bind_text (insert, 1, row->refdet);
  ca_stmt_bind_text (insert, 2, row->candidature_id);
  ca_stmt_bind_int64 (insert, 3, row->amount_cents);
  ca_stmt_bind_text (insert, 4, row->state);
  ca_stmt_bind_text (insert, 5, row->payment_url);
  ca_stmt_bind_int64 (insert, 6, row->created_at);
  ca_stmt_bind_int64 (insert, 7, row->updated_at);

  return ca_db_run (db, insert, error);
}

gboolean
ca_payments_create (CaDb              *db,
                    gint64             account_id,
                    const char        *candidature_id,
                    gint64             now,
                    CaPaymentUrlFunc   url_func,
                    gpointer           user_data,
                    CaPaymentRow     **out,
                    GError           **error)
{
  PaymentData data = { account_id, candidature_id, now, url_func, user_data, NULL };

  *out = NULL;
  if (!in_transaction (db, payment_tx, &data, error))
    {
      ca_payment_row_free (data.row);
      return FALSE;
    }

  *out = data.row;
  return TRUE;
}

#define PAYMENT_SELECT \
  "SELECT refdet, candidature_id, amount_cents, state, payment_url, created_at, updated_at" \
  " FROM payments "

static CaPaymentRow *
read_payment (CaStmt *stmt)
{
  CaPaymentRow *row = g_new0 (CaPaymentRow, 1);

  row->refdet = ca_stmt_dup_text (stmt, 0);
  row->candidature_id = ca_stmt_dup_text (stmt, 1);
  row->amount_cents = sqlite3_column_int64 (stmt, 2);
  row->state = ca_stmt_dup_text (stmt, 3);
  row->payment_url = ca_stmt_dup_text (stmt, 4);
  row->created_at = sqlite3_column_int64 (stmt, 5);
  row->updated_at = sqlite3_column_int64 (stmt, 6);

  return row;
}

gboolean
ca_payments_latest (CaDb           *db,
                    gint64          account_id,
                    const char     *candidature_id,
                    CaPaymentRow  **out,
                    GError        **error)
{
  g_autoptr(CaCandidatureRow) cand = NULL;
  g_autoptr(CaStmt) stmt = NULL;
  gboolean has_row;

  *out = NULL;
  if (!ca_candidatures_get (db, account_id, candidature_id, ca_db_now (), &cand, error))
    return FALSE;

  stmt = ca_db_stmt (db, PAYMENT_SELECT "WHERE candidature_id = ?"
                     " ORDER BY created_at DESC, rowid DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, candidature_id);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, "payment for candidature", candidature_id);

  *out = read_payment (stmt);
  return TRUE;
}

typedef struct
{
  const CaPayfipNotification *n;
  const char                 *numcli;
  gint64                      now;
  CaNotifyOutcome             outcome;
  char                       *enrolled;
} NotifyData;

static gboolean
set_payment_state (CaDb        *db,
                   const char  *refdet,
                   const char  *state,
                   const char  *numauto,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "UPDATE payments SET state = ?, numauto = ?, updated_at = ? WHERE refdet = ?", error);

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, state);
  ca_stmt_bind_text (stmt, 2, numauto);
  ca_stmt_bind_int64 (stmt, 3, now);
  ca_stmt_bind_text (stmt, 4, refdet);

  return ca_db_run (db, stmt, error);
}

static gboolean
notify_tx (CaDb     *db,
           gpointer  user_data,
           GError  **error)
{
  NotifyData *data = user_data;
  const CaPayfipNotification *n = data->n;
  g_autoptr(CaStmt) stmt = ca_db_stmt (db, PAYMENT_SELECT "WHERE refdet = ?", error);
  g_autoptr(CaPaymentRow) payment = NULL;
  g_autoptr(CaCandidatureRow) cand = NULL;
  gboolean has_row;
  CaStatus next;

  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, n->refdet);
  if (!ca_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, "payment", n->refdet);
  payment = read_payment (stmt);
  ca_stmt_release (stmt);

  if (g_strcmp0 (n->numcli, data->numcli) != 0)
    {
      g_propagate_error (error, ca_http_invalid ("numcli: not this service's client number"));
      return FALSE;
    }

  /* Once paid, an attempt stays paid: repeated or late notifications change nothing. */
  if (g_str_equal (payment->state, "paid") || g_str_equal (payment->state, "paid-not-applied")
      || (n->resultrans != 'P' && !g_str_equal (payment->state, "pending")))
    {
      data->outcome = CA_NOTIFY_ALREADY_DONE;
      return TRUE;
    }

  if (n->resultrans != 'P')
    {
      data->outcome = CA_NOTIFY_APPLIED;
      return set_payment_state (db, payment->refdet, n->resultrans == 'R' ? "refused" : "abandoned",
                                NULL, data->now, error);
    }

  if (n->montant != payment->amount_cents)
    {
      g_warning ("payment %s refused: notified amount %" G_GINT64_FORMAT " instead of %"
                 G_GINT64_FORMAT, payment->refdet, n->montant, payment->amount_cents);
      data->outcome = CA_NOTIFY_WRONG_AMOUNT;
      return TRUE;
    }

  if (!ca_candidatures_get (db, 0, payment->candidature_id, data->now, &cand, error))
    return FALSE;

  /* Money taken for a candidature that cannot be enrolled (cancelled meanwhile, or already
   * enrolled by another attempt): kept apart so that it is refunded, never enrolled. */
  if (!ca_status_transition (cand->status, CA_ACTION_ENROL, &next))
    {
      g_warning ("payment %s (attempt %s) received for candidature %s in status %s: "
                 "not applied, to be refunded", payment->refdet, payment->state, cand->id,
                 ca_status_to_string (cand->status));
      data->outcome = CA_NOTIFY_NOT_APPLIED;
      return set_payment_state (db, payment->refdet, "paid-not-applied", n->numauto, data->now,
                                error);
    }

  data->outcome = CA_NOTIFY_APPLIED;
  if (!set_payment_state (db, payment->refdet, "paid", n->numauto, data->now, error))
    return FALSE;

  if (!update_status (db, cand->id, next, NULL, data->now, error))
    return FALSE;

  data->enrolled = g_strdup (cand->id);
  return TRUE;
}

gboolean
ca_payments_notify (CaDb                        *db,
                    const CaPayfipNotification  *notification,
                    const char                  *numcli,
                    gint64                       now,
                    CaNotifyOutcome             *out_outcome,
                    char                       **out_enrolled,
                    GError                     **error)
{
  NotifyData data = { notification, numcli, now, CA_NOTIFY_APPLIED, NULL };

  if (!in_transaction (db, notify_tx, &data, error))
    {
      g_free (data.enrolled);
      return FALSE;
    }

  *out_outcome = data.outcome;
  if (out_enrolled != NULL)
    *out_enrolled = g_steal_pointer (&data.enrolled);
  g_free (data.enrolled);
  return TRUE;
}
