/* ca-test-util.h — a real cours-adultes-server for application tests, and waiting helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-application.h"

G_BEGIN_DECLS

/* Tests need a display; without one the whole program is skipped (TAP "1..0 # SKIP"). */
void          ca_test_skip_without_display  (void);

/* ca_test_skip_without_display (), gtk_test_init (), adw_init (); criticals are fatal,
 * warnings are not (GTK 4.8 warns about focus when a dialog closes itself). */
void          ca_test_init                  (int              *argc,
                                             char           ***argv);

/* Iterates the main context until @condition (@data) holds; FALSE after @timeout_ms. */
typedef gboolean (*CaTestCondition) (gpointer data);
gboolean      ca_test_spin_until            (CaTestCondition  condition,
                                             gpointer         data,
                                             guint            timeout_ms);
/* Iterates the main context for @ms milliseconds. */
void          ca_test_spin_for              (guint            ms);
/* Iterates the main context until *@flag is TRUE; FALSE after @timeout_ms. */
gboolean      ca_test_spin_until_set        (gboolean        *flag,
                                             guint            timeout_ms);

/* Widget lookups, depth first, hidden widgets included. */
GtkWidget    *ca_test_find_widget           (GtkWidget        *root,
                                             GType            type);
/* The first GtkLabel whose text contains @text. */
GtkWidget    *ca_test_find_label            (GtkWidget        *root,
                                             const char       *text);
/* Whether a GtkLabel whose text contains @text is shown (mapped) under @root. */
gboolean      ca_test_label_is_mapped       (GtkWidget        *root,
                                             const char       *text);
/* Iterates the main context until such a label is shown; FALSE after @timeout_ms. */
gboolean      ca_test_spin_until_label_mapped (GtkWidget      *root,
                                               const char     *text,
                                               guint           timeout_ms);
/* The first GtkButton labelled @label (its own label, or a GtkLabel inside it). */
GtkWidget    *ca_test_find_button           (GtkWidget        *root,
                                             const char       *label);
/* The first GtkButton showing the icon @icon_name. */
GtkWidget    *ca_test_find_icon_button      (GtkWidget        *root,
                                             const char       *icon_name);
/* The first toplevel window of @type. */
GtkWindow    *ca_test_find_window           (GType            type);

/* A registered CaApplication (non-unique) talking to @service_url, or starting its embedded
 * service when @service_url is NULL. (transfer full) */
CaApplication *ca_test_application_new      (const char       *app_id,
                                             const char       *service_url,
                                             gboolean          public_computer);

/* A GSpawnChildSetupFunc: the child gets SIGKILL when the test program dies. */
void          ca_test_die_with_parent       (gpointer          user_data);

typedef struct _CaTestServer CaTestServer;

/* Starts $CA_SERVER_BIN --port 0 --testing --demo-catalogue on a temporary database and mail
 * folder, plus @extra_args (NULL-terminated, nullable). */
CaTestServer *ca_test_server_new            (const char * const  *extra_args,
                                             GError             **error);
/* The same on @db_path as it is (a catalogue imported with cours-adultes-admin, say): no demo
 * catalogue. */
CaTestServer *ca_test_server_new_for_db     (const char          *db_path,
                                             GError             **error);
const char   *ca_test_server_get_url        (CaTestServer        *server);
const char   *ca_test_server_get_mail_dir   (CaTestServer        *server);
GPid          ca_test_server_get_pid        (CaTestServer        *server);
void          ca_test_server_free           (CaTestServer        *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaTestServer, ca_test_server_free)

/* Runs tests/faulty-server.py ($CA_FAULTY_SERVER) in @mode instead. */
CaTestServer *ca_test_faulty_server_new     (const char          *mode,
                                             GError             **error);
/* POST /__mode of the faulty server with @json_body. */
gboolean      ca_test_faulty_server_set     (CaTestServer        *server,
                                             const char          *json_body,
                                             GError             **error);

/* Creates an account through the API (captcha answered from the testing header) and, with
 * @confirm, follows the link of the confirmation mail. */
gboolean      ca_test_server_create_account (CaTestServer        *server,
                                             const char          *email,
                                             const char          *password,
                                             gboolean             confirm,
                                             GError             **error);
/* Logs in as @email and fills the mandatory fields of the profile, so that the account may
 * save candidatures. */
gboolean      ca_test_server_complete_profile (CaTestServer      *server,
                                               const char        *email,
                                               const char        *password,
                                               GError           **error);
/* DELETE /api/v1/session with @token, as a session revoked elsewhere: the HTTP status (0 if
 * the request failed). */
guint         ca_test_server_delete_session (CaTestServer        *server,
                                             const char          *token);
/* The HTTP status of an authenticated GET @path with @token (0 if the request failed). */
guint         ca_test_server_get_status     (CaTestServer        *server,
                                             const char          *path,
                                             const char          *token);

G_END_DECLS
