/* ca-account-dialog.h — « Créer mon compte »: e-mail, password, verification code, terms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_ACCOUNT_DIALOG (ca_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CaAccountDialog, ca_account_dialog, CA, ACCOUNT_DIALOG, AdwWindow)

/* A modal window over @parent; it fetches a verification code from @client at once.
 * Signal ::log-in-requested (const char *email): the person asked for « Se connecter » (after
 * the account was created, or because the address already has one); the dialog then closes
 * itself, so the caller shows the login form filled with @email. */
CaAccountDialog *ca_account_dialog_new        (CaClient        *client,
                                               GtkWindow       *parent);
/* Pre-fills the e-mail address (from a login form, for instance). */
void             ca_account_dialog_set_email  (CaAccountDialog *self,
                                               const char      *email);

G_END_DECLS
