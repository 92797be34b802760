/* ca-candidature-form.c — « Confirmer ma candidature »
 *
 * The questions come from the sheet's candidature_form. The widgets are built once and kept
 * while the window lives, so that nothing typed is lost when the service refuses or cannot be
 * reached: the person corrects and sends again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCandidatures"

#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-candidature-form.h"
#include "ca-candidatures-private.h"
#include "ca-error.h"
#include "ca-status.h"
#include "ca-window.h"

typedef struct
{
  CaQuestion *question;
  GtkWidget  *entry;       /* text: AdwEntryRow */
  GPtrArray  *checks;      /* choice: GtkCheckButton, one per choice */
  GtkWidget  *toggle;      /* boolean: GtkSwitch */
  GtkWidget  *error_label;
} Answer;

struct _CaCandidatureForm
{
  AdwWindow      parent_instance;

  CaClient      *client;
  CaCandidature *candidature;
  GCancellable  *cancellable;
  GPtrArray     *answers;     /* Answer */
  gboolean       sending;
  gboolean       login_asked;

  GtkWidget     *stack;
  GtkWidget     *back_button;
  GtkWidget     *error_status;
  GtkWidget     *questions_box;
  GtkWidget     *questions_error;
  GtkWidget     *next_button;
  GtkWidget     *summary_group;
  GtkWidget     *summary_error;
  GtkWidget     *validate_button;
  GPtrArray     *summary_rows;
};

G_DEFINE_FINAL_TYPE (CaCandidatureForm, ca_candidature_form, ADW_TYPE_WINDOW)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_course (CaCandidatureForm *self);

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->question);
  g_clear_pointer (&answer->checks, g_ptr_array_unref);
  g_free (answer);
}

/* ---- answers ------------------------------------------------------------------------------- */

/* The answer as the service wants it, or NULL when the question is not answered */
static JsonNode *
answer_value (Answer *answer)
{
  switch (ca_question_get_kind (answer->question))
    {
    case CA_QUESTION_TEXT:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (answer->entry));
        g_autofree char *trimmed = g_strstrip (g_strdup (text));

        if (*trimmed == '\0')
          return NULL;
        return json_node_init_string (json_node_alloc (), text);
      }
    case CA_QUESTION_CHOICE:
      for (guint i = 0; i < answer->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (answer->checks, i)))
          return json_node_init_string (json_node_alloc (),
                                        ca_question_get_choices (answer->question)[i]);
      return NULL;
    case CA_QUESTION_BOOLEAN:
    default:
      return json_node_init_boolean (json_node_alloc (),
                                     gtk_switch_get_active (GTK_SWITCH (answer->toggle)));
    }
}

static char *
answer_text (Answer *answer)
{
  g_autoptr(JsonNode) value = answer_value (answer);

  if (value == NULL)
    return g_strdup (_("No answer"));
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
  return g_strdup (json_node_get_string (value));
}

static gboolean
all_required_answered (CaCandidatureForm *self)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (self->answers, i);
      g_autoptr(JsonNode) value = NULL;

      if (!ca_question_get_required (answer->question))
        continue;
      value = answer_value (answer);
      if (value == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
answers_changed_cb (CaCandidatureForm *self)
{
  gtk_widget_set_sensitive (self->next_button, all_required_answered (self));
}

static JsonObject *
build_answers (CaCandidatureForm *self)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < self->answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (self->answers, i);
      JsonNode *value = answer_value (answer);

      if (value != NULL)
        json_object_set_member (object, ca_question_get_id (answer->question), value);
    }
  return object;
}

/* ---- question widgets ---------------------------------------------------------------------- */

static char *
question_title (CaQuestion *question)
{
  g_autofree char *escaped = g_markup_escape_text (ca_question_get_label (question), -1);

  return ca_question_get_required (question) ? g_strconcat (escaped, " *", NULL)
                                             : g_steal_pointer (&escaped);
}

static GtkWidget *
boxed_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

/* The question above its answer, in as many lines as it takes */
static GtkWidget *
question_heading (GtkWidget  *box,
                  const char *title)
{
  GtkWidget *heading = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (heading), title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  ca_candidatures_wrap_words (heading);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  return heading;
}

static GtkWidget *
question_widget (CaCandidatureForm *self,
                 Answer            *answer)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = boxed_list ();
  g_autofree char *title = question_title (answer->question);
  const char * const *choices = ca_question_get_choices (answer->question);

  switch (ca_question_get_kind (answer->question))
    {
    case CA_QUESTION_TEXT:
      {
        /* An entry row cuts its title on one line: the question stands above it, and names
         * it. */
        GtkWidget *heading = question_heading (box, title);

        answer->entry = adw_entry_row_new ();
        gtk_accessible_update_relation (GTK_ACCESSIBLE (answer->entry),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
        g_signal_connect_swapped (answer->entry, "changed", G_CALLBACK (answers_changed_cb),
                                  self);
        gtk_list_box_append (GTK_LIST_BOX (list), answer->entry);
      }
      break;

    case CA_QUESTION_CHOICE:
      {
        GtkWidget *heading = question_heading (box, title);
        GtkCheckButton *group = NULL;

        gtk_accessible_update_relation (GTK_ACCESSIBLE (list),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
        answer->checks = g_ptr_array_new ();
        for (guint i = 0; choices[i] != NULL; i++)
          {
            GtkWidget *row = adw_action_row_new ();
            GtkWidget *check = gtk_check_button_new ();
            g_autofree char *escaped = g_markup_escape_text (choices[i], -1);

            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
            group = GTK_CHECK_BUTTON (check);
            gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
            adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
            g_signal_connect_swapped (check, "toggled", G_CALLBACK (answers_changed_cb), self);
            g_ptr_array_add (answer->checks, check);
            gtk_list_box_append (GTK_LIST_BOX (list), row);
          }
      }
      break;

    case CA_QUESTION_BOOLEAN:
    default:
      {
        GtkWidget *row = adw_action_row_new ();

        answer->toggle = gtk_switch_new ();
        gtk_widget_set_valign (answer->toggle, GTK_ALIGN_CENTER);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Off means no"));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), answer->toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), answer->toggle);
        gtk_list_box_append (GTK_LIST_BOX (list), row);
      }
      break;
    }
  gtk_box_append (GTK_BOX (box), list);

  answer->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (answer->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (answer->error_label), TRUE);
  gtk_widget_add_css_class (answer->error_label, "error");
  gtk_widget_set_visible (answer->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), answer->error_label);
  return box;
}

static void
show_questions (CaCandidatureForm *self,
                CaCourse          *course)
{
  GListModel *form = ca_course_get_candidature_form (course);
  guint n = g_list_model_get_n_items (form);

  if (n == 0)
    {
      GtkWidget *label = gtk_label_new (_("This course asks no question. Go on to check and "
                                          "confirm your application."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (self->questions_box), label);
    }
  for (guint i = 0; i < n; i++)
    {
      Answer *answer = g_new0 (Answer, 1);

      answer->question = g_list_model_get_item (form, i);
      g_ptr_array_add (self->answers, answer);
      gtk_box_append (GTK_BOX (self->questions_box), question_widget (self, answer));
    }
  answers_changed_cb (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "questions");
}

/* ---- pages --------------------------------------------------------------------------------- */

static void
clear_field_errors (CaCandidatureForm *self)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (self->answers, i);

      ca_candidatures_set_error (answer->error_label, NULL);
    }
  ca_candidatures_set_error (self->questions_error, NULL);
}

static void
build_summary (CaCandidatureForm *self)
{
  for (guint i = 0; i < self->summary_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->summary_group),
                                  g_ptr_array_index (self->summary_rows, i));
  g_ptr_array_set_size (self->summary_rows, 0);

  for (guint i = 0; i < self->answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (self->answers, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (ca_question_get_label (answer->question), -1);
      g_autofree char *text = answer_text (answer);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->summary_group), row);
      g_ptr_array_add (self->summary_rows, row);
    }
}

static void
next_clicked_cb (CaCandidatureForm *self)
{
  if (!all_required_answered (self))
    return;
  build_summary (self);
  ca_candidatures_set_error (self->summary_error, NULL);
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "summary");
  gtk_widget_grab_focus (self->validate_button);
}

static void
back_clicked_cb (CaCandidatureForm *self)
{
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "questions");
}

/* ---- sending ------------------------------------------------------------------------------- */

static void send_answers (CaCandidatureForm *self);

static void
set_sending (CaCandidatureForm *self,
             gboolean           sending)
{
  self->sending = sending;
  gtk_widget_set_sensitive (self->validate_button, !sending);
  gtk_widget_set_sensitive (self->back_button, !sending);
  gtk_button_set_label (GTK_BUTTON (self->validate_button),
                        sending ? _("Sending…") : _("Validate"));
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CaCandidatureForm) self = user_data;

  if (ca_window_ensure_login_finish (CA_WINDOW (object), result, NULL))
    send_answers (self);
  else
    set_sending (self, FALSE);
}

static void
show_field_errors (CaCandidatureForm *self,
                   GHashTable        *fields)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (self->answers, i);
      const char *id = ca_question_get_id (answer->question);
      const char *message = fields != NULL ? g_hash_table_lookup (fields, id) : NULL;

      ca_candidatures_set_error (answer->error_label, message);
    }
  ca_candidatures_set_error (self->questions_error, _("Some answers need to be corrected."));
  back_clicked_cb (self);
}

static char *
describe_confirm_error (const GError *error)
{
  if (g_error_matches (error, CA_ERROR, CA_ERROR_TOO_MANY_ACTIVE))
    return g_strdup (_("You cannot have more than three active applications at the same time. "
                       "To free a place, cancel an application in progress (« Cancel my "
                       "application ») or wait for its outcome, then confirm this one."));
  if (g_error_matches (error, CA_ERROR, CA_ERROR_PERIOD_CLOSED))
    return g_strdup (_("The enrolment period of this course is closed: this application can no "
                       "longer be confirmed."));
  return ca_application_describe_error (error);
}

/* A request that timed out may still have been applied, and sending it again is then refused
 * (409 not-confirmable): the candidature's status tells what really happened. */
typedef struct
{
  CaCandidatureForm *self;
  GError            *error;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  g_error_free (check->error);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  CaCandidatureForm *self = check->self;
  g_autoptr(CaCandidatureList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  list = ca_client_list_candidatures_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (list != NULL)
    {
      GListModel *items = ca_candidature_list_get_items (list);

      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(CaCandidature) candidature = g_list_model_get_item (items, i);

          if (g_str_equal (ca_candidature_get_id (candidature),
                           ca_candidature_get_id (self->candidature))
              && ca_candidature_get_status (candidature) != CA_STATUS_PRESELECTED)
            {
              g_signal_emit (self, signals[CONFIRMED], 0, candidature);
              gtk_window_destroy (GTK_WINDOW (self));
              return;
            }
        }
    }
  set_sending (self, FALSE);
  message = describe_confirm_error (check->error);
  ca_candidatures_set_error (self->summary_error, message);
}

static void
check_applied (CaCandidatureForm *self,
               const GError      *error)
{
  Check *check = g_new0 (Check, 1);

  check->self = g_object_ref (self);
  check->error = g_error_copy (error);
  ca_client_list_candidatures_async (self->client, self->cancellable, check_cb, check);
}

static void
confirm_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CaCandidatureForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidature) updated = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *message = NULL;

  updated = ca_client_confirm_candidature_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (updated != NULL)
    {
      g_signal_emit (self, signals[CONFIRMED], 0, updated);
      gtk_window_destroy (GTK_WINDOW (self));
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

  if (g_error_matches (error, CA_ERROR, CA_ERROR_VALIDATION_FAILED))
    {
      set_sending (self, FALSE);
      show_field_errors (self, ca_error_get_fields (error));
      return;
    }
  if (error->domain == CA_ERROR && (error->code == CA_ERROR_TOO_MANY_ACTIVE
                                    || error->code == CA_ERROR_PERIOD_CLOSED))
    {
      set_sending (self, FALSE);
      message = describe_confirm_error (error);
      ca_candidatures_set_error (self->summary_error, message);
      return;
    }
  check_applied (self, error);
}

static void
send_answers (CaCandidatureForm *self)
{
  JsonObject *answers = build_answers (self);

  ca_client_confirm_candidature_async (self->client, ca_candidature_get_id (self->candidature),
                                       answers, self->cancellable, confirm_cb,
                                       g_object_ref (self));
  json_object_unref (answers);
}

static void
validate_clicked_cb (CaCandidatureForm *self)
{
  /* One request at a time: a second click while sending does nothing */
  if (self->sending)
    return;
  clear_field_errors (self);
  ca_candidatures_set_error (self->summary_error, NULL);
  set_sending (self, TRUE);
  self->login_asked = FALSE;
  send_answers (self);
}

/* ---- loading the sheet --------------------------------------------------------------------- */

static void
course_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CaCandidatureForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourse) course = NULL;
  g_autofree char *message = NULL;

  course = ca_client_get_course_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (course != NULL)
    {
      show_questions (self, course);
      return;
    }
  message = ca_application_describe_error (error);
  ca_candidatures_show_error_page (self->stack, self->error_status, message);
}

static void
load_course (CaCandidatureForm *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  ca_client_get_course_async (self->client, ca_candidature_get_course_id (self->candidature),
                              self->cancellable, course_cb, g_object_ref (self));
}

/* ---- construction -------------------------------------------------------------------------- */

static GtkWidget *
page (GtkWidget *content)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  return scrolled;
}

static void
build_ui (CaCandidatureForm *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Application Form"),
                                           ca_candidature_get_course_title (self->candidature));
  GtkWidget *spinner = ca_candidatures_spinner ();
  GtkWidget *questions_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *summary_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *intro;
  g_autofree char *session = ca_candidatures_describe_session (
                               ca_candidature_get_session (self->candidature));

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  self->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (self->back_button, _("Back to the Questions"));
  /* GTK 4.8 does not name a button after its tooltip: an icon alone says nothing. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back to the Questions"), -1);
  gtk_widget_set_visible (self->back_button, FALSE);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->back_button);
  gtk_box_append (GTK_BOX (content), header);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack),
                                 GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_widget_set_vexpand (self->stack, TRUE);

  gtk_stack_add_named (GTK_STACK (self->stack), spinner, "loading");

  self->error_status = ca_candidatures_error_page ("network-error-symbolic",
                                                  _("Could not load the application form"),
                                                  G_CALLBACK (load_course), self);
  gtk_stack_add_named (GTK_STACK (self->stack), self->error_status, "error");

  intro = gtk_label_new (session);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (questions_page), intro);
  {
    GtkWidget *legend = gtk_label_new (_("Questions marked with * must be answered."));

    gtk_label_set_wrap (GTK_LABEL (legend), TRUE);
    gtk_label_set_xalign (GTK_LABEL (legend), 0);
    gtk_box_append (GTK_BOX (questions_page), legend);
  }
  self->questions_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (questions_page), self->questions_box);
  self->questions_error = ca_candidatures_error_label ();
  gtk_box_append (GTK_BOX (questions_page), self->questions_error);
  self->next_button = ca_candidatures_pill_button (_("Next"), TRUE, G_CALLBACK (next_clicked_cb),
                                                   self);
  gtk_box_append (GTK_BOX (questions_page), self->next_button);
  gtk_stack_add_named (GTK_STACK (self->stack), page (questions_page), "questions");

  self->summary_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->summary_group),
                                   _("Your Answers"));
  ca_candidatures_wrap_group_title (ADW_PREFERENCES_GROUP (self->summary_group));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->summary_group),
                                         _("Check them, then validate to confirm your "
                                           "application."));
  gtk_box_append (GTK_BOX (summary_page), self->summary_group);
  self->summary_error = ca_candidatures_error_label ();
  gtk_box_append (GTK_BOX (summary_page), self->summary_error);
  self->validate_button = ca_candidatures_pill_button (_("Validate"), TRUE,
                                                       G_CALLBACK (validate_clicked_cb), self);
  gtk_box_append (GTK_BOX (summary_page), self->validate_button);
  gtk_stack_add_named (GTK_STACK (self->stack), page (summary_page), "summary");

  gtk_box_append (GTK_BOX (content), self->stack);
  adw_window_set_content (ADW_WINDOW (self), content);
}

CaCandidatureForm *
ca_candidature_form_new (GtkWindow     *parent,
                         CaClient      *client,
                         CaCandidature *candidature)
{
  CaCandidatureForm *self;

  g_return_val_if_fail (CA_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CA_IS_CANDIDATURE (candidature), NULL);

  self = g_object_new (CA_TYPE_CANDIDATURE_FORM,
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 560,
                       "default-height", 640,
                       "title", _("Confirm My Application"),
                       NULL);
  self->client = g_object_ref (client);
  self->candidature = g_object_ref (candidature);
  build_ui (self);
  load_course (self);
  return self;
}

static void
ca_candidature_form_dispose (GObject *object)
{
  CaCandidatureForm *self = CA_CANDIDATURE_FORM (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (ca_candidature_form_parent_class)->dispose (object);
}

static void
ca_candidature_form_finalize (GObject *object)
{
  CaCandidatureForm *self = CA_CANDIDATURE_FORM (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->candidature);
  g_ptr_array_unref (self->answers);
  g_ptr_array_unref (self->summary_rows);

  G_OBJECT_CLASS (ca_candidature_form_parent_class)->finalize (object);
}

static void
ca_candidature_form_class_init (CaCandidatureFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_candidature_form_dispose;
  object_class->finalize = ca_candidature_form_finalize;

  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, CA_TYPE_CANDIDATURE);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ca_candidature_form_init (CaCandidatureForm *self)
{
  self->cancellable = g_cancellable_new ();
  self->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);
  self->summary_rows = g_ptr_array_new ();
}
