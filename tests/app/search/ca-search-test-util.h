/* ca-search-test-util.h — clicks and synchronous client calls for the search tests,
 * screenshots and measurements (the service, accounts and waiting are tests/app/ca-test-util.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-client.h"
#include "ca-test-util.h"

G_BEGIN_DECLS

/* A click as a person makes it: nothing happens on an insensitive button */
void            ca_search_click               (GtkWidget       *button);

/* Synchronous conveniences over the asynchronous client (iterating the main context) */
CaCatalogue    *ca_search_get_catalogue       (CaClient        *client,
                                               GError         **error);
CaCourseList   *ca_search_courses             (CaClient        *client,
                                               const CaCourseQuery *query,
                                               GError         **error);
CaCourse       *ca_search_get_course          (CaClient        *client,
                                               const char      *course_id,
                                               GError         **error);

/* The names the other test programs still use, for what tests/app/ca-test-util.h now does */
typedef CaTestServer CaSearchServer;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSearchServer, ca_test_server_free)
typedef CaTestCondition CaSearchCondition;
CaSearchServer *ca_search_server_new          (const char      *db_path,
                                               GError         **error);
gboolean        ca_search_server_add_account  (CaSearchServer  *server,
                                               const char      *email,
                                               const char      *password,
                                               gboolean         complete_profile,
                                               GError         **error);
#define ca_search_server_get_url ca_test_server_get_url
#define ca_search_server_free ca_test_server_free
#define ca_search_wait_until ca_test_spin_until
#define ca_search_wait_flag ca_test_spin_until_set
#define ca_search_spin ca_test_spin_for
#define ca_search_find_child ca_test_find_widget

G_END_DECLS
