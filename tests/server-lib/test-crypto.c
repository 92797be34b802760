/* test-crypto.c — password hashes, tokens and identifiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "TestCrypto"

#include <string.h>

#include "ca-crypto.h"

#define TOKEN_SAMPLES 1000

static gboolean
is_base64url (const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_lower_hex (const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static void
test_password_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = ca_password_hash ("Motdepasse1 é", &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "Motdepasse1"));

  g_assert_true (ca_password_verify (hash, "Motdepasse1 é"));
  g_assert_false (ca_password_verify (hash, "Motdepasse1 e"));
  g_assert_false (ca_password_verify (hash, "motdepasse1 é"));
  g_assert_false (ca_password_verify (hash, ""));
  g_assert_false (ca_password_verify (hash, NULL));

  /* Salted: the same password never gives the same hash. */
  again = ca_password_hash ("Motdepasse1 é", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (ca_password_verify (again, "Motdepasse1 é"));
}

static void
test_password_bad_hashes (void)
{
  g_autofree char *long_hash = g_strnfill (4096, 'a');

  g_assert_false (ca_password_verify (NULL, "x"));
  g_assert_false (ca_password_verify ("", "x"));
  g_assert_false (ca_password_verify ("$argon2id$v=19$garbage", "x"));
  g_assert_false (ca_password_verify (long_hash, "x"));
}

static void
test_token_shape_and_uniqueness (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < TOKEN_SAMPLES; i++)
    {
      char *token = ca_token_new ();

      g_assert_cmpuint (strlen (token), ==, 43);  /* 32 bytes in base64 without padding */
      g_assert_true (is_base64url (token));
      g_assert_false (g_hash_table_contains (seen, token));
      g_hash_table_add (seen, token);
    }
}

static void
test_token_hash (void)
{
  g_autofree char *token = ca_token_new ();
  g_autofree char *hash1 = ca_token_hash (token);
  g_autofree char *hash2 = ca_token_hash (token);
  g_autofree char *other = ca_token_hash ("something else");
  /* BLAKE2b-256 of "abc", as Python's hashlib.blake2b (b"abc", digest_size=32) gives it */
  g_autofree char *abc = ca_token_hash ("abc");

  g_assert_cmpuint (strlen (hash1), ==, 64);
  g_assert_true (is_lower_hex (hash1));
  g_assert_cmpstr (hash1, ==, hash2);
  g_assert_cmpstr (hash1, !=, other);
  g_assert_null (strstr (hash1, token));
  g_assert_cmpstr (abc, ==, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void
test_secure_equal (void)
{
  g_autofree char *token = ca_token_new ();
  g_autofree char *copy = g_strdup (token);

  g_assert_true (ca_secure_equal (token, copy));
  g_assert_true (ca_secure_equal ("", ""));
  copy[42] = copy[42] == 'A' ? 'B' : 'A';
  g_assert_false (ca_secure_equal (token, copy));
  g_assert_false (ca_secure_equal ("abc", "abcd"));
  g_assert_false (ca_secure_equal ("abcd", "abc"));
  g_assert_false (ca_secure_equal (NULL, "abc"));
  g_assert_false (ca_secure_equal ("abc", NULL));
  g_assert_false (ca_secure_equal (NULL, NULL));
}

static void
test_random_id (void)
{
  g_autofree char *a = ca_random_id ("cand-");
  g_autofree char *b = ca_random_id ("cand-");
  g_autofree char *bare = ca_random_id (NULL);

  g_assert_true (g_str_has_prefix (a, "cand-"));
  g_assert_cmpuint (strlen (a), ==, 5 + 16);
  g_assert_true (is_lower_hex (a + 5));
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (bare), ==, 16);
  g_assert_true (is_lower_hex (bare));
}

static void
test_random_uniform (void)
{
  guint counts[3] = { 0 };

  for (guint i = 0; i < 3000; i++)
    {
      guint32 v = ca_random_uniform (3);

      g_assert_cmpuint (v, <, 3);
      counts[v]++;
    }

  /* Each value about 1000 times; 700 is far beyond any plausible deviation. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (counts[i], >, 700);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_true (ca_crypto_init ());
  g_assert_true (ca_crypto_init ());

  g_test_add_func ("/crypto/password/round-trip", test_password_round_trip);
  g_test_add_func ("/crypto/password/bad-hashes", test_password_bad_hashes);
  g_test_add_func ("/crypto/token/shape-and-uniqueness", test_token_shape_and_uniqueness);
  g_test_add_func ("/crypto/token/hash", test_token_hash);
  g_test_add_func ("/crypto/secure-equal", test_secure_equal);
  g_test_add_func ("/crypto/random-id", test_random_id);
  g_test_add_func ("/crypto/random-uniform", test_random_uniform);

  return g_test_run ();
}
