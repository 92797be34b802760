/* ca-result-row.h — one course of the results: title, domain, period, open/closed, sessions;
 * expands to show « Objectif » and « Voir la fiche »
 *
 * Signals: ::toggled (the person asked to expand or collapse), ::open-sheet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-model.h"

G_BEGIN_DECLS

#define CA_TYPE_RESULT_ROW (ca_result_row_get_type ())
G_DECLARE_FINAL_TYPE (CaResultRow, ca_result_row, CA, RESULT_ROW, GtkWidget)

GtkWidget       *ca_result_row_new          (void);
void             ca_result_row_set_summary  (CaResultRow     *self,
                                             CaCourseSummary *summary,
                                             gboolean         expanded);
CaCourseSummary *ca_result_row_get_summary  (CaResultRow     *self);
void             ca_result_row_set_expanded (CaResultRow     *self,
                                             gboolean         expanded);
gboolean         ca_result_row_get_expanded (CaResultRow     *self);
GtkWidget       *ca_result_row_get_header_button (CaResultRow *self);
GtkWidget       *ca_result_row_get_sheet_button (CaResultRow *self);
GtkWidget       *ca_result_row_get_objective_label (CaResultRow *self);

G_END_DECLS
