/* test-text.c — folding, word matching and French ordering, independent of the locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <locale.h>
#include <stdlib.h>

#include "ca-text.h"

static void
assert_fold (const char *text,
             const char *expected)
{
  g_autofree char *folded = ca_text_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold (void)
{
  assert_fold ("Français", "francais");
  assert_fold ("École", "ecole");
  assert_fold ("ÉCOLE", "ecole");
  assert_fold ("Œuvre École", "oeuvre ecole");
  assert_fold ("œuvre", "oeuvre");
  assert_fold ("Cæsar", "caesar");
  assert_fold ("Ærø", "aero");
  assert_fold ("Straße", "strasse");
  assert_fold ("STRASSE", "strasse");
  assert_fold ("ﬁnance", "finance");
  assert_fold ("  L'art  du   café !  ", "l art du cafe");
  assert_fold ("Anglais — niveau 2 (B1)", "anglais niveau 2 b1");
  assert_fold ("Noël, Zoë, Hélène, Ça", "noel zoe helene ca");
  assert_fold ("Ñandú", "nandu");
  /* decomposed input folds like precomposed input */
  assert_fold ("E\xcc\x81" "cole", "ecole");
  assert_fold ("", "");
  assert_fold ("?!…", "");
  assert_fold (NULL, "");
  assert_fold ("\xff\xfe", "");
  assert_fold ("Fran\xe7" "ais", "");   /* Latin-1 bytes are not UTF-8 */
}

static void
test_matches (void)
{
  g_assert_true (ca_text_matches_all_words ("Français langue étrangère", "francais"));
  g_assert_true (ca_text_matches_all_words ("École du Louvre", "ECOLE"));
  g_assert_true (ca_text_matches_all_words ("Œnologie", "oeno"));
  g_assert_true (ca_text_matches_all_words ("Oenologie", "Œno"));
  g_assert_true (ca_text_matches_all_words ("Ex æquo", "AEQUO"));
  g_assert_true (ca_text_matches_all_words ("Français langue étrangère", "ÉTRANGÈRE français"));
  g_assert_true (ca_text_matches_all_words ("Français langue étrangère", "  langue,  fran  "));
  g_assert_false (ca_text_matches_all_words ("Français langue étrangère", "francais allemand"));
  g_assert_false (ca_text_matches_all_words ("Anglais", "anglaise"));
  g_assert_true (ca_text_matches_all_words ("Anglais", "ngl"));

  /* an empty query matches everything */
  g_assert_true (ca_text_matches_all_words ("Anglais", ""));
  g_assert_true (ca_text_matches_all_words ("Anglais", "   "));
  g_assert_true (ca_text_matches_all_words ("Anglais", NULL));
  g_assert_true (ca_text_matches_all_words (NULL, NULL));
  g_assert_false (ca_text_matches_all_words (NULL, "anglais"));

  /* invalid UTF-8 neither matches nor crashes */
  g_assert_false (ca_text_matches_all_words ("Anglais", "angl\xff"));
  g_assert_false (ca_text_matches_all_words ("Angl\xff" "ais", "angl"));
}

static void
test_query_words (void)
{
  g_auto(GStrv) words = ca_text_query_words ("  Cours d'ÉCRITURE,  créative ");
  g_auto(GStrv) none = ca_text_query_words ("");
  g_auto(GStrv) null = ca_text_query_words (NULL);
  g_auto(GStrv) invalid = ca_text_query_words ("\xc3");

  g_assert_cmpuint (g_strv_length (words), ==, 4);
  g_assert_cmpstr (words[0], ==, "cours");
  g_assert_cmpstr (words[1], ==, "d");
  g_assert_cmpstr (words[2], ==, "ecriture");
  g_assert_cmpstr (words[3], ==, "creative");
  g_assert_nonnull (none);
  g_assert_null (none[0]);
  g_assert_nonnull (null);
  g_assert_null (null[0]);
  g_assert_nonnull (invalid);
  g_assert_null (invalid[0]);
}

/* Asserts that @titles (NULL-terminated) are in strictly increasing order, pairwise. */
static void
assert_order (const char * const *titles)
{
  for (guint i = 0; titles[i] != NULL && titles[i + 1] != NULL; i++)
    {
      g_test_message ("'%s' < '%s'", titles[i], titles[i + 1]);
      g_assert_cmpint (ca_text_compare (titles[i], titles[i + 1]), <, 0);
      g_assert_cmpint (ca_text_compare (titles[i + 1], titles[i]), >, 0);
    }
}

static int
compare_indirect (gconstpointer a,
                  gconstpointer b)
{
  return ca_text_compare (*(const char * const *) a, *(const char * const *) b);
}

static void
assert_sorts_to (const char * const *titles)
{
  guint n = g_strv_length ((char **) titles);
  g_autoptr(GPtrArray) shuffled = g_ptr_array_new ();

  assert_order (titles);

  /* reversed then sorted gives the expected order back */
  for (guint i = n; i > 0; i--)
    g_ptr_array_add (shuffled, (gpointer) titles[i - 1]);
  g_ptr_array_sort (shuffled, compare_indirect);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (shuffled, i), ==, titles[i]);
}

static void
test_order_titles (void)
{
  static const char * const titles[] = {
    "2D et 3D", "Allemand", "Anglais", "Anglais avancé", "Écriture", "Espagnol",
    "Informatique", "Italien", "Œnologie", "Oenologue", "Zoologie", NULL,
  };

  assert_sorts_to (titles);
}

static void
test_order_accents (void)
{
  /* French dictionary order: accents compared from the end of the word */
  static const char * const cote[] = { "cote", "côte", "coté", "côté", NULL };
  static const char * const pecher[] = { "pêche", "péché", "pécher", "pêcher", NULL };
  static const char * const ligature[] = { "oe", "œ", "of", NULL };

  assert_sorts_to (cote);
  assert_sorts_to (pecher);
  assert_sorts_to (ligature);
}

static void
test_order_case (void)
{
  static const char * const cases[] = { "cote", "Cote", "COTE", "côte", "Côte", NULL };
  static const char * const words[] = { "a", "A", "à", "À", "b", "B", NULL };

  assert_sorts_to (cases);
  assert_sorts_to (words);

  g_assert_cmpint (ca_text_compare ("Anglais", "Anglais"), ==, 0);
  g_assert_cmpint (ca_text_compare ("École", "E\xcc\x81" "cole"), !=, 0);   /* still total */
  g_assert_cmpint (ca_text_compare (NULL, ""), ==, 0);
  g_assert_cmpint (ca_text_compare (NULL, "a"), <, 0);
}

static void
test_order_punctuation (void)
{
  /* punctuation counts as a word break, digits come before letters */
  static const char * const titles[] = {
    "1er secours", "Art", "Art et design", "Art-thérapie", "Arts plastiques", NULL,
  };

  assert_sorts_to (titles);
  g_assert_cmpint (ca_text_compare ("L'Art", "L’Art"), !=, 0);
  g_assert_cmpint (ca_text_compare ("\xff", "a"), <, 0);
}

static void
test_collate_key (void)
{
  g_autofree char *key = ca_text_collate_key ("Écriture");
  g_autofree char *same = ca_text_collate_key ("Écriture");
  g_autofree char *invalid = ca_text_collate_key ("\xff\xfe");
  g_autofree char *null = ca_text_collate_key (NULL);

  g_assert_cmpstr (key, ==, same);
  g_assert_true (g_str_has_prefix (key, "ecriture"));
  g_assert_nonnull (invalid);
  g_assert_nonnull (null);
}

/* The same keys, whatever the locale of the process. */
static void
test_locale_independent (void)
{
  static const char * const titles[] = {
    "Allemand", "Anglais", "Écriture", "Espagnol", "Informatique", NULL,
  };
  g_autofree char *key_c = NULL;
  g_autofree char *key_other = NULL;
  const char *other;

  setlocale (LC_ALL, "C");
  key_c = ca_text_collate_key ("Côté Œuvres");
  assert_sorts_to (titles);

  other = setlocale (LC_ALL, "C.UTF-8");
  if (other == NULL)
    other = setlocale (LC_ALL, "fr_FR.UTF-8");
  key_other = ca_text_collate_key ("Côté Œuvres");
  g_assert_cmpstr (key_c, ==, key_other);
  assert_sorts_to (titles);

  setlocale (LC_ALL, "C");
}

int
main (int   argc,
      char *argv[])
{
  /* The service may run under LC_ALL=C: the tests do too. */
  setlocale (LC_ALL, "C");
  g_setenv ("LC_ALL", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/matches", test_matches);
  g_test_add_func ("/text/query-words", test_query_words);
  g_test_add_func ("/text/order/titles", test_order_titles);
  g_test_add_func ("/text/order/accents", test_order_accents);
  g_test_add_func ("/text/order/case", test_order_case);
  g_test_add_func ("/text/order/punctuation", test_order_punctuation);
  g_test_add_func ("/text/collate-key", test_collate_key);
  g_test_add_func ("/text/locale-independent", test_locale_independent);

  return g_test_run ();
}
