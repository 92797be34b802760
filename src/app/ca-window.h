/* ca-window.h — the main window: the four places, the account, the service's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-application.h"

G_BEGIN_DECLS

#define CA_TYPE_WINDOW (ca_window_get_type ())
G_DECLARE_FINAL_TYPE (CaWindow, ca_window, CA, WINDOW, AdwApplicationWindow)

CaWindow *ca_window_new                 (CaApplication       *application);
/* Presents the window once it has something to show (the catalogue, or the service's error),
 * or after a short wait at most. */
void      ca_window_present_when_ready  (CaWindow            *self);
void      ca_window_add_toast           (CaWindow            *self,
                                         AdwToast            *toast);
/* Completes TRUE at once when logged in; otherwise shows « Se connecter » and completes TRUE
 * once logged in, or FALSE with G_IO_ERROR_CANCELLED if the person closes it. */
void      ca_window_ensure_login_async  (CaWindow            *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  ca_window_ensure_login_finish (CaWindow            *self,
                                         GAsyncResult        *result,
                                         GError             **error);
/* "search", "candidatures", "profile", "contact" */
void      ca_window_show_place          (CaWindow            *self,
                                         const char          *place);

/* Cancelled when the window closes: for the calls made on its behalf. */
GCancellable *ca_window_get_cancellable (CaWindow            *self);

G_END_DECLS
