/* ca-account-dialog.c — « Créer mon compte »: e-mail, password, verification code, terms
 *
 * Everything typed stays in place whatever the service answers: a field error appears under
 * its field, any other failure above the button with a way to try again. A verification code
 * serves once, so every refused attempt brings a new image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAccount"

#include <glib/gi18n.h>

#include "ca-account-private.h"
#include "ca-account-resources.h"
#include "ca-application.h"
#include "ca-error.h"
#include "ca-field-error.h"
#include "ca-rules.h"

struct _CaAccountDialog
{
  AdwWindow       parent_instance;

  CaClient       *client;
  GCancellable   *cancellable;          /* the account creation */
  GCancellable   *captcha_cancellable;
  char           *captcha_id;
  char           *testing_answer;       /* only from a service run with --testing */
  gboolean        in_flight;
  gboolean        clearing_code;        /* the answer is emptied for a new image */
  gboolean        email_touched;
  gboolean        password_touched;
  GHashTable     *server_errors;        /* field → sentence, until that field changes */

  GtkStack       *stack;
  GtkWidget      *account_list;
  AdwEntryRow    *email_row;
  AdwEntryRow    *password_row;
  AdwEntryRow    *confirm_row;
  GtkImage       *rule_length_image;
  GtkImage       *rule_letter_image;
  GtkImage       *rule_digit_image;
  GtkStack       *captcha_stack;
  GtkSpinner     *captcha_spinner;
  GtkPicture     *captcha_picture;
  GtkLabel       *captcha_failure_label;
  GtkWidget      *captcha_refresh;
  AdwEntryRow    *captcha_row;
  GtkWidget      *terms_row;
  GtkCheckButton *terms_check;
  GtkWidget      *terms_button;
  GtkWidget      *message_box;
  GtkLabel       *message_label;
  GtkWidget      *retry_button;
  GtkWidget      *log_in_instead_button;
  GtkWidget      *create_button;
  GtkSpinner     *spinner;
  GtkWidget      *done_page;
  GtkWidget      *done_log_in_button;

  GtkLabel       *email_error;
  GtkLabel       *password_error;
  GtkLabel       *confirm_error;
  GtkLabel       *captcha_error;
  GtkLabel       *terms_error;
};

G_DEFINE_FINAL_TYPE (CaAccountDialog, ca_account_dialog, ADW_TYPE_WINDOW)

enum {
  LOG_IN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_captcha (CaAccountDialog *self);

/* ---- checks as you type ------------------------------------------------------------------- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static void
show_rule (GtkImage *image,
           gboolean  met)
{
  gtk_image_set_from_icon_name (image, met ? "emblem-ok-symbolic" : "window-close-symbolic");
  if (met)
    {
      gtk_widget_add_css_class (GTK_WIDGET (image), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (image), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (image), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (image), "success");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  met ? _("Rule met") : _("Rule not met yet"),
                                  -1);
}

/* The service's sentence for @field if it sent one, else @local */
static const char *
field_message (CaAccountDialog *self,
               const char      *field,
               const char      *local)
{
  const char *remote = g_hash_table_lookup (self->server_errors, field);

  return remote != NULL ? remote : local;
}

static const char *
email_problem (CaAccountDialog *self)
{
  const char *message = NULL;

  if (self->email_touched && !ca_rules_check_email (row_text (self->email_row), &message))
    return message;
  return NULL;
}

static const char *
confirm_problem (CaAccountDialog *self)
{
  const char *confirmation = row_text (self->confirm_row);

  if (*confirmation != '\0' && g_strcmp0 (confirmation, row_text (self->password_row)) != 0)
    return _("The two passwords are not the same.");
  return NULL;
}

static gboolean
form_is_valid (CaAccountDialog *self)
{
  const char *password = row_text (self->password_row);

  return ca_rules_check_email (row_text (self->email_row), NULL)
         && ca_rules_check_password (password, NULL)
         && g_strcmp0 (password, row_text (self->confirm_row)) == 0
         && self->captcha_id != NULL
         && !is_blank (row_text (self->captcha_row))
         && gtk_check_button_get_active (self->terms_check);
}

static void
update_form (CaAccountDialog *self)
{
  const char *password = row_text (self->password_row);
  const char *password_message = NULL;

  show_rule (self->rule_length_image, ca_rules_password_has_length (password));
  show_rule (self->rule_letter_image, ca_rules_password_has_letter (password));
  show_rule (self->rule_digit_image, ca_rules_password_has_digit (password));

  ca_field_error_set (self->email_error, field_message (self, "email", email_problem (self)));
  if (self->password_touched && *password != '\0')
    ca_rules_check_password (password, &password_message);
  ca_field_error_set (self->password_error, field_message (self, "password", password_message));
  ca_field_error_set (self->confirm_error,
                      field_message (self, "password_confirmation", confirm_problem (self)));
  ca_field_error_set (self->captcha_error, field_message (self, "captcha_answer", NULL));
  ca_field_error_set (self->terms_error, field_message (self, "accept_terms", NULL));

  gtk_widget_set_sensitive (self->create_button, !self->in_flight && form_is_valid (self));
  gtk_widget_set_sensitive (self->retry_button, !self->in_flight && form_is_valid (self));
}

static const char *
field_of (CaAccountDialog *self,
          GObject         *widget)
{
  if (widget == G_OBJECT (self->email_row))
    return "email";
  if (widget == G_OBJECT (self->password_row))
    return "password";
  if (widget == G_OBJECT (self->confirm_row))
    return "password_confirmation";
  if (widget == G_OBJECT (self->captcha_row))
    return "captcha_answer";
  return "accept_terms";
}

static void
field_changed_cb (CaAccountDialog *self,
                  GObject         *widget)
{
  g_assert (CA_IS_ACCOUNT_DIALOG (self));

  /* What the service said about a field no longer holds once the person changes it */
  if (!self->clearing_code)
    g_hash_table_remove (self->server_errors, field_of (self, widget));
  if (widget == G_OBJECT (self->email_row))
    {
      self->email_touched = TRUE;
      gtk_widget_set_visible (self->log_in_instead_button, FALSE);
    }
  if (widget == G_OBJECT (self->password_row))
    self->password_touched = TRUE;
  update_form (self);
}

/* ---- verification code -------------------------------------------------------------------- */

static void
set_captcha (CaAccountDialog *self,
             const char      *id,
             GdkTexture      *texture)
{
  g_free (self->captcha_id);
  self->captcha_id = g_strdup (id);
  gtk_picture_set_paintable (self->captcha_picture, GDK_PAINTABLE (texture));
  update_form (self);
}

static void
get_captcha_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaAccountDialog) self = user_data;
  g_autoptr(CaCaptcha) captcha = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_clear_pointer (&self->testing_answer, g_free);
  captcha = ca_client_get_captcha_finish_full (CA_CLIENT (object), result,
                                               &self->testing_answer, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->captcha_spinner);
  gtk_widget_set_sensitive (self->captcha_refresh, TRUE);
  if (captcha != NULL)
    texture = gdk_texture_new_from_bytes (captcha->png, &error);
  if (texture == NULL)
    {
      message = ca_application_describe_error (error);
      gtk_label_set_label (self->captcha_failure_label, message);
      gtk_stack_set_visible_child_name (self->captcha_stack, "error");
      return;
    }
  set_captcha (self, captcha->id, texture);
  gtk_stack_set_visible_child_name (self->captcha_stack, "image");
}

static void
load_captcha (CaAccountDialog *self)
{
  g_cancellable_cancel (self->captcha_cancellable);
  g_clear_object (&self->captcha_cancellable);
  self->captcha_cancellable = g_cancellable_new ();
  set_captcha (self, NULL, NULL);
  self->clearing_code = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->captcha_row), "");
  self->clearing_code = FALSE;
  gtk_stack_set_visible_child_name (self->captcha_stack, "loading");
  gtk_spinner_start (self->captcha_spinner);
  gtk_widget_set_sensitive (self->captcha_refresh, FALSE);
  ca_client_get_captcha_async (self->client, self->captcha_cancellable, get_captcha_cb,
                               g_object_ref (self));
}

static void
captcha_refresh_clicked_cb (CaAccountDialog *self)
{
  g_assert (CA_IS_ACCOUNT_DIALOG (self));

  g_hash_table_remove (self->server_errors, "captcha_answer");
  load_captcha (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->captcha_row));
}

/* ---- creation ----------------------------------------------------------------------------- */

static void
set_in_flight (CaAccountDialog *self,
               gboolean         in_flight)
{
  self->in_flight = in_flight;
  gtk_widget_set_sensitive (self->account_list, !in_flight);
  gtk_widget_set_sensitive (GTK_WIDGET (self->captcha_row), !in_flight);
  gtk_widget_set_sensitive (self->captcha_refresh, !in_flight);
  gtk_widget_set_sensitive (GTK_WIDGET (self->terms_check), !in_flight);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), in_flight);
  gtk_spinner_set_spinning (self->spinner, in_flight);
  update_form (self);
}

static void
show_message (CaAccountDialog *self,
              const char      *message,
              gboolean         can_retry,
              gboolean         can_log_in)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->message_box, message != NULL);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->log_in_instead_button, can_log_in);
}

static void
show_done (CaAccountDialog *self)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("To confirm your account, open the message sent to %s — "
                                   "subject “Mon Paris - confirmez votre compte en un clic”, "
                                   "from no-reply@paris.fr — and follow its link. Then log in."),
                                 row_text (self->email_row));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->done_page), description);
  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_grab_focus (self->done_log_in_button);
}

static void
show_field_errors (CaAccountDialog *self,
                   const GError    *error)
{
  GHashTable *fields = ca_error_get_fields (error);
  GHashTableIter iter;
  gpointer field, message;

  if (fields != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &field, &message))
        g_hash_table_insert (self->server_errors, g_strdup (field), g_strdup (message));
    }
  /* A field the form does not show would leave the person without a clue */
  if (fields == NULL || g_hash_table_size (fields) == 0)
    show_message (self, error->message, FALSE, FALSE);
}

static void
create_account_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CaAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (ca_client_create_account_finish (CA_CLIENT (object), result, &error))
    {
      set_in_flight (self, FALSE);
      show_done (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_in_flight (self, FALSE);
  if (g_error_matches (error, CA_ERROR, CA_ERROR_EMAIL_TAKEN))
    {
      show_message (self, _("An account already exists with this e-mail address. Log in with "
                            "it, or choose another address."), FALSE, TRUE);
      load_captcha (self);
    }
  else if (g_error_matches (error, CA_ERROR, CA_ERROR_VALIDATION_FAILED))
    {
      show_field_errors (self, error);
      /* The code was spent on this attempt */
      load_captcha (self);
    }
  else
    {
      message = ca_application_describe_error (error);
      show_message (self, message, TRUE, FALSE);
    }
  update_form (self);
}

static void
create_clicked_cb (CaAccountDialog *self)
{
  g_assert (CA_IS_ACCOUNT_DIALOG (self));

  if (self->in_flight || !form_is_valid (self))
    return;
  show_message (self, NULL, FALSE, FALSE);
  g_hash_table_remove_all (self->server_errors);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_in_flight (self, TRUE);
  ca_client_create_account_async (self->client,
                                  row_text (self->email_row),
                                  row_text (self->password_row),
                                  row_text (self->confirm_row),
                                  self->captcha_id,
                                  row_text (self->captcha_row),
                                  gtk_check_button_get_active (self->terms_check),
                                  self->cancellable, create_account_cb, g_object_ref (self));
}

static void
log_in_clicked_cb (CaAccountDialog *self)
{
  g_autofree char *email = NULL;

  g_assert (CA_IS_ACCOUNT_DIALOG (self));

  email = g_strstrip (g_strdup (row_text (self->email_row)));
  g_object_ref (self);
  g_signal_emit (self, signals[LOG_IN_REQUESTED], 0, email);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

/* ---- terms of use ------------------------------------------------------------------------- */

static char *
load_terms (void)
{
  const char * const *languages = g_get_language_names ();
  const char *path = "/fr/paris/CoursAdultes/account/terms-en.txt";
  g_autoptr(GBytes) bytes = NULL;

  /* French speakers read the conditions in French, everyone else in English */
  if (languages[0] != NULL && g_str_has_prefix (languages[0], "fr"))
    path = "/fr/paris/CoursAdultes/account/terms-fr.txt";
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

GtkWindow *
ca_account_dialog_show_terms (CaAccountDialog *self)
{
  g_autofree char *text = load_terms ();
  GtkWidget *window, *box, *label, *scrolled;

  g_return_val_if_fail (CA_IS_ACCOUNT_DIALOG (self), NULL);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", text, "wrap", TRUE, "xalign", 0.0f, "yalign", 0.0f,
                        "selectable", TRUE, "margin-top", 18, "margin-bottom", 18,
                        "margin-start", 18, "margin-end", 18, NULL);
  scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                           "hscrollbar-policy", GTK_POLICY_NEVER, "vexpand", TRUE,
                           "child", g_object_new (ADW_TYPE_CLAMP, "child", label, NULL),
                           NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scrolled);
  window = g_object_new (ADW_TYPE_WINDOW,
                         "title", _("General Terms of Use"),
                         "modal", TRUE, "transient-for", self,
                         "default-width", 560, "default-height", 640,
                         "content", box, NULL);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
terms_clicked_cb (CaAccountDialog *self)
{
  ca_account_dialog_show_terms (self);
}

/* ---- public API and tests ----------------------------------------------------------------- */

CaAccountDialog *
ca_account_dialog_new (CaClient  *client,
                       GtkWindow *parent)
{
  CaAccountDialog *self;

  g_return_val_if_fail (CA_IS_CLIENT (client), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CA_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  load_captcha (self);
  return self;
}

void
ca_account_dialog_set_email (CaAccountDialog *self,
                             const char      *email)
{
  g_return_if_fail (CA_IS_ACCOUNT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email != NULL ? email : "");
}

void
ca_account_dialog_get_parts (CaAccountDialog      *self,
                             CaAccountDialogParts *parts)
{
  g_return_if_fail (CA_IS_ACCOUNT_DIALOG (self));

  *parts = (CaAccountDialogParts) {
    .stack = self->stack,
    .email_row = self->email_row,
    .password_row = self->password_row,
    .confirm_row = self->confirm_row,
    .rule_images = { self->rule_length_image, self->rule_letter_image, self->rule_digit_image },
    .captcha_picture = self->captcha_picture,
    .captcha_refresh = self->captcha_refresh,
    .captcha_row = self->captcha_row,
    .terms_check = self->terms_check,
    .terms_button = self->terms_button,
    .email_error = self->email_error,
    .password_error = self->password_error,
    .confirm_error = self->confirm_error,
    .captcha_error = self->captcha_error,
    .terms_error = self->terms_error,
    .message_label = self->message_label,
    .retry_button = self->retry_button,
    .log_in_instead_button = self->log_in_instead_button,
    .create_button = self->create_button,
    .done_page = self->done_page,
    .done_log_in_button = self->done_log_in_button,
  };
}

gboolean
ca_account_dialog_get_busy (CaAccountDialog *self)
{
  g_return_val_if_fail (CA_IS_ACCOUNT_DIALOG (self), FALSE);

  return self->in_flight || gtk_spinner_get_spinning (self->captcha_spinner);
}

const char *
ca_account_dialog_get_captcha_id (CaAccountDialog *self)
{
  g_return_val_if_fail (CA_IS_ACCOUNT_DIALOG (self), NULL);

  return self->captcha_id;
}

const char *
ca_account_dialog_get_testing_answer (CaAccountDialog *self)
{
  g_return_val_if_fail (CA_IS_ACCOUNT_DIALOG (self), NULL);

  return self->captcha_id != NULL ? self->testing_answer : NULL;
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
ca_account_dialog_dispose (GObject *object)
{
  CaAccountDialog *self = CA_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->captcha_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->captcha_cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (ca_account_dialog_parent_class)->dispose (object);
}

static void
ca_account_dialog_finalize (GObject *object)
{
  CaAccountDialog *self = CA_ACCOUNT_DIALOG (object);

  g_free (self->captcha_id);
  g_free (self->testing_answer);
  g_hash_table_unref (self->server_errors);
  G_OBJECT_CLASS (ca_account_dialog_parent_class)->finalize (object);
}

static void
ca_account_dialog_class_init (CaAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_account_dialog_dispose;
  object_class->finalize = ca_account_dialog_finalize;

  signals[LOG_IN_REQUESTED] =
    g_signal_new ("log-in-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  (void) ca_account_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/account/ca-account-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CaAccountDialog, name)
  BIND (stack);
  BIND (account_list);
  BIND (email_row);
  BIND (password_row);
  BIND (confirm_row);
  BIND (rule_length_image);
  BIND (rule_letter_image);
  BIND (rule_digit_image);
  BIND (captcha_stack);
  BIND (captcha_spinner);
  BIND (captcha_picture);
  BIND (captcha_failure_label);
  BIND (captcha_refresh);
  BIND (captcha_row);
  BIND (terms_row);
  BIND (terms_check);
  BIND (terms_button);
  BIND (message_box);
  BIND (message_label);
  BIND (retry_button);
  BIND (log_in_instead_button);
  BIND (create_button);
  BIND (spinner);
  BIND (done_page);
  BIND (done_log_in_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, captcha_refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, terms_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ca_account_dialog_init (CaAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->server_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->email_error = ca_field_error_attach (GTK_WIDGET (self->email_row));
  self->password_error = ca_field_error_attach (GTK_WIDGET (self->password_row));
  self->confirm_error = ca_field_error_attach (GTK_WIDGET (self->confirm_row));
  self->captcha_error = ca_field_error_attach (GTK_WIDGET (self->captcha_row));
  self->terms_error = ca_field_error_attach (self->terms_row);
  ca_name_reveal_button (GTK_WIDGET (self->password_row));
  ca_name_reveal_button (GTK_WIDGET (self->confirm_row));
  show_message (self, NULL, FALSE, FALSE);
  update_form (self);
}
