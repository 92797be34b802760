/* ca-contact-view.h — the « Contact et assistance » place: the 3975 line and the contact form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_CONTACT_VIEW (ca_contact_view_get_type ())
G_DECLARE_FINAL_TYPE (CaContactView, ca_contact_view, CA, CONTACT_VIEW, GtkWidget)

/* property "client" (CaClient*, read-write): set by the window (bound to the application's
 * "client"). The e-mail row shows only while logged out; logging out clears the form. */
GtkWidget *ca_contact_view_new (void);

G_END_DECLS
