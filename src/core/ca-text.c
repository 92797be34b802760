/* ca-text.c — accent- and case-insensitive matching, French title ordering
 *
 * Everything here is computed from Unicode data alone, never from the process locale: the
 * service may run under LC_ALL=C and must still sort "Écriture" between "Anglais" and
 * "Espagnol".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCore"

#include <string.h>

#include "ca-text.h"

/* Secondary weights: the accent a letter carries. Unaccented letters sort first. */
enum
{
  ACCENT_NONE,
  ACCENT_ACUTE,
  ACCENT_GRAVE,
  ACCENT_CIRCUMFLEX,
  ACCENT_DIAERESIS,
  ACCENT_CEDILLA,
  ACCENT_TILDE,
  ACCENT_RING,
  ACCENT_OTHER,
  ACCENT_LIGATURE,   /* "œ" after "oe" */
};

/* Tertiary weights: lower case first, as in dictionaries. */
enum
{
  CASE_LOWER,
  CASE_UPPER,
};

/* Weights start at a printable byte so keys can be read when debugging; the separator
 * between levels sorts below every byte of a primary key. */
#define WEIGHT_BASE '0'
#define LEVEL_SEPARATOR "\001"

/* One folded text with, for each byte of @primary that starts a character, the accent and case
 * of the letter it came from. */
typedef struct
{
  GString *primary;
  GString *accents;
  GString *cases;
  gboolean pending_space;
} Folded;

static void
folded_init (Folded *folded)
{
  folded->primary = g_string_new (NULL);
  folded->accents = g_string_new (NULL);
  folded->cases = g_string_new (NULL);
  folded->pending_space = FALSE;
}

static void
folded_clear (Folded *folded)
{
  g_string_free (folded->primary, TRUE);
  g_string_free (folded->accents, TRUE);
  g_string_free (folded->cases, TRUE);
}

/* Separators collapse into one space, written only once a letter follows it, so the result is
 * trimmed on both ends. */
static void
folded_add_separator (Folded *folded)
{
  if (folded->primary->len > 0)
    folded->pending_space = TRUE;
}

static void
folded_add_unit (Folded   *folded,
                 gunichar  unit,
                 int       accent,
                 int       letter_case)
{
  if (folded->pending_space)
    {
      g_string_append_c (folded->primary, ' ');
      g_string_append_c (folded->accents, WEIGHT_BASE + ACCENT_NONE);
      g_string_append_c (folded->cases, WEIGHT_BASE + CASE_LOWER);
      folded->pending_space = FALSE;
    }

  g_string_append_unichar (folded->primary, unit);
  g_string_append_c (folded->accents, WEIGHT_BASE + accent);
  g_string_append_c (folded->cases, WEIGHT_BASE + letter_case);
}

static int
accent_of_mark (gunichar mark)
{
  switch (mark)
    {
    case 0x0301: return ACCENT_ACUTE;
    case 0x0300: return ACCENT_GRAVE;
    case 0x0302: return ACCENT_CIRCUMFLEX;
    case 0x0308: return ACCENT_DIAERESIS;
    case 0x0327: return ACCENT_CEDILLA;
    case 0x0303: return ACCENT_TILDE;
    case 0x030A: return ACCENT_RING;
    default:     return ACCENT_OTHER;
    }
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* Letters that Unicode does not decompose but French readers see as two letters or as a
 * plain letter. Returns NULL for the others. */
static const char *
special_expansion (gunichar c)
{
  switch (g_unichar_tolower (c))
    {
    case 0x0153: return "oe";   /* œ */
    case 0x00E6: return "ae";   /* æ */
    case 0x00DF: return "ss";   /* ß */
    case 0x00F8: return "o";    /* ø */
    case 0x0142: return "l";    /* ł */
    case 0x0111: return "d";    /* đ */
    default:     return NULL;
    }
}

/* Adds the folded form of the base character @c, which carried @accent. */
static void
folded_add_char (Folded   *folded,
                 gunichar  c,
                 int       accent)
{
  int letter_case = g_unichar_isupper (c) || g_unichar_istitle (c) ? CASE_UPPER : CASE_LOWER;
  const char *expansion;
  g_autofree char *casefolded = NULL;
  char buf[8];
  int len;

  if (c < 0x80)
    {
      if (g_ascii_isalnum (c))
        folded_add_unit (folded, g_ascii_tolower (c), accent, letter_case);
      else
        folded_add_separator (folded);
      return;
    }

  if ((expansion = special_expansion (c)) != NULL)
    {
      for (const char *p = expansion; *p != '\0'; p++)
        folded_add_unit (folded, *p, p == expansion ? ACCENT_LIGATURE : accent, letter_case);
      return;
    }

  if (!g_unichar_isalnum (c))
    {
      folded_add_separator (folded);
      return;
    }

  len = g_unichar_to_utf8 (c, buf);
  casefolded = g_utf8_casefold (buf, len);
  for (const char *p = casefolded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar unit = g_utf8_get_char (p);

      if (!is_mark (unit))
        folded_add_unit (folded, unit, accent, letter_case);
    }
}

/* Folds valid UTF-8 @text: compatibility decomposition splits accents from their letters
 * ("é" → "e" + U+0301) and ligatures such as "ﬁ"; the marks become accent weights. */
static void
fold_into (Folded     *folded,
           const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  const char *p;

  if (decomposed == NULL)
    return;

  p = decomposed;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      int accent = ACCENT_NONE;

      p = g_utf8_next_char (p);
      if (is_mark (c))
        continue;   /* a mark with no letter before it */

      while (*p != '\0' && is_mark (g_utf8_get_char (p)))
        {
          if (accent == ACCENT_NONE)
            accent = accent_of_mark (g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }

      folded_add_char (folded, c, accent);
    }
}

char *
ca_text_fold (const char *text)
{
  Folded folded;
  char *result;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  folded_init (&folded);
  fold_into (&folded, text);
  result = g_strdup (folded.primary->str);
  folded_clear (&folded);

  return result;
}

char **
ca_text_query_words (const char *query)
{
  g_autofree char *folded = ca_text_fold (query);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (folded, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

gboolean
ca_text_matches_all_words (const char *text,
                           const char *query)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *folded = NULL;

  /* A query that is not text cannot match anything; an empty one matches everything. */
  if (query != NULL && !g_utf8_validate (query, -1, NULL))
    return FALSE;

  words = ca_text_query_words (query);
  if (words[0] == NULL)
    return TRUE;

  folded = ca_text_fold (text);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (strstr (folded, words[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* French dictionaries compare accents from the end of the word: cote < côte < coté < côté. */
static void
append_reversed (GString    *key,
                 const char *weights,
                 gsize       len)
{
  for (gsize i = len; i > 0; i--)
    g_string_append_c (key, weights[i - 1]);
}

char *
ca_text_collate_key (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *key;
  Folded folded;

  folded_init (&folded);
  fold_into (&folded, valid);

  key = g_string_new (folded.primary->str);
  g_string_append (key, LEVEL_SEPARATOR);
  append_reversed (key, folded.accents->str, folded.accents->len);
  g_string_append (key, LEVEL_SEPARATOR);
  g_string_append_len (key, folded.cases->str, folded.cases->len);

  folded_clear (&folded);

  return g_string_free (key, FALSE);
}

int
ca_text_compare (const char *a,
                 const char *b)
{
  g_autofree char *key_a = ca_text_collate_key (a);
  g_autofree char *key_b = ca_text_collate_key (b);
  int cmp = strcmp (key_a, key_b);

  /* Identical keys (e.g. different punctuation) still need a stable, total order. */
  if (cmp == 0)
    cmp = strcmp (a != NULL ? a : "", b != NULL ? b : "");

  return cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
}
