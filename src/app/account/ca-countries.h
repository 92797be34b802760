/* ca-countries.h — the names of the countries, from Debian's iso-codes, in the person's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The countries of ISO 3166-1, translated through the iso_3166-1 gettext domain and sorted;
 * read once from /usr/share/iso-codes/json (or $CA_ISO_CODES_DIR). An empty list when the file
 * cannot be read: the field then simply takes what is typed. (transfer none) */
GListModel *ca_countries_get (void);

G_END_DECLS
