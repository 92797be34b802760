/* ca-search-view.c — the « Rechercher » place: search → results → sheet
 *
 * A stack of three pages with its own history, so that « back » returns to where the person
 * came from (a sheet opened from elsewhere goes back to the search page).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearch"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-client.h"
#include "ca-course-page.h"
#include "ca-results-page.h"
#include "ca-search-page.h"
#include "ca-search-view-private.h"
#include "ca-search-private.h"
#include "ca-status-icon.h"
#include "ca-search-resources.h"

struct _CaSearchView
{
  GtkWidget     parent_instance;

  CaClient     *client;
  CaCatalogue  *catalogue;
  GCancellable *cancellable;
  GPtrArray    *history;       /* page names, the visible one last */
  char         *pending_course;  /* asked for before the catalogue came */

  guint         spinner_timeout_id;
  gboolean      loading;       /* waiting for a client or for the catalogue */
  gboolean      before_client; /* the catalogue shown came before the service */

  GtkWidget    *stack;
  GtkWidget    *loading_spinner;
  GtkWidget    *error_status;
  GtkWidget    *search_page;
  GtkWidget    *results_page;  /* NULL until first needed: most starts never show them */
  GtkWidget    *course_page;
};

G_DEFINE_FINAL_TYPE (CaSearchView, ca_search_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_catalogue (CaSearchView *self);
static void back_cb        (CaSearchView *self);
static void open_course_cb (CaSearchView *self,
                            const char   *course_id);

/* ---- pages built when first needed ------------------------------------------------------- */

static CaResultsPage *
ensure_results_page (CaSearchView *self)
{
  if (self->results_page == NULL)
    {
      self->results_page = g_object_new (CA_TYPE_RESULTS_PAGE, NULL);
      g_signal_connect_object (self->results_page, "back", G_CALLBACK (back_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->results_page, "open-course", G_CALLBACK (open_course_cb),
                               self, G_CONNECT_SWAPPED);
      ca_results_page_set_client (CA_RESULTS_PAGE (self->results_page), self->client);
      ca_results_page_set_catalogue (CA_RESULTS_PAGE (self->results_page), self->catalogue);
      gtk_stack_add_named (GTK_STACK (self->stack), self->results_page, "results");
    }
  return CA_RESULTS_PAGE (self->results_page);
}

static CaCoursePage *
ensure_course_page (CaSearchView *self)
{
  if (self->course_page == NULL)
    {
      self->course_page = g_object_new (CA_TYPE_COURSE_PAGE, NULL);
      g_signal_connect_object (self->course_page, "back", G_CALLBACK (back_cb), self,
                               G_CONNECT_SWAPPED);
      ca_course_page_set_client (CA_COURSE_PAGE (self->course_page), self->client);
      ca_course_page_set_catalogue (CA_COURSE_PAGE (self->course_page), self->catalogue);
      gtk_stack_add_named (GTK_STACK (self->stack), self->course_page, "course");
    }
  return CA_COURSE_PAGE (self->course_page);
}

/* ---- navigation ---------------------------------------------------------------------------- */

static const char *
current_page (CaSearchView *self)
{
  return self->history->len > 0 ? g_ptr_array_index (self->history, self->history->len - 1)
                                : "search";
}

static void
focus_page (CaSearchView *self,
            const char   *name)
{
  if (g_str_equal (name, "search"))
    ca_search_page_focus_entry (CA_SEARCH_PAGE (self->search_page));
  else if (g_str_equal (name, "results"))
    ca_results_page_focus_entry (ensure_results_page (self));
  else if (g_str_equal (name, "course"))
    ca_course_page_focus (ensure_course_page (self));
}

static void
show_page (CaSearchView *self,
           const char   *name)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), name);
  focus_page (self, name);
}

/* Pushes @name; a page already in the history is returned to rather than stacked twice */
static void
push_page (CaSearchView *self,
           const char   *name)
{
  for (guint i = 0; i < self->history->len; i++)
    if (g_str_equal (g_ptr_array_index (self->history, i), name))
      {
        g_ptr_array_set_size (self->history, i);
        break;
      }
  g_ptr_array_add (self->history, g_strdup (name));
  if (self->catalogue != NULL)
    show_page (self, name);
}

static void
reset_history (CaSearchView *self)
{
  g_ptr_array_set_size (self->history, 0);
  g_ptr_array_add (self->history, g_strdup ("search"));
}

gboolean
ca_search_view_go_back (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), FALSE);

  if (self->history->len <= 1 || self->catalogue == NULL)
    return FALSE;
  g_ptr_array_set_size (self->history, self->history->len - 1);
  show_page (self, current_page (self));
  return TRUE;
}

static gboolean
go_back_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  return ca_search_view_go_back (CA_SEARCH_VIEW (widget));
}

/* ---- page signals -------------------------------------------------------------------------- */

static void
search_cb (CaSearchView *self,
           const char   *text)
{
  ca_results_page_start (ensure_results_page (self), text, NULL, NULL);
  push_page (self, "results");
}

static void
domain_chosen_cb (CaSearchView *self,
                  const char   *domain_id)
{
  ca_results_page_start (ensure_results_page (self), NULL, domain_id, NULL);
  push_page (self, "results");
}

static void
period_chosen_cb (CaSearchView *self,
                  const char   *period_id)
{
  ca_results_page_start (ensure_results_page (self), NULL, NULL, period_id);
  push_page (self, "results");
}

static void
back_cb (CaSearchView *self)
{
  ca_search_view_go_back (self);
}

static void
open_course_cb (CaSearchView *self,
                const char   *course_id)
{
  ca_search_view_open_course (self, course_id);
}

static void
retry_clicked_cb (CaSearchView *self)
{
  load_catalogue (self);
}

/* The page that says the catalogue could not be loaded, built the first time it is needed:
 * most starts never show it. */
static AdwStatusPage *
ensure_error_status (CaSearchView *self)
{
  GtkWidget *retry;

  if (self->error_status != NULL)
    return ADW_STATUS_PAGE (self->error_status);

  retry = gtk_button_new_with_label (_("Retry"));
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "suggested-action");
  gtk_widget_add_css_class (retry, "pill");
  g_signal_connect_object (retry, "clicked", G_CALLBACK (retry_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  self->error_status = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (self->error_status),
                             _("Could not load the catalogue"));
  adw_status_page_set_child (ADW_STATUS_PAGE (self->error_status), retry);
  ca_status_page_set_icon_when_shown (ADW_STATUS_PAGE (self->error_status),
                                      "network-error-symbolic");
  gtk_stack_add_named (GTK_STACK (self->stack), self->error_status, "error");
  return ADW_STATUS_PAGE (self->error_status);
}

/* ---- catalogue ------------------------------------------------------------------------------ */

static void
set_loading (CaSearchView *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
apply_catalogue (CaSearchView *self,
                 CaCatalogue  *catalogue)
{
  if (!g_set_object (&self->catalogue, catalogue))
    return;   /* the service confirmed the one shown: the pages are right as they are */
  ca_search_page_set_catalogue (CA_SEARCH_PAGE (self->search_page), catalogue);
  if (self->results_page != NULL)
    ca_results_page_set_catalogue (CA_RESULTS_PAGE (self->results_page), catalogue);
  if (self->course_page != NULL)
    ca_course_page_set_catalogue (CA_COURSE_PAGE (self->course_page), catalogue);
}

/* The catalogue is here: the sheet asked for meanwhile opens, or the page shown until now
 * comes back. */
static void
show_catalogue (CaSearchView *self,
                CaCatalogue  *catalogue)
{
  g_autofree char *pending = NULL;

  apply_catalogue (self, catalogue);
  pending = g_steal_pointer (&self->pending_course);
  if (pending != NULL)
    ca_search_view_open_course (self, pending);
  else
    show_page (self, current_page (self));
  set_loading (self, FALSE);
}

static void
get_catalogue_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CaSearchView) self = user_data;
  g_autoptr(CaCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  catalogue = ca_client_get_catalogue_finish (CA_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!self->loading)
    {
      /* The answer about the catalogue already shown (see load_catalogue ()): a newer one
       * replaces it where it shows. Without an answer, the client keeps the one it has and
       * the pages say so when they ask the service themselves. */
      if (catalogue != NULL)
        apply_catalogue (self, catalogue);
      return;
    }
  g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);
  if (error != NULL)
    {
      adw_status_page_set_description (ensure_error_status (self), error->message);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
      set_loading (self, FALSE);
      return;
    }
  show_catalogue (self, catalogue);
}

/* A quick answer shows no spinner at all: it would only flash */
#define SPINNER_DELAY_MS 300

static gboolean
show_spinner_cb (gpointer data)
{
  CaSearchView *self = data;

  self->spinner_timeout_id = 0;
  gtk_widget_set_visible (self->loading_spinner, TRUE);
  return G_SOURCE_REMOVE;
}

static void
ask_for_catalogue (CaSearchView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ca_client_get_catalogue_async (self->client, self->cancellable, get_catalogue_cb,
                                 g_object_ref (self));
}

static void
load_catalogue (CaSearchView *self)
{
  CaCatalogue *cached;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);
  gtk_widget_set_visible (self->loading_spinner, FALSE);
  cached = self->client != NULL ? ca_client_get_cached_catalogue (self->client) : NULL;
  if (cached != NULL)
    {
      /* Shown at once (from the last start's disk cache, or the last answer), and asked
       * for all the same: the service answers that it is unchanged (304, nothing to do)
       * or with a newer one. The window does not wait for a distant service's round trip. */
      show_catalogue (self, cached);
    }
  else
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
      set_loading (self, TRUE);
      if (self->client == NULL)
        return;
      self->spinner_timeout_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
    }
  ask_for_catalogue (self);
}

static void
ca_search_view_set_client (CaSearchView *self,
                           CaClient     *client)
{
  gboolean before_client = self->before_client;

  if (!g_set_object (&self->client, client))
    return;
  self->before_client = FALSE;
  /* A sheet needs a result from the service, so only « Rechercher » or its results can be
   * open here (see ca_search_view_show_waiting_catalogue ()). */
  if (before_client && client != NULL
      && ca_client_get_cached_catalogue (client) == self->catalogue
      && !g_str_equal (current_page (self), "course"))
    {
      /* The service has come with the catalogue shown meanwhile: the page stays as it is
       * (what is typed, what is open), what needed the service asks it now, and the service
       * says whether its catalogue is newer. */
      if (self->results_page != NULL)
        ca_results_page_set_client (CA_RESULTS_PAGE (self->results_page), client);
      if (self->course_page != NULL)
        ca_course_page_set_client (CA_COURSE_PAGE (self->course_page), client);
      if (g_str_equal (current_page (self), "results"))
        ca_results_page_reload (ensure_results_page (self));
      ask_for_catalogue (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
      return;
    }
  apply_catalogue (self, NULL);
  if (self->results_page != NULL)
    ca_results_page_set_client (CA_RESULTS_PAGE (self->results_page), client);
  if (self->course_page != NULL)
    ca_course_page_set_client (CA_COURSE_PAGE (self->course_page), client);
  reset_history (self);
  load_catalogue (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/* ---- public API ------------------------------------------------------------------------------ */

GtkWidget *
ca_search_view_new (void)
{
  return g_object_new (CA_TYPE_SEARCH_VIEW, NULL);
}

/* Before the service: the results opened from it wait for the service to search (see
 * ca_search_view_set_client ()). */
void
ca_search_view_show_waiting_catalogue (CaSearchView *self,
                                       CaCatalogue  *catalogue)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
  g_return_if_fail (CA_IS_CATALOGUE (catalogue));

  if (self->client != NULL || self->catalogue != NULL)
    return;
  self->before_client = TRUE;
  show_catalogue (self, catalogue);
}

void
ca_search_view_focus_search (CaSearchView *self)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));

  reset_history (self);
  if (self->catalogue != NULL)
    show_page (self, "search");
}

void
ca_search_view_refresh (CaSearchView *self)
{
  const char *page;

  g_return_if_fail (CA_IS_SEARCH_VIEW (self));

  page = current_page (self);
  if (self->catalogue == NULL || g_str_equal (page, "search"))
    load_catalogue (self);   /* the catalogue is conditional: cheap when unchanged */
  else if (g_str_equal (page, "results"))
    ca_results_page_reload (ensure_results_page (self));
  else
    ca_course_page_reload (ensure_course_page (self));
}

void
ca_search_view_open_course (CaSearchView *self,
                            const char   *course_id)
{
  g_return_if_fail (CA_IS_SEARCH_VIEW (self));
  g_return_if_fail (course_id != NULL);

  if (self->catalogue == NULL)
    {
      /* The sheet names arrondissements from the catalogue: open it once that is here */
      g_free (self->pending_course);
      self->pending_course = g_strdup (course_id);
      return;
    }
  ca_course_page_load (ensure_course_page (self), course_id);
  push_page (self, "course");
}

void
ca_search_ensure_resources (void)
{
  /* Loading the bundle's object file registers it (a constructor) */
  (void) ca_search_get_resource ();
}

void
ca_search_dispose_template (GtkWidget *widget,
                            GType      type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
ca_search_view_dispose (GObject *object)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);
  ca_search_dispose_template (GTK_WIDGET (self), CA_TYPE_SEARCH_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->catalogue);
  G_OBJECT_CLASS (ca_search_view_parent_class)->dispose (object);
}

static void
ca_search_view_finalize (GObject *object)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  g_ptr_array_unref (self->history);
  g_free (self->pending_course);
  G_OBJECT_CLASS (ca_search_view_parent_class)->finalize (object);
}

static void
ca_search_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_search_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CaSearchView *self = CA_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ca_search_view_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The search screens' own style, once per display */
static void
ensure_style (void)
{
  static GdkDisplay *styled_display;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || display == styled_display)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/fr/paris/CoursAdultes/search/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  styled_display = display;
}

static void
ca_search_view_class_init (CaSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_search_view_dispose;
  object_class->finalize = ca_search_view_finalize;
  object_class->get_property = ca_search_view_get_property;
  object_class->set_property = ca_search_view_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while there is nothing to show but the wait: no service yet, or the catalogue
   * on its way. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CA_TYPE_SEARCH_PAGE);
  ca_search_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/fr/paris/CoursAdultes/search/ca-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, stack);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CaSearchView, search_page);
  gtk_widget_class_bind_template_callback (widget_class, search_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_chosen_cb);

  /* Escape and Alt+Left go back; at the top they pass on to the window */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, go_back_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                go_back_shortcut_cb, NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casearchview");
}

static void
ca_search_view_init (CaSearchView *self)
{
  ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  reset_history (self);
}

CaSearchPage *
ca_search_view_get_search_page (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  return CA_SEARCH_PAGE (self->search_page);
}

CaResultsPage *
ca_search_view_get_results_page (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  return ensure_results_page (self);
}

CaCoursePage *
ca_search_view_get_course_page (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  return ensure_course_page (self);
}

gboolean
ca_search_view_get_loading (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), FALSE);
  return self->loading;
}

const char *
ca_search_view_get_page_name (CaSearchView *self)
{
  g_return_val_if_fail (CA_IS_SEARCH_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}
