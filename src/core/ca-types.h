/* ca-types.h — enumerations shared by the application, the service and the admin tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Créneaux horaires", derived from a session's hours (see ca_slot_from_hours ()). */
typedef enum
{
  CA_SLOT_DAY,
  CA_SLOT_MORNING,
  CA_SLOT_AFTERNOON,
  CA_SLOT_EVENING,
} CaSlot;

/* "Type de cours" */
typedef enum
{
  CA_MODE_ONSITE,
  CA_MODE_REMOTE,
  CA_MODE_HYBRID,
} CaMode;

typedef enum
{
  CA_RHYTHM_ANNUAL,
  CA_RHYTHM_SEMESTER_1,
  CA_RHYTHM_SEMESTER_2,
  CA_RHYTHM_QUARTER,
  CA_RHYTHM_INTENSIVE,
} CaRhythm;

typedef enum
{
  CA_DAY_MONDAY,
  CA_DAY_TUESDAY,
  CA_DAY_WEDNESDAY,
  CA_DAY_THURSDAY,
  CA_DAY_FRIDAY,
  CA_DAY_SATURDAY,
  CA_DAY_SUNDAY,
} CaDay;

typedef enum
{
  CA_STATUS_PRESELECTED,
  CA_STATUS_PENDING,
  CA_STATUS_CONVOKED,
  CA_STATUS_AWAITING_PAYMENT,
  CA_STATUS_ENROLLED,
  CA_STATUS_REFUSED,
  CA_STATUS_CANCELLED,
} CaStatus;

/* What a person or the back office may do to a candidature. */
typedef enum
{
  CA_ACTION_DELETE,
  CA_ACTION_CONFIRM,
  CA_ACTION_CANCEL,
  CA_ACTION_PAY,
  CA_ACTION_CONVOKE,
  CA_ACTION_ACCEPT,
  CA_ACTION_REFUSE,
  CA_ACTION_ENROL,        /* payment notified */
} CaAction;

typedef enum
{
  CA_QUESTION_TEXT,
  CA_QUESTION_CHOICE,
  CA_QUESTION_BOOLEAN,
} CaQuestionType;

/* Each enum has a contract string ("semester-1", "awaiting-payment", …).
 * _to_string () never returns NULL for a valid value; _from_string () returns FALSE
 * for NULL or an unknown string and leaves *out untouched. */
const char *ca_slot_to_string          (CaSlot          slot);
gboolean    ca_slot_from_string        (const char     *str,
                                        CaSlot         *out);
const char *ca_mode_to_string          (CaMode          mode);
gboolean    ca_mode_from_string        (const char     *str,
                                        CaMode         *out);
const char *ca_rhythm_to_string        (CaRhythm        rhythm);
gboolean    ca_rhythm_from_string      (const char     *str,
                                        CaRhythm       *out);
const char *ca_day_to_string           (CaDay           day);
gboolean    ca_day_from_string         (const char     *str,
                                        CaDay          *out);
const char *ca_status_to_string        (CaStatus        status);
gboolean    ca_status_from_string      (const char     *str,
                                        CaStatus       *out);
const char *ca_question_type_to_string (CaQuestionType  type);
gboolean    ca_question_type_from_string (const char   *str,
                                          CaQuestionType *out);

/* French display names used by the service's catalogue ("Soirée", "1er semestre", "Lundi",
 * "Présentiel", …). The application translates its own labels with gettext. */
const char *ca_slot_name_fr            (CaSlot          slot);
const char *ca_mode_name_fr            (CaMode          mode);
const char *ca_rhythm_name_fr          (CaRhythm        rhythm);
const char *ca_day_name_fr             (CaDay           day);
/* "Présélectionnée", "En attente de traitement", "Convocation envoyée", "À régler", … */
const char *ca_status_name_fr          (CaStatus        status);

G_END_DECLS
