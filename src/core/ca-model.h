/* ca-model.h — the objects of the service contract and their JSON mapping
 *
 * Every object is an immutable GObject built from a JsonNode by ca_*_from_json (), which checks
 * every node type and returns NULL with a CA_ERROR_BAD_RESPONSE GError on any mismatch (never a
 * crash, never a half-built object). Optional fields that are absent or null read as NULL / 0.
 * Getters return (transfer none) values owned by the object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "ca-types.h"

G_BEGIN_DECLS

/* {"id","name"} — rhythms, modes, slots, days, heard_from options */
#define CA_TYPE_NAMED_ITEM (ca_named_item_get_type ())
G_DECLARE_FINAL_TYPE (CaNamedItem, ca_named_item, CA, NAMED_ITEM, GObject)
CaNamedItem *ca_named_item_new        (const char *id, const char *name);
const char  *ca_named_item_get_id     (CaNamedItem *self);
const char  *ca_named_item_get_name   (CaNamedItem *self);

/* {"id","name","course_count"} */
#define CA_TYPE_DOMAIN (ca_domain_get_type ())
G_DECLARE_FINAL_TYPE (CaDomain, ca_domain, CA, DOMAIN, GObject)
const char  *ca_domain_get_id           (CaDomain *self);
const char  *ca_domain_get_name         (CaDomain *self);
guint        ca_domain_get_course_count (CaDomain *self);

/* {"id","name","opens_at","closes_at","open"}; in summaries only id, name, open are present */
#define CA_TYPE_PERIOD (ca_period_get_type ())
G_DECLARE_FINAL_TYPE (CaPeriod, ca_period, CA, PERIOD, GObject)
const char  *ca_period_get_id        (CaPeriod *self);
const char  *ca_period_get_name      (CaPeriod *self);
GDateTime   *ca_period_get_opens_at  (CaPeriod *self);   /* nullable */
GDateTime   *ca_period_get_closes_at (CaPeriod *self);   /* nullable */
gboolean     ca_period_get_open      (CaPeriod *self);

/* {"number":1,"name":"1er"} */
#define CA_TYPE_ARRONDISSEMENT (ca_arrondissement_get_type ())
G_DECLARE_FINAL_TYPE (CaArrondissement, ca_arrondissement, CA, ARRONDISSEMENT, GObject)
guint        ca_arrondissement_get_number (CaArrondissement *self);
const char  *ca_arrondissement_get_name   (CaArrondissement *self);

/* {"id","name","address","arrondissement"} */
#define CA_TYPE_ESTABLISHMENT (ca_establishment_get_type ())
G_DECLARE_FINAL_TYPE (CaEstablishment, ca_establishment, CA, ESTABLISHMENT, GObject)
const char  *ca_establishment_get_id             (CaEstablishment *self);
const char  *ca_establishment_get_name           (CaEstablishment *self);
const char  *ca_establishment_get_address        (CaEstablishment *self);
guint        ca_establishment_get_arrondissement (CaEstablishment *self);

/* GET /catalogue. Each list is a GListModel of the item type (transfer none). */
#define CA_TYPE_CATALOGUE (ca_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (CaCatalogue, ca_catalogue, CA, CATALOGUE, GObject)
CaCatalogue *ca_catalogue_from_json            (JsonNode *node, GError **error);
/* The ETag the service gives the catalogue whose JSON body is @body: its digest (the body
 * depends on the time as well as on the database, as periods open and close). */
char        *ca_catalogue_etag                 (const char *body);
GListModel  *ca_catalogue_get_domains          (CaCatalogue *self);  /* CaDomain */
GListModel  *ca_catalogue_get_periods          (CaCatalogue *self);  /* CaPeriod */
GListModel  *ca_catalogue_get_rhythms          (CaCatalogue *self);  /* CaNamedItem */
GListModel  *ca_catalogue_get_modes            (CaCatalogue *self);  /* CaNamedItem */
GListModel  *ca_catalogue_get_slots            (CaCatalogue *self);  /* CaNamedItem */
GListModel  *ca_catalogue_get_days             (CaCatalogue *self);  /* CaNamedItem */
GListModel  *ca_catalogue_get_arrondissements  (CaCatalogue *self);  /* CaArrondissement */
GListModel  *ca_catalogue_get_establishments   (CaCatalogue *self);  /* CaEstablishment */
GListModel  *ca_catalogue_get_heard_from_options (CaCatalogue *self); /* CaNamedItem */
/* A new list of the establishments of arrondissement @number, sorted by name. */
GListModel  *ca_catalogue_list_establishments_in (CaCatalogue *self, guint number);
CaEstablishment *ca_catalogue_find_establishment (CaCatalogue *self, const char *id);
CaPeriod    *ca_catalogue_find_period          (CaCatalogue *self, const char *id);
CaDomain    *ca_catalogue_find_domain          (CaCatalogue *self, const char *id);

/* An item of GET /courses */
#define CA_TYPE_COURSE_SUMMARY (ca_course_summary_get_type ())
G_DECLARE_FINAL_TYPE (CaCourseSummary, ca_course_summary, CA, COURSE_SUMMARY, GObject)
const char  *ca_course_summary_get_id                (CaCourseSummary *self);
const char  *ca_course_summary_get_title             (CaCourseSummary *self);
const char  *ca_course_summary_get_domain_id         (CaCourseSummary *self);
const char  *ca_course_summary_get_domain_name       (CaCourseSummary *self);
const char  *ca_course_summary_get_objective         (CaCourseSummary *self);
CaPeriod    *ca_course_summary_get_period            (CaCourseSummary *self);
gboolean     ca_course_summary_get_open              (CaCourseSummary *self);
guint        ca_course_summary_get_matching_sessions (CaCourseSummary *self);

/* GET /courses: {"total","offset","items"} */
#define CA_TYPE_COURSE_LIST (ca_course_list_get_type ())
G_DECLARE_FINAL_TYPE (CaCourseList, ca_course_list, CA, COURSE_LIST, GObject)
CaCourseList *ca_course_list_from_json   (JsonNode *node, GError **error);
guint         ca_course_list_get_total   (CaCourseList *self);
guint         ca_course_list_get_offset  (CaCourseList *self);
GListModel   *ca_course_list_get_items   (CaCourseList *self);  /* CaCourseSummary */

/* A session of a sheet (also embedded in candidatures) */
#define CA_TYPE_SESSION (ca_session_get_type ())
G_DECLARE_FINAL_TYPE (CaSession, ca_session, CA, SESSION, GObject)
CaSession       *ca_session_from_json         (JsonNode *node, GError **error);
const char      *ca_session_get_id            (CaSession *self);
CaEstablishment *ca_session_get_establishment (CaSession *self);
CaDay            ca_session_get_day           (CaSession *self);
const char      *ca_session_get_start         (CaSession *self);  /* "HH:MM" */
const char      *ca_session_get_end           (CaSession *self);
CaSlot           ca_session_get_slot          (CaSession *self);
CaMode           ca_session_get_mode          (CaSession *self);
CaRhythm         ca_session_get_rhythm        (CaSession *self);
guint            ca_session_get_seats         (CaSession *self);

/* A question of a sheet's candidature_form */
#define CA_TYPE_QUESTION (ca_question_get_type ())
G_DECLARE_FINAL_TYPE (CaQuestion, ca_question, CA, QUESTION, GObject)
const char     *ca_question_get_id       (CaQuestion *self);
const char     *ca_question_get_label    (CaQuestion *self);
CaQuestionType  ca_question_get_kind     (CaQuestion *self);
gboolean        ca_question_get_required (CaQuestion *self);
const char * const *ca_question_get_choices (CaQuestion *self);  /* NULL-terminated, never NULL */

/* GET /courses/{id}: the sheet */
#define CA_TYPE_COURSE (ca_course_get_type ())
G_DECLARE_FINAL_TYPE (CaCourse, ca_course, CA, COURSE, GObject)
CaCourse    *ca_course_from_json          (JsonNode *node, GError **error);
const char  *ca_course_get_id             (CaCourse *self);
const char  *ca_course_get_title          (CaCourse *self);
const char  *ca_course_get_domain_id      (CaCourse *self);
const char  *ca_course_get_domain_name    (CaCourse *self);
const char  *ca_course_get_objective      (CaCourse *self);
const char  *ca_course_get_audience       (CaCourse *self);
const char  *ca_course_get_prerequisites  (CaCourse *self);
const char  *ca_course_get_program        (CaCourse *self);
gint64       ca_course_get_fee_cents      (CaCourse *self);
CaPeriod    *ca_course_get_period         (CaCourse *self);
gboolean     ca_course_get_open           (CaCourse *self);
GListModel  *ca_course_get_sessions       (CaCourse *self);  /* CaSession */
GListModel  *ca_course_get_candidature_form (CaCourse *self);  /* CaQuestion */

/* An item of GET /candidatures */
#define CA_TYPE_CANDIDATURE (ca_candidature_get_type ())
G_DECLARE_FINAL_TYPE (CaCandidature, ca_candidature, CA, CANDIDATURE, GObject)
CaCandidature *ca_candidature_from_json          (JsonNode *node, GError **error);
const char    *ca_candidature_get_id             (CaCandidature *self);
CaStatus       ca_candidature_get_status         (CaCandidature *self);
const char    *ca_candidature_get_reason         (CaCandidature *self);  /* nullable */
const char    *ca_candidature_get_course_id      (CaCandidature *self);
const char    *ca_candidature_get_course_title   (CaCandidature *self);
CaSession     *ca_candidature_get_session        (CaCandidature *self);
gint64         ca_candidature_get_amount_due_cents (CaCandidature *self);
gboolean       ca_candidature_get_can_cancel     (CaCandidature *self);
GDateTime     *ca_candidature_get_created_at     (CaCandidature *self);
GDateTime     *ca_candidature_get_updated_at     (CaCandidature *self);
GDateTime     *ca_candidature_get_convocation_at (CaCandidature *self);  /* nullable */
const char    *ca_candidature_get_convocation_place (CaCandidature *self);  /* nullable */

/* GET /candidatures: {"active_count","max_active","items"} */
#define CA_TYPE_CANDIDATURE_LIST (ca_candidature_list_get_type ())
G_DECLARE_FINAL_TYPE (CaCandidatureList, ca_candidature_list, CA, CANDIDATURE_LIST, GObject)
CaCandidatureList *ca_candidature_list_from_json       (JsonNode *node, GError **error);
guint              ca_candidature_list_get_active_count (CaCandidatureList *self);
guint              ca_candidature_list_get_max_active   (CaCandidatureList *self);
GListModel        *ca_candidature_list_get_items        (CaCandidatureList *self);

/* GET/PUT /profile. Unlike the others, a profile is edited: setters exist, and it maps back
 * to JSON for PUT. Unset fields are NULL. */
#define CA_TYPE_PROFILE (ca_profile_get_type ())
G_DECLARE_FINAL_TYPE (CaProfile, ca_profile, CA, PROFILE, GObject)
typedef enum
{
  CA_PROFILE_EMAIL,
  CA_PROFILE_CIVILITY,
  CA_PROFILE_LAST_NAME,
  CA_PROFILE_FIRST_NAME,
  CA_PROFILE_BIRTH_DATE,
  CA_PROFILE_BIRTH_COUNTRY,
  CA_PROFILE_ADDRESS,
  CA_PROFILE_POSTAL_CODE,
  CA_PROFILE_CITY,
  CA_PROFILE_PHONE_MOBILE,
  CA_PROFILE_PHONE_OTHER,
  CA_PROFILE_HEARD_FROM,
  CA_PROFILE_N_FIELDS,
} CaProfileField;
CaProfile   *ca_profile_new             (void);
CaProfile   *ca_profile_from_json       (JsonNode *node, GError **error);
JsonNode    *ca_profile_to_json         (CaProfile *self);   /* without email and complete */
const char  *ca_profile_field_to_string (CaProfileField field);  /* "last_name" … */
const char  *ca_profile_get             (CaProfile *self, CaProfileField field);
void         ca_profile_set             (CaProfile *self, CaProfileField field, const char *value);
gboolean     ca_profile_get_complete    (CaProfile *self);
void         ca_profile_set_complete    (CaProfile *self, gboolean complete);
/* Applies the service's rules. Returns a new table field name ("last_name") → French sentence,
 * empty when the profile is valid. @heard_from_ids: the catalogue's option ids (NULL skips that
 * check); @today: the date ages are computed at. */
GHashTable  *ca_profile_validate        (CaProfile          *self,
                                         const char * const *heard_from_ids,
                                         GDate              *today);

/* POST /session: {"token","expires_at","profile_complete"} */
typedef struct
{
  char      *token;
  GDateTime *expires_at;
  gboolean   profile_complete;
} CaSessionInfo;
CaSessionInfo *ca_session_info_from_json (JsonNode *node, GError **error);
void           ca_session_info_free      (CaSessionInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSessionInfo, ca_session_info_free)

/* POST /candidatures/{id}/payment: {"payment_url","reference","amount_cents"} */
typedef struct
{
  char   *payment_url;
  char   *reference;
  gint64  amount_cents;
} CaPaymentInfo;
CaPaymentInfo *ca_payment_info_from_json (JsonNode *node, GError **error);
void           ca_payment_info_free      (CaPaymentInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaPaymentInfo, ca_payment_info_free)

/* GET /captcha: {"id","image":"data:image/png;base64,…"} */
typedef struct
{
  char   *id;
  GBytes *png;
} CaCaptcha;
CaCaptcha *ca_captcha_from_json (JsonNode *node, GError **error);
void       ca_captcha_free      (CaCaptcha *captcha);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaCaptcha, ca_captcha_free)

/* An error body {"error":{"code","message","fields"}} → a CA_ERROR GError (with fields).
 * Returns NULL when @node is not an error body. */
GError      *ca_error_from_json       (JsonNode *node);

/* Parses @bytes as JSON (immutable parser); a CA_ERROR_BAD_RESPONSE GError on failure,
 * including empty, truncated or non-UTF-8 input. */
JsonNode    *ca_json_parse_bytes      (GBytes *bytes, GError **error);

/* The checks ca_json_parse_bytes () makes before handing a document to json-glib: nesting at
 * most 64 deep, integers within 64 bits, a single document (json-glib 1.6 accepts "{}{}").
 * On failure @message (if not NULL) gets a French reason (static string). */
gboolean     ca_json_check_document   (const char  *data,
                                       gsize        len,
                                       const char **message);

G_END_DECLS
