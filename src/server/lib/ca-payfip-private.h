/* ca-payfip-private.h — checks shared by the PayFiP protocol code and its simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-payfip.h"

G_BEGIN_DECLS

/* Reads and checks the parameters of a payment page request (from its query or its form).
 * urlnotif and urlredirect must be absolute http(s) URLs starting with @allowed_prefix
 * when it is not NULL. Fails with CA_ERROR_INVALID_REQUEST, in French, naming the field. */
gboolean ca_payfip_read_request (GHashTable       *params,
                                 const char       *allowed_prefix,
                                 CaPayfipRequest  *out,
                                 GError          **error);

G_END_DECLS
