/* ca-error.c — the contract's error codes, their HTTP status and French messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCore"

#include "ca-error.h"

typedef struct
{
  const char *code;
  guint       http_status;
  const char *message_fr;
} ErrorEntry;

static const ErrorEntry errors[CA_ERROR_N_CODES] = {
  [CA_ERROR_INVALID_REQUEST] = {
    "invalid-request", 400,
    "La demande envoyée au service est incorrecte."
  },
  [CA_ERROR_UNAUTHORIZED] = {
    "unauthorized", 401,
    "Votre session a expiré. Veuillez vous reconnecter."
  },
  [CA_ERROR_INVALID_CREDENTIALS] = {
    "invalid-credentials", 401,
    "Adresse électronique ou mot de passe incorrect."
  },
  [CA_ERROR_ACCOUNT_NOT_CONFIRMED] = {
    "account-not-confirmed", 403,
    "Votre compte n’est pas encore validé. Cliquez sur le lien reçu par courriel pour le valider."
  },
  [CA_ERROR_PROFILE_INCOMPLETE] = {
    "profile-incomplete", 403,
    "Complétez votre profil Cours d’Adultes avant de gérer vos candidatures."
  },
  [CA_ERROR_NOT_FOUND] = {
    "not-found", 404,
    "L’élément demandé est introuvable."
  },
  [CA_ERROR_EMAIL_TAKEN] = {
    "email-taken", 409,
    "Un compte existe déjà avec cette adresse électronique."
  },
  [CA_ERROR_PERIOD_CLOSED] = {
    "period-closed", 409,
    "La période d’inscription de cette formation est fermée."
  },
  [CA_ERROR_ALREADY_PRESELECTED_FOR_COURSE] = {
    "already-preselected-for-course", 409,
    "Vous avez déjà une candidature pour cette formation : une seule candidature par fiche."
  },
  [CA_ERROR_TIME_CONFLICT] = {
    "time-conflict", 409,
    "Vous avez déjà une candidature le même jour à la même heure."
  },
  [CA_ERROR_TOO_MANY_ACTIVE] = {
    "too-many-active", 409,
    "Vous ne pouvez pas avoir plus de trois candidatures actives simultanément."
  },
  [CA_ERROR_NOT_CANCELLABLE] = {
    "not-cancellable", 409,
    "Cette candidature ne peut plus être annulée."
  },
  [CA_ERROR_NOT_PAYABLE] = {
    "not-payable", 409,
    "Cette candidature n’est pas en attente de règlement."
  },
  [CA_ERROR_NOT_DELETABLE] = {
    "not-deletable", 409,
    "Seule une formation présélectionnée et non confirmée peut être supprimée."
  },
  [CA_ERROR_PAYLOAD_TOO_LARGE] = {
    "payload-too-large", 413,
    "La demande est trop volumineuse."
  },
  [CA_ERROR_VALIDATION_FAILED] = {
    "validation-failed", 422,
    "Certains champs sont incorrects. Corrigez-les puis réessayez."
  },
  [CA_ERROR_TOO_MANY_ATTEMPTS] = {
    "too-many-attempts", 429,
    "Trop de tentatives de connexion. Réessayez dans quelques minutes."
  },
  [CA_ERROR_METHOD_NOT_ALLOWED] = {
    "method-not-allowed", 405,
    "Cette opération n’est pas permise."
  },
  [CA_ERROR_INTERNAL] = {
    "internal-error", 500,
    "Le service a rencontré une erreur interne. Réessayez plus tard."
  },
  [CA_ERROR_UNAVAILABLE] = {
    "service-unavailable", 503,
    "Le service est momentanément indisponible. Réessayez plus tard."
  },
  [CA_ERROR_NETWORK] = {
    "network", 0,
    "Impossible de joindre le service. Vérifiez votre connexion à Internet."
  },
  [CA_ERROR_TIMEOUT] = {
    "timeout", 0,
    "Le service ne répond pas. Réessayez plus tard."
  },
  [CA_ERROR_BAD_RESPONSE] = {
    "bad-response", 0,
    "La réponse du service est illisible. Réessayez plus tard."
  },
  [CA_ERROR_SERVER] = {
    "server-error", 0,
    "Le service a rencontré une erreur. Réessayez plus tard."
  },
};

/* What a CA_ERROR GError carries besides its code and message. */
typedef struct
{
  GHashTable *fields;        /* field name → French sentence */
  guint       retry_after;   /* seconds, 0 when unknown */
} CaErrorPrivate;

static void
ca_error_private_init (CaErrorPrivate *priv)
{
  priv->fields = NULL;
  priv->retry_after = 0;
}

static void
ca_error_private_copy (const CaErrorPrivate *src,
                       CaErrorPrivate       *dest)
{
  dest->fields = src->fields != NULL ? g_hash_table_ref (src->fields) : NULL;
  dest->retry_after = src->retry_after;
}

static void
ca_error_private_clear (CaErrorPrivate *priv)
{
  g_clear_pointer (&priv->fields, g_hash_table_unref);
}

G_DEFINE_EXTENDED_ERROR (CaError, ca_error)

static const ErrorEntry *
entry_for (CaErrorCode code)
{
  if ((guint) code >= CA_ERROR_N_CODES)
    return &errors[CA_ERROR_SERVER];

  return &errors[code];
}

const char *
ca_error_code_to_string (CaErrorCode code)
{
  g_return_val_if_fail ((guint) code < CA_ERROR_N_CODES, errors[CA_ERROR_SERVER].code);

  return entry_for (code)->code;
}

gboolean
ca_error_code_from_string (const char  *str,
                           CaErrorCode *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < CA_ERROR_N_CODES; i++)
    {
      if (g_str_equal (errors[i].code, str))
        {
          *out = (CaErrorCode) i;
          return TRUE;
        }
    }

  return FALSE;
}

guint
ca_error_code_http_status (CaErrorCode code)
{
  g_return_val_if_fail ((guint) code < CA_ERROR_N_CODES, 0);

  return entry_for (code)->http_status;
}

const char *
ca_error_code_message_fr (CaErrorCode code)
{
  g_return_val_if_fail ((guint) code < CA_ERROR_N_CODES, errors[CA_ERROR_SERVER].message_fr);

  return entry_for (code)->message_fr;
}

/* NULL unless @error is a CA_ERROR created after the domain was registered. */
static CaErrorPrivate *
private_of (const GError *error)
{
  if (error == NULL || error->domain != CA_ERROR)
    return NULL;

  return ca_error_get_private (error);
}

void
ca_error_set_fields (GError     *error,
                     GHashTable *fields)
{
  CaErrorPrivate *priv = private_of (error);

  g_return_if_fail (priv != NULL);

  if (fields != NULL)
    g_hash_table_ref (fields);
  g_clear_pointer (&priv->fields, g_hash_table_unref);
  priv->fields = fields;
}

GHashTable *
ca_error_get_fields (const GError *error)
{
  CaErrorPrivate *priv = private_of (error);

  return priv != NULL ? priv->fields : NULL;
}

void
ca_error_set_retry_after (GError *error,
                          guint   seconds)
{
  CaErrorPrivate *priv = private_of (error);

  g_return_if_fail (priv != NULL);

  priv->retry_after = seconds;
}

guint
ca_error_get_retry_after (const GError *error)
{
  CaErrorPrivate *priv = private_of (error);

  return priv != NULL ? priv->retry_after : 0;
}
