/* ca-x11-shm.h — frames drawn with cairo on X11 keep their shared memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once the window's first frame is painted (the first pool is there then): on X11 with the
 * cairo renderer, keeps a pool of shared memory for the frames; elsewhere does nothing. */
void ca_x11_keep_frame_memory (GtkWidget *window);

G_END_DECLS
