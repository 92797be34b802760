/* ca-format.c — money, dates and enumerations as the search screens show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-time.h"

/* Digits grouped by thousands with @sep between groups */
static void
append_grouped (GString    *out,
                guint64     units,
                const char *sep)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, units);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
}

char *
ca_format_money_for_locale (gint64      cents,
                            const char *locale)
{
  GString *out = g_string_new (NULL);
  guint64 abs_cents = cents < 0 ? (guint64) -cents : (guint64) cents;

  if (locale == NULL)
    locale = setlocale (LC_MONETARY, NULL);

  if (cents < 0)
    g_string_append_c (out, '-');
  if (locale != NULL && g_str_has_prefix (locale, "fr"))
    {
      /* French typography: narrow no-break space between thousands, no-break space
       * before the euro sign, so "1 350,00 €" never wraps. */
      append_grouped (out, abs_cents / 100, "\u202f");
      g_string_append_printf (out, ",%02u\u00a0€", (guint) (abs_cents % 100));
    }
  else
    {
      g_string_append (out, "€");
      append_grouped (out, abs_cents / 100, ",");
      g_string_append_printf (out, ".%02u", (guint) (abs_cents % 100));
    }
  return g_string_free (out, FALSE);
}

char *
ca_format_money (gint64 cents)
{
  return ca_format_money_for_locale (cents, NULL);
}

char *
ca_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup ("?");
  /* The date the person reads is the one of their own clock */
  local = g_date_time_to_local (date);
  return g_date_time_format (local, "%-d %B %Y");
}

/* %-d %B %Y of @time in Paris */
static char *
format_paris_day (GDateTime *time)
{
  g_autoptr(GDateTime) paris = g_date_time_to_timezone (time, ca_paris_time_zone ());

  return g_date_time_format (paris, "%-d %B %Y");
}

/* A period is a run of whole days in Paris, whatever the person's own clock: from the day it
 * opens to the last day before it closes (closing at midnight ends the day before). */
char *
ca_format_period_dates (CaPeriod *period)
{
  GDateTime *opens_at = ca_period_get_opens_at (period);
  GDateTime *closes_at = ca_period_get_closes_at (period);
  g_autoptr(GDateTime) last_moment = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (opens_at == NULL || closes_at == NULL)
    return NULL;
  last_moment = g_date_time_add_seconds (closes_at, -1);
  from = format_paris_day (opens_at);
  to = format_paris_day (last_moment);
  /* TRANSLATORS: the first and the last day of an enrolment period */
  return g_strdup_printf (_("%s – %s"), from, to);
}

const char *
ca_format_day (CaDay day)
{
  switch (day)
    {
    case CA_DAY_MONDAY: return _("Monday");
    case CA_DAY_TUESDAY: return _("Tuesday");
    case CA_DAY_WEDNESDAY: return _("Wednesday");
    case CA_DAY_THURSDAY: return _("Thursday");
    case CA_DAY_FRIDAY: return _("Friday");
    case CA_DAY_SATURDAY: return _("Saturday");
    case CA_DAY_SUNDAY: return _("Sunday");
    default: return "?";
    }
}

const char *
ca_format_mode (CaMode mode)
{
  switch (mode)
    {
    case CA_MODE_ONSITE: return _("On site");
    case CA_MODE_REMOTE: return _("Remote");
    case CA_MODE_HYBRID: return _("Hybrid (on site and remote)");
    default: return "?";
    }
}

const char *
ca_format_rhythm (CaRhythm rhythm)
{
  switch (rhythm)
    {
    case CA_RHYTHM_ANNUAL: return _("Annual");
    case CA_RHYTHM_SEMESTER_1: return _("First semester");
    case CA_RHYTHM_SEMESTER_2: return _("Second semester");
    case CA_RHYTHM_QUARTER: return _("Quarter");
    case CA_RHYTHM_INTENSIVE: return _("Intensive");
    default: return "?";
    }
}

const char *
ca_format_slot (CaSlot slot)
{
  switch (slot)
    {
    case CA_SLOT_DAY: return _("All day");
    case CA_SLOT_MORNING: return _("Morning");
    case CA_SLOT_AFTERNOON: return _("Afternoon");
    case CA_SLOT_EVENING: return _("Evening");
    default: return "?";
    }
}

const char *
ca_format_catalogue_item (const char *key,
                          const char *id,
                          const char *fallback)
{
  CaDay day;
  CaMode mode;
  CaRhythm rhythm;
  CaSlot slot;

  if (g_strcmp0 (key, "day") == 0 && ca_day_from_string (id, &day))
    return ca_format_day (day);
  if (g_strcmp0 (key, "mode") == 0 && ca_mode_from_string (id, &mode))
    return ca_format_mode (mode);
  if (g_strcmp0 (key, "rhythm") == 0 && ca_rhythm_from_string (id, &rhythm))
    return ca_format_rhythm (rhythm);
  if (g_strcmp0 (key, "slot") == 0 && ca_slot_from_string (id, &slot))
    return ca_format_slot (slot);
  return fallback;
}

char *
ca_format_arrondissement (const char *short_name)
{
  /* TRANSLATORS: %s is the short name of a Paris arrondissement, "1er", "11e" */
  return g_strdup_printf (_("%s arrondissement"), short_name);
}
