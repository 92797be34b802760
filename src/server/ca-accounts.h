/* ca-accounts.h — accounts, captchas, login throttling, session tokens and profiles
 *
 * Every function reports contract errors as CA_ERROR GErrors (not-found, email-taken,
 * unauthorized, validation-failed with fields…) and database failures as internal errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-db.h"
#include "ca-model.h"

G_BEGIN_DECLS

#define CA_CAPTCHA_LIFETIME (10 * 60)
#define CA_LOGIN_WINDOW (15 * 60)
#define CA_LOGIN_MAX_FAILURES 5

/* Trimmed and lower-cased: one account per address whatever its case. */
char     *ca_accounts_normalize_email (const char *email);

gboolean  ca_accounts_captcha_store   (CaDb        *db,
                                       const char  *id,
                                       const char  *answer,
                                       gint64       now,
                                       GError     **error);
/* Deletes the captcha (it is single-use) and gives its answer; *out_answer is NULL when it
 * is unknown or expired. */
gboolean  ca_accounts_captcha_take    (CaDb        *db,
                                       const char  *id,
                                       gint64       now,
                                       char       **out_answer,
                                       GError     **error);

gboolean  ca_accounts_email_taken     (CaDb        *db,
                                       const char  *email,
                                       gboolean    *out_taken,
                                       GError     **error);
gboolean  ca_accounts_create          (CaDb        *db,
                                       const char  *email,
                                       const char  *password_hash,
                                       const char  *confirm_token_hash,
                                       gint64       now,
                                       GError     **error);
/* CA_ERROR_NOT_FOUND for an unknown token; following the link twice is fine. */
gboolean  ca_accounts_confirm         (CaDb        *db,
                                       const char  *confirm_token_hash,
                                       gint64       now,
                                       GError     **error);

typedef struct
{
  gint64    id;
  char     *email;
  char     *password_hash;
  gboolean  confirmed;
  gboolean  profile_complete;
} CaAccountLogin;
void      ca_account_login_clear      (CaAccountLogin *login);

gboolean  ca_accounts_find            (CaDb           *db,
                                       const char     *email,
                                       CaAccountLogin *out,
                                       gboolean       *out_found,
                                       GError        **error);
gboolean  ca_accounts_get_email       (CaDb           *db,
                                       gint64          account_id,
                                       char          **out_email,
                                       GError        **error);

/* *out_retry_after is 0 unless more than CA_LOGIN_MAX_FAILURES logins failed for @email in
 * the last CA_LOGIN_WINDOW seconds; then the seconds to wait. */
gboolean  ca_accounts_login_throttle  (CaDb        *db,
                                       const char  *email,
                                       gint64       now,
                                       guint       *out_retry_after,
                                       GError     **error);
gboolean  ca_accounts_login_failed    (CaDb        *db,
                                       const char  *email,
                                       gint64       now,
                                       GError     **error);
gboolean  ca_accounts_login_succeeded (CaDb        *db,
                                       const char  *email,
                                       GError     **error);

/* Token times are in milliseconds: idle timeouts may be short in tests. */
gboolean  ca_accounts_token_create    (CaDb        *db,
                                       gint64       account_id,
                                       const char  *token_hash,
                                       gint64       now_ms,
                                       GError     **error);
/* CA_ERROR_UNAUTHORIZED when unknown or idle for more than @idle_timeout seconds; else
 * slides the expiry. */
gboolean  ca_accounts_token_check     (CaDb        *db,
                                       const char  *token_hash,
                                       gint64       now_ms,
                                       guint        idle_timeout,
                                       gint64      *out_account_id,
                                       GError     **error);
gboolean  ca_accounts_token_revoke    (CaDb        *db,
                                       const char  *token_hash,
                                       GError     **error);

CaProfile *ca_accounts_profile_load   (CaDb        *db,
                                       gint64       account_id,
                                       GError     **error);
/* Checks @profile (names read-only once complete, then ca_profile_validate ()) and stores it
 * in one transaction. @absent_fields: bit 1 << CaProfileField set for each field the request
 * left out or sent as null (a read-only name left out is kept). *out_first tells whether this
 * save completed the profile. */
gboolean  ca_accounts_profile_save    (CaDb               *db,
                                       gint64              account_id,
                                       CaProfile          *profile,
                                       guint               absent_fields,
                                       const char * const *heard_from_ids,
                                       GDate              *today,
                                       gboolean           *out_first,
                                       GError            **error);
gboolean  ca_accounts_profile_complete (CaDb       *db,
                                        gint64      account_id,
                                        gboolean   *out_complete,
                                        GError    **error);

gboolean  ca_accounts_contact_store   (CaDb        *db,
                                       gint64       account_id,   /* 0: anonymous */
                                       const char  *email,
                                       const char  *subject,
                                       const char  *message,
                                       gint64       now,
                                       gint64      *out_id,
                                       GError     **error);

G_END_DECLS
