/* ca-candidatures.h — candidatures, their rules and status changes, payments
 *
 * Each operation checks its rules and writes in one BEGIN IMMEDIATE transaction, so two
 * requests (or the service and the admin tool) can never both pass a check that only one of
 * them should. Errors are CA_ERROR GErrors of the contract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "ca-db.h"
#include "ca-payfip.h"
#include "ca-types.h"

G_BEGIN_DECLS

#define CA_ANSWER_MAX_LENGTH 2000

typedef struct
{
  char     *id;
  gint64    account_id;
  char     *session_id;
  char     *course_id;
  CaStatus  status;
  char     *reason;
  char     *convocation_at;     /* ISO 8601, nullable */
  char     *convocation_place;  /* nullable */
  gint64    created_at;
  gint64    updated_at;
  gint64    fee_cents;
  gboolean  period_open;
  char     *email;              /* of the account */
  char     *course_title;
  char     *refunds_due;        /* refdets paid but not applied, space-separated; nullable */
} CaCandidatureRow;

void      ca_candidature_row_free (CaCandidatureRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaCandidatureRow, ca_candidature_row_free)

/* @account_id 0 reads any account's (back office). */
gboolean  ca_candidatures_get     (CaDb              *db,
                                   gint64             account_id,
                                   const char        *id,
                                   gint64             now,
                                   CaCandidatureRow **out,
                                   GError           **error);
/* The account's candidatures, oldest first (CaCandidatureRow). */
gboolean  ca_candidatures_list    (CaDb              *db,
                                   gint64             account_id,
                                   gint64             now,
                                   GPtrArray        **out,
                                   GError           **error);
/* Every candidature, optionally of one status, oldest first. */
gboolean  ca_candidatures_list_all (CaDb             *db,
                                    const char       *status,  /* nullable */
                                    gint64            now,
                                    GPtrArray       **out,
                                    GError          **error);

/* Checks, in the contract's order: profile complete, session exists, period open, one live
 * candidature per sheet, no live one on the same day with overlapping hours. */
gboolean  ca_candidatures_create  (CaDb        *db,
                                   gint64       account_id,
                                   const char  *session_id,
                                   gint64       now,
                                   char       **out_id,
                                   GError     **error);
gboolean  ca_candidatures_delete  (CaDb        *db,
                                   gint64       account_id,
                                   const char  *id,
                                   GError     **error);
/* @answers: the "answers" object (NULL when absent), checked against the sheet's form;
 * field errors are keyed by question id. */
gboolean  ca_candidatures_confirm (CaDb        *db,
                                   gint64       account_id,
                                   const char  *id,
                                   JsonObject  *answers,
                                   gint64       now,
                                   GError     **error);
gboolean  ca_candidatures_cancel  (CaDb        *db,
                                   gint64       account_id,
                                   const char  *id,
                                   gint64       now,
                                   GError     **error);

/* Back office. @at: ISO 8601 with offset. */
gboolean  ca_candidatures_convoke (CaDb        *db,
                                   const char  *id,
                                   const char  *at,
                                   const char  *place,
                                   gint64       now,
                                   GError     **error);
gboolean  ca_candidatures_accept  (CaDb        *db,
                                   const char  *id,
                                   gint64       now,
                                   GError     **error);
gboolean  ca_candidatures_refuse  (CaDb        *db,
                                   const char  *id,
                                   const char  *reason,
                                   gint64       now,
                                   GError     **error);
/* The demonstration back office: convokes each candidature pending for @delay seconds, and
 * accepts each one convoked for @delay seconds. */
gboolean  ca_candidatures_demo_back_office_step (CaDb    *db,
                                                 gint64   now,
                                                 guint    delay,
                                                 guint   *out_changed,
                                                 GError **error);

/* Periods, for the back office: closing sets closes_at to now, opening sets opens_at to now
 * (and, when the period had ended, closes_at to 30 days later); both bump catalogue_version. */
gboolean  ca_periods_set_open     (CaDb        *db,
                                   const char  *period_id,
                                   gboolean     open,
                                   gint64       now,
                                   GError     **error);

/* --- payments --- */

/* A payment attempt not notified within this many seconds of its creation counts as abandoned:
 * until then the candidature cannot be cancelled (the payer may be on PayFiP's page). */
#define CA_PAYMENT_PENDING_SECONDS (20 * 60)

typedef struct
{
  char   *refdet;
  char   *candidature_id;
  gint64  amount_cents;
  char   *state;          /* pending, paid, refused, abandoned, paid-not-applied */
  char   *payment_url;
  gint64  created_at;
  gint64  updated_at;
} CaPaymentRow;

void      ca_payment_row_free     (CaPaymentRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaPaymentRow, ca_payment_row_free)

/* Builds the provider's URL for one attempt (called inside the transaction). */
typedef char *(*CaPaymentUrlFunc) (const char *refdet,
                                   gint64      amount_cents,
                                   const char *email,
                                   const char *course_id,
                                   gpointer    user_data);

/* For awaiting-payment only (else not-payable): a new attempt with a fresh reference. */
gboolean  ca_payments_create      (CaDb              *db,
                                   gint64             account_id,
                                   const char        *candidature_id,
                                   gint64             now,
                                   CaPaymentUrlFunc   url_func,
                                   gpointer           user_data,
                                   CaPaymentRow     **out,
                                   GError           **error);
/* The latest attempt for the candidature (not-found when none). */
gboolean  ca_payments_latest      (CaDb              *db,
                                   gint64             account_id,
                                   const char        *candidature_id,
                                   CaPaymentRow     **out,
                                   GError           **error);

typedef enum
{
  CA_NOTIFY_APPLIED,        /* the state changed */
  CA_NOTIFY_ALREADY_DONE,   /* a repeated notification: nothing changed */
  CA_NOTIFY_WRONG_AMOUNT,   /* refused: montant is not the attempt's amount */
  CA_NOTIFY_NOT_APPLIED,    /* paid, but the candidature could not be enrolled: refund due */
} CaNotifyOutcome;

/* Applies a provider notification: P with the right amount enrols, R and A mark the attempt
 * failed. not-found for an unknown refdet; invalid-request when numcli is not ours. */
/* *out_enrolled (nullable) receives the id of the candidature this notification enrolled. */
gboolean  ca_payments_notify      (CaDb                       *db,
                                   const CaPayfipNotification *notification,
                                   const char                 *numcli,
                                   gint64                      now,
                                   CaNotifyOutcome            *out_outcome,
                                   char                      **out_enrolled,
                                   GError                    **error);

G_END_DECLS
