/* ca-course-page.c — « Fiche formation » and « Sauvegarder dans mes candidatures »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-course-page.h"
#include "ca-error.h"
#include "ca-format.h"
#include "ca-window.h"
#include "ca-search-private.h"
#include "ca-status-icon.h"

/* What the button under a message does */
typedef enum
{
  MESSAGE_ACTION_NONE,
  MESSAGE_ACTION_PROFILE,
  MESSAGE_ACTION_CANDIDATURES,
  MESSAGE_ACTION_RETRY,
  MESSAGE_ACTION_LOGIN,
} MessageAction;

struct _CaCoursePage
{
  GtkWidget      parent_instance;

  CaClient      *client;
  CaCatalogue   *catalogue;
  CaCourse      *course;
  char          *course_id;
  char          *selected_session;
  GPtrArray     *session_rows;
  GHashTable    *session_checks;   /* session id → GtkCheckButton */
  GCancellable  *load_cancellable;
  GCancellable  *save_cancellable;
  guint          generation;
  MessageAction  message_action;
  guint          saving : 1;
  guint          login_retried : 1;
  guint          focus_on_load : 1;   /* asked for the focus while loading */

  GtkWidget     *root_box;
  GtkWidget     *back_button;
  GtkWidget     *bar_title;
  GtkWidget     *stack;
  GtkWidget     *error_status;
  GtkWidget     *scroller;
  GtkWidget     *title_label;
  GtkWidget     *domain_label;
  GtkWidget     *period_row;
  GtkWidget     *period_badge;
  GtkWidget     *fee_label;
  GtkWidget     *sections_box;
  GtkWidget     *objective_label;
  GtkWidget     *sessions_group;
  GtkWidget     *message_box;
  GtkWidget     *message_icon;
  GtkWidget     *message_label;
  GtkWidget     *message_button;
  GtkWidget     *save_button;
  GtkWidget     *save_spinner;
  GtkWidget     *save_hint;
};

G_DEFINE_FINAL_TYPE (CaCoursePage, ca_course_page, GTK_TYPE_WIDGET)

enum {
  BACK,
  LOADED,
  SAVE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_save (CaCoursePage *self);

/* ---- messages ------------------------------------------------------------------------------ */

static void
hide_message (CaCoursePage *self)
{
  gtk_widget_set_visible (self->message_box, FALSE);
  gtk_label_set_label (GTK_LABEL (self->message_label), "");
  self->message_action = MESSAGE_ACTION_NONE;
}

/* @kind: "success", "warning" or "error" — the colour; the sentence says the same in words.
 * The box has the alert role and its name is the sentence, so screen readers announce it. */
static void
show_message (CaCoursePage  *self,
              const char    *kind,
              const char    *text,
              MessageAction  action)
{
  const char *kinds[] = { "success", "warning", "error" };
  const char *button_label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_widget_remove_css_class (self->message_box, kinds[i]);
  gtk_widget_add_css_class (self->message_box, kind);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->message_icon),
                                g_str_equal (kind, "success") ? "emblem-ok-symbolic"
                                : g_str_equal (kind, "warning") ? "dialog-warning-symbolic"
                                : "dialog-error-symbolic");
  gtk_label_set_label (GTK_LABEL (self->message_label), text);
  self->message_action = action;
  switch (action)
    {
    case MESSAGE_ACTION_PROFILE: button_label = _("Open My profile"); break;
    case MESSAGE_ACTION_CANDIDATURES: button_label = _("See my applications"); break;
    case MESSAGE_ACTION_RETRY: button_label = _("Retry"); break;
    case MESSAGE_ACTION_LOGIN: button_label = _("Log in"); break;
    case MESSAGE_ACTION_NONE: default: break;
    }
  gtk_widget_set_visible (self->message_button, button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (GTK_BUTTON (self->message_button), button_label);
  gtk_widget_set_visible (self->message_box, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->save_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->message_label, NULL,
                                  -1);
}

static void
message_button_cb (CaCoursePage *self)
{
  switch (self->message_action)
    {
    case MESSAGE_ACTION_PROFILE:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-place", "s", "profile");
      break;
    case MESSAGE_ACTION_CANDIDATURES:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-place", "s", "candidatures");
      break;
    case MESSAGE_ACTION_RETRY:
    case MESSAGE_ACTION_LOGIN:
      start_save (self);
      break;
    case MESSAGE_ACTION_NONE:
    default:
      break;
    }
}

/* ---- saving -------------------------------------------------------------------------------- */

static void
update_save_button (CaCoursePage *self)
{
  gtk_widget_set_sensitive (self->save_button,
                            self->selected_session != NULL && !self->saving
                            && self->client != NULL);
  gtk_widget_set_visible (self->save_hint, self->selected_session == NULL);
}

static void
set_saving (CaCoursePage *self,
            gboolean      saving)
{
  self->saving = saving;
  gtk_widget_set_visible (self->save_spinner, saving);
  gtk_spinner_set_spinning (GTK_SPINNER (self->save_spinner), saving);
  update_save_button (self);
}

/* The save button lost the focus while it was insensitive: a keyboard user carries on from the
 * message's button (« Log in », « See my applications »…), else from the save button. */
static void
restore_focus (CaCoursePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self))
      || (focus != NULL && gtk_widget_get_mapped (focus)))
    return;
  if (gtk_widget_get_visible (self->message_box) && gtk_widget_get_visible (self->message_button))
    gtk_widget_grab_focus (self->message_button);
  else
    gtk_widget_grab_focus (self->save_button);
}

static void
finish_save (CaCoursePage *self,
             const char   *outcome)
{
  set_saving (self, FALSE);
  restore_focus (self);
  g_signal_emit (self, signals[SAVE_FINISHED], 0, outcome);
}

/* The sheet carries the period's name and state; its dates are in the catalogue */
static CaPeriod *
course_period (CaCoursePage *self)
{
  CaPeriod *period = self->course != NULL ? ca_course_get_period (self->course) : NULL;
  CaPeriod *full = NULL;

  if (period != NULL && self->catalogue != NULL)
    full = ca_catalogue_find_period (self->catalogue, ca_period_get_id (period));
  return full != NULL ? full : period;
}

static char *
period_closed_sentence (CaCoursePage *self)
{
  CaPeriod *period = course_period (self);
  g_autofree char *dates = period != NULL ? ca_format_period_dates (period) : NULL;

  if (dates == NULL)
    return g_strdup (_("Applications are closed for this period: a course can be saved only "
                       "while its enrolment period is open."));
  return g_strdup_printf (_("Applications are closed for this period: a course can be saved "
                            "only while its enrolment period is open (%s)."), dates);
}

/* Each refusal of the service is explained in a sentence that says what to do next */
static void
show_refusal (CaCoursePage *self,
              const GError *error)
{
  g_autofree char *sentence = NULL;

  if (error->domain != CA_ERROR)
    {
      show_message (self, "error", error->message, MESSAGE_ACTION_RETRY);
      return;
    }
  switch (error->code)
    {
    case CA_ERROR_PROFILE_INCOMPLETE:
      show_message (self, "warning",
                    _("Your profile is not complete yet. Complete it in “My profile” first, "
                      "then save this course again."), MESSAGE_ACTION_PROFILE);
      break;
    case CA_ERROR_PERIOD_CLOSED:
      sentence = period_closed_sentence (self);
      show_message (self, "warning", sentence, MESSAGE_ACTION_NONE);
      break;
    case CA_ERROR_ALREADY_PRESELECTED_FOR_COURSE:
      show_message (self, "warning",
                    _("You already have an application for this course: only one per course "
                      "sheet. See “My applications” to change the session."),
                    MESSAGE_ACTION_CANDIDATURES);
      break;
    case CA_ERROR_TIME_CONFLICT:
      show_message (self, "warning",
                    _("You already have an application on that day and time: only one per day "
                      "and hour. Choose another session."), MESSAGE_ACTION_NONE);
      break;
    case CA_ERROR_UNAUTHORIZED:
      show_message (self, "warning",
                    _("Your session has ended. Log in again to save this course."),
                    MESSAGE_ACTION_LOGIN);
      break;
    default:
      sentence = g_strdup_printf (_("The course could not be saved: %s"), error->message);
      show_message (self, "error", sentence, MESSAGE_ACTION_RETRY);
      break;
    }
}

static void
show_saved (CaCoursePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *text = _("Course added to your applications");

  show_message (self, "success", text, MESSAGE_ACTION_CANDIDATURES);
  if (CA_IS_WINDOW (root))
    {
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_button_label (toast, _("See my applications"));
      adw_toast_set_action_name (toast, "win.show-place");
      adw_toast_set_action_target_value (toast, g_variant_new_string ("candidatures"));
      ca_window_add_toast (CA_WINDOW (root), toast);
    }
}

static void ensure_login (CaCoursePage *self);

static void
preselect_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CaCoursePage) self = user_data;
  g_autoptr(CaCandidature) candidature = NULL;
  g_autoptr(GError) error = NULL;

  candidature = ca_client_preselect_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_save (self, "cancelled");
      return;
    }
  /* An expired session: log in again, then retry once */
  if (g_error_matches (error, CA_ERROR, CA_ERROR_UNAUTHORIZED) && !self->login_retried)
    {
      self->login_retried = TRUE;
      ensure_login (self);
      return;
    }
  if (error != NULL)
    {
      show_refusal (self, error);
      finish_save (self, error->domain == CA_ERROR
                   ? ca_error_code_to_string (error->code) : "error");
      return;
    }
  show_saved (self);
  finish_save (self, "saved");
}

static void
preselect (CaCoursePage *self)
{
  ca_client_preselect_async (self->client, self->selected_session, self->save_cancellable,
                             preselect_cb, g_object_ref (self));
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CaCoursePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, &error))
    {
      preselect (self);
      return;
    }
  /* The person closed « Se connecter »: say how to carry on, without insisting */
  show_message (self, "warning", _("Log in to save this course to your applications."),
                MESSAGE_ACTION_LOGIN);
  finish_save (self, "cancelled");
}

static void
ensure_login (CaCoursePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!CA_IS_WINDOW (root))
    {
      show_message (self, "warning", _("Log in to save this course to your applications."),
                    MESSAGE_ACTION_LOGIN);
      finish_save (self, "login-required");
      return;
    }
  ca_window_ensure_login_async (CA_WINDOW (root), self->save_cancellable, login_cb,
                                g_object_ref (self));
}

static void
start_save (CaCoursePage *self)
{
  /* No double submission: a click while a request is in flight does nothing */
  if (self->saving || self->selected_session == NULL || self->client == NULL)
    return;
  hide_message (self);
  set_saving (self, TRUE);
  self->login_retried = FALSE;
  if (!ca_client_is_logged_in (self->client))
    {
      self->login_retried = TRUE;   /* logging in now counts as the one retry */
      ensure_login (self);
    }
  else
    preselect (self);
}

static void
save_clicked_cb (CaCoursePage *self)
{
  start_save (self);
}

/* ---- the sheet ----------------------------------------------------------------------------- */

static void
add_section (CaCoursePage *self,
             const char   *heading,
             const char   *text,
             GtkWidget   **out_label)
{
  GtkWidget *box, *title, *label;

  if (out_label != NULL)
    *out_label = NULL;
  if (text == NULL || *text == '\0')
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Copied with the mouse; a Tab stop per paragraph would keep keyboards from the sessions */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_can_focus (label, FALSE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (self->sections_box), box);
  if (out_label != NULL)
    *out_label = label;
}

static void
clear_sheet (CaCoursePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->sections_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->sections_box), child);
  for (guint i = 0; i < self->session_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->sessions_group),
                                  g_ptr_array_index (self->session_rows, i));
  g_ptr_array_set_size (self->session_rows, 0);
  g_hash_table_remove_all (self->session_checks);
  g_clear_pointer (&self->selected_session, g_free);
  self->objective_label = NULL;
  hide_message (self);
}

static char *
arrondissement_name (CaCoursePage *self,
                     guint         number)
{
  GListModel *list = self->catalogue != NULL
                     ? ca_catalogue_get_arrondissements (self->catalogue) : NULL;
  guint n = list != NULL ? g_list_model_get_n_items (list) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaArrondissement) arrondissement = g_list_model_get_item (list, i);

      if (ca_arrondissement_get_number (arrondissement) == number)
        return ca_format_arrondissement (ca_arrondissement_get_name (arrondissement));
    }
  return g_strdup_printf (_("Paris %u"), number);
}

static void
session_toggled_cb (GtkCheckButton *check,
                    CaCoursePage   *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  g_free (self->selected_session);
  self->selected_session = g_strdup (g_object_get_data (G_OBJECT (check), "session-id"));
  hide_message (self);
  update_save_button (self);
}

static GtkWidget *
make_session_row (CaCoursePage   *self,
                  CaSession      *session,
                  GtkCheckButton *group)
{
  CaEstablishment *establishment = ca_session_get_establishment (session);
  g_autofree char *arrondissement =
    arrondissement_name (self, ca_establishment_get_arrondissement (establishment));
  guint seats = ca_session_get_seats (session);
  g_autofree char *seats_text = g_strdup_printf (ngettext ("%u seat", "%u seats", seats), seats);
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  /* TRANSLATORS: day, start and end times of a session: "Monday, 18:30–20:30" */
  when = g_strdup_printf (_("%s, %s–%s"), ca_format_day (ca_session_get_day (session)),
                          ca_session_get_start (session), ca_session_get_end (session));
  subtitle = g_strdup_printf ("%s — %s\n%s · %s · %s · %s",
                              ca_establishment_get_address (establishment), arrondissement,
                              when, ca_format_mode (ca_session_get_mode (session)),
                              ca_format_rhythm (ca_session_get_rhythm (session)), seats_text);
  name = g_strdup_printf ("%s, %s", ca_establishment_get_name (establishment), when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ca_establishment_get_name (establishment));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  g_object_set_data_full (G_OBJECT (check), "session-id",
                          g_strdup (ca_session_get_id (session)), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (session_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_hash_table_insert (self->session_checks, g_strdup (ca_session_get_id (session)), check);
  return row;
}

/* Moves the focus to the first widget after (or before) the sessions that takes it */
static gboolean
leave_sessions (CaCoursePage     *self,
                GtkDirectionType  direction)
{
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;
  GtkWidget *widget;

  g_assert (CA_IS_COURSE_PAGE (self));
  widget = self->sessions_group;
  while ((widget = forward ? gtk_widget_get_next_sibling (widget)
                           : gtk_widget_get_prev_sibling (widget)) != NULL)
    if (gtk_widget_child_focus (widget, direction))
      return TRUE;
  return FALSE;
}

/* The sessions are one choice, as radio buttons are: Tab from a session's radio goes on to
 * « Sauvegarder dans mes candidatures » rather than through every other session (the arrows
 * go from session to session), and Shift+Tab back above them. */
static gboolean
sessions_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         CaCoursePage          *self)
{
  GtkRoot *root;
  GtkWidget *focus;
  gboolean backward = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;

  g_assert (CA_IS_COURSE_PAGE (self));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0
      || (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab))
    return FALSE;
  if (backward)
    return leave_sessions (self, GTK_DIR_TAB_BACKWARD);
  return GTK_IS_CHECK_BUTTON (focus) && leave_sessions (self, GTK_DIR_TAB_FORWARD);
}

static void
fill_sessions (CaCoursePage *self)
{
  GListModel *sessions = ca_course_get_sessions (self->course);
  guint n = g_list_model_get_n_items (sessions);
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaSession) session = g_list_model_get_item (sessions, i);
      GtkWidget *row = make_session_row (self, session, group);

      if (group == NULL)
        group = g_hash_table_lookup (self->session_checks, ca_session_get_id (session));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->sessions_group), row);
      g_ptr_array_add (self->session_rows, row);
    }
}

/* Unicode's directional isolates (U+2068, U+2069), in UTF-8 */
#define FIRST_STRONG_ISOLATE    "\xe2\x81\xa8"
#define POP_DIRECTIONAL_ISOLATE "\xe2\x81\xa9"

static void
fill_period (CaCoursePage *self)
{
  CaPeriod *period = course_period (self);
  gboolean open = ca_course_get_open (self->course);
  g_autofree char *dates = period != NULL ? ca_format_period_dates (period) : NULL;
  g_autofree char *subtitle = NULL;

  /* The name (French) and the dates (the interface's language) are each isolated, so that
   * neither reorders the other in a right-to-left interface. */
  subtitle = g_strdup_printf ("%s%s%s%s%s%s\n%s",
                              FIRST_STRONG_ISOLATE,
                              period != NULL ? ca_period_get_name (period) : "",
                              POP_DIRECTIONAL_ISOLATE,
                              dates != NULL ? " — " FIRST_STRONG_ISOLATE : "",
                              dates != NULL ? dates : "",
                              dates != NULL ? POP_DIRECTIONAL_ISOLATE : "",
                              open ? _("Applications are open")
                                   : _("Applications are closed"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->period_row), subtitle);
  gtk_label_set_label (GTK_LABEL (self->period_badge), open ? _("Open") : _("Closed"));
  gtk_widget_remove_css_class (self->period_badge, open ? "ca-closed" : "ca-open");
  gtk_widget_add_css_class (self->period_badge, open ? "ca-open" : "ca-closed");
}

static void
fill_sheet (CaCoursePage *self)
{
  g_autofree char *fee = ca_format_money (ca_course_get_fee_cents (self->course));

  clear_sheet (self);
  gtk_label_set_label (GTK_LABEL (self->bar_title), ca_course_get_title (self->course));
  gtk_label_set_label (GTK_LABEL (self->title_label), ca_course_get_title (self->course));
  gtk_label_set_label (GTK_LABEL (self->domain_label), ca_course_get_domain_name (self->course));
  gtk_label_set_label (GTK_LABEL (self->fee_label), fee);
  fill_period (self);
  add_section (self, _("Objective"), ca_course_get_objective (self->course),
               &self->objective_label);
  add_section (self, _("Audience"), ca_course_get_audience (self->course), NULL);
  add_section (self, _("Prerequisites"), ca_course_get_prerequisites (self->course), NULL);
  add_section (self, _("Programme"), ca_course_get_program (self->course), NULL);
  fill_sessions (self);
  update_save_button (self);
}

typedef struct
{
  CaCoursePage *self;
  guint         generation;
} LoadRequest;

static void
get_course_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr(CaCoursePage) self = request->self;
  g_autoptr(CaCourse) course = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stale = request->generation != self->generation;

  g_free (request);
  course = ca_client_get_course_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || stale)
    return;
  if (error != NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (self->error_status), error->message);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
    }
  else
    {
      g_set_object (&self->course, course);
      fill_sheet (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "sheet");
    }
  if (self->focus_on_load && gtk_widget_has_focus (self->back_button))
    ca_course_page_focus (self);
  self->focus_on_load = FALSE;
  g_signal_emit (self, signals[LOADED], 0);
}

static void
cancel_all (CaCoursePage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->save_cancellable = g_cancellable_new ();
  self->generation++;
}

void
ca_course_page_load (CaCoursePage *self,
                     const char   *course_id)
{
  LoadRequest *request;

  g_return_if_fail (CA_IS_COURSE_PAGE (self));
  g_return_if_fail (course_id != NULL);

  cancel_all (self);
  if (self->saving)
    set_saving (self, FALSE);
  if (g_strcmp0 (self->course_id, course_id) != 0)
    {
      g_free (self->course_id);
      self->course_id = g_strdup (course_id);
      g_clear_object (&self->course);
      gtk_label_set_label (GTK_LABEL (self->bar_title), _("Course sheet"));
    }
  if (self->client == NULL)
    return;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  request = g_new0 (LoadRequest, 1);
  request->self = g_object_ref (self);
  request->generation = self->generation;
  ca_client_get_course_async (self->client, course_id, self->load_cancellable, get_course_cb,
                              request);
}

void
ca_course_page_reload (CaCoursePage *self)
{
  g_autofree char *id = NULL;

  g_return_if_fail (CA_IS_COURSE_PAGE (self));
  if (self->course_id == NULL)
    return;
  id = g_strdup (self->course_id);
  ca_course_page_load (self, id);
}

/* ---- public API ------------------------------------------------------------------------------ */

static void
back_clicked_cb (CaCoursePage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
retry_clicked_cb (CaCoursePage *self)
{
  ca_course_page_reload (self);
}

void
ca_course_page_set_client (CaCoursePage *self,
                           CaClient     *client)
{
  g_return_if_fail (CA_IS_COURSE_PAGE (self));

  if (!g_set_object (&self->client, client))
    return;
  cancel_all (self);
  set_saving (self, FALSE);
  g_clear_object (&self->course);
  g_clear_pointer (&self->course_id, g_free);
  clear_sheet (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
}

void
ca_course_page_set_catalogue (CaCoursePage *self,
                              CaCatalogue  *catalogue)
{
  g_return_if_fail (CA_IS_COURSE_PAGE (self));
  g_set_object (&self->catalogue, catalogue);
}

CaCourse *
ca_course_page_get_course (CaCoursePage *self)
{
  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), NULL);
  return self->course;
}

const char *
ca_course_page_get_course_id (CaCoursePage *self)
{
  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), NULL);
  return self->course_id;
}

const char *
ca_course_page_get_state (CaCoursePage *self)
{
  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

gboolean
ca_course_page_select_session (CaCoursePage *self,
                               const char   *session_id)
{
  GtkWidget *check;

  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), FALSE);

  check = g_hash_table_lookup (self->session_checks, session_id);
  if (check == NULL)
    return FALSE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  return TRUE;
}

const char *
ca_course_page_get_selected_session (CaCoursePage *self)
{
  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), NULL);
  return self->selected_session;
}

gboolean
ca_course_page_get_saving (CaCoursePage *self)
{
  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), FALSE);
  return self->saving;
}

/* While the sheet loads, « back » holds the focus (the button that opened the sheet is gone);
 * the sheet takes it once there, unless the person has moved it meanwhile. */
void
ca_course_page_focus (CaCoursePage *self)
{
  g_return_if_fail (CA_IS_COURSE_PAGE (self));

  self->focus_on_load = FALSE;
  if (gtk_widget_child_focus (self->stack, GTK_DIR_TAB_FORWARD))
    return;
  self->focus_on_load = g_strcmp0 (ca_course_page_get_state (self), "loading") == 0
                        && gtk_widget_grab_focus (self->back_button);
}

GtkWidget *
ca_course_page_get_session_check (CaCoursePage *self,
                                  const char   *session_id)
{
  g_return_val_if_fail (CA_IS_COURSE_PAGE (self), NULL);
  return g_hash_table_lookup (self->session_checks, session_id);
}

#define WIDGET_GETTER(name) \
  GtkWidget * \
  ca_course_page_get_##name (CaCoursePage *self) \
  { \
    g_return_val_if_fail (CA_IS_COURSE_PAGE (self), NULL); \
    return self->name; \
  }

WIDGET_GETTER (save_button)
WIDGET_GETTER (message_label)
WIDGET_GETTER (message_button)
WIDGET_GETTER (fee_label)
WIDGET_GETTER (objective_label)

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ca_course_page_dispose (GObject *object)
{
  CaCoursePage *self = CA_COURSE_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  ca_search_dispose_template (GTK_WIDGET (self), CA_TYPE_COURSE_PAGE);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->course);
  G_OBJECT_CLASS (ca_course_page_parent_class)->dispose (object);
}

static void
ca_course_page_finalize (GObject *object)
{
  CaCoursePage *self = CA_COURSE_PAGE (object);

  g_free (self->course_id);
  g_free (self->selected_session);
  g_ptr_array_unref (self->session_rows);
  g_hash_table_unref (self->session_checks);
  G_OBJECT_CLASS (ca_course_page_parent_class)->finalize (object);
}

static void
ca_course_page_class_init (CaCoursePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_course_page_dispose;
  object_class->finalize = ca_course_page_finalize;

  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SAVE_FINISHED] =
    g_signal_new ("save-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  ca_search_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/search/ca-course-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CaCoursePage, name)
  BIND (root_box);
  BIND (back_button);
  BIND (bar_title);
  BIND (stack);
  BIND (error_status);
  BIND (scroller);
  BIND (title_label);
  BIND (domain_label);
  BIND (period_row);
  BIND (period_badge);
  BIND (fee_label);
  BIND (sections_box);
  BIND (sessions_group);
  BIND (message_box);
  BIND (message_icon);
  BIND (message_label);
  BIND (message_button);
  BIND (save_button);
  BIND (save_spinner);
  BIND (save_hint);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_button_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ca_course_page_init (CaCoursePage *self)
{
  GtkWidget *save_label;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  ca_status_page_set_icon_when_shown (ADW_STATUS_PAGE (self->error_status),
                                      "network-error-symbolic");
  /* « Sauvegarder dans mes candidatures » is wider than a phone-sized window: it may wrap */
  save_label = gtk_button_get_child (GTK_BUTTON (self->save_button));
  if (GTK_IS_LABEL (save_label))
    {
      gtk_label_set_wrap (GTK_LABEL (save_label), TRUE);
      gtk_label_set_justify (GTK_LABEL (save_label), GTK_JUSTIFY_CENTER);
    }
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (sessions_key_pressed_cb), self);
  gtk_widget_add_controller (self->sessions_group, controller);
  self->session_rows = g_ptr_array_new ();
  self->session_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->load_cancellable = g_cancellable_new ();
  self->save_cancellable = g_cancellable_new ();
}

GtkWidget *
ca_course_page_new (void)
{
  return g_object_new (CA_TYPE_COURSE_PAGE, NULL);
}
