/* test-error.c — error codes, HTTP statuses, French messages, fields on the GError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <string.h>
#include <gio/gio.h>

#include "ca-error.h"

static const struct {
  CaErrorCode code;
  const char *str;
  guint http_status;
} expected[] = {
  { CA_ERROR_INVALID_REQUEST, "invalid-request", 400 },
  { CA_ERROR_UNAUTHORIZED, "unauthorized", 401 },
  { CA_ERROR_INVALID_CREDENTIALS, "invalid-credentials", 401 },
  { CA_ERROR_ACCOUNT_NOT_CONFIRMED, "account-not-confirmed", 403 },
  { CA_ERROR_PROFILE_INCOMPLETE, "profile-incomplete", 403 },
  { CA_ERROR_NOT_FOUND, "not-found", 404 },
  { CA_ERROR_EMAIL_TAKEN, "email-taken", 409 },
  { CA_ERROR_PERIOD_CLOSED, "period-closed", 409 },
  { CA_ERROR_ALREADY_PRESELECTED_FOR_COURSE, "already-preselected-for-course", 409 },
  { CA_ERROR_TIME_CONFLICT, "time-conflict", 409 },
  { CA_ERROR_TOO_MANY_ACTIVE, "too-many-active", 409 },
  { CA_ERROR_NOT_CANCELLABLE, "not-cancellable", 409 },
  { CA_ERROR_NOT_PAYABLE, "not-payable", 409 },
  { CA_ERROR_NOT_DELETABLE, "not-deletable", 409 },
  { CA_ERROR_PAYLOAD_TOO_LARGE, "payload-too-large", 413 },
  { CA_ERROR_VALIDATION_FAILED, "validation-failed", 422 },
  { CA_ERROR_TOO_MANY_ATTEMPTS, "too-many-attempts", 429 },
  { CA_ERROR_METHOD_NOT_ALLOWED, "method-not-allowed", 405 },
  { CA_ERROR_INTERNAL, "internal-error", 500 },
  { CA_ERROR_UNAVAILABLE, "service-unavailable", 503 },
  { CA_ERROR_NETWORK, "network", 0 },
  { CA_ERROR_TIMEOUT, "timeout", 0 },
  { CA_ERROR_BAD_RESPONSE, "bad-response", 0 },
  { CA_ERROR_SERVER, "server-error", 0 },
};

static void
test_codes (void)
{
  g_assert_cmpint (G_N_ELEMENTS (expected), ==, CA_ERROR_N_CODES);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaErrorCode code = CA_ERROR_SERVER;

      g_assert_cmpint (expected[i].code, ==, i);
      g_assert_cmpstr (ca_error_code_to_string (i), ==, expected[i].str);
      g_assert_cmpuint (ca_error_code_http_status (i), ==, expected[i].http_status);
      g_assert_true (ca_error_code_from_string (expected[i].str, &code));
      g_assert_cmpint (code, ==, i);
    }
}

static void
test_unknown_code (void)
{
  CaErrorCode code = CA_ERROR_TIMEOUT;

  g_assert_false (ca_error_code_from_string (NULL, &code));
  g_assert_false (ca_error_code_from_string ("", &code));
  g_assert_false (ca_error_code_from_string ("Not-Found", &code));
  g_assert_false (ca_error_code_from_string ("internal", &code));
  g_assert_cmpint (code, ==, CA_ERROR_TIMEOUT);
}

/* Every message is a French sentence of its own: capitalised, ends with a full stop. */
static void
test_messages (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < CA_ERROR_N_CODES; i++)
    {
      const char *message = ca_error_code_message_fr (i);

      g_assert_nonnull (message);
      g_assert_true (g_utf8_validate (message, -1, NULL));
      g_assert_true (g_unichar_isupper (g_utf8_get_char (message)));
      g_assert_true (g_str_has_suffix (message, "."));
      g_assert_null (strstr (message, "  "));
      g_assert_false (g_hash_table_contains (seen, message));
      g_hash_table_add (seen, (gpointer) message);
    }

  g_assert_cmpstr (ca_error_code_message_fr (CA_ERROR_TOO_MANY_ACTIVE), ==,
                   "Vous ne pouvez pas avoir plus de trois candidatures actives simultanément.");
}

static GHashTable *
make_fields (void)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (fields, g_strdup ("postal_code"),
                       g_strdup ("Le code postal doit comporter 5 chiffres."));
  g_hash_table_insert (fields, g_strdup ("civility"), g_strdup ("Choisissez une civilité."));
  return fields;
}

static void
test_fields (void)
{
  g_autoptr(GError) error = g_error_new_literal (CA_ERROR, CA_ERROR_VALIDATION_FAILED, "x");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GHashTable) fields = make_fields ();
  GHashTable *got;

  g_assert_null (ca_error_get_fields (error));
  g_assert_cmpuint (ca_error_get_retry_after (error), ==, 0);

  ca_error_set_fields (error, fields);
  ca_error_set_retry_after (error, 900);
  g_clear_pointer (&fields, g_hash_table_unref);

  got = ca_error_get_fields (error);
  g_assert_nonnull (got);
  g_assert_cmpuint (g_hash_table_size (got), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (got, "postal_code"), ==,
                   "Le code postal doit comporter 5 chiffres.");
  g_assert_cmpuint (ca_error_get_retry_after (error), ==, 900);

  /* Copies (as GTask makes them) keep what the error carries. */
  copy = g_error_copy (error);
  g_clear_error (&error);
  got = ca_error_get_fields (copy);
  g_assert_nonnull (got);
  g_assert_cmpstr (g_hash_table_lookup (got, "civility"), ==, "Choisissez une civilité.");
  g_assert_cmpuint (ca_error_get_retry_after (copy), ==, 900);

  /* Replacing and clearing do not leak or dangle. */
  fields = make_fields ();
  ca_error_set_fields (copy, fields);
  ca_error_set_fields (copy, fields);
  g_assert_true (ca_error_get_fields (copy) == fields);
  ca_error_set_fields (copy, NULL);
  g_assert_null (ca_error_get_fields (copy));
}

static void
test_set_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) propagated = NULL;

  g_set_error (&error, CA_ERROR, CA_ERROR_TOO_MANY_ATTEMPTS, "%s",
               ca_error_code_message_fr (CA_ERROR_TOO_MANY_ATTEMPTS));
  ca_error_set_retry_after (error, 42);
  g_propagate_error (&propagated, g_steal_pointer (&error));
  g_assert_error (propagated, CA_ERROR, CA_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpuint (ca_error_get_retry_after (propagated), ==, 42);
}

/* Errors of other domains carry nothing and are not touched. */
static void
test_foreign_error (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "failed");

  g_assert_null (ca_error_get_fields (error));
  g_assert_cmpuint (ca_error_get_retry_after (error), ==, 0);
  g_assert_null (ca_error_get_fields (NULL));
  g_assert_cmpuint (ca_error_get_retry_after (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/codes", test_codes);
  g_test_add_func ("/error/unknown-code", test_unknown_code);
  g_test_add_func ("/error/messages", test_messages);
  g_test_add_func ("/error/fields", test_fields);
  g_test_add_func ("/error/set-error", test_set_error);
  g_test_add_func ("/error/foreign-error", test_foreign_error);

  return g_test_run ();
}
