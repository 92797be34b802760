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

/* Errors are shown the same way in every dialog: a wrapped line in the error style, hidden
 * while it has nothing to say, and a status page with « Retry » when nothing could be loaded. */
GtkWidget *ca_candidatures_error_label (void);
/* Shows @message in @label (from ca_candidatures_error_label ()), or hides it when NULL */
void       ca_candidatures_set_error   (GtkWidget  *label,
                                        const char *message);
/* A status page showing @icon_name and @title, whose « Retry » pill calls @retry swapped on
 * @data */
GtkWidget *ca_candidatures_error_page  (const char *icon_name,
                                        const char *title,
                                        GCallback   retry,
                                        gpointer    data);
/* Puts @message on @page, a child of @stack, and shows it */
void       ca_candidatures_show_error_page (GtkWidget  *stack,
                                            GtkWidget  *page,
                                            const char *message);

/* Lets the title of @group wrap instead of ending in an ellipsis */
void       ca_candidatures_wrap_group_title (AdwPreferencesGroup *group);
/* Lets @label wrap between words, its natural width too */
void       ca_candidatures_wrap_words  (GtkWidget  *label);

G_END_DECLS
