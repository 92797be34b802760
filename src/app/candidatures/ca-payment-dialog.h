/* ca-payment-dialog.h — « Régler »: the payment page in the browser, followed from here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_PAYMENT_DIALOG (ca_payment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaPaymentDialog, ca_payment_dialog, CA, PAYMENT_DIALOG, AdwWindow)

/* A modal window over @parent that creates the payment of @candidature, opens its page in the
 * browser (unless $CA_TEST_NO_BROWSER is "1") and follows the candidature every
 * CA_PAYMENT_POLL_SECONDS. Signal ::enrolled once the candidature is enrolled; the window then
 * closes itself. Closing it stops the following. */
#define CA_PAYMENT_POLL_SECONDS 3

CaPaymentDialog *ca_payment_dialog_new             (GtkWindow       *parent,
                                                    CaClient        *client,
                                                    CaCandidature   *candidature);
/* The PayFiP address once created, else NULL */
const char      *ca_payment_dialog_get_payment_url (CaPaymentDialog *self);

G_END_DECLS
