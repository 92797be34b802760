/* ca-cand-test-util.h — a real service with its back office, candidatures in every status and
 * the PayFiP simulator played as a browser, for the tests of « Mes candidatures et paiements »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-client.h"
#include "ca-search-test-util.h"

G_BEGIN_DECLS

typedef struct _CaCandServer CaCandServer;

/* A service (--testing) on a fresh database holding the demo catalogue, whose file is known so
 * that cours-adultes-admin ($CA_ADMIN_BIN) can act as the back office. */
CaCandServer   *ca_cand_server_new        (GError        **error);
CaSearchServer *ca_cand_server_get_search (CaCandServer   *server);
const char     *ca_cand_server_get_url    (CaCandServer   *server);
const char     *ca_cand_server_get_db     (CaCandServer   *server);
/* Stops (SIGSTOP) or resumes (SIGCONT) the service: requests then hang until they time out. */
void            ca_cand_server_freeze     (CaCandServer   *server,
                                           gboolean        frozen);
/* Kills (SIGKILL) the service and waits until it is gone: requests are then refused. */
void            ca_cand_server_kill       (CaCandServer   *server);
void            ca_cand_server_free       (CaCandServer   *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaCandServer, ca_cand_server_free)

/* cours-adultes-admin --db <db> @first_arg … (NULL-terminated) */
gboolean        ca_cand_admin             (CaCandServer   *server,
                                           GError        **error,
                                           const char     *first_arg,
                                           ...) G_GNUC_NULL_TERMINATED;

/* Fills every section of the dashboard of @client's person: one preselected asking every kind
 * of question, one convoked, one to pay, and closed ones enrolled (paid through the simulator),
 * refused for lack of places and cancelled. Returns the convoked candidature's id. */
char           *ca_cand_fill_every_section (CaCandServer  *server,
                                            CaClient      *client,
                                            GError       **error);

/* A confirmed account with a complete profile, and a client logged in to it */
CaClient       *ca_cand_new_person        (CaCandServer   *server,
                                           const char     *email,
                                           GError        **error);

/* Preselects sessions of @n different open courses that do not clash; returns the
 * candidatures (CaCandidature) in order. With @course_id, that course comes first. */
GPtrArray      *ca_cand_preselect         (CaClient       *client,
                                           guint           n,
                                           const char     *course_id,
                                           GError        **error);
/* Confirms with an answer to every question of the sheet */
gboolean        ca_cand_confirm           (CaClient       *client,
                                           CaCandidature  *candidature,
                                           GError        **error);
gboolean        ca_cand_cancel            (CaClient       *client,
                                           CaCandidature  *candidature,
                                           GError        **error);
CaPaymentInfo  *ca_cand_create_payment    (CaClient       *client,
                                           CaCandidature  *candidature,
                                           GError        **error);
CaCandidatureList *ca_cand_list           (CaClient       *client,
                                           GError        **error);
/* The status of candidature @id now */
CaStatus        ca_cand_status            (CaClient       *client,
                                           const char     *id);
/* An open course whose form asks text, choice and boolean questions, at least one required */
char           *ca_cand_find_rich_course  (CaClient       *client,
                                           GError        **error);

/* Plays the browser on the simulator: GET @payment_url, then POST its form with @card (NULL
 * for none) and @action ("pay" or "cancel"). */
gboolean        ca_cand_simulator_submit  (const char     *payment_url,
                                           const char     *card,
                                           const char     *action,
                                           GError        **error);

/* ---- widgets ---- */
/* Whether a label holding @text is mapped under @root */
gboolean        ca_cand_label_shown       (GtkWidget      *root,
                                           const char     *text);
/* Waits for such a label (fatal after 20 s) */
void            ca_cand_wait_label        (GtkWidget      *root,
                                           const char     *text);
/* Waits for a toplevel of @type to come, or to go */
GtkWidget      *ca_cand_wait_window       (GType           type);
void            ca_cand_wait_window_gone  (GType           type);
/* Clicks the button labelled @label under @root, which must be sensitive */
void            ca_cand_click             (GtkWidget      *root,
                                           const char     *label);
/* Adds every widget of @type under @root to @out, depth first */
void            ca_cand_collect           (GtkWidget      *root,
                                           GType           type,
                                           GPtrArray      *out);

/* ---- narrow windows ---- */
/* The width under which @widget cannot shrink */
int             ca_cand_min_width         (GtkWidget      *widget);
/* Adds to @out the labels shown under @root that end in an ellipsis, but for those of header
 * bars, whose titles are cut by design */
void            ca_cand_collect_cut_labels (GtkWidget     *root,
                                            GPtrArray     *out);
/* The interface in French, with the catalogue built in this tree: FALSE (and a message) when
 * the catalogue or the fr_FR.UTF-8 locale is missing. ca_cand_speak_c () goes back. */
gboolean        ca_cand_speak_french      (void);
void            ca_cand_speak_c           (void);

G_END_DECLS
