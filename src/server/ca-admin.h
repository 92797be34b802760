/* ca-admin.h — cours-adultes-admin, the back office of the Service des Cours d'Adultes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of cours-adultes-admin */
#define CA_ADMIN_EXIT_OK      0
#define CA_ADMIN_EXIT_FAILURE 1   /* unknown id, wrong status, invalid file, database error */
#define CA_ADMIN_EXIT_USAGE   2

/* Runs `cours-adultes-admin --db FILE <command> …`; prints on @out and @err. */
int ca_admin_run (int    argc,
                  char **argv,
                  FILE  *out,
                  FILE  *err);

G_END_DECLS
