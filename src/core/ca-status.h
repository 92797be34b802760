/* ca-status.h — the candidature status machine
 *
 * preselected → pending → convoked → awaiting-payment → enrolled
 * closed: enrolled, refused, cancelled.  active: pending, convoked, awaiting-payment (≤ 3).
 * live: preselected or active (one per sheet, one per day and hour).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-types.h"

G_BEGIN_DECLS

#define CA_MAX_ACTIVE_CANDIDATURES 3

gboolean ca_status_is_active (CaStatus status);
gboolean ca_status_is_live   (CaStatus status);
gboolean ca_status_is_closed (CaStatus status);

/* Whether @action is allowed from @status (ignoring the period, which callers check):
 * DELETE, CONFIRM: preselected; CANCEL: active; PAY: awaiting-payment;
 * CONVOKE: pending; ACCEPT: pending or convoked; REFUSE: pending or convoked;
 * ENROL: awaiting-payment. */
gboolean ca_status_allows    (CaStatus status,
                              CaAction action);

/* The status @action leads to from @status; returns FALSE when not allowed. DELETE removes the
 * candidature and reports CANCELLED; PAY keeps AWAITING_PAYMENT (the payment notification
 * enrols, through ENROL). */
gboolean ca_status_transition (CaStatus  status,
                               CaAction  action,
                               CaStatus *out_next);

G_END_DECLS
