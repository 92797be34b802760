/* ca-payfip.h — the PayFiP web-payment protocol (DGFiP) and a simulator of its payment page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The parameters of a payment, as carried in the PayFiP URL. */
typedef struct
{
  char   *numcli;       /* the creditor's PayFiP client number */
  char   *exer;         /* year of the debt, YYYY */
  char   *refdet;       /* the debt's reference */
  char   *objet;        /* what is paid, shown to the payer */
  char   *mel;          /* the payer's e-mail */
  char   *urlnotif;     /* where the result is POSTed */
  char   *urlredirect;  /* where the payer goes back to */
  char   *saisie;       /* "T" test, "X" production */
  gint64  montant;      /* amount in cents */
} CaPayfipRequest;

void     ca_payfip_request_clear (CaPayfipRequest *req);

/* "<payfip_url>?numcli=…&exer=…&refdet=…&objet=…&montant=…&mel=…&urlnotif=…&urlredirect=…&saisie=…"
 * with every value URI-escaped (NULL strings are sent empty); "&" joins when @payfip_url
 * already has a query. */
char    *ca_payfip_build_url (const char            *payfip_url,
                              const CaPayfipRequest *req);

/* The result the provider POSTs to urlnotif. */
typedef struct
{
  char   *numcli;
  char   *exer;
  char   *refdet;
  char   *objet;
  char   *mel;
  char   *saisie;
  char   *numauto;      /* authorisation number, only for 'P' */
  char   *dattrans;     /* DDMMYYYY */
  char   *heurtrans;    /* HHMM */
  char    resultrans;   /* 'P' paid, 'R' refused, 'A' abandoned */
  gint64  montant;      /* cents */
} CaPayfipNotification;

/* Checks and copies the fields of a notification (@form as given by soup_form_decode()).
 * Every field must be present: numcli and refdet of 1–30 characters among [A-Za-z0-9._-],
 * exer 4 digits, objet printable UTF-8 (≤ 255 bytes), mel an address, saisie T|X|W,
 * montant 1–12 digits, resultrans P|R|A, numauto 1–16 letters/digits for P (may be empty
 * otherwise), dattrans a real date DDMMYYYY, heurtrans HHMM.
 * Fails with CA_ERROR_INVALID_REQUEST naming the first bad field; @out is then untouched. */
gboolean ca_payfip_parse_notification (GHashTable            *form,
                                       CaPayfipNotification  *out,
                                       GError               **error);
void     ca_payfip_notification_clear (CaPayfipNotification  *n);

/* The Luhn checksum over a string of ASCII digits only (FALSE for anything else or empty). */
gboolean ca_luhn_valid (const char *digits);

/* "350,00 €" for 35000 (thousands separated by a space). */
char    *ca_payfip_format_amount (gint64 cents);

/* The card number the simulator always refuses. */
#define CA_PAYFIP_REFUSED_CARD "4000000000000002"

/* A simulator of the PayFiP payment page (GET shows the form, POST pays, refuses or
 * abandons, notifies urlnotif, then shows the result with a link to urlredirect). */
typedef struct _CaPayfipSimulator CaPayfipSimulator;

CaPayfipSimulator *ca_payfip_simulator_new  (void);
void               ca_payfip_simulator_free (CaPayfipSimulator *sim);
/* When set, urlnotif and urlredirect must start with @prefix (else 400), so that the
 * simulator cannot be used to POST to arbitrary addresses. NULL allows any http(s) URL. */
void               ca_payfip_simulator_set_allowed_prefix (CaPayfipSimulator *sim,
                                                           const char        *prefix);
/* Serves one request; to be called from a SoupServerCallback registered on the page's path. */
void               ca_payfip_simulator_handle (CaPayfipSimulator *sim,
                                               SoupServer        *server,
                                               SoupServerMessage *msg,
                                               const char        *path,
                                               GHashTable        *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaPayfipSimulator, ca_payfip_simulator_free)

G_END_DECLS
