/* ca-rules.c — rules shared by the application (checked as you type) and the service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCore"

#include <string.h>

#include "ca-rules.h"

#define MINUTES_PER_DAY (24 * 60)
#define NOON (12 * 60)
#define EVENING (18 * 60)
#define DAY_END_THRESHOLD (14 * 60)

#define MAX_EMAIL_LENGTH 254
#define MAX_EMAIL_LOCAL_LENGTH 64

static gboolean
fail (const char **message,
      const char  *text)
{
  if (message != NULL)
    *message = text;
  return FALSE;
}

static gboolean
pass (const char **message)
{
  if (message != NULL)
    *message = NULL;
  return TRUE;
}

static int
digit_value (char c)
{
  return g_ascii_isdigit (c) ? c - '0' : -1;
}

gboolean
ca_clock_parse (const char *hhmm,
                int        *out_minutes)
{
  int h1, h2, m1, m2, hours, minutes;

  if (hhmm == NULL || strlen (hhmm) != 5 || hhmm[2] != ':')
    return FALSE;

  h1 = digit_value (hhmm[0]);
  h2 = digit_value (hhmm[1]);
  m1 = digit_value (hhmm[3]);
  m2 = digit_value (hhmm[4]);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0)
    return FALSE;

  hours = h1 * 10 + h2;
  minutes = m1 * 10 + m2;
  if (hours > 23 || minutes > 59)
    return FALSE;

  if (out_minutes != NULL)
    *out_minutes = hours * 60 + minutes;
  return TRUE;
}

char *
ca_clock_format (int minutes)
{
  g_return_val_if_fail (minutes >= 0 && minutes < MINUTES_PER_DAY, NULL);

  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

CaSlot
ca_slot_from_hours (int start_minutes,
                    int end_minutes)
{
  if (start_minutes >= EVENING)
    return CA_SLOT_EVENING;

  if (start_minutes >= NOON)
    return CA_SLOT_AFTERNOON;

  /* A morning session running a little past 13:00 (up to 14:00) is still a morning:
   * only sessions that go on well into the afternoon make a "journée". */
  if (end_minutes > DAY_END_THRESHOLD)
    return CA_SLOT_DAY;

  return CA_SLOT_MORNING;
}

gboolean
ca_hours_overlap (int start_a, int end_a,
                  int start_b, int end_b)
{
  return start_a < end_b && start_b < end_a;
}

static gboolean
email_domain_is_valid (const char *domain)
{
  g_auto(GStrv) labels = NULL;
  guint n_labels;

  if (strchr (domain, '.') == NULL)
    return FALSE;

  labels = g_strsplit (domain, ".", -1);
  n_labels = g_strv_length (labels);

  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      size_t len = strlen (label);

      if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      for (const char *p = label; *p != '\0'; p++)
        {
          /* Internationalised domain names are accepted as UTF-8 letters. */
          if (!g_ascii_isalnum (*p) && *p != '-' && (guchar) *p < 0x80)
            return FALSE;
        }
    }

  return strlen (labels[n_labels - 1]) >= 2;
}

static gboolean
email_local_is_valid (const char *local,
                      size_t      len)
{
  if (len == 0 || len > MAX_EMAIL_LOCAL_LENGTH)
    return FALSE;

  if (local[0] == '.' || local[len - 1] == '.')
    return FALSE;

  for (size_t i = 0; i < len; i++)
    {
      guchar c = local[i];

      if (c < 0x80 && !g_ascii_isalnum (c) && strchr (".!#$%&'*+/=?^_`{|}~-", c) == NULL)
        return FALSE;
      if (c == '.' && local[i + 1] == '.')
        return FALSE;
    }

  return TRUE;
}

gboolean
ca_rules_check_email (const char  *email,
                      const char **message)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return fail (message, "Saisissez votre adresse électronique.");

  at = strchr (email, '@');
  if (!g_utf8_validate (email, -1, NULL) ||
      strlen (email) > MAX_EMAIL_LENGTH ||
      at == NULL ||
      strchr (at + 1, '@') != NULL ||
      !email_local_is_valid (email, at - email) ||
      !email_domain_is_valid (at + 1))
    return fail (message, "L’adresse électronique n’est pas valide (exemple : nom@exemple.fr).");

  return pass (message);
}

gboolean
ca_rules_password_has_length (const char *password)
{
  glong n_chars;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    return FALSE;

  n_chars = g_utf8_strlen (password, -1);
  return n_chars >= CA_PASSWORD_MIN_LENGTH && n_chars <= CA_PASSWORD_MAX_LENGTH;
}

static gboolean
password_has_char (const char *password,
                   gboolean  (*predicate) (gunichar))
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    return FALSE;

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (predicate (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

gboolean
ca_rules_password_has_letter (const char *password)
{
  return password_has_char (password, g_unichar_isalpha);
}

gboolean
ca_rules_password_has_digit (const char *password)
{
  return password_has_char (password, g_unichar_isdigit);
}

gboolean
ca_rules_check_password (const char  *password,
                         const char **message)
{
  if (!ca_rules_password_has_length (password))
    return fail (message, "Le mot de passe doit comporter entre 8 et 128 caractères.");

  if (!ca_rules_password_has_letter (password))
    return fail (message, "Le mot de passe doit contenir au moins une lettre.");

  if (!ca_rules_password_has_digit (password))
    return fail (message, "Le mot de passe doit contenir au moins un chiffre.");

  return pass (message);
}

/* Keeps the digits (and a leading '+') of @phone; NULL when another character appears. */
static char *
phone_digits (const char *phone)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0)
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '.' && *p != '-')
        return NULL;
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static gboolean
phone_digits_are_valid (const char *digits)
{
  size_t len = strlen (digits);

  if (g_str_has_prefix (digits, "+33"))
    return len == 3 + 9;

  return len == 10 && digits[0] == '0';
}

gboolean
ca_rules_check_phone (const char  *phone,
                      const char **message)
{
  g_autofree char *digits = NULL;

  if (phone == NULL || *phone == '\0')
    return fail (message, "Saisissez un numéro de téléphone.");

  digits = phone_digits (phone);
  if (digits == NULL || !phone_digits_are_valid (digits))
    return fail (message,
                 "Le numéro de téléphone doit comporter 10 chiffres commençant par 0, "
                 "ou +33 suivi de 9 chiffres.");

  return pass (message);
}

gboolean
ca_rules_check_postal_code (const char  *postal_code,
                            const char **message)
{
  if (postal_code == NULL || strlen (postal_code) != 5)
    return fail (message, "Le code postal doit comporter 5 chiffres.");

  for (guint i = 0; i < 5; i++)
    {
      if (!g_ascii_isdigit (postal_code[i]))
        return fail (message, "Le code postal doit comporter 5 chiffres.");
    }

  return pass (message);
}

/* Parses exactly "YYYY-MM-DD" into a valid date. */
static gboolean
parse_iso_date (const char *iso_date,
                GDate      *out)
{
  int value[3] = { 0, 0, 0 };
  static const guint widths[3] = { 4, 2, 2 };
  const char *p = iso_date;

  if (iso_date == NULL || strlen (iso_date) != 10)
    return FALSE;

  for (guint part = 0; part < 3; part++)
    {
      for (guint i = 0; i < widths[part]; i++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return FALSE;
          value[part] = value[part] * 10 + (*p - '0');
        }
      if (part < 2 && *p++ != '-')
        return FALSE;
    }

  if (!g_date_valid_dmy (value[2], value[1], value[0]))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, value[2], value[1], value[0]);
  return TRUE;
}

/* Age in completed years at @today; a person born on 29 February comes of age on 1 March
 * in common years. */
static int
age_at (const GDate *birth,
        const GDate *today)
{
  int age = g_date_get_year (today) - g_date_get_year (birth);

  if (g_date_get_month (today) < g_date_get_month (birth) ||
      (g_date_get_month (today) == g_date_get_month (birth) &&
       g_date_get_day (today) < g_date_get_day (birth)))
    age--;

  return age;
}

gboolean
ca_rules_check_birth_date (const char  *iso_date,
                           GDate       *today,
                           const char **message)
{
  GDate birth;
  GDate now;
  int age;

  if (iso_date == NULL || *iso_date == '\0')
    return fail (message, "Saisissez votre date de naissance.");

  if (!parse_iso_date (iso_date, &birth))
    return fail (message, "La date de naissance n’est pas une date valide (AAAA-MM-JJ).");

  g_date_clear (&now, 1);
  if (today != NULL && g_date_valid (today))
    now = *today;
  else
    g_date_set_time_t (&now, time (NULL));

  if (g_date_compare (&birth, &now) >= 0)
    return fail (message, "La date de naissance doit être dans le passé.");

  age = age_at (&birth, &now);
  if (age < CA_MIN_AGE)
    return fail (message, "Les cours d’adultes sont réservés aux personnes de 18 ans ou plus.");
  if (age > CA_MAX_AGE)
    return fail (message, "Vérifiez la date de naissance : l’âge indiqué dépasse 120 ans.");

  return pass (message);
}

gboolean
ca_rules_check_civility (const char  *civility,
                         const char **message)
{
  if (g_strcmp0 (civility, "M") != 0 && g_strcmp0 (civility, "Mme") != 0)
    return fail (message, "Choisissez une civilité : M. ou Mme.");

  return pass (message);
}

static const char *
too_long_message (guint max_chars)
{
  switch (max_chars)
    {
    case CA_MAX_FIELD_LENGTH:
      return "Ce champ ne doit pas dépasser 200 caractères.";
    case CA_MAX_ADDRESS_LENGTH:
      return "Ce champ ne doit pas dépasser 300 caractères.";
    case CA_MAX_MESSAGE_LENGTH:
      return "Ce message ne doit pas dépasser 5000 caractères.";
    default:
      return "Ce texte est trop long.";
    }
}

static gboolean
check_text_full (const char  *text,
                 guint        max_chars,
                 gboolean     multiline,
                 const char **message)
{
  gboolean blank = TRUE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return fail (message, "Ce champ est obligatoire.");

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      if (g_unichar_iscntrl (c))
        return fail (message, "Ce champ contient des caractères non autorisés.");
      if (!g_unichar_isspace (c))
        blank = FALSE;
    }

  if (blank)
    return fail (message, "Ce champ est obligatoire.");

  if ((gsize) g_utf8_strlen (text, -1) > max_chars)
    return fail (message, too_long_message (max_chars));

  return pass (message);
}

gboolean
ca_rules_check_text (const char  *text,
                     guint        max_chars,
                     const char **message)
{
  return check_text_full (text, max_chars, FALSE, message);
}

gboolean
ca_rules_check_multiline_text (const char  *text,
                               guint        max_chars,
                               const char **message)
{
  return check_text_full (text, max_chars, TRUE, message);
}
