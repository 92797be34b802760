/* ca-idle-guard.c — public-computer mode: logs the person out after a time without input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaIdleGuard"

#include <glib/gi18n.h>

#include "ca-files.h"
#include "ca-idle-guard.h"
#include "ca-window.h"

struct _CaIdleGuard
{
  GObject          parent_instance;

  GtkWindow       *window;        /* weak */
  CaApplication   *application;
  GtkEventController *controller;
  guint            idle_seconds;
  guint            warning_seconds;
  guint            idle_source;
  guint            countdown_source;
  guint            remaining;
  AdwMessageDialog *dialog;
};

G_DEFINE_FINAL_TYPE (CaIdleGuard, ca_idle_guard, G_TYPE_OBJECT)

static void ca_idle_guard_restart (CaIdleGuard *self);

static guint
seconds_from_env (const char *name,
                  guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 seconds = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT / 1000, &seconds,
                                                    NULL))
    return fallback;
  return (guint) seconds;
}

void
ca_idle_guard_wipe_files (void)
{
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "cours-adultes", NULL);

  ca_remove_tree (cache);
}

static void
ca_idle_guard_close_warning (CaIdleGuard *self)
{
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  if (self->dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
log_out_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ca_application_log_out_finish (CA_APPLICATION (object), result, NULL);
}

static void
ca_idle_guard_log_out (CaIdleGuard *self)
{
  ca_idle_guard_close_warning (self);
  ca_application_log_out_async (self->application, NULL, log_out_cb, NULL);
  if (CA_IS_WINDOW (self->window))
    {
      AdwToast *toast = adw_toast_new (_("You were logged out after a time without activity"));

      adw_toast_set_timeout (toast, 0);
      ca_window_add_toast (CA_WINDOW (self->window), toast);
    }
}

static void
ca_idle_guard_update_warning (CaIdleGuard *self)
{
  g_autofree char *body = g_strdup_printf (g_dngettext (NULL,
                                                        "Nobody has used this computer for a "
                                                        "while. To protect your data, you will "
                                                        "be logged out in %u second.",
                                                        "Nobody has used this computer for a "
                                                        "while. To protect your data, you will "
                                                        "be logged out in %u seconds.",
                                                        self->remaining),
                                           self->remaining);

  adw_message_dialog_set_body (self->dialog, body);
}

static gboolean
countdown_cb (gpointer user_data)
{
  CaIdleGuard *self = user_data;

  if (self->remaining <= 1)
    {
      self->countdown_source = 0;
      ca_idle_guard_log_out (self);
      ca_idle_guard_restart (self);
      return G_SOURCE_REMOVE;
    }
  self->remaining--;
  ca_idle_guard_update_warning (self);
  return G_SOURCE_CONTINUE;
}

static void
warning_response_cb (CaIdleGuard *self)
{
  ca_idle_guard_close_warning (self);
  ca_idle_guard_restart (self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                CaIdleGuard              *self);

static void
ca_idle_guard_show_warning (CaIdleGuard *self)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->window,
                                                             _("Are You Still There?"), NULL));
  adw_message_dialog_add_response (self->dialog, "stay", _("_Stay Logged In"));
  adw_message_dialog_set_response_appearance (self->dialog, "stay", ADW_RESPONSE_SUGGESTED);
  self->remaining = self->warning_seconds;
  ca_idle_guard_update_warning (self);
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (warning_response_cb), self,
                           G_CONNECT_SWAPPED);
  /* Any key or click on the warning itself counts as presence too. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (input_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->dialog), controller);
  self->countdown_source = g_timeout_add_seconds (1, countdown_cb, self);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static gboolean
idle_cb (gpointer user_data)
{
  CaIdleGuard *self = user_data;

  self->idle_source = 0;
  if (ca_application_get_account_email (self->application) == NULL)
    ca_idle_guard_restart (self);   /* nobody to log out */
  else
    ca_idle_guard_show_warning (self);
  return G_SOURCE_REMOVE;
}

static void
ca_idle_guard_restart (CaIdleGuard *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add_seconds (self->idle_seconds, idle_cb, self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                CaIdleGuard              *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_SCROLL:
      ca_idle_guard_close_warning (self);
      ca_idle_guard_restart (self);
      break;
    case GDK_MOTION_NOTIFY:
      /* Motion shows presence, but only a key or a click answers the warning. */
      if (self->dialog == NULL)
        ca_idle_guard_restart (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
account_changed_cb (CaIdleGuard *self)
{
  if (ca_application_get_account_email (self->application) == NULL)
    {
      ca_idle_guard_close_warning (self);
      ca_idle_guard_wipe_files ();
    }
  ca_idle_guard_restart (self);
}

CaIdleGuard *
ca_idle_guard_new (GtkWindow     *window,
                   CaApplication *application)
{
  CaIdleGuard *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (CA_IS_APPLICATION (application), NULL);

  self = g_object_new (CA_TYPE_IDLE_GUARD, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->application = g_object_ref (application);
  self->controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->controller, "event", G_CALLBACK (input_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), self->controller);
  g_signal_connect_object (application, "notify::account-email",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  ca_idle_guard_restart (self);
  return self;
}

static void
ca_idle_guard_dispose (GObject *object)
{
  CaIdleGuard *self = CA_IDLE_GUARD (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  ca_idle_guard_close_warning (self);
  if (self->window != NULL)
    {
      gtk_widget_remove_controller (GTK_WIDGET (self->window), self->controller);
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      /* Quitting ends the session too: nothing of it stays on the disk. */
      ca_idle_guard_wipe_files ();
    }
  g_clear_object (&self->application);

  G_OBJECT_CLASS (ca_idle_guard_parent_class)->dispose (object);
}

static void
ca_idle_guard_class_init (CaIdleGuardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ca_idle_guard_dispose;
}

static void
ca_idle_guard_init (CaIdleGuard *self)
{
  self->idle_seconds = seconds_from_env ("CA_IDLE_TIMEOUT_SECONDS", 10 * 60);
  self->warning_seconds = seconds_from_env ("CA_IDLE_WARNING_SECONDS", 60);
}
