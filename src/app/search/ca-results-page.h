/* ca-results-page.h — « Résultats »: the course list and every filter of the guide
 *
 * Filters apply at once; keystrokes are debounced. Each request carries a generation number
 * and a cancellable, so a late reply never overwrites a newer one.
 * Signals: ::back, ::open-course (course id), ::results-changed (after a reply is shown).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_RESULTS_PAGE (ca_results_page_get_type ())
G_DECLARE_FINAL_TYPE (CaResultsPage, ca_results_page, CA, RESULTS_PAGE, GtkWidget)

#define CA_RESULTS_PAGE_SIZE 50
#define CA_RESULTS_PAGE_DEBOUNCE_MS 250
/* Below this width the filters hide behind a toggle */
#define CA_RESULTS_PAGE_NARROW_WIDTH 720

GtkWidget     *ca_results_page_new            (void);
void           ca_results_page_set_client     (CaResultsPage *self,
                                               CaClient      *client);
void           ca_results_page_set_catalogue  (CaResultsPage *self,
                                               CaCatalogue   *catalogue);
/* Resets every filter, then searches @text (nullable) within @domain_id / @period_id
 * (nullable). */
void           ca_results_page_start          (CaResultsPage *self,
                                               const char    *text,
                                               const char    *domain_id,
                                               const char    *period_id);
void           ca_results_page_reload         (CaResultsPage *self);
void           ca_results_page_clear_filters  (CaResultsPage *self);
void           ca_results_page_focus_entry    (CaResultsPage *self);
/* The query the current filters make (first page) */
CaCourseQuery *ca_results_page_build_query    (CaResultsPage *self);

GListModel    *ca_results_page_get_model      (CaResultsPage *self);  /* CaCourseSummary */
guint          ca_results_page_get_total      (CaResultsPage *self);
gboolean       ca_results_page_get_busy       (CaResultsPage *self);
/* "loading", "list", "empty" or "error" */
const char    *ca_results_page_get_state      (CaResultsPage *self);
gboolean       ca_results_page_get_narrow     (CaResultsPage *self);

/* Widgets, for keyboard focus and tests */
GtkWidget     *ca_results_page_get_entry              (CaResultsPage *self);
GtkWidget     *ca_results_page_get_list_view          (CaResultsPage *self);
GtkWidget     *ca_results_page_get_count_label        (CaResultsPage *self);
GtkWidget     *ca_results_page_get_open_switch        (CaResultsPage *self);
GtkWidget     *ca_results_page_get_period_row         (CaResultsPage *self);
GtkWidget     *ca_results_page_get_arrondissement_row (CaResultsPage *self);
GtkWidget     *ca_results_page_get_establishment_row  (CaResultsPage *self);
GtkWidget     *ca_results_page_get_filter_toggle      (CaResultsPage *self);
GtkWidget     *ca_results_page_get_error_status       (CaResultsPage *self);
/* The check button of @value under @key ("domain", "rhythm", "mode", "day", "slot") */
GtkWidget     *ca_results_page_get_filter_check       (CaResultsPage *self,
                                                       const char    *key,
                                                       const char    *value);
/* The ids behind the entries of the arrondissement / establishment rows (index 0: any) */
guint          ca_results_page_get_arrondissement_at  (CaResultsPage *self,
                                                       guint          index);
const char    *ca_results_page_get_establishment_at   (CaResultsPage *self,
                                                       guint          index);

G_END_DECLS
