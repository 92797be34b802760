/* ca-demo.h — the demonstration catalogue's files, shared by the service that serves them and
 * the application that starts that service
 *
 * At build time the service imports data/demo-catalogue.json into a database, which its first
 * start with --demo-catalogue copies, and writes beside it the catalogue it will serve from
 * that database (a « summary »: the body of GET /catalogue and the day its periods were dated
 * from). An application starting that service for the first time shows the summary, moved to
 * the day, before the service is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "ca-model.h"

G_BEGIN_DECLS

/* $CA_DEMO_CATALOGUE, else the installed file, else the source tree's. */
const char  *ca_demo_catalogue_path (void);
/* The database imported from ca_demo_catalogue_path () at build time ($CA_DEMO_DATABASE if
 * set), or NULL for a $CA_DEMO_CATALOGUE of one's own. */
const char  *ca_demo_database_path  (void);
/* The summary written with ca_demo_database_path () at build time ($CA_DEMO_SUMMARY if set),
 * or NULL when the service serves a catalogue of its own ($CA_DEMO_CATALOGUE or
 * $CA_DEMO_DATABASE set without $CA_DEMO_SUMMARY). */
const char  *ca_demo_summary_path   (void);

/* Writes @catalogue (the body of GET /catalogue) and @dated_from (the Paris midnight its
 * periods are dated from, or 0 when their dates are absolute) to @path, replaced whole. */
gboolean     ca_demo_write_summary  (const char  *path,
                                     JsonNode    *catalogue,
                                     gint64       dated_from,
                                     GError     **error);
/* Reads the summary at @path as the service will serve it at @now: its periods' dates moved
 * to that day and whether each is open then. @body: (out) (optional): that catalogue's JSON,
 * as the service writes it; @etag: (out) (optional): the ETag the service gives it.
 * Errors: a GFileError, or CA_ERROR_BAD_RESPONSE for a summary that cannot be used. */
CaCatalogue *ca_demo_read_summary   (const char  *path,
                                     gint64       now,
                                     GBytes     **body,
                                     char       **etag,
                                     GError     **error);

G_END_DECLS
