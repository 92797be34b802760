/* ca-crypto.c — password hashing, session tokens and identifiers (libsodium)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCrypto"

#include <string.h>
#include <sodium.h>
#include <gio/gio.h>

#include "ca-error.h"
#include "ca-crypto.h"

#define TOKEN_BYTES 32
#define TOKEN_HASH_BYTES 32
#define RANDOM_ID_BYTES 8

gboolean
ca_crypto_init (void)
{
  /* sodium_init() is itself thread-safe and returns 1 when already done. */
  return sodium_init () >= 0;
}

static void
ensure_init (void)
{
  if (!ca_crypto_init ())
    g_error ("libsodium could not be initialised");
}

char *
ca_password_hash (const char  *password,
                  GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  ensure_init ();

  if (crypto_pwhash_str (out, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      /* Only fails when the memory for Argon2id cannot be had. */
      g_set_error_literal (error, CA_ERROR, CA_ERROR_INTERNAL,
                           "Not enough memory to hash the password");
      return NULL;
    }

  return g_strdup (out);
}

gboolean
ca_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;

  /* crypto_pwhash_str_verify() reads up to STRBYTES: refuse longer strings instead. */
  if (strnlen (hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
    return FALSE;

  ensure_init ();

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
ca_token_new (void)
{
  guint8 bytes[TOKEN_BYTES];
  gsize len = sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (len);

  ensure_init ();

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (out, len, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);

  return out;
}

char *
ca_token_hash (const char *token)
{
  guint8 digest[TOKEN_HASH_BYTES];
  char *out = g_malloc (TOKEN_HASH_BYTES * 2 + 1);

  g_return_val_if_fail (token != NULL, NULL);

  ensure_init ();

  crypto_generichash (digest, sizeof digest, (const guint8 *) token, strlen (token), NULL, 0);
  sodium_bin2hex (out, TOKEN_HASH_BYTES * 2 + 1, digest, sizeof digest);

  return out;
}

gboolean
ca_secure_equal (const char *a,
                 const char *b)
{
  gsize len;

  if (a == NULL || b == NULL)
    return FALSE;

  /* Leaking the length is acceptable: tokens and hashes have a fixed, public length. */
  len = strlen (a);
  if (len != strlen (b))
    return FALSE;

  ensure_init ();

  return sodium_memcmp (a, b, len) == 0;
}

char *
ca_random_id (const char *prefix)
{
  guint8 bytes[RANDOM_ID_BYTES];
  char hex[RANDOM_ID_BYTES * 2 + 1];

  ensure_init ();

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);

  return g_strconcat (prefix != NULL ? prefix : "", hex, NULL);
}

guint32
ca_random_uniform (guint32 upper_bound)
{
  g_return_val_if_fail (upper_bound > 0, 0);

  ensure_init ();

  return randombytes_uniform (upper_bound);
}
