/* ca-types.c — contract strings and French names of the shared enumerations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCore"

#include "ca-types.h"

/* One row per value, in enum order: the contract string, then the French display name. */
typedef struct
{
  const char *id;
  const char *name_fr;
} EnumEntry;

static const EnumEntry slots[] = {
  [CA_SLOT_DAY] = { "day", "Journée" },
  [CA_SLOT_MORNING] = { "morning", "Matin" },
  [CA_SLOT_AFTERNOON] = { "afternoon", "Après-midi" },
  [CA_SLOT_EVENING] = { "evening", "Soirée" },
};

static const EnumEntry modes[] = {
  [CA_MODE_ONSITE] = { "onsite", "Présentiel" },
  [CA_MODE_REMOTE] = { "remote", "Distanciel" },
  [CA_MODE_HYBRID] = { "hybrid", "Hybride" },
};

static const EnumEntry rhythms[] = {
  [CA_RHYTHM_ANNUAL] = { "annual", "Annuel" },
  [CA_RHYTHM_SEMESTER_1] = { "semester-1", "1er semestre" },
  [CA_RHYTHM_SEMESTER_2] = { "semester-2", "2e semestre" },
  [CA_RHYTHM_QUARTER] = { "quarter", "Trimestriel" },
  [CA_RHYTHM_INTENSIVE] = { "intensive", "Stage intensif" },
};

static const EnumEntry days[] = {
  [CA_DAY_MONDAY] = { "monday", "Lundi" },
  [CA_DAY_TUESDAY] = { "tuesday", "Mardi" },
  [CA_DAY_WEDNESDAY] = { "wednesday", "Mercredi" },
  [CA_DAY_THURSDAY] = { "thursday", "Jeudi" },
  [CA_DAY_FRIDAY] = { "friday", "Vendredi" },
  [CA_DAY_SATURDAY] = { "saturday", "Samedi" },
  [CA_DAY_SUNDAY] = { "sunday", "Dimanche" },
};

static const EnumEntry statuses[] = {
  [CA_STATUS_PRESELECTED] = { "preselected", "Présélectionnée" },
  [CA_STATUS_PENDING] = { "pending", "En attente de traitement" },
  [CA_STATUS_CONVOKED] = { "convoked", "Convocation envoyée" },
  [CA_STATUS_AWAITING_PAYMENT] = { "awaiting-payment", "À régler" },
  [CA_STATUS_ENROLLED] = { "enrolled", "Inscription" },
  [CA_STATUS_REFUSED] = { "refused", "Refusée" },
  [CA_STATUS_CANCELLED] = { "cancelled", "Annulée" },
};

static const EnumEntry question_types[] = {
  [CA_QUESTION_TEXT] = { "text", NULL },
  [CA_QUESTION_CHOICE] = { "choice", NULL },
  [CA_QUESTION_BOOLEAN] = { "boolean", NULL },
};

static const EnumEntry *
lookup (const EnumEntry *table,
        guint            n_entries,
        guint            value)
{
  g_return_val_if_fail (value < n_entries, &table[0]);

  return &table[value];
}

static gboolean
find (const EnumEntry *table,
      guint            n_entries,
      const char      *str,
      guint           *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      if (g_str_equal (table[i].id, str))
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Each enum gets the same four accessors; a macro keeps them identical. */
#define DEFINE_ENUM_STRINGS(Type, prefix, table)                                \
  const char *                                                                  \
  prefix##_to_string (Type value)                                               \
  {                                                                             \
    return lookup (table, G_N_ELEMENTS (table), (guint) value)->id;             \
  }                                                                             \
                                                                                \
  gboolean                                                                      \
  prefix##_from_string (const char *str,                                        \
                        Type       *out)                                        \
  {                                                                             \
    guint value;                                                                \
                                                                                \
    g_return_val_if_fail (out != NULL, FALSE);                                  \
                                                                                \
    if (!find (table, G_N_ELEMENTS (table), str, &value))                       \
      return FALSE;                                                             \
    *out = (Type) value;                                                        \
    return TRUE;                                                                \
  }

#define DEFINE_ENUM_NAME(Type, prefix, table)                                   \
  const char *                                                                  \
  prefix##_name_fr (Type value)                                                 \
  {                                                                             \
    return lookup (table, G_N_ELEMENTS (table), (guint) value)->name_fr;        \
  }

DEFINE_ENUM_STRINGS (CaSlot, ca_slot, slots)
DEFINE_ENUM_STRINGS (CaMode, ca_mode, modes)
DEFINE_ENUM_STRINGS (CaRhythm, ca_rhythm, rhythms)
DEFINE_ENUM_STRINGS (CaDay, ca_day, days)
DEFINE_ENUM_STRINGS (CaStatus, ca_status, statuses)
DEFINE_ENUM_STRINGS (CaQuestionType, ca_question_type, question_types)

DEFINE_ENUM_NAME (CaSlot, ca_slot, slots)
DEFINE_ENUM_NAME (CaMode, ca_mode, modes)
DEFINE_ENUM_NAME (CaRhythm, ca_rhythm, rhythms)
DEFINE_ENUM_NAME (CaDay, ca_day, days)
DEFINE_ENUM_NAME (CaStatus, ca_status, statuses)
