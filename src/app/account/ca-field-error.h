/* ca-field-error.h — an error line under a field of a boxed list; named reveal buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Inserts a hidden, non-activatable row holding an error label right after @field_row in its
 * GtkListBox, and makes the label describe @field_row for screen readers. Returns the label
 * (owned by the list). */
GtkLabel *ca_field_error_attach (GtkWidget  *field_row);
/* Shows @message under the field, or hides the line when @message is NULL or empty. */
void      ca_field_error_set    (GtkLabel   *label,
                                 const char *message);
gboolean  ca_field_error_shown  (GtkLabel   *label);

/* libadwaita 1.2 leaves the reveal button of a password row without an accessible name:
 * names it after what it does. */
void      ca_name_reveal_button (GtkWidget  *password_row);

G_END_DECLS
