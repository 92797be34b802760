/* ca-candidatures-private.h — helpers shared by the views of « Mes candidatures et paiements »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-model.h"

G_BEGIN_DECLS

/* "Lycée Voltaire, 11e arrondissement · Monday 18:00–20:00" */
char *ca_candidatures_describe_session (CaSession  *session);
/* "Tuesday 3 December 2026 at 18:00" in the local time zone and the locale's words */
char *ca_candidatures_format_when      (GDateTime  *when);
/* Shows @toast in the window of @widget (a CaWindow, or any AdwToastOverlay above @widget). */
void  ca_candidatures_add_toast        (GtkWidget  *widget,
                                        AdwToast   *toast);

/* A pill button, suggested when @suggested, whose ::clicked calls @callback swapped on @data */
GtkWidget *ca_candidatures_pill_button (const char *label,
                                        gboolean    suggested,
                                        GCallback   callback,
                                        gpointer    data);
/* A centred 32-pixel spinner that spins */
GtkWidget *ca_candidatures_spinner     (void);

G_END_DECLS
