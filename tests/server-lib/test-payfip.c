/* test-payfip.c — PayFiP URLs, notifications, card numbers and amounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "TestPayfip"

#include <string.h>

#include "ca-error.h"
#include "ca-payfip.h"

static void
test_build_url (void)
{
  CaPayfipRequest req = {
    .numcli = "123456",
    .exer = "2026",
    .refdet = "CA-2026-000042",
    .objet = "Anglais & \"conversation\" = 100% été + #1 ?",
    .mel = "jean+cours@example.org",
    .urlnotif = "http://127.0.0.1:8080/api/v1/payments/payfip/notify?x=1&y=2",
    .urlredirect = "http://127.0.0.1:8080/payment/return",
    .saisie = "T",
    .montant = 35000,
  };
  g_autofree char *url = ca_payfip_build_url ("http://127.0.0.1:8080/payfip/paiement.web", &req);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  const char *query;
  const char *order[] = {
    "numcli=", "&exer=", "&refdet=", "&objet=", "&montant=", "&mel=", "&urlnotif=",
    "&urlredirect=", "&saisie=",
  };
  const char *last = NULL;

  g_assert_true (g_str_has_prefix (url,
                                   "http://127.0.0.1:8080/payfip/paiement.web?numcli=123456&"));
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);

  query = g_uri_get_query (uri);
  /* Everything outside the unreserved set is escaped inside values. */
  g_assert_null (strchr (query, ' '));
  g_assert_null (strchr (query, '#'));
  g_assert_null (strchr (query, '"'));
  g_assert_null (strchr (query, '?'));
  g_assert_null (strchr (query, '+'));
  g_assert_nonnull (strstr (query, "&montant=35000&"));

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *at = strstr (query, order[i]);

      g_assert_nonnull (at);
      g_assert_true (last == NULL || at > last);
      last = at;
    }

  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (params), ==, 9);
  g_assert_cmpstr (g_hash_table_lookup (params, "objet"), ==, req.objet);
  g_assert_cmpstr (g_hash_table_lookup (params, "mel"), ==, req.mel);
  g_assert_cmpstr (g_hash_table_lookup (params, "urlnotif"), ==, req.urlnotif);
  g_assert_cmpstr (g_hash_table_lookup (params, "urlredirect"), ==, req.urlredirect);
  g_assert_cmpstr (g_hash_table_lookup (params, "refdet"), ==, req.refdet);
  g_assert_cmpstr (g_hash_table_lookup (params, "saisie"), ==, "T");
}

static void
test_build_url_existing_query (void)
{
  CaPayfipRequest req = { .numcli = "1", .montant = 5 };
  g_autofree char *url = ca_payfip_build_url ("https://pay.example/p?lang=fr", &req);

  g_assert_true (g_str_has_prefix (url, "https://pay.example/p?lang=fr&numcli=1&exer=&"));
  g_assert_true (g_str_has_suffix (url, "&saisie="));
}

static GHashTable *
valid_form (const char *resultrans,
            const char *numauto)
{
  GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (form, "numcli", g_strdup ("123456"));
  g_hash_table_insert (form, "exer", g_strdup ("2026"));
  g_hash_table_insert (form, "refdet", g_strdup ("CA-2026-000042"));
  g_hash_table_insert (form, "objet", g_strdup ("Anglais – niveau 2 « conversation »"));
  g_hash_table_insert (form, "montant", g_strdup ("35000"));
  g_hash_table_insert (form, "mel", g_strdup ("jean@example.org"));
  g_hash_table_insert (form, "saisie", g_strdup ("T"));
  g_hash_table_insert (form, "resultrans", g_strdup (resultrans));
  g_hash_table_insert (form, "numauto", g_strdup (numauto));
  g_hash_table_insert (form, "dattrans", g_strdup ("29022028"));
  g_hash_table_insert (form, "heurtrans", g_strdup ("2359"));

  return form;
}

static void
test_parse_valid (void)
{
  const struct { const char *resultrans; const char *numauto; } cases[] = {
    { "P", "A1B2C3" }, { "R", "" }, { "A", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) form = valid_form (cases[i].resultrans, cases[i].numauto);
      g_autoptr(GError) error = NULL;
      CaPayfipNotification n = { 0 };

      g_assert_true (ca_payfip_parse_notification (form, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpint (n.resultrans, ==, cases[i].resultrans[0]);
      g_assert_cmpint (n.montant, ==, 35000);
      g_assert_cmpstr (n.numcli, ==, "123456");
      g_assert_cmpstr (n.exer, ==, "2026");
      g_assert_cmpstr (n.refdet, ==, "CA-2026-000042");
      g_assert_cmpstr (n.objet, ==, "Anglais – niveau 2 « conversation »");
      g_assert_cmpstr (n.mel, ==, "jean@example.org");
      g_assert_cmpstr (n.saisie, ==, "T");
      g_assert_cmpstr (n.numauto, ==, cases[i].numauto);
      g_assert_cmpstr (n.dattrans, ==, "29022028");
      g_assert_cmpstr (n.heurtrans, ==, "2359");

      ca_payfip_notification_clear (&n);
      g_assert_null (n.numcli);
      g_assert_null (n.numauto);
      ca_payfip_notification_clear (&n);
    }
}

static void
test_parse_from_encoded_form (void)
{
  g_autofree char *encoded = soup_form_encode ("numcli", "123456", "exer", "2026",
                                               "refdet", "R1", "objet", "Café & thé",
                                               "montant", "1", "mel", "a@b.fr", "saisie", "X",
                                               "resultrans", "P", "numauto", "Z9",
                                               "dattrans", "01012027", "heurtrans", "0000",
                                               NULL);
  g_autoptr(GHashTable) form = soup_form_decode (encoded);
  g_autoptr(GError) error = NULL;
  CaPayfipNotification n = { 0 };

  g_assert_true (ca_payfip_parse_notification (form, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (n.objet, ==, "Café & thé");
  g_assert_cmpint (n.montant, ==, 1);
  ca_payfip_notification_clear (&n);
}

static void
assert_rejected (const char *field,
                 const char *value,
                 const char *resultrans)
{
  g_autoptr(GHashTable) form = valid_form (resultrans, g_str_equal (resultrans, "P") ? "X1" : "");
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  CaPayfipNotification n = { 0 };

  if (value == NULL)
    g_hash_table_remove (form, field);
  else
    g_hash_table_replace (form, (gpointer) field, g_strdup (value));

  shown = value != NULL ? g_strescape (value, NULL) : g_strdup ("(absent)");
  g_test_message ("%s = %s", field, shown);
  g_assert_false (ca_payfip_parse_notification (form, &n, &error));
  g_assert_error (error, CA_ERROR, CA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, field));
  g_assert_null (n.numcli);
  g_assert_null (n.refdet);
  g_assert_cmpint (n.resultrans, ==, 0);
}

static void
test_parse_invalid (void)
{
  const char *fields[] = {
    "numcli", "exer", "refdet", "objet", "montant", "mel", "saisie", "resultrans", "numauto",
    "dattrans", "heurtrans",
  };
  const struct { const char *field; const char *value; const char *resultrans; } bad[] = {
    { "resultrans", "X", "P" }, { "resultrans", "PP", "P" }, { "resultrans", "", "P" },
    { "resultrans", "p", "P" },
    { "montant", "12a", "P" }, { "montant", "-5", "P" }, { "montant", "", "P" },
    { "montant", "1e3", "P" }, { "montant", "0", "P" }, { "montant", " 12", "P" },
    { "montant", "12.50", "P" }, { "montant", "9999999999999", "P" },
    { "dattrans", "32012026", "P" }, { "dattrans", "2902202", "P" },
    { "dattrans", "29022027", "P" }, { "dattrans", "00012026", "P" },
    { "dattrans", "2026-01-01", "P" }, { "dattrans", "0101202a", "P" },
    { "heurtrans", "2400", "P" }, { "heurtrans", "1260", "P" }, { "heurtrans", "123", "P" },
    { "heurtrans", "12:30", "P" },
    { "numauto", "", "P" }, { "numauto", "AB 12", "P" }, { "numauto", "A<B", "R" },
    { "numauto", "ABCDEFGHIJKLMNOPQ", "P" },
    { "exer", "26", "P" }, { "exer", "20260", "P" },
    { "mel", "pas une adresse", "P" }, { "mel", "a@", "P" },
    { "saisie", "Z", "P" }, { "saisie", "", "P" },
    { "objet", "", "P" }, { "objet", "ligne\nsuivante", "P" }, { "objet", "\xff", "P" },
    { "refdet", "A B", "P" }, { "refdet", "", "P" },
    { "refdet", "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", "P" },
    { "numcli", "12'3", "P" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    assert_rejected (fields[i], NULL, "P");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (bad[i].field, bad[i].value, bad[i].resultrans);

  {
    g_autoptr(GError) error = NULL;
    CaPayfipNotification n = { 0 };

    g_assert_false (ca_payfip_parse_notification (NULL, &n, &error));
    g_assert_error (error, CA_ERROR, CA_ERROR_INVALID_REQUEST);
  }
}

static void
test_luhn (void)
{
  const char *valid[] = {
    "4111111111111111", "5555555555554444", "378282246310005", "4000000000000002",
    "79927398713", "6011111111111117",
  };
  const char *invalid[] = {
    "4111111111111112", "79927398710", "", "4111 1111 1111 1111", "abcd", "12345678901234x",
    "-0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (ca_luhn_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (ca_luhn_valid (invalid[i]));
  g_assert_false (ca_luhn_valid (NULL));
}

static void
test_format_amount (void)
{
  const struct { gint64 cents; const char *text; } cases[] = {
    { 35000, "350,00 €" }, { 5, "0,05 €" }, { 0, "0,00 €" }, { 100, "1,00 €" },
    { 123456789, "1 234 567,89 €" }, { 100000, "1 000,00 €" }, { 99999, "999,99 €" },
    { -1250, "-12,50 €" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ca_payfip_format_amount (cases[i].cents);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payfip/url/build", test_build_url);
  g_test_add_func ("/payfip/url/existing-query", test_build_url_existing_query);
  g_test_add_func ("/payfip/notification/valid", test_parse_valid);
  g_test_add_func ("/payfip/notification/encoded-form", test_parse_from_encoded_form);
  g_test_add_func ("/payfip/notification/invalid", test_parse_invalid);
  g_test_add_func ("/payfip/luhn", test_luhn);
  g_test_add_func ("/payfip/format-amount", test_format_amount);

  return g_test_run ();
}
