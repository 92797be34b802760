/* fuzz-payfip-form.c — the PayFiP protocol code (src/server/lib/ca-payfip.h)
 *
 * The input is an application/x-www-form-urlencoded body, as the provider POSTs it to the
 * notification URL. Checked:
 * - ca_payfip_parse_notification () either fails and leaves its output untouched, or copies
 *   exactly the form's values;
 * - a payment URL built by ca_payfip_build_url () from the form's values decodes back to
 *   the same values, whatever they are;
 * - a payment request accepted by ca_payfip_read_request () is accepted again, unchanged,
 *   once carried through its URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "FuzzPayfip"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "ca-error.h"
#include "ca-payfip.h"
#include "ca-payfip-private.h"
#include "fuzz-common.h"


static const char * const request_fields[] = {
  "numcli", "exer", "refdet", "objet", "montant", "mel", "urlnotif", "urlredirect", "saisie",
};

/* Bases as a deployment may configure them: with no query, with one, ending in ? or &. */
static const char * const bases[] = {
  "https://www.payfip.gouv.fr/tpa/paiement.web",
  "http://127.0.0.1:8080/payfip/paiement.web?lang=fr",
  "http://127.0.0.1:8080/payfip/paiement.web?",
  "http://127.0.0.1:8080/payfip/paiement.web?lang=fr&",
};

static const char *
field (GHashTable *form,
       const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value != NULL ? value : "";
}

static void
check_notification (GHashTable *form)
{
  CaPayfipNotification n = { 0 };
  CaPayfipNotification zero = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *montant = NULL;

  if (!ca_payfip_parse_notification (form, &n, &error))
    {
      check (error != NULL && g_error_matches (error, CA_ERROR, CA_ERROR_INVALID_REQUEST));
      check (memcmp (&n, &zero, sizeof n) == 0);
      return;
    }

  check (error == NULL);
  check (g_str_equal (n.numcli, field (form, "numcli")));
  check (g_str_equal (n.exer, field (form, "exer")));
  check (g_str_equal (n.refdet, field (form, "refdet")));
  check (g_str_equal (n.objet, field (form, "objet")));
  check (g_str_equal (n.mel, field (form, "mel")));
  check (g_str_equal (n.saisie, field (form, "saisie")));
  check (g_str_equal (n.numauto, field (form, "numauto")));
  check (g_str_equal (n.dattrans, field (form, "dattrans")));
  check (g_str_equal (n.heurtrans, field (form, "heurtrans")));
  check (n.resultrans == 'P' || n.resultrans == 'R' || n.resultrans == 'A');
  check (n.montant > 0);
  /* The amount is digits only: leading zeros aside, it reads back as it was sent. */
  montant = g_strdup_printf ("%" G_GINT64_FORMAT, n.montant);
  check (g_str_has_suffix (field (form, "montant"), montant));

  {
    g_autofree char *shown = ca_payfip_format_amount (n.montant);

    check (shown != NULL && g_utf8_validate (shown, -1, NULL));
  }

  ca_payfip_notification_clear (&n);
}

/* The query ca_payfip_build_url () appended to @base, decoded. */
static GHashTable *
decode_built_url (const char *url,
                  const char *base)
{
  const char *rest;

  check (g_str_has_prefix (url, base));
  rest = url + strlen (base);
  if (*rest == '?' || *rest == '&')
    rest++;

  return soup_form_decode (rest);
}

static void
check_build_url (GHashTable *form,
                 const char *base)
{
  CaPayfipRequest req = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(GHashTable) back = NULL;
  g_autofree char *montant = NULL;

  req.numcli = g_hash_table_lookup (form, "numcli");
  req.exer = g_hash_table_lookup (form, "exer");
  req.refdet = g_hash_table_lookup (form, "refdet");
  req.objet = g_hash_table_lookup (form, "objet");
  req.mel = g_hash_table_lookup (form, "mel");
  req.urlnotif = g_hash_table_lookup (form, "urlnotif");
  req.urlredirect = g_hash_table_lookup (form, "urlredirect");
  req.saisie = g_hash_table_lookup (form, "saisie");
  req.montant = g_ascii_strtoll (field (form, "montant"), NULL, 10);

  url = ca_payfip_build_url (base, &req);
  check (url != NULL);
  check (strchr (url, ' ') == NULL && strchr (url, '#') == NULL);
  back = decode_built_url (url, base);

  for (guint i = 0; i < G_N_ELEMENTS (request_fields); i++)
    {
      const char *name = request_fields[i];
      const char *got = g_hash_table_lookup (back, name);

      check (got != NULL);
      if (g_str_equal (name, "montant"))
        {
          montant = g_strdup_printf ("%" G_GINT64_FORMAT, req.montant);
          check (g_str_equal (got, montant));
        }
      else if (!g_str_equal (got, field (form, name)))
        {
          g_printerr ("%s: sent \"%s\", read back \"%s\" from %s\n", name, field (form, name), got,
                      url);
          abort ();
        }
    }
}

static void
check_request_round_trip (GHashTable *form,
                          const char *base,
                          const char *prefix)
{
  CaPayfipRequest req = { 0 };
  CaPayfipRequest again = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GHashTable) back = NULL;

  if (!ca_payfip_read_request (form, prefix, &req, &error))
    {
      check (error != NULL && g_error_matches (error, CA_ERROR, CA_ERROR_INVALID_REQUEST));
      return;
    }

  url = ca_payfip_build_url (base, &req);
  back = decode_built_url (url, base);
  if (!ca_payfip_read_request (back, prefix, &again, &error))
    {
      g_printerr ("accepted once, refused through its URL %s: %s\n", url, error->message);
      abort ();
    }

  check (g_str_equal (req.numcli, again.numcli));
  check (g_str_equal (req.exer, again.exer));
  check (g_str_equal (req.refdet, again.refdet));
  check (g_str_equal (req.objet, again.objet));
  check (g_str_equal (req.mel, again.mel));
  check (g_str_equal (req.urlnotif, again.urlnotif));
  check (g_str_equal (req.urlredirect, again.urlredirect));
  check (g_str_equal (req.saisie, again.saisie));
  check (req.montant == again.montant);

  ca_payfip_request_clear (&req);
  ca_payfip_request_clear (&again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *base = bases[size % G_N_ELEMENTS (bases)];
  const char *card = g_hash_table_lookup (form, "card_number");

  check_notification (form);
  check_build_url (form, base);
  check_request_round_trip (form, base, NULL);
  check_request_round_trip (form, base, "http://127.0.0.1:8080/");

  if (card != NULL)
    (void) ca_luhn_valid (card);

  return 0;
}
