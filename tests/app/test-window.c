/* test-window.c — the main window against a real cours-adultes-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <locale.h>
#include <glib/gi18n.h>

#include "ca-account-dialog.h"
#include "ca-application.h"
#include "ca-course-page.h"
#include "ca-search-view.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

static CaTestServer *server;
static CaApplication *app;
static CaWindow *window;

static gboolean
has_client_cb (gpointer data)
{
  return ca_application_get_client (data != NULL ? data : app) != NULL;
}

static gboolean
bar_revealed_cb (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (data);
}

static gboolean
bar_hidden_cb (gpointer data)
{
  return !adw_view_switcher_bar_get_reveal (data);
}

static void
test_window_ready (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_test_spin_until (has_client_cb, NULL, 20000));
  g_assert_null (ca_application_get_service_error (app));
  g_assert_false (ca_application_is_demo (app));
  g_assert_true (g_str_has_prefix (ca_client_get_base_url (ca_application_get_client (app)),
                                   "http://127.0.0.1:"));
  /* A configured service is not the demonstration one: no mark in the header bar. */
  g_assert_false (gtk_widget_get_visible (ca_test_find_label (GTK_WIDGET (window), "Demo")));

  ca_test_spin_for (500);
  path = ca_test_screenshot_path ("window-wide.png");
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s (%d × %d)", path, gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
}

static void
test_window_places (void)
{
  AdwViewStack *stack = ADW_VIEW_STACK (ca_test_find_widget (GTK_WIDGET (window),
                                                             ADW_TYPE_VIEW_STACK));

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "search");
  for (const char * const *p = (const char *[]) { "candidatures", "profile", "contact",
                                                  "search", NULL }; *p; p++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s", *p);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, *p);
    }

  ca_window_show_place (window, "profile");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "profile");
  /* Ctrl+F brings the search place back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "search");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
}

static void
assert_accel (const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static GtkMenuButton *
find_menu_button (GtkWidget  *root,
                  const char *icon_name)
{
  if (GTK_IS_MENU_BUTTON (root)
      && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (root)), icon_name) == 0)
    return GTK_MENU_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu_button (child, icon_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The main menu is built when first opened, with every item, and opens again the same */
static void
test_window_main_menu (void)
{
  GtkMenuButton *button = find_menu_button (GTK_WIDGET (window), "open-menu-symbolic");
  GtkPopover *popover;

  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));

  for (int i = 0; i < 2; i++)
    {
      gtk_menu_button_popup (button);
      ca_test_spin_for (200);
      popover = gtk_menu_button_get_popover (button);
      g_assert_true (GTK_IS_POPOVER_MENU (popover));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
      g_assert_nonnull (ca_test_find_label (GTK_WIDGET (popover), "Keyboard Shortcuts"));
      g_assert_nonnull (ca_test_find_label (GTK_WIDGET (popover), "About"));
      g_assert_nonnull (ca_test_find_label (GTK_WIDGET (popover), "Quit"));
      gtk_menu_button_popdown (button);
      ca_test_spin_for (100);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
    }
}

static void
test_window_shortcuts (void)
{
  GtkShortcutsWindow *overlay;

  assert_accel ("win.search", "<Control>f");
  assert_accel ("win.refresh", "F5");
  assert_accel ("win.back", "<Alt>Left");
  assert_accel ("app.quit", "<Control>q");
  assert_accel ("win.show-help-overlay", "<Control>question");
  assert_accel ("win.show-place::contact", "F1");

  /* Built when first asked for, shown above the window, and the same one the next time */
  g_assert_null (ca_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  ca_test_spin_for (300);
  overlay = GTK_SHORTCUTS_WINDOW (ca_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (overlay));
  ca_test_spin_for (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  ca_test_spin_for (100);
  g_assert_true (ca_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW) == GTK_WINDOW (overlay));
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  /* Help (F1, or the main menu) is « Contact et assistance » */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s",
                                             "contact"));
  ca_test_spin_for (100);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
    ADW_VIEW_STACK (ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK))), ==,
    "contact");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-place", "s",
                                             "search"));
}

static void
test_window_narrow (void)
{
  AdwViewSwitcherBar *bar = ADW_VIEW_SWITCHER_BAR (ca_test_find_widget (GTK_WIDGET (window),
                                                                        ADW_TYPE_VIEW_SWITCHER_BAR));
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_test_spin_until (bar_hidden_cb, bar, 5000));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  g_assert_true (ca_test_spin_until (bar_revealed_cb, bar, 5000));
  ca_test_spin_for (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);

  path = ca_test_screenshot_path ("window-narrow.png");
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_assert_true (ca_test_spin_until (bar_hidden_cb, bar, 5000));
}

/* Minimum width: the product works down to 360 px wide, whatever the header shows. */

#define NARROW_WIDTH 360
#define MEDIUM_WIDTH 820

static gboolean
account_email_set_cb (gpointer data)
{
  return ca_application_get_account_email (data) != NULL;
}

static gboolean
account_email_unset_cb (gpointer data)
{
  return ca_application_get_account_email (data) == NULL;
}

static void
logged_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  ca_application_log_in_finish (CA_APPLICATION (object), result, error);
}

static void
logged_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ca_application_log_out_finish (CA_APPLICATION (object), result, NULL);
}

static int
min_width (GtkWidget *widget)
{
  int minimum;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Which part is too wide, when one is: the widgets wider than a third of the window */
static void
log_min_widths (GtkWidget *widget,
                int        depth)
{
  if (!gtk_widget_get_visible (widget) || min_width (widget) < NARROW_WIDTH / 3)
    return;
  g_test_message ("%*s%s %s: %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                                        : gtk_widget_get_name (widget),
                  min_width (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    log_min_widths (child, depth + 1);
}

/* Header bars and tool bars cut their titles by design; elsewhere a heading is never cut */
static gboolean
in_bar (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_HEADER_BAR (widget) || ADW_IS_HEADER_BAR (widget)
        || gtk_widget_has_css_class (widget, "toolbar"))
      return TRUE;
  return FALSE;
}

static gboolean
is_heading (GtkWidget *label)
{
  const char * const classes[] = { "heading", "title-1", "title-2", "title-3", "title-4" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (gtk_widget_has_css_class (label, classes[i]))
      return TRUE;
  return FALSE;
}

/* The headings shown under @widget that end in an ellipsis; every cut label is logged */
static guint
count_cut_headings (GtkWidget *widget)
{
  guint cut = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget)
      && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      gboolean heading = is_heading (widget) && !in_bar (widget);

      g_test_message ("cut%s: « %s »", heading ? " heading" : "",
                      gtk_label_get_text (GTK_LABEL (widget)));
      cut += heading;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cut += count_cut_headings (child);
  return cut;
}

static void
assert_narrow (CaWindow   *narrow_window,
               const char *name)
{
  g_autofree char *file = g_strdup_printf ("window-%d-%s.png", NARROW_WIDTH, name);
  g_autofree char *path = ca_test_screenshot_path (file);
  g_autoptr(GError) error = NULL;
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (narrow_window));
  GtkWidget *header = ca_test_find_widget (GTK_WIDGET (narrow_window), ADW_TYPE_HEADER_BAR);
  int decorations, minimum;

  ca_test_spin_for (300);
  minimum = min_width (GTK_WIDGET (narrow_window));
  decorations = gtk_widget_get_width (GTK_WIDGET (narrow_window)) - gtk_widget_get_width (content);
  g_test_message ("%s: minimum width %d, header bar %d", name, minimum, min_width (header));
  g_assert_cmpint (min_width (header), <=, NARROW_WIDTH - decorations);
  if (minimum > NARROW_WIDTH)
    log_min_widths (GTK_WIDGET (narrow_window), 0);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow_window)), <=, NARROW_WIDTH);
  g_assert_cmpuint (count_cut_headings (GTK_WIDGET (narrow_window)), ==, 0);

  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (narrow_window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

static gboolean
sheet_shown_cb (gpointer data)
{
  return g_strcmp0 (ca_course_page_get_state (data), "sheet") == 0
         && gtk_widget_get_mapped (data);
}

/* The course sheet with the longest title of the demonstration catalogue */
static void
check_narrow_course (CaWindow   *narrow_window,
                     const char *mode)
{
  g_autofree char *name = g_strdup_printf ("%s-course", mode);
  CaSearchView *view = CA_SEARCH_VIEW (ca_test_find_widget (GTK_WIDGET (narrow_window),
                                                            CA_TYPE_SEARCH_VIEW));
  GtkWidget *page;

  ca_window_show_place (narrow_window, "search");
  ca_search_view_open_course (view, "c-0017");
  page = ca_test_find_widget (GTK_WIDGET (view), CA_TYPE_COURSE_PAGE);
  g_assert_true (ca_test_spin_until (sheet_shown_cb, page, 10000));
  assert_narrow (narrow_window, name);
  ca_search_view_go_back (view);
}

static gboolean
captcha_shown_cb (gpointer data)
{
  GtkWidget *picture = ca_test_find_widget (data, GTK_TYPE_PICTURE);

  return picture != NULL && gtk_widget_get_mapped (picture);
}

/* « Créer mon compte » fits a 360 px screen: the dialog's narrowest is no wider */
static void
check_narrow_account_dialog (CaApplication *narrow_app,
                             CaWindow      *narrow_window,
                             const char    *mode)
{
  g_autofree char *file = g_strdup_printf ("account-dialog-%d-%s.png", NARROW_WIDTH, mode);
  g_autofree char *path = ca_test_screenshot_path (file);
  g_autoptr(GError) error = NULL;
  CaAccountDialog *dialog = ca_account_dialog_new (ca_application_get_client (narrow_app),
                                                   GTK_WINDOW (narrow_window));
  int minimum;

  gtk_window_set_default_size (GTK_WINDOW (dialog), NARROW_WIDTH, 720);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (ca_test_spin_until (captcha_shown_cb, dialog, 10000));
  ca_test_spin_for (300);
  minimum = min_width (GTK_WIDGET (dialog));
  g_test_message ("account dialog, %s: minimum width %d", mode, minimum);
  if (minimum > NARROW_WIDTH)
    log_min_widths (GTK_WIDGET (dialog), 0);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, NARROW_WIDTH);
  g_assert_cmpuint (count_cut_headings (GTK_WIDGET (dialog)), ==, 0);
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (dialog), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Logged out, then in, then out again, at 360 px wide */
static void
check_narrow_window (CaApplication *narrow_app,
                     CaWindow      *narrow_window,
                     const char    *mode)
{
  g_autofree char *out_name = g_strdup_printf ("%s-logged-out", mode);
  g_autofree char *in_name = g_strdup_printf ("%s-logged-in", mode);
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (narrow_window), NARROW_WIDTH, 720);
  gtk_window_present (GTK_WINDOW (narrow_window));
  g_assert_true (ca_test_spin_until (has_client_cb, narrow_app, 20000));
  assert_narrow (narrow_window, out_name);
  check_narrow_account_dialog (narrow_app, narrow_window, out_name);
  /* Icons stand for the words */
  g_assert_false (gtk_widget_get_mapped (ca_test_find_label (GTK_WIDGET (narrow_window),
                                                             _("_Log In"))));
  g_assert_false (gtk_widget_get_mapped (ca_test_find_label (GTK_WIDGET (narrow_window),
                                                             _("Public Computer"))));

  ca_application_log_in_async (narrow_app, "narrow@example.org", "narrow width 360",
                               FALSE, NULL, logged_in_cb, &error);
  g_assert_true (ca_test_spin_until (account_email_set_cb, narrow_app, 10000));
  g_assert_no_error (error);
  assert_narrow (narrow_window, in_name);
  /* Every place, each at its narrowest */
  for (const char * const *p = (const char *[]) { "search", "candidatures", "profile",
                                                  "contact", NULL }; *p; p++)
    {
      g_autofree char *place_name = g_strdup_printf ("%s-%s", in_name, *p);

      ca_window_show_place (narrow_window, *p);
      assert_narrow (narrow_window, place_name);
    }
  check_narrow_course (narrow_window, in_name);

  ca_application_log_out_async (narrow_app, NULL, logged_out_cb, NULL);
  g_assert_true (ca_test_spin_until (account_email_unset_cb, narrow_app, 10000));
}

static void
create_narrow_account (void)
{
  static gboolean created;
  g_autoptr(GError) error = NULL;

  if (created)
    return;
  ca_test_server_create_account (server, "narrow@example.org", "narrow width 360", TRUE,
                                 &error);
  g_assert_no_error (error);
  created = TRUE;
}

/* Both modes at 360 px, in the language of the moment (the screenshots' names say which) */
static void
check_min_width (const char *language)
{
  g_autoptr(CaApplication) public_app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normal_mode = g_strdup_printf ("%s-normal", language);
  g_autofree char *public_mode = g_strdup_printf ("%s-public", language);
  g_autofree char *medium_name = g_strdup_printf ("window-medium-%s-public.png", language);
  g_autofree char *medium_path = ca_test_screenshot_path (medium_name);
  g_autofree char *public_id = g_strdup_printf ("fr.paris.CoursAdultes.TestWindowPublic.%s",
                                                language);
  CaWindow *narrow_window;

  create_narrow_account ();

  narrow_window = ca_window_new (app);
  check_narrow_window (app, narrow_window, normal_mode);
  gtk_window_destroy (GTK_WINDOW (narrow_window));

  public_app = g_object_new (CA_TYPE_APPLICATION,
                             "application-id", public_id,
                             "flags", G_APPLICATION_NON_UNIQUE,
                             "service-url", ca_test_server_get_url (server),
                             "public-computer", TRUE,
                             NULL);
  g_application_register (G_APPLICATION (public_app), NULL, &error);
  g_assert_no_error (error);
  narrow_window = ca_window_new (public_app);
  check_narrow_window (public_app, narrow_window, public_mode);

  /* With a little more room the marks and « Se connecter » have their words again, the places
   * being at the bottom. */
  gtk_window_set_default_size (GTK_WINDOW (narrow_window), MEDIUM_WIDTH, 720);
  ca_test_spin_for (300);
  g_assert_true (ca_test_screenshot_save (GTK_WIDGET (narrow_window), medium_path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", medium_path);
  g_assert_true (gtk_widget_get_mapped (ca_test_find_label (GTK_WIDGET (narrow_window),
                                                            _("Public Computer"))));
  g_assert_true (gtk_widget_get_mapped (ca_test_find_label (GTK_WIDGET (narrow_window),
                                                            _("_Log In"))));
  gtk_window_destroy (GTK_WINDOW (narrow_window));
  ca_test_spin_for (200);
}

static void
test_window_min_width (void)
{
  check_min_width ("en");
}

/* French words are longer: « Ordinateur public », « Se connecter ». The catalogue is the one
 * built in this build tree. */
static void
test_window_min_width_french (void)
{
  g_autofree char *po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po",
                                              NULL);
  g_autofree char *catalogue = g_build_filename (po_dir, "fr", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (catalogue, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The French catalogue is not built");
      return;
    }
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("No fr_FR.UTF-8 locale");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Public Computer"), ==, "Ordinateur public");

  check_min_width ("fr");

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  ca_test_spin_for (200);
  gtk_window_close (GTK_WINDOW (window));
  window = NULL;

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window comes back at that size. */
  window = ca_window_new (app);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 700);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
}

static gboolean
pointer_cleared_cb (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Quitting (SIGTERM, a session ending) while the window still waits to be shown, for its
 * catalogue: the window goes and the application quits, although GTK does not close a window
 * that was never shown. */
static void
test_window_quit_before_shown (void)
{
  g_autoptr(CaApplication) quitting = ca_test_application_new (
    "fr.paris.CoursAdultes.TestWindowQuit", ca_test_server_get_url (server), FALSE);
  gpointer unshown = ca_window_new (quitting);

  g_object_add_weak_pointer (G_OBJECT (unshown), &unshown);
  g_assert_false (gtk_widget_get_realized (GTK_WIDGET (unshown)));

  g_action_group_activate_action (G_ACTION_GROUP (quitting), "quit", NULL);
  g_assert_true (ca_test_spin_until (pointer_cleared_cb, &unshown, 5000));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (quitting)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_init (&argc, &argv);

  server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);

  app = ca_test_application_new ("fr.paris.CoursAdultes.TestWindow",
                                 ca_test_server_get_url (server),
                                 FALSE);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/window/ready", test_window_ready);
  g_test_add_func ("/window/places", test_window_places);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/window/main-menu", test_window_main_menu);
  g_test_add_func ("/window/narrow", test_window_narrow);
  g_test_add_func ("/window/min-width", test_window_min_width);
  g_test_add_func ("/window/min-width-french", test_window_min_width_french);
  g_test_add_func ("/window/size-saved", test_window_size_saved);
  g_test_add_func ("/window/quit-before-shown", test_window_quit_before_shown);
  status = g_test_run ();

  g_object_unref (app);
  ca_test_server_free (server);
  return status;
}
