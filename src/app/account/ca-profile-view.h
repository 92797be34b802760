/* ca-profile-view.h — « Mon profil »: the person's Cours d'Adultes profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_PROFILE_VIEW (ca_profile_view_get_type ())
G_DECLARE_FINAL_TYPE (CaProfileView, ca_profile_view, CA, PROFILE_VIEW, GtkWidget)

/* property "client" (CaClient*, read-write): set by the window (bound to the application's
 * "client"). The view loads the profile whenever someone logs in, and shows an invitation to
 * log in while nobody is. */
GtkWidget *ca_profile_view_new     (void);
/* property "complete" (read-only, notified): whether the profile the service holds is complete
 * (FALSE while none is loaded); turns TRUE after the first successful « Valider ». */
gboolean   ca_profile_view_get_complete (CaProfileView *self);
/* F5: loads the profile again (what is being typed is replaced by what the service holds). */
void       ca_profile_view_reload  (CaProfileView *self);
/* Puts the focus on the first field to fill in. */
void       ca_profile_view_focus   (CaProfileView *self);

G_END_DECLS
