/* ca-server.h — the reference service: options, state, routing, request context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "ca-db.h"
#include "ca-index.h"
#include "ca-payfip.h"

G_BEGIN_DECLS

#define CA_DEFAULT_SESSION_IDLE_TIMEOUT 7200
#define CA_PAYFIP_NUMCLI "075001"
#define CA_SERVICE_MAIL_FROM "no-reply@paris.fr"
#define CA_SERVICE_CONTACT_ADDRESS "Service des Cours d'Adultes <cours-adultes@paris.fr>"

typedef struct
{
  char     *db_path;
  char     *mail_dir;
  char     *public_url;        /* without trailing slash; NULL: the listening address */
  char     *payfip_url;        /* NULL: the built-in simulator */
  char     *listen_address;    /* NULL: 127.0.0.1 */
  int       port;
  gboolean  demo_catalogue;
  gboolean  testing;
  gboolean  exit_with_parent;
  gboolean  quiet;
  gboolean  durable;           /* every commit synced (survives power cuts), slower */
  guint     session_idle_timeout;
  guint     demo_back_office;  /* seconds, 0: off */
} CaServerOptions;

void ca_server_options_clear (CaServerOptions *opts);

typedef struct _CaServer CaServer;

struct _CaServer
{
  CaServerOptions    opts;
  CaDb              *db;
  CaIndex           *index;
  SoupServer        *soup;
  CaPayfipSimulator *simulator;
  char              *payfip_url;   /* effective */
  char              *public_url;   /* effective, no trailing slash */
  GMainLoop         *loop;
  guint              in_flight;
  gboolean           stopping;
  guint              back_office_source;
  guint              stop_timeout_source;
  gboolean           demo_database_copied;  /* the database began as the built demo one */
};

/* Opens the database; the demo catalogue waits for ca_server_load_demo_catalogue (). */
CaServer *ca_server_new    (CaServerOptions *opts,   /* (transfer full): fields are stolen */
                            GError         **error);
/* With opts.demo_catalogue, loads the demonstration catalogue into a database without one.
 * Apart from ca_server_new (): the address can be said first, and the client starts
 * meanwhile (its first requests wait in the backlog until the catalogue is in). */
gboolean  ca_server_load_demo_catalogue (CaServer  *self,
                                         GError   **error);
/* Writes a database holding the demonstration catalogue and nothing else to @path (replaced
 * whole once complete). The build makes one, which a first start with --demo-catalogue copies
 * instead of importing the catalogue's JSON; the periods are then moved to the same number of
 * days from the day of that start. With @summary_path, also writes there the catalogue that
 * such a start serves (ca-demo.h). */
gboolean  ca_server_write_demo_database (const char  *path,
                                         const char  *summary_path,
                                         GError     **error);
/* Listens and fills the effective URLs (ca_server_prepare () with the listening URL); prints
 * nothing. */
gboolean  ca_server_listen (CaServer        *self,
                            GError         **error);
/* What ca_server_listen () does after listening, for a server fed connections by other means
 * (soup_server_accept_iostream ()): the effective URLs, @public_url standing for the
 * listening address where --public-url is not given, and the PayFiP simulator. Once only. */
gboolean  ca_server_prepare (CaServer        *self,
                             const char      *public_url,
                             GError         **error);
/* The "http://127.0.0.1:PORT" the server listens on. */
char     *ca_server_get_listen_url (CaServer *self);
/* Stops accepting connections and quits the loop once in-flight requests are done. */
void      ca_server_stop   (CaServer        *self);
void      ca_server_free   (CaServer        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaServer, ca_server_free)

/* The current in-memory catalogue, reloaded when catalogue_version moved. */
CaIndex  *ca_server_get_index (CaServer *self,
                               GError  **error);

/* What a handler gets. */
typedef struct
{
  CaServer          *server;
  SoupServerMessage *msg;
  const char        *method;
  char             **segments;    /* decoded path segments */
  const char        *id;          /* the {id} segment when the route has one */
  gint64             account_id;  /* set by ca_request_authenticate () */
} CaRequest;

typedef void (*CaHandler) (CaRequest *req);

/* Checks the bearer token (sliding idle expiry). On failure answers 401 and returns FALSE. */
gboolean  ca_request_authenticate (CaRequest *req);
/* Like ca_request_authenticate () but without a token answers TRUE with account_id 0;
 * an unknown or expired token still answers 401. */
gboolean  ca_request_authenticate_optional (CaRequest *req);
/* The request body as a JSON object, or answers 400/413 and returns NULL. */
JsonNode *ca_request_json_body    (CaRequest *req);
/* Sends @error (and returns FALSE, for tail calls). */
gboolean  ca_request_fail         (CaRequest *req,
                                   const GError *error);
/* For handlers that finish later (password hashing runs in a worker thread). */
void      ca_request_pause        (CaRequest         *req);
void      ca_server_resume        (CaServer          *self,
                                   SoupServerMessage *msg);
/* Writes a mail in the mail directory; failures are logged, never sent to the client. */
void      ca_server_send_mail     (CaServer   *self,
                                   const char *to,
                                   const char *subject,
                                   const char *body);

/* The body of GET /catalogue for @index at @now (ca-handlers-catalogue.c). */
JsonNode *ca_catalogue_build_json (CaIndex *index,
                                   gint64   now);

/* Handlers (ca-handlers-*.c) */
void ca_handle_health              (CaRequest *req);
void ca_handle_captcha             (CaRequest *req);
void ca_handle_accounts_create     (CaRequest *req);
void ca_handle_accounts_confirm    (CaRequest *req);
void ca_handle_confirm_page        (CaRequest *req);
void ca_handle_session_create      (CaRequest *req);
void ca_handle_session_delete      (CaRequest *req);
void ca_handle_profile_get         (CaRequest *req);
void ca_handle_profile_put         (CaRequest *req);
void ca_handle_contact             (CaRequest *req);
void ca_handle_catalogue           (CaRequest *req);
void ca_handle_courses             (CaRequest *req);
void ca_handle_course              (CaRequest *req);
void ca_handle_candidatures_list   (CaRequest *req);
void ca_handle_candidatures_create (CaRequest *req);
void ca_handle_candidature_get     (CaRequest *req);
void ca_handle_candidature_delete  (CaRequest *req);
void ca_handle_candidature_confirm (CaRequest *req);
void ca_handle_candidature_cancel  (CaRequest *req);
void ca_handle_payment_create      (CaRequest *req);
void ca_handle_payment_get         (CaRequest *req);
void ca_handle_payfip_notify       (CaRequest *req);
void ca_handle_payment_return      (CaRequest *req);
void ca_handle_home                (CaRequest *req);

/* JSON of a session as in the sheet (also embedded in candidatures). */
void ca_build_session_json         (JsonBuilder        *builder,
                                    const CaIdxSession *session);

G_END_DECLS
