/* ca-font-preload.h — fonts opened on a worker thread while the first window is built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     ca_font_preload_start    (void);
gboolean ca_font_preload_is_ready (void);
void     ca_font_preload_finish   (void);
void     ca_font_preload_finish_within (guint timeout_ms);

G_END_DECLS
