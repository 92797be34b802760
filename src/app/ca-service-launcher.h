/* ca-service-launcher.h — the embedded demonstration service
 *
 * When no service address is configured, the application runs its own cours-adultes-server on
 * a free loopback port, with a database, a mail folder and the demonstration catalogue under
 * the user's data directory. The child dies with the application (--exit-with-parent).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The service's database, in the launcher's data folder */
#define CA_SERVICE_DATABASE "demo.sqlite"

#define CA_TYPE_SERVICE_LAUNCHER (ca_service_launcher_get_type ())
G_DECLARE_FINAL_TYPE (CaServiceLauncher, ca_service_launcher, CA, SERVICE_LAUNCHER, GObject)

/* Seconds allowed between spawning the service and its "listening on" line. */
#define CA_SERVICE_LAUNCHER_START_TIMEOUT 20

/* @data_dir: where the database and the mails live (created if needed). */
CaServiceLauncher *ca_service_launcher_new            (const char          *data_dir);
/* A service whose database and mails live in a new private folder of the runtime directory
 * (memory, not disk), deleted with everything in it once the service stopped through
 * ca_service_launcher_stop_async () or when the launcher goes away: nothing is left behind.
 * NULL if the folder cannot be created. */
CaServiceLauncher *ca_service_launcher_new_temporary  (GError             **error);
/* The folder the service writes its mails in: the demonstration mailbox reads it there. */
const char        *ca_service_launcher_get_mail_dir   (CaServiceLauncher   *self);
/* The program to run: $CA_SERVER_BIN, the build tree's when the application runs from it,
 * else the installed one. */
char              *ca_service_launcher_find_program   (void);
gboolean           ca_service_launcher_is_running     (CaServiceLauncher   *self);

/* Starts the service (stopping a previous one first is the caller's business) and completes
 * with its base URL, "http://127.0.0.1:PORT", once it listens. The error message says why it
 * could not start, with the last lines the service wrote. ::exited is emitted if it stops
 * later without being asked to. */
void               ca_service_launcher_start_async    (CaServiceLauncher   *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char              *ca_service_launcher_start_finish   (CaServiceLauncher   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* SIGTERM, then SIGKILL if it has not exited after @timeout_ms. Completes once it is gone. */
void               ca_service_launcher_stop_async     (CaServiceLauncher   *self,
                                                       guint                timeout_ms,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           ca_service_launcher_stop_finish    (CaServiceLauncher   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
