/* ca-contact-view.c — the « Contact et assistance » place: the 3975 line and the contact form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaContact"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-client.h"
#include "ca-contact-resources.h"
#include "ca-contact-view.h"
#include "ca-rules.h"

struct _CaContactView
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  AdwEntryRow  *subject_row;
  AdwEntryRow  *email_row;
  GtkTextView  *message_view;
  GtkLabel     *error_label;
  GtkButton    *send_button;

  CaClient     *client;
  GCancellable *cancellable;   /* the send in progress, if any */
  gboolean      logged_in;
};

G_DEFINE_FINAL_TYPE (CaContactView, ca_contact_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
ca_contact_view_dup_message (CaContactView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
ca_contact_view_needs_email (CaContactView *self)
{
  return self->client == NULL || !ca_client_is_logged_in (self->client);
}

static gboolean
ca_contact_view_is_valid (CaContactView *self)
{
  g_autofree char *message = ca_contact_view_dup_message (self);

  if (!ca_rules_check_text (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                            CA_MAX_FIELD_LENGTH, NULL))
    return FALSE;
  if (!ca_rules_check_multiline_text (message, CA_MAX_MESSAGE_LENGTH, NULL))
    return FALSE;
  if (ca_contact_view_needs_email (self)
      && !ca_rules_check_email (gtk_editable_get_text (GTK_EDITABLE (self->email_row)), NULL))
    return FALSE;
  return TRUE;
}

/* One send at a time: the button stays insensitive until the answer comes. */
static void
ca_contact_view_update_send (CaContactView *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button),
                            self->client != NULL && self->cancellable == NULL
                            && ca_contact_view_is_valid (self));
}

static void
ca_contact_view_show_error (CaContactView *self,
                            const char    *sentence)
{
  gtk_label_set_label (self->error_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), sentence != NULL);
}

/* GTK 4.8 names a button after its raw label and its text (« _Send Send »): a screen reader
 * gets the words alone. */
static void
ca_contact_view_set_send_label (CaContactView *self,
                                const char    *label,
                                const char    *accessible_label)
{
  gtk_button_set_label (self->send_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
}

static void
ca_contact_view_clear (CaContactView *self)
{
  /* A send under way is abandoned: its answer must not touch the new form. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ca_contact_view_set_send_label (self, _("_Send"), _("Send"));
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->message_view), "", 0);
  ca_contact_view_show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

/* Logging out forgets what the person wrote: the next person at a shared computer must not
 * see it. */
static void
ca_contact_view_update_account (CaContactView *self)
{
  gboolean logged_in = !ca_contact_view_needs_email (self);

  if (self->logged_in && !logged_in)
    ca_contact_view_clear (self);
  self->logged_in = logged_in;
  gtk_widget_set_visible (GTK_WIDGET (self->email_row), !logged_in);
  ca_contact_view_update_send (self);
}

static void
send_contact_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CaContactView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ca_client_send_contact_finish (CA_CLIENT (object), result, &error))
    {
      g_autofree char *sentence = NULL;
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      sentence = ca_application_describe_error (error);
      text = g_strdup_printf (_("The message could not be sent: %s Your text is kept: try "
                                "again."), sentence);
      ca_contact_view_show_error (self, text);
      g_clear_object (&self->cancellable);
      ca_contact_view_set_send_label (self, _("_Try Again"), _("Try Again"));
      ca_contact_view_update_send (self);
      return;
    }

  g_clear_object (&self->cancellable);
  ca_contact_view_clear (self);
  gtk_stack_set_visible_child_name (self->stack, "sent");
  ca_contact_view_update_send (self);
}

static void
send_clicked_cb (CaContactView *self)
{
  g_autofree char *message = NULL;
  const char *email = NULL;

  if (self->cancellable != NULL || !ca_contact_view_is_valid (self))
    return;

  message = ca_contact_view_dup_message (self);
  if (ca_contact_view_needs_email (self))
    email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  self->cancellable = g_cancellable_new ();
  ca_contact_view_show_error (self, NULL);
  ca_contact_view_update_send (self);
  ca_client_send_contact_async (self->client,
                                gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                                message, email, self->cancellable,
                                send_contact_cb, g_object_ref (self));
}

static void
again_clicked_cb (CaContactView *self)
{
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
}

static void
ca_contact_view_set_client (CaContactView *self,
                            CaClient      *client)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  ca_contact_view_clear (self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::logged-in",
                             G_CALLBACK (ca_contact_view_update_account), self,
                             G_CONNECT_SWAPPED);
  self->logged_in = FALSE;
  ca_contact_view_update_account (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

GtkWidget *
ca_contact_view_new (void)
{
  return g_object_new (CA_TYPE_CONTACT_VIEW, NULL);
}

static void
ca_contact_view_dispose (GObject *object)
{
  CaContactView *self = CA_CONTACT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_CONTACT_VIEW);

  G_OBJECT_CLASS (ca_contact_view_parent_class)->dispose (object);
}

static void
ca_contact_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaContactView *self = CA_CONTACT_VIEW (object);

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
ca_contact_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CaContactView *self = CA_CONTACT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ca_contact_view_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_contact_view_class_init (CaContactViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Keeps the resources, and their constructor, in programs linking the static library. */
  (void) ca_contact_get_resource ();

  object_class->dispose = ca_contact_view_dispose;
  object_class->get_property = ca_contact_view_get_property;
  object_class->set_property = ca_contact_view_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/contact/ca-contact-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaContactView, stack);
  gtk_widget_class_bind_template_child (widget_class, CaContactView, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CaContactView, email_row);
  gtk_widget_class_bind_template_child (widget_class, CaContactView, message_view);
  gtk_widget_class_bind_template_child (widget_class, CaContactView, error_label);
  gtk_widget_class_bind_template_child (widget_class, CaContactView, send_button);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
}

static void
ca_contact_view_init (CaContactView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->subject_row, "changed",
                           G_CALLBACK (ca_contact_view_update_send), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->email_row, "changed",
                           G_CALLBACK (ca_contact_view_update_send), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->message_view), "changed",
                           G_CALLBACK (ca_contact_view_update_send), self, G_CONNECT_SWAPPED);
  ca_contact_view_update_account (self);
}
