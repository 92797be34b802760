/* ca-text.h — accent- and case-insensitive matching, French title ordering
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-cased, accents and ligatures folded ("Œuvre École" → "oeuvre ecole"),
 * punctuation turned to single spaces, trimmed. Invalid UTF-8 gives an empty string. */
char     *ca_text_fold              (const char *text);

/* Whether every word of @query occurs (as a substring of the folded text) in @text.
 * An empty query matches everything. "francais" finds "Français", "ECOLE" finds "École". */
gboolean  ca_text_matches_all_words (const char *text,
                                     const char *query);

/* Split a folded query into its words (NULL-terminated, never NULL). */
char    **ca_text_query_words       (const char *query);

/* A key whose strcmp () order is the French order of titles: letters first regardless of case
 * and accents, then accents (unaccented first), then case; digits before letters; leading
 * articles are not skipped. Independent of the process locale. */
char     *ca_text_collate_key       (const char *text);
int       ca_text_compare           (const char *a,
                                     const char *b);

G_END_DECLS
