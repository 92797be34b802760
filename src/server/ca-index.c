/* ca-index.c — the catalogue held in memory for fast searches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-error.h"
#include "ca-index.h"

static void
domain_free (CaIdxDomain *d)
{
  g_free (d->id);
  g_free (d->name);
  g_free (d);
}

static void
period_free (CaIdxPeriod *p)
{
  g_free (p->id);
  g_free (p->name);
  g_free (p);
}

static void
establishment_free (CaIdxEstablishment *e)
{
  g_free (e->id);
  g_free (e->name);
  g_free (e->address);
  g_free (e);
}

static void
named_free (CaIdxNamed *n)
{
  g_free (n->id);
  g_free (n->name);
  g_free (n);
}

static void
session_free (CaIdxSession *s)
{
  g_free (s->id);
  g_free (s);
}

static void
course_free (CaIdxCourse *c)
{
  g_free (c->id);
  g_free (c->title);
  g_free (c->title_folded);
  g_free (c->objective);
  g_free (c->audience);
  g_free (c->prerequisites);
  g_free (c->program);
  g_free (c->form_json);
  g_clear_pointer (&c->form, json_node_unref);
  g_clear_pointer (&c->sessions, g_ptr_array_unref);
  g_free (c);
}

static CaIndex *
index_new (void)
{
  CaIndex *index = g_new0 (CaIndex, 1);

  g_ref_count_init (&index->ref_count);
  index->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) domain_free);
  index->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  index->establishments = g_ptr_array_new_with_free_func ((GDestroyNotify) establishment_free);
  index->heard_from = g_ptr_array_new_with_free_func ((GDestroyNotify) named_free);
  index->courses = g_ptr_array_new_with_free_func ((GDestroyNotify) course_free);
  index->course_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  index->session_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  index->domain_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  index->period_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  index->establishment_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  return index;
}

CaIndex *
ca_index_ref (CaIndex *index)
{
  g_ref_count_inc (&index->ref_count);
  return index;
}

void
ca_index_unref (CaIndex *index)
{
  if (index == NULL || !g_ref_count_dec (&index->ref_count))
    return;

  g_hash_table_unref (index->course_by_id);
  g_hash_table_unref (index->session_by_id);
  g_hash_table_unref (index->domain_by_id);
  g_hash_table_unref (index->period_by_id);
  g_hash_table_unref (index->establishment_by_id);
  g_ptr_array_unref (index->courses);
  g_ptr_array_unref (index->domains);
  g_ptr_array_unref (index->periods);
  g_ptr_array_unref (index->establishments);
  g_ptr_array_unref (index->heard_from);
  g_strfreev (index->heard_from_ids);
  g_clear_pointer (&index->course_keys, g_array_unref);
  g_clear_pointer (&index->session_keys, g_array_unref);
  if (index->titles != NULL)
    g_string_free (index->titles, TRUE);
  g_free (index);
}

gboolean
ca_idx_period_is_open (const CaIdxPeriod *period,
                       gint64             now)
{
  return period->opens_at <= now && now < period->closes_at;
}

/* The course's candidature form, an array (empty if the stored text is not one). Parsed when
 * a sheet first asks for it: parsing every form made loading the index several times slower,
 * and most courses are never opened between two catalogue changes. */
JsonNode *
ca_idx_course_get_form (CaIdxCourse *course)
{
  if (course->form == NULL)
    {
      g_autoptr(GError) error = NULL;

      course->form = json_from_string (course->form_json, &error);
      if (course->form == NULL || !JSON_NODE_HOLDS_ARRAY (course->form))
        {
          g_clear_pointer (&course->form, json_node_unref);
          course->form = json_node_init_array (json_node_alloc (), json_array_new ());
        }
    }

  return course->form;
}

static gboolean
load_domains (CaDb     *db,
              CaIndex  *index,
              GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, name FROM domains ORDER BY position, id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaIdxDomain *d = g_new0 (CaIdxDomain, 1);

      d->id = ca_stmt_dup_text (stmt, 0);
      d->name = ca_stmt_dup_text (stmt, 1);
      d->index = index->domains->len;
      g_ptr_array_add (index->domains, d);
      g_hash_table_insert (index->domain_by_id, d->id, d);
    }

  return !has_row;
}

static gboolean
load_periods (CaDb     *db,
              CaIndex  *index,
              GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, name, opens_at, closes_at FROM periods ORDER BY position, id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaIdxPeriod *p = g_new0 (CaIdxPeriod, 1);

      p->id = ca_stmt_dup_text (stmt, 0);
      p->name = ca_stmt_dup_text (stmt, 1);
      p->opens_at = sqlite3_column_int64 (stmt, 2);
      p->closes_at = sqlite3_column_int64 (stmt, 3);
      p->index = index->periods->len;
      g_ptr_array_add (index->periods, p);
      g_hash_table_insert (index->period_by_id, p->id, p);
    }

  return !has_row;
}

static gboolean
load_establishments (CaDb     *db,
                     CaIndex  *index,
                     GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, name, address, arrondissement FROM establishments"
    " ORDER BY arrondissement, name, id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaIdxEstablishment *e = g_new0 (CaIdxEstablishment, 1);

      e->id = ca_stmt_dup_text (stmt, 0);
      e->name = ca_stmt_dup_text (stmt, 1);
      e->address = ca_stmt_dup_text (stmt, 2);
      e->arrondissement = sqlite3_column_int (stmt, 3);
      e->index = index->establishments->len;
      g_ptr_array_add (index->establishments, e);
      g_hash_table_insert (index->establishment_by_id, e->id, e);
    }

  return !has_row;
}

static gboolean
load_heard_from (CaDb     *db,
                 CaIndex  *index,
                 GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, name FROM heard_from_options ORDER BY position, id", error);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaIdxNamed *n = g_new0 (CaIdxNamed, 1);

      n->id = ca_stmt_dup_text (stmt, 0);
      n->name = ca_stmt_dup_text (stmt, 1);
      g_ptr_array_add (index->heard_from, n);
      g_strv_builder_add (ids, n->id);
    }
  index->heard_from_ids = g_strv_builder_end (ids);

  return !has_row;
}

static gboolean
load_courses (CaDb     *db,
              CaIndex  *index,
              GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, title, title_folded, domain_id, period_id, objective, audience,"
    " prerequisites, program, fee_cents, form_json FROM courses ORDER BY title_key, id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaIdxCourse *c = g_new0 (CaIdxCourse, 1);

      c->id = ca_stmt_dup_text (stmt, 0);
      c->title = ca_stmt_dup_text (stmt, 1);
      c->title_folded = ca_stmt_dup_text (stmt, 2);
      c->domain = g_hash_table_lookup (index->domain_by_id, ca_stmt_peek_text (stmt, 3));
      c->period = g_hash_table_lookup (index->period_by_id, ca_stmt_peek_text (stmt, 4));
      c->objective = ca_stmt_dup_text (stmt, 5);
      c->audience = ca_stmt_dup_text (stmt, 6);
      c->prerequisites = ca_stmt_dup_text (stmt, 7);
      c->program = ca_stmt_dup_text (stmt, 8);
      c->fee_cents = sqlite3_column_int64 (stmt, 9);
      c->form_json = ca_stmt_dup_text (stmt, 10);
      c->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) session_free);
      if (c->domain != NULL)
        c->domain->course_count++;

      g_ptr_array_add (index->courses, c);
      g_hash_table_insert (index->course_by_id, c->id, c);
    }

  return !has_row;
}

static gboolean
load_sessions (CaDb     *db,
               CaIndex  *index,
               GError  **error)
{
  g_autoptr(CaStmt) stmt = ca_db_stmt (db,
    "SELECT id, course_id, establishment_id, day, start_min, end_min, slot, mode, rhythm,"
    " seats FROM course_sessions ORDER BY course_id, position, id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (ca_db_step (db, stmt, &has_row, error) && has_row)
    {
      CaIdxCourse *course = g_hash_table_lookup (index->course_by_id, ca_stmt_peek_text (stmt, 1));
      CaIdxSession *s;

      if (course == NULL)
        continue;

      s = g_new0 (CaIdxSession, 1);
      s->id = ca_stmt_dup_text (stmt, 0);
      s->course = course;
      s->establishment = g_hash_table_lookup (index->establishment_by_id,
                                              ca_stmt_peek_text (stmt, 2));
      ca_day_from_string (ca_stmt_peek_text (stmt, 3), &s->day);
      s->start = sqlite3_column_int (stmt, 4);
      s->end = sqlite3_column_int (stmt, 5);
      ca_slot_from_string (ca_stmt_peek_text (stmt, 6), &s->slot);
      ca_mode_from_string (ca_stmt_peek_text (stmt, 7), &s->mode);
      ca_rhythm_from_string (ca_stmt_peek_text (stmt, 8), &s->rhythm);
      s->seats = sqlite3_column_int (stmt, 9);
      g_ptr_array_add (course->sessions, s);
      g_hash_table_insert (index->session_by_id, s->id, s);
    }

  return !has_row;
}

static gboolean
build_keys (CaIndex  *index,
            GError  **error)
{
  if (index->domains->len >= CA_IDX_NONE || index->periods->len >= CA_IDX_NONE
      || index->establishments->len >= CA_IDX_NONE)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_INTERNAL,
                           "too many domains, periods or establishments for the index");
      return FALSE;
    }

  index->course_keys = g_array_sized_new (FALSE, TRUE, sizeof (CaIdxCourseKey),
                                          index->courses->len);
  index->session_keys = g_array_sized_new (FALSE, TRUE, sizeof (CaIdxSessionKey),
                                           g_hash_table_size (index->session_by_id));
  index->titles = g_string_new (NULL);

  for (guint i = 0; i < index->courses->len; i++)
    {
      CaIdxCourse *c = g_ptr_array_index (index->courses, i);
      CaIdxCourseKey key = {
        .domain = c->domain != NULL ? c->domain->index : CA_IDX_NONE,
        .period = c->period != NULL ? c->period->index : CA_IDX_NONE,
        .title_offset = index->titles->len,
        .first_session = index->session_keys->len,
        .n_sessions = c->sessions->len,
      };

      g_string_append_len (index->titles, c->title_folded, strlen (c->title_folded) + 1);
      for (guint j = 0; j < c->sessions->len; j++)
        {
          CaIdxSession *s = g_ptr_array_index (c->sessions, j);
          CaIdxSessionKey skey = {
            .day = s->day,
            .slot = s->slot,
            .mode = s->mode,
            .rhythm = s->rhythm,
            .arrondissement = s->establishment != NULL ? s->establishment->arrondissement : 0,
            .establishment = s->establishment != NULL ? s->establishment->index : CA_IDX_NONE,
          };

          g_array_append_val (index->session_keys, skey);
        }
      g_array_append_val (index->course_keys, key);
    }

  return TRUE;
}

CaIndex *
ca_index_load (CaDb    *db,
               GError **error)
{
  g_autoptr(CaIndex) index = index_new ();
  gboolean ok;

  /* One read transaction, so that an import running meanwhile is seen entirely or not at all. */
  if (!ca_db_exec (db, "BEGIN", error))
    return NULL;

  ok = ca_db_get_catalogue_version (db, &index->version, error)
       && load_domains (db, index, error)
       && load_periods (db, index, error)
       && load_establishments (db, index, error)
       && load_heard_from (db, index, error)
       && load_courses (db, index, error)
       && load_sessions (db, index, error);

  ca_db_rollback (db);
  if (!ok || !build_keys (index, error))
    return NULL;

  return g_steal_pointer (&index);
}

/* A filter on ids, resolved to the index positions it allows (NULL: no filter). */
static gboolean *
resolve_ids (GPtrArray  *ids,
             GHashTable *by_id,
             gsize       n,
             gsize       offset_of_index)
{
  gboolean *allowed;

  if (ids == NULL)
    return NULL;

  allowed = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < ids->len; i++)
    {
      gpointer item = g_hash_table_lookup (by_id, g_ptr_array_index (ids, i));

      if (item != NULL)
        allowed[G_STRUCT_MEMBER (guint, item, offset_of_index)] = TRUE;
    }

  return allowed;
}

static inline gboolean
session_key_matches (const CaIdxSessionKey *k,
                     const CaSearch        *search,
                     const gboolean        *establishments)
{
  return (search->days == 0 || (search->days & (1u << k->day)))
         && (search->slots == 0 || (search->slots & (1u << k->slot)))
         && (search->modes == 0 || (search->modes & (1u << k->mode)))
         && (search->rhythms == 0 || (search->rhythms & (1u << k->rhythm)))
         && (search->arrondissements == 0
             || (k->arrondissement != 0 && (search->arrondissements & (1u << k->arrondissement))))
         && (establishments == NULL
             || (k->establishment != CA_IDX_NONE && establishments[k->establishment]));
}

static gboolean
has_session_filter (const CaSearch *search)
{
  return search->days != 0 || search->slots != 0 || search->modes != 0 || search->rhythms != 0
         || search->arrondissements != 0 || search->establishments != NULL;
}

void
ca_index_search (CaIndex        *index,
                 const CaSearch *search,
                 gint64          now,
                 GArray         *hits)
{
  gboolean session_filter = has_session_filter (search);
  g_autofree gboolean *domains = resolve_ids (search->domains, index->domain_by_id,
                                              index->domains->len,
                                              G_STRUCT_OFFSET (CaIdxDomain, index));
  g_autofree gboolean *periods = resolve_ids (search->periods, index->period_by_id,
                                              index->periods->len,
                                              G_STRUCT_OFFSET (CaIdxPeriod, index));
  g_autofree gboolean *establishments = resolve_ids (search->establishments,
                                                     index->establishment_by_id,
                                                     index->establishments->len,
                                                     G_STRUCT_OFFSET (CaIdxEstablishment, index));
  g_autofree gboolean *open = g_new0 (gboolean, index->periods->len + 1);
  const CaIdxCourseKey *keys = (const CaIdxCourseKey *) index->course_keys->data;
  const CaIdxSessionKey *skeys = (const CaIdxSessionKey *) index->session_keys->data;

  for (guint p = 0; p < index->periods->len; p++)
    open[p] = ca_idx_period_is_open (g_ptr_array_index (index->periods, p), now);

  for (guint i = 0; i < index->course_keys->len; i++)
    {
      const CaIdxCourseKey *key = &keys[i];
      CaSearchHit hit = { NULL, key->n_sessions };
      gboolean words_ok = TRUE;

      if (domains != NULL && (key->domain == CA_IDX_NONE || !domains[key->domain]))
        continue;
      if (periods != NULL && (key->period == CA_IDX_NONE || !periods[key->period]))
        continue;
      if (search->open_only && (key->period == CA_IDX_NONE || !open[key->period]))
        continue;
      for (guint w = 0; search->words != NULL && search->words[w] != NULL; w++)
        {
          if (strstr (index->titles->str + key->title_offset, search->words[w]) == NULL)
            {
              words_ok = FALSE;
              break;
            }
        }
      if (!words_ok)
        continue;

      if (session_filter)
        {
          hit.matching_sessions = 0;
          for (guint s = 0; s < key->n_sessions; s++)
            if (session_key_matches (&skeys[key->first_session + s], search, establishments))
              hit.matching_sessions++;
          if (hit.matching_sessions == 0)
            continue;
        }

      hit.course = g_ptr_array_index (index->courses, i);
      g_array_append_val (hits, hit);
    }
}
