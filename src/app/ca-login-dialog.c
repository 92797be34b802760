/* ca-login-dialog.c — « Se connecter »: e-mail, password, « Se souvenir de moi »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaLoginDialog"

#include <glib/gi18n.h>

#include "ca-account-dialog.h"
#include "ca-error.h"
#include "ca-login-dialog.h"

struct _CaLoginDialog
{
  AdwWindow      parent_instance;

  GtkStack      *stack;
  GtkWidget     *back_button;
  GtkWidget     *credentials_group;
  AdwEntryRow   *email_row;
  AdwEntryRow   *password_row;
  GtkWidget     *remember_group;
  GtkSwitch     *remember_switch;
  GtkWidget     *error_box;
  GtkLabel      *error_label;
  GtkWidget     *retry_button;
  GtkWidget     *log_in_button;
  GtkSpinner    *spinner;
  GtkWidget     *reveal_button;   /* inside password_row */

  CaApplication *application;
  GCancellable  *cancellable;
  gboolean       in_flight;
};

G_DEFINE_FINAL_TYPE (CaLoginDialog, ca_login_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ca_login_dialog_show_error (CaLoginDialog *self,
                            const char    *message,
                            gboolean       can_retry)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->error_box, message != NULL);
}

static void
ca_login_dialog_set_in_flight (CaLoginDialog *self,
                               gboolean       in_flight)
{
  self->in_flight = in_flight;
  /* The fields keep what was typed; they only wait while the service answers. */
  gtk_widget_set_sensitive (self->credentials_group, !in_flight);
  gtk_widget_set_sensitive (self->remember_group, !in_flight);
  gtk_widget_set_sensitive (self->log_in_button, !in_flight);
  gtk_widget_set_sensitive (self->retry_button, !in_flight);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), in_flight);
  gtk_spinner_set_spinning (self->spinner, in_flight);
}

static gboolean
is_retryable (const GError *error)
{
  return g_error_matches (error, CA_ERROR, CA_ERROR_NETWORK)
         || g_error_matches (error, CA_ERROR, CA_ERROR_TIMEOUT)
         || g_error_matches (error, CA_ERROR, CA_ERROR_SERVER)
         || g_error_matches (error, CA_ERROR, CA_ERROR_BAD_RESPONSE)
         || g_error_matches (error, CA_ERROR, CA_ERROR_INTERNAL)
         || g_error_matches (error, CA_ERROR, CA_ERROR_UNAVAILABLE);
}

static char *
describe_login_error (const GError *error)
{
  guint minutes;

  if (g_error_matches (error, CA_ERROR, CA_ERROR_INVALID_CREDENTIALS))
    return g_strdup (_("The e-mail address or the password is not right. Check them, then "
                       "try again."));
  if (g_error_matches (error, CA_ERROR, CA_ERROR_ACCOUNT_NOT_CONFIRMED))
    return g_strdup (_("Your account is not confirmed yet. Open the message “Mon Paris - "
                       "confirmez votre compte en un clic” in your mailbox and follow its "
                       "link, then log in again."));
  if (g_error_matches (error, CA_ERROR, CA_ERROR_TOO_MANY_ATTEMPTS))
    {
      minutes = (ca_error_get_retry_after (error) + 59) / 60;
      if (minutes == 0)
        return g_strdup (_("Too many failed attempts. Wait a few minutes, then try again."));
      return g_strdup_printf (ngettext ("Too many failed attempts. Try again in %u minute.",
                                        "Too many failed attempts. Try again in %u minutes.",
                                        minutes),
                              minutes);
    }
  return ca_application_describe_error (error);
}

static void
log_in_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CaLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!ca_application_log_in_finish (CA_APPLICATION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      ca_login_dialog_set_in_flight (self, FALSE);
      message = describe_login_error (error);
      ca_login_dialog_show_error (self, message, is_retryable (error));
      if (g_error_matches (error, CA_ERROR, CA_ERROR_INVALID_CREDENTIALS))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  ca_login_dialog_set_in_flight (self, FALSE);
  g_signal_emit (self, signals[LOGGED_IN], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
log_in_clicked_cb (CaLoginDialog *self)
{
  g_autofree char *email = NULL;
  const char *password;

  g_assert (CA_IS_LOGIN_DIALOG (self));

  /* A second click while the service answers does nothing. */
  if (self->in_flight)
    return;

  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (email[0] == '\0')
    {
      ca_login_dialog_show_error (self, _("Type your e-mail address."), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
      return;
    }
  if (password[0] == '\0')
    {
      ca_login_dialog_show_error (self, _("Type your password."), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  ca_login_dialog_show_error (self, NULL, FALSE);
  ca_login_dialog_set_in_flight (self, TRUE);
  ca_application_log_in_async (self->application, email, password,
                               gtk_switch_get_active (self->remember_switch),
                               self->cancellable, log_in_cb, g_object_ref (self));
}

static void
email_activated_cb (CaLoginDialog *self)
{
  g_assert (CA_IS_LOGIN_DIALOG (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/* Back from « Créer mon compte »: the form is filled with the new address */
static void
account_log_in_requested_cb (CaLoginDialog *self,
                             const char    *email)
{
  g_assert (CA_IS_LOGIN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
create_account_clicked_cb (CaLoginDialog *self)
{
  CaClient *client = ca_application_get_client (self->application);
  CaAccountDialog *dialog;

  g_assert (CA_IS_LOGIN_DIALOG (self));

  /* Without a service yet, the page says where else an account can be created */
  if (client == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "create-account");
      gtk_widget_set_visible (self->back_button, TRUE);
      return;
    }
  dialog = ca_account_dialog_new (client, GTK_WINDOW (self));
  ca_account_dialog_set_email (dialog, gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
  g_signal_connect_object (dialog, "log-in-requested", G_CALLBACK (account_log_in_requested_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_clicked_cb (CaLoginDialog *self)
{
  g_assert (CA_IS_LOGIN_DIALOG (self));

  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (self->back_button, FALSE);
}

/* libadwaita 1.2 leaves the password row's reveal button without an accessible name: find it
 * by its icon, and name it after what it will do. */
static GtkWidget *
find_reveal_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child)
          && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "view-reveal-symbolic") == 0)
        return child;
      if ((found = find_reveal_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
ca_login_dialog_update_reveal_label (CaLoginDialog *self)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->password_row));
  gboolean visible = GTK_IS_TEXT (delegate) && gtk_text_get_visibility (GTK_TEXT (delegate));

  if (self->reveal_button == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reveal_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  visible ? _("Hide password") : _("Show password"),
                                  -1);
}

static void
ca_login_dialog_label_reveal_button (CaLoginDialog *self)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->password_row));

  self->reveal_button = find_reveal_button (GTK_WIDGET (self->password_row));
  if (self->reveal_button == NULL || !GTK_IS_TEXT (delegate))
    {
      g_warning ("The password row has no reveal button to name");
      return;
    }
  ca_login_dialog_update_reveal_label (self);
  g_signal_connect_object (delegate, "notify::visibility",
                           G_CALLBACK (ca_login_dialog_update_reveal_label), self,
                           G_CONNECT_SWAPPED);
}

static void
ca_login_dialog_dispose (GObject *object)
{
  CaLoginDialog *self = CA_LOGIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_LOGIN_DIALOG);
  G_OBJECT_CLASS (ca_login_dialog_parent_class)->dispose (object);
}

static void
ca_login_dialog_finalize (GObject *object)
{
  CaLoginDialog *self = CA_LOGIN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);
  G_OBJECT_CLASS (ca_login_dialog_parent_class)->finalize (object);
}

static void
ca_login_dialog_class_init (CaLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_login_dialog_dispose;
  object_class->finalize = ca_login_dialog_finalize;

  signals[LOGGED_IN] = g_signal_new ("logged-in",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/ca-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, remember_group);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, retry_button);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, log_in_button);
  gtk_widget_class_bind_template_child (widget_class, CaLoginDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, log_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_account_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ca_login_dialog_init (CaLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  ca_login_dialog_label_reveal_button (self);
}

CaLoginDialog *
ca_login_dialog_new (CaApplication *application,
                     GtkWindow     *parent)
{
  CaLoginDialog *self;

  g_return_val_if_fail (CA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CA_TYPE_LOGIN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->application = g_object_ref (application);

  /* On a public computer nothing is remembered, and the choice is not offered. */
  if (ca_application_get_public_computer (application))
    {
      gtk_switch_set_active (self->remember_switch, FALSE);
      gtk_widget_set_visible (self->remember_group, FALSE);
    }
  return self;
}
