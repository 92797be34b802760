/* ca-idle-guard.h — public-computer mode: logs the person out after a time without input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-application.h"

G_BEGIN_DECLS

#define CA_TYPE_IDLE_GUARD (ca_idle_guard_get_type ())
G_DECLARE_FINAL_TYPE (CaIdleGuard, ca_idle_guard, CA, IDLE_GUARD, GObject)

/* Watches every key, click and motion on @window. After 10 minutes without input while logged
 * in ($CA_IDLE_TIMEOUT_SECONDS), a warning counts 60 seconds down ($CA_IDLE_WARNING_SECONDS);
 * any key or click cancels it, otherwise the person is logged out. Whenever the person logs
 * out, and when the guard goes, the application's files under the user cache folder go too. */
CaIdleGuard *ca_idle_guard_new          (GtkWindow     *window,
                                         CaApplication *application);
/* The files the application may have written in the user cache folder (none should be). */
void         ca_idle_guard_wipe_files   (void);

G_END_DECLS
