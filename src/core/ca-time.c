/* ca-time.c — the catalogue's clock: times in Europe/Paris, days counted from midnight there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-time.h"

GTimeZone *
ca_paris_time_zone (void)
{
  static GTimeZone *paris;

  if (g_once_init_enter (&paris))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("Europe/Paris");

      if (tz == NULL)
        tz = g_time_zone_new_local ();
      g_once_init_leave (&paris, tz);
    }

  return paris;
}

char *
ca_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, ca_paris_time_zone ());

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

gint64
ca_paris_midnight (gint64 now,
                   int    days)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) now_paris = g_date_time_to_timezone (utc, ca_paris_time_zone ());
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) day = NULL;

  midnight = g_date_time_new (ca_paris_time_zone (),
                              g_date_time_get_year (now_paris),
                              g_date_time_get_month (now_paris),
                              g_date_time_get_day_of_month (now_paris), 0, 0, 0);
  day = g_date_time_add_days (midnight, days);
  /* Midnight may not exist on a DST day in some zones: rebuild it from the date. */
  g_clear_pointer (&midnight, g_date_time_unref);
  midnight = g_date_time_new (ca_paris_time_zone (),
                              g_date_time_get_year (day),
                              g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day), 0, 0, 0);

  return g_date_time_to_unix (midnight);
}

/* A date as a number of days from @from, both Paris midnights: a day is 23 to 25 hours long
 * around DST changes, hence the rounding. */
static int
days_between (gint64 from,
              gint64 to)
{
  double days = (double) (to - from) / (24 * 3600);

  return (int) (days < 0 ? days - 0.5 : days + 0.5);
}

gint64
ca_redate (gint64 dated_from,
           gint64 time,
           gint64 now)
{
  return ca_paris_midnight (now, days_between (dated_from, time));
}
