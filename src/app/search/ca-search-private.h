/* ca-search-private.h — shared by the widgets of the search feature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The feature's templates live in a resource bundle compiled into a static library: a
 * reference to it keeps the linker from dropping it, and loading registers it. Every class
 * that has a template calls this first. */
void ca_search_ensure_resources (void);

/* gtk_widget_dispose_template (), then unparents what the template did not bind */
void ca_search_dispose_template (GtkWidget *widget,
                                 GType      type);

G_END_DECLS
