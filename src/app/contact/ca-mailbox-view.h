/* ca-mailbox-view.h — « Boîte mail de démonstration »: the mails the embedded service wrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_MAILBOX_VIEW (ca_mailbox_view_get_type ())
G_DECLARE_FINAL_TYPE (CaMailboxView, ca_mailbox_view, CA, MAILBOX_VIEW, GtkWidget)

/* properties "client" (CaClient*, to confirm accounts from their mail) and "mail-dir" (the
 * folder the service writes its mails in). The list is read again when the view is shown and
 * whenever the folder changes. */
GtkWidget *ca_mailbox_view_new     (void);
void       ca_mailbox_view_refresh (CaMailboxView *self);

G_END_DECLS
