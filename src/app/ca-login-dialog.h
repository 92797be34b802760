/* ca-login-dialog.h — « Se connecter »: e-mail, password, « Se souvenir de moi »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-application.h"

G_BEGIN_DECLS

#define CA_TYPE_LOGIN_DIALOG (ca_login_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaLoginDialog, ca_login_dialog, CA, LOGIN_DIALOG, AdwWindow)

/* Emits ::logged-in, then closes itself, once the person is logged in. */
CaLoginDialog *ca_login_dialog_new (CaApplication *application,
                                    GtkWindow     *parent);

G_END_DECLS
