/* fuzz-json-decoders.c — the core's JSON decoders (src/core/ca-model.h) on arbitrary bytes
 *
 * Every input goes through ca_json_parse_bytes () and then through every decoder, since one
 * answer of the service may reach any of them when a proxy or a newer service misbehaves.
 * Beyond "no crash": a decoder answers either an object and no error, or NULL and a
 * CA_ERROR_BAD_RESPONSE error; every string it hands out is UTF-8; every enum maps back to
 * its name. Decoded objects are walked through all their getters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "FuzzJson"

#include <stdint.h>
#include <stdlib.h>
#include <glib.h>

#include "ca-error.h"
#include "ca-model.h"
#include "fuzz-common.h"


static void
check_text (const char *text)
{
  if (text != NULL)
    check (g_utf8_validate (text, -1, NULL));
}

static void
check_time (GDateTime *time)
{
  if (time != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      check (iso != NULL);
    }
}

/* A decoder's result and error agree: one or the other, never both, never neither. */
static void
check_outcome (gpointer      object,
               const GError *error)
{
  if (object != NULL)
    check (error == NULL);
  else
    check (error != NULL && error->domain == CA_ERROR && error->code == CA_ERROR_BAD_RESPONSE);
}

static void
walk_period (CaPeriod *period)
{
  check (period != NULL);
  check_text (ca_period_get_id (period));
  check_text (ca_period_get_name (period));
  check_time (ca_period_get_opens_at (period));
  check_time (ca_period_get_closes_at (period));
  (void) ca_period_get_open (period);
}

static void
walk_establishment (CaEstablishment *establishment)
{
  check (establishment != NULL);
  check_text (ca_establishment_get_id (establishment));
  check_text (ca_establishment_get_name (establishment));
  check_text (ca_establishment_get_address (establishment));
  (void) ca_establishment_get_arrondissement (establishment);
}

static void
walk_named_items (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaNamedItem) item = g_list_model_get_item (model, i);

      check (CA_IS_NAMED_ITEM (item));
      check_text (ca_named_item_get_id (item));
      check_text (ca_named_item_get_name (item));
    }
}

static void
walk_catalogue (CaCatalogue *catalogue)
{
  GListModel *model;
  guint n;

  model = ca_catalogue_get_domains (catalogue);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaDomain) domain = g_list_model_get_item (model, i);

      check_text (ca_domain_get_id (domain));
      check_text (ca_domain_get_name (domain));
      (void) ca_domain_get_course_count (domain);
      check (ca_catalogue_find_domain (catalogue, ca_domain_get_id (domain)) != NULL);
    }

  model = ca_catalogue_get_periods (catalogue);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaPeriod) period = g_list_model_get_item (model, i);

      walk_period (period);
      check (ca_catalogue_find_period (catalogue, ca_period_get_id (period)) != NULL);
    }

  walk_named_items (ca_catalogue_get_rhythms (catalogue));
  walk_named_items (ca_catalogue_get_modes (catalogue));
  walk_named_items (ca_catalogue_get_slots (catalogue));
  walk_named_items (ca_catalogue_get_days (catalogue));
  walk_named_items (ca_catalogue_get_heard_from_options (catalogue));

  model = ca_catalogue_get_arrondissements (catalogue);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaArrondissement) arr = g_list_model_get_item (model, i);
      g_autoptr(GListModel) in = ca_catalogue_list_establishments_in (catalogue,
                                                                        ca_arrondissement_get_number (arr));

      check_text (ca_arrondissement_get_name (arr));
      for (guint j = 0; j < g_list_model_get_n_items (in); j++)
        {
          g_autoptr(CaEstablishment) e = g_list_model_get_item (in, j);

          check (ca_establishment_get_arrondissement (e) == ca_arrondissement_get_number (arr));
        }
    }

  model = ca_catalogue_get_establishments (catalogue);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaEstablishment) e = g_list_model_get_item (model, i);

      walk_establishment (e);
      check (ca_catalogue_find_establishment (catalogue, ca_establishment_get_id (e)) != NULL);
    }
}

static void
walk_session (CaSession *session)
{
  check (session != NULL);
  check_text (ca_session_get_id (session));
  walk_establishment (ca_session_get_establishment (session));
  check (ca_day_to_string (ca_session_get_day (session)) != NULL);
  check (ca_slot_to_string (ca_session_get_slot (session)) != NULL);
  check (ca_mode_to_string (ca_session_get_mode (session)) != NULL);
  check (ca_rhythm_to_string (ca_session_get_rhythm (session)) != NULL);
  check_text (ca_session_get_start (session));
  check_text (ca_session_get_end (session));
  (void) ca_session_get_seats (session);
}

static void
walk_course_list (CaCourseList *list)
{
  GListModel *items = ca_course_list_get_items (list);
  guint n = g_list_model_get_n_items (items);

  (void) ca_course_list_get_total (list);
  (void) ca_course_list_get_offset (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaCourseSummary) s = g_list_model_get_item (items, i);

      check_text (ca_course_summary_get_id (s));
      check_text (ca_course_summary_get_title (s));
      check_text (ca_course_summary_get_domain_id (s));
      check_text (ca_course_summary_get_domain_name (s));
      check_text (ca_course_summary_get_objective (s));
      walk_period (ca_course_summary_get_period (s));
      (void) ca_course_summary_get_open (s);
      (void) ca_course_summary_get_matching_sessions (s);
    }
}

static void
walk_course (CaCourse *course)
{
  GListModel *model;

  check_text (ca_course_get_id (course));
  check_text (ca_course_get_title (course));
  check_text (ca_course_get_domain_id (course));
  check_text (ca_course_get_domain_name (course));
  check_text (ca_course_get_objective (course));
  check_text (ca_course_get_audience (course));
  check_text (ca_course_get_prerequisites (course));
  check_text (ca_course_get_program (course));
  (void) ca_course_get_fee_cents (course);
  walk_period (ca_course_get_period (course));
  (void) ca_course_get_open (course);

  model = ca_course_get_sessions (course);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaSession) session = g_list_model_get_item (model, i);

      walk_session (session);
    }

  model = ca_course_get_candidature_form (course);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaQuestion) q = g_list_model_get_item (model, i);
      const char * const *choices = ca_question_get_choices (q);

      check_text (ca_question_get_id (q));
      check_text (ca_question_get_label (q));
      check (ca_question_type_to_string (ca_question_get_kind (q)) != NULL);
      (void) ca_question_get_required (q);
      check (choices != NULL);
      for (guint j = 0; choices[j] != NULL; j++)
        check_text (choices[j]);
    }
}

static void
walk_candidature (CaCandidature *c)
{
  check_text (ca_candidature_get_id (c));
  check (ca_status_to_string (ca_candidature_get_status (c)) != NULL);
  check_text (ca_candidature_get_reason (c));
  check_text (ca_candidature_get_course_id (c));
  check_text (ca_candidature_get_course_title (c));
  walk_session (ca_candidature_get_session (c));
  (void) ca_candidature_get_amount_due_cents (c);
  (void) ca_candidature_get_can_cancel (c);
  check_time (ca_candidature_get_created_at (c));
  check_time (ca_candidature_get_updated_at (c));
  check_time (ca_candidature_get_convocation_at (c));
  check_text (ca_candidature_get_convocation_place (c));
}

static void
walk_candidature_list (CaCandidatureList *list)
{
  GListModel *items = ca_candidature_list_get_items (list);

  (void) ca_candidature_list_get_active_count (list);
  (void) ca_candidature_list_get_max_active (list);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCandidature) c = g_list_model_get_item (items, i);

      walk_candidature (c);
    }
}

/* The profile also maps back to JSON: decoding that again gives the same fields. */
static void
walk_profile (CaProfile *profile)
{
  g_autoptr(JsonNode) again_node = ca_profile_to_json (profile);
  g_autoptr(CaProfile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (26, G_DATE_NOVEMBER, 2026);
  static const char * const heard_from[] = { "press", "friend", "internet", NULL };

  check (again_node != NULL);
  again = ca_profile_from_json (again_node, &error);
  check (again != NULL && error == NULL);

  for (int f = CA_PROFILE_CIVILITY; f < CA_PROFILE_N_FIELDS; f++)
    {
      check_text (ca_profile_get (profile, f));
      check (g_strcmp0 (ca_profile_get (profile, f), ca_profile_get (again, f)) == 0);
      check (ca_profile_field_to_string (f) != NULL);
    }
  check_text (ca_profile_get (profile, CA_PROFILE_EMAIL));
  (void) ca_profile_get_complete (profile);

  problems = ca_profile_validate (profile, heard_from, today);
  check (problems != NULL);
}

static void
decode_all (JsonNode *node)
{
#define DECODE(Type, type, walk) G_STMT_START {                    \
    g_autoptr(GError) e = NULL;                                    \
    g_autoptr(Type) obj = type##_from_json (node, &e);             \
    check_outcome (obj, e);                                        \
    if (obj != NULL) walk (obj);                                   \
  } G_STMT_END

  DECODE (CaCatalogue, ca_catalogue, walk_catalogue);
  DECODE (CaCourseList, ca_course_list, walk_course_list);
  DECODE (CaCourse, ca_course, walk_course);
  DECODE (CaSession, ca_session, walk_session);
  DECODE (CaCandidature, ca_candidature, walk_candidature);
  DECODE (CaCandidatureList, ca_candidature_list, walk_candidature_list);
  DECODE (CaProfile, ca_profile, walk_profile);
#undef DECODE

  {
    g_autoptr(GError) e = NULL;
    g_autoptr(CaSessionInfo) info = ca_session_info_from_json (node, &e);

    check_outcome (info, e);
    if (info != NULL)
      {
        check_text (info->token);
        check_time (info->expires_at);
      }
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(CaPaymentInfo) info = ca_payment_info_from_json (node, &e);

    check_outcome (info, e);
    if (info != NULL)
      {
        check_text (info->payment_url);
        check_text (info->reference);
      }
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(CaCaptcha) captcha = ca_captcha_from_json (node, &e);

    check_outcome (captcha, e);
    if (captcha != NULL)
      {
        check_text (captcha->id);
        check (captcha->png != NULL);
      }
  }
  {
    g_autoptr(GError) e = ca_error_from_json (node);

    if (e != NULL)
      {
        GHashTable *fields = ca_error_get_fields (e);

        check (e->domain == CA_ERROR);
        check (ca_error_code_to_string (e->code) != NULL);
        check_text (e->message);
        if (fields != NULL)
          {
            GHashTableIter iter;
            gpointer key, value;

            g_hash_table_iter_init (&iter, fields);
            while (g_hash_table_iter_next (&iter, &key, &value))
              {
                check_text (key);
                check_text (value);
              }
          }
        (void) ca_error_get_retry_after (e);
      }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (fuzz_skip_several_roots ((const char *) data, size))
    return 0;

  bytes = g_bytes_new_static (data, size);
  node = ca_json_parse_bytes (bytes, &error);
  if (node == NULL)
    {
      check (error != NULL && error->domain == CA_ERROR && error->code == CA_ERROR_BAD_RESPONSE);
      return 0;
    }

  check (error == NULL);
  /* "{}{}" is no JSON document: accepting it means taking one part of an answer for all. */
  if (fuzz_json_count_values ((const char *) data, size) > 1)
    {
      g_printerr ("ca_json_parse_bytes () accepted several top-level values\n");
      abort ();
    }

  decode_all (node);
  return 0;
}
