/* ca-payfip.c — the PayFiP web-payment protocol (DGFiP): payment URL and notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaPayfip"

#include <string.h>

#include "ca-error.h"
#include "ca-mail.h"
#include "ca-payfip-private.h"

#define IDENT_MAX 30
#define OBJET_MAX 255
#define NUMAUTO_MAX 16
#define MONTANT_MAX_DIGITS 12

/* ---- field checks ---------------------------------------------------------------------- */

/* @s has @min_len to @max_len characters, each a digit, a letter when @letters, or one of
 * @punctuation (nullable). */
static gboolean
is_span (const char *s,
         gsize       min_len,
         gsize       max_len,
         gboolean    letters,
         const char *punctuation)
{
  gsize len = strlen (s);

  if (len < min_len || len > max_len)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]) && !(letters && g_ascii_isalpha (s[i])) &&
        !(punctuation != NULL && strchr (punctuation, s[i]) != NULL))
      return FALSE;

  return TRUE;
}

static gboolean
is_digits (const char *s,
           gsize       min_len,
           gsize       max_len)
{
  return is_span (s, min_len, max_len, FALSE, NULL);
}

/* Client numbers and debt references: letters, digits and . _ - */
static gboolean
is_ident (const char *s)
{
  return is_span (s, 1, IDENT_MAX, TRUE, "._-");
}

static gboolean
is_printable_text (const char *s,
                   gsize       max_len)
{
  if (s[0] == '\0' || strlen (s) > max_len || !g_utf8_validate (s, -1, NULL))
    return FALSE;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_saisie (const char *s)
{
  return g_str_equal (s, "T") || g_str_equal (s, "X") || g_str_equal (s, "W");
}

static gboolean
parse_montant (const char *s,
               gint64     *out)
{
  guint64 value = 0;

  if (!is_digits (s, 1, MONTANT_MAX_DIGITS) ||
      !g_ascii_string_to_unsigned (s, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

static int
two_digits (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

static gboolean
is_dattrans (const char *s)
{
  if (!is_digits (s, 8, 8))
    return FALSE;

  return g_date_valid_dmy (two_digits (s), two_digits (s + 2),
                           two_digits (s + 4) * 100 + two_digits (s + 6));
}

static gboolean
is_heurtrans (const char *s)
{
  return is_digits (s, 4, 4) && two_digits (s) < 24 && two_digits (s + 2) < 60;
}

static gboolean
is_web_url (const char *s,
            const char *allowed_prefix)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (allowed_prefix != NULL && !g_str_has_prefix (s, allowed_prefix))
    return FALSE;

  uri = g_uri_parse (s, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static gboolean
invalid_field (GError     **error,
               const char  *name)
{
  g_set_error (error, CA_ERROR, CA_ERROR_INVALID_REQUEST,
               "Le paramètre « %s » est absent ou incorrect.", name);
  return FALSE;
}

/* Looks @name up in @form and checks it; FALSE (with @error set) when absent or refused. */
static gboolean
get_field (GHashTable  *form,
           const char  *name,
           gboolean   (*check) (const char *value),
           const char **out,
           GError     **error)
{
  const char *value = g_hash_table_lookup (form, name);

  if (value == NULL || (check != NULL && !check (value)))
    return invalid_field (error, name);

  *out = value;
  return TRUE;
}

static gboolean
is_exer (const char *s)
{
  return is_digits (s, 4, 4);
}

static gboolean
is_objet (const char *s)
{
  return is_printable_text (s, OBJET_MAX);
}

static gboolean
is_resultrans (const char *s)
{
  return g_str_equal (s, "P") || g_str_equal (s, "R") || g_str_equal (s, "A");
}

/* ---- URL --------------------------------------------------------------------------------- */

static void
append_param (GString    *url,
              gboolean   *first,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value != NULL ? value : "", NULL, FALSE);

  g_string_append_printf (url, "%s%s=%s", *first ? "" : "&", name, escaped);
  *first = FALSE;
}

char *
ca_payfip_build_url (const char            *payfip_url,
                     const CaPayfipRequest *req)
{
  GString *url;
  g_autofree char *montant = NULL;
  gboolean first = TRUE;

  g_return_val_if_fail (payfip_url != NULL, NULL);
  g_return_val_if_fail (req != NULL, NULL);

  url = g_string_new (payfip_url);
  if (strchr (payfip_url, '?') == NULL)
    g_string_append_c (url, '?');
  else if (!g_str_has_suffix (payfip_url, "?") && !g_str_has_suffix (payfip_url, "&"))
    g_string_append_c (url, '&');

  montant = g_strdup_printf ("%" G_GINT64_FORMAT, req->montant);
  append_param (url, &first, "numcli", req->numcli);
  append_param (url, &first, "exer", req->exer);
  append_param (url, &first, "refdet", req->refdet);
  append_param (url, &first, "objet", req->objet);
  append_param (url, &first, "montant", montant);
  append_param (url, &first, "mel", req->mel);
  append_param (url, &first, "urlnotif", req->urlnotif);
  append_param (url, &first, "urlredirect", req->urlredirect);
  append_param (url, &first, "saisie", req->saisie);

  return g_string_free (url, FALSE);
}

void
ca_payfip_request_clear (CaPayfipRequest *req)
{
  if (req == NULL)
    return;

  g_clear_pointer (&req->numcli, g_free);
  g_clear_pointer (&req->exer, g_free);
  g_clear_pointer (&req->refdet, g_free);
  g_clear_pointer (&req->objet, g_free);
  g_clear_pointer (&req->mel, g_free);
  g_clear_pointer (&req->urlnotif, g_free);
  g_clear_pointer (&req->urlredirect, g_free);
  g_clear_pointer (&req->saisie, g_free);
  req->montant = 0;
}

/* The fields a payment request and its notification share, checked, borrowed from @form. */
typedef struct
{
  const char *numcli, *exer, *refdet, *objet, *mel, *saisie;
  gint64      montant;
} CommonFields;

static gboolean
read_common_fields (GHashTable    *form,
                    CommonFields  *c,
                    GError       **error)
{
  const char *montant;

  if (form == NULL)
    return invalid_field (error, "numcli");

  if (!get_field (form, "numcli", is_ident, &c->numcli, error) ||
      !get_field (form, "exer", is_exer, &c->exer, error) ||
      !get_field (form, "refdet", is_ident, &c->refdet, error) ||
      !get_field (form, "objet", is_objet, &c->objet, error) ||
      !get_field (form, "montant", NULL, &montant, error) ||
      !get_field (form, "mel", ca_mail_address_is_valid, &c->mel, error) ||
      !get_field (form, "saisie", is_saisie, &c->saisie, error))
    return FALSE;

  if (!parse_montant (montant, &c->montant))
    return invalid_field (error, "montant");

  return TRUE;
}

gboolean
ca_payfip_read_request (GHashTable       *params,
                        const char       *allowed_prefix,
                        CaPayfipRequest  *out,
                        GError          **error)
{
  CommonFields c = { 0 };
  const char *urlnotif, *urlredirect;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!read_common_fields (params, &c, error) ||
      !get_field (params, "urlnotif", NULL, &urlnotif, error) ||
      !get_field (params, "urlredirect", NULL, &urlredirect, error))
    return FALSE;

  if (!is_web_url (urlnotif, allowed_prefix))
    return invalid_field (error, "urlnotif");
  if (!is_web_url (urlredirect, allowed_prefix))
    return invalid_field (error, "urlredirect");

  out->numcli = g_strdup (c.numcli);
  out->exer = g_strdup (c.exer);
  out->refdet = g_strdup (c.refdet);
  out->objet = g_strdup (c.objet);
  out->montant = c.montant;
  out->mel = g_strdup (c.mel);
  out->urlnotif = g_strdup (urlnotif);
  out->urlredirect = g_strdup (urlredirect);
  out->saisie = g_strdup (c.saisie);

  return TRUE;
}

/* ---- notification ------------------------------------------------------------------------ */

gboolean
ca_payfip_parse_notification (GHashTable            *form,
                              CaPayfipNotification  *out,
                              GError               **error)
{
  CommonFields c = { 0 };
  const char *resultrans, *numauto, *dattrans, *heurtrans;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!read_common_fields (form, &c, error) ||
      !get_field (form, "resultrans", is_resultrans, &resultrans, error) ||
      !get_field (form, "numauto", NULL, &numauto, error) ||
      !get_field (form, "dattrans", is_dattrans, &dattrans, error) ||
      !get_field (form, "heurtrans", is_heurtrans, &heurtrans, error))
    return FALSE;

  /* An authorisation number comes with a payment, and only with one. */
  if (!is_span (numauto, resultrans[0] == 'P' ? 1 : 0, NUMAUTO_MAX, TRUE, NULL))
    return invalid_field (error, "numauto");

  out->numcli = g_strdup (c.numcli);
  out->exer = g_strdup (c.exer);
  out->refdet = g_strdup (c.refdet);
  out->objet = g_strdup (c.objet);
  out->mel = g_strdup (c.mel);
  out->saisie = g_strdup (c.saisie);
  out->numauto = g_strdup (numauto);
  out->dattrans = g_strdup (dattrans);
  out->heurtrans = g_strdup (heurtrans);
  out->resultrans = resultrans[0];
  out->montant = c.montant;

  return TRUE;
}

void
ca_payfip_notification_clear (CaPayfipNotification *n)
{
  if (n == NULL)
    return;

  g_clear_pointer (&n->numcli, g_free);
  g_clear_pointer (&n->exer, g_free);
  g_clear_pointer (&n->refdet, g_free);
  g_clear_pointer (&n->objet, g_free);
  g_clear_pointer (&n->mel, g_free);
  g_clear_pointer (&n->saisie, g_free);
  g_clear_pointer (&n->numauto, g_free);
  g_clear_pointer (&n->dattrans, g_free);
  g_clear_pointer (&n->heurtrans, g_free);
  n->resultrans = '\0';
  n->montant = 0;
}

/* ---- cards and amounts -------------------------------------------------------------------- */

gboolean
ca_luhn_valid (const char *digits)
{
  gsize len;
  int sum = 0;

  if (digits == NULL || (len = strlen (digits)) == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int d;

      if (!g_ascii_isdigit (digits[len - 1 - i]))
        return FALSE;

      d = digits[len - 1 - i] - '0';
      /* Every second digit from the right is doubled. */
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }

  return sum % 10 == 0;
}

char *
ca_payfip_format_amount (gint64 cents)
{
  g_autofree char *euros = NULL;
  GString *out = g_string_new (cents < 0 ? "-" : "");
  guint64 abs_cents = cents < 0 ? -(guint64) cents : (guint64) cents;
  gsize len;

  euros = g_strdup_printf ("%" G_GUINT64_FORMAT, abs_cents / 100);
  len = strlen (euros);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, euros[i]);
    }

  g_string_append_printf (out, ",%02u €", (guint) (abs_cents % 100));

  return g_string_free (out, FALSE);
}
