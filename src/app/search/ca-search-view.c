/* ca-search-view.c — the « Rechercher » place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-client.h"
#include "ca-search-view.h"

struct _CaSearchView
{
  GtkWidget  parent_instance;

  CaClient  *client;
  GtkWidget *stack;
  GtkWidget *entry;
};

G_DEFINE_FINAL_TYPE (CaSearchView, ca_search_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ca_search_view_set_client (CaSearchView *self,
                           CaClient     *client)
{
  if (!g_set_object (&self->client, client))
    return;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), client ? "search" : "loading");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
ca_search_view_dispose (GObject *object)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (ca_search_view_parent_class)->dispose (object);
}

static void
ca_search_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_search_view_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ca_search_view_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_search_view_class_init (CaSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_search_view_dispose;
  object_class->get_property = ca_search_view_get_property;
  object_class->set_property = ca_search_view_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ca_search_view_init (CaSearchView *self)
{
  GtkWidget *spinner, *page, *status;

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (self->stack), spinner, "loading");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  status = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Find a Course"));
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-search-symbolic");
  self->entry = gtk_search_entry_new ();
  adw_status_page_set_child (ADW_STATUS_PAGE (status), self->entry);
  gtk_box_append (GTK_BOX (page), status);
  gtk_stack_add_named (GTK_STACK (self->stack), page, "search");
}

GtkWidget *
ca_search_view_new (void)
{
  return g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
}

void
ca_search_view_focus_search (CaSearchView *self)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
  gtk_widget_grab_focus (self->entry);
}

void
ca_search_view_refresh (CaSearchView *self)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
}

gboolean
ca_search_view_go_back (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), FALSE);
  return FALSE;
}

void
ca_search_view_open_course (CaSearchView *self,
                            const char   *course_id)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
}
