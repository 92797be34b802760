/* ca-import.c — loading a catalogue file (docs/catalogue-format.md) into the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include <json-glib/json-glib.h>

#include "ca-error.h"
#include "ca-import.h"
#include "ca-rules.h"
#include "ca-text.h"
#include "ca-types.h"

#define MAX_ID_LENGTH 64
#define MAX_TEXT_LENGTH 20000

/* The file is checked in full before anything is written; this is what it holds. */
typedef struct
{
  const char *id;
  const char *name;
  gint64      opens_at;
  gint64      closes_at;
} PeriodRow;

typedef struct
{
  const char *label;
  gint64      now;
  GHashTable *domain_ids;         /* ids defined by the file */
  GHashTable *period_ids;
  GHashTable *establishment_ids;
  GHashTable *heard_from_ids;
  GHashTable *course_ids;
  GHashTable *session_ids;
  GArray     *periods;            /* PeriodRow */
  gboolean    dates_absolute;     /* a period has an ISO 8601 date rather than a day count */
} ImportContext;

static void
import_context_clear (ImportContext *ctx)
{
  g_clear_pointer (&ctx->domain_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->period_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->establishment_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->heard_from_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->course_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->session_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->periods, g_array_unref);
}

G_GNUC_PRINTF (3, 4) static gboolean
fail (ImportContext  *ctx,
      GError        **error,
      const char     *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CA_ERROR, CA_ERROR_INVALID_REQUEST, "%s: %s", ctx->label, msg);
  return FALSE;
}

static gboolean
check_id_syntax (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

static JsonArray *
get_array (ImportContext  *ctx,
           JsonObject     *obj,
           const char     *where,
           const char     *name,
           gboolean        required,
           GError        **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        fail (ctx, error, "%s%s: missing array", where, name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (ctx, error, "%s%s: expected an array", where, name);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
get_element_object (ImportContext  *ctx,
                    JsonArray      *array,
                    guint           i,
                    const char     *where,
                    GError        **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (ctx, error, "%s[%u]: expected an object", where, i);
      return NULL;
    }

  return json_node_get_object (node);
}

/* A string member; @max_chars 0 means an id. Returns NULL with @error set when invalid, and
 * NULL without error when optional and absent. */
static const char *
get_string (ImportContext  *ctx,
            JsonObject     *obj,
            const char     *where,
            const char     *name,
            gboolean        required,
            guint           max_chars,
            GError        **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        fail (ctx, error, "%s.%s: missing", where, name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (ctx, error, "%s.%s: expected a string", where, name);
      return NULL;
    }

  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL))
    {
      fail (ctx, error, "%s.%s: invalid UTF-8", where, name);
      return NULL;
    }
  if (max_chars == 0)
    {
      if (!check_id_syntax (value))
        {
          fail (ctx, error, "%s.%s: “%s” is not an id ([A-Za-z0-9_-], at most %d characters)",
                where, name, value, MAX_ID_LENGTH);
          return NULL;
        }
    }
  else if (g_utf8_strlen (value, -1) > max_chars)
    {
      fail (ctx, error, "%s.%s: longer than %u characters", where, name, max_chars);
      return NULL;
    }
  else if (required && *value == '\0')
    {
      fail (ctx, error, "%s.%s: empty", where, name);
      return NULL;
    }

  return value;
}

static gboolean
get_int (ImportContext  *ctx,
         JsonObject     *obj,
         const char     *where,
         const char     *name,
         gint64          min,
         gint64          max,
         gint64         *out,
         GError        **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (ctx, error, "%s.%s: expected an integer", where, name);

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return fail (ctx, error, "%s.%s: %" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
                 "–%" G_GINT64_FORMAT ")", where, name, *out, min, max);

  return TRUE;
}

static gboolean
register_id (ImportContext  *ctx,
             GHashTable     *ids,
             const char     *id,
             const char     *where,
             GError        **error)
{
  if (!g_hash_table_add (ids, (gpointer) id))
    return fail (ctx, error, "%s.id: “%s” appears twice", where, id);

  return TRUE;
}

/* Whether @id is defined by the file or already in the database. */
static gboolean
reference_exists (CaDb         *db,
                  GHashTable   *ids,
                  const char   *table_sql,
                  const char   *id,
                  gboolean     *out_exists,
                  GError      **error)
{
  g_autoptr(CaStmt) stmt = NULL;

  if (g_hash_table_contains (ids, id))
    {
      *out_exists = TRUE;
      return TRUE;
    }

  stmt = ca_db_stmt (db, table_sql, error);
  if (stmt == NULL)
    return FALSE;
  ca_stmt_bind_text (stmt, 1, id);

  return ca_db_step (db, stmt, out_exists, error);
}

static gboolean
check_reference (CaDb           *db,
                 ImportContext  *ctx,
                 GHashTable     *ids,
                 const char     *sql,
                 const char     *id,
                 const char     *where,
                 const char     *what,
                 GError        **error)
{
  gboolean exists = FALSE;

  if (!reference_exists (db, ids, sql, id, &exists, error))
    return FALSE;
  if (!exists)
    return fail (ctx, error, "%s: unknown %s “%s”", where, what, id);

  return TRUE;
}

static gboolean
period_time (ImportContext  *ctx,
             JsonObject     *obj,
             const char     *where,
             const char     *days_name,
             const char     *iso_name,
             gint64         *out,
             GError        **error)
{
  if (json_object_has_member (obj, days_name))
    {
      gint64 days;

      if (!get_int (ctx, obj, where, days_name, -36600, 36600, &days, error))
        return FALSE;

      *out = ca_paris_midnight (ctx->now, (int) days);
      return TRUE;
    }
  else
    {
      const char *iso = get_string (ctx, obj, where, iso_name, FALSE, 64, error);
      g_autoptr(GDateTime) dt = NULL;

      if (iso == NULL)
        {
          if (error != NULL && *error == NULL)
            fail (ctx, error, "%s: needs %s or %s", where, days_name, iso_name);
          return FALSE;
        }

      dt = g_date_time_new_from_iso8601 (iso, ca_paris_time_zone ());
      if (dt == NULL)
        return fail (ctx, error, "%s.%s: “%s” is not an ISO 8601 time", where, iso_name, iso);

      ctx->dates_absolute = TRUE;

      *out = g_date_time_to_unix (dt);
      return TRUE;
    }
}

/* --- checking ------------------------------------------------------------------------- */

static gboolean
check_named_list (ImportContext  *ctx,
                  JsonObject     *root,
                  const char     *name,
                  GHashTable     *ids,
                  GError        **error)
{
  JsonArray *array = get_array (ctx, root, "", name, FALSE, error);

  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", name, i);
      JsonObject *obj = get_element_object (ctx, array, i, name, error);
      const char *id;

      if (obj == NULL
          || (id = get_string (ctx, obj, where, "id", TRUE, 0, error)) == NULL
          || get_string (ctx, obj, where, "name", TRUE, 200, error) == NULL
          || !register_id (ctx, ids, id, where, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_periods (ImportContext  *ctx,
               JsonObject     *root,
               GError        **error)
{
  JsonArray *array = get_array (ctx, root, "", "periods", FALSE, error);

  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("periods[%u]", i);
      JsonObject *obj = get_element_object (ctx, array, i, "periods", error);
      PeriodRow row = { 0 };

      if (obj == NULL
          || (row.id = get_string (ctx, obj, where, "id", TRUE, 0, error)) == NULL
          || (row.name = get_string (ctx, obj, where, "name", TRUE, 200, error)) == NULL
          || !register_id (ctx, ctx->period_ids, row.id, where, error)
          || !period_time (ctx, obj, where, "opens_in_days", "opens_at", &row.opens_at, error)
          || !period_time (ctx, obj, where, "closes_in_days", "closes_at", &row.closes_at, error))
        return FALSE;

      if (row.closes_at <= row.opens_at)
        return fail (ctx, error, "%s: closes before it opens", where);

      g_array_append_val (ctx->periods, row);
    }

  return TRUE;
}

static gboolean
check_establishments (ImportContext  *ctx,
                      JsonObject     *root,
                      GError        **error)
{
  JsonArray *array = get_array (ctx, root, "", "establishments", FALSE, error);

  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("establishments[%u]", i);
      JsonObject *obj = get_element_object (ctx, array, i, "establishments", error);
      const char *id;
      gint64 arrondissement;

      if (obj == NULL
          || (id = get_string (ctx, obj, where, "id", TRUE, 0, error)) == NULL
          || get_string (ctx, obj, where, "name", TRUE, 200, error) == NULL
          || get_string (ctx, obj, where, "address", TRUE, 300, error) == NULL
          || !get_int (ctx, obj, where, "arrondissement", 1, 20, &arrondissement, error)
          || !register_id (ctx, ctx->establishment_ids, id, where, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_question (ImportContext  *ctx,
                JsonObject     *obj,
                const char     *where,
                GHashTable     *question_ids,
                GError        **error)
{
  const char *id, *type_str;
  CaQuestionType type;
  JsonNode *required;
  JsonArray *choices;

  if ((id = get_string (ctx, obj, where, "id", TRUE, 0, error)) == NULL
      || get_string (ctx, obj, where, "label", TRUE, 500, error) == NULL
      || (type_str = get_string (ctx, obj, where, "type", TRUE, 20, error)) == NULL)
    return FALSE;
  if (!g_hash_table_add (question_ids, (gpointer) id))
    return fail (ctx, error, "%s.id: “%s” appears twice", where, id);
  if (!ca_question_type_from_string (type_str, &type))
    return fail (ctx, error, "%s.type: unknown question type “%s”", where, type_str);

  required = json_object_get_member (obj, "required");
  if (required != NULL && (!JSON_NODE_HOLDS_VALUE (required)
                           || json_node_get_value_type (required) != G_TYPE_BOOLEAN))
    return fail (ctx, error, "%s.required: expected true or false", where);

  choices = get_array (ctx, obj, where, "choices", type == CA_QUESTION_CHOICE, error);
  if (choices == NULL && type == CA_QUESTION_CHOICE)
    return FALSE;
  if (choices == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (type == CA_QUESTION_CHOICE && json_array_get_length (choices) == 0)
    return fail (ctx, error, "%s.choices: a choice question needs choices", where);
  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    {
      JsonNode *choice = json_array_get_element (choices, i);

      if (!JSON_NODE_HOLDS_VALUE (choice) || json_node_get_value_type (choice) != G_TYPE_STRING
          || !g_utf8_validate (json_node_get_string (choice), -1, NULL)
          || *json_node_get_string (choice) == '\0')
        return fail (ctx, error, "%s.choices[%u]: expected a non-empty string", where, i);
    }

  return TRUE;
}

static gboolean
check_session (CaDb           *db,
               ImportContext  *ctx,
               JsonObject     *obj,
               const char     *where,
               GError        **error)
{
  const char *id, *est, *day, *start, *end, *mode, *rhythm;
  int start_min, end_min;
  CaDay d;
  CaMode m;
  CaRhythm r;
  gint64 seats;

  if ((id = get_string (ctx, obj, where, "id", TRUE, 0, error)) == NULL
      || (est = get_string (ctx, obj, where, "establishment", TRUE, 0, error)) == NULL
      || (day = get_string (ctx, obj, where, "day", TRUE, 20, error)) == NULL
      || (start = get_string (ctx, obj, where, "start", TRUE, 5, error)) == NULL
      || (end = get_string (ctx, obj, where, "end", TRUE, 5, error)) == NULL
      || (mode = get_string (ctx, obj, where, "mode", TRUE, 20, error)) == NULL
      || (rhythm = get_string (ctx, obj, where, "rhythm", TRUE, 20, error)) == NULL
      || !get_int (ctx, obj, where, "seats", 0, 100000, &seats, error)
      || !register_id (ctx, ctx->session_ids, id, where, error))
    return FALSE;

  if (!ca_day_from_string (day, &d))
    return fail (ctx, error, "%s.day: unknown day “%s”", where, day);
  if (!ca_mode_from_string (mode, &m))
    return fail (ctx, error, "%s.mode: unknown mode “%s”", where, mode);
  if (!ca_rhythm_from_string (rhythm, &r))
    return fail (ctx, error, "%s.rhythm: unknown rhythm “%s”", where, rhythm);
  if (!ca_clock_parse (start, &start_min))
    return fail (ctx, error, "%s.start: “%s” is not HH:MM", where, start);
  if (!ca_clock_parse (end, &end_min))
    return fail (ctx, error, "%s.end: “%s” is not HH:MM", where, end);
  if (end_min <= start_min)
    return fail (ctx, error, "%s: ends before it starts", where);

  return check_reference (db, ctx, ctx->establishment_ids,
                          "SELECT 1 FROM establishments WHERE id = ?", est,
                          where, "establishment", error);
}

static gboolean
check_course (CaDb           *db,
              ImportContext  *ctx,
              JsonObject     *obj,
              const char     *where,
              GError        **error)
{
  const char *id, *domain, *period;
  g_autoptr(GHashTable) question_ids = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const texts[] = { "objective", "audience", "prerequisites", "program" };
  JsonArray *form, *sessions;
  gint64 fee;

  if ((id = get_string (ctx, obj, where, "id", TRUE, 0, error)) == NULL
      || get_string (ctx, obj, where, "title", TRUE, 300, error) == NULL
      || (domain = get_string (ctx, obj, where, "domain", TRUE, 0, error)) == NULL
      || (period = get_string (ctx, obj, where, "period", TRUE, 0, error)) == NULL
      || !get_int (ctx, obj, where, "fee_cents", 0, G_GINT64_CONSTANT (100000000), &fee, error)
      || !register_id (ctx, ctx->course_ids, id, where, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (get_string (ctx, obj, where, texts[i], FALSE, MAX_TEXT_LENGTH, error) == NULL
          && error != NULL && *error != NULL)
        return FALSE;
    }

  if (!check_reference (db, ctx, ctx->domain_ids, "SELECT 1 FROM domains WHERE id = ?",
                        domain, where, "domain", error)
      || !check_reference (db, ctx, ctx->period_ids, "SELECT 1 FROM periods WHERE id = ?",
                           period, where, "period", error))
    return FALSE;

  form = get_array (ctx, obj, where, "candidature_form", FALSE, error);
  if (form == NULL && error != NULL && *error != NULL)
    return FALSE;
  for (guint i = 0; form != NULL && i < json_array_get_length (form); i++)
    {
      g_autofree char *list = g_strdup_printf ("%s.candidature_form", where);
      g_autofree char *qwhere = g_strdup_printf ("%s[%u]", list, i);
      JsonObject *q = get_element_object (ctx, form, i, list, error);

      if (q == NULL || !check_question (ctx, q, qwhere, question_ids, error))
        return FALSE;
    }

  sessions = get_array (ctx, obj, where, "sessions", TRUE, error);
  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      g_autofree char *list = g_strdup_printf ("%s.sessions", where);
      g_autofree char *swhere = g_strdup_printf ("%s[%u]", list, i);
      JsonObject *s = get_element_object (ctx, sessions, i, list, error);

      if (s == NULL || !check_session (db, ctx, s, swhere, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_file (CaDb           *db,
            ImportContext  *ctx,
            JsonObject     *root,
            GError        **error)
{
  JsonNode *format = json_object_get_member (root, "format");
  JsonArray *courses;

  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format)
      || json_node_get_value_type (format) != G_TYPE_INT64 || json_node_get_int (format) != 1)
    return fail (ctx, error, "format: expected 1");

  if (!check_named_list (ctx, root, "domains", ctx->domain_ids, error)
      || !check_periods (ctx, root, error)
      || !check_establishments (ctx, root, error)
      || !check_named_list (ctx, root, "heard_from_options", ctx->heard_from_ids, error))
    return FALSE;

  courses = get_array (ctx, root, "", "courses", FALSE, error);
  if (courses == NULL)
    return error == NULL || *error == NULL;
  for (guint i = 0; i < json_array_get_length (courses); i++)
    {
      g_autofree char *where = g_strdup_printf ("courses[%u]", i);
      JsonObject *obj = get_element_object (ctx, courses, i, "courses", error);

      if (obj == NULL || !check_course (db, ctx, obj, where, error))
        return FALSE;
    }

  return TRUE;
}

/* --- writing -------------------------------------------------------------------------- */

static const char *
opt_string (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return "";

  return json_node_get_string (node);
}

static gboolean
write_named_list (CaDb        *db,
                  JsonObject  *root,
                  const char  *name,
                  const char  *sql,
                  guint       *count,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr(CaStmt) stmt = ca_db_stmt (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      ca_stmt_bind_text (stmt, 1, opt_string (obj, "id"));
      ca_stmt_bind_text (stmt, 2, opt_string (obj, "name"));
      ca_stmt_bind_int64 (stmt, 3, i);
      if (!ca_db_run (db, stmt, error))
        return FALSE;
      (*count)++;
    }

  return TRUE;
}

static gboolean
write_periods (CaDb           *db,
               ImportContext  *ctx,
               guint          *count,
               GError        **error)
{
  for (guint i = 0; i < ctx->periods->len; i++)
    {
      PeriodRow *row = &g_array_index (ctx->periods, PeriodRow, i);
      g_autoptr(CaStmt) stmt = ca_db_stmt (db,
        "INSERT INTO periods (id, name, opens_at, closes_at, position) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, opens_at = excluded.opens_at,"
        " closes_at = excluded.closes_at, position = excluded.position", error);

      if (stmt == NULL)
        return FALSE;
      ca_stmt_bind_text (stmt, 1, row->id);
      ca_stmt_bind_text (stmt, 2, row->name);
      ca_stmt_bind_int64 (stmt, 3, row->opens_at);
      ca_stmt_bind_int64 (stmt, 4, row->closes_at);
      ca_stmt_bind_int64 (stmt, 5, i);
      if (!ca_db_run (db, stmt, error))
        return FALSE;
      (*count)++;
    }

  return TRUE;
}

static gboolean
write_establishments (CaDb        *db,
                      JsonObject  *root,
                      guint       *count,
                      GError     **error)
{
  JsonArray *array;

  if (!json_object_has_member (root, "establishments")
      || JSON_NODE_HOLDS_NULL (json_object_get_member (root, "establishments")))
    return TRUE;

  array = json_object_get_array_member (root, "establishments");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr(CaStmt) stmt = ca_db_stmt (db,
        "INSERT INTO establishments (id, name, address, arrondissement) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,"
        " arrondissement = excluded.arrondissement", error);

      if (stmt == NULL)
        return FALSE;
      ca_stmt_bind_text (stmt, 1, opt_string (obj, "id"));
      ca_stmt_bind_text (stmt, 2, opt_string (obj, "name"));
      ca_stmt_bind_text (stmt, 3, opt_string (obj, "address"));
      ca_stmt_bind_int64 (stmt, 4, json_object_get_int_member (obj, "arrondissement"));
      if (!ca_db_run (db, stmt, error))
        return FALSE;
      (*count)++;
    }

  return TRUE;
}

/* The form as the service serves it: every key present, in a fixed order. */
static char *
normalized_form (JsonObject *course)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *form_node = json_object_get_member (course, "candidature_form");
  JsonArray *form = NULL;

  if (form_node != NULL && JSON_NODE_HOLDS_ARRAY (form_node))
    form = json_node_get_array (form_node);

  json_builder_begin_array (builder);
  for (guint i = 0; form != NULL && i < json_array_get_length (form); i++)
    {
      JsonObject *q = json_array_get_object_element (form, i);
      JsonNode *choices = json_object_get_member (q, "choices");
      JsonNode *required = json_object_get_member (q, "required");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, opt_string (q, "id"));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, opt_string (q, "label"));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, opt_string (q, "type"));
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder,
                                      required != NULL && json_node_get_boolean (required));
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices))
        {
          JsonArray *list = json_node_get_array (choices);

          for (guint j = 0; j < json_array_get_length (list); j++)
            json_builder_add_string_value (builder, json_array_get_string_element (list, j));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
write_sessions (CaDb        *db,
                JsonObject  *course,
                guint       *count,
                GError     **error)
{
  JsonArray *array = json_object_get_array_member (course, "sessions");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr(CaStmt) stmt = ca_db_stmt (db,
        "INSERT INTO course_sessions (id, course_id, establishment_id, day, start_min, end_min,"
        " slot, mode, rhythm, seats, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET course_id = excluded.course_id,"
        " establishment_id = excluded.establishment_id, day = excluded.day,"
        " start_min = excluded.start_min, end_min = excluded.end_min, slot = excluded.slot,"
        " mode = excluded.mode, rhythm = excluded.rhythm, seats = excluded.seats,"
        " position = excluded.position", error);
      int start = 0, end = 0;

      if (stmt == NULL)
        return FALSE;

      ca_clock_parse (opt_string (obj, "start"), &start);
      ca_clock_parse (opt_string (obj, "end"), &end);
      ca_stmt_bind_text (stmt, 1, opt_string (obj, "id"));
      ca_stmt_bind_text (stmt, 2, opt_string (course, "id"));
      ca_stmt_bind_text (stmt, 3, opt_string (obj, "establishment"));
      ca_stmt_bind_text (stmt, 4, opt_string (obj, "day"));
      ca_stmt_bind_int64 (stmt, 5, start);
      ca_stmt_bind_int64 (stmt, 6, end);
      ca_stmt_bind_text (stmt, 7, ca_slot_to_string (ca_slot_from_hours (start, end)));
      ca_stmt_bind_text (stmt, 8, opt_string (obj, "mode"));
      ca_stmt_bind_text (stmt, 9, opt_string (obj, "rhythm"));
      ca_stmt_bind_int64 (stmt, 10, json_object_get_int_member (obj, "seats"));
      ca_stmt_bind_int64 (stmt, 11, i);
      if (!ca_db_run (db, stmt, error))
        return FALSE;
      (*count)++;
    }

  return TRUE;
}

static gboolean
write_courses (CaDb           *db,
               JsonObject     *root,
               CaImportStats  *stats,
               GError        **error)
{
  JsonArray *array;

  if (!json_object_has_member (root, "courses")
      || JSON_NODE_HOLDS_NULL (json_object_get_member (root, "courses")))
    return TRUE;

  array = json_object_get_array_member (root, "courses");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      const char *title = opt_string (obj, "title");
      g_autofree char *folded = ca_text_fold (title);
      g_autofree char *key = ca_text_collate_key (title);
      g_autofree char *form = normalized_form (obj);
      g_autoptr(CaStmt) stmt = ca_db_stmt (db,
        "INSERT INTO courses (id, title, title_folded, title_key, domain_id, period_id,"
        " objective, audience, prerequisites, program, fee_cents, form_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
        " title_folded = excluded.title_folded, title_key = excluded.title_key,"
        " domain_id = excluded.domain_id, period_id = excluded.period_id,"
        " objective = excluded.objective, audience = excluded.audience,"
        " prerequisites = excluded.prerequisites, program = excluded.program,"
        " fee_cents = excluded.fee_cents, form_json = excluded.form_json", error);

      if (stmt == NULL)
        return FALSE;
      ca_stmt_bind_text (stmt, 1, opt_string (obj, "id"));
      ca_stmt_bind_text (stmt, 2, title);
      ca_stmt_bind_text (stmt, 3, folded);
      ca_stmt_bind_text (stmt, 4, key);
      ca_stmt_bind_text (stmt, 5, opt_string (obj, "domain"));
      ca_stmt_bind_text (stmt, 6, opt_string (obj, "period"));
      ca_stmt_bind_text (stmt, 7, opt_string (obj, "objective"));
      ca_stmt_bind_text (stmt, 8, opt_string (obj, "audience"));
      ca_stmt_bind_text (stmt, 9, opt_string (obj, "prerequisites"));
      ca_stmt_bind_text (stmt, 10, opt_string (obj, "program"));
      ca_stmt_bind_int64 (stmt, 11, json_object_get_int_member (obj, "fee_cents"));
      ca_stmt_bind_text (stmt, 12, form);
      if (!ca_db_run (db, stmt, error) || !write_sessions (db, obj, &stats->sessions, error))
        return FALSE;
      stats->courses++;
    }

  return TRUE;
}

gboolean
ca_import_catalogue_data (CaDb           *db,
                          const char     *data,
                          gsize           length,
                          const char     *label,
                          gint64          now,
                          CaImportStats  *stats,
                          GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  ImportContext ctx = { 0 };
  CaImportStats local_stats = { 0 };
  JsonNode *root;
  gboolean ok;

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  ctx.label = label;
  ctx.now = now;

  if (!g_utf8_validate_len (data, length, NULL))
    return fail (&ctx, error, "not valid UTF-8");
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    return fail (&ctx, error, "not valid JSON: %s", local_error->message);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (&ctx, error, "expected a JSON object");

  ctx.domain_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.period_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.establishment_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.heard_from_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.course_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.session_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.periods = g_array_new (FALSE, FALSE, sizeof (PeriodRow));

  /* Checks and writes share one transaction: references to rows already in the database
   * are checked against what the commit will see. */
  if (!ca_db_begin (db, error))
    {
      import_context_clear (&ctx);
      return FALSE;
    }

  ok = check_file (db, &ctx, json_node_get_object (root), error)
       && write_named_list (db, json_node_get_object (root), "domains",
                            "INSERT INTO domains (id, name, position) VALUES (?, ?, ?)"
                            " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                            " position = excluded.position", &stats->domains, error)
       && write_periods (db, &ctx, &stats->periods, error)
       && (ctx.dates_absolute
           ? ca_db_delete_meta (db, CA_META_PERIODS_DATED_FROM, error)
           : ca_db_set_meta (db, CA_META_PERIODS_DATED_FROM, ca_paris_midnight (now, 0), error))
       && write_establishments (db, json_node_get_object (root), &stats->establishments, error)
       && write_named_list (db, json_node_get_object (root), "heard_from_options",
                            "INSERT INTO heard_from_options (id, name, position) VALUES (?, ?, ?)"
                            " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                            " position = excluded.position", &stats->heard_from_options, error)
       && write_courses (db, json_node_get_object (root), stats, error)
       && ca_db_bump_catalogue_version (db, error)
       && ca_db_commit (db, error);

  if (!ok)
    ca_db_rollback (db);

  import_context_clear (&ctx);
  return ok;
}

gboolean
ca_import_catalogue_file (CaDb           *db,
                          const char     *path,
                          gint64          now,
                          CaImportStats  *stats,
                          GError        **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  return ca_import_catalogue_data (db, data, length, path, now, stats, error);
}

typedef struct
{
  gint64 rowid;
  gint64 opens_at;
  gint64 closes_at;
} PeriodDates;

gboolean
ca_import_redate_periods (CaDb      *db,
                          gint64     now,
                          gboolean  *out_redated,
                          GError   **error)
{
  g_autoptr(CaStmt) select = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (PeriodDates));
  gint64 dated_from, today = ca_paris_midnight (now, 0);
  gboolean found, has_row;

  *out_redated = FALSE;
  if (!ca_db_begin (db, error))
    return FALSE;
  if (!ca_db_get_meta (db, CA_META_PERIODS_DATED_FROM, &dated_from, &found, error))
    goto failed;
  if (!found || dated_from == today)
    return ca_db_commit (db, error);

  select = ca_db_stmt (db, "SELECT rowid, opens_at, closes_at FROM periods", error);
  if (select == NULL)
    goto failed;
  for (;;)
    {
      PeriodDates row;

      if (!ca_db_step (db, select, &has_row, error))
        goto failed;
      if (!has_row)
        break;
      row.rowid = sqlite3_column_int64 (select, 0);
      row.opens_at = ca_redate (dated_from, sqlite3_column_int64 (select, 1), now);
      row.closes_at = ca_redate (dated_from, sqlite3_column_int64 (select, 2), now);
      g_array_append_val (rows, row);
    }
  ca_stmt_release (select);

  for (guint i = 0; i < rows->len; i++)
    {
      PeriodDates *row = &g_array_index (rows, PeriodDates, i);
      g_autoptr(CaStmt) update = ca_db_stmt (db,
        "UPDATE periods SET opens_at = ?, closes_at = ? WHERE rowid = ?", error);

      if (update == NULL)
        goto failed;
      ca_stmt_bind_int64 (update, 1, row->opens_at);
      ca_stmt_bind_int64 (update, 2, row->closes_at);
      ca_stmt_bind_int64 (update, 3, row->rowid);
      if (!ca_db_run (db, update, error))
        goto failed;
    }

  if (!ca_db_set_meta (db, CA_META_PERIODS_DATED_FROM, today, error)
      || !ca_db_bump_catalogue_version (db, error)
      || !ca_db_commit (db, error))
    goto failed;

  *out_redated = TRUE;
  return TRUE;

failed:
  ca_db_rollback (db);
  return FALSE;
}

gboolean
ca_import_catalogue_is_empty (CaDb      *db,
                              gboolean  *out_empty,
                              GError   **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT (SELECT COUNT (*) FROM courses) + (SELECT COUNT (*) FROM domains)"
    " + (SELECT COUNT (*) FROM periods)", error);
  gboolean has_row;

  if (stmt == NULL || !ca_db_step (db, stmt, &has_row, error))
    return FALSE;

  *out_empty = !has_row || sqlite3_column_int64 (stmt, 0) == 0;
  return TRUE;
}
