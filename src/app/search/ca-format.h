/* ca-format.h — money, dates and enumerations as the search screens show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ca-model.h"

G_BEGIN_DECLS

/* "350,00 €" in a French locale, "€350.00" otherwise. @locale: a POSIX locale name
 * ("fr_FR.UTF-8"); NULL means the process's LC_MONETARY. */
char       *ca_format_money_for_locale (gint64      cents,
                                        const char *locale);
char       *ca_format_money            (gint64      cents);

/* "1 September 2026" (month name of the locale); NULL gives "?" */
char       *ca_format_date             (GDateTime  *date);
/* "1 September 2026 – 30 September 2026", or NULL when the period has no dates */
char       *ca_format_period_dates     (CaPeriod   *period);

/* Translated names of the contract's enumerations */
const char *ca_format_day              (CaDay       day);
const char *ca_format_mode             (CaMode      mode);
const char *ca_format_rhythm           (CaRhythm    rhythm);
const char *ca_format_slot             (CaSlot      slot);
/* The translated name of a catalogue item of @key ("day", "mode", "rhythm", "slot") whose
 * contract id is @id; @fallback (the catalogue's own name) for unknown ids. */
const char *ca_format_catalogue_item   (const char *key,
                                        const char *id,
                                        const char *fallback);
/* "11e arrondissement" from the catalogue's short name "11e" */
char       *ca_format_arrondissement   (const char *short_name);

G_END_DECLS
