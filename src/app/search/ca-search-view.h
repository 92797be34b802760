/* ca-search-view.h — the « Rechercher » place: search page, results, course sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_SEARCH_VIEW (ca_search_view_get_type ())
G_DECLARE_FINAL_TYPE (CaSearchView, ca_search_view, CA, SEARCH_VIEW, GtkWidget)

/* property "client" (CaClient*, read-write): set by the window (bound to the application's
 * "client"); when it changes the view loads the catalogue and resets. NULL shows a spinner. */
GtkWidget *ca_search_view_new          (void);
void       ca_search_view_focus_search (CaSearchView *self);  /* Ctrl+F: search page, entry focused */
/* The last start's catalogue, shown while the service starts (no client yet) */
void       ca_search_view_show_waiting_catalogue (CaSearchView *self,
                                                  CaCatalogue  *catalogue);
void       ca_search_view_refresh      (CaSearchView *self);  /* F5 */
gboolean   ca_search_view_go_back      (CaSearchView *self);  /* Alt+Left; FALSE at the top */
void       ca_search_view_open_course  (CaSearchView *self, const char *course_id);
/* The "loading" property: no service yet, or the catalogue on its way */
gboolean   ca_search_view_get_loading  (CaSearchView *self);

G_END_DECLS
