/* ca-candidatures-view.h — « Mes candidatures et paiements »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_CANDIDATURES_VIEW (ca_candidatures_view_get_type ())
G_DECLARE_FINAL_TYPE (CaCandidaturesView, ca_candidatures_view, CA, CANDIDATURES_VIEW, GtkWidget)

/* Property "client" (CaClient*, read-write, nullable): set by the window, bound to the
 * application's "client". NULL shows a spinner; logged out shows an invitation to log in. */
GtkWidget *ca_candidatures_view_new        (void);
CaClient  *ca_candidatures_view_get_client (CaCandidaturesView *self);
void       ca_candidatures_view_set_client (CaCandidaturesView *self,
                                            CaClient           *client);
/* Reloads the list (F5; also on window focus and every minute while shown). */
void       ca_candidatures_view_refresh    (CaCandidaturesView *self);

G_END_DECLS
