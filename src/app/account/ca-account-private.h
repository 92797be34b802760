/* ca-account-private.h — the widgets of the account screens, for their tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-account-dialog.h"
#include "ca-profile-view.h"

G_BEGIN_DECLS

typedef struct
{
  GtkStack    *stack;             /* "form", "done" */
  AdwEntryRow *email_row;
  AdwEntryRow *password_row;
  AdwEntryRow *confirm_row;
  GtkImage    *rule_images[3];    /* length, letter, digit */
  GtkPicture  *captcha_picture;
  GtkWidget   *captcha_refresh;
  AdwEntryRow *captcha_row;
  GtkCheckButton *terms_check;
  GtkWidget   *terms_button;
  GtkLabel    *email_error;
  GtkLabel    *password_error;
  GtkLabel    *confirm_error;
  GtkLabel    *captcha_error;
  GtkLabel    *terms_error;
  GtkLabel    *message_label;     /* failures that are not about one field */
  GtkWidget   *retry_button;
  GtkWidget   *log_in_instead_button;
  GtkWidget   *create_button;
  GtkWidget   *done_page;
  GtkWidget   *done_log_in_button;
} CaAccountDialogParts;

/* For tests: the dialog's widgets, and whether a call is in flight. */
void     ca_account_dialog_get_parts (CaAccountDialog      *self,
                                      CaAccountDialogParts *parts);
gboolean ca_account_dialog_get_busy  (CaAccountDialog      *self);
/* The identifier of the verification code shown, NULL while none is. */
const char *ca_account_dialog_get_captcha_id (CaAccountDialog *self);
/* The answer a service run with --testing gave with the code shown (NULL otherwise). */
const char *ca_account_dialog_get_testing_answer (CaAccountDialog *self);
/* Opens the conditions of use; returns their window. */
GtkWindow *ca_account_dialog_show_terms (CaAccountDialog *self);

typedef struct
{
  GtkStack        *stack;         /* "loading", "logged-out", "error", "form" */
  GtkLabel        *email_label;
  GtkWidget       *email_note;    /* why the e-mail cannot be changed here */
  GtkToggleButton *civility_m;
  GtkToggleButton *civility_mme;
  AdwEntryRow     *rows[CA_PROFILE_N_FIELDS];   /* the entries; NULL for e-mail and civility */
  AdwComboRow     *heard_from_row;
  GtkWidget       *names_note;    /* why the names cannot be changed here */
  GtkLabel        *errors[CA_PROFILE_N_FIELDS];
  GtkLabel        *message_label;
  GtkWidget       *retry_button;
  GtkWidget       *save_button;
  GtkCalendar     *calendar;
  GtkWidget       *country_popover;
  GListModel      *country_matches;  /* the names the country popover lists */
} CaProfileViewParts;

void     ca_profile_view_get_parts (CaProfileView      *self,
                                    CaProfileViewParts *parts);
gboolean ca_profile_view_get_busy  (CaProfileView      *self);
/* The confirmation shown after the first completion, while it is open. */
GtkWindow *ca_profile_view_get_message_dialog (CaProfileView *self);

G_END_DECLS
