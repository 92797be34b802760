/* ca-search-test-util.h — a real service, accounts and waiting, for the search tests,
 * screenshots and measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-client.h"

G_BEGIN_DECLS

typedef struct _CaSearchServer CaSearchServer;

/* Starts $CA_SERVER_BIN --port 0 --testing on a temporary database and mail folder; with
 * @db_path NULL it uses a new database with --demo-catalogue, otherwise @db_path as it is. */
CaSearchServer *ca_search_server_new          (const char      *db_path,
                                               GError         **error);
const char     *ca_search_server_get_url      (CaSearchServer  *server);
void            ca_search_server_free         (CaSearchServer  *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSearchServer, ca_search_server_free)

/* Creates and confirms an account through the API (captcha from the testing header, token
 * from the confirmation mail); with @complete_profile, fills the profile so that candidatures
 * are allowed. */
gboolean        ca_search_server_add_account  (CaSearchServer  *server,
                                               const char      *email,
                                               const char      *password,
                                               gboolean         complete_profile,
                                               GError         **error);

/* Iterates the default main context until *@flag is TRUE or @timeout_ms pass. */
gboolean        ca_search_wait_flag           (gboolean        *flag,
                                               guint            timeout_ms);
typedef gboolean (*CaSearchCondition) (gpointer data);
gboolean        ca_search_wait_until          (CaSearchCondition condition,
                                               gpointer         data,
                                               guint            timeout_ms);
void            ca_search_spin                (guint            ms);

/* The first widget of @type in @root's tree (@root included), or NULL */
GtkWidget      *ca_search_find_child          (GtkWidget       *root,
                                               GType            type);
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

G_END_DECLS
