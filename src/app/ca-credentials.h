/* ca-credentials.h — the remembered account in the system keyring (libsecret)
 *
 * One secret per service address: the password, with the attributes `server` (the service's
 * base URL) and `email`. Any keyring error means "cannot remember", never "cannot log in".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

const SecretSchema *ca_credentials_get_schema   (void);

/* Replaces whatever was remembered for @server. */
void                ca_credentials_store_async  (const char           *server,
                                                 const char           *email,
                                                 const char           *password,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            ca_credentials_store_finish (GAsyncResult         *result,
                                                 GError              **error);

/* Completes TRUE with @email and @password (free the password with secret_password_free ())
 * when something is remembered for @server, FALSE without error when nothing is. */
void                ca_credentials_lookup_async  (const char          *server,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean            ca_credentials_lookup_finish (GAsyncResult        *result,
                                                  char               **email,
                                                  char               **password,
                                                  GError             **error);

/* Forgets every account remembered for @server. */
void                ca_credentials_clear_async  (const char           *server,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            ca_credentials_clear_finish (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
