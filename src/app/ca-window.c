/* ca-window.c — the main window: the four places, the account, the service's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaWindow"

#include <glib/gi18n.h>

#include "ca-contact-view.h"
#include "ca-font-preload.h"
#include "ca-idle-guard.h"
#include "ca-login-dialog.h"
#include "ca-mailbox-view.h"
#include "ca-resources.h"
#include "ca-search-view.h"
#include "ca-candidatures-view.h"
#include "ca-profile-view.h"
#include "ca-window.h"
#include "ca-x11-shm.h"

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkWidget            *demo_label;
  GtkWidget            *public_label;
  CaIdleGuard          *idle_guard;
  GtkStack             *account_stack;
  GtkLabel             *account_email_label;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  CaSearchView         *search_view;
  AdwViewStackPage     *mailbox_page;
  /* Built when first shown, NULL until then */
  AdwBin               *candidatures_bin;
  AdwBin               *profile_bin;
  AdwBin               *contact_bin;
  AdwBin               *mailbox_bin;
  CaCandidaturesView   *candidatures_view;
  CaProfileView        *profile_view;
  CaContactView        *contact_view;
  CaMailboxView        *mailbox_view;
  AdwStatusPage        *service_error_page;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *header_switcher_bin;
  GtkWidget            *header_switcher;
  GtkWidget            *header_bar;
  GtkWidget            *title_box;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  gboolean              header_roomy;  /* the wide view switcher fits in the header bar */

  CaApplication        *application;   /* GtkWindow forgets it when the window is removed */
  GBinding             *client_binding;
  GSettings            *settings;
  GCancellable         *cancellable;
  CaLoginDialog        *login_dialog;
  GtkWindow            *shortcuts_window;  /* built when first asked for */
  guint                 present_timeout_id;
  GPtrArray            *login_tasks;   /* ensure_login calls waiting for the dialog */
  gboolean              logging_out;
};

G_DEFINE_FINAL_TYPE (CaWindow, ca_window, ADW_TYPE_APPLICATION_WINDOW)

static CaApplication *
ca_window_get_ca_application (CaWindow *self)
{
  return self->application;
}

void
ca_window_add_toast (CaWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CA_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
ca_window_toast (CaWindow   *self,
                 const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  ca_window_add_toast (self, toast);
}

GCancellable *
ca_window_get_cancellable (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);

  return self->cancellable;
}

void
ca_window_show_place (CaWindow   *self,
                      const char *place)
{
  g_return_if_fail (CA_IS_WINDOW (self));
  g_return_if_fail (place != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, place) == NULL)
    {
      g_warning ("No place named “%s”", place);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, place);
}

/* The application's state */

/* The places' switcher shows in the header bar when it fits there, at the bottom otherwise;
 * neither shows while the service is unavailable, as no place can work: the header then
 * shows the application's name. */
static void
ca_window_update_switchers (CaWindow *self)
{
  gboolean available = ca_application_get_service_error (self->application) == NULL;
  gboolean in_header = available && self->header_roomy;
  gboolean reveal = available && !self->header_roomy;

  gtk_widget_set_visible (self->header_switcher_bin, in_header);
  /* The bar builds a button per place: not before it is first needed (a wide window may
   * never need it). */
  if (reveal && adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, reveal);
}

/* Narrow header bar */

static int
natural_width (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* The header bar gives its centre all it asks for before its sides: with the switcher there,
 * the marks and « Se connecter » would shrink to icons as soon as the switcher does not fit.
 * In that case a plain title takes its place (the bottom bar takes over the places): the
 * centre asks only for the title, and the sides keep their words while there is room.
 *
 * The switcher stays in the header bar when its full width fits with the sides at their
 * smallest: the same test whichever shows, so the choice is stable. */
static void
ca_window_fit_header (CaWindow *self,
                      int       width)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
  int decorations = natural_width (GTK_WIDGET (self)) - natural_width (content);
  int sides = minimum_width (self->header_bar) - minimum_width (self->title_box);
  /* Measured whether it shows or not: its bin is what hides. */
  int switcher = natural_width (self->header_switcher);
  gboolean roomy = width - decorations >= sides + switcher;

  if (roomy == self->header_roomy)
    return;
  self->header_roomy = roomy;
  if (self->application != NULL)
    ca_window_update_switchers (self);
}

static void
ca_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  ca_window_fit_header (CA_WINDOW (widget), width);

  GTK_WIDGET_CLASS (ca_window_parent_class)->size_allocate (widget, width, height, baseline);
}

/* A service and a silent login that wait for the window's first frame start once it is
 * painted, and the memory of the next frames is kept then: after whatever else waits for
 * that frame. */
static void
first_paint_cb (CaWindow      *self,
                GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  if (self->application != NULL)
    ca_application_window_painted (self->application);
  ca_x11_keep_frame_memory (GTK_WIDGET (self));
}

/* The header is fitted to the size the window is about to have before it is first shown:
 * deciding only at the first allocation would slide the bottom bar in as the window opens. */
static void
ca_window_realize (GtkWidget *widget)
{
  int width, height;

  GTK_WIDGET_CLASS (ca_window_parent_class)->realize (widget);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (first_paint_cb), widget,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_get_default_size (GTK_WINDOW (widget), &width, &height);
  if (width > 0 && !gtk_window_is_maximized (GTK_WINDOW (widget)))
    ca_window_fit_header (CA_WINDOW (widget), width);
}

/* The page that says the service cannot be used, built the first time it is needed: most
 * starts never show it. */
static AdwStatusPage *
ca_window_ensure_service_error_page (CaWindow *self)
{
  GtkWidget *retry;

  if (self->service_error_page != NULL)
    return self->service_error_page;

  retry = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "win.retry-service");
  gtk_widget_add_css_class (retry, "pill");
  gtk_widget_add_css_class (retry, "suggested-action");
  self->service_error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_child (self->service_error_page, retry);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->service_error_page), "service-error");
  return self->service_error_page;
}

static void
ca_window_update_service (CaWindow *self)
{
  CaApplication *app = ca_window_get_ca_application (self);
  const char *error = ca_application_get_service_error (app);
  g_autofree char *escaped = NULL;
  AdwStatusPage *page;

  gtk_widget_set_visible (self->demo_label, ca_application_is_demo (app));
  ca_window_update_switchers (self);
  if (error == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "content");
      return;
    }

  page = ca_window_ensure_service_error_page (self);
  adw_status_page_set_icon_name (page,
                                 ca_application_is_demo (app)
                                 ? "computer-fail-symbolic" : "network-error-symbolic");
  adw_status_page_set_title (page,
                             ca_application_is_demo (app)
                             ? _("The Service Could Not Start")
                             : _("The Service Cannot Be Reached"));
  /* The description is markup; the reason is plain text from the service or the system. */
  escaped = g_markup_escape_text (error, -1);
  adw_status_page_set_description (page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "service-error");
}

static void
ca_window_update_account (CaWindow *self)
{
  const char *email = ca_application_get_account_email (ca_window_get_ca_application (self));

  gtk_label_set_label (self->account_email_label, email ? email : "");
  gtk_stack_set_visible_child_name (self->account_stack, email ? "logged-in" : "logged-out");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-out", email != NULL);
}

/* After logging in with an incomplete profile, « Mon profil » comes first */
static void
ca_window_lead_to_profile (CaWindow *self)
{
  CaApplication *app = ca_window_get_ca_application (self);

  if (ca_application_get_account_email (app) != NULL
      && !ca_application_get_profile_complete (app))
    ca_window_show_place (self, "profile");
}

static void
keyring_error_cb (CaWindow   *self,
                  const char *message)
{
  g_assert (CA_IS_WINDOW (self));

  ca_window_toast (self, message);
}

static void
session_expired_cb (CaWindow *self)
{
  AdwToast *toast;

  g_assert (CA_IS_WINDOW (self));

  toast = adw_toast_new (_("Your session has ended. Log in again to continue."));
  adw_toast_set_button_label (toast, _("_Log In"));
  adw_toast_set_action_name (toast, "win.log-in");
  adw_toast_set_timeout (toast, 0);
  /* Before any other news: what the person does next needs a login. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  ca_window_add_toast (self, toast);
}

/* Logging in */

static void
ca_window_complete_login_tasks (CaWindow *self,
                                gboolean  logged_in)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->login_tasks);

  self->login_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (logged_in)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The person did not log in");
    }
}

static void
login_dialog_logged_in_cb (CaWindow      *self,
                           CaLoginDialog *dialog)
{
  g_assert (CA_IS_WINDOW (self));

  ca_window_complete_login_tasks (self, TRUE);
}

static void
login_dialog_destroy_cb (CaWindow      *self,
                         CaLoginDialog *dialog)
{
  g_assert (CA_IS_WINDOW (self));

  if (self->login_dialog == dialog)
    self->login_dialog = NULL;
  ca_window_complete_login_tasks (self, FALSE);
}

static void
ca_window_show_login (CaWindow *self)
{
  g_assert (CA_IS_WINDOW (self));

  if (self->login_dialog == NULL)
    {
      self->login_dialog = ca_login_dialog_new (ca_window_get_ca_application (self),
                                                GTK_WINDOW (self));
      g_signal_connect_object (self->login_dialog, "logged-in",
                               G_CALLBACK (login_dialog_logged_in_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->login_dialog, "destroy",
                               G_CALLBACK (login_dialog_destroy_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->login_dialog));
}

void
ca_window_ensure_login_async (CaWindow            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_WINDOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_window_ensure_login_async);

  if (ca_application_get_account_email (ca_window_get_ca_application (self)) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->login_tasks, g_steal_pointer (&task));
  ca_window_show_login (self);
}

gboolean
ca_window_ensure_login_finish (CaWindow      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
log_out_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;

  ca_application_log_out_finish (CA_APPLICATION (object), result, NULL);
  self->logging_out = FALSE;
  ca_window_toast (self, _("You are logged out."));
}

/* Actions */

static void
log_in_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ca_window_show_login (CA_WINDOW (widget));
}

static void
log_out_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->logging_out)
    return;
  self->logging_out = TRUE;
  ca_application_log_out_async (ca_window_get_ca_application (self), NULL,
                                log_out_cb, g_object_ref (self));
}

static void
show_place_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ca_window_show_place (CA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
ca_window_search_visible (CaWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "search") == 0;
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  ca_window_show_place (self, "search");
  ca_search_view_focus_search (self->search_view);
}

/* GtkApplication would build the shortcuts window with every window when its file is at
 * gtk/help-overlay.ui; it is a whole window of its own, so it waits until asked for. */
static void
show_help_overlay_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder = NULL;

      builder = gtk_builder_new_from_resource ("/fr/paris/CoursAdultes/ca-shortcuts-window.ui");
      self->shortcuts_window = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (self->shortcuts_window, TRUE);
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
    }
  gtk_window_present (self->shortcuts_window);
}

static void
retry_service_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ca_application_restart_service (ca_window_get_ca_application (CA_WINDOW (widget)));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (ca_application_get_service_error (ca_window_get_ca_application (self)) != NULL)
    ca_application_restart_service (ca_window_get_ca_application (self));
  else if (ca_window_search_visible (self))
    ca_search_view_refresh (self->search_view);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                      "candidatures") == 0 && self->candidatures_view != NULL)
    ca_candidatures_view_refresh (self->candidatures_view);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                      "profile") == 0 && self->profile_view != NULL)
    ca_profile_view_reload (self->profile_view);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (ca_window_search_visible (self))
    ca_search_view_go_back (self->search_view);
}

/* Size */

static void
ca_window_restore_size (CaWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 294));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
ca_window_save_size (CaWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width, height;

  /* A maximized window keeps the size it will have when unmaximized. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static gboolean
ca_window_close_request (GtkWindow *window)
{
  CaWindow *self = CA_WINDOW (window);

  ca_window_save_size (self);
  g_cancellable_cancel (self->cancellable);
  if (self->login_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->login_dialog));

  return GTK_WINDOW_CLASS (ca_window_parent_class)->close_request (window);
}

/* Places */

/* The embedded service writes its mails in a folder of its own, which changes when a person
 * logs out of a public computer and the service starts again. */
static void
ca_window_update_mail_dir (CaWindow *self)
{
  const char *mail_dir = ca_application_get_mail_dir (self->application);

  if (self->mailbox_view != NULL && mail_dir != NULL)
    g_object_set (self->mailbox_view, "mail-dir", mail_dir, NULL);
}

/* Built from a template of its own, a view keeps the id it had in the window's template. */
/* The application learns at once that the profile is complete, not at the next login */
static void
profile_complete_cb (CaWindow *self)
{
  if (ca_profile_view_get_complete (self->profile_view))
    ca_application_profile_completed (ca_window_get_ca_application (self));
}

static GtkWidget *
ca_window_build_view (AdwBin     *bin,
                      GType       type,
                      const char *id)
{
  g_autofree char *ui = g_strdup_printf ("<interface><object class=\"%s\" id=\"%s\"/>"
                                         "</interface>", g_type_name (type), id);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_string (ui, -1);
  GtkWidget *view = GTK_WIDGET (gtk_builder_get_object (builder, id));

  adw_bin_set_child (bin, view);
  return view;
}

static GtkWidget *
ca_window_build_place (CaWindow   *self,
                       const char *place)
{
  if (g_strcmp0 (place, "candidatures") == 0 && self->candidatures_view == NULL)
    return GTK_WIDGET (self->candidatures_view = CA_CANDIDATURES_VIEW (
      ca_window_build_view (self->candidatures_bin, CA_TYPE_CANDIDATURES_VIEW,
                            "candidatures_view")));
  if (g_strcmp0 (place, "profile") == 0 && self->profile_view == NULL)
    {
      self->profile_view = CA_PROFILE_VIEW (ca_window_build_view (self->profile_bin,
                                                                  CA_TYPE_PROFILE_VIEW,
                                                                  "profile_view"));
      g_signal_connect_object (self->profile_view, "notify::complete",
                               G_CALLBACK (profile_complete_cb), self, G_CONNECT_SWAPPED);
      return GTK_WIDGET (self->profile_view);
    }
  if (g_strcmp0 (place, "contact") == 0 && self->contact_view == NULL)
    return GTK_WIDGET (self->contact_view = CA_CONTACT_VIEW (
      ca_window_build_view (self->contact_bin, CA_TYPE_CONTACT_VIEW, "contact_view")));
  if (g_strcmp0 (place, "mailbox") == 0 && self->mailbox_view == NULL)
    {
      self->mailbox_view = CA_MAILBOX_VIEW (ca_window_build_view (self->mailbox_bin,
                                                                  CA_TYPE_MAILBOX_VIEW,
                                                                  "mailbox_view"));
      ca_window_update_mail_dir (self);
      return GTK_WIDGET (self->mailbox_view);
    }
  return NULL;
}

/* The first frame needs only « Rechercher »: the other places are built when first shown. */
static void
ca_window_build_visible_place (CaWindow *self)
{
  const char *place = adw_view_stack_get_visible_child_name (self->view_stack);
  GtkWidget *view;

  if (self->application == NULL)
    return;
  view = ca_window_build_place (self, place);
  if (view != NULL)
    g_object_bind_property (self->application, "client", view, "client",
                            G_BINDING_SYNC_CREATE);
}

/* GObject */

/* GtkWindow:application is set after construction: this runs once it is. */
static void
ca_window_attach (CaWindow      *self,
                  CaApplication *app)
{
  g_assert (CA_IS_WINDOW (self));
  g_assert (CA_IS_APPLICATION (app));

  self->application = g_object_ref (app);
  self->client_binding = g_object_bind_property (app, "client", self->search_view, "client",
                                                 G_BINDING_SYNC_CREATE);
  if (ca_application_get_client (app) == NULL)
    {
      CaCatalogue *waiting = ca_application_get_waiting_catalogue (app);

      if (waiting != NULL)
        ca_search_view_show_waiting_catalogue (self->search_view, waiting);
    }
  if (ca_application_get_public_computer (app))
    {
      self->idle_guard = ca_idle_guard_new (GTK_WINDOW (self), app);
      gtk_widget_set_visible (self->public_label, TRUE);
    }
  /* The demonstration mailbox exists only with the embedded service. */
  if (ca_application_is_demo (app))
    adw_view_stack_page_set_visible (self->mailbox_page, TRUE);
  g_signal_connect_object (app, "notify::client",
                           G_CALLBACK (ca_window_update_mail_dir), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (ca_window_build_visible_place), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::account-email",
                           G_CALLBACK (ca_window_lead_to_profile), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::service-error",
                           G_CALLBACK (ca_window_update_service), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::account-email",
                           G_CALLBACK (ca_window_update_account), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "keyring-error",
                           G_CALLBACK (keyring_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "session-expired",
                           G_CALLBACK (session_expired_cb), self, G_CONNECT_SWAPPED);

  ca_window_update_service (self);
  ca_window_update_account (self);
  ca_window_build_visible_place (self);
  ca_window_restore_size (self);
}

/* Presenting */

/* The first frame shows the catalogue rather than a blank page filled a frame later (the
 * service usually answers while the window is being built), but the window never waits long:
 * past this, it shows the page that waits. */
#define PRESENT_WAIT_MS 200

static gboolean
ca_window_has_content (CaWindow *self)
{
  return !ca_search_view_get_loading (self->search_view)
         || ca_application_get_service_error (self->application) != NULL;
}

static void
ca_window_present_now (CaWindow *self)
{
  g_clear_handle_id (&self->present_timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_func (self->search_view, ca_window_present_when_ready, self);
  g_signal_handlers_disconnect_by_func (self->application, ca_window_present_when_ready, self);
  /* Presenting measures the window: from here on it wants its fonts. */
  ca_font_preload_finish ();
  gtk_window_present (GTK_WINDOW (self));
}

static gboolean
present_timeout_cb (gpointer user_data)
{
  CaWindow *self = user_data;

  self->present_timeout_id = 0;
  ca_window_present_now (self);
  return G_SOURCE_REMOVE;
}

void
ca_window_present_when_ready (CaWindow *self)
{
  g_return_if_fail (CA_IS_WINDOW (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)) || ca_window_has_content (self))
    {
      ca_window_present_now (self);
      return;
    }
  if (self->present_timeout_id != 0)
    return;   /* already waiting */
  g_signal_connect_object (self->search_view, "notify::loading",
                           G_CALLBACK (ca_window_present_when_ready), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::service-error",
                           G_CALLBACK (ca_window_present_when_ready), self, G_CONNECT_SWAPPED);
  self->present_timeout_id = g_timeout_add (PRESENT_WAIT_MS, present_timeout_cb, self);
}

static void
ca_window_dispose (GObject *object)
{
  CaWindow *self = CA_WINDOW (object);

  g_clear_handle_id (&self->present_timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->login_tasks != NULL)
    ca_window_complete_login_tasks (self, FALSE);
  if (self->login_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->login_dialog));

  /* The application outlives the window: it must stop talking to its widgets now. */
  if (self->client_binding != NULL)
    g_clear_pointer (&self->client_binding, g_binding_unbind);
  g_clear_object (&self->idle_guard);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_WINDOW);

  G_OBJECT_CLASS (ca_window_parent_class)->dispose (object);
}

static void
ca_window_finalize (GObject *object)
{
  CaWindow *self = CA_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  g_clear_pointer (&self->login_tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_window_parent_class)->finalize (object);
}

static void
ca_window_class_init (CaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Referencing the resources keeps them, and the constructor that registers them, in the
   * program when it links this static library. */
  (void) ca_get_resource ();

  object_class->dispose = ca_window_dispose;
  object_class->finalize = ca_window_finalize;
  widget_class->size_allocate = ca_window_size_allocate;
  widget_class->realize = ca_window_realize;
  window_class->close_request = ca_window_close_request;

  g_type_ensure (CA_TYPE_SEARCH_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, public_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, account_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, account_email_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_view);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, candidatures_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, profile_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, contact_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, mailbox_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, mailbox_page);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_switcher_bin);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_switcher);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, title_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, primary_menu);

  gtk_widget_class_install_action (widget_class, "win.show-place", "s", show_place_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action_cb);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.log-in", NULL, log_in_action_cb);
  gtk_widget_class_install_action (widget_class, "win.log-out", NULL, log_out_action_cb);
  gtk_widget_class_install_action (widget_class, "win.retry-service", NULL,
                                   retry_service_action_cb);
}

/* A popover menu builds a widget for every item: the main menu's waits until it is opened
 * (with the pointer or F10), not the window's first frame. */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  CaWindow *self = CA_WINDOW (user_data);

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
ca_window_init (CaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu_cb,
                                         self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);

  self->settings = g_settings_new (APP_ID_BASE);
  self->cancellable = g_cancellable_new ();
  self->login_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->header_roomy = TRUE;

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

CaWindow *
ca_window_new (CaApplication *application)
{
  CaWindow *self;

  g_return_val_if_fail (CA_IS_APPLICATION (application), NULL);

  self = g_object_new (CA_TYPE_WINDOW, "application", application, NULL);
  ca_window_attach (self, application);
  return self;
}
