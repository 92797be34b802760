/* ca-result-row.c — one course of the results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-result-row.h"
#include "ca-search-private.h"

struct _CaResultRow
{
  GtkWidget        parent_instance;

  CaCourseSummary *summary;

  GtkWidget       *header_button;
  GtkWidget       *arrow;
  GtkWidget       *title_label;
  GtkWidget       *domain_label;
  GtkWidget       *badge_label;
  GtkWidget       *period_label;
  GtkWidget       *sessions_label;
  GtkWidget       *revealer;
  GtkWidget       *objective_label;
  GtkWidget       *sheet_button;
};

G_DEFINE_FINAL_TYPE (CaResultRow, ca_result_row, GTK_TYPE_WIDGET)

enum {
  TOGGLED,
  OPEN_SHEET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
header_clicked_cb (CaResultRow *self)
{
  ca_result_row_set_expanded (self, !ca_result_row_get_expanded (self));
  g_signal_emit (self, signals[TOGGLED], 0);
}

static void
sheet_clicked_cb (CaResultRow *self)
{
  g_signal_emit (self, signals[OPEN_SHEET], 0);
}

/* The objective and « Voir la fiche » are built on the first expansion only: most rows are
 * never expanded, and each new answer builds its rows again. */
static void
ensure_details (CaResultRow *self)
{
  GtkWidget *box;
  GtkWidget *heading;

  if (self->objective_label != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 40);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  heading = gtk_label_new (_("Objective"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  self->objective_label = gtk_label_new (self->summary != NULL
                                         ? ca_course_summary_get_objective (self->summary)
                                         : NULL);
  gtk_label_set_xalign (GTK_LABEL (self->objective_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->objective_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->objective_label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), self->objective_label);

  self->sheet_button = gtk_button_new_with_label (_("View the sheet"));
  gtk_widget_set_halign (self->sheet_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->sheet_button, "pill");
  g_signal_connect_swapped (self->sheet_button, "clicked", G_CALLBACK (sheet_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->sheet_button);

  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
}

void
ca_result_row_set_expanded (CaResultRow *self,
                            gboolean     expanded)
{
  g_return_if_fail (CA_IS_RESULT_ROW (self));

  if (expanded)
    ensure_details (self);
  /* A row that keeps its state across answers is left alone: a new icon means a new layout */
  if (expanded == ca_result_row_get_expanded (self))
    return;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), expanded);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->arrow),
                                expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, expanded,
                               -1);
}

gboolean
ca_result_row_get_expanded (CaResultRow *self)
{
  g_return_val_if_fail (CA_IS_RESULT_ROW (self), FALSE);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

static void
update_accessible_name (CaResultRow *self,
                        const char  *state)
{
  guint n = ca_course_summary_get_matching_sessions (self->summary);
  g_autofree char *sessions = g_strdup_printf (ngettext ("%u matching session",
                                                         "%u matching sessions", n), n);
  g_autofree char *name = g_strdup_printf ("%s, %s, %s, %s",
                                           ca_course_summary_get_title (self->summary),
                                           ca_course_summary_get_domain_name (self->summary),
                                           state, sessions);

  gtk_label_set_label (GTK_LABEL (self->sessions_label), sessions);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Shows or hides the objective"),
                                  -1);
  /* The arrows of the list put the focus on the list's own item, the row's parent: it says the
   * same. GTK 4.8 has no API for it (gtk_list_item_set_accessible_label comes in 4.12). */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
ca_result_row_set_summary (CaResultRow     *self,
                           CaCourseSummary *summary,
                           gboolean         expanded)
{
  CaPeriod *period;
  gboolean open;
  const char *state;

  g_return_if_fail (CA_IS_RESULT_ROW (self));

  g_set_object (&self->summary, summary);
  if (summary == NULL)
    return;

  period = ca_course_summary_get_period (summary);
  open = ca_course_summary_get_open (summary);
  state = open ? _("Open") : _("Closed");
  gtk_label_set_label (GTK_LABEL (self->title_label), ca_course_summary_get_title (summary));
  gtk_label_set_label (GTK_LABEL (self->domain_label),
                       ca_course_summary_get_domain_name (summary));
  gtk_label_set_label (GTK_LABEL (self->badge_label), state);
  if (open)
    {
      gtk_widget_add_css_class (self->badge_label, "ca-open");
      gtk_widget_remove_css_class (self->badge_label, "ca-closed");
    }
  else
    {
      gtk_widget_add_css_class (self->badge_label, "ca-closed");
      gtk_widget_remove_css_class (self->badge_label, "ca-open");
    }
  gtk_label_set_label (GTK_LABEL (self->period_label),
                       period != NULL ? ca_period_get_name (period) : "");
  if (self->objective_label != NULL)
    gtk_label_set_label (GTK_LABEL (self->objective_label),
                         ca_course_summary_get_objective (summary));
  update_accessible_name (self, state);
  /* A recycled row takes the state of its new course at once, without animation */
  gtk_revealer_set_transition_duration (GTK_REVEALER (self->revealer), 0);
  ca_result_row_set_expanded (self, expanded);
  gtk_revealer_set_transition_duration (GTK_REVEALER (self->revealer), 150);
}

CaCourseSummary *
ca_result_row_get_summary (CaResultRow *self)
{
  g_return_val_if_fail (CA_IS_RESULT_ROW (self), NULL);
  return self->summary;
}

GtkWidget *
ca_result_row_get_header_button (CaResultRow *self)
{
  g_return_val_if_fail (CA_IS_RESULT_ROW (self), NULL);
  return self->header_button;
}

GtkWidget *
ca_result_row_get_sheet_button (CaResultRow *self)
{
  g_return_val_if_fail (CA_IS_RESULT_ROW (self), NULL);
  ensure_details (self);
  return self->sheet_button;
}

GtkWidget *
ca_result_row_get_objective_label (CaResultRow *self)
{
  g_return_val_if_fail (CA_IS_RESULT_ROW (self), NULL);
  ensure_details (self);
  return self->objective_label;
}

static void
ca_result_row_dispose (GObject *object)
{
  CaResultRow *self = CA_RESULT_ROW (object);

  ca_search_dispose_template (GTK_WIDGET (self), CA_TYPE_RESULT_ROW);
  g_clear_object (&self->summary);
  G_OBJECT_CLASS (ca_result_row_parent_class)->dispose (object);
}

static void
ca_result_row_class_init (CaResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_result_row_dispose;

  signals[TOGGLED] =
    g_signal_new ("toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[OPEN_SHEET] =
    g_signal_new ("open-sheet", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  ca_search_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/search/ca-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, header_button);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, arrow);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, domain_label);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, period_label);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, sessions_label);
  gtk_widget_class_bind_template_child (widget_class, CaResultRow, revealer);
  gtk_widget_class_bind_template_callback (widget_class, header_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ca_result_row_init (CaResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, FALSE,
                               -1);
}

GtkWidget *
ca_result_row_new (void)
{
  return g_object_new (CA_TYPE_RESULT_ROW, NULL);
}
