/* ca-results-page.c — « Résultats »: the course list and every filter of the guide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-format.h"
#include "ca-result-row.h"
#include "ca-results-page.h"
#include "ca-search-private.h"
#include "ca-status-icon.h"

/* The multi-choice filters, each an expander of check rows; repeated keys mean OR */
static const char * const check_keys[] = { "domain", "rhythm", "mode", "day", "slot" };
#define N_CHECK_KEYS G_N_ELEMENTS (check_keys)

/* Rows the list shows at first, and adds each time the person nears its end. GTK 4.8's list
 * view builds and measures a row for every item of its model (up to 200), not only the ones
 * on screen: the view holds the first results only, as many as the window needs. */
#define VIEW_BATCH 5

/* A place of the list on screen, showing one course of the answer. GTK 4.8's list view builds
 * a new row for each new item: places stay while answers come and go, so rows are built once
 * and a new answer only updates the rows whose course changed. */
#define CA_TYPE_RESULT_SLOT (ca_result_slot_get_type ())
G_DECLARE_FINAL_TYPE (CaResultSlot, ca_result_slot, CA, RESULT_SLOT, GObject)

struct _CaResultSlot
{
  GObject          parent_instance;

  CaCourseSummary *summary;
  CaResultRow     *row;   /* the row bound to this place, if any */
};

G_DEFINE_FINAL_TYPE (CaResultSlot, ca_result_slot, G_TYPE_OBJECT)

static void
ca_result_slot_finalize (GObject *object)
{
  g_clear_object (&CA_RESULT_SLOT (object)->summary);
  G_OBJECT_CLASS (ca_result_slot_parent_class)->finalize (object);
}

static void
ca_result_slot_class_init (CaResultSlotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_result_slot_finalize;
}

static void
ca_result_slot_init (CaResultSlot *self)
{
}

struct _CaResultsPage
{
  GtkWidget     parent_instance;

  CaClient     *client;
  CaCatalogue  *catalogue;
  GListStore   *store;              /* CaCourseSummary: every result loaded */
  GListStore   *slots;              /* CaResultSlot: what the list view shows */
  GHashTable   *expanded;           /* course ids whose objective shows */
  GPtrArray    *checks[N_CHECK_KEYS];  /* GtkCheckButton, with "filter-value" data */
  gboolean      checks_filled[N_CHECK_KEYS];
  GPtrArray    *period_ids;         /* index in period_row − 1 → id */
  GArray       *arrondissements;    /* index in arrondissement_row − 1 → number */
  GPtrArray    *establishment_ids;  /* index in establishment_row − 1 → id */

  GCancellable *cancellable;
  guint         generation;
  guint         total;
  guint         debounce_id;
  guint         narrow_idle_id;
  GdkFrameClock *layout_clock;      /* while mapped: the switch is made in the frame's layout */
  gulong        layout_id;
  guint         grow_idle_id;
  GdkFrameClock *frame_clock;       /* while a check after the next frame is due */
  gulong        after_paint_id;
  guint         updating;           /* > 0 while filters change programmatically */
  guint         busy : 1;
  guint         loading_more : 1;
  guint         narrow : 1;         /* what the width asks for */
  guint         laid_out_narrow : 1;   /* what the widgets show */
  guint         has_results : 1;

  GtkWidget    *root_box;
  GtkWidget    *entry;
  GtkWidget    *spinner;
  GtkWidget    *filter_toggle;
  GtkWidget    *filter_revealer;
  GtkWidget    *filter_scroller;
  GtkWidget    *sidebar_separator;
  GtkWidget    *main_box;
  GtkWidget    *open_switch;
  GtkWidget    *period_row;
  GtkWidget    *domain_expander;
  GtkWidget    *rhythm_expander;
  GtkWidget    *mode_expander;
  GtkWidget    *day_expander;
  GtkWidget    *slot_expander;
  GtkWidget    *arrondissement_row;
  GtkWidget    *establishment_row;
  GtkWidget    *clear_button;
  GtkWidget    *show_results_button;
  GtkWidget    *count_label;
  GtkWidget    *stack;
  GtkWidget    *list_scroller;
  GtkWidget    *list_view;
  GtkWidget    *empty_status;
  GtkWidget    *empty_clear_button;
  GtkWidget    *error_status;
  GtkWidget    *more_revealer;
  GtkWidget    *more_spinner;
  GtkWidget    *more_label;
  GtkWidget    *more_retry_button;
};

G_DEFINE_FINAL_TYPE (CaResultsPage, ca_results_page, GTK_TYPE_WIDGET)

enum {
  BACK,
  OPEN_COURSE,
  RESULTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_search (CaResultsPage *self);
static void load_more  (CaResultsPage *self);
static void scrolled_cb (CaResultsPage *self);

/* One request in flight: the reply is applied only while its generation is the page's */
typedef struct
{
  CaResultsPage *self;
  guint          generation;
  gboolean       append;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_free (request);
}

static int
check_key_index (const char *key)
{
  for (guint i = 0; i < N_CHECK_KEYS; i++)
    if (g_strcmp0 (check_keys[i], key) == 0)
      return i;
  return -1;
}

static GtkWidget *
expander_for_key (CaResultsPage *self,
                  guint          index)
{
  GtkWidget *expanders[] = { self->domain_expander, self->rhythm_expander,
                             self->mode_expander, self->day_expander, self->slot_expander };

  return expanders[index];
}

/* ---- the query the filters make ---------------------------------------------------------- */

static guint
selected_index (GtkWidget *combo_row)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (combo_row));

  return selected == GTK_INVALID_LIST_POSITION ? 0 : selected;
}

static const char *
selected_period (CaResultsPage *self)
{
  guint index = selected_index (self->period_row);

  return index > 0 && index <= self->period_ids->len
         ? g_ptr_array_index (self->period_ids, index - 1) : NULL;
}

static guint
selected_arrondissement (CaResultsPage *self)
{
  guint index = selected_index (self->arrondissement_row);

  return index > 0 && index <= self->arrondissements->len
         ? g_array_index (self->arrondissements, guint, index - 1) : 0;
}

static const char *
selected_establishment (CaResultsPage *self)
{
  guint index = selected_index (self->establishment_row);

  return index > 0 && index <= self->establishment_ids->len
         ? g_ptr_array_index (self->establishment_ids, index - 1) : NULL;
}

CaCourseQuery *
ca_results_page_build_query (CaResultsPage *self)
{
  CaCourseQuery *query;
  const char *text;
  guint arrondissement;

  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), NULL);

  query = ca_course_query_new ();
  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (text != NULL && *text != '\0')
    ca_course_query_set_text (query, text);
  ca_course_query_set_open_only (query, gtk_switch_get_active (GTK_SWITCH (self->open_switch)));
  if (selected_period (self) != NULL)
    ca_course_query_set_period (query, selected_period (self));
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    for (guint i = 0; i < self->checks[k]->len; i++)
      {
        GtkCheckButton *check = g_ptr_array_index (self->checks[k], i);

        if (gtk_check_button_get_active (check))
          ca_course_query_add (query, check_keys[k],
                               g_object_get_data (G_OBJECT (check), "filter-value"));
      }
  arrondissement = selected_arrondissement (self);
  if (arrondissement > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", arrondissement);

      ca_course_query_add (query, "arrondissement", number);
      if (selected_establishment (self) != NULL)
        ca_course_query_add (query, "establishment", selected_establishment (self));
    }
  ca_course_query_set_page (query, 0, CA_RESULTS_PAGE_SIZE);
  return query;
}

static gboolean
has_active_filters (CaResultsPage *self)
{
  if (gtk_switch_get_active (GTK_SWITCH (self->open_switch))
      || selected_period (self) != NULL
      || selected_arrondissement (self) > 0)
    return TRUE;
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    for (guint i = 0; i < self->checks[k]->len; i++)
      if (gtk_check_button_get_active (g_ptr_array_index (self->checks[k], i)))
        return TRUE;
  return FALSE;
}

/* The expander's subtitle names what is chosen, so a collapsed filter still tells */
static void
update_expander_subtitle (CaResultsPage *self,
                          guint          k)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->checks[k]->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks[k], i);

      if (!gtk_check_button_get_active (check))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, g_object_get_data (G_OBJECT (check), "filter-name"));
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander_for_key (self, k)),
                                 names->len > 0 ? names->str : _("Any"));
}

/* ---- showing replies ---------------------------------------------------------------------- */

static void
set_busy (CaResultsPage *self,
          gboolean       busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

static void
update_count (CaResultsPage *self)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u course", "%u courses", self->total),
                                           self->total);

  gtk_label_set_label (GTK_LABEL (self->count_label), text);
}

/* ---- what the list view shows -------------------------------------------------------------- */

static void
after_paint_cb (GdkFrameClock *clock,
                CaResultsPage *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  scrolled_cb (self);
}

/* Whether the list needs more rows is known once the new ones are laid out. The adjustment
 * tells when its size changes, but not while the list is still shorter than the window. */
static void
check_after_next_frame (CaResultsPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (self->list_view);

  if (clock == NULL || self->frame_clock != NULL)
    return;
  self->frame_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb),
                                           self);
}

static void
show_in_row (CaResultsPage   *self,
             CaResultRow     *row,
             CaCourseSummary *summary)
{
  gboolean expanded = g_hash_table_contains (self->expanded, ca_course_summary_get_id (summary));

  ca_result_row_set_summary (row, summary, expanded);
}

static void
show_in_slot (CaResultsPage   *self,
              CaResultSlot    *slot,
              CaCourseSummary *summary)
{
  if (slot->summary == summary)
    return;
  g_set_object (&slot->summary, summary);
  if (slot->row != NULL)
    show_in_row (self, slot->row, summary);
}

/* The view shows the first @wanted results: places already there take their new course (their
 * rows update if it changed), places are added or removed at the end only. */
static void
sync_slots (CaResultsPage *self,
            guint          wanted)
{
  GListModel *store = G_LIST_MODEL (self->store);
  GListModel *slots = G_LIST_MODEL (self->slots);
  guint n_slots = g_list_model_get_n_items (slots);
  guint n = MIN (wanted, g_list_model_get_n_items (store));

  for (guint i = 0; i < MIN (n, n_slots); i++)
    {
      g_autoptr(CaResultSlot) slot = g_list_model_get_item (slots, i);
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (store, i);

      show_in_slot (self, slot, summary);
    }
  if (n > n_slots)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = n_slots; i < n; i++)
        {
          CaResultSlot *slot = g_object_new (CA_TYPE_RESULT_SLOT, NULL);

          slot->summary = g_list_model_get_item (store, i);
          g_ptr_array_add (added, slot);
        }
      g_list_store_splice (self->slots, n_slots, 0, added->pdata, added->len);
    }
  else if (n < n_slots)
    g_list_store_splice (self->slots, n, n_slots - n, NULL, 0);
  if (n < g_list_model_get_n_items (store))
    check_after_next_frame (self);
}

static gboolean
grow_idle_cb (gpointer user_data)
{
  CaResultsPage *self = user_data;

  self->grow_idle_id = 0;
  sync_slots (self, g_list_model_get_n_items (G_LIST_MODEL (self->slots)) + VIEW_BATCH);
  return G_SOURCE_REMOVE;
}

/* A new answer shows from its top: it keeps the rows that fill a screen and a half, as many
 * as the list grows to, not the hundreds a long scroll may have added (more come as the person
 * scrolls again). Rows kept are updated rather than built again. */
static guint
rows_to_keep (CaResultsPage *self)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->list_scroller);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->slots));
  double upper = gtk_adjustment_get_upper (vadj);
  double page = gtk_adjustment_get_page_size (vadj);

  if (n == 0 || upper <= 0 || page <= 0)
    return MAX (n, VIEW_BATCH);
  /* A screen and a half over the mean height of a row, and the batches the list grew by to
   * get there: rows differ in height, and a row dropped for one answer is built again for the
   * next. */
  return CLAMP ((guint) (1.5 * page * n / upper) + 1 + 2 * VIEW_BATCH,
                VIEW_BATCH, MAX (n, VIEW_BATCH));
}

/* ---- the results loaded ------------------------------------------------------------------ */

static gboolean
same_period (CaPeriod *a,
             CaPeriod *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (ca_period_get_id (a), ca_period_get_id (b)) == 0
         && g_strcmp0 (ca_period_get_name (a), ca_period_get_name (b)) == 0;
}

/* Whether @b shows exactly as @a does */
static gboolean
same_summary (CaCourseSummary *a,
              CaCourseSummary *b)
{
  return g_strcmp0 (ca_course_summary_get_id (a), ca_course_summary_get_id (b)) == 0
         && g_strcmp0 (ca_course_summary_get_title (a), ca_course_summary_get_title (b)) == 0
         && g_strcmp0 (ca_course_summary_get_domain_name (a),
                       ca_course_summary_get_domain_name (b)) == 0
         && g_strcmp0 (ca_course_summary_get_objective (a),
                       ca_course_summary_get_objective (b)) == 0
         && ca_course_summary_get_open (a) == ca_course_summary_get_open (b)
         && ca_course_summary_get_matching_sessions (a)
            == ca_course_summary_get_matching_sessions (b)
         && same_period (ca_course_summary_get_period (a), ca_course_summary_get_period (b));
}

static gboolean
same_at (GListModel *a,
         guint       i,
         GListModel *b,
         guint       j)
{
  g_autoptr(CaCourseSummary) x = g_list_model_get_item (a, i);
  g_autoptr(CaCourseSummary) y = g_list_model_get_item (b, j);

  return same_summary (x, y);
}

/* Two answers often begin or end alike (a word refined, a filter that changes little): what
 * they share keeps its objects, and only the part that differs is spliced. */
static void
replace_items (CaResultsPage *self,
               GListModel    *items)
{
  GListModel *old = G_LIST_MODEL (self->store);
  guint n_old = g_list_model_get_n_items (old);
  guint n_new = g_list_model_get_n_items (items);
  guint prefix = 0;
  guint suffix = 0;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  while (prefix < MIN (n_old, n_new) && same_at (old, prefix, items, prefix))
    prefix++;
  while (suffix < MIN (n_old, n_new) - prefix
         && same_at (old, n_old - 1 - suffix, items, n_new - 1 - suffix))
    suffix++;
  for (guint i = prefix; i < n_new - suffix; i++)
    g_ptr_array_add (array, g_list_model_get_item (items, i));
  if (n_old - prefix - suffix > 0 || array->len > 0)
    g_list_store_splice (self->store, prefix, n_old - prefix - suffix, array->pdata, array->len);
}

static void
append_items (CaResultsPage *self,
              GListModel    *items)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (items, i));
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       array->pdata, array->len);
}

/* A course that stays in the new answer stays expanded */
static void
forget_expanded (CaResultsPage *self)
{
  GListModel *store = G_LIST_MODEL (self->store);
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (store);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaCourseSummary) summary = g_list_model_get_item (store, i);
      const char *id = ca_course_summary_get_id (summary);

      if (g_hash_table_contains (self->expanded, id))
        g_hash_table_add (kept, g_strdup (id));
    }
  g_hash_table_unref (self->expanded);
  self->expanded = g_steal_pointer (&kept);
}

static void
show_first_page (CaResultsPage *self,
                 CaCourseList  *list)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->list_scroller);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (scroller);

  replace_items (self, ca_course_list_get_items (list));
  forget_expanded (self);
  sync_slots (self, rows_to_keep (self));
  self->total = ca_course_list_get_total (list);
  self->has_results = TRUE;
  update_count (self);
  gtk_widget_set_visible (self->empty_clear_button, has_active_filters (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->total > 0 ? "list" : "empty");
  /* A new answer starts at its top (once the list is on screen again) */
  if (gtk_widget_get_mapped (self->list_view) && gtk_adjustment_get_value (vadj) > 0)
    gtk_adjustment_set_value (vadj, 0);
}

static void
show_error (CaResultsPage *self,
            const GError  *error)
{
  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_status), error->message);
  gtk_label_set_label (GTK_LABEL (self->count_label), "");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
}

static void
show_more_error (CaResultsPage *self,
                 const GError  *error)
{
  g_autofree char *text = g_strdup_printf (_("Could not load more courses: %s"), error->message);

  gtk_label_set_label (GTK_LABEL (self->more_label), text);
  gtk_widget_set_visible (self->more_spinner, FALSE);
  gtk_widget_set_visible (self->more_retry_button, TRUE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->more_revealer), TRUE);
}

static void
hide_more (CaResultsPage *self)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->more_revealer), FALSE);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *request = user_data;
  CaResultsPage *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCourseList) list = NULL;

  list = ca_client_search_courses_finish (CA_CLIENT (object), result, &error);
  /* A newer request superseded this one: its reply must not overwrite the newer one */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || request->generation != self->generation)
    {
      request_free (request);
      return;
    }

  set_busy (self, FALSE);
  self->loading_more = FALSE;
  if (error != NULL && request->append)
    show_more_error (self, error);
  else if (error != NULL)
    show_error (self, error);
  else if (request->append)
    {
      append_items (self, ca_course_list_get_items (list));
      self->total = ca_course_list_get_total (list);
      update_count (self);
      hide_more (self);
      scrolled_cb (self);
    }
  else
    show_first_page (self, list);

  /* A first page that does not fill a tall window loads the next one: the list's adjustment
   * says so ("changed") once the new rows are laid out, not before. */
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
  request_free (request);
}

static void
send_request (CaResultsPage *self,
              CaCourseQuery *query,
              gboolean       append)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->generation = self->generation;
  request->append = append;
  set_busy (self, TRUE);
  ca_client_search_courses_async (self->client, query, self->cancellable, search_cb, request);
}

static void
cancel_pending (CaResultsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->loading_more = FALSE;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
}

static void
run_search (CaResultsPage *self)
{
  g_autoptr(CaCourseQuery) query = NULL;

  g_assert (CA_IS_RESULTS_PAGE (self));

  cancel_pending (self);
  hide_more (self);
  if (self->client == NULL)
    {
      /* The service is starting: the search runs when it is here */
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
      return;
    }
  query = ca_results_page_build_query (self);
  /* Keep the previous list on screen while the new one comes: no flicker while typing */
  if (!self->has_results
      || g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "error") == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  send_request (self, query, FALSE);
}

/* Near the end of what the list shows: less than @screens screenfuls left below the visible
 * part */
static gboolean
near_end (CaResultsPage *self,
          double         screens)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (self->list_scroller);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (scroller);

  /* Not laid out yet: its "changed" comes once it is, and asks again */
  if (gtk_adjustment_get_page_size (vadj) <= 0 || !gtk_widget_get_mapped (self->list_view))
    return FALSE;
  return gtk_adjustment_get_value (vadj) + (1 + screens) * gtk_adjustment_get_page_size (vadj)
         >= gtk_adjustment_get_upper (vadj);
}

static void
load_more (CaResultsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autoptr(CaCourseQuery) query = NULL;

  if (self->busy || self->loading_more || self->client == NULL || n >= self->total
      || !near_end (self, 1))
    return;

  self->loading_more = TRUE;
  gtk_label_set_label (GTK_LABEL (self->more_label), _("Loading more…"));
  gtk_widget_set_visible (self->more_spinner, TRUE);
  gtk_widget_set_visible (self->more_retry_button, FALSE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->more_revealer), TRUE);
  query = ca_results_page_build_query (self);
  ca_course_query_set_page (query, n, CA_RESULTS_PAGE_SIZE);
  send_request (self, query, TRUE);
}

/* Near the end, the list first shows more of the results loaded, then loads the next page.
 * Rows are added when less than half a screen is left below: each answer updates every row
 * of the list, on screen or not. */
static void
scrolled_cb (CaResultsPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->slots))
      >= g_list_model_get_n_items (G_LIST_MODEL (self->store)))
    load_more (self);
  else if (self->grow_idle_id == 0 && near_end (self, 0.5))
    /* Not now: "changed" comes while the list is being laid out */
    self->grow_idle_id = g_idle_add (grow_idle_cb, self);
}

/* ---- filter and entry callbacks ---------------------------------------------------------- */

static void
filter_changed_cb (CaResultsPage *self)
{
  if (self->updating > 0)
    return;
  run_search (self);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  CaResultsPage  *self)
{
  int k = check_key_index (g_object_get_data (G_OBJECT (check), "filter-key"));

  update_expander_subtitle (self, k);
  filter_changed_cb (self);
}

static void
fill_establishments (CaResultsPage *self,
                     guint          arrondissement)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) list = NULL;
  guint n;

  g_ptr_array_set_size (self->establishment_ids, 0);
  gtk_string_list_append (names, _("All establishments"));
  if (arrondissement > 0 && self->catalogue != NULL)
    {
      list = ca_catalogue_list_establishments_in (self->catalogue, arrondissement);
      n = g_list_model_get_n_items (list);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CaEstablishment) establishment = g_list_model_get_item (list, i);

          gtk_string_list_append (names, ca_establishment_get_name (establishment));
          g_ptr_array_add (self->establishment_ids,
                           g_strdup (ca_establishment_get_id (establishment)));
        }
    }
  self->updating++;
  adw_combo_row_set_model (ADW_COMBO_ROW (self->establishment_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->establishment_row), 0);
  self->updating--;
  /* « Il est nécessaire de choisir d'abord un arrondissement » */
  gtk_widget_set_sensitive (self->establishment_row, arrondissement > 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->establishment_row),
                               arrondissement > 0 ? "" : _("Choose an arrondissement first"));
}

static void
arrondissement_changed_cb (CaResultsPage *self)
{
  fill_establishments (self, selected_arrondissement (self));
  filter_changed_cb (self);
}

static gboolean
debounce_cb (gpointer user_data)
{
  CaResultsPage *self = user_data;

  self->debounce_id = 0;
  run_search (self);
  return G_SOURCE_REMOVE;
}

static void
entry_changed_cb (CaResultsPage *self)
{
  if (self->updating > 0)
    return;
  /* Each keystroke restarts the wait: one request when the person pauses. The answer to
   * words already replaced is of no use: cancel it rather than show it. */
  cancel_pending (self);
  self->debounce_id = g_timeout_add (CA_RESULTS_PAGE_DEBOUNCE_MS, debounce_cb, self);
}

static void
entry_activate_cb (CaResultsPage *self)
{
  run_search (self);
}

static void
back_clicked_cb (CaResultsPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
clear_clicked_cb (CaResultsPage *self)
{
  ca_results_page_clear_filters (self);
}

static void
retry_clicked_cb (CaResultsPage *self)
{
  run_search (self);
}

static void
more_retry_cb (CaResultsPage *self)
{
  load_more (self);
}

/* ---- narrow and wide layouts -------------------------------------------------------------- */

static void
apply_layout (CaResultsPage *self)
{
  gboolean show_filters = !self->narrow
                          || gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->filter_toggle));

  self->laid_out_narrow = self->narrow;
  gtk_widget_set_visible (self->filter_toggle, self->narrow);
  gtk_widget_set_visible (self->show_results_button, self->narrow);
  gtk_widget_set_visible (self->sidebar_separator, !self->narrow);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->filter_revealer), show_filters);
  /* Wide: a sidebar beside the list. Narrow: the filters take the whole width when shown. */
  gtk_widget_set_size_request (self->filter_scroller, self->narrow ? -1 : 320, -1);
  gtk_widget_set_hexpand (self->filter_revealer, self->narrow && show_filters);
  gtk_widget_set_visible (self->filter_revealer, show_filters);
  gtk_widget_set_visible (self->main_box, !(self->narrow && show_filters));
  gtk_revealer_set_transition_type (GTK_REVEALER (self->filter_revealer),
                                    self->narrow ? GTK_REVEALER_TRANSITION_TYPE_NONE
                                                 : GTK_REVEALER_TRANSITION_TYPE_SLIDE_RIGHT);
}

static void
filter_toggled_cb (CaResultsPage *self)
{
  apply_layout (self);
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->filter_toggle)))
    gtk_widget_child_focus (self->filter_scroller, GTK_DIR_TAB_FORWARD);
}

static void
show_results_cb (CaResultsPage *self)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->filter_toggle), FALSE);
  gtk_widget_grab_focus (self->list_view);
}

static gboolean
narrow_idle_cb (gpointer user_data)
{
  CaResultsPage *self = user_data;

  self->narrow_idle_id = 0;
  if (self->laid_out_narrow != self->narrow)
    apply_layout (self);
  return G_SOURCE_REMOVE;
}

/* Runs after the window has allocated its widgets, in the frame's layout phase: the widgets
 * changed here ask for another layout, which the frame clock runs before it paints. The page
 * is never painted in the layout it had before its width was known, and then repainted. */
static void
frame_layout_cb (GdkFrameClock *clock,
                 CaResultsPage *self)
{
  if (self->laid_out_narrow != self->narrow)
    apply_layout (self);
}

static void
ca_results_page_map (GtkWidget *widget)
{
  CaResultsPage *self = CA_RESULTS_PAGE (widget);

  GTK_WIDGET_CLASS (ca_results_page_parent_class)->map (widget);
  g_set_object (&self->layout_clock, gtk_widget_get_frame_clock (widget));
  if (self->layout_clock != NULL && self->layout_id == 0)
    self->layout_id = g_signal_connect_after (self->layout_clock, "layout",
                                              G_CALLBACK (frame_layout_cb), self);
}

static void
stop_following_layout (CaResultsPage *self)
{
  /* A frame clock that went away with its window has already dropped its handlers */
  if (self->layout_clock != NULL
      && g_signal_handler_is_connected (self->layout_clock, self->layout_id))
    g_signal_handler_disconnect (self->layout_clock, self->layout_id);
  self->layout_id = 0;
  g_clear_object (&self->layout_clock);
}

static void
ca_results_page_unmap (GtkWidget *widget)
{
  stop_following_layout (CA_RESULTS_PAGE (widget));
  GTK_WIDGET_CLASS (ca_results_page_parent_class)->unmap (widget);
}

static void
ca_results_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CaResultsPage *self = CA_RESULTS_PAGE (widget);

  gtk_widget_measure (self->root_box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* The layout follows the width it is given. Changing widgets while allocating is not
 * allowed: the switch happens once the window is allocated, in the same frame (see
 * frame_layout_cb), or on idle while the page is not on screen. */
static void
ca_results_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CaResultsPage *self = CA_RESULTS_PAGE (widget);

  gtk_widget_allocate (self->root_box, width, height, baseline, NULL);
  self->narrow = width < CA_RESULTS_PAGE_NARROW_WIDTH;
  if (self->narrow == self->laid_out_narrow)
    return;
  if (self->layout_clock != NULL)
    gdk_frame_clock_request_phase (self->layout_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  else if (self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (narrow_idle_cb, self);
}

/* ---- list rows ----------------------------------------------------------------------------- */

static void
row_toggled_cb (CaResultRow   *row,
                CaResultsPage *self)
{
  CaCourseSummary *summary = ca_result_row_get_summary (row);
  const char *id = ca_course_summary_get_id (summary);

  if (ca_result_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (id));
  else
    g_hash_table_remove (self->expanded, id);
}

static void
row_open_sheet_cb (CaResultRow   *row,
                   CaResultsPage *self)
{
  g_signal_emit (self, signals[OPEN_COURSE], 0,
                 ca_course_summary_get_id (ca_result_row_get_summary (row)));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CaResultsPage            *self)
{
  GtkWidget *row = ca_result_row_new ();

  g_signal_connect (row, "toggled", G_CALLBACK (row_toggled_cb), self);
  g_signal_connect (row, "open-sheet", G_CALLBACK (row_open_sheet_cb), self);
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CaResultsPage            *self)
{
  CaResultSlot *slot = gtk_list_item_get_item (item);

  slot->row = CA_RESULT_ROW (gtk_list_item_get_child (item));
  show_in_row (self, slot->row, slot->summary);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CaResultsPage            *self)
{
  CaResultSlot *slot = gtk_list_item_get_item (item);

  if (slot->row == CA_RESULT_ROW (gtk_list_item_get_child (item)))
    slot->row = NULL;
}

/* Enter on a row (or a double click) does what a click on its title does */
static void
list_activate_cb (CaResultsPage *self,
                  guint          position)
{
  g_autoptr(CaResultSlot) slot = g_list_model_get_item (G_LIST_MODEL (self->slots), position);

  if (slot == NULL || slot->row == NULL)
    return;
  ca_result_row_set_expanded (slot->row, !ca_result_row_get_expanded (slot->row));
  row_toggled_cb (slot->row, self);
}

/* ---- building the filters from the catalogue --------------------------------------------- */

static void
clear_expander (CaResultsPage *self,
                guint          k)
{
  for (guint i = 0; i < self->checks[k]->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks[k], i);
      GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);

      adw_expander_row_remove (ADW_EXPANDER_ROW (expander_for_key (self, k)), row);
    }
  g_ptr_array_set_size (self->checks[k], 0);
}

static void
add_check_row (CaResultsPage *self,
               guint          k,
               const char    *value,
               const char    *name)
{
  GtkWidget *expander = expander_for_key (self, k);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (check), "filter-key", g_strdup (check_keys[k]), g_free);
  g_object_set_data_full (G_OBJECT (check), "filter-value", g_strdup (value), g_free);
  g_object_set_data_full (G_OBJECT (check), "filter-name", g_strdup (name), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  /* A check asked for while its filter is closed waits hidden: a collapsed expander still
   * measures the rows it shows */
  gtk_widget_set_visible (row, adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  g_ptr_array_add (self->checks[k], check);
}

static void
fill_named_items (CaResultsPage *self,
                  guint          k,
                  GListModel    *items)
{
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaNamedItem) item = g_list_model_get_item (items, i);
      const char *id = ca_named_item_get_id (item);

      add_check_row (self, k, id,
                     ca_format_catalogue_item (check_keys[k], id, ca_named_item_get_name (item)));
    }
}

static void
fill_domains (CaResultsPage *self)
{
  GListModel *domains = ca_catalogue_get_domains (self->catalogue);
  guint n = g_list_model_get_n_items (domains);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaDomain) domain = g_list_model_get_item (domains, i);

      add_check_row (self, 0, ca_domain_get_id (domain), ca_domain_get_name (domain));
    }
}

/* The check rows of a filter are built when it is first opened (or a check of it is asked
 * for, and then hidden until it is opened): a collapsed expander still measures its rows, and
 * their wrapping titles made most of the cost of the page's first display. */
static void
ensure_checks (CaResultsPage *self,
               guint          k)
{
  if (self->checks_filled[k] || self->catalogue == NULL)
    return;
  self->checks_filled[k] = TRUE;
  self->updating++;
  if (k == 0)
    fill_domains (self);
  else
    fill_named_items (self, k, k == 1 ? ca_catalogue_get_rhythms (self->catalogue)
                               : k == 2 ? ca_catalogue_get_modes (self->catalogue)
                               : k == 3 ? ca_catalogue_get_days (self->catalogue)
                               : ca_catalogue_get_slots (self->catalogue));
  self->updating--;
}

static void
expander_expanded_cb (AdwExpanderRow *expander,
                      GParamSpec     *pspec,
                      CaResultsPage  *self)
{
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    if (expander_for_key (self, k) == GTK_WIDGET (expander)
        && adw_expander_row_get_expanded (expander))
      {
        ensure_checks (self, k);
        for (guint i = 0; i < self->checks[k]->len; i++)
          gtk_widget_set_visible (gtk_widget_get_ancestor (g_ptr_array_index (self->checks[k], i),
                                                           ADW_TYPE_ACTION_ROW),
                                  TRUE);
      }
}

static void
fill_periods (CaResultsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *periods = ca_catalogue_get_periods (self->catalogue);
  guint n = g_list_model_get_n_items (periods);

  g_ptr_array_set_size (self->period_ids, 0);
  gtk_string_list_append (names, _("All periods"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaPeriod) period = g_list_model_get_item (periods, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", ca_period_get_name (period),
                                                ca_period_get_open (period) ? _("open")
                                                                            : _("closed"));

      gtk_string_list_append (names, label);
      g_ptr_array_add (self->period_ids, g_strdup (ca_period_get_id (period)));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->period_row), G_LIST_MODEL (names));
}

static void
fill_arrondissements (CaResultsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *list = ca_catalogue_get_arrondissements (self->catalogue);
  guint n = g_list_model_get_n_items (list);

  g_array_set_size (self->arrondissements, 0);
  gtk_string_list_append (names, _("All arrondissements"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaArrondissement) arrondissement = g_list_model_get_item (list, i);
      g_autofree char *label =
        ca_format_arrondissement (ca_arrondissement_get_name (arrondissement));
      guint number = ca_arrondissement_get_number (arrondissement);

      gtk_string_list_append (names, label);
      g_array_append_val (self->arrondissements, number);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->arrondissement_row), G_LIST_MODEL (names));
}

static void
select_period (CaResultsPage *self,
               const char    *period_id)
{
  for (guint i = 0; i < self->period_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->period_ids, i), period_id) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->period_row), i + 1);
}

/* What is chosen in the filters, to choose it again among a newer catalogue's items */
typedef struct
{
  GPtrArray *keys;              /* of the checked boxes: check_keys[] */
  GPtrArray *values;
  char      *period_id;
  guint      arrondissement;
  char      *establishment_id;
} Chosen;

static void
chosen_clear (Chosen *chosen)
{
  g_clear_pointer (&chosen->keys, g_ptr_array_unref);
  g_clear_pointer (&chosen->values, g_ptr_array_unref);
  g_clear_pointer (&chosen->period_id, g_free);
  g_clear_pointer (&chosen->establishment_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chosen, chosen_clear)

static void
chosen_init (Chosen        *chosen,
             CaResultsPage *self)
{
  chosen->keys = g_ptr_array_new ();
  chosen->values = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    for (guint i = 0; i < self->checks[k]->len; i++)
      {
        GtkCheckButton *check = g_ptr_array_index (self->checks[k], i);

        if (!gtk_check_button_get_active (check))
          continue;
        g_ptr_array_add (chosen->keys, (gpointer) check_keys[k]);
        g_ptr_array_add (chosen->values,
                         g_strdup (g_object_get_data (G_OBJECT (check), "filter-value")));
      }
  chosen->period_id = g_strdup (selected_period (self));
  chosen->arrondissement = selected_arrondissement (self);
  chosen->establishment_id = g_strdup (selected_establishment (self));
}

/* Returns whether everything chosen could be chosen again */
static gboolean
choose_again (CaResultsPage *self,
              const Chosen  *chosen)
{
  gboolean all = TRUE;

  g_assert (self->updating > 0);

  for (guint i = 0; i < chosen->keys->len; i++)
    {
      GtkWidget *check = ca_results_page_get_filter_check (self,
                                                           g_ptr_array_index (chosen->keys, i),
                                                           g_ptr_array_index (chosen->values, i));

      if (check != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      all = all && check != NULL;
    }
  if (chosen->period_id != NULL)
    select_period (self, chosen->period_id);
  /* which fills the establishments of this arrondissement */
  for (guint i = 0; i < self->arrondissements->len; i++)
    if (g_array_index (self->arrondissements, guint, i) == chosen->arrondissement)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->arrondissement_row), i + 1);
  for (guint i = 0; i < self->establishment_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->establishment_ids, i), chosen->establishment_id) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->establishment_row), i + 1);

  return all && g_strcmp0 (selected_period (self), chosen->period_id) == 0
         && selected_arrondissement (self) == chosen->arrondissement
         && g_strcmp0 (selected_establishment (self), chosen->establishment_id) == 0;
}

/* A newer catalogue (the service's, after the cached one was shown) keeps what is chosen, as
 * far as it still has it: the list was searched with those filters. A choice it no longer has
 * is dropped, and the list searched again without it. */
void
ca_results_page_set_catalogue (CaResultsPage *self,
                               CaCatalogue   *catalogue)
{
  g_auto(Chosen) chosen = { NULL };
  gboolean dropped = FALSE;

  g_return_if_fail (CA_IS_RESULTS_PAGE (self));

  if (self->catalogue == catalogue)
    return;
  chosen_init (&chosen, self);
  g_set_object (&self->catalogue, catalogue);
  self->updating++;
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    {
      clear_expander (self, k);
      self->checks_filled[k] = FALSE;
      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander_for_key (self, k))))
        ensure_checks (self, k);
    }
  g_ptr_array_set_size (self->period_ids, 0);
  g_array_set_size (self->arrondissements, 0);
  if (catalogue != NULL)
    {
      fill_periods (self);
      fill_arrondissements (self);
    }
  fill_establishments (self, 0);
  if (catalogue != NULL)
    dropped = !choose_again (self, &chosen);
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    update_expander_subtitle (self, k);
  self->updating--;

  if (dropped && self->has_results)
    run_search (self);
}

/* ---- public API ------------------------------------------------------------------------------ */

static void
reset_filters (CaResultsPage *self)
{
  g_assert (self->updating > 0);

  gtk_switch_set_active (GTK_SWITCH (self->open_switch), FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->period_row), 0);
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    {
      for (guint i = 0; i < self->checks[k]->len; i++)
        gtk_check_button_set_active (g_ptr_array_index (self->checks[k], i), FALSE);
      update_expander_subtitle (self, k);
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->arrondissement_row), 0);
  fill_establishments (self, 0);
}

void
ca_results_page_clear_filters (CaResultsPage *self)
{
  g_return_if_fail (CA_IS_RESULTS_PAGE (self));

  self->updating++;
  reset_filters (self);
  self->updating--;
  run_search (self);
}

void
ca_results_page_start (CaResultsPage *self,
                       const char    *text,
                       const char    *domain_id,
                       const char    *period_id)
{
  g_return_if_fail (CA_IS_RESULTS_PAGE (self));

  self->updating++;
  reset_filters (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  if (domain_id != NULL)
    {
      GtkWidget *check = ca_results_page_get_filter_check (self, "domain", domain_id);

      if (check != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      update_expander_subtitle (self, 0);
    }
  if (period_id != NULL)
    select_period (self, period_id);
  self->updating--;
  self->has_results = FALSE;
  gtk_label_set_label (GTK_LABEL (self->count_label), "");
  run_search (self);
}

void
ca_results_page_reload (CaResultsPage *self)
{
  g_return_if_fail (CA_IS_RESULTS_PAGE (self));
  run_search (self);
}

void
ca_results_page_set_client (CaResultsPage *self,
                            CaClient      *client)
{
  g_return_if_fail (CA_IS_RESULTS_PAGE (self));

  if (!g_set_object (&self->client, client))
    return;
  cancel_pending (self);
  set_busy (self, FALSE);
  self->has_results = FALSE;
  self->total = 0;
  g_list_store_remove_all (self->store);
  sync_slots (self, 0);
  g_hash_table_remove_all (self->expanded);
}

void
ca_results_page_focus_entry (CaResultsPage *self)
{
  g_return_if_fail (CA_IS_RESULTS_PAGE (self));
  gtk_widget_grab_focus (self->entry);
}

GListModel *
ca_results_page_get_model (CaResultsPage *self)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->store);
}

guint
ca_results_page_get_total (CaResultsPage *self)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), 0);
  return self->total;
}

gboolean
ca_results_page_get_busy (CaResultsPage *self)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), FALSE);
  return self->busy || self->debounce_id != 0;
}

const char *
ca_results_page_get_state (CaResultsPage *self)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

gboolean
ca_results_page_get_narrow (CaResultsPage *self)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), FALSE);
  return self->narrow;
}

#define WIDGET_GETTER(name) \
  GtkWidget * \
  ca_results_page_get_##name (CaResultsPage *self) \
  { \
    g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), NULL); \
    return self->name; \
  }

WIDGET_GETTER (entry)
WIDGET_GETTER (list_view)
WIDGET_GETTER (count_label)
WIDGET_GETTER (open_switch)
WIDGET_GETTER (period_row)
WIDGET_GETTER (arrondissement_row)
WIDGET_GETTER (establishment_row)
WIDGET_GETTER (filter_toggle)
WIDGET_GETTER (error_status)

GtkWidget *
ca_results_page_get_filter_check (CaResultsPage *self,
                                  const char    *key,
                                  const char    *value)
{
  int k;

  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), NULL);

  k = check_key_index (key);
  if (k < 0)
    return NULL;
  ensure_checks (self, k);
  for (guint i = 0; i < self->checks[k]->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks[k], i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "filter-value"), value) == 0)
        return check;
    }
  return NULL;
}

guint
ca_results_page_get_arrondissement_at (CaResultsPage *self,
                                       guint          index)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), 0);
  return index > 0 && index <= self->arrondissements->len
         ? g_array_index (self->arrondissements, guint, index - 1) : 0;
}

const char *
ca_results_page_get_establishment_at (CaResultsPage *self,
                                      guint          index)
{
  g_return_val_if_fail (CA_IS_RESULTS_PAGE (self), NULL);
  return index > 0 && index <= self->establishment_ids->len
         ? g_ptr_array_index (self->establishment_ids, index - 1) : NULL;
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ca_results_page_dispose (GObject *object)
{
  CaResultsPage *self = CA_RESULTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  stop_following_layout (self);
  g_clear_handle_id (&self->grow_idle_id, g_source_remove);
  /* A frame clock that went away with its window has already dropped its handlers */
  if (self->frame_clock != NULL
      && g_signal_handler_is_connected (self->frame_clock, self->after_paint_id))
    g_signal_handler_disconnect (self->frame_clock, self->after_paint_id);
  self->after_paint_id = 0;
  g_clear_object (&self->frame_clock);
  ca_search_dispose_template (GTK_WIDGET (self), CA_TYPE_RESULTS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->store);
  g_clear_object (&self->slots);
  G_OBJECT_CLASS (ca_results_page_parent_class)->dispose (object);
}

static void
ca_results_page_finalize (GObject *object)
{
  CaResultsPage *self = CA_RESULTS_PAGE (object);

  for (guint k = 0; k < N_CHECK_KEYS; k++)
    g_ptr_array_unref (self->checks[k]);
  g_ptr_array_unref (self->period_ids);
  g_ptr_array_unref (self->establishment_ids);
  g_array_unref (self->arrondissements);
  g_hash_table_unref (self->expanded);
  G_OBJECT_CLASS (ca_results_page_parent_class)->finalize (object);
}

static void
ca_results_page_class_init (CaResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_results_page_dispose;
  object_class->finalize = ca_results_page_finalize;
  widget_class->measure = ca_results_page_measure;
  widget_class->size_allocate = ca_results_page_size_allocate;
  widget_class->map = ca_results_page_map;
  widget_class->unmap = ca_results_page_unmap;

  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[OPEN_COURSE] =
    g_signal_new ("open-course", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  ca_search_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/search/ca-results-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CaResultsPage, name)
  BIND (root_box);
  BIND (entry);
  BIND (spinner);
  BIND (filter_toggle);
  BIND (filter_revealer);
  BIND (filter_scroller);
  BIND (sidebar_separator);
  BIND (main_box);
  BIND (open_switch);
  BIND (period_row);
  BIND (domain_expander);
  BIND (rhythm_expander);
  BIND (mode_expander);
  BIND (day_expander);
  BIND (slot_expander);
  BIND (arrondissement_row);
  BIND (establishment_row);
  BIND (clear_button);
  BIND (show_results_button);
  BIND (count_label);
  BIND (stack);
  BIND (list_scroller);
  BIND (list_view);
  BIND (empty_status);
  BIND (empty_clear_button);
  BIND (error_status);
  BIND (more_revealer);
  BIND (more_spinner);
  BIND (more_label);
  BIND (more_retry_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, arrondissement_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_results_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, more_retry_cb);
}

static void
ca_results_page_init (CaResultsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;
  GtkAdjustment *vadj;

  self->updating = 1;   /* the template's own property changes are not filter changes */
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_status_page_set_icon_when_shown (ADW_STATUS_PAGE (self->empty_status), "edit-find-symbolic");
  ca_status_page_set_icon_when_shown (ADW_STATUS_PAGE (self->error_status),
                                      "network-error-symbolic");
  self->store = g_list_store_new (CA_TYPE_COURSE_SUMMARY);
  self->slots = g_list_store_new (CA_TYPE_RESULT_SLOT);
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    self->checks[k] = g_ptr_array_new ();
  self->period_ids = g_ptr_array_new_with_free_func (g_free);
  self->establishment_ids = g_ptr_array_new_with_free_func (g_free);
  self->arrondissements = g_array_new (FALSE, FALSE, sizeof (guint));
  self->cancellable = g_cancellable_new ();
  self->narrow = TRUE;   /* start narrow so that a small window can be that small */
  self->laid_out_narrow = TRUE;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slots))));
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->list_view), factory);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view), selection);

  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_scroller));
  g_signal_connect_swapped (vadj, "value-changed", G_CALLBACK (scrolled_cb), self);
  g_signal_connect_swapped (vadj, "changed", G_CALLBACK (scrolled_cb), self);

  fill_establishments (self, 0);
  for (guint k = 0; k < N_CHECK_KEYS; k++)
    {
      update_expander_subtitle (self, k);
      g_signal_connect (expander_for_key (self, k), "notify::expanded",
                        G_CALLBACK (expander_expanded_cb), self);
    }
  apply_layout (self);
  self->updating = 0;
}

GtkWidget *
ca_results_page_new (void)
{
  return g_object_new (CA_TYPE_RESULTS_PAGE, NULL);
}
