/* ca-payment-dialog.c — « Régler »: the card payment happens on the PayFiP page in the browser;
 * this window shows what is being paid and follows the candidature until it is enrolled.
 *
 * Following: every CA_PAYMENT_POLL_SECONDS the candidature list is read; while the candidature
 * still awaits payment, the latest attempt (GET /candidatures/{id}/payment, docs/api.md 10.5)
 * says whether the person refused, abandoned or simply has not finished yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCandidatures"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "ca-application.h"
#include "ca-candidatures-private.h"
#include "ca-error.h"
#include "ca-format.h"
#include "ca-payment-dialog.h"
#include "ca-window.h"

struct _CaPaymentDialog
{
  AdwWindow      parent_instance;

  CaClient      *client;
  CaCandidature *candidature;
  CaPaymentInfo *info;
  GCancellable  *cancellable;   /* cancelled when the window closes */
  SoupSession   *session;
  guint          poll_source;
  gboolean       polling;       /* a check is in flight */
  gboolean       login_asked;

  GtkWidget     *stack;
  GtkWidget     *error_status;
  GtkWidget     *amount_row;
  GtkWidget     *address_row;
  GtkWidget     *failure_label;
  GtkWidget     *waiting_box;
  GtkWidget     *retry_button;
  GtkWidget     *reopen_button;
};

G_DEFINE_FINAL_TYPE (CaPaymentDialog, ca_payment_dialog, ADW_TYPE_WINDOW)

enum {
  ENROLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void create_payment (CaPaymentDialog *self);
static void start_polling  (CaPaymentDialog *self);

/* ---- the browser --------------------------------------------------------------------------- */

static void
set_failure (CaPaymentDialog *self,
             const char      *message)
{
  ca_candidatures_set_error (self->failure_label, message);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CaPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_failure (self, _("The browser could not be opened. Copy the address below into your "
                         "browser to pay."));
}
#else
static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CaPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_failure (self, _("The browser could not be opened. Copy the address below into your "
                         "browser to pay."));
}
#endif

static void
open_payment_page (CaPaymentDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->info == NULL)
    return;
  /* Tests play the browser themselves by posting the simulator's form */
  if (g_strcmp0 (g_getenv ("CA_TEST_NO_BROWSER"), "1") == 0)
    return;
  if (parent == NULL)
    parent = GTK_WINDOW (self);
#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (self->info->payment_url);

    gtk_uri_launcher_launch (launcher, parent, self->cancellable, launch_cb,
                             g_object_ref (self));
  }
#else
  gtk_show_uri_full (parent, self->info->payment_url, GDK_CURRENT_TIME, self->cancellable,
                     show_uri_cb, g_object_ref (self));
#endif
}

static void
reopen_clicked_cb (CaPaymentDialog *self)
{
  open_payment_page (self);
}

static void
copy_clicked_cb (CaPaymentDialog *self)
{
  AdwToast *toast;

  if (self->info == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->info->payment_url);
  toast = adw_toast_new (_("Address copied"));
  adw_toast_set_timeout (toast, 3);
  ca_candidatures_add_toast (self->failure_label, toast);
}

const char *
ca_payment_dialog_get_payment_url (CaPaymentDialog *self)
{
  g_return_val_if_fail (CA_IS_PAYMENT_DIALOG (self), NULL);

  return self->info != NULL ? self->info->payment_url : NULL;
}

/* ---- following the payment ----------------------------------------------------------------- */

static void
stop_polling (CaPaymentDialog *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  gtk_widget_set_visible (self->waiting_box, FALSE);
}

static void
attempt_state (CaPaymentDialog *self,
               const char      *state)
{
  const char *message = NULL;

  if (g_strcmp0 (state, "refused") == 0)
    message = _("The payment did not complete: the card was refused. Nothing was charged. You "
                "can try again, with another card if need be.");
  else if (g_strcmp0 (state, "abandoned") == 0)
    message = _("The payment did not complete: it was abandoned on the payment page. Nothing "
                "was charged. You can try again.");
  else if (g_strcmp0 (state, "paid-not-applied") == 0)
    message = _("The payment was received but could not be applied to this application, which "
                "can no longer be paid. The Service des Cours d'Adultes will refund it.");
  if (message == NULL)
    return;
  stop_polling (self);
  set_failure (self, message);
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_widget_set_visible (self->reopen_button, FALSE);
}

static void
payment_state_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CaPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->polling = FALSE;
  /* Another try comes with the next tick; the candidature list stays the reference */
  if (bytes == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    return;
  node = ca_json_parse_bytes (bytes, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    attempt_state (self, json_object_get_string_member_with_default (json_node_get_object (node),
                                                                     "state", NULL));
}

static void
check_attempt (CaPaymentDialog *self)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/candidatures/%s/payment",
                                          ca_client_get_base_url (self->client),
                                          ca_candidature_get_id (self->candidature));
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  const char *token = ca_client_get_token (self->client);

  if (message == NULL || token == NULL)
    {
      self->polling = FALSE;
      return;
    }
  {
    g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  bearer);
  }
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    self->cancellable, payment_state_cb, g_object_ref (self));
}

static void
enrolled (CaPaymentDialog *self)
{
  stop_polling (self);
  g_signal_emit (self, signals[ENROLLED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CaPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureList) list = NULL;
  GListModel *items;
  const char *id = ca_candidature_get_id (self->candidature);

  list = ca_client_list_candidatures_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (list == NULL)
    {
      /* The service may be restarting: the next tick tries again */
      self->polling = FALSE;
      return;
    }
  items = ca_candidature_list_get_items (list);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CaCandidature) candidature = g_list_model_get_item (items, i);

      if (!g_str_equal (ca_candidature_get_id (candidature), id))
        continue;
      if (ca_candidature_get_status (candidature) == CA_STATUS_ENROLLED)
        {
          self->polling = FALSE;
          enrolled (self);
          return;
        }
      if (ca_candidature_get_status (candidature) == CA_STATUS_AWAITING_PAYMENT)
        {
          check_attempt (self);
          return;
        }
    }
  self->polling = FALSE;
}

static gboolean
poll_cb (gpointer user_data)
{
  CaPaymentDialog *self = user_data;

  if (!self->polling)
    {
      self->polling = TRUE;
      ca_client_list_candidatures_async (self->client, self->cancellable, list_cb,
                                         g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

static void
start_polling (CaPaymentDialog *self)
{
  stop_polling (self);
  gtk_widget_set_visible (self->waiting_box, TRUE);
  self->poll_source = g_timeout_add_seconds (CA_PAYMENT_POLL_SECONDS, poll_cb, self);
}

/* ---- creating the payment ------------------------------------------------------------------ */

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CaPaymentDialog) self = user_data;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL))
    create_payment (self);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_progress (CaPaymentDialog *self)
{
  g_autofree char *amount = ca_format_money (self->info->amount_cents);
  g_autofree char *address = g_markup_escape_text (self->info->payment_url, -1);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->amount_row), amount);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->address_row), address);
  set_failure (self, NULL);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_widget_set_visible (self->reopen_button, TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "progress");
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CaPaymentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  CaPaymentInfo *info;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *message = NULL;

  info = ca_client_create_payment_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info != NULL)
    {
      g_clear_pointer (&self->info, ca_payment_info_free);
      self->info = info;
      show_progress (self);
      open_payment_page (self);
      start_polling (self);
      return;
    }
  if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED) && parent != NULL
      && CA_IS_WINDOW (parent) && !self->login_asked)
    {
      self->login_asked = TRUE;
      ca_window_ensure_login_async (CA_WINDOW (parent), self->cancellable, login_cb,
                                    g_object_ref (self));
      return;
    }
  if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_PAYABLE))
    message = g_strdup (_("This application cannot be paid any more: it no longer awaits "
                          "payment. Close this window to see its status."));
  else
    message = ca_application_describe_error (error);
  ca_candidatures_show_error_page (self->stack, self->error_status, message);
}

static void
create_payment (CaPaymentDialog *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "creating");
  ca_client_create_payment_async (self->client, ca_candidature_get_id (self->candidature),
                                  self->cancellable, create_cb, g_object_ref (self));
}

static void
retry_clicked_cb (CaPaymentDialog *self)
{
  self->login_asked = FALSE;
  create_payment (self);
}

/* ---- construction -------------------------------------------------------------------------- */

static GtkWidget *
progress_page (CaPaymentDialog *self)
{
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *waiting = gtk_label_new (_("Waiting for the payment…"));
  const char *course_title = ca_candidature_get_course_title (self->candidature);
  g_autofree char *title = g_markup_escape_text (course_title, -1);
  GtkWidget *course = adw_action_row_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "emblem-synchronizing-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Payment in Progress"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("Pay by card on the PayFiP page that opened in your browser. "
                                     "This window follows the payment and closes once it is "
                                     "confirmed."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (course), _("Course"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (course), title);
  gtk_widget_add_css_class (course, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), course);

  self->amount_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), _("Amount"));
  gtk_widget_add_css_class (self->amount_row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->amount_row);

  self->address_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row),
                                 _("Payment page address"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->address_row), 2);
  gtk_widget_add_css_class (self->address_row, "property");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy the Address"));
  /* GTK 4.8 does not name a button after its tooltip: an icon alone says nothing. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the Address"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the Address"), -1);
  gtk_widget_add_css_class (copy, "flat");
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (copy_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->address_row), copy);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->address_row);
  gtk_box_append (GTK_BOX (box), group);

  self->failure_label = ca_candidatures_error_label ();
  gtk_box_append (GTK_BOX (box), self->failure_label);

  self->waiting_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (self->waiting_box, GTK_ALIGN_CENTER);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_add_css_class (waiting, "dim-label");
  gtk_box_append (GTK_BOX (self->waiting_box), spinner);
  gtk_box_append (GTK_BOX (self->waiting_box), waiting);
  gtk_box_append (GTK_BOX (box), self->waiting_box);

  self->reopen_button = ca_candidatures_pill_button (_("Reopen the Payment Page"), TRUE,
                                                     G_CALLBACK (reopen_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->reopen_button);
  self->retry_button = ca_candidatures_pill_button (_("Try Again"), TRUE,
                                                    G_CALLBACK (retry_clicked_cb), self);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->retry_button);

  adw_status_page_set_child (ADW_STATUS_PAGE (status), box);
  return status;
}

static void
build_ui (CaPaymentDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *spinner = ca_candidatures_spinner ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Pay"), NULL));
  gtk_box_append (GTK_BOX (content), header);

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), spinner, "creating");

  self->error_status = ca_candidatures_error_page ("dialog-error-symbolic",
                                                  _("The payment could not be prepared"),
                                                  G_CALLBACK (retry_clicked_cb), self);
  gtk_stack_add_named (GTK_STACK (self->stack), self->error_status, "error");
  gtk_stack_add_named (GTK_STACK (self->stack), progress_page (self), "progress");

  gtk_box_append (GTK_BOX (content), self->stack);
  /* The copy button's toast shows in the window itself */
  {
    GtkWidget *overlay = adw_toast_overlay_new ();

    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), content);
    adw_window_set_content (ADW_WINDOW (self), overlay);
  }
}

CaPaymentDialog *
ca_payment_dialog_new (GtkWindow     *parent,
                       CaClient      *client,
                       CaCandidature *candidature)
{
  CaPaymentDialog *self;

  g_return_val_if_fail (CA_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CA_IS_CANDIDATURE (candidature), NULL);

  self = g_object_new (CA_TYPE_PAYMENT_DIALOG,
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 520,
                       "default-height", 640,
                       "title", _("Payment in Progress"),
                       NULL);
  self->client = g_object_ref (client);
  self->candidature = g_object_ref (candidature);
  build_ui (self);
  create_payment (self);
  return self;
}

static gboolean
ca_payment_dialog_close_request (GtkWindow *window)
{
  CaPaymentDialog *self = CA_PAYMENT_DIALOG (window);

  /* Closing stops the following; the dashboard shows the status as it then is */
  stop_polling (self);
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ca_payment_dialog_parent_class)->close_request (window);
}

static void
ca_payment_dialog_dispose (GObject *object)
{
  CaPaymentDialog *self = CA_PAYMENT_DIALOG (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (ca_payment_dialog_parent_class)->dispose (object);
}

static void
ca_payment_dialog_finalize (GObject *object)
{
  CaPaymentDialog *self = CA_PAYMENT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->candidature);
  g_clear_pointer (&self->info, ca_payment_info_free);

  G_OBJECT_CLASS (ca_payment_dialog_parent_class)->finalize (object);
}

static void
ca_payment_dialog_class_init (CaPaymentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ca_payment_dialog_dispose;
  object_class->finalize = ca_payment_dialog_finalize;
  window_class->close_request = ca_payment_dialog_close_request;

  signals[ENROLLED] = g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ca_payment_dialog_init (CaPaymentDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("timeout", 15, NULL);
}
