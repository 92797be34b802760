/* ca-candidatures-util.c — wording shared by the dashboard and its dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCandidatures"

#include <glib/gi18n.h>

#include "ca-candidatures-private.h"
#include "ca-format.h"
#include "ca-window.h"

char *
ca_candidatures_describe_session (CaSession *session)
{
  CaEstablishment *establishment;
  guint number;
  g_autofree char *short_name = NULL;
  g_autofree char *arrondissement = NULL;

  if (session == NULL)
    return g_strdup ("");
  establishment = ca_session_get_establishment (session);
  number = establishment != NULL ? ca_establishment_get_arrondissement (establishment) : 0;
  /* The catalogue's short names: "1er", "2e" … */
  if (number > 0)
    {
      short_name = number == 1 ? g_strdup ("1er") : g_strdup_printf ("%ue", number);
      arrondissement = ca_format_arrondissement (short_name);
    }

  /* TRANSLATORS: establishment, arrondissement · day start–end */
  return g_strdup_printf (_("%s%s%s · %s %s–%s"),
                          establishment != NULL ? ca_establishment_get_name (establishment) : "",
                          arrondissement != NULL ? ", " : "",
                          arrondissement != NULL ? arrondissement : "",
                          ca_format_day (ca_session_get_day (session)),
                          ca_session_get_start (session),
                          ca_session_get_end (session));
}

char *
ca_candidatures_format_when (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (when == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (when);
  date = g_date_time_format (local, "%A %e %B %Y");
  time = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: a date, then hours and minutes */
  return g_strdup_printf (_("%s at %s"), g_strstrip (date), time);
}

/* Takes @toast (transfer full), as adw_toast_overlay_add_toast () does. */
void
ca_candidatures_add_toast (GtkWidget *widget,
                           AdwToast  *toast)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *overlay;

  if (root != NULL && CA_IS_WINDOW (root))
    {
      ca_window_add_toast (CA_WINDOW (root), toast);
      return;
    }
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL && root != NULL)
    overlay = gtk_window_get_child (GTK_WINDOW (root));
  if (overlay != NULL && ADW_IS_TOAST_OVERLAY (overlay))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

GtkWidget *
ca_candidatures_pill_button (const char *label,
                             gboolean    suggested,
                             GCallback   callback,
                             gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

GtkWidget *
ca_candidatures_spinner (void)
{
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  return spinner;
}

GtkWidget *
ca_candidatures_error_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

void
ca_candidatures_set_error (GtkWidget  *label,
                           const char *message)
{
  gtk_label_set_label (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

GtkWidget *
ca_candidatures_error_page (const char *icon_name,
                            const char *title,
                            GCallback   retry,
                            gpointer    data)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_child (ADW_STATUS_PAGE (page),
                             ca_candidatures_pill_button (_("Retry"), TRUE, retry, data));
  return page;
}

void
ca_candidatures_show_error_page (GtkWidget  *stack,
                                 GtkWidget  *page,
                                 const char *message)
{
  adw_status_page_set_description (ADW_STATUS_PAGE (page), message);
  gtk_stack_set_visible_child (GTK_STACK (stack), page);
}

void
ca_candidatures_wrap_words (GtkWidget *label)
{
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_WORD);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
}

/* The group's own heading, the only label of its header: rows are not searched. */
static GtkWidget *
find_group_title (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading"))
    return widget;
  if (GTK_IS_LIST_BOX (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *title = find_group_title (child);

      if (title != NULL)
        return title;
    }
  return NULL;
}

/* libadwaita 1.2 ellipsizes a group's title, and the French ones are longer than a 360 px
 * window: the title label (still the group's, which names its list) wraps instead. */
void
ca_candidatures_wrap_group_title (AdwPreferencesGroup *group)
{
  GtkWidget *title = find_group_title (GTK_WIDGET (group));

  g_return_if_fail (title != NULL);
  ca_candidatures_wrap_words (title);
}
