/* ca-field-error.c — an error line under a field of a boxed list
 *
 * The line is a row of its own, directly below the field, so the person reads the problem
 * where they type; it is tied to the field as its accessible description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAccount"

#include <glib/gi18n.h>

#include "ca-field-error.h"

GtkLabel *
ca_field_error_attach (GtkWidget *field_row)
{
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *label;

  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (field_row), NULL);

  list = gtk_widget_get_parent (field_row);
  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  label = g_object_new (GTK_TYPE_LABEL,
                        "xalign", 0.0f,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "margin-start", 12,
                        "margin-end", 12,
                        "margin-top", 6,
                        "margin-bottom", 6,
                        NULL);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  row = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                      "activatable", FALSE,
                      "selectable", FALSE,
                      "visible", FALSE,
                      "child", label,
                      NULL);
  gtk_widget_add_css_class (row, "ca-field-error");
  gtk_list_box_insert (GTK_LIST_BOX (list), row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (field_row)) + 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                  -1);
  return GTK_LABEL (label);
}

void
ca_field_error_set (GtkLabel   *label,
                    const char *message)
{
  gboolean shown = message != NULL && *message != '\0';

  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, shown ? message : "");
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (label)), shown);
}

gboolean
ca_field_error_shown (GtkLabel *label)
{
  g_return_val_if_fail (GTK_IS_LABEL (label), FALSE);

  return gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (label)));
}

static gboolean
is_reveal_icon (const char *icon_name)
{
  return g_strcmp0 (icon_name, "view-reveal-symbolic") == 0
         || g_strcmp0 (icon_name, "view-conceal-symbolic") == 0;
}

/* The row's own button: a GtkButton whose icon says show or hide */
static GtkWidget *
reveal_button_in (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && is_reveal_icon (gtk_button_get_icon_name (GTK_BUTTON (widget))))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = reveal_button_in (child);

      if (button != NULL)
        return button;
    }
  return NULL;
}

/* The icon shows what a click does: reveal → « Show password » */
static void
reveal_icon_changed_cb (GtkButton *button)
{
  gboolean will_show = g_strcmp0 (gtk_button_get_icon_name (button), "view-reveal-symbolic") == 0;

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  will_show ? _("Show password") : _("Hide password"),
                                  -1);
}

void
ca_name_reveal_button (GtkWidget *password_row)
{
  GtkWidget *button = reveal_button_in (password_row);

  if (button == NULL)
    return;
  g_signal_connect (button, "notify::icon-name", G_CALLBACK (reveal_icon_changed_cb), NULL);
  reveal_icon_changed_cb (GTK_BUTTON (button));
}
