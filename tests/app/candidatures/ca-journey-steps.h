/* ca-journey-steps.h — the guide's first steps played in the real window as a person plays
 * them: « Créer mon compte », the link of the mail, « Se connecter », « Mon profil »
 *
 * Widgets are found by what the person reads (a row's title, a button's label) or by their
 * buildable id, and worked through their signals; every wait is on a condition, fatal after
 * CA_JOURNEY_WAIT_MS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-window.h"

G_BEGIN_DECLS

#define CA_JOURNEY_WAIT_MS 20000

typedef struct
{
  const char *email;
  const char *password;
  const char *last_name;
  const char *first_name;
  const char *birth_date;
  const char *country_typed;   /* what is typed before the completion is chosen */
  const char *country;
  const char *address;
  const char *postal_code;
  const char *city;
  const char *phone_mobile;
  const char *phone_other;
} CaJourneyPerson;

/* ---- finding ---- */
/* The first widget under @root built from the template or builder id @id (fatal if none) */
GtkWidget *ca_journey_find_id        (GtkWidget    *root,
                                      const char   *id);
/* The first AdwPreferencesRow under @root titled @title (fatal if none) */
GtkWidget *ca_journey_find_row       (GtkWidget    *root,
                                      const char   *title);
/* A click on the button labelled @label under @root, which must be sensitive */
void       ca_journey_click          (GtkWidget    *root,
                                      const char   *label);
/* Activates @widget as the keyboard does (Space on a check button or a switch); a switch
 * slides before it changes, so this waits until it has */
void       ca_journey_activate       (GtkWidget    *widget);
/* Replaces the text of @editable as a person typing it would */
void       ca_journey_type           (GtkWidget    *editable,
                                      const char   *text);
/* ---- waiting (fatal after CA_JOURNEY_WAIT_MS) ---- */
/* Until a label holding @text is mapped under @root */
void       ca_journey_wait_label     (GtkWidget    *root,
                                      const char   *text);
/* Until a toplevel of @type comes, or until none is left */
GtkWidget *ca_journey_wait_window    (GType         type);
void       ca_journey_wait_window_gone (GType       type);
/* Until process @pid has exited */
void       ca_journey_wait_process_gone (GPid       pid);

/* The place the window shows: "search", "candidatures", "profile", "contact", "mailbox" */
const char *ca_journey_place         (CaWindow     *window);

/* ---- the steps ---- */
/* « Se connecter » from the header bar; returns the login dialog */
GtkWidget *ca_journey_open_login     (CaWindow     *window);
/* « Créer mon compte » from @login_dialog: e-mail, password twice, the verification code given
 * by the service's --testing header, the terms; then « Se connecter » on the page that says to
 * check the mailbox, which leads back to @login_dialog filled with the address. */
void       ca_journey_create_account (GtkWidget    *login_dialog,
                                      const CaJourneyPerson *person);
/* Follows the confirmation link of the newest mail to @email in @mailbox (a CaMailboxView),
 * then waits until @confirmed (@data) holds; with @confirmed NULL, until the mailbox's window
 * (a CaWindow) shows its toast saying the account is confirmed. */
typedef gboolean (*CaJourneyCondition) (gpointer data);
void       ca_journey_follow_mail_link (GtkWidget          *mailbox,
                                        const char         *email,
                                        CaJourneyCondition  confirmed,
                                        gpointer            data);
/* Types the password into @login_dialog and logs in; waits until the dialog has gone */
void       ca_journey_log_in         (CaWindow     *window,
                                      GtkWidget    *login_dialog,
                                      const CaJourneyPerson *person);
/* « Mon profil » filled through its widgets, then « Valider » and the confirmation answered */
void       ca_journey_complete_profile (CaWindow   *window,
                                        const CaJourneyPerson *person);

G_END_DECLS
