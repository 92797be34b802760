/* ca-search-page.c — « Rechercher »: keywords, domain tiles, period tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-format.h"
#include "ca-search-page.h"
#include "ca-search-private.h"

struct _CaSearchPage
{
  GtkWidget    parent_instance;

  GtkWidget   *scroller;
  GtkWidget   *entry;
  GtkWidget   *domain_box;
  GtkWidget   *more_button;
  GtkWidget   *period_box;
  GPtrArray   *more_domains;  /* CaDomain: the tiles « Voir plus de domaines » adds */
};

G_DEFINE_FINAL_TYPE (CaSearchPage, ca_search_page, GTK_TYPE_WIDGET)

enum {
  SEARCH,
  DOMAIN_CHOSEN,
  PERIOD_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
search_cb (CaSearchPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  g_signal_emit (self, signals[SEARCH], 0, text);
}

static GtkWidget *append_domain_tile (CaSearchPage *self,
                                      CaDomain     *domain);

/* The other domains' tiles are built when asked for: most people never do, and the first
 * frame need not wait for them. The keyboard goes on to the first of them. */
static void
more_cb (CaSearchPage *self)
{
  g_autoptr(GPtrArray) domains = g_steal_pointer (&self->more_domains);
  gboolean had_focus = gtk_widget_has_focus (self->more_button);
  GtkWidget *first = NULL;

  for (guint i = 0; domains != NULL && i < domains->len; i++)
    {
      GtkWidget *tile = append_domain_tile (self, g_ptr_array_index (domains, i));

      if (first == NULL)
        first = tile;
    }
  if (had_focus && first != NULL)
    gtk_widget_grab_focus (first);
  gtk_widget_set_visible (self->more_button, FALSE);
}

static void
tile_clicked_cb (GtkButton    *button,
                 CaSearchPage *self)
{
  const char *domain_id = g_object_get_data (G_OBJECT (button), "domain-id");
  const char *period_id = g_object_get_data (G_OBJECT (button), "period-id");

  if (domain_id != NULL)
    g_signal_emit (self, signals[DOMAIN_CHOSEN], 0, domain_id);
  else if (period_id != NULL)
    g_signal_emit (self, signals[PERIOD_CHOSEN], 0, period_id);
}

static GtkWidget *
tile_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  /* Between words only: a tile is never narrower than its longest word, and measuring a
   * label that may break anywhere lays it out one character a line (five times the
   * shaping of the whole search page at start-up). */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_LEFT);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A tile is a button (one Tab stop, Enter/Space activate it) whose accessible name says in
 * words what its colour says. */
static GtkWidget *
make_tile (CaSearchPage *self,
           const char   *title,
           const char   *line1,
           const char   *line2,
           const char   *accessible_name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), tile_label (title, "heading"));
  if (line1 != NULL)
    gtk_box_append (GTK_BOX (box), tile_label (line1, "caption"));
  if (line2 != NULL)
    gtk_box_append (GTK_BOX (box), tile_label (line2, "caption-heading"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "ca-tile");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (tile_clicked_cb), self);
  return button;
}

static void
clear_box (GtkWidget *flow_box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (flow_box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (flow_box), child);
}

/* The flow box child stays out of the focus chain: the button inside is the one stop. */
static void
append_tile (GtkWidget *flow_box,
             GtkWidget *tile)
{
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), tile);
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_append (GTK_FLOW_BOX (flow_box), child);
}

static GtkWidget *
append_domain_tile (CaSearchPage *self,
                    CaDomain     *domain)
{
  guint count = ca_domain_get_course_count (domain);
  g_autofree char *courses = g_strdup_printf (ngettext ("%u course", "%u courses", count),
                                              count);
  g_autofree char *name = g_strdup_printf ("%s, %s", ca_domain_get_name (domain), courses);
  GtkWidget *tile = make_tile (self, ca_domain_get_name (domain), courses, NULL, name);

  g_object_set_data_full (G_OBJECT (tile), "domain-id",
                          g_strdup (ca_domain_get_id (domain)), g_free);
  append_tile (self->domain_box, tile);
  return tile;
}

static int
compare_domains_by_count (gconstpointer a,
                          gconstpointer b)
{
  CaDomain *da = *(CaDomain **) a;
  CaDomain *db = *(CaDomain **) b;
  guint ca = ca_domain_get_course_count (da);
  guint cb = ca_domain_get_course_count (db);

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return g_utf8_collate (ca_domain_get_name (da), ca_domain_get_name (db));
}

static void
fill_domains (CaSearchPage *self,
              CaCatalogue  *catalogue)
{
  GListModel *domains = ca_catalogue_get_domains (catalogue);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (domains);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (domains, i));
  g_ptr_array_sort (sorted, compare_domains_by_count);

  for (guint i = 0; i < MIN (sorted->len, CA_SEARCH_PAGE_FIRST_DOMAINS); i++)
    append_domain_tile (self, g_ptr_array_index (sorted, i));
  if (sorted->len > CA_SEARCH_PAGE_FIRST_DOMAINS)
    {
      g_ptr_array_remove_range (sorted, 0, CA_SEARCH_PAGE_FIRST_DOMAINS);
      self->more_domains = g_steal_pointer (&sorted);
      gtk_widget_set_visible (self->more_button, TRUE);
    }
}

static GtkWidget *
make_period_tile (CaSearchPage *self,
                  CaPeriod     *period)
{
  gboolean open = ca_period_get_open (period);
  g_autofree char *dates = ca_format_period_dates (period);
  const char *state = open ? _("Open for applications") : _("Closed for applications");
  g_autofree char *name = NULL;
  GtkWidget *tile;

  name = g_strdup_printf ("%s, %s%s%s", ca_period_get_name (period),
                          dates != NULL ? dates : "", dates != NULL ? ", " : "", state);
  tile = make_tile (self, ca_period_get_name (period), dates, state, name);
  /* Blue when open, grey when closed; the words say the same for those who do not see it */
  if (open)
    gtk_widget_add_css_class (tile, "suggested-action");
  else
    gtk_widget_add_css_class (tile, "ca-closed");
  g_object_set_data_full (G_OBJECT (tile), "period-id",
                          g_strdup (ca_period_get_id (period)), g_free);
  return tile;
}

static void
fill_periods (CaSearchPage *self,
              CaCatalogue  *catalogue)
{
  GListModel *periods = ca_catalogue_get_periods (catalogue);
  guint n = g_list_model_get_n_items (periods);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaPeriod) period = g_list_model_get_item (periods, i);

      append_tile (self->period_box, make_period_tile (self, period));
    }
}

void
ca_search_page_set_catalogue (CaSearchPage *self,
                              CaCatalogue  *catalogue)
{
  g_return_if_fail (CA_IS_SEARCH_PAGE (self));

  clear_box (self->domain_box);
  clear_box (self->period_box);
  g_clear_pointer (&self->more_domains, g_ptr_array_unref);
  gtk_widget_set_visible (self->more_button, FALSE);
  if (catalogue == NULL)
    return;
  fill_domains (self, catalogue);
  fill_periods (self, catalogue);
}

static GtkWidget *
find_tile (GtkWidget  *flow_box,
           const char *key,
           const char *id)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (flow_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (tile), key), id) == 0)
        return tile;
    }
  return NULL;
}

GtkWidget *
ca_search_page_get_domain_tile (CaSearchPage *self,
                                const char   *domain_id)
{
  g_return_val_if_fail (CA_IS_SEARCH_PAGE (self), NULL);
  return find_tile (self->domain_box, "domain-id", domain_id);
}

GtkWidget *
ca_search_page_get_period_tile (CaSearchPage *self,
                                const char   *period_id)
{
  g_return_val_if_fail (CA_IS_SEARCH_PAGE (self), NULL);
  return find_tile (self->period_box, "period-id", period_id);
}

GtkWidget *
ca_search_page_get_more_button (CaSearchPage *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_PAGE (self), NULL);
  return self->more_button;
}

GtkWidget *
ca_search_page_get_entry (CaSearchPage *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_PAGE (self), NULL);
  return self->entry;
}

void
ca_search_page_focus_entry (CaSearchPage *self)
{
  g_return_if_fail (CA_IS_SEARCH_PAGE (self));
  gtk_widget_grab_focus (self->entry);
}

static void
ca_search_page_dispose (GObject *object)
{
  g_clear_pointer (&CA_SEARCH_PAGE (object)->more_domains, g_ptr_array_unref);
  ca_search_dispose_template (GTK_WIDGET (object), CA_TYPE_SEARCH_PAGE);
  G_OBJECT_CLASS (ca_search_page_parent_class)->dispose (object);
}

static void
ca_search_page_class_init (CaSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_search_page_dispose;

  signals[SEARCH] =
    g_signal_new ("search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DOMAIN_CHOSEN] =
    g_signal_new ("domain-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PERIOD_CHOSEN] =
    g_signal_new ("period-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  ca_search_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/search/ca-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CaSearchPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CaSearchPage, entry);
  gtk_widget_class_bind_template_child (widget_class, CaSearchPage, domain_box);
  gtk_widget_class_bind_template_child (widget_class, CaSearchPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, CaSearchPage, period_box);
  gtk_widget_class_bind_template_callback (widget_class, search_cb);
  gtk_widget_class_bind_template_callback (widget_class, more_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* libadwaita 1.2 gives style sheets no way to match high contrast: the page carries a class
 * that the search style sheet matches, so that closed tiles keep a legible text. */
static void
high_contrast_cb (CaSearchPage    *self,
                  GParamSpec      *pspec,
                  AdwStyleManager *manager)
{
  g_assert (CA_IS_SEARCH_PAGE (self));

  if (adw_style_manager_get_high_contrast (manager))
    gtk_widget_add_css_class (GTK_WIDGET (self), "ca-high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "ca-high-contrast");
}

static void
ca_search_page_init (CaSearchPage *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (high_contrast_cb), self,
                           G_CONNECT_SWAPPED);
  high_contrast_cb (self, NULL, manager);
}

GtkWidget *
ca_search_page_new (void)
{
  return g_object_new (CA_TYPE_SEARCH_PAGE, NULL);
}
