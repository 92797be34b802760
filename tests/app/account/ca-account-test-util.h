/* ca-account-test-util.h — synchronous steps and mail reading for the account tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-client.h"
#include "ca-test-util.h"

G_BEGIN_DECLS

#define CA_ACCOUNT_WAIT_MS 20000

/* A click as the person makes it: nothing happens on an insensitive button */
void          ca_account_test_click        (GtkWidget    *button);
/* Types @text into @editable as a replacement of its content. */
void          ca_account_test_type         (gpointer      editable,
                                            const char   *text);
/* The newest mail of @mail_dir, decoded from quoted-printable; NULL when there is none. */
char         *ca_account_test_newest_mail  (const char   *mail_dir);
/* The token of the confirmation link in @mail, or NULL. */
char         *ca_account_test_mail_token   (const char   *mail);
/* The client's calls, waited for */
gboolean      ca_account_test_confirm      (CaClient     *client,
                                            const char   *token,
                                            GError      **error);
CaSessionInfo *ca_account_test_log_in      (CaClient     *client,
                                            const char   *email,
                                            const char   *password,
                                            GError      **error);
CaProfile    *ca_account_test_get_profile  (CaClient     *client,
                                            GError      **error);
CaProfile    *ca_account_test_put_profile  (CaClient     *client,
                                            CaProfile    *profile,
                                            GError      **error);

G_END_DECLS
