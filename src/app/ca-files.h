/* ca-files.h — deleting what the application wrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deletes @path and everything under it, without following symbolic links; a missing @path
 * is not an error. Whatever cannot be deleted is logged as a warning. */
void ca_remove_tree (const char *path);

G_END_DECLS
