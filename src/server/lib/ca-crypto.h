/* ca-crypto.h — password hashing, session tokens and identifiers (libsodium)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Initialises libsodium; safe to call any number of times, from any thread. */
gboolean ca_crypto_init     (void);

/* Argon2id in the libsodium string format (crypto_pwhash_str, "interactive" limits). */
char    *ca_password_hash   (const char  *password,
                             GError     **error);
/* FALSE for a wrong password and for a NULL or malformed hash. */
gboolean ca_password_verify (const char  *hash,
                             const char  *password);

/* 32 random bytes, base64url without padding: 43 characters of [A-Za-z0-9_-]. */
char    *ca_token_new       (void);
/* What the database stores for a token: lowercase hex of a 32-byte BLAKE2b digest. */
char    *ca_token_hash      (const char  *token);
/* Constant-time comparison; FALSE when either is NULL or the lengths differ. */
gboolean ca_secure_equal    (const char  *a,
                             const char  *b);
/* @prefix (may be NULL) followed by 16 random lowercase hex characters. */
char    *ca_random_id       (const char  *prefix);

/* A uniformly drawn index in [0, upper_bound). */
guint32  ca_random_uniform  (guint32      upper_bound);

G_END_DECLS
