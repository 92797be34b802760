/* ca-application.h — the application: settings, the service, the person's session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_APPLICATION (ca_application_get_type ())
G_DECLARE_FINAL_TYPE (CaApplication, ca_application, CA, APPLICATION, AdwApplication)

CaApplication *ca_application_new                 (void);

/* Process-wide allocator settings for drawing windows; call first thing in main (). */
void           ca_application_tune_memory         (void);

/* property "client" (CaClient*, read-only, notify when the service becomes ready/changes) */
CaClient      *ca_application_get_client          (CaApplication *self);  /* nullable */
gboolean       ca_application_get_public_computer (CaApplication *self);
gboolean       ca_application_is_demo             (CaApplication *self);  /* embedded service */
/* The folder the embedded service writes its mails in (it changes when a person logs out of
 * a public computer: the window follows "client"), NULL with a configured service. */
const char    *ca_application_get_mail_dir        (CaApplication *self);

/* property "service-error": why the service is unavailable (could not start, stopped, cannot
 * be reached), NULL while it starts or works. */
const char    *ca_application_get_service_error   (CaApplication *self);
/* Starts the service again (embedded) or checks it again (configured address). */
void           ca_application_restart_service     (CaApplication *self);
/* The catalogue cached by the last start, to show before there is a client: while the embedded
 * service waits for the first frame, or while a configured service has not answered yet (NULL
 * otherwise). The client that comes then has this very catalogue as its cached one. */
CaCatalogue   *ca_application_get_waiting_catalogue (CaApplication *self);
/* The window's first frame is painted: a service and a silent login that wait for it start. */
void           ca_application_window_painted      (CaApplication *self);

/* property "account-email": the logged-in person's address, NULL when logged out. */
const char    *ca_application_get_account_email   (CaApplication *self);

/* property "profile-complete": what the service said at the last login, or since, once
 * « Mon profil » was completed (FALSE when logged out): while FALSE the person still has to
 * complete « Mon profil » before applying. */
gboolean       ca_application_get_profile_complete (CaApplication *self);
/* « Mon profil » has just been completed for the logged-in person. */
void           ca_application_profile_completed   (CaApplication *self);

/* Logs in; with @remember (ignored on a public computer), stores the password in the keyring.
 * A keyring failure does not fail the login: ::keyring-error is emitted with a sentence. */
void           ca_application_log_in_async        (CaApplication       *self,
                                                   const char          *email,
                                                   const char          *password,
                                                   gboolean             remember,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       ca_application_log_in_finish       (CaApplication       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Revokes the token on the service and forgets the remembered password. Never fails: the
 * person is logged out locally whatever the service or the keyring answer. */
void           ca_application_log_out_async       (CaApplication       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       ca_application_log_out_finish      (CaApplication       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* A sentence for the person about a failed call (service unreachable, timeout, …). */
char          *ca_application_describe_error      (const GError        *error);

G_END_DECLS
