/* ca-time.h — the catalogue's clock: times in Europe/Paris, days counted from midnight there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Europe/Paris time zone (the local one if the system lacks it). */
GTimeZone *ca_paris_time_zone      (void);
/* Midnight in Europe/Paris, @days days after the day of @now there. */
gint64     ca_paris_midnight       (gint64 now,
                                    int    days);
/* "2026-11-26T18:30:00+01:00" in Europe/Paris time. */
char      *ca_format_time          (gint64 unix_seconds);
/* A date of a catalogue dated from the day of @dated_from (a midnight in Paris), moved to the
 * same day counted from the day of @now: what a demonstration catalogue built on one day says
 * on another. */
gint64     ca_redate               (gint64 dated_from,
                                    gint64 time,
                                    gint64 now);

G_END_DECLS
