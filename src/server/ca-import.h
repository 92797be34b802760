/* ca-import.h — loading a catalogue file (docs/catalogue-format.md) into the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "ca-db.h"
#include "ca-time.h"

G_BEGIN_DECLS

typedef struct
{
  guint domains;
  guint periods;
  guint establishments;
  guint heard_from_options;
  guint courses;
  guint sessions;
} CaImportStats;

/* Checks the whole file first (messages name the file and the JSON path of the fault, e.g.
 * "catalogue.json: courses[3].sessions[0].day: unknown day “mon”"), then upserts every row in
 * one transaction and bumps catalogue_version. Relative periods are dated from @now. */
gboolean ca_import_catalogue_file (CaDb          *db,
                                   const char    *path,
                                   gint64         now,
                                   CaImportStats *stats,
                                   GError       **error);
gboolean ca_import_catalogue_data (CaDb          *db,
                                   const char    *data,
                                   gsize          length,
                                   const char    *label,
                                   gint64         now,
                                   CaImportStats *stats,
                                   GError       **error);

/* Moves the periods of a catalogue whose periods were given as day counts (the meta key
 * CA_META_PERIODS_DATED_FROM) to the same day counts from @now's day, e.g. in a copy of a
 * database built on another day. Nothing changes (*out_redated = FALSE) when the periods have
 * dates of their own or were dated from that day already. */
gboolean ca_import_redate_periods (CaDb      *db,
                                   gint64     now,
                                   gboolean  *out_redated,
                                   GError   **error);

/* Whether the database holds no catalogue at all (then --demo-catalogue may load one). */
gboolean ca_import_catalogue_is_empty (CaDb     *db,
                                       gboolean *out_empty,
                                       GError  **error);

G_END_DECLS
