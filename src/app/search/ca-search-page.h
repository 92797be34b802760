/* ca-search-page.h — « Rechercher »: keywords, domain tiles, period tiles
 *
 * Signals: ::search (text), ::domain-chosen (domain id), ::period-chosen (period id).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-model.h"

G_BEGIN_DECLS

#define CA_TYPE_SEARCH_PAGE (ca_search_page_get_type ())
G_DECLARE_FINAL_TYPE (CaSearchPage, ca_search_page, CA, SEARCH_PAGE, GtkWidget)

/* How many domains show before « Voir plus de domaines » */
#define CA_SEARCH_PAGE_FIRST_DOMAINS 8

GtkWidget *ca_search_page_new           (void);
void       ca_search_page_set_catalogue (CaSearchPage *self,
                                         CaCatalogue  *catalogue);
void       ca_search_page_focus_entry   (CaSearchPage *self);
GtkWidget *ca_search_page_get_entry     (CaSearchPage *self);
/* The tiles, in the order shown (GtkButton), for tests and keyboard checks: NULL for the
 * domains past the first CA_SEARCH_PAGE_FIRST_DOMAINS until « Voir plus de domaines » */
GtkWidget *ca_search_page_get_domain_tile (CaSearchPage *self, const char *domain_id);
GtkWidget *ca_search_page_get_period_tile (CaSearchPage *self, const char *period_id);
GtkWidget *ca_search_page_get_more_button (CaSearchPage *self);

G_END_DECLS
