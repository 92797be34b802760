/* test-rules.c — clock times, slots, overlaps and the field rules of api.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include "ca-rules.h"

#define HM(h, m) ((h) * 60 + (m))

static void
test_clock (void)
{
  static const struct { const char *text; int minutes; } good[] = {
    { "00:00", 0 }, { "09:30", HM (9, 30) }, { "12:00", HM (12, 0) }, { "23:59", HM (23, 59) },
  };
  static const char * const bad[] = {
    "", "9:30", "09:3", "24:00", "23:60", "0930", "09h30", "09:30 ", " 09:30", "+9:30",
    "-1:00", "ab:cd", "09:30:00", "０９:３０",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int minutes = -1;
      g_autofree char *back = NULL;

      g_assert_true (ca_clock_parse (good[i].text, &minutes));
      g_assert_cmpint (minutes, ==, good[i].minutes);
      back = ca_clock_format (minutes);
      g_assert_cmpstr (back, ==, good[i].text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      int minutes = 12345;

      g_test_message ("bad clock time '%s'", bad[i]);
      g_assert_false (ca_clock_parse (bad[i], &minutes));
      g_assert_cmpint (minutes, ==, 12345);
    }
  g_assert_false (ca_clock_parse (NULL, NULL));
}

/* Each boundary of api.md, one minute either side. */
static void
test_slots (void)
{
  static const struct { int start, end; CaSlot slot; } cases[] = {
    /* morning: starts before 12:00, ends by 13:00 */
    { HM (9, 0), HM (12, 0), CA_SLOT_MORNING },
    { HM (11, 59), HM (13, 0), CA_SLOT_MORNING },
    { HM (0, 0), HM (1, 0), CA_SLOT_MORNING },
    /* documented tie-break: ends between 13:01 and 14:00 is still morning */
    { HM (10, 0), HM (13, 1), CA_SLOT_MORNING },
    { HM (10, 0), HM (14, 0), CA_SLOT_MORNING },
    /* day: starts before 12:00, ends after 14:00 */
    { HM (10, 0), HM (14, 1), CA_SLOT_DAY },
    { HM (9, 0), HM (17, 0), CA_SLOT_DAY },
    { HM (11, 59), HM (18, 0), CA_SLOT_DAY },
    /* afternoon: starts 12:00–17:59, however long */
    { HM (12, 0), HM (13, 0), CA_SLOT_AFTERNOON },
    { HM (12, 0), HM (20, 0), CA_SLOT_AFTERNOON },
    { HM (17, 59), HM (19, 0), CA_SLOT_AFTERNOON },
    /* evening: starts 18:00 or later */
    { HM (18, 0), HM (20, 0), CA_SLOT_EVENING },
    { HM (19, 30), HM (21, 30), CA_SLOT_EVENING },
    { HM (23, 0), HM (23, 59), CA_SLOT_EVENING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%d–%d", cases[i].start, cases[i].end);
      g_assert_cmpint (ca_slot_from_hours (cases[i].start, cases[i].end), ==, cases[i].slot);
    }
}

static void
test_overlap (void)
{
  g_assert_true (ca_hours_overlap (HM (9, 0), HM (12, 0), HM (11, 0), HM (13, 0)));
  g_assert_true (ca_hours_overlap (HM (11, 0), HM (13, 0), HM (9, 0), HM (12, 0)));
  g_assert_true (ca_hours_overlap (HM (9, 0), HM (17, 0), HM (10, 0), HM (11, 0)));
  g_assert_true (ca_hours_overlap (HM (9, 0), HM (10, 0), HM (9, 0), HM (10, 0)));
  g_assert_true (ca_hours_overlap (HM (9, 0), HM (10, 1), HM (10, 0), HM (11, 0)));
  /* touching intervals do not overlap */
  g_assert_false (ca_hours_overlap (HM (9, 0), HM (10, 0), HM (10, 0), HM (11, 0)));
  g_assert_false (ca_hours_overlap (HM (10, 0), HM (11, 0), HM (9, 0), HM (10, 0)));
  g_assert_false (ca_hours_overlap (HM (18, 0), HM (20, 0), HM (9, 0), HM (12, 0)));
}

static void
test_email (void)
{
  static const char * const good[] = {
    "marie.dupont@example.fr", "a@b.co", "jean-luc+cours@mail.paris.fr", "o'neil@example.com",
    "élodie@exemple.fr",
  };
  static const char * const bad[] = {
    "", "marie", "marie@", "@example.fr", "marie@example", "marie@@example.fr",
    "ma rie@example.fr", "marie@exa mple.fr", "marie@example..fr", ".marie@example.fr",
    "marie.@example.fr", "ma..rie@example.fr", "marie@-example.fr", "marie@example.f",
    "marie@example.fr\n", "marie@exa_mple.fr", "a@b@c.fr",
  };
  const char *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("good e-mail '%s'", good[i]);
      g_assert_true (ca_rules_check_email (good[i], &message));
      g_assert_null (message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad e-mail '%s'", bad[i]);
      message = NULL;
      g_assert_false (ca_rules_check_email (bad[i], &message));
      g_assert_nonnull (message);
    }

  g_assert_false (ca_rules_check_email (NULL, NULL));
  g_assert_false (ca_rules_check_email ("marie@ex\xffmple.fr", NULL));
}

static void
test_password (void)
{
  const char *message = NULL;
  g_autoptr(GString) long_one = g_string_new (NULL);

  g_assert_true (ca_rules_check_password ("abcdefg1", &message));
  g_assert_null (message);
  g_assert_true (ca_rules_check_password ("Motdepasse2026", NULL));

  g_assert_false (ca_rules_check_password ("abcdef1", &message));   /* 7 characters */
  g_assert_nonnull (message);
  g_assert_false (ca_rules_check_password ("abcdefgh", NULL));
  g_assert_false (ca_rules_check_password ("12345678", NULL));
  g_assert_false (ca_rules_check_password ("", NULL));
  g_assert_false (ca_rules_check_password (NULL, NULL));
  g_assert_false (ca_rules_check_password ("abcdefg1\xff", NULL));

  /* Characters, not bytes: "éééééé1" is 7 characters (13 bytes), "éééééééé1" is 9. */
  g_assert_false (ca_rules_password_has_length ("éééééé1"));
  g_assert_true (ca_rules_check_password ("ééééééé1", NULL));
  g_assert_true (ca_rules_password_has_letter ("1234567é"));
  g_assert_false (ca_rules_password_has_letter ("1234567!"));
  g_assert_true (ca_rules_password_has_digit ("abcdefg9"));
  g_assert_false (ca_rules_password_has_digit ("abcdefg!"));

  /* 128 two-byte characters (256 bytes) are allowed, 129 are not. */
  for (guint i = 0; i < 127; i++)
    g_string_append (long_one, "é");
  g_string_append (long_one, "1");
  g_assert_true (ca_rules_check_password (long_one->str, NULL));
  g_string_append (long_one, "é");
  g_assert_false (ca_rules_check_password (long_one->str, &message));
  g_assert_cmpstr (message, ==, "Le mot de passe doit comporter entre 8 et 128 caractères.");
}

static void
test_phone (void)
{
  static const char * const good[] = {
    "0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+33 6 12 34 56 78",
    "+33612345678", "01 44 54 75 80", "+33 1.44.54.75.80",
  };
  static const char * const bad[] = {
    "", "612345678", "06 12 34 56 7", "06 12 34 56 789", "1612345678", "+33 06 12 34 56 78",
    "+44 20 7946 0958", "+3361234567", "06/12/34/56/78", "06 12 34 56 7a", "(06) 12345678",
    "33612345678", "+ 33 6 12 34 56 78 9", "0612345678+", "06 12 34 56 78\n",
  };
  const char *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("good phone '%s'", good[i]);
      g_assert_true (ca_rules_check_phone (good[i], &message));
      g_assert_null (message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad phone '%s'", bad[i]);
      message = NULL;
      g_assert_false (ca_rules_check_phone (bad[i], &message));
      g_assert_nonnull (message);
    }
  g_assert_false (ca_rules_check_phone (NULL, NULL));
}

static void
test_postal_code (void)
{
  static const char * const bad[] = {
    "", "7500", "750011", "75 001", "7500a", "２７５００", " 75001", "75001 ",
  };

  g_assert_true (ca_rules_check_postal_code ("75001", NULL));
  g_assert_true (ca_rules_check_postal_code ("01000", NULL));
  g_assert_true (ca_rules_check_postal_code ("97400", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *message = NULL;

      g_assert_false (ca_rules_check_postal_code (bad[i], &message));
      g_assert_cmpstr (message, ==, "Le code postal doit comporter 5 chiffres.");
    }
  g_assert_false (ca_rules_check_postal_code (NULL, NULL));
}

static gboolean
birth_ok (const char *iso,
          int         year,
          int         month,
          int         day)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);
  return ca_rules_check_birth_date (iso, &today, NULL);
}

static void
test_birth_date (void)
{
  const char *message = NULL;
  GDate today;

  /* 18 on the day itself, not the day before */
  g_assert_true (birth_ok ("2008-11-26", 2026, 11, 26));
  g_assert_false (birth_ok ("2008-11-27", 2026, 11, 26));
  /* 120 until the day before the 121st birthday */
  g_assert_true (birth_ok ("1906-11-26", 2026, 11, 26));
  g_assert_true (birth_ok ("1905-11-27", 2026, 11, 26));
  g_assert_false (birth_ok ("1905-11-26", 2026, 11, 26));
  g_assert_true (birth_ok ("1950-06-15", 2026, 11, 26));

  /* born on 29 February: 18 on 1 March of a common year, on 29 February of a leap year */
  g_assert_false (birth_ok ("2008-02-29", 2026, 2, 28));
  g_assert_true (birth_ok ("2008-02-29", 2026, 3, 1));
  g_assert_false (birth_ok ("2010-02-29", 2030, 3, 1));       /* no such day */
  g_assert_false (birth_ok ("2006-02-29", 2026, 3, 1));       /* no such day */
  g_assert_false (birth_ok ("2012-02-28", 2030, 2, 27));
  g_assert_true (birth_ok ("2012-02-29", 2030, 3, 1));
  g_assert_true (birth_ok ("2000-02-29", 2018, 3, 1));
  g_assert_false (birth_ok ("2000-02-29", 2018, 2, 28));
  g_assert_true (birth_ok ("2004-02-29", 2022, 3, 1));

  /* the future and today are not past dates */
  g_assert_false (birth_ok ("2027-01-01", 2026, 11, 26));
  g_assert_false (birth_ok ("2026-11-26", 2026, 11, 26));

  /* malformed */
  g_assert_false (birth_ok ("26/11/1990", 2026, 11, 26));
  g_assert_false (birth_ok ("1990-11-31", 2026, 11, 26));
  g_assert_false (birth_ok ("1990-13-01", 2026, 11, 26));
  g_assert_false (birth_ok ("1990-00-10", 2026, 11, 26));
  g_assert_false (birth_ok ("1990-1-1", 2026, 11, 26));
  g_assert_false (birth_ok ("1990-01-01T00:00", 2026, 11, 26));
  g_assert_false (birth_ok ("0000-01-01", 2026, 11, 26));
  g_assert_false (birth_ok ("", 2026, 11, 26));
  g_assert_false (birth_ok (NULL, 2026, 11, 26));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 26, 11, 2026);
  g_assert_false (ca_rules_check_birth_date ("2015-01-01", &today, &message));
  g_assert_cmpstr (message, ==,
                   "Les cours d’adultes sont réservés aux personnes de 18 ans ou plus.");

  /* without a date, today's */
  g_assert_true (ca_rules_check_birth_date ("1980-05-05", NULL, NULL));
  g_assert_false (ca_rules_check_birth_date ("2999-05-05", NULL, NULL));
}

static void
test_civility (void)
{
  g_assert_true (ca_rules_check_civility ("M", NULL));
  g_assert_true (ca_rules_check_civility ("Mme", NULL));
  g_assert_false (ca_rules_check_civility ("M.", NULL));
  g_assert_false (ca_rules_check_civility ("mme", NULL));
  g_assert_false (ca_rules_check_civility ("Mlle", NULL));
  g_assert_false (ca_rules_check_civility ("", NULL));
  g_assert_false (ca_rules_check_civility (NULL, NULL));
}

static void
test_text (void)
{
  const char *message = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_true (ca_rules_check_text ("Dupont", CA_MAX_FIELD_LENGTH, &message));
  g_assert_null (message);
  g_assert_true (ca_rules_check_text ("  Ève  ", CA_MAX_FIELD_LENGTH, NULL));
  g_assert_false (ca_rules_check_text ("", CA_MAX_FIELD_LENGTH, &message));
  g_assert_cmpstr (message, ==, "Ce champ est obligatoire.");
  g_assert_false (ca_rules_check_text ("   \t ", CA_MAX_FIELD_LENGTH, NULL));
  g_assert_false (ca_rules_check_text (NULL, CA_MAX_FIELD_LENGTH, NULL));
  g_assert_false (ca_rules_check_text ("Du\xffpont", CA_MAX_FIELD_LENGTH, NULL));
  g_assert_false (ca_rules_check_text ("Du\npont", CA_MAX_FIELD_LENGTH, NULL));
  g_assert_false (ca_rules_check_text ("Du\x7fpont", CA_MAX_FIELD_LENGTH, NULL));

  /* 200 characters of two bytes are fine, 201 are not */
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "é");
  g_assert_true (ca_rules_check_text (text->str, CA_MAX_FIELD_LENGTH, NULL));
  g_string_append (text, "é");
  g_assert_false (ca_rules_check_text (text->str, CA_MAX_FIELD_LENGTH, &message));
  g_assert_cmpstr (message, ==, "Ce champ ne doit pas dépasser 200 caractères.");

  /* messages may span lines */
  g_assert_true (ca_rules_check_multiline_text ("Bonjour,\n\nMerci.\r\n", 5000, NULL));
  g_assert_false (ca_rules_check_multiline_text ("\n\n", 5000, NULL));
  g_assert_false (ca_rules_check_multiline_text ("a\x01", 5000, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/clock", test_clock);
  g_test_add_func ("/rules/slots", test_slots);
  g_test_add_func ("/rules/overlap", test_overlap);
  g_test_add_func ("/rules/email", test_email);
  g_test_add_func ("/rules/password", test_password);
  g_test_add_func ("/rules/phone", test_phone);
  g_test_add_func ("/rules/postal-code", test_postal_code);
  g_test_add_func ("/rules/birth-date", test_birth_date);
  g_test_add_func ("/rules/civility", test_civility);
  g_test_add_func ("/rules/text", test_text);

  return g_test_run ();
}
