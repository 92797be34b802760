/* ca-rules.h — rules shared by the application (checked as you type) and the service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "ca-types.h"

G_BEGIN_DECLS

#define CA_PASSWORD_MIN_LENGTH 8
#define CA_PASSWORD_MAX_LENGTH 128
#define CA_MAX_FIELD_LENGTH 200      /* names, city, birth country, heard_from */
#define CA_MAX_ADDRESS_LENGTH 300
#define CA_MAX_MESSAGE_LENGTH 5000   /* contact form */
#define CA_MIN_AGE 18
#define CA_MAX_AGE 120

/* "HH:MM" → minutes since midnight; FALSE unless 00:00–23:59 in exactly that form. */
gboolean ca_clock_parse          (const char *hhmm,
                                  int        *out_minutes);
char    *ca_clock_format         (int         minutes);

/* api.md: morning = starts before 12:00 and ends by 13:00; afternoon = starts 12:00–17:59;
 * evening = starts 18:00 or later; day = starts before 12:00 and ends after 14:00.
 * A session starting before 12:00 and ending between 13:01 and 14:00 is "morning". */
CaSlot   ca_slot_from_hours      (int start_minutes,
                                  int end_minutes);

/* Half-open intervals [start, end) overlap. */
gboolean ca_hours_overlap        (int start_a, int end_a,
                                  int start_b, int end_b);

/* Each returns TRUE when valid; otherwise FALSE and, if @message is not NULL, a French sentence
 * for the person (static string, do not free). */
gboolean ca_rules_check_email    (const char  *email,
                                  const char **message);
/* 8–128 characters (UTF-8 characters, not bytes), at least one letter and one digit. */
gboolean ca_rules_check_password (const char  *password,
                                  const char **message);
gboolean ca_rules_password_has_length (const char *password);
gboolean ca_rules_password_has_letter (const char *password);
gboolean ca_rules_password_has_digit  (const char *password);
/* 10 digits starting with 0, or +33 and 9 digits; spaces, dots, dashes allowed. */
gboolean ca_rules_check_phone    (const char  *phone,
                                  const char **message);
gboolean ca_rules_check_postal_code (const char *postal_code,
                                     const char **message);
/* "YYYY-MM-DD", a real past date, age between CA_MIN_AGE and CA_MAX_AGE at @today. */
gboolean ca_rules_check_birth_date (const char  *iso_date,
                                    GDate       *today,
                                    const char **message);
gboolean ca_rules_check_civility (const char  *civility,
                                  const char **message);
/* Non-empty after trimming, valid UTF-8, at most @max_chars characters, no control characters. */
gboolean ca_rules_check_text     (const char  *text,
                                  guint        max_chars,
                                  const char **message);
/* As ca_rules_check_text (), but line breaks and tabs are allowed (the contact message). */
gboolean ca_rules_check_multiline_text (const char  *text,
                                        guint        max_chars,
                                        const char **message);

G_END_DECLS
