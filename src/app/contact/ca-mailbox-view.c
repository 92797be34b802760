/* ca-mailbox-view.c — « Boîte mail de démonstration »: the mails the embedded service wrote
 *
 * With the demonstration service nothing leaves the computer: its mails are files. This page
 * shows them newest first so that a newcomer can follow the confirmation link of a new account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaMailbox"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-client.h"
#include "ca-mail-reader.h"
#include "ca-mailbox-view.h"
#include "ca-window.h"

struct _CaMailboxView
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;

  CaClient     *client;
  char         *mail_dir;
  GFileMonitor *monitor;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CaMailboxView, ca_mailbox_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MAIL_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The body as Pango markup, its web addresses as links. */
static char *
body_markup (const char *body)
{
  g_autoptr(GRegex) regex = g_regex_new ("https?://[^\\s<>\"]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GString *out = g_string_new (NULL);
  int last = 0;

  g_regex_match (regex, body, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      g_autofree char *before = NULL;
      g_autofree char *uri = NULL;

      g_match_info_fetch_pos (match, 0, &start, &end);
      before = g_markup_escape_text (body + last, start - last);
      uri = g_markup_escape_text (body + start, end - start);
      g_string_append_printf (out, "%s<a href=\"%s\">%s</a>", before, uri, uri);
      last = end;
      g_match_info_next (match, NULL);
    }
  {
    g_autofree char *rest = g_markup_escape_text (body + last, -1);
    g_string_append (out, rest);
  }
  return g_string_free (out, FALSE);
}

static void
ca_mailbox_view_toast (CaMailboxView *self,
                       const char    *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CA_IS_WINDOW (root))
    ca_window_add_toast (CA_WINDOW (root), adw_toast_new (title));
}

static void
confirm_account_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CaMailboxView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ca_client_confirm_account_finish (CA_CLIENT (object), result, &error))
    {
      g_autofree char *sentence = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      sentence = ca_application_describe_error (error);
      ca_mailbox_view_toast (self, sentence);
      return;
    }
  ca_mailbox_view_toast (self, _("Your MonParis account is confirmed"));
}

/* The confirmation link is followed here rather than in a browser: the demonstration service
 * answers on a loopback address the browser may not be allowed to reach. */
static gboolean
activate_link_cb (CaMailboxView *self,
                  const char    *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *token;

  if (parsed == NULL || self->client == NULL || g_uri_get_query (parsed) == NULL
      || !g_str_has_suffix (g_uri_get_path (parsed), "/confirm"))
    return FALSE;
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  token = params != NULL ? g_hash_table_lookup (params, "token") : NULL;
  if (token == NULL)
    return FALSE;

  ca_client_confirm_account_async (self->client, token, self->cancellable,
                                   confirm_account_cb, g_object_ref (self));
  return TRUE;
}

static GtkWidget *
mail_row_new (CaMailboxView       *self,
              const CaMailMessage *message)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *body = gtk_label_new (NULL);
  g_autofree char *markup = body_markup (message->body);
  g_autofree char *subject = g_markup_escape_text (message->subject[0] ? message->subject
                                                   : _("(no subject)"), -1);
  g_autofree char *date = message->date ? g_date_time_format (message->date, "%c") : NULL;
  g_autofree char *subtitle = NULL;

  subtitle = g_markup_printf_escaped (_("To %s — %s"), message->to, date ? date : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), subject);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  /* libadwaita 1.2 leaves the row itself unnamed: a screen reader says the subject. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  message->subject[0] ? message->subject : _("(no subject)"),
                                  -1);

  gtk_label_set_markup (GTK_LABEL (body), markup);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  g_signal_connect_object (body, "activate-link", G_CALLBACK (activate_link_cb), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), body);
  /* The row libadwaita wraps the text in. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (body)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Text of the mail"), -1);
  return row;
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  /* The service names its files after the UTC time they were written. */
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

void
ca_mailbox_view_refresh (CaMailboxView *self)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *child;
  const char *name;
  gboolean first = TRUE;

  g_return_if_fail (CA_IS_MAILBOX_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->mail_dir != NULL)
    dir = g_dir_open (self->mail_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names_newest_first);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (self->mail_dir, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(CaMailMessage) message = NULL;
      gsize length = 0;
      GtkWidget *row;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      message = ca_mail_message_parse (contents, length, NULL);
      if (message == NULL)
        continue;
      row = mail_row_new (self, message);
      /* The newest mail is the one a newcomer is waiting for. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), first);
      first = FALSE;
      gtk_list_box_append (self->list, row);
    }
  gtk_stack_set_visible_child_name (self->stack, names->len > 0 ? "list" : "empty");
}

static void
mail_dir_changed_cb (CaMailboxView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ca_mailbox_view_refresh (self);
}

static void
ca_mailbox_view_set_mail_dir (CaMailboxView *self,
                              const char    *mail_dir)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (self->mail_dir, mail_dir) == 0)
    return;
  g_free (self->mail_dir);
  self->mail_dir = g_strdup (mail_dir);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (mail_dir != NULL)
    {
      file = g_file_new_for_path (mail_dir);
      self->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_NONE, NULL, NULL);
      if (self->monitor != NULL)
        g_signal_connect_object (self->monitor, "changed", G_CALLBACK (mail_dir_changed_cb),
                                 self, G_CONNECT_SWAPPED);
    }
  ca_mailbox_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAIL_DIR]);
}

GtkWidget *
ca_mailbox_view_new (void)
{
  return g_object_new (CA_TYPE_MAILBOX_VIEW, NULL);
}

static void
ca_mailbox_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ca_mailbox_view_parent_class)->map (widget);
  ca_mailbox_view_refresh (CA_MAILBOX_VIEW (widget));
}

static void
ca_mailbox_view_dispose (GObject *object)
{
  CaMailboxView *self = CA_MAILBOX_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->client);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ca_mailbox_view_parent_class)->dispose (object);
}

static void
ca_mailbox_view_finalize (GObject *object)
{
  CaMailboxView *self = CA_MAILBOX_VIEW (object);

  g_clear_object (&self->cancellable);
  g_free (self->mail_dir);

  G_OBJECT_CLASS (ca_mailbox_view_parent_class)->finalize (object);
}

static void
ca_mailbox_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaMailboxView *self = CA_MAILBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_MAIL_DIR:
      g_value_set_string (value, self->mail_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_mailbox_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CaMailboxView *self = CA_MAILBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_set_object (&self->client, g_value_get_object (value));
      break;
    case PROP_MAIL_DIR:
      ca_mailbox_view_set_mail_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_mailbox_view_class_init (CaMailboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_mailbox_view_dispose;
  object_class->finalize = ca_mailbox_view_finalize;
  object_class->get_property = ca_mailbox_view_get_property;
  object_class->set_property = ca_mailbox_view_set_property;
  widget_class->map = ca_mailbox_view_map;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAIL_DIR] =
    g_param_spec_string ("mail-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ca_mailbox_view_init (CaMailboxView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (_("Demonstration Mailbox"));
  GtkWidget *explanation = gtk_label_new (_("The demonstration service sends no mail: the "
                                            "mails it would send are shown here."));
  GtkWidget *empty = adw_status_page_new ();

  self->cancellable = g_cancellable_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-unread-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Mail Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Mails of the demonstration service, such as the link to "
                                     "confirm a new account, will appear here."));
  gtk_stack_add_named (self->stack, empty, "empty");

  gtk_widget_add_css_class (heading, "title-2");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_add_css_class (explanation, "dim-label");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), explanation);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
