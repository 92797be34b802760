/* ca-status.c — the candidature status machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCore"

#include "ca-status.h"

gboolean
ca_status_is_active (CaStatus status)
{
  return status == CA_STATUS_PENDING ||
         status == CA_STATUS_CONVOKED ||
         status == CA_STATUS_AWAITING_PAYMENT;
}

gboolean
ca_status_is_live (CaStatus status)
{
  return status == CA_STATUS_PRESELECTED || ca_status_is_active (status);
}

gboolean
ca_status_is_closed (CaStatus status)
{
  return status == CA_STATUS_ENROLLED ||
         status == CA_STATUS_REFUSED ||
         status == CA_STATUS_CANCELLED;
}

gboolean
ca_status_transition (CaStatus  status,
                      CaAction  action,
                      CaStatus *out_next)
{
  gboolean allowed = FALSE;
  CaStatus next = status;

  switch (action)
    {
    case CA_ACTION_DELETE:
      /* The candidature disappears; it is reported as cancelled for callers that log it. */
      allowed = status == CA_STATUS_PRESELECTED;
      next = CA_STATUS_CANCELLED;
      break;

    case CA_ACTION_CONFIRM:
      allowed = status == CA_STATUS_PRESELECTED;
      next = CA_STATUS_PENDING;
      break;

    case CA_ACTION_CANCEL:
      allowed = ca_status_is_active (status);
      next = CA_STATUS_CANCELLED;
      break;

    case CA_ACTION_PAY:
      /* Paying opens the provider's page; only its notification changes the status. */
      allowed = status == CA_STATUS_AWAITING_PAYMENT;
      next = CA_STATUS_AWAITING_PAYMENT;
      break;

    case CA_ACTION_CONVOKE:
      allowed = status == CA_STATUS_PENDING;
      next = CA_STATUS_CONVOKED;
      break;

    case CA_ACTION_ACCEPT:
      allowed = status == CA_STATUS_PENDING || status == CA_STATUS_CONVOKED;
      next = CA_STATUS_AWAITING_PAYMENT;
      break;

    case CA_ACTION_REFUSE:
      allowed = status == CA_STATUS_PENDING || status == CA_STATUS_CONVOKED;
      next = CA_STATUS_REFUSED;
      break;

    case CA_ACTION_ENROL:
      allowed = status == CA_STATUS_AWAITING_PAYMENT;
      next = CA_STATUS_ENROLLED;
      break;

    default:
      break;
    }

  if (allowed && out_next != NULL)
    *out_next = next;

  return allowed;
}

gboolean
ca_status_allows (CaStatus status,
                  CaAction action)
{
  return ca_status_transition (status, action, NULL);
}
