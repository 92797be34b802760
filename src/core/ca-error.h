/* ca-error.h — the contract's error codes, their HTTP status and French messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CA_ERROR (ca_error_quark ())
GQuark ca_error_quark (void);

typedef enum
{
  /* codes of the contract (api.md) */
  CA_ERROR_INVALID_REQUEST,                 /* 400 invalid-request */
  CA_ERROR_UNAUTHORIZED,                    /* 401 unauthorized */
  CA_ERROR_INVALID_CREDENTIALS,             /* 401 invalid-credentials */
  CA_ERROR_ACCOUNT_NOT_CONFIRMED,           /* 403 account-not-confirmed */
  CA_ERROR_PROFILE_INCOMPLETE,              /* 403 profile-incomplete */
  CA_ERROR_NOT_FOUND,                       /* 404 not-found */
  CA_ERROR_EMAIL_TAKEN,                     /* 409 email-taken */
  CA_ERROR_PERIOD_CLOSED,                   /* 409 period-closed */
  CA_ERROR_ALREADY_PRESELECTED_FOR_COURSE,  /* 409 already-preselected-for-course */
  CA_ERROR_TIME_CONFLICT,                   /* 409 time-conflict */
  CA_ERROR_TOO_MANY_ACTIVE,                 /* 409 too-many-active */
  CA_ERROR_NOT_CANCELLABLE,                 /* 409 not-cancellable */
  CA_ERROR_NOT_PAYABLE,                     /* 409 not-payable */
  CA_ERROR_NOT_DELETABLE,                   /* 409 not-deletable */
  CA_ERROR_PAYLOAD_TOO_LARGE,               /* 413 payload-too-large */
  CA_ERROR_VALIDATION_FAILED,               /* 422 validation-failed */
  CA_ERROR_TOO_MANY_ATTEMPTS,               /* 429 too-many-attempts */
  /* extensions of the service */
  CA_ERROR_METHOD_NOT_ALLOWED,              /* 405 method-not-allowed */
  CA_ERROR_INTERNAL,                        /* 500 internal-error */
  CA_ERROR_UNAVAILABLE,                     /* 503 service-unavailable */
  /* client side only: no HTTP status */
  CA_ERROR_NETWORK,                         /* "network": service unreachable */
  CA_ERROR_TIMEOUT,                         /* "timeout": no reply in time */
  CA_ERROR_BAD_RESPONSE,                    /* "bad-response": garbage or truncated JSON */
  CA_ERROR_SERVER,                          /* "server-error": 5xx without a usable body */
} CaErrorCode;

#define CA_ERROR_N_CODES (CA_ERROR_SERVER + 1)

const char *ca_error_code_to_string   (CaErrorCode  code);
gboolean    ca_error_code_from_string (const char  *str,
                                       CaErrorCode *out);
/* 0 for the client-side codes */
guint       ca_error_code_http_status (CaErrorCode  code);
/* The French sentence the service sends for @code (never NULL). */
const char *ca_error_code_message_fr  (CaErrorCode  code);

/* A GError in CA_ERROR carrying the service's field errors (field → French sentence)
 * and, for too-many-attempts, the Retry-After delay. */
void        ca_error_set_fields       (GError      *error,
                                       GHashTable  *fields);
GHashTable *ca_error_get_fields       (const GError *error);   /* (transfer none) (nullable) */
void        ca_error_set_retry_after  (GError      *error,
                                       guint        seconds);
guint       ca_error_get_retry_after  (const GError *error);

G_END_DECLS
