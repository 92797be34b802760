/* ca-profile-view.c — « Mon profil »: the person's Cours d'Adultes profile
 *
 * Each field is checked as it is typed with the service's own rules (ca_profile_validate), so
 * « Valider » is offered only when the service will accept the profile; what the service still
 * refuses shows under its field. Nothing typed is lost when a save fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaProfile"

#include <glib/gi18n.h>

#include "ca-account-private.h"
#include "ca-account-resources.h"
#include "ca-application.h"
#include "ca-countries.h"
#include "ca-error.h"
#include "ca-field-error.h"
#include "ca-text.h"
#include "ca-window.h"

struct _CaProfileView
{
  GtkWidget        parent_instance;

  CaClient        *client;
  CaProfile       *profile;          /* as the service last gave it */
  GStrv            heard_ids;        /* the catalogue's options, in the combo's order */
  GCancellable    *cancellable;
  GHashTable      *server_errors;    /* field → sentence, until that field changes */
  gboolean         touched[CA_PROFILE_N_FIELDS];
  gboolean         filling;          /* the form is being filled from the service */
  gboolean         in_flight;
  gboolean         relogging;        /* a save waits for the person to log in again */
  GtkWindow       *message_dialog;
  GtkFilter       *country_filter;
  GListModel      *country_matches;

  GtkWidget       *toast_overlay;
  GtkStack        *stack;
  GtkSpinner      *loading_spinner;
  GtkWidget       *error_page;
  GtkLabel        *email_label;
  GtkWidget       *email_note;
  GtkWidget       *civility_row;
  GtkToggleButton *civility_m;
  GtkToggleButton *civility_mme;
  AdwEntryRow     *last_name_row;
  AdwEntryRow     *first_name_row;
  AdwEntryRow     *birth_date_row;
  AdwEntryRow     *birth_country_row;
  AdwEntryRow     *address_row;
  AdwEntryRow     *postal_code_row;
  AdwEntryRow     *city_row;
  AdwEntryRow     *phone_mobile_row;
  AdwEntryRow     *phone_other_row;
  AdwComboRow     *heard_from_row;
  GtkWidget       *names_note;
  GtkPopover      *calendar_popover;
  GtkCalendar     *calendar;
  GtkWidget       *country_popover;
  GtkWidget       *country_list;
  GtkWidget       *message_box;
  GtkLabel        *message_label;
  GtkWidget       *retry_button;
  GtkWidget       *save_button;
  GtkSpinner      *save_spinner;

  AdwEntryRow     *rows[CA_PROFILE_N_FIELDS];
  GtkLabel        *errors[CA_PROFILE_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (CaProfileView, ca_profile_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_form (CaProfileView *self);
static void save (CaProfileView *self);

/* ---- dates -------------------------------------------------------------------------------- */

/* The locale's date when it shows the whole year, else ISO: a two-digit year is ambiguous for
 * a date of birth. */
static char *
format_date (const char *iso)
{
  int y, m, d;
  char buffer[64];
  g_autoptr(GDate) date = NULL;
  g_autofree char *year = NULL;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso != NULL ? iso : "");
  date = g_date_new_dmy (d, m, y);
  year = g_strdup_printf ("%04d", y);
  if (g_date_strftime (buffer, sizeof buffer, "%x", date) == 0 || strstr (buffer, year) == NULL)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return g_strdup (buffer);
}

/* What was typed, as YYYY-MM-DD when it reads as a date; otherwise as typed, so that the
 * rules say what is wrong with it. */
static char *
parse_date (const char *text)
{
  int y, m, d;
  char end;
  g_autoptr(GDate) date = g_date_new ();

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  g_date_set_parse (date, text);
  if (!g_date_valid (date) || strlen (text) < 8)
    return g_strdup (text);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static GDate *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

/* ---- the form ↔ a profile ----------------------------------------------------------------- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
trimmed_or_null (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static const char *
selected_heard_from (CaProfileView *self)
{
  guint selected = adw_combo_row_get_selected (self->heard_from_row);

  /* Position 0 is « choose an answer » */
  if (self->heard_ids == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION
      || selected > g_strv_length (self->heard_ids))
    return NULL;
  return self->heard_ids[selected - 1];
}

/* The profile as the form holds it now */
static CaProfile *
collect (CaProfileView *self)
{
  CaProfile *profile = ca_profile_new ();

  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (self->rows[i] == NULL)
        continue;
      value = trimmed_or_null (row_text (self->rows[i]));
      if (i == CA_PROFILE_BIRTH_DATE && value != NULL)
        {
          char *iso = parse_date (value);

          g_free (value);
          value = iso;
        }
      ca_profile_set (profile, i, value);
    }
  if (gtk_toggle_button_get_active (self->civility_m))
    ca_profile_set (profile, CA_PROFILE_CIVILITY, "M");
  else if (gtk_toggle_button_get_active (self->civility_mme))
    ca_profile_set (profile, CA_PROFILE_CIVILITY, "Mme");
  ca_profile_set (profile, CA_PROFILE_HEARD_FROM, selected_heard_from (self));
  return profile;
}

static void
select_heard_from (CaProfileView *self,
                   const char    *id)
{
  guint position = 0;

  for (guint i = 0; id != NULL && self->heard_ids != NULL && self->heard_ids[i] != NULL; i++)
    if (g_str_equal (self->heard_ids[i], id))
      position = i + 1;
  adw_combo_row_set_selected (self->heard_from_row, position);
}

static void
apply_read_only (CaProfileView *self,
                 gboolean       complete)
{
  /* Once the profile exists, names come from the City's file (atlas.paris.fr) */
  gtk_editable_set_editable (GTK_EDITABLE (self->last_name_row), !complete);
  gtk_editable_set_editable (GTK_EDITABLE (self->first_name_row), !complete);
  gtk_widget_set_visible (self->names_note, complete);
}

static void
fill_form (CaProfileView *self,
           CaProfile     *profile)
{
  const char *civility = ca_profile_get (profile, CA_PROFILE_CIVILITY);
  const char *email = ca_profile_get (profile, CA_PROFILE_EMAIL);

  self->filling = TRUE;
  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    {
      g_autofree char *shown = NULL;
      const char *value = ca_profile_get (profile, i);

      self->touched[i] = FALSE;
      if (self->rows[i] == NULL)
        continue;
      shown = i == CA_PROFILE_BIRTH_DATE ? format_date (value) : g_strdup (value ? value : "");
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), shown);
    }
  gtk_toggle_button_set_active (self->civility_m, g_strcmp0 (civility, "M") == 0);
  gtk_toggle_button_set_active (self->civility_mme, g_strcmp0 (civility, "Mme") == 0);
  select_heard_from (self, ca_profile_get (profile, CA_PROFILE_HEARD_FROM));
  gtk_label_set_label (self->email_label, email != NULL ? email : "");
  apply_read_only (self, ca_profile_get_complete (profile));
  gtk_popover_popdown (GTK_POPOVER (self->country_popover));
  g_hash_table_remove_all (self->server_errors);
  self->filling = FALSE;
  update_form (self);
}

gboolean
ca_profile_view_get_complete (CaProfileView *self)
{
  g_return_val_if_fail (CA_IS_PROFILE_VIEW (self), FALSE);

  return self->profile != NULL && ca_profile_get_complete (self->profile);
}

/* Keeps @profile as the service's state, telling when its completeness changes */
static void
set_profile (CaProfileView *self,
             CaProfile     *profile)
{
  gboolean was_complete = ca_profile_view_get_complete (self);

  g_set_object (&self->profile, profile);
  if (was_complete != ca_profile_view_get_complete (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

static void
clear_form (CaProfileView *self)
{
  g_autoptr(CaProfile) empty = ca_profile_new ();

  /* On a shared computer the next person must not find the previous one's details */
  set_profile (self, NULL);
  fill_form (self, empty);
}

/* ---- checks as you type ------------------------------------------------------------------- */

static void
update_form (CaProfileView *self)
{
  g_autoptr(CaProfile) profile = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GDate) date = today ();
  gboolean phone_touched;

  if (self->filling)
    return;
  profile = collect (self);
  problems = ca_profile_validate (profile, (const char * const *) self->heard_ids, date);
  /* Both phones answer for the « at least one number » rule */
  phone_touched = self->touched[CA_PROFILE_PHONE_MOBILE] || self->touched[CA_PROFILE_PHONE_OTHER];
  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    {
      const char *field = ca_profile_field_to_string (i);
      const char *message = g_hash_table_lookup (self->server_errors, field);
      gboolean touched = self->touched[i]
                         || (i == CA_PROFILE_PHONE_MOBILE && phone_touched);

      if (self->errors[i] == NULL)
        continue;
      if (message == NULL && touched)
        message = g_hash_table_lookup (problems, field);
      ca_field_error_set (self->errors[i], message);
    }
  gtk_widget_set_sensitive (self->save_button,
                            !self->in_flight && g_hash_table_size (problems) == 0);
}

static void
touch (CaProfileView  *self,
       CaProfileField  field)
{
  if (self->filling)
    return;
  self->touched[field] = TRUE;
  g_hash_table_remove (self->server_errors, ca_profile_field_to_string (field));
  update_form (self);
}

static void update_country_popover (CaProfileView *self);

static void
field_changed_cb (CaProfileView *self,
                  GtkWidget     *row)
{
  g_assert (CA_IS_PROFILE_VIEW (self));

  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    if (self->rows[i] == (AdwEntryRow *) row)
      touch (self, i);
  if (row == GTK_WIDGET (self->birth_country_row) && !self->filling)
    update_country_popover (self);
}

static void
civility_toggled_cb (CaProfileView *self)
{
  touch (self, CA_PROFILE_CIVILITY);
}

static void
heard_from_changed_cb (CaProfileView *self)
{
  touch (self, CA_PROFILE_HEARD_FROM);
}

/* ---- the calendar ------------------------------------------------------------------------- */

static void
calendar_shown_cb (CaProfileView *self)
{
  g_autofree char *iso = parse_date (row_text (self->birth_date_row));
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  /* Open on the date typed, or on a plausible adult birth year */
  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      date = g_date_time_add_years (now, -30);
    }
  g_signal_handlers_block_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_calendar_select_day (self->calendar, date);
  g_signal_handlers_unblock_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
day_selected_cb (CaProfileView *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  g_autofree char *shown = format_date (iso);

  gtk_editable_set_text (GTK_EDITABLE (self->birth_date_row), shown);
}

/* ---- the countries ------------------------------------------------------------------------ */

static gboolean
country_matches (gpointer item,
                 gpointer user_data)
{
  CaProfileView *self = user_data;
  const char *typed = row_text (self->birth_country_row);

  return ca_text_matches_all_words (gtk_string_object_get_string (item), typed);
}

static void
update_country_popover (CaProfileView *self)
{
  const char *typed = row_text (self->birth_country_row);
  guint n;
  g_autoptr(GtkStringObject) first = NULL;

  gtk_filter_changed (self->country_filter, GTK_FILTER_CHANGE_DIFFERENT);
  n = g_list_model_get_n_items (self->country_matches);
  first = n > 0 ? g_list_model_get_item (self->country_matches, 0) : NULL;
  /* Nothing to offer: empty text, no match, or the one match already typed in full */
  if (*typed == '\0' || n == 0
      || (n == 1 && g_str_equal (gtk_string_object_get_string (first), typed)))
    {
      gtk_popover_popdown (GTK_POPOVER (self->country_popover));
      return;
    }
  if (gtk_widget_get_visible (self->country_popover))
    gtk_popover_present (GTK_POPOVER (self->country_popover));   /* fewer rows: resize */
  else
    gtk_popover_popup (GTK_POPOVER (self->country_popover));
}

static void
country_activated_cb (CaProfileView *self,
                      guint          position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (self->country_matches, position);

  if (item == NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (self->country_popover));
  gtk_editable_set_text (GTK_EDITABLE (self->birth_country_row),
                         gtk_string_object_get_string (item));
  gtk_editable_set_position (GTK_EDITABLE (self->birth_country_row), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->birth_country_row));
}

static void
country_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_list_item_set_child (item, g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f,
                                               "margin-start", 6, "margin-end", 6,
                                               "margin-top", 4, "margin-bottom", 4, NULL));
}

static void
country_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* Down arrow from the field goes into the list of countries */
static gboolean
country_key_pressed_cb (CaProfileView   *self,
                        guint            keyval,
                        guint            keycode,
                        GdkModifierType  state)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
      && gtk_widget_get_visible (self->country_popover))
    return gtk_widget_child_focus (self->country_list, GTK_DIR_TAB_FORWARD);
  if (keyval == GDK_KEY_Escape && gtk_widget_get_visible (self->country_popover))
    {
      gtk_popover_popdown (GTK_POPOVER (self->country_popover));
      return TRUE;
    }
  return FALSE;
}

static void
setup_countries (CaProfileView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkFilterListModel *filtered;
  GtkWidget *scrolled;

  self->country_filter = GTK_FILTER (gtk_custom_filter_new (country_matches, self, NULL));
  filtered = gtk_filter_list_model_new (g_object_ref (ca_countries_get ()),
                                        g_object_ref (self->country_filter));
  self->country_matches = G_LIST_MODEL (filtered);
  g_signal_connect (factory, "setup", G_CALLBACK (country_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (country_bind_cb), NULL);
  self->country_list = gtk_list_view_new (
    GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (self->country_matches))),
    g_object_ref (factory));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->country_list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->country_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Countries"), -1);
  g_signal_connect_swapped (self->country_list, "activate", G_CALLBACK (country_activated_cb),
                            self);
  scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW, "hscrollbar-policy", GTK_POLICY_NEVER,
                           "propagate-natural-height", TRUE, "max-content-height", 260,
                           "min-content-width", 260, "child", self->country_list, NULL);
  /* The person keeps typing while the list follows: the popover takes no focus of its own */
  self->country_popover = g_object_new (GTK_TYPE_POPOVER, "child", scrolled, "autohide", FALSE,
                                        "has-arrow", FALSE, "position", GTK_POS_BOTTOM,
                                        "halign", GTK_ALIGN_START, NULL);
  gtk_widget_set_parent (self->country_popover, GTK_WIDGET (self->birth_country_row));
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (country_key_pressed_cb), self);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self->birth_country_row), keys);
}

/* ---- loading ------------------------------------------------------------------------------ */

static void
show_error_page (CaProfileView *self,
                 const GError  *error)
{
  g_autofree char *message = ca_application_describe_error (error);

  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
get_profile_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaProfileView) self = user_data;
  g_autoptr(CaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = ca_client_get_profile_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->loading_spinner);
  if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED))
    gtk_stack_set_visible_child_name (self->stack, "logged-out");
  else if (error != NULL)
    show_error_page (self, error);
  else
    {
      set_profile (self, profile);
      fill_form (self, profile);
      gtk_stack_set_visible_child_name (self->stack, "form");
    }
}

static void
set_heard_options (CaProfileView *self,
                   CaCatalogue   *catalogue)
{
  GListModel *options = ca_catalogue_get_heard_from_options (catalogue);
  guint n = g_list_model_get_n_items (options);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_strfreev (self->heard_ids);
  self->heard_ids = g_new0 (char *, n + 1);
  gtk_string_list_append (names, _("Choose an answer"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaNamedItem) item = g_list_model_get_item (options, i);

      self->heard_ids[i] = g_strdup (ca_named_item_get_id (item));
      gtk_string_list_append (names, ca_named_item_get_name (item));
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->heard_from_row, G_LIST_MODEL (names));
  self->filling = FALSE;
}

static void
get_catalogue_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CaProfileView) self = user_data;
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  catalogue = ca_client_get_catalogue_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      gtk_spinner_stop (self->loading_spinner);
      show_error_page (self, error);
      return;
    }
  set_heard_options (self, catalogue);
  ca_client_get_profile_async (self->client, self->cancellable, get_profile_cb,
                               g_object_ref (self));
}

void
ca_profile_view_reload (CaProfileView *self)
{
  g_return_if_fail (CA_IS_PROFILE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = FALSE;
  gtk_widget_set_visible (self->message_box, FALSE);
  if (self->client != NULL && !ca_client_is_logged_in (self->client))
    {
      gtk_stack_set_visible_child_name (self->stack, "logged-out");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->loading_spinner);
  if (self->client == NULL)
    return;
  /* The options of « Comment avez-vous connu les CMA » come from the catalogue */
  ca_client_get_catalogue_async (self->client, self->cancellable, get_catalogue_cb,
                                 g_object_ref (self));
}

static void
logged_in_changed_cb (CaProfileView *self)
{
  /* Logging in again to save keeps the form as typed */
  if (self->relogging)
    return;
  if (ca_client_is_logged_in (self->client))
    {
      ca_profile_view_reload (self);
      return;
    }
  /* A save refused for an expired session logs in again and keeps what was typed */
  if (self->in_flight)
    return;
  g_cancellable_cancel (self->cancellable);
  clear_form (self);
  gtk_stack_set_visible_child_name (self->stack, "logged-out");
}

/* ---- saving ------------------------------------------------------------------------------- */

static void
set_in_flight (CaProfileView *self,
               gboolean       in_flight)
{
  self->in_flight = in_flight;
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), in_flight);
  gtk_spinner_set_spinning (self->save_spinner, in_flight);
  gtk_widget_set_sensitive (self->retry_button, !in_flight);
  update_form (self);
}

static void
show_message (CaProfileView *self,
              const char    *message,
              gboolean       can_retry)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->message_box, message != NULL);
}

static void
message_dialog_response_cb (CaProfileView *self)
{
  self->message_dialog = NULL;
}

static void
show_created_message (CaProfileView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("A confirmation e-mail has been sent to %s. You can come back to "
                            "these details at any time in “My Profile”."),
                          ca_profile_get (self->profile, CA_PROFILE_EMAIL));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Your Profile Has Been Created"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "validate", _("_Validate"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "validate",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (message_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->message_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_saved (CaProfileView *self,
            CaProfile     *profile)
{
  gboolean created = self->profile != NULL && !ca_profile_get_complete (self->profile)
                     && ca_profile_get_complete (profile);

  set_profile (self, profile);
  fill_form (self, profile);
  show_message (self, NULL, FALSE);
  if (created)
    show_created_message (self);
  else
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay),
                                 adw_toast_new (_("Profile saved")));
}

static void
show_server_fields (CaProfileView *self,
                    const GError  *error)
{
  GHashTable *fields = ca_error_get_fields (error);
  GHashTableIter iter;
  gpointer field, message;
  gboolean shown = FALSE;

  for (guint i = 0; fields != NULL && i < CA_PROFILE_N_FIELDS; i++)
    shown |= self->errors[i] != NULL
             && g_hash_table_contains (fields, ca_profile_field_to_string (i));
  if (fields != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &field, &message))
        g_hash_table_insert (self->server_errors, g_strdup (field), g_strdup (message));
    }
  show_message (self, shown ? NULL : error->message, FALSE);
}

static void
login_again_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaProfileView) self = user_data;

  self->relogging = FALSE;
  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL))
    save (self);
}

static void
put_profile_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaProfileView) self = user_data;
  g_autoptr(CaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root;

  profile = ca_client_put_profile_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_in_flight (self, FALSE);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (profile != NULL)
    show_saved (self, profile);
  else if (g_error_matches (error, CA_ERROR, CA_ERROR_VALIDATION_FAILED))
    show_server_fields (self, error);
  else if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED) && CA_IS_WINDOW (root))
    {
      self->relogging = TRUE;
      ca_window_ensure_login_async (CA_WINDOW (root), self->cancellable, login_again_cb,
                                    g_object_ref (self));
    }
  else
    {
      message = ca_application_describe_error (error);
      show_message (self, message, TRUE);
    }
  update_form (self);
}

static void
save (CaProfileView *self)
{
  g_autoptr(CaProfile) profile = NULL;

  if (self->in_flight || self->client == NULL)
    return;
  profile = collect (self);
  show_message (self, NULL, FALSE);
  set_in_flight (self, TRUE);
  ca_client_put_profile_async (self->client, profile, self->cancellable, put_profile_cb,
                               g_object_ref (self));
}

static void
save_clicked_cb (CaProfileView *self)
{
  g_assert (CA_IS_PROFILE_VIEW (self));

  if (gtk_widget_get_sensitive (self->save_button) || gtk_widget_get_visible (self->message_box))
    save (self);
}

static void
log_in_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL);
}

static void
log_in_clicked_cb (CaProfileView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CA_IS_WINDOW (root))
    ca_window_ensure_login_async (CA_WINDOW (root), NULL, log_in_ready_cb, NULL);
}

static void
retry_clicked_cb (CaProfileView *self)
{
  ca_profile_view_reload (self);
}

/* ---- public API --------------------------------------------------------------------------- */

GtkWidget *
ca_profile_view_new (void)
{
  return g_object_new (CA_TYPE_PROFILE_VIEW, NULL);
}

void
ca_profile_view_focus (CaProfileView *self)
{
  g_return_if_fail (CA_IS_PROFILE_VIEW (self));

  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    if (self->rows[i] != NULL && gtk_editable_get_editable (GTK_EDITABLE (self->rows[i]))
        && *row_text (self->rows[i]) == '\0')
      {
        gtk_widget_grab_focus (GTK_WIDGET (self->rows[i]));
        return;
      }
}

static void
ca_profile_view_set_client (CaProfileView *self,
                            CaClient      *client)
{
  if (self->client == client)
    return;
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::logged-in", G_CALLBACK (logged_in_changed_cb),
                             self, G_CONNECT_SWAPPED);
  clear_form (self);
  ca_profile_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

void
ca_profile_view_get_parts (CaProfileView      *self,
                           CaProfileViewParts *parts)
{
  g_return_if_fail (CA_IS_PROFILE_VIEW (self));

  *parts = (CaProfileViewParts) {
    .stack = self->stack,
    .email_label = self->email_label,
    .email_note = self->email_note,
    .civility_m = self->civility_m,
    .civility_mme = self->civility_mme,
    .heard_from_row = self->heard_from_row,
    .names_note = self->names_note,
    .message_label = self->message_label,
    .retry_button = self->retry_button,
    .save_button = self->save_button,
    .calendar = self->calendar,
    .country_popover = self->country_popover,
    .country_matches = self->country_matches,
  };
  memcpy (parts->rows, self->rows, sizeof self->rows);
  memcpy (parts->errors, self->errors, sizeof self->errors);
}

gboolean
ca_profile_view_get_busy (CaProfileView *self)
{
  g_return_val_if_fail (CA_IS_PROFILE_VIEW (self), FALSE);

  return self->in_flight || gtk_spinner_get_spinning (self->loading_spinner);
}

GtkWindow *
ca_profile_view_get_message_dialog (CaProfileView *self)
{
  g_return_val_if_fail (CA_IS_PROFILE_VIEW (self), NULL);

  return self->message_dialog;
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
ca_profile_view_dispose (GObject *object)
{
  CaProfileView *self = CA_PROFILE_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_pointer (&self->country_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_PROFILE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->profile);
  g_clear_object (&self->country_filter);
  g_clear_object (&self->country_matches);
  G_OBJECT_CLASS (ca_profile_view_parent_class)->dispose (object);
}

static void
ca_profile_view_finalize (GObject *object)
{
  CaProfileView *self = CA_PROFILE_VIEW (object);

  g_strfreev (self->heard_ids);
  g_hash_table_unref (self->server_errors);
  G_OBJECT_CLASS (ca_profile_view_parent_class)->finalize (object);
}

static void
ca_profile_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaProfileView *self = CA_PROFILE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, ca_profile_view_get_complete (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_profile_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CaProfileView *self = CA_PROFILE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ca_profile_view_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_profile_view_class_init (CaProfileViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_profile_view_dispose;
  object_class->finalize = ca_profile_view_finalize;
  object_class->get_property = ca_profile_view_get_property;
  object_class->set_property = ca_profile_view_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) ca_account_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/account/ca-profile-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CaProfileView, name)
  BIND (toast_overlay);
  BIND (stack);
  BIND (loading_spinner);
  BIND (error_page);
  BIND (email_label);
  BIND (email_note);
  BIND (civility_row);
  BIND (civility_m);
  BIND (civility_mme);
  BIND (last_name_row);
  BIND (first_name_row);
  BIND (birth_date_row);
  BIND (birth_country_row);
  BIND (address_row);
  BIND (postal_code_row);
  BIND (city_row);
  BIND (phone_mobile_row);
  BIND (phone_other_row);
  BIND (heard_from_row);
  BIND (names_note);
  BIND (calendar_popover);
  BIND (calendar);
  BIND (message_box);
  BIND (message_label);
  BIND (retry_button);
  BIND (save_button);
  BIND (save_spinner);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, civility_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, heard_from_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
ca_profile_view_init (CaProfileView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->server_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rows[CA_PROFILE_LAST_NAME] = self->last_name_row;
  self->rows[CA_PROFILE_FIRST_NAME] = self->first_name_row;
  self->rows[CA_PROFILE_BIRTH_DATE] = self->birth_date_row;
  self->rows[CA_PROFILE_BIRTH_COUNTRY] = self->birth_country_row;
  self->rows[CA_PROFILE_ADDRESS] = self->address_row;
  self->rows[CA_PROFILE_POSTAL_CODE] = self->postal_code_row;
  self->rows[CA_PROFILE_CITY] = self->city_row;
  self->rows[CA_PROFILE_PHONE_MOBILE] = self->phone_mobile_row;
  self->rows[CA_PROFILE_PHONE_OTHER] = self->phone_other_row;
  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    if (self->rows[i] != NULL)
      self->errors[i] = ca_field_error_attach (GTK_WIDGET (self->rows[i]));
  self->errors[CA_PROFILE_CIVILITY] = ca_field_error_attach (self->civility_row);
  self->errors[CA_PROFILE_HEARD_FROM] = ca_field_error_attach (GTK_WIDGET (self->heard_from_row));
  setup_countries (self);
  g_signal_connect_object (self->calendar_popover, "show", G_CALLBACK (calendar_shown_cb), self,
                           G_CONNECT_SWAPPED);
  update_form (self);
}
