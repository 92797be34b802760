/* ca-course-page.h — « Fiche formation »: the sheet, its sessions, « Sauvegarder dans mes
 * candidatures »
 *
 * Signals: ::back, ::loaded (the sheet or its error is shown), ::save-finished (outcome:
 * "saved", a contract error code such as "time-conflict", or "cancelled").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_COURSE_PAGE (ca_course_page_get_type ())
G_DECLARE_FINAL_TYPE (CaCoursePage, ca_course_page, CA, COURSE_PAGE, GtkWidget)

GtkWidget  *ca_course_page_new               (void);
void        ca_course_page_set_client        (CaCoursePage *self,
                                              CaClient     *client);
void        ca_course_page_set_catalogue     (CaCoursePage *self,
                                              CaCatalogue  *catalogue);
void        ca_course_page_load              (CaCoursePage *self,
                                              const char   *course_id);
void        ca_course_page_reload            (CaCoursePage *self);
CaCourse   *ca_course_page_get_course        (CaCoursePage *self);   /* nullable */
const char *ca_course_page_get_course_id     (CaCoursePage *self);   /* nullable */
/* "loading", "sheet" or "error" */
const char *ca_course_page_get_state         (CaCoursePage *self);
gboolean    ca_course_page_select_session    (CaCoursePage *self,
                                              const char   *session_id);
const char *ca_course_page_get_selected_session (CaCoursePage *self);  /* nullable */
gboolean    ca_course_page_get_saving        (CaCoursePage *self);
void        ca_course_page_focus             (CaCoursePage *self);

/* Widgets, for keyboard focus and tests */
GtkWidget  *ca_course_page_get_save_button   (CaCoursePage *self);
GtkWidget  *ca_course_page_get_message_label (CaCoursePage *self);   /* hidden when empty */
GtkWidget  *ca_course_page_get_message_button (CaCoursePage *self);
GtkWidget  *ca_course_page_get_fee_label     (CaCoursePage *self);
GtkWidget  *ca_course_page_get_objective_label (CaCoursePage *self);
GtkWidget  *ca_course_page_get_session_check (CaCoursePage *self,
                                              const char   *session_id);

G_END_DECLS
