/* ca-handlers-catalogue.c — health, catalogue, course search and course sheets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-db.h"
#include "ca-http.h"
#include "ca-model.h"
#include "ca-rules.h"
#include "ca-server.h"
#include "ca-text.h"
#include "ca-types.h"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT 200

void
ca_handle_health (CaRequest *req)
{
  ca_http_send_json_string (req->msg, 200, g_strdup ("{\"status\":\"ok\"}"));
}

static CaIndex *
get_index (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  CaIndex *index = ca_server_get_index (req->server, &error);

  if (index == NULL)
    ca_request_fail (req, error);

  return index;
}

static void
add_named (JsonBuilder *builder,
           const char  *id,
           const char  *name)
{
  json_builder_begin_object (builder);
  ca_json_add_string (builder, "id", id);
  ca_json_add_string (builder, "name", name);
  json_builder_end_object (builder);
}

static void
add_period_summary (JsonBuilder       *builder,
                    const CaIdxPeriod *period,
                    gint64             now,
                    gboolean           with_dates)
{
  json_builder_begin_object (builder);
  ca_json_add_string (builder, "id", period->id);
  ca_json_add_string (builder, "name", period->name);
  if (with_dates)
    {
      ca_json_add_time (builder, "opens_at", period->opens_at);
      ca_json_add_time (builder, "closes_at", period->closes_at);
    }
  ca_json_add_bool (builder, "open", ca_idx_period_is_open (period, now));
  json_builder_end_object (builder);
}

static void
add_establishment (JsonBuilder              *builder,
                   const CaIdxEstablishment *e)
{
  json_builder_begin_object (builder);
  ca_json_add_string (builder, "id", e->id);
  ca_json_add_string (builder, "name", e->name);
  ca_json_add_string (builder, "address", e->address);
  ca_json_add_int (builder, "arrondissement", e->arrondissement);
  json_builder_end_object (builder);
}

static char *
arrondissement_name (int number)
{
  return number == 1 ? g_strdup ("1er") : g_strdup_printf ("%de", number);
}

JsonNode *
ca_catalogue_build_json (CaIndex *index,
                         gint64   now)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);

  json_builder_set_member_name (b, "domains");
  json_builder_begin_array (b);
  for (guint i = 0; i < index->domains->len; i++)
    {
      CaIdxDomain *d = g_ptr_array_index (index->domains, i);

      json_builder_begin_object (b);
      ca_json_add_string (b, "id", d->id);
      ca_json_add_string (b, "name", d->name);
      ca_json_add_int (b, "course_count", d->course_count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "periods");
  json_builder_begin_array (b);
  for (guint i = 0; i < index->periods->len; i++)
    add_period_summary (b, g_ptr_array_index (index->periods, i), now, TRUE);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "rhythms");
  json_builder_begin_array (b);
  for (CaRhythm r = CA_RHYTHM_ANNUAL; r <= CA_RHYTHM_INTENSIVE; r++)
    add_named (b, ca_rhythm_to_string (r), ca_rhythm_name_fr (r));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "modes");
  json_builder_begin_array (b);
  for (CaMode m = CA_MODE_ONSITE; m <= CA_MODE_HYBRID; m++)
    add_named (b, ca_mode_to_string (m), ca_mode_name_fr (m));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "slots");
  json_builder_begin_array (b);
  for (CaSlot s = CA_SLOT_DAY; s <= CA_SLOT_EVENING; s++)
    add_named (b, ca_slot_to_string (s), ca_slot_name_fr (s));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "days");
  json_builder_begin_array (b);
  for (CaDay d = CA_DAY_MONDAY; d <= CA_DAY_SUNDAY; d++)
    add_named (b, ca_day_to_string (d), ca_day_name_fr (d));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "arrondissements");
  json_builder_begin_array (b);
  for (int n = 1; n <= 20; n++)
    {
      g_autofree char *name = arrondissement_name (n);

      json_builder_begin_object (b);
      ca_json_add_int (b, "number", n);
      ca_json_add_string (b, "name", name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "establishments");
  json_builder_begin_array (b);
  for (guint i = 0; i < index->establishments->len; i++)
    add_establishment (b, g_ptr_array_index (index->establishments, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "heard_from_options");
  json_builder_begin_array (b);
  for (guint i = 0; i < index->heard_from->len; i++)
    {
      CaIdxNamed *n = g_ptr_array_index (index->heard_from, i);

      add_named (b, n->id, n->name);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* Whether If-None-Match (a list of entity tags, or "*") holds @etag. */
static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;

  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

void
ca_handle_catalogue (CaRequest *req)
{
  g_autoptr(CaIndex) index = get_index (req);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *etag = NULL;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (req->msg);

  if (index == NULL)
    return;

  root = ca_catalogue_build_json (index, ca_db_now ());
  json = json_to_string (root, FALSE);
  etag = ca_catalogue_etag (json);

  soup_message_headers_replace (response_headers, "ETag", etag);
  if (etag_matches (soup_message_headers_get_one (request_headers, "If-None-Match"), etag))
    {
      soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
      ca_http_send_empty (req->msg, 304);
      return;
    }

  ca_http_send_json_string (req->msg, 200, g_steal_pointer (&json));
  /* Clients may keep it but must revalidate: a period may close at any time. */
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
}

/* --- search --------------------------------------------------------------------------- */

static void
search_clear (CaSearch *search)
{
  g_clear_pointer (&search->words, g_strfreev);
  g_clear_pointer (&search->domains, g_ptr_array_unref);
  g_clear_pointer (&search->periods, g_ptr_array_unref);
  g_clear_pointer (&search->establishments, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaSearch, search_clear)

static void
add_to_list (GPtrArray  **list,
             const char  *value)
{
  if (*list == NULL)
    *list = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (*list, g_strdup (value));
}

static gboolean
parse_uint (const char *value,
            guint64     max,
            guint64    *out)
{
  return value != NULL && *value != '\0'
         && g_ascii_string_to_unsigned (value, 10, 0, max, out, NULL);
}

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_str_equal (value, "true") || g_str_equal (value, "1"))
    *out = TRUE;
  else if (g_str_equal (value, "false") || g_str_equal (value, "0") || *value == '\0')
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* One query parameter into @search; FALSE with @error for a bad value. */
static gboolean
parse_param (CaSearch    *search,
             const char  *key,
             const char  *value,
             guint64     *offset,
             guint64     *limit,
             GError     **error)
{
  guint64 n;

  if (g_str_equal (key, "q"))
    {
      g_autofree char *joined = NULL;

      /* A repeated q adds words. */
      if (search->words != NULL)
        {
          g_autofree char *previous = g_strjoinv (" ", search->words);

          joined = g_strconcat (previous, " ", value, NULL);
          g_clear_pointer (&search->words, g_strfreev);
        }
      search->words = ca_text_query_words (joined != NULL ? joined : value);
    }
  else if (g_str_equal (key, "domain"))
    add_to_list (&search->domains, value);
  else if (g_str_equal (key, "period"))
    add_to_list (&search->periods, value);
  else if (g_str_equal (key, "establishment"))
    add_to_list (&search->establishments, value);
  else if (g_str_equal (key, "open_only"))
    {
      if (!parse_bool (value, &search->open_only))
        goto bad;
    }
  else if (g_str_equal (key, "rhythm"))
    {
      CaRhythm r;

      if (!ca_rhythm_from_string (value, &r))
        goto bad;
      search->rhythms |= 1u << r;
    }
  else if (g_str_equal (key, "mode"))
    {
      CaMode m;

      if (!ca_mode_from_string (value, &m))
        goto bad;
      search->modes |= 1u << m;
    }
  else if (g_str_equal (key, "day"))
    {
      CaDay d;

      if (!ca_day_from_string (value, &d))
        goto bad;
      search->days |= 1u << d;
    }
  else if (g_str_equal (key, "slot"))
    {
      CaSlot s;

      if (!ca_slot_from_string (value, &s))
        goto bad;
      search->slots |= 1u << s;
    }
  else if (g_str_equal (key, "arrondissement"))
    {
      if (!parse_uint (value, 20, &n) || n < 1)
        goto bad;
      search->arrondissements |= 1u << n;
    }
  else if (g_str_equal (key, "offset"))
    {
      if (!parse_uint (value, G_MAXINT32, offset))
        goto bad;
    }
  else if (g_str_equal (key, "limit"))
    {
      /* More than MAX_LIMIT is served as MAX_LIMIT. */
      if (!parse_uint (value, G_MAXINT32, limit))
        goto bad;
      *limit = MIN (*limit, MAX_LIMIT);
    }
  /* Unknown keys are ignored, as web forms and caches add their own. */

  return TRUE;

bad:
  g_propagate_error (error, ca_http_invalid ("%s: invalid value “%s”", key, value));
  return FALSE;
}

static gboolean
parse_search (SoupServerMessage  *msg,
              CaSearch           *search,
              guint64            *offset,
              guint64            *limit,
              GError            **error)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  GUriParamsIter iter;
  char *key, *value;
  GError *local_error = NULL;

  *offset = 0;
  *limit = DEFAULT_LIMIT;
  if (query == NULL)
    return TRUE;

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &key, &value, &local_error))
    {
      gboolean ok;

      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          g_propagate_error (error, ca_http_invalid ("query: invalid UTF-8"));
          ok = FALSE;
        }
      else
        ok = parse_param (search, key, value, offset, limit, error);

      g_free (key);
      g_free (value);
      if (!ok)
        return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, ca_http_invalid ("query: %s", local_error->message));
      g_error_free (local_error);
      return FALSE;
    }

  return TRUE;
}

static void
add_domain_ref (JsonBuilder       *b,
                const CaIdxDomain *domain)
{
  json_builder_set_member_name (b, "domain");
  if (domain == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  add_named (b, domain->id, domain->name);
}

static void
add_period_ref (JsonBuilder       *b,
                const CaIdxPeriod *period,
                gint64             now)
{
  json_builder_set_member_name (b, "period");
  if (period == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  add_period_summary (b, period, now, FALSE);
}

void
ca_handle_courses (CaRequest *req)
{
  g_auto(CaSearch) search = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CaIndex) index = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GString) out = NULL;
  guint64 offset, limit;
  gint64 now = ca_db_now ();

  if (!parse_search (req->msg, &search, &offset, &limit, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  index = get_index (req);
  if (index == NULL)
    return;

  hits = g_array_new (FALSE, FALSE, sizeof (CaSearchHit));
  ca_index_search (index, &search, now, hits);

  /* The hot path of the service: written by hand, JsonBuilder costs more than the search. */
  out = g_string_sized_new (256 + MIN (hits->len, limit) * 512);
  g_string_append_printf (out, "{\"total\":%u,\"offset\":%" G_GUINT64_FORMAT ",\"items\":[",
                          hits->len, offset);
  for (guint64 i = offset; i < hits->len && i < offset + limit; i++)
    {
      CaSearchHit *hit = &g_array_index (hits, CaSearchHit, i);
      CaIdxCourse *c = hit->course;
      gboolean open = c->period != NULL && ca_idx_period_is_open (c->period, now);

      if (i > offset)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      ca_json_append_string (out, c->id);
      g_string_append (out, ",\"title\":");
      ca_json_append_string (out, c->title);
      g_string_append (out, ",\"domain\":");
      if (c->domain != NULL)
        {
          g_string_append (out, "{\"id\":");
          ca_json_append_string (out, c->domain->id);
          g_string_append (out, ",\"name\":");
          ca_json_append_string (out, c->domain->name);
          g_string_append_c (out, '}');
        }
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"objective\":");
      ca_json_append_string (out, c->objective != NULL ? c->objective : "");
      g_string_append (out, ",\"period\":");
      if (c->period != NULL)
        {
          g_string_append (out, "{\"id\":");
          ca_json_append_string (out, c->period->id);
          g_string_append (out, ",\"name\":");
          ca_json_append_string (out, c->period->name);
          g_string_append_printf (out, ",\"open\":%s}", open ? "true" : "false");
        }
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ",\"open\":%s,\"matching_sessions\":%u}",
                              open ? "true" : "false", hit->matching_sessions);
    }
  g_string_append (out, "]}");

  ca_http_send_json_string (req->msg, 200, g_string_free (g_steal_pointer (&out), FALSE));
}

void
ca_build_session_json (JsonBuilder        *b,
                       const CaIdxSession *s)
{
  g_autofree char *start = ca_clock_format (s->start);
  g_autofree char *end = ca_clock_format (s->end);

  json_builder_begin_object (b);
  ca_json_add_string (b, "id", s->id);
  json_builder_set_member_name (b, "establishment");
  if (s->establishment != NULL)
    add_establishment (b, s->establishment);
  else
    json_builder_add_null_value (b);
  ca_json_add_string (b, "day", ca_day_to_string (s->day));
  ca_json_add_string (b, "start", start);
  ca_json_add_string (b, "end", end);
  ca_json_add_string (b, "slot", ca_slot_to_string (s->slot));
  ca_json_add_string (b, "mode", ca_mode_to_string (s->mode));
  ca_json_add_string (b, "rhythm", ca_rhythm_to_string (s->rhythm));
  ca_json_add_int (b, "seats", s->seats);
  json_builder_end_object (b);
}

void
ca_handle_course (CaRequest *req)
{
  g_autoptr(CaIndex) index = get_index (req);
  g_autoptr(JsonBuilder) b = NULL;
  CaIdxCourse *c;
  gint64 now = ca_db_now ();

  if (index == NULL)
    return;

  c = g_hash_table_lookup (index->course_by_id, req->id);
  if (c == NULL)
    {
      ca_http_send_error_code (req->msg, CA_ERROR_NOT_FOUND, NULL);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_string (b, "id", c->id);
  ca_json_add_string (b, "title", c->title);
  add_domain_ref (b, c->domain);
  ca_json_add_string (b, "objective", c->objective);
  ca_json_add_string (b, "audience", c->audience);
  ca_json_add_string (b, "prerequisites", c->prerequisites);
  ca_json_add_string (b, "program", c->program);
  ca_json_add_int (b, "fee_cents", c->fee_cents);
  add_period_ref (b, c->period, now);
  ca_json_add_bool (b, "open", c->period != NULL && ca_idx_period_is_open (c->period, now));
  json_builder_set_member_name (b, "candidature_form");
  json_builder_add_value (b, json_node_copy (ca_idx_course_get_form (c)));
  json_builder_set_member_name (b, "sessions");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->sessions->len; i++)
    ca_build_session_json (b, g_ptr_array_index (c->sessions, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  ca_http_send_builder (req->msg, 200, b);
}
