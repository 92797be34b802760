/* test-model.c — the JSON decoders on good documents, then on every way a document can be bad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <stdlib.h>
#include <string.h>

#include "ca-error.h"
#include "ca-model.h"

#define ESTABLISHMENT_JSON \
  "{\"id\":\"e-voltaire\",\"name\":\"Lycée Voltaire\"," \
  "\"address\":\"101 avenue de la République, 75011 Paris\",\"arrondissement\":11}"

#define SESSION_JSON \
  "{\"id\":\"s-1\",\"establishment\":" ESTABLISHMENT_JSON "," \
  "\"day\":\"tuesday\",\"start\":\"18:30\",\"end\":\"20:30\",\"slot\":\"evening\"," \
  "\"mode\":\"onsite\",\"rhythm\":\"semester-1\",\"seats\":24}"

#define PERIOD_SHORT_JSON "{\"id\":\"p-2026\",\"name\":\"Année 2026-2027\",\"open\":true}"

static const char catalogue_json[] =
  "{\"domains\":[{\"id\":\"langues\",\"name\":\"Langues\",\"course_count\":12},"
  "              {\"id\":\"arts\",\"name\":\"Arts\",\"course_count\":0}],"
  " \"periods\":[{\"id\":\"p-2026\",\"name\":\"Année 2026-2027\","
  "              \"opens_at\":\"2026-09-01T09:00:00+02:00\","
  "              \"closes_at\":\"2026-12-15T18:00:00+01:00\",\"open\":true}],"
  " \"rhythms\":[{\"id\":\"annual\",\"name\":\"Annuel\"},"
  "              {\"id\":\"semester-1\",\"name\":\"1er semestre\"}],"
  " \"modes\":[{\"id\":\"onsite\",\"name\":\"Présentiel\"}],"
  " \"slots\":[{\"id\":\"evening\",\"name\":\"Soirée\"}],"
  " \"days\":[{\"id\":\"monday\",\"name\":\"Lundi\"}],"
  " \"arrondissements\":[{\"number\":1,\"name\":\"1er\"},{\"number\":11,\"name\":\"11e\"}],"
  " \"establishments\":[" ESTABLISHMENT_JSON ","
  "   {\"id\":\"e-bastille\",\"name\":\"École Bastille\",\"address\":\"1 rue Keller\","
  "    \"arrondissement\":11},"
  "   {\"id\":\"e-louvre\",\"name\":\"Annexe Louvre\",\"address\":\"2 rue du Louvre\","
  "    \"arrondissement\":1},"
  "   {\"id\":\"e-alma\",\"name\":\"Atelier Alma\",\"address\":\"3 rue Oberkampf\","
  "    \"arrondissement\":11}],"
  " \"heard_from_options\":[{\"id\":\"press\",\"name\":\"Presse\"},"
  "                        {\"id\":\"friends\",\"name\":\"Bouche à oreille\"}]}";

static const char course_list_json[] =
  "{\"total\":57,\"offset\":50,\"items\":["
  " {\"id\":\"c-fle\",\"title\":\"Français langue étrangère\","
  "  \"domain\":{\"id\":\"langues\",\"name\":\"Langues\"},\"objective\":\"Parler français\","
  "  \"period\":" PERIOD_SHORT_JSON ",\"open\":true,\"matching_sessions\":3},"
  " {\"id\":\"c-anglais\",\"title\":\"Anglais\","
  "  \"domain\":{\"id\":\"langues\",\"name\":\"Langues\"},"
  "  \"objective\":null,\"period\":{\"id\":\"p-old\",\"name\":\"Ancienne\",\"open\":false},"
  "  \"open\":false,\"matching_sessions\":0}]}";

static const char course_json[] =
  "{\"id\":\"c-fle\",\"title\":\"Français langue étrangère\","
  " \"domain\":{\"id\":\"langues\",\"name\":\"Langues\"},"
  " \"objective\":\"Parler français\",\"audience\":\"Adultes\",\"prerequisites\":null,"
  " \"program\":\"Grammaire, conversation\",\"fee_cents\":12550,"
  " \"period\":" PERIOD_SHORT_JSON ",\"open\":true,"
  " \"candidature_form\":["
  "   {\"id\":\"q-level\",\"label\":\"Votre niveau\",\"type\":\"choice\",\"required\":true,"
  "    \"choices\":[\"Débutant\",\"Intermédiaire\",\"Avancé\"]},"
  "   {\"id\":\"q-why\",\"label\":\"Pourquoi ?\",\"type\":\"text\",\"required\":false},"
  "   {\"id\":\"q-pc\",\"label\":\"Avez-vous un ordinateur ?\",\"type\":\"boolean\","
  "    \"required\":true,\"choices\":[]}],"
  " \"sessions\":[" SESSION_JSON ","
  "   {\"id\":\"s-2\",\"establishment\":" ESTABLISHMENT_JSON ",\"day\":\"saturday\","
  "    \"start\":\"09:00\",\"end\":\"17:00\",\"slot\":\"day\",\"mode\":\"hybrid\","
  "    \"rhythm\":\"intensive\",\"seats\":0}]}";

static const char candidature_json[] =
  "{\"id\":\"k-1\",\"status\":\"convoked\",\"reason\":null,"
  " \"course\":{\"id\":\"c-fle\",\"title\":\"Français langue étrangère\"},"
  " \"session\":" SESSION_JSON ",\"amount_due_cents\":0,\"can_cancel\":true,"
  " \"created_at\":\"2026-09-02T10:00:00+02:00\",\"updated_at\":\"2026-09-10T08:30:00Z\","
  " \"convocation\":{\"at\":\"2026-09-20T18:00:00+02:00\",\"place\":\"Salle 12\"}}";

static const char candidature_list_json[] =
  "{\"active_count\":1,\"max_active\":3,\"items\":["
  " {\"id\":\"k-2\",\"status\":\"refused\",\"reason\":\"no-seats\","
  "  \"course\":{\"id\":\"c-anglais\",\"title\":\"Anglais\"},\"session\":" SESSION_JSON ","
  "  \"amount_due_cents\":0,\"can_cancel\":false,\"created_at\":\"2026-09-02T10:00:00+02:00\","
  "  \"updated_at\":\"2026-09-03T10:00:00+02:00\",\"convocation\":null},"
  " {\"id\":\"k-3\",\"status\":\"awaiting-payment\",\"reason\":null,"
  "  \"course\":{\"id\":\"c-fle\",\"title\":\"FLE\"},\"session\":" SESSION_JSON ","
  "  \"amount_due_cents\":12550,\"can_cancel\":true,\"created_at\":\"2026-09-02T10:00:00+02:00\","
  "  \"updated_at\":\"2026-09-03T10:00:00+02:00\"}]}";

static const char profile_json[] =
  "{\"email\":\"marie@example.fr\",\"civility\":\"Mme\",\"last_name\":\"Dupont\","
  " \"first_name\":\"Marie\",\"birth_date\":\"1985-04-12\",\"birth_country\":\"France\","
  " \"address\":\"12 rue de Rivoli\",\"postal_code\":\"75004\",\"city\":\"Paris\","
  " \"phone_mobile\":\"06 12 34 56 78\",\"phone_other\":null,\"heard_from\":\"press\","
  " \"complete\":true}";

static const char session_info_json[] =
  "{\"token\":\"tok-abc\",\"expires_at\":\"2026-11-27T10:00:00+01:00\",\"profile_complete\":false}";

static const char payment_json[] =
  "{\"payment_url\":\"http://127.0.0.1:8080/payfip/paiement.web?numcli=1&montant=12550\","
  " \"reference\":\"CA-2026-0001\",\"amount_cents\":12550}";

/* ------------------------------------------------------------------------------------------ */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  JsonNode *node = ca_json_parse_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Every decoder under one signature, freeing what it built. */
typedef gboolean (*Decoder) (JsonNode *node, GError **error);

#define DEFINE_OBJECT_DECODER(name, from_json)                                  \
  static gboolean                                                               \
  decode_##name (JsonNode *node, GError **error)                                \
  {                                                                             \
    g_autoptr(GObject) object = (GObject *) from_json (node, error);            \
    return object != NULL;                                                      \
  }

DEFINE_OBJECT_DECODER (catalogue, ca_catalogue_from_json)
DEFINE_OBJECT_DECODER (course_list, ca_course_list_from_json)
DEFINE_OBJECT_DECODER (course, ca_course_from_json)
DEFINE_OBJECT_DECODER (session, ca_session_from_json)
DEFINE_OBJECT_DECODER (candidature, ca_candidature_from_json)
DEFINE_OBJECT_DECODER (candidature_list, ca_candidature_list_from_json)
DEFINE_OBJECT_DECODER (profile, ca_profile_from_json)

static gboolean
decode_session_info (JsonNode *node, GError **error)
{
  g_autoptr(CaSessionInfo) info = ca_session_info_from_json (node, error);
  return info != NULL;
}

static gboolean
decode_payment (JsonNode *node, GError **error)
{
  g_autoptr(CaPaymentInfo) info = ca_payment_info_from_json (node, error);
  return info != NULL;
}

static gboolean
decode_captcha (JsonNode *node, GError **error)
{
  g_autoptr(CaCaptcha) captcha = ca_captcha_from_json (node, error);
  return captcha != NULL;
}

static char *
png_data_uri (void)
{
  static const guchar png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
  };
  g_autofree char *base64 = g_base64_encode (png, sizeof png);

  return g_strconcat ("data:image/png;base64,", base64, NULL);
}

static char *
captcha_json (void)
{
  g_autofree char *uri = png_data_uri ();

  return g_strdup_printf ("{\"id\":\"cap-1\",\"image\":\"%s\"}", uri);
}

/* Calls @decode and checks the outcome is all or nothing: a value and no error, or no value
 * and a CA_ERROR_BAD_RESPONSE naming the problem. */
static gboolean
decode_checked (Decoder   decode,
                JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = decode (node, &error);

  if (ok)
    {
      g_assert_no_error (error);
    }
  else
    {
      g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, "La réponse du service est illisible"));
    }

  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Good documents                                                                             */

static void
test_catalogue (void)
{
  g_autoptr(JsonNode) node = parse (catalogue_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCatalogue) catalogue = ca_catalogue_from_json (node, &error);
  g_autoptr(GListModel) in_11 = NULL;
  g_autoptr(GListModel) in_20 = NULL;
  g_autoptr(CaDomain) domain = NULL;
  g_autoptr(CaPeriod) period = NULL;
  g_autoptr(CaArrondissement) arrondissement = NULL;
  g_autoptr(CaNamedItem) heard = NULL;
  g_autoptr(CaEstablishment) first = NULL;
  g_autoptr(CaEstablishment) last = NULL;
  g_autofree char *name = NULL;
  g_autofree char *opens = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);

  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_domains (catalogue)), ==, 2);
  domain = g_list_model_get_item (ca_catalogue_get_domains (catalogue), 0);
  g_assert_cmpstr (ca_domain_get_id (domain), ==, "langues");
  g_assert_cmpstr (ca_domain_get_name (domain), ==, "Langues");
  g_assert_cmpuint (ca_domain_get_course_count (domain), ==, 12);
  g_assert_true (ca_catalogue_find_domain (catalogue, "arts") != NULL);
  g_assert_null (ca_catalogue_find_domain (catalogue, "sciences"));
  g_assert_null (ca_catalogue_find_domain (catalogue, NULL));

  period = g_list_model_get_item (ca_catalogue_get_periods (catalogue), 0);
  g_assert_true (ca_catalogue_find_period (catalogue, "p-2026") == period);
  g_assert_true (ca_period_get_open (period));
  opens = g_date_time_format_iso8601 (ca_period_get_opens_at (period));
  g_assert_cmpstr (opens, ==, "2026-09-01T09:00:00+02");
  g_assert_cmpint (g_date_time_get_month (ca_period_get_closes_at (period)), ==, 12);

  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_rhythms (catalogue)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_modes (catalogue)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_slots (catalogue)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ca_catalogue_get_days (catalogue)), ==, 1);
  g_assert_true (g_list_model_get_item_type (ca_catalogue_get_days (catalogue)) ==
                 CA_TYPE_NAMED_ITEM);

  arrondissement = g_list_model_get_item (ca_catalogue_get_arrondissements (catalogue), 1);
  g_assert_cmpuint (ca_arrondissement_get_number (arrondissement), ==, 11);
  g_assert_cmpstr (ca_arrondissement_get_name (arrondissement), ==, "11e");

  heard = g_list_model_get_item (ca_catalogue_get_heard_from_options (catalogue), 1);
  g_assert_cmpstr (ca_named_item_get_id (heard), ==, "friends");
  g_object_get (heard, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Bouche à oreille");

  /* the establishments of the 11e, in French order of their names */
  in_11 = ca_catalogue_list_establishments_in (catalogue, 11);
  g_assert_cmpuint (g_list_model_get_n_items (in_11), ==, 3);
  first = g_list_model_get_item (in_11, 0);
  last = g_list_model_get_item (in_11, 2);
  g_assert_cmpstr (ca_establishment_get_name (first), ==, "Atelier Alma");
  g_assert_cmpstr (ca_establishment_get_name (last), ==, "Lycée Voltaire");
  g_assert_cmpuint (ca_establishment_get_arrondissement (first), ==, 11);
  g_assert_cmpstr (ca_establishment_get_address (last), ==,
                   "101 avenue de la République, 75011 Paris");
  in_20 = ca_catalogue_list_establishments_in (catalogue, 20);
  g_assert_cmpuint (g_list_model_get_n_items (in_20), ==, 0);

  g_assert_cmpstr (ca_establishment_get_name (ca_catalogue_find_establishment (catalogue,
                                                                               "e-louvre")),
                   ==, "Annexe Louvre");
  g_assert_null (ca_catalogue_find_establishment (catalogue, "e-nowhere"));
}

static void
test_named_item (void)
{
  g_autoptr(CaNamedItem) item = ca_named_item_new ("evening", "Soirée");
  g_autofree char *name = NULL;

  g_assert_cmpstr (ca_named_item_get_id (item), ==, "evening");
  g_assert_cmpstr (ca_named_item_get_name (item), ==, "Soirée");
  g_object_get (item, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Soirée");
}

static void
test_course_list (void)
{
  g_autoptr(JsonNode) node = parse (course_list_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourseList) list = ca_course_list_from_json (node, &error);
  g_autoptr(CaCourseSummary) first = NULL;
  g_autoptr(CaCourseSummary) second = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ca_course_list_get_total (list), ==, 57);
  g_assert_cmpuint (ca_course_list_get_offset (list), ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (ca_course_list_get_items (list)), ==, 2);

  first = g_list_model_get_item (ca_course_list_get_items (list), 0);
  g_assert_cmpstr (ca_course_summary_get_id (first), ==, "c-fle");
  g_assert_cmpstr (ca_course_summary_get_title (first), ==, "Français langue étrangère");
  g_assert_cmpstr (ca_course_summary_get_domain_id (first), ==, "langues");
  g_assert_cmpstr (ca_course_summary_get_domain_name (first), ==, "Langues");
  g_assert_cmpstr (ca_course_summary_get_objective (first), ==, "Parler français");
  g_assert_cmpstr (ca_period_get_id (ca_course_summary_get_period (first)), ==, "p-2026");
  g_assert_null (ca_period_get_opens_at (ca_course_summary_get_period (first)));
  g_assert_true (ca_course_summary_get_open (first));
  g_assert_cmpuint (ca_course_summary_get_matching_sessions (first), ==, 3);

  /* list widgets read these through properties */
  g_object_get (first, "title", &title, "id", &id, NULL);
  g_assert_cmpstr (title, ==, "Français langue étrangère");
  g_assert_cmpstr (id, ==, "c-fle");

  second = g_list_model_get_item (ca_course_list_get_items (list), 1);
  g_assert_null (ca_course_summary_get_objective (second));
  g_assert_false (ca_course_summary_get_open (second));
  g_assert_false (ca_period_get_open (ca_course_summary_get_period (second)));
}

static void
assert_first_session (CaSession *session)
{
  CaEstablishment *establishment = ca_session_get_establishment (session);

  g_assert_cmpstr (ca_session_get_id (session), ==, "s-1");
  g_assert_cmpstr (ca_establishment_get_id (establishment), ==, "e-voltaire");
  g_assert_cmpuint (ca_establishment_get_arrondissement (establishment), ==, 11);
  g_assert_cmpint (ca_session_get_day (session), ==, CA_DAY_TUESDAY);
  g_assert_cmpstr (ca_session_get_start (session), ==, "18:30");
  g_assert_cmpstr (ca_session_get_end (session), ==, "20:30");
  g_assert_cmpint (ca_session_get_slot (session), ==, CA_SLOT_EVENING);
  g_assert_cmpint (ca_session_get_mode (session), ==, CA_MODE_ONSITE);
  g_assert_cmpint (ca_session_get_rhythm (session), ==, CA_RHYTHM_SEMESTER_1);
  g_assert_cmpuint (ca_session_get_seats (session), ==, 24);
}

static void
test_course (void)
{
  g_autoptr(JsonNode) node = parse (course_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourse) course = ca_course_from_json (node, &error);
  g_autoptr(CaSession) first = NULL;
  g_autoptr(CaSession) second = NULL;
  g_autoptr(CaQuestion) choice = NULL;
  g_autoptr(CaQuestion) text = NULL;
  const char * const *choices;

  g_assert_no_error (error);
  g_assert_cmpstr (ca_course_get_id (course), ==, "c-fle");
  g_assert_cmpstr (ca_course_get_title (course), ==, "Français langue étrangère");
  g_assert_cmpstr (ca_course_get_domain_id (course), ==, "langues");
  g_assert_cmpstr (ca_course_get_domain_name (course), ==, "Langues");
  g_assert_cmpstr (ca_course_get_objective (course), ==, "Parler français");
  g_assert_cmpstr (ca_course_get_audience (course), ==, "Adultes");
  g_assert_null (ca_course_get_prerequisites (course));
  g_assert_cmpstr (ca_course_get_program (course), ==, "Grammaire, conversation");
  g_assert_cmpint (ca_course_get_fee_cents (course), ==, 12550);
  g_assert_cmpstr (ca_period_get_name (ca_course_get_period (course)), ==, "Année 2026-2027");
  g_assert_true (ca_course_get_open (course));

  g_assert_cmpuint (g_list_model_get_n_items (ca_course_get_sessions (course)), ==, 2);
  first = g_list_model_get_item (ca_course_get_sessions (course), 0);
  assert_first_session (first);
  second = g_list_model_get_item (ca_course_get_sessions (course), 1);
  g_assert_cmpint (ca_session_get_slot (second), ==, CA_SLOT_DAY);
  g_assert_cmpint (ca_session_get_mode (second), ==, CA_MODE_HYBRID);
  g_assert_cmpint (ca_session_get_rhythm (second), ==, CA_RHYTHM_INTENSIVE);
  g_assert_cmpuint (ca_session_get_seats (second), ==, 0);

  g_assert_cmpuint (g_list_model_get_n_items (ca_course_get_candidature_form (course)), ==, 3);
  choice = g_list_model_get_item (ca_course_get_candidature_form (course), 0);
  g_assert_cmpstr (ca_question_get_id (choice), ==, "q-level");
  g_assert_cmpstr (ca_question_get_label (choice), ==, "Votre niveau");
  g_assert_cmpint (ca_question_get_kind (choice), ==, CA_QUESTION_CHOICE);
  g_assert_true (ca_question_get_required (choice));
  choices = ca_question_get_choices (choice);
  g_assert_cmpuint (g_strv_length ((char **) choices), ==, 3);
  g_assert_cmpstr (choices[2], ==, "Avancé");

  text = g_list_model_get_item (ca_course_get_candidature_form (course), 1);
  g_assert_cmpint (ca_question_get_kind (text), ==, CA_QUESTION_TEXT);
  g_assert_false (ca_question_get_required (text));
  g_assert_nonnull (ca_question_get_choices (text));
  g_assert_null (ca_question_get_choices (text)[0]);
}

static void
test_course_without_form (void)
{
  static const char json[] =
    "{\"id\":\"c\",\"title\":\"T\",\"domain\":{\"id\":\"d\",\"name\":\"D\"},\"fee_cents\":0,"
    "\"period\":" PERIOD_SHORT_JSON ",\"open\":false,\"sessions\":[]}";
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourse) course = ca_course_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ca_course_get_candidature_form (course)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ca_course_get_sessions (course)), ==, 0);
  g_assert_null (ca_course_get_objective (course));
}

static void
test_session (void)
{
  g_autoptr(JsonNode) node = parse (SESSION_JSON);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaSession) session = ca_session_from_json (node, &error);

  g_assert_no_error (error);
  assert_first_session (session);
}

static void
test_candidature (void)
{
  g_autoptr(JsonNode) node = parse (candidature_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidature) candidature = ca_candidature_from_json (node, &error);
  g_autofree char *updated = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ca_candidature_get_id (candidature), ==, "k-1");
  g_assert_cmpint (ca_candidature_get_status (candidature), ==, CA_STATUS_CONVOKED);
  g_assert_null (ca_candidature_get_reason (candidature));
  g_assert_cmpstr (ca_candidature_get_course_id (candidature), ==, "c-fle");
  g_assert_cmpstr (ca_candidature_get_course_title (candidature), ==, "Français langue étrangère");
  assert_first_session (ca_candidature_get_session (candidature));
  g_assert_cmpint (ca_candidature_get_amount_due_cents (candidature), ==, 0);
  g_assert_true (ca_candidature_get_can_cancel (candidature));
  g_assert_cmpint (g_date_time_get_day_of_month (ca_candidature_get_created_at (candidature)),
                   ==, 2);
  updated = g_date_time_format_iso8601 (ca_candidature_get_updated_at (candidature));
  g_assert_cmpstr (updated, ==, "2026-09-10T08:30:00Z");
  g_assert_cmpint (g_date_time_get_hour (ca_candidature_get_convocation_at (candidature)), ==, 18);
  g_assert_cmpstr (ca_candidature_get_convocation_place (candidature), ==, "Salle 12");
}

static void
test_candidature_list (void)
{
  g_autoptr(JsonNode) node = parse (candidature_list_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureList) list = ca_candidature_list_from_json (node, &error);
  g_autoptr(CaCandidature) refused = NULL;
  g_autoptr(CaCandidature) to_pay = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ca_candidature_list_get_active_count (list), ==, 1);
  g_assert_cmpuint (ca_candidature_list_get_max_active (list), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (ca_candidature_list_get_items (list)), ==, 2);

  refused = g_list_model_get_item (ca_candidature_list_get_items (list), 0);
  g_assert_cmpint (ca_candidature_get_status (refused), ==, CA_STATUS_REFUSED);
  g_assert_cmpstr (ca_candidature_get_reason (refused), ==, "no-seats");
  g_assert_null (ca_candidature_get_convocation_at (refused));
  g_assert_null (ca_candidature_get_convocation_place (refused));

  to_pay = g_list_model_get_item (ca_candidature_list_get_items (list), 1);
  g_assert_cmpint (ca_candidature_get_status (to_pay), ==, CA_STATUS_AWAITING_PAYMENT);
  g_assert_cmpint (ca_candidature_get_amount_due_cents (to_pay), ==, 12550);
  g_assert_null (ca_candidature_get_convocation_at (to_pay));
}

static void
test_session_info (void)
{
  g_autoptr(JsonNode) node = parse (session_info_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaSessionInfo) info = ca_session_info_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (info->token, ==, "tok-abc");
  g_assert_cmpint (g_date_time_get_year (info->expires_at), ==, 2026);
  g_assert_false (info->profile_complete);
}

static void
test_payment (void)
{
  g_autoptr(JsonNode) node = parse (payment_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaPaymentInfo) info = ca_payment_info_from_json (node, &error);
  g_autoptr(JsonNode) script = parse ("{\"payment_url\":\"javascript:alert(1)\","
                                      "\"reference\":\"r\",\"amount_cents\":1}");
  g_autoptr(CaPaymentInfo) refused = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (info->payment_url, "http://127.0.0.1:8080/payfip/"));
  g_assert_cmpstr (info->reference, ==, "CA-2026-0001");
  g_assert_cmpint (info->amount_cents, ==, 12550);

  refused = ca_payment_info_from_json (script, &error);
  g_assert_null (refused);
  g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
}

static void
assert_captcha_refused (const char *image)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"c\",\"image\":\"%s\"}", image);
  g_autoptr(JsonNode) node = parse (json);

  g_assert_false (decode_checked (decode_captcha, node));
}

static void
test_captcha (void)
{
  g_autofree char *json = captcha_json ();
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCaptcha) captcha = ca_captcha_from_json (node, &error);
  gsize len;
  const guchar *png;

  g_assert_no_error (error);
  g_assert_cmpstr (captcha->id, ==, "cap-1");
  png = g_bytes_get_data (captcha->png, &len);
  g_assert_cmpuint (len, ==, 16);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);

  assert_captcha_refused ("");
  assert_captcha_refused ("data:image/png;base64,");
  assert_captcha_refused ("data:image/gif;base64,R0lGODlhAQABAAAAACw=");
  assert_captcha_refused ("data:image/png;base64,aGVsbG8gd29ybGQh");   /* not a PNG */
  assert_captcha_refused ("data:image/png;base64,iVBORw0K!!!!");
  assert_captcha_refused ("data:image/png;base64,iVBORw0KGgo=AAAA");
  assert_captcha_refused ("https://example.org/captcha.png");
}

/* ------------------------------------------------------------------------------------------ */
/* Profiles                                                                                   */

static void
test_profile_json (void)
{
  g_autoptr(JsonNode) node = parse (profile_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProfile) profile = ca_profile_from_json (node, &error);
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) empty_node = parse ("{\"email\":\"a@b.fr\",\"last_name\":null}");
  g_autoptr(CaProfile) empty = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpstr (ca_profile_get (profile, CA_PROFILE_EMAIL), ==, "marie@example.fr");
  g_assert_cmpstr (ca_profile_get (profile, CA_PROFILE_CIVILITY), ==, "Mme");
  g_assert_cmpstr (ca_profile_get (profile, CA_PROFILE_PHONE_MOBILE), ==, "06 12 34 56 78");
  g_assert_null (ca_profile_get (profile, CA_PROFILE_PHONE_OTHER));
  g_assert_true (ca_profile_get_complete (profile));

  /* to JSON: every field but email, unset ones as null, no "complete" */
  ca_profile_set (profile, CA_PROFILE_CITY, "Montreuil");
  ca_profile_set (profile, CA_PROFILE_ADDRESS, "");
  out = ca_profile_to_json (profile);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (out));
  object = json_node_get_object (out);
  g_assert_cmpuint (json_object_get_size (object), ==, CA_PROFILE_N_FIELDS - 1);
  g_assert_false (json_object_has_member (object, "email"));
  g_assert_false (json_object_has_member (object, "complete"));
  g_assert_cmpstr (json_object_get_string_member (object, "city"), ==, "Montreuil");
  g_assert_cmpstr (json_object_get_string_member (object, "last_name"), ==, "Dupont");
  g_assert_true (json_object_get_null_member (object, "phone_other"));
  g_assert_true (json_object_get_null_member (object, "address"));

  /* a fresh account's profile */
  empty = ca_profile_from_json (empty_node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_profile_get (empty, CA_PROFILE_EMAIL), ==, "a@b.fr");
  g_assert_null (ca_profile_get (empty, CA_PROFILE_LAST_NAME));
  g_assert_false (ca_profile_get_complete (empty));
  ca_profile_set_complete (empty, TRUE);
  g_assert_true (ca_profile_get_complete (empty));
}

static void
test_profile_field_names (void)
{
  static const char * const names[] = {
    "email", "civility", "last_name", "first_name", "birth_date", "birth_country", "address",
    "postal_code", "city", "phone_mobile", "phone_other", "heard_from",
  };

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, CA_PROFILE_N_FIELDS);
  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    g_assert_cmpstr (ca_profile_field_to_string (i), ==, names[i]);
}

static CaProfile *
valid_profile (void)
{
  g_autoptr(JsonNode) node = parse (profile_json);
  g_autoptr(GError) error = NULL;
  CaProfile *profile = ca_profile_from_json (node, &error);

  g_assert_no_error (error);
  return profile;
}

static GDate *
date_today (void)
{
  return g_date_new_dmy (26, 11, 2026);
}

/* Sets @field to @value on a valid profile and returns the problems found. */
static GHashTable *
validate_with (CaProfileField  field,
               const char     *value)
{
  static const char * const ids[] = { "press", "friends", NULL };
  g_autoptr(CaProfile) profile = valid_profile ();
  g_autoptr(GDate) today = date_today ();

  ca_profile_set (profile, field, value);
  return ca_profile_validate (profile, ids, today);
}

static void
assert_only_problem (CaProfileField  field,
                     const char     *value,
                     const char     *problem_field)
{
  g_autoptr(GHashTable) problems = validate_with (field, value);
  const char *message;

  g_test_message ("%s = '%s'", ca_profile_field_to_string (field), value ? value : "(null)");
  g_assert_cmpuint (g_hash_table_size (problems), ==, 1);
  message = g_hash_table_lookup (problems, problem_field);
  g_assert_nonnull (message);
  g_assert_true (g_unichar_isupper (g_utf8_get_char (message)));
  g_assert_true (g_str_has_suffix (message, "."));
}

static void
assert_no_problem (CaProfileField  field,
                   const char     *value)
{
  g_autoptr(GHashTable) problems = validate_with (field, value);

  g_test_message ("%s = '%s'", ca_profile_field_to_string (field), value ? value : "(null)");
  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);
}

static void
test_profile_validate (void)
{
  static const CaProfileField required[] = {
    CA_PROFILE_CIVILITY, CA_PROFILE_LAST_NAME, CA_PROFILE_FIRST_NAME, CA_PROFILE_BIRTH_DATE,
    CA_PROFILE_BIRTH_COUNTRY, CA_PROFILE_ADDRESS, CA_PROFILE_POSTAL_CODE, CA_PROFILE_CITY,
    CA_PROFILE_HEARD_FROM,
  };
  g_autoptr(CaProfile) fresh = ca_profile_new ();
  g_autoptr(GDate) today = date_today ();
  g_autoptr(GHashTable) all = ca_profile_validate (fresh, NULL, today);
  g_autoptr(GHashTable) unknown_ids = NULL;
  g_autoptr(CaProfile) other = valid_profile ();

  assert_no_problem (CA_PROFILE_CITY, "Paris");
  /* e-mail is the account's, not checked here */
  assert_no_problem (CA_PROFILE_EMAIL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *name = ca_profile_field_to_string (required[i]);

      assert_only_problem (required[i], NULL, name);
      assert_only_problem (required[i], "   ", name);
      g_assert_true (g_hash_table_contains (all, name));
    }
  /* everything missing: the nine fields and one phone */
  g_assert_cmpuint (g_hash_table_size (all), ==, 10);
  g_assert_true (g_hash_table_contains (all, "phone_mobile"));

  assert_only_problem (CA_PROFILE_CIVILITY, "Mlle", "civility");
  assert_no_problem (CA_PROFILE_CIVILITY, "M");
  assert_only_problem (CA_PROFILE_BIRTH_DATE, "2010-01-01", "birth_date");
  assert_only_problem (CA_PROFILE_BIRTH_DATE, "2027-01-01", "birth_date");
  assert_only_problem (CA_PROFILE_BIRTH_DATE, "1890-01-01", "birth_date");
  assert_only_problem (CA_PROFILE_BIRTH_DATE, "12/04/1985", "birth_date");
  assert_no_problem (CA_PROFILE_BIRTH_DATE, "2008-11-26");
  assert_only_problem (CA_PROFILE_POSTAL_CODE, "7500", "postal_code");
  assert_only_problem (CA_PROFILE_HEARD_FROM, "radio", "heard_from");
  assert_no_problem (CA_PROFILE_HEARD_FROM, "friends");
  assert_only_problem (CA_PROFILE_LAST_NAME, "Du\npont", "last_name");

  /* phones: one is enough, each given one must be valid */
  assert_only_problem (CA_PROFILE_PHONE_MOBILE, NULL, "phone_mobile");
  assert_only_problem (CA_PROFILE_PHONE_MOBILE, "12345", "phone_mobile");
  assert_only_problem (CA_PROFILE_PHONE_OTHER, "12345", "phone_other");
  assert_no_problem (CA_PROFILE_PHONE_OTHER, "+33 1 44 54 75 80");
  ca_profile_set (other, CA_PROFILE_PHONE_MOBILE, NULL);
  ca_profile_set (other, CA_PROFILE_PHONE_OTHER, "01.44.54.75.80");
  unknown_ids = ca_profile_validate (other, NULL, today);
  g_assert_cmpuint (g_hash_table_size (unknown_ids), ==, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Error bodies                                                                               */

static GError *
error_from (const char *json)
{
  g_autoptr(JsonNode) node = parse (json);

  return ca_error_from_json (node);
}

static void
test_error_body (void)
{
  g_autoptr(GError) error = error_from (
    "{\"error\":{\"code\":\"validation-failed\",\"message\":\"Certains champs sont incorrects.\","
    "\"fields\":{\"postal_code\":\"Le code postal doit comporter 5 chiffres.\",\"x\":42}}}");
  g_autoptr(GError) plain = error_from ("{\"error\":{\"code\":\"too-many-active\"}}");
  g_autoptr(GError) unknown = error_from (
    "{\"error\":{\"code\":\"quota-exceeded\",\"message\":\"Quota dépassé.\"}}");
  GHashTable *fields;

  g_assert_error (error, CA_ERROR, CA_ERROR_VALIDATION_FAILED);
  g_assert_cmpstr (error->message, ==, "Certains champs sont incorrects.");
  fields = ca_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (fields, "postal_code"), ==,
                   "Le code postal doit comporter 5 chiffres.");

  g_assert_error (plain, CA_ERROR, CA_ERROR_TOO_MANY_ACTIVE);
  g_assert_cmpstr (plain->message, ==, ca_error_code_message_fr (CA_ERROR_TOO_MANY_ACTIVE));
  g_assert_null (ca_error_get_fields (plain));

  /* a code from a newer service keeps its message */
  g_assert_error (unknown, CA_ERROR, CA_ERROR_SERVER);
  g_assert_cmpstr (unknown->message, ==, "Quota dépassé.");
}

static void
test_error_body_not_errors (void)
{
  static const char * const bodies[] = {
    "{}", "[]", "{\"error\":null}", "{\"error\":\"not-found\"}", "{\"error\":[]}",
    "{\"error\":{}}", "{\"error\":{\"code\":404}}", "{\"error\":{\"code\":\"\"}}",
    "{\"status\":\"ok\"}", "\"error\"", "42", "null",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = error_from (bodies[i]);

      g_test_message ("%s", bodies[i]);
      g_assert_null (error);
    }
  g_assert_null (ca_error_from_json (NULL));
}

static void
test_error_body_bad_parts (void)
{
  g_autoptr(GError) bad_message = error_from (
    "{\"error\":{\"code\":\"not-found\",\"message\":17,\"fields\":[1,2]}}");

  g_assert_error (bad_message, CA_ERROR, CA_ERROR_NOT_FOUND);
  g_assert_cmpstr (bad_message->message, ==, ca_error_code_message_fr (CA_ERROR_NOT_FOUND));
  g_assert_null (ca_error_get_fields (bad_message));
}

/* ------------------------------------------------------------------------------------------ */
/* Hostile documents: every member of every good document, removed or given each wrong type  */

typedef struct
{
  const char *name;
  const char *json;          /* a good document */
  Decoder decode;
  const char * const *optional;   /* members that may be absent or null */
} Sample;

static const char * const no_optional[] = { NULL };
static const char * const period_optional[] = { "opens_at", "closes_at", NULL };
static const char * const domain_optional[] = { "course_count", "opens_at", "closes_at", NULL };
static const char * const course_optional[] = {
  "objective", "audience", "prerequisites", "program", "candidature_form", "required",
  "choices", "opens_at", "closes_at", NULL,
};
static const char * const candidature_optional[] = {
  "reason", "amount_due_cents", "convocation", NULL,
};
static const char * const profile_optional[] = {
  "email", "civility", "last_name", "first_name", "birth_date", "birth_country", "address",
  "postal_code", "city", "phone_mobile", "phone_other", "heard_from", "complete", NULL,
};
static const char * const course_list_optional[] = { "objective", NULL };

static GPtrArray *
samples (void)
{
  static Sample list[] = {
    { "catalogue", catalogue_json, decode_catalogue, domain_optional },
    { "course-list", course_list_json, decode_course_list, course_list_optional },
    { "course", course_json, decode_course, course_optional },
    { "session", SESSION_JSON, decode_session, no_optional },
    { "candidature", candidature_json, decode_candidature, candidature_optional },
    { "candidature-list", candidature_list_json, decode_candidature_list, candidature_optional },
    { "profile", profile_json, decode_profile, profile_optional },
    { "session-info", session_info_json, decode_session_info, no_optional },
    { "payment", payment_json, decode_payment, no_optional },
    { "captcha", NULL, decode_captcha, no_optional },
  };
  static char *captcha = NULL;
  GPtrArray *array = g_ptr_array_new ();

  if (captcha == NULL)
    captcha = captcha_json ();   /* kept for the life of the test program */
  list[G_N_ELEMENTS (list) - 1].json = captcha;

  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    g_ptr_array_add (array, &list[i]);
  (void) period_optional;
  return array;
}

/* A location in a document: object member names, or "#n" for array elements. */
typedef GPtrArray Path;

static JsonNode *
mutable_parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The container holding the last step of @path, and that step. */
static JsonNode *
walk_to_parent (JsonNode   *root,
                Path       *path)
{
  JsonNode *node = root;

  for (guint i = 0; i + 1 < path->len; i++)
    {
      const char *step = g_ptr_array_index (path, i);

      if (step[0] == '#')
        node = json_array_get_element (json_node_get_array (node), atoi (step + 1));
      else
        node = json_object_get_member (json_node_get_object (node), step);
    }

  return node;
}

typedef enum
{
  MUTATION_REMOVE,
  MUTATION_NULL,
  MUTATION_STRING,
  MUTATION_INTEGER,
  MUTATION_NEGATIVE,
  MUTATION_HUGE,
  MUTATION_DOUBLE,
  MUTATION_BOOLEAN,
  MUTATION_OBJECT,
  MUTATION_ARRAY,
  MUTATION_NESTED_GARBAGE,
  MUTATION_BAD_UTF8,
  N_MUTATIONS
} Mutation;

static JsonNode *
mutation_value (Mutation mutation)
{
  JsonNode *node = NULL;

  switch (mutation)
    {
    case MUTATION_NULL:
      node = json_node_new (JSON_NODE_NULL);
      break;
    case MUTATION_STRING:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, "garbage");
      break;
    case MUTATION_INTEGER:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, 7);
      break;
    case MUTATION_NEGATIVE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, -1);
      break;
    case MUTATION_HUGE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, G_MAXINT64);
      break;
    case MUTATION_DOUBLE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, 1e300);
      break;
    case MUTATION_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, TRUE);
      break;
    case MUTATION_OBJECT:
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
      break;
    case MUTATION_ARRAY:
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
      break;
    case MUTATION_NESTED_GARBAGE:
      node = mutable_parse ("[{\"a\":[[[{\"b\":null}]]],\"id\":[1,2,{}]},\"x\",-5,1.5,false]");
      break;
    case MUTATION_BAD_UTF8:
      /* what json-glib makes of "\ud800": bytes that are not UTF-8 */
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, "\xed\xa0\x80");
      break;
    case MUTATION_REMOVE:
    case N_MUTATIONS:
    default:
      break;
    }

  return node;
}

/* Whether @mutation keeps the JSON type of @original (then the decoder may accept it). */
static gboolean
same_json_type (JsonNode *original,
                Mutation  mutation)
{
  JsonNodeType type = JSON_NODE_TYPE (original);
  GType value_type = type == JSON_NODE_VALUE ? json_node_get_value_type (original) : 0;

  switch (mutation)
    {
    case MUTATION_STRING:
      return value_type == G_TYPE_STRING;
    case MUTATION_INTEGER:
    case MUTATION_NEGATIVE:
    case MUTATION_HUGE:
      return value_type == G_TYPE_INT64;
    case MUTATION_DOUBLE:
      return value_type == G_TYPE_DOUBLE;
    case MUTATION_BOOLEAN:
      return value_type == G_TYPE_BOOLEAN;
    case MUTATION_OBJECT:
      return type == JSON_NODE_OBJECT;
    case MUTATION_ARRAY:
    case MUTATION_NESTED_GARBAGE:
      return type == JSON_NODE_ARRAY;
    case MUTATION_REMOVE:
    case MUTATION_NULL:
    case MUTATION_BAD_UTF8:
    case N_MUTATIONS:
    default:
      return FALSE;
    }
}

/* Applies @mutation at @path of a fresh copy of @sample, decodes, and checks the outcome. */
static void
check_mutation (const Sample *sample,
                Path         *path,
                Mutation      mutation,
                guint        *n_checked)
{
  g_autoptr(JsonNode) root = mutable_parse (sample->json);
  JsonNode *parent = walk_to_parent (root, path);
  const char *step = g_ptr_array_index (path, path->len - 1);
  gboolean in_array = step[0] == '#';
  JsonNode *original;
  gboolean optional = !in_array && g_strv_contains (sample->optional, step);
  gboolean ok;

  if (in_array)
    {
      JsonArray *array = json_node_get_array (parent);
      guint index = atoi (step + 1);

      original = json_node_copy (json_array_get_element (array, index));
      if (mutation == MUTATION_REMOVE)
        json_array_remove_element (array, index);
      else
        {
          /* arrays cannot replace in place: rebuild with the new element */
          g_autoptr(JsonArray) copy = json_array_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              json_array_add_element (copy, i == index ? mutation_value (mutation)
                                                       : json_node_copy (element));
            }
          json_node_set_array (parent, copy);
        }
    }
  else
    {
      JsonObject *object = json_node_get_object (parent);

      original = json_node_copy (json_object_get_member (object, step));
      if (mutation == MUTATION_REMOVE)
        json_object_remove_member (object, step);
      else
        json_object_set_member (object, step, mutation_value (mutation));
    }

  ok = decode_checked (sample->decode, root);
  (*n_checked)++;

  /* Removing an array element leaves a shorter, still valid list. */
  if (in_array && mutation == MUTATION_REMOVE)
    g_assert_true (ok);
  else if (mutation == MUTATION_REMOVE || mutation == MUTATION_NULL)
    {
      if (ok != optional)
        g_error ("%s: %s of '%s' gave %s", sample->name,
                 mutation == MUTATION_REMOVE ? "removal" : "null", step,
                 ok ? "an object" : "an error");
    }
  else if (JSON_NODE_HOLDS_NULL (original))
    {
      /* the expected type of a null member is not known here: all or nothing is enough */
    }
  else if (mutation == MUTATION_BAD_UTF8 || !same_json_type (original, mutation))
    {
      if (ok)
        g_error ("%s: wrong type %d at '%s' was accepted", sample->name, mutation, step);
    }

  json_node_unref (original);
}

/* Visits every member and element under @node, mutating each in every way. */
static void
mutate_all (const Sample *sample,
            JsonNode     *node,
            Path         *path,
            guint        *n_checked)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_ptr_array_add (path, g_strdup (l->data));
          for (Mutation m = 0; m < N_MUTATIONS; m++)
            check_mutation (sample, path, m, n_checked);
          mutate_all (sample, json_object_get_member (json_node_get_object (node), l->data),
                      path, n_checked);
          g_ptr_array_remove_index (path, path->len - 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_ptr_array_add (path, g_strdup_printf ("#%u", i));
          for (Mutation m = 0; m < N_MUTATIONS; m++)
            check_mutation (sample, path, m, n_checked);
          mutate_all (sample, json_array_get_element (array, i), path, n_checked);
          g_ptr_array_remove_index (path, path->len - 1);
        }
    }
}

static void
test_mutations (gconstpointer data)
{
  const Sample *sample = data;
  g_autoptr(JsonNode) root = mutable_parse (sample->json);
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  guint n_checked = 0;

  g_assert_true (decode_checked (sample->decode, root));
  mutate_all (sample, root, path, &n_checked);
  g_test_message ("%s: %u variants", sample->name, n_checked);
  g_assert_cmpuint (n_checked, >, 10);
}

/* Whatever the root is, a decoder refuses what is not an object. */
static void
test_wrong_roots (gconstpointer data)
{
  const Sample *sample = data;
  static const char * const roots[] = {
    "[]", "[{}]", "\"text\"", "42", "-1", "true", "null", "{}",
    "[" "{\"id\":\"x\"}" "]", "{\"items\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autoptr(JsonNode) node = parse (roots[i]);

      /* an empty object is a valid, empty profile */
      if (sample->decode == decode_profile && g_str_equal (roots[i], "{}"))
        continue;
      if (sample->decode == decode_profile && g_str_equal (roots[i], "{\"items\":{}}"))
        continue;
      g_assert_false (decode_checked (sample->decode, node));
    }
  g_assert_false (decode_checked (sample->decode, NULL));
}

/* Arbitrary bytes from corrupting a good document: never a crash, always all or nothing. */
static void
test_corruption (gconstpointer data)
{
  static const char alphabet[] = "{}[]\",:0-9eE\\ \xff\xc3tnu";   /* with its final NUL */
  const Sample *sample = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  gsize len = strlen (sample->json);
  guint n_parsed = 0;

  for (guint round = 0; round < 400; round++)
    {
      g_autofree char *copy = g_strdup (sample->json);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      guint n_flips = 1 + g_rand_int_range (rand, 0, 4);

      /* structural characters, digits, escapes, stray bytes that are not UTF-8, and NUL */
      for (guint i = 0; i < n_flips; i++)
        copy[g_rand_int_range (rand, 0, len)] =
          alphabet[g_rand_int_range (rand, 0, sizeof alphabet)];

      bytes = g_bytes_new (copy, len);
      node = ca_json_parse_bytes (bytes, &error);
      if (node == NULL)
        {
          g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
          continue;
        }
      g_assert_no_error (error);
      n_parsed++;
      decode_checked (sample->decode, node);
    }

  g_test_message ("%s: %u corrupted documents still parsed", sample->name, n_parsed);
}

/* Every strict prefix of a good document is refused by the parser. */
static void
test_truncation (gconstpointer data)
{
  const Sample *sample = data;
  gsize len = strlen (sample->json);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (sample->json, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ca_json_parse_bytes (bytes, &error);

      /* a prefix ending in spaces after the root cannot happen: the root closes last */
      g_assert_null (node);
      g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing raw bytes                                                                          */

static void
assert_parse_fails (const char *data,
                    gssize      len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  /* Escaped: the test output is TAP, which must stay valid UTF-8. */
  g_autofree char *shown = g_strescape (data, NULL);

  g_test_message ("parsing %.60s", shown);
  node = ca_json_parse_bytes (bytes, &error);
  g_assert_null (node);
  g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
}

static void
test_parse_bad_bytes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) none = ca_json_parse_bytes (NULL, &error);

  g_assert_null (none);
  g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);

  assert_parse_fails ("", 0);
  assert_parse_fails ("   \n\t ", -1);
  assert_parse_fails ("{\"title\":\"Fran\xe7" "ais\"}", -1);     /* Latin-1 */
  assert_parse_fails ("{\"title\":\"\xc3\"}", -1);               /* cut sequence */
  assert_parse_fails ("{\"title\":\"\xed\xa0\x80\"}", -1);       /* encoded surrogate */
  assert_parse_fails ("{\"a\":1}\0{\"b\":2}", 15);               /* NUL inside */
  assert_parse_fails ("{\"a\":1}}", -1);
  assert_parse_fails ("[\"abc\\", -1);                          /* ends inside an escape */
  assert_parse_fails ("[\"abc", -1);
  assert_parse_fails ("{\"a\":1,}", -1);
  assert_parse_fails ("<html><body>502 Bad Gateway</body></html>", -1);
  assert_parse_fails ("{\"seats\":99999999999999999999}", -1);  /* json-glib would wrap */
  assert_parse_fails ("{\"seats\":-99999999999999999999}", -1);
  assert_parse_fails ("[18446744073709551617]", -1);
}

/* json-glib turns a lone surrogate escape into bytes that are not UTF-8 (or, next to other
 * characters, fails): either way nothing invalid comes out. */
static void
test_parse_lone_surrogate (void)
{
  static const char * const documents[] = {
    "{\"error\":{\"code\":\"\\ud800\"}}",
    "{\"error\":{\"code\":\"not-found\",\"message\":\"\\udfff\"}}",
    "{\"error\":{\"code\":\"\\ud800\",\"message\":\"x\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (documents[i], strlen (documents[i]));
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonNode) node = ca_json_parse_bytes (bytes, &parse_error);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", documents[i]);
      if (node == NULL)
        {
          g_assert_error (parse_error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
          continue;
        }

      error = ca_error_from_json (node);
      if (error != NULL)
        {
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_cmpint (error->code, ==, CA_ERROR_NOT_FOUND);
        }
    }
}

static void
test_parse_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(GString) fine = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* enough to exhaust the stack of a recursive parser */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  assert_parse_fails (deep->str, deep->len);

  for (guint i = 0; i < 100000; i++)
    g_string_append (objects, "{\"a\":");
  assert_parse_fails (objects->str, objects->len);

  /* brackets inside strings do not count, and modest nesting is fine */
  g_string_append (fine, "{\"s\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\","
                   "\"n\":[[[[[[[[[[1]]]]]]]]]]}");
  bytes = g_bytes_new (fine->str, fine->len);
  node = ca_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
}

static void
test_parse_numbers (void)
{
  static const struct { const char *json; gboolean ok; } seats[] = {
    { "0", TRUE }, { "24", TRUE }, { "4294967295", TRUE }, { "4294967296", FALSE },
    { "-1", FALSE }, { "9223372036854775807", FALSE }, { "1e3", FALSE }, { "24.0", FALSE },
    { "-0", TRUE }, { "\"24\"", FALSE }, { "true", FALSE }, { "[24]", FALSE }, { "{}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"s\",\"establishment\":" ESTABLISHMENT_JSON ",\"day\":\"monday\","
        "\"start\":\"09:00\",\"end\":\"10:00\",\"slot\":\"morning\",\"mode\":\"remote\","
        "\"rhythm\":\"quarter\",\"seats\":%s}", seats[i].json);
      g_autoptr(JsonNode) node = parse (json);

      g_test_message ("seats: %s", seats[i].json);
      g_assert_cmpint (decode_checked (decode_session, node), ==, seats[i].ok);
    }
}

static void
test_bad_values (void)
{
  static const char * const sessions[] = {
    /* unknown enum strings */
    "\"day\":\"funday\",\"start\":\"09:00\",\"end\":\"10:00\",\"slot\":\"morning\"",
    "\"day\":\"Monday\",\"start\":\"09:00\",\"end\":\"10:00\",\"slot\":\"morning\"",
    "\"day\":\"monday\",\"start\":\"09:00\",\"end\":\"10:00\",\"slot\":\"night\"",
    /* clock times */
    "\"day\":\"monday\",\"start\":\"9:00\",\"end\":\"10:00\",\"slot\":\"morning\"",
    "\"day\":\"monday\",\"start\":\"09:00\",\"end\":\"24:00\",\"slot\":\"morning\"",
    "\"day\":\"monday\",\"start\":\"11:00\",\"end\":\"10:00\",\"slot\":\"morning\"",
    "\"day\":\"monday\",\"start\":\"10:00\",\"end\":\"10:00\",\"slot\":\"morning\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"s\",\"establishment\":" ESTABLISHMENT_JSON ",%s,\"mode\":\"remote\","
        "\"rhythm\":\"quarter\",\"seats\":1}", sessions[i]);
      g_autoptr(JsonNode) node = parse (json);

      g_test_message ("%s", sessions[i]);
      g_assert_false (decode_checked (decode_session, node));
    }
}

static void
test_bad_dates (void)
{
  static const char * const dates[] = {
    "\"2026-13-01T00:00:00Z\"", "\"yesterday\"", "\"\"", "\"2026-02-30T10:00:00+01:00\"",
    "1764147600",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"token\":\"t\",\"expires_at\":%s,\"profile_complete\":true}", dates[i]);
      g_autoptr(JsonNode) node = parse (json);

      g_test_message ("%s", dates[i]);
      g_assert_false (decode_checked (decode_session_info, node));
    }
}

static void
test_enum_message (void)
{
  g_autoptr(JsonNode) node = parse (
    "{\"id\":\"k\",\"status\":\"on-hold\",\"course\":{\"id\":\"c\",\"title\":\"T\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidature) candidature = ca_candidature_from_json (node, &error);

  g_assert_null (candidature);
  g_assert_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "candidature.status"));
  g_assert_nonnull (strstr (error->message, "on-hold"));
}

static void
add_sample_tests (void)
{
  g_autoptr(GPtrArray) list = samples ();

  for (guint i = 0; i < list->len; i++)
    {
      const Sample *sample = g_ptr_array_index (list, i);
      g_autofree char *mutations = g_strdup_printf ("/model/hostile/mutations/%s", sample->name);
      g_autofree char *roots = g_strdup_printf ("/model/hostile/roots/%s", sample->name);
      g_autofree char *corruption = g_strdup_printf ("/model/hostile/corruption/%s",
                                                     sample->name);
      g_autofree char *truncation = g_strdup_printf ("/model/hostile/truncation/%s",
                                                     sample->name);

      g_test_add_data_func (mutations, sample, test_mutations);
      g_test_add_data_func (roots, sample, test_wrong_roots);
      g_test_add_data_func (corruption, sample, test_corruption);
      g_test_add_data_func (truncation, sample, test_truncation);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/named-item", test_named_item);
  g_test_add_func ("/model/catalogue", test_catalogue);
  g_test_add_func ("/model/course-list", test_course_list);
  g_test_add_func ("/model/course", test_course);
  g_test_add_func ("/model/course-without-form", test_course_without_form);
  g_test_add_func ("/model/session", test_session);
  g_test_add_func ("/model/candidature", test_candidature);
  g_test_add_func ("/model/candidature-list", test_candidature_list);
  g_test_add_func ("/model/session-info", test_session_info);
  g_test_add_func ("/model/payment", test_payment);
  g_test_add_func ("/model/captcha", test_captcha);
  g_test_add_func ("/model/profile/json", test_profile_json);
  g_test_add_func ("/model/profile/field-names", test_profile_field_names);
  g_test_add_func ("/model/profile/validate", test_profile_validate);
  g_test_add_func ("/model/error-body", test_error_body);
  g_test_add_func ("/model/error-body/not-errors", test_error_body_not_errors);
  g_test_add_func ("/model/error-body/bad-parts", test_error_body_bad_parts);
  g_test_add_func ("/model/parse/bad-bytes", test_parse_bad_bytes);
  g_test_add_func ("/model/parse/lone-surrogate", test_parse_lone_surrogate);
  g_test_add_func ("/model/parse/deep-nesting", test_parse_deep_nesting);
  g_test_add_func ("/model/parse/numbers", test_parse_numbers);
  g_test_add_func ("/model/hostile/bad-values", test_bad_values);
  g_test_add_func ("/model/hostile/bad-dates", test_bad_dates);
  g_test_add_func ("/model/hostile/enum-message", test_enum_message);
  add_sample_tests ();

  return g_test_run ();
}
