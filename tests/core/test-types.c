/* test-types.c — contract strings and French names of the enumerations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include "ca-types.h"

typedef struct
{
  const char *id;
  const char *name;
} Expected;

static void
test_slots (void)
{
  static const Expected expected[] = {
    [CA_SLOT_DAY] = { "day", "Journée" },
    [CA_SLOT_MORNING] = { "morning", "Matin" },
    [CA_SLOT_AFTERNOON] = { "afternoon", "Après-midi" },
    [CA_SLOT_EVENING] = { "evening", "Soirée" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaSlot slot = CA_SLOT_EVENING;

      g_assert_cmpstr (ca_slot_to_string (i), ==, expected[i].id);
      g_assert_cmpstr (ca_slot_name_fr (i), ==, expected[i].name);
      g_assert_true (ca_slot_from_string (expected[i].id, &slot));
      g_assert_cmpint (slot, ==, i);
    }
}

static void
test_modes (void)
{
  static const Expected expected[] = {
    [CA_MODE_ONSITE] = { "onsite", "Présentiel" },
    [CA_MODE_REMOTE] = { "remote", "Distanciel" },
    [CA_MODE_HYBRID] = { "hybrid", "Hybride" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaMode mode = CA_MODE_HYBRID;

      g_assert_cmpstr (ca_mode_to_string (i), ==, expected[i].id);
      g_assert_cmpstr (ca_mode_name_fr (i), ==, expected[i].name);
      g_assert_true (ca_mode_from_string (expected[i].id, &mode));
      g_assert_cmpint (mode, ==, i);
    }
}

static void
test_rhythms (void)
{
  static const Expected expected[] = {
    [CA_RHYTHM_ANNUAL] = { "annual", "Annuel" },
    [CA_RHYTHM_SEMESTER_1] = { "semester-1", "1er semestre" },
    [CA_RHYTHM_SEMESTER_2] = { "semester-2", "2e semestre" },
    [CA_RHYTHM_QUARTER] = { "quarter", "Trimestriel" },
    [CA_RHYTHM_INTENSIVE] = { "intensive", "Stage intensif" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaRhythm rhythm = CA_RHYTHM_INTENSIVE;

      g_assert_cmpstr (ca_rhythm_to_string (i), ==, expected[i].id);
      g_assert_cmpstr (ca_rhythm_name_fr (i), ==, expected[i].name);
      g_assert_true (ca_rhythm_from_string (expected[i].id, &rhythm));
      g_assert_cmpint (rhythm, ==, i);
    }
}

static void
test_days (void)
{
  static const Expected expected[] = {
    [CA_DAY_MONDAY] = { "monday", "Lundi" },
    [CA_DAY_TUESDAY] = { "tuesday", "Mardi" },
    [CA_DAY_WEDNESDAY] = { "wednesday", "Mercredi" },
    [CA_DAY_THURSDAY] = { "thursday", "Jeudi" },
    [CA_DAY_FRIDAY] = { "friday", "Vendredi" },
    [CA_DAY_SATURDAY] = { "saturday", "Samedi" },
    [CA_DAY_SUNDAY] = { "sunday", "Dimanche" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaDay day = CA_DAY_SUNDAY;

      g_assert_cmpstr (ca_day_to_string (i), ==, expected[i].id);
      g_assert_cmpstr (ca_day_name_fr (i), ==, expected[i].name);
      g_assert_true (ca_day_from_string (expected[i].id, &day));
      g_assert_cmpint (day, ==, i);
    }
}

static void
test_statuses (void)
{
  static const char * const expected[] = {
    [CA_STATUS_PRESELECTED] = "preselected",
    [CA_STATUS_PENDING] = "pending",
    [CA_STATUS_CONVOKED] = "convoked",
    [CA_STATUS_AWAITING_PAYMENT] = "awaiting-payment",
    [CA_STATUS_ENROLLED] = "enrolled",
    [CA_STATUS_REFUSED] = "refused",
    [CA_STATUS_CANCELLED] = "cancelled",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaStatus status = CA_STATUS_CANCELLED;

      g_assert_cmpstr (ca_status_to_string (i), ==, expected[i]);
      g_assert_nonnull (ca_status_name_fr (i));
      g_assert_true (ca_status_from_string (expected[i], &status));
      g_assert_cmpint (status, ==, i);
    }
  g_assert_cmpstr (ca_status_name_fr (CA_STATUS_AWAITING_PAYMENT), ==, "À régler");
}

static void
test_question_types (void)
{
  static const char * const expected[] = {
    [CA_QUESTION_TEXT] = "text",
    [CA_QUESTION_CHOICE] = "choice",
    [CA_QUESTION_BOOLEAN] = "boolean",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaQuestionType type = CA_QUESTION_BOOLEAN;

      g_assert_cmpstr (ca_question_type_to_string (i), ==, expected[i]);
      g_assert_true (ca_question_type_from_string (expected[i], &type));
      g_assert_cmpint (type, ==, i);
    }
}

/* Unknown strings leave the output untouched, as the header promises. */
static void
test_unknown (void)
{
  static const char * const bad[] = {
    "", "Day", "MORNING", "semester1", "semester-3", "lundi", "Monday", " monday",
    "monday ", "awaiting_payment", "Journée", "texte", "onsite\n",
  };
  CaSlot slot = CA_SLOT_EVENING;
  CaMode mode = CA_MODE_REMOTE;
  CaRhythm rhythm = CA_RHYTHM_QUARTER;
  CaDay day = CA_DAY_FRIDAY;
  CaStatus status = CA_STATUS_REFUSED;
  CaQuestionType type = CA_QUESTION_CHOICE;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ca_slot_from_string (bad[i], &slot));
      g_assert_false (ca_mode_from_string (bad[i], &mode));
      g_assert_false (ca_rhythm_from_string (bad[i], &rhythm));
      g_assert_false (ca_day_from_string (bad[i], &day));
      g_assert_false (ca_status_from_string (bad[i], &status));
      g_assert_false (ca_question_type_from_string (bad[i], &type));
    }

  g_assert_false (ca_slot_from_string (NULL, &slot));
  g_assert_false (ca_mode_from_string (NULL, &mode));
  g_assert_false (ca_rhythm_from_string (NULL, &rhythm));
  g_assert_false (ca_day_from_string (NULL, &day));
  g_assert_false (ca_status_from_string (NULL, &status));
  g_assert_false (ca_question_type_from_string (NULL, &type));

  g_assert_cmpint (slot, ==, CA_SLOT_EVENING);
  g_assert_cmpint (mode, ==, CA_MODE_REMOTE);
  g_assert_cmpint (rhythm, ==, CA_RHYTHM_QUARTER);
  g_assert_cmpint (day, ==, CA_DAY_FRIDAY);
  g_assert_cmpint (status, ==, CA_STATUS_REFUSED);
  g_assert_cmpint (type, ==, CA_QUESTION_CHOICE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/types/slots", test_slots);
  g_test_add_func ("/types/modes", test_modes);
  g_test_add_func ("/types/rhythms", test_rhythms);
  g_test_add_func ("/types/days", test_days);
  g_test_add_func ("/types/statuses", test_statuses);
  g_test_add_func ("/types/question-types", test_question_types);
  g_test_add_func ("/types/unknown", test_unknown);

  return g_test_run ();
}
