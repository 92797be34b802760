/* ca-candidatures-view.c — « Mes candidatures et paiements »: the four sections of the guide
 *
 * The list is reloaded on demand (F5), when the window comes back to the front and every minute
 * while the place is shown, because the back office changes candidatures behind the person's
 * back (convocation, acceptance, refusal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCandidatures"

#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-candidature-form.h"
#include "ca-candidatures-private.h"
#include "ca-candidatures-resources.h"
#include "ca-candidatures-view.h"
#include "ca-error.h"
#include "ca-format.h"
#include "ca-payment-dialog.h"
#include "ca-status.h"
#include "ca-window.h"

#define REFRESH_SECONDS 60

typedef enum
{
  SECTION_PAYMENT,
  SECTION_PRESELECTED,
  SECTION_PENDING,
  SECTION_CLOSED,
  N_SECTIONS
} Section;

struct _CaCandidaturesView
{
  GtkWidget          parent_instance;

  CaClient          *client;
  CaCandidatureList *list;
  GCancellable      *cancellable;
  gulong             logged_in_handler;
  GtkWindow         *window;           /* watched for is-active while mapped */
  gulong             active_handler;
  guint              refresh_source;
  gboolean           login_asked;      /* one login per failed load */

  GtkWidget         *stack;
  GtkWidget         *error_status;
  GtkWidget         *active_label;
  GtkWidget         *groups[N_SECTIONS];
  GPtrArray         *rows[N_SECTIONS];
};

G_DEFINE_FINAL_TYPE (CaCandidaturesView, ca_candidatures_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (CaCandidaturesView *self);

/* ---- sections ------------------------------------------------------------------------------ */

static const char *
section_title (Section section)
{
  switch (section)
    {
    case SECTION_PAYMENT:
      return _("Applications awaiting payment");
    case SECTION_PRESELECTED:
      return _("Preselected courses");
    case SECTION_PENDING:
      return _("Applications being processed");
    case SECTION_CLOSED:
    case N_SECTIONS:
    default:
      return _("Enrolments and closed applications");
    }
}

static Section
section_of (CaStatus status)
{
  switch (status)
    {
    case CA_STATUS_AWAITING_PAYMENT:
      return SECTION_PAYMENT;
    case CA_STATUS_PRESELECTED:
      return SECTION_PRESELECTED;
    case CA_STATUS_PENDING:
    case CA_STATUS_CONVOKED:
      return SECTION_PENDING;
    case CA_STATUS_ENROLLED:
    case CA_STATUS_REFUSED:
    case CA_STATUS_CANCELLED:
    default:
      return SECTION_CLOSED;
    }
}

/* The outcome shown in the closed section: « Inscription », « Manque de place », « Annulée » */
static const char *
closed_label (CaCandidature *candidature)
{
  const char *reason = ca_candidature_get_reason (candidature);

  switch (ca_candidature_get_status (candidature))
    {
    case CA_STATUS_ENROLLED:
      return _("Enrolment");
    case CA_STATUS_CANCELLED:
      return _("Cancelled");
    case CA_STATUS_REFUSED:
      if (reason == NULL || g_str_equal (reason, "no-seats"))
        return _("Lack of places");
      return _("Refused");
    default:
      return "";
    }
}

static void
clear_rows (CaCandidaturesView *self)
{
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      for (guint i = 0; i < self->rows[s]->len; i++)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->groups[s]),
                                      g_ptr_array_index (self->rows[s], i));
      g_ptr_array_set_size (self->rows[s], 0);
    }
}

static GtkWidget *
action_button (CaCandidaturesView *self,
               CaCandidature      *candidature,
               const char         *label,
               const char         *style,
               GCallback           callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  GtkWidget *text = gtk_button_get_child (GTK_BUTTON (button));

  /* Two buttons side by side must still fit a phone-sized window, in French too */
  if (GTK_IS_LABEL (text))
    {
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
    }
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  g_object_set_data_full (G_OBJECT (button), "candidature", g_object_ref (candidature),
                          g_object_unref);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void pay_clicked_cb     (CaCandidaturesView *self, GtkButton *button);
static void confirm_clicked_cb (CaCandidaturesView *self, GtkButton *button);
static void delete_clicked_cb  (CaCandidaturesView *self, GtkButton *button);
static void cancel_clicked_cb  (CaCandidaturesView *self, GtkButton *button);

static char *
row_subtitle (CaCandidature *candidature)
{
  CaSession *session = ca_candidature_get_session (candidature);
  g_autofree char *where = ca_candidatures_describe_session (session);
  GString *text = g_string_new (where);
  CaStatus status = ca_candidature_get_status (candidature);

  if (status == CA_STATUS_AWAITING_PAYMENT)
    {
      g_autofree char *amount = ca_format_money (ca_candidature_get_amount_due_cents (candidature));

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Amount due: %s"), amount);
    }
  else if (status == CA_STATUS_CONVOKED || status == CA_STATUS_PENDING)
    {
      GDateTime *at = ca_candidature_get_convocation_at (candidature);
      const char *place = ca_candidature_get_convocation_place (candidature);

      g_string_append_c (text, '\n');
      if (at != NULL)
        {
          g_autofree char *when = ca_candidatures_format_when (at);

          if (place != NULL && *place != '\0')
            g_string_append_printf (text, _("Convocation: %s, %s"), when, place);
          else
            g_string_append_printf (text, _("Convocation: %s"), when);
        }
      else
        g_string_append (text, _("Awaiting processing"));
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
row_label (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, style);
  return label;
}

/* Text above, actions below on the right: the row stays readable in a phone-sized window,
 * where buttons beside the title would squeeze it to a letter per line. */
static GtkWidget *
candidature_row (CaCandidaturesView *self,
                 CaCandidature      *candidature)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *subtitle = row_subtitle (candidature);
  const char *title = ca_candidature_get_course_title (candidature);
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  /* A bare AdwPreferencesRow has no accessible name of its own in libadwaita 1.2. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (content, 9);
  gtk_widget_set_margin_bottom (content, 9);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), row_label (title, "heading"));
  gtk_box_append (GTK_BOX (content), row_label (subtitle, "dim-label"));
  gtk_widget_set_halign (actions, GTK_ALIGN_END);
  gtk_widget_set_margin_top (actions, 6);

  switch (ca_candidature_get_status (candidature))
    {
    case CA_STATUS_AWAITING_PAYMENT:
      gtk_box_append (GTK_BOX (actions), action_button (self, candidature, _("Pay"),
                                                        "suggested-action",
                                                        G_CALLBACK (pay_clicked_cb)));
      break;
    case CA_STATUS_PRESELECTED:
      gtk_box_append (GTK_BOX (actions), action_button (self, candidature, _("Delete"), NULL,
                                                        G_CALLBACK (delete_clicked_cb)));
      gtk_box_append (GTK_BOX (actions),
                      action_button (self, candidature, _("Confirm my application"),
                                     "suggested-action", G_CALLBACK (confirm_clicked_cb)));
      break;
    case CA_STATUS_PENDING:
    case CA_STATUS_CONVOKED:
      if (ca_candidature_get_can_cancel (candidature))
        gtk_box_append (GTK_BOX (actions),
                        action_button (self, candidature, _("Cancel my application"), NULL,
                                       G_CALLBACK (cancel_clicked_cb)));
      break;
    case CA_STATUS_ENROLLED:
    case CA_STATUS_REFUSED:
    case CA_STATUS_CANCELLED:
    default:
      {
        gboolean enrolled = ca_candidature_get_status (candidature) == CA_STATUS_ENROLLED;
        GtkWidget *label = row_label (closed_label (candidature),
                                      enrolled ? "success" : "dim-label");

        gtk_widget_add_css_class (label, "heading");
        gtk_box_append (GTK_BOX (actions), label);
      }
      break;
    }
  gtk_box_append (GTK_BOX (content), actions);
  gtk_widget_set_visible (actions, gtk_widget_get_first_child (actions) != NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), content);
  return row;
}

static void
show_list (CaCandidaturesView *self)
{
  GListModel *items = ca_candidature_list_get_items (self->list);
  guint n = g_list_model_get_n_items (items);
  guint counts[N_SECTIONS] = { 0, };
  guint active = ca_candidature_list_get_active_count (self->list);
  guint max = ca_candidature_list_get_max_active (self->list);
  g_autofree char *header = NULL;

  clear_rows (self);
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaCandidature) candidature = g_list_model_get_item (items, i);
      Section section = section_of (ca_candidature_get_status (candidature));
      GtkWidget *row = candidature_row (self, candidature);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->groups[section]), row);
      g_ptr_array_add (self->rows[section], row);
      counts[section]++;
    }

  for (guint s = 0; s < N_SECTIONS; s++)
    {
      g_autofree char *title = g_strdup_printf ("%s (%u)", section_title (s), counts[s]);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->groups[s]), title);
      gtk_widget_set_visible (self->groups[s], counts[s] > 0);
    }

  if (max == 0)
    max = CA_MAX_ACTIVE_CANDIDATURES;
  /* TRANSLATORS: "2 / 3 active applications" */
  header = g_strdup_printf (ngettext ("%u / %u active application", "%u / %u active applications",
                                      max),
                            active, max);
  gtk_label_set_label (GTK_LABEL (self->active_label), header);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}

/* ---- loading ------------------------------------------------------------------------------- */

static CaWindow *
get_window (CaCandidaturesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && CA_IS_WINDOW (root) ? CA_WINDOW (root) : NULL;
}

static void
show_error (CaCandidaturesView *self,
            const GError       *error)
{
  g_autofree char *message = ca_application_describe_error (error);

  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_status), message);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
}

static void
ensure_login_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CaCandidaturesView) self = user_data;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL))
    load (self);
  else if (self->client == NULL || !ca_client_is_logged_in (self->client))
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "logged-out");
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CaCandidaturesView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureList) list = NULL;
  CaWindow *window;

  list = ca_client_list_candidatures_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (list != NULL)
    {
      self->login_asked = FALSE;
      g_set_object (&self->list, list);
      show_list (self);
      return;
    }

  window = get_window (self);
  if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED) && window != NULL
      && !self->login_asked)
    {
      self->login_asked = TRUE;
      ca_window_ensure_login_async (window, self->cancellable, ensure_login_cb,
                                    g_object_ref (self));
      return;
    }
  if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED))
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "logged-out");
      return;
    }
  show_error (self, error);
}

static void
load (CaCandidaturesView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
      return;
    }
  if (!ca_client_is_logged_in (self->client))
    {
      g_clear_object (&self->list);
      clear_rows (self);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "logged-out");
      return;
    }

  /* A periodic reload keeps the list on screen rather than flashing a spinner */
  if (self->list == NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  self->cancellable = g_cancellable_new ();
  ca_client_list_candidatures_async (self->client, self->cancellable, list_cb,
                                     g_object_ref (self));
}

void
ca_candidatures_view_refresh (CaCandidaturesView *self)
{
  g_return_if_fail (CA_IS_CANDIDATURES_VIEW (self));

  load (self);
}

static void
retry_clicked_cb (CaCandidaturesView *self)
{
  g_clear_object (&self->list);
  self->login_asked = FALSE;
  load (self);
}

static void
log_in_clicked_cb (CaCandidaturesView *self)
{
  CaWindow *window = get_window (self);

  if (window != NULL)
    ca_window_ensure_login_async (window, self->cancellable, ensure_login_cb,
                                  g_object_ref (self));
}

/* ---- actions ------------------------------------------------------------------------------- */

static CaCandidature *
button_candidature (GtkButton *button)
{
  return g_object_get_data (G_OBJECT (button), "candidature");
}

static GtkWindow *
parent_window (CaCandidaturesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (CaCandidaturesView *self,
       const char         *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 5);
  ca_candidatures_add_toast (GTK_WIDGET (self), toast);
}

static void
enrolled_cb (CaCandidaturesView *self)
{
  AdwToast *toast = adw_toast_new (_("Enrolment confirmed"));

  /* The outcome of a payment goes before any toast still waiting */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 8);
  ca_candidatures_add_toast (GTK_WIDGET (self), toast);
  load (self);
}

static gboolean
payment_closed_cb (CaCandidaturesView *self)
{
  load (self);
  return GDK_EVENT_PROPAGATE;
}

static void
pay_clicked_cb (CaCandidaturesView *self,
                GtkButton          *button)
{
  CaPaymentDialog *dialog = ca_payment_dialog_new (parent_window (self), self->client,
                                                   button_candidature (button));

  g_signal_connect_object (dialog, "enrolled", G_CALLBACK (enrolled_cb), self,
                           G_CONNECT_SWAPPED);
  /* The person may have given up: the list shows the candidature as it is now */
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (payment_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirmed_cb (CaCandidaturesView *self)
{
  toast (self, _("Application confirmed"));
  load (self);
}

static void
confirm_clicked_cb (CaCandidaturesView *self,
                    GtkButton          *button)
{
  CaCandidatureForm *form = ca_candidature_form_new (parent_window (self), self->client,
                                                     button_candidature (button));

  g_signal_connect_object (form, "confirmed", G_CALLBACK (confirmed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
}

/* Delete and cancel: asked for, then sent; a 401 logs in again and sends once more. */
typedef struct
{
  CaCandidaturesView *self;
  CaCandidature      *candidature;
  gboolean            cancel;     /* else delete */
  gboolean            retried;
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_object_unref (change->candidature);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static void send_change (Change *change);

static void
change_login_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Change) change = user_data;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL))
    send_change (g_steal_pointer (&change));
}

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  CaCandidaturesView *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidature) cancelled = NULL;
  gboolean ok;
  CaWindow *window;

  if (change->cancel)
    ok = (cancelled = ca_client_cancel_candidature_finish (CA_CLIENT (object), result,
                                                           &error)) != NULL;
  else
    ok = ca_client_delete_candidature_finish (CA_CLIENT (object), result, &error);

  if (ok)
    {
      toast (self, change->cancel ? _("Application cancelled") : _("Application deleted"));
      load (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  window = get_window (self);
  if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED) && window != NULL
      && !change->retried)
    {
      change->retried = TRUE;
      ca_window_ensure_login_async (window, NULL, change_login_cb, g_steal_pointer (&change));
      return;
    }

  {
    g_autofree char *message = ca_application_describe_error (error);

    toast (self, message);
    load (self);
  }
}

static void
send_change (Change *change)
{
  CaClient *client = change->self->client;
  const char *id = ca_candidature_get_id (change->candidature);

  if (client == NULL)
    {
      change_free (change);
      return;
    }
  if (change->cancel)
    ca_client_cancel_candidature_async (client, id, NULL, change_cb, change);
  else
    ca_client_delete_candidature_async (client, id, NULL, change_cb, change);
}

static void
change_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  Change *change = user_data;

  if (g_str_equal (response, "confirm"))
    send_change (change);
  else
    change_free (change);
}

static void
ask_change (CaCandidaturesView *self,
            CaCandidature      *candidature,
            gboolean            cancel)
{
  Change *change = g_new0 (Change, 1);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  const char *title = ca_candidature_get_course_title (candidature);

  change->self = g_object_ref (self);
  change->candidature = g_object_ref (candidature);
  change->cancel = cancel;

  if (cancel)
    body = g_strdup_printf (_("Your application for “%s” will be cancelled. This cannot be "
                              "undone: the place is given up and the application moves to the "
                              "closed ones. To apply again, you will have to add the course "
                              "again while the period is open."), title);
  else
    body = g_strdup_printf (_("“%s” will be removed from your preselected courses. This cannot "
                              "be undone: your choice of session is forgotten."), title);

  dialog = adw_message_dialog_new (parent_window (self),
                                   cancel ? _("Cancel This Application?")
                                          : _("Delete This Preselected Course?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", cancel ? _("_Keep It") : _("_Keep It"),
                                    "confirm", cancel ? _("_Cancel My Application")
                                                      : _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (change_response_cb), change);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_clicked_cb (CaCandidaturesView *self,
                   GtkButton          *button)
{
  ask_change (self, button_candidature (button), FALSE);
}

static void
cancel_clicked_cb (CaCandidaturesView *self,
                   GtkButton          *button)
{
  ask_change (self, button_candidature (button), TRUE);
}

/* ---- client and visibility ----------------------------------------------------------------- */

static void
logged_in_cb (CaCandidaturesView *self)
{
  g_clear_object (&self->list);
  self->login_asked = FALSE;
  load (self);
}

CaClient *
ca_candidatures_view_get_client (CaCandidaturesView *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURES_VIEW (self), NULL);

  return self->client;
}

void
ca_candidatures_view_set_client (CaCandidaturesView *self,
                                 CaClient           *client)
{
  g_return_if_fail (CA_IS_CANDIDATURES_VIEW (self));

  if (self->client == client)
    return;
  if (self->client != NULL)
    g_clear_signal_handler (&self->logged_in_handler, self->client);
  g_set_object (&self->client, client);
  if (client != NULL)
    self->logged_in_handler = g_signal_connect_swapped (client, "notify::logged-in",
                                                        G_CALLBACK (logged_in_cb), self);
  g_clear_object (&self->list);
  self->login_asked = FALSE;
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
window_active_cb (CaCandidaturesView *self)
{
  if (self->window != NULL && gtk_window_is_active (self->window) && self->list != NULL)
    load (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  CaCandidaturesView *self = user_data;

  if (self->list != NULL)
    load (self);
  return G_SOURCE_CONTINUE;
}

static void
ca_candidatures_view_map (GtkWidget *widget)
{
  CaCandidaturesView *self = CA_CANDIDATURES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  GTK_WIDGET_CLASS (ca_candidatures_view_parent_class)->map (widget);

  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      self->active_handler = g_signal_connect_swapped (root, "notify::is-active",
                                                       G_CALLBACK (window_active_cb), self);
    }
  self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout_cb, self);
  /* Coming back to the place shows what changed meanwhile */
  if (self->list != NULL)
    load (self);
}

static void
ca_candidatures_view_unmap (GtkWidget *widget)
{
  CaCandidaturesView *self = CA_CANDIDATURES_VIEW (widget);

  if (self->window != NULL)
    g_clear_signal_handler (&self->active_handler, self->window);
  self->window = NULL;
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  GTK_WIDGET_CLASS (ca_candidatures_view_parent_class)->unmap (widget);
}

/* ---- GObject ------------------------------------------------------------------------------- */

GtkWidget *
ca_candidatures_view_new (void)
{
  return g_object_new (CA_TYPE_CANDIDATURES_VIEW, NULL);
}

static void
ca_candidatures_view_dispose (GObject *object)
{
  CaCandidaturesView *self = CA_CANDIDATURES_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_clear_signal_handler (&self->logged_in_handler, self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->list);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_CANDIDATURES_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ca_candidatures_view_parent_class)->dispose (object);
}

static void
ca_candidatures_view_finalize (GObject *object)
{
  CaCandidaturesView *self = CA_CANDIDATURES_VIEW (object);

  for (guint s = 0; s < N_SECTIONS; s++)
    g_ptr_array_unref (self->rows[s]);

  G_OBJECT_CLASS (ca_candidatures_view_parent_class)->finalize (object);
}

static void
ca_candidatures_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CaCandidaturesView *self = CA_CANDIDATURES_VIEW (object);

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
ca_candidatures_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CaCandidaturesView *self = CA_CANDIDATURES_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ca_candidatures_view_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_candidatures_view_class_init (CaCandidaturesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_candidatures_view_dispose;
  object_class->finalize = ca_candidatures_view_finalize;
  object_class->get_property = ca_candidatures_view_get_property;
  object_class->set_property = ca_candidatures_view_set_property;
  widget_class->map = ca_candidatures_view_map;
  widget_class->unmap = ca_candidatures_view_unmap;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Loading the bundle's object file registers it (a constructor) */
  (void) ca_candidatures_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/candidatures/"
                                               "ca-candidatures-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaCandidaturesView, stack);
  gtk_widget_class_bind_template_child (widget_class, CaCandidaturesView, error_status);
  gtk_widget_class_bind_template_child (widget_class, CaCandidaturesView, active_label);
  gtk_widget_class_bind_template_child_full (widget_class, "payment_group", FALSE,
                                             G_STRUCT_OFFSET (CaCandidaturesView,
                                                              groups[SECTION_PAYMENT]));
  gtk_widget_class_bind_template_child_full (widget_class, "preselected_group", FALSE,
                                             G_STRUCT_OFFSET (CaCandidaturesView,
                                                              groups[SECTION_PRESELECTED]));
  gtk_widget_class_bind_template_child_full (widget_class, "pending_group", FALSE,
                                             G_STRUCT_OFFSET (CaCandidaturesView,
                                                              groups[SECTION_PENDING]));
  gtk_widget_class_bind_template_child_full (widget_class, "closed_group", FALSE,
                                             G_STRUCT_OFFSET (CaCandidaturesView,
                                                              groups[SECTION_CLOSED]));
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_in_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "candidatures");
}

static void
ca_candidatures_view_init (CaCandidaturesView *self)
{
  for (guint s = 0; s < N_SECTIONS; s++)
    self->rows[s] = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint s = 0; s < N_SECTIONS; s++)
    ca_candidatures_wrap_group_title (ADW_PREFERENCES_GROUP (self->groups[s]));
}
