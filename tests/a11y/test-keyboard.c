/* test-keyboard.c — the main journey with the keyboard alone, the focus always visible
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window against a real cours-adultes-server. Every step is a real key event, sent
 * by xdotool through the X server (XTEST) as a keyboard would: Ctrl+F, typing, Tab, Enter,
 * Space. After each key the test checks that the focus is on a widget shown on screen and
 * drawn as focused (GTK_STATE_FLAG_FOCUS_VISIBLE, the window's focus-visible). The pointer is
 * used once, to check that the course sheet's texts can still be selected and copied. Xvfb
 * has no window manager: the test gives the X input focus to the window the application
 * presents, which is the window manager's part.
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include <gdk/x11/gdkx.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ca-application.h"
#include "ca-candidatures-view.h"
#include "ca-course-page.h"
#include "ca-login-dialog.h"
#include "ca-result-row.h"
#include "ca-results-page.h"
#include "ca-search-page.h"
#include "ca-search-view.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define PASSWORD "motdepasse1"
/* Enough to go round any page of the window once. */
#define MAX_TABS 80

static CaTestServer *server;
static CaApplication *app;
static CaWindow *window;
static char *email;

/* ---------------------------------------------------------------- the service */

static JsonNode *
api (const char *method,
     const char *path,
     const char *token,
     const char *body,
     guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (ca_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                                   auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                              &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
api_log_in (void)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\"}", email,
                                           PASSWORD);
  g_autoptr(JsonNode) session = api ("POST", "/api/v1/session", NULL, body, 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (session), "token"));
}

/* The profile is not what this test is about: it is completed through the service. */
static void
complete_profile (void)
{
  g_autofree char *token = api_log_in ();
  g_autoptr(JsonNode) catalogue = api ("GET", "/api/v1/catalogue", NULL, NULL, 200);
  JsonArray *options = json_object_get_array_member (json_node_get_object (catalogue),
                                                     "heard_from_options");
  const char *heard_from = json_object_get_string_member (json_array_get_object_element (options,
                                                                                          0),
                                                          "id");
  g_autofree char *body = g_strdup_printf ("{\"civility\":\"M\",\"last_name\":\"Durand\","
                                           "\"first_name\":\"Paul\",\"birth_date\":\"1980-02-03\","
                                           "\"birth_country\":\"France\","
                                           "\"address\":\"3 rue des Écoles\","
                                           "\"postal_code\":\"75005\",\"city\":\"Paris\","
                                           "\"phone_mobile\":\"0612345678\","
                                           "\"heard_from\":\"%s\"}", heard_from);
  g_autoptr(JsonNode) profile = api ("PUT", "/api/v1/profile", token, body, 200);

  g_assert_true (json_object_get_boolean_member (json_node_get_object (profile), "complete"));
}

static guint
candidature_count (void)
{
  g_autofree char *token = api_log_in ();
  g_autoptr(JsonNode) list = api ("GET", "/api/v1/candidatures", token, NULL, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (list),
                                                              "items"));
}

/* ---------------------------------------------------------------- keys */

static void
xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) "xdotool");
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static GtkWindow *
active_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      /* GTK keeps its toplevels alive. */
      if (gtk_window_is_active (w))
        return w;
    }
  return NULL;
}

static gboolean
is_active_cb (gpointer data)
{
  return gtk_window_is_active (data);
}

/* Without a window manager the X input focus stays where it was: give it to @w. */
static void
focus_window (GtkWindow *w)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (w));
  g_autofree char *xid = NULL;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  xdotool ((const char *[]) { "windowfocus", "--sync", xid, NULL });
  g_assert_true (ca_test_spin_until (is_active_cb, w, 5000));
}

static GtkWidget *
focus_widget (void)
{
  GtkWindow *w = active_window ();

  return w != NULL ? gtk_window_get_focus (w) : NULL;
}

static gboolean
focus_drawn_cb (gpointer data)
{
  GtkWindow *w = active_window ();
  GtkWidget *focus = w != NULL ? gtk_window_get_focus (w) : NULL;

  return focus != NULL && gtk_widget_get_mapped (focus) && gtk_window_get_focus_visible (w)
         && (gtk_widget_get_state_flags (focus) & GTK_STATE_FLAG_FOCUS_VISIBLE);
}

/* A person sees where the focus is: on a widget shown on screen, drawn with its focus ring.
 * GTK moves the focus when a key is pressed but decides whether to draw the ring when it is
 * released, and a busy window may handle the release a frame later: the ring has up to a
 * second to appear (GTK hides it again 3 s after the last key). */
static void
assert_focus_visible (const char *after)
{
  GtkWindow *w;
  GtkWidget *focus;

  ca_test_spin_until (focus_drawn_cb, NULL, 1000);
  w = active_window ();
  focus = w != NULL ? gtk_window_get_focus (w) : NULL;
  if (focus == NULL)
    g_error ("after %s: no widget has the focus", after);
  if (!gtk_widget_get_mapped (focus))
    g_error ("after %s: the focus is on a %s that is not shown", after,
             G_OBJECT_TYPE_NAME (focus));
  if (!gtk_window_get_focus_visible (w)
      || !(gtk_widget_get_state_flags (focus) & GTK_STATE_FLAG_FOCUS_VISIBLE))
    g_error ("after %s: the focus on a %s is not drawn", after, G_OBJECT_TYPE_NAME (focus));
}

static gboolean
some_window_active_cb (gpointer data)
{
  return active_window () != NULL;
}

/* A window manager gives the input focus to a window being presented, such as a dialog, and
 * back to its parent when it closes: Xvfb has none, so the test does. */
static void
follow_presented_window (void)
{
  GListModel *toplevels;

  if (ca_test_spin_until (some_window_active_cb, NULL, 1000))
    return;
  toplevels = gtk_window_get_toplevels ();
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (gtk_widget_get_mapped (GTK_WIDGET (w)) && gtk_window_get_modal (w))
        {
          focus_window (w);
          return;
        }
    }
  focus_window (GTK_WINDOW (window));
}

static void
key (const char *keys)
{
  xdotool ((const char *[]) { "key", "--clearmodifiers", keys, NULL });
  /* Let the events arrive and be handled. */
  ca_test_spin_for (150);
  follow_presented_window ();
  assert_focus_visible (keys);
}

static void
type (const char *text)
{
  xdotool ((const char *[]) { "type", "--delay", "30", text, NULL });
  ca_test_spin_for (150);
  assert_focus_visible ("typing");
}

typedef gboolean (*FocusTest) (GtkWidget *focus, gpointer data);

/* Presses @keys (Tab) until the focus satisfies @test; fails after MAX_TABS presses. How many
 * presses it took goes to @n_presses, when given. */
static GtkWidget *
count_until (const char *keys,
             FocusTest   test,
             gpointer    data,
             const char *what,
             int        *n_presses)
{
  for (int i = 0; i < MAX_TABS; i++)
    {
      GtkWidget *focus = focus_widget ();

      if (focus != NULL && test (focus, data))
        {
          g_test_message ("%s reached with %d × %s", what, i, keys);
          if (n_presses != NULL)
            *n_presses = i;
          return focus;
        }
      g_test_message ("%s: the focus is on a %s", keys,
                      focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
      key (keys);
    }
  g_error ("%s never got the focus with %s", what, keys);
  return NULL;
}

static GtkWidget *
tab_until (const char *keys,
           FocusTest   test,
           gpointer    data,
           const char *what)
{
  return count_until (keys, test, data, what, NULL);
}

static gboolean
inside_type_cb (GtkWidget *focus,
                gpointer   data)
{
  return gtk_widget_get_ancestor (focus, GPOINTER_TO_SIZE (data)) != NULL;
}

/* In a row, or the list's own item holding one (where the arrows put the focus). */
static gboolean
holds_result_row (GtkWidget *focus)
{
  return gtk_widget_get_ancestor (focus, CA_TYPE_RESULT_ROW) != NULL
         || (gtk_widget_get_first_child (focus) != NULL
             && CA_IS_RESULT_ROW (gtk_widget_get_first_child (focus)));
}

static gboolean
button_labelled_cb (GtkWidget *focus,
                    gpointer   data)
{
  GtkWidget *label;

  if (!GTK_IS_BUTTON (focus))
    return FALSE;
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), data) == 0)
    return TRUE;
  label = ca_test_find_label (focus, data);
  return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), data) == 0;
}

static gboolean
session_check_cb (GtkWidget *focus,
                  gpointer   data)
{
  return GTK_IS_CHECK_BUTTON (focus) && gtk_widget_get_ancestor (focus, CA_TYPE_COURSE_PAGE);
}

static gboolean
results_shown_cb (gpointer data)
{
  GtkWidget *row = ca_test_find_widget (data, CA_TYPE_RESULT_ROW);

  return row != NULL && gtk_widget_get_mapped (row);
}

static gboolean
sessions_shown_cb (gpointer data)
{
  GtkWidget *check = ca_test_find_widget (data, GTK_TYPE_CHECK_BUTTON);

  return gtk_widget_get_mapped (data) && check != NULL && gtk_widget_get_mapped (check);
}

static gboolean
login_dialog_cb (gpointer data)
{
  GtkWindow *dialog = ca_test_find_window (CA_TYPE_LOGIN_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
logged_in_cb (gpointer data)
{
  GtkWindow *dialog = ca_test_find_window (CA_TYPE_LOGIN_DIALOG);

  return dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (dialog));
}

static gboolean
has_client_cb (gpointer data)
{
  return ca_application_get_client (app) != NULL;
}

static gboolean
search_ready_cb (gpointer data)
{
  GtkWidget *page = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_SEARCH_PAGE);

  return page != NULL && gtk_widget_get_mapped (page)
         && ca_test_find_label (page, "courses") != NULL;
}

static gboolean
saved_cb (gpointer data)
{
  return candidature_count () == 1;
}

static gboolean
dashboard_shows_cb (gpointer data)
{
  GtkWidget *view = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_CANDIDATURES_VIEW);
  GtkWidget *label = view != NULL ? ca_test_find_label (view, data) : NULL;

  return label != NULL && gtk_widget_get_mapped (label);
}

/* ---------------------------------------------------------------- the course sheet */

/* A course whose sheet has every section and several sessions */
#define SHEET_COURSE "c-0001"
/* From the sheet's « back » button: the period's row, the fee's, the session's, its radio */
#define MAX_TABS_TO_SESSION 4

/* The point at @fraction of @widget's width, on its first line, in its X window */
static void
window_point (GtkWidget *widget,
              double     fraction,
              int       *x,
              int       *y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_rect_t bounds;
  double dx, dy;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  gtk_native_get_surface_transform (native, &dx, &dy);
  *x = (int) (dx + bounds.origin.x + bounds.size.width * fraction);
  *y = (int) (dy + bounds.origin.y + MIN (12, bounds.size.height / 2));
}

static void
pointer (const char *action,
         GtkWidget  *widget,
         double      fraction)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  int px, py;

  window_point (widget, fraction, &px, &py);
  x = g_strdup_printf ("%d", px);
  y = g_strdup_printf ("%d", py);
  xdotool ((const char *[]) { "mousemove", "--window", xid, "--sync", x, y, NULL });
  if (action != NULL)
    xdotool ((const char *[]) { action, "1", NULL });
  ca_test_spin_for (150);
}

static GtkWidget *
find_selectable_label (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_selectable (GTK_LABEL (root))
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_selectable_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
text_read_cb (gpointer data)
{
  return *(char **) data != NULL;
}

/* The title is selected with the mouse and copied as the label's menu does */
static void
assert_selectable_by_mouse (GtkWidget *label)
{
  g_autofree char *copied = NULL;
  g_autofree char *selected = NULL;
  GtkWidget *scroller = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  int start, end;

  /* Back to the top of the sheet, where the title is */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                            0);
  ca_test_spin_for (200);
  pointer ("mousedown", label, 0.0);
  pointer (NULL, label, 0.3);
  pointer ("mouseup", label, 0.3);
  g_assert_true (gtk_label_get_selection_bounds (GTK_LABEL (label), &start, &end));
  g_assert_cmpint (end, >, start);
  selected = g_utf8_substring (gtk_label_get_text (GTK_LABEL (label)), start, end);
  g_test_message ("selected with the mouse: « %s »", selected);

  g_assert_true (gtk_widget_activate_action (label, "clipboard.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (label), NULL, read_text_cb, &copied);
  g_assert_true (ca_test_spin_until (text_read_cb, &copied, 5000));
  g_assert_cmpstr (copied, ==, selected);
}

/* The texts of the sheet are selectable, to copy an address, but they are no Tab stops: a
 * session is a few Tabs from the top of the sheet, and « Save » one more. */
static void
test_keyboard_course_sheet (void)
{
  CaSearchView *view;
  GtkWidget *course_page, *back, *check, *title;
  int tabs = -1;

  g_assert_true (ca_test_spin_until (has_client_cb, NULL, 20000));
  g_assert_true (ca_test_spin_until (search_ready_cb, NULL, 20000));
  focus_window (GTK_WINDOW (window));
  view = CA_SEARCH_VIEW (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_SEARCH_VIEW));
  ca_search_view_open_course (view, SHEET_COURSE);
  course_page = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_COURSE_PAGE);
  g_assert_true (ca_test_spin_until (sessions_shown_cb, course_page, 20000));

  /* The top of the sheet: its « back » button */
  back = ca_test_find_widget (course_page, GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_grab_focus (back));
  check = count_until ("Tab", session_check_cb, NULL, "a session", &tabs);
  g_assert_cmpint (tabs, <=, MAX_TABS_TO_SESSION);
  key ("space");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  count_until ("Tab", button_labelled_cb, (gpointer) "Save to my applications",
               "\"Save to my applications\"", &tabs);
  g_assert_cmpint (tabs, ==, 1);

  title = find_selectable_label (course_page,
                                 ca_course_get_title (ca_course_page_get_course (
                                   CA_COURSE_PAGE (course_page))));
  g_assert_nonnull (title);
  assert_selectable_by_mouse (title);
  ca_search_view_go_back (view);
}

static void
test_keyboard_journey (void)
{
  GtkWidget *focus;
  GtkWidget *save;
  GtkWidget *course_page;
  GtkWindow *dialog;
  const char *title;

  g_assert_true (ca_test_spin_until (has_client_cb, NULL, 20000));
  g_assert_true (ca_test_spin_until (search_ready_cb, NULL, 20000));
  focus_window (GTK_WINDOW (window));

  /* Rechercher: Ctrl+F puts the focus in the keyword entry. */
  key ("ctrl+f");
  g_assert_true (inside_type_cb (focus_widget (), GSIZE_TO_POINTER (CA_TYPE_SEARCH_PAGE)));
  g_assert_true (gtk_widget_get_ancestor (focus_widget (), GTK_TYPE_SEARCH_ENTRY) != NULL);
  type ("anglais niveau");
  key ("Return");
  g_assert_true (ca_test_spin_until (results_shown_cb, window, 20000));

  /* Résultats: Tab to a result, Enter opens it, Tab to « View the sheet », Enter. */
  focus = tab_until ("Tab", inside_type_cb, GSIZE_TO_POINTER (CA_TYPE_RESULT_ROW),
                     "a result row");
  /* The arrows go from row to row. */
  key ("Down");
  g_test_message ("Down: %s", G_OBJECT_TYPE_NAME (focus_widget ()));
  g_assert_true (holds_result_row (focus_widget ()));
  key ("Up");
  g_test_message ("Up: %s", G_OBJECT_TYPE_NAME (focus_widget ()));
  g_assert_true (holds_result_row (focus_widget ()));
  key ("Return");
  tab_until ("Tab", button_labelled_cb, (gpointer) "View the sheet", "\"View the sheet\"");
  key ("Return");
  course_page = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_COURSE_PAGE);
  g_assert_true (ca_test_spin_until (sessions_shown_cb, course_page, 20000));

  /* Fiche formation: Tab to a session, Space chooses it, Tab to the save button, Enter. */
  focus = tab_until ("Tab", session_check_cb, NULL, "a session");
  key ("space");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (focus)));
  save = tab_until ("Tab", button_labelled_cb, (gpointer) "Save to my applications",
                    "\"Save to my applications\"");
  key ("Return");

  /* Escape closes the login dialog; the focus comes back to the sheet, on the message's « Log
   * in » button, which brings the dialog back. */
  g_assert_true (ca_test_spin_until (login_dialog_cb, NULL, 10000));
  dialog = ca_test_find_window (CA_TYPE_LOGIN_DIALOG);
  g_assert_true (ca_test_spin_until (is_active_cb, dialog, 5000));
  key ("Escape");
  g_assert_true (ca_test_spin_until (logged_in_cb, NULL, 5000));
  g_test_message ("after Escape the focus is on a %s", G_OBJECT_TYPE_NAME (focus_widget ()));
  g_assert_true (button_labelled_cb (focus_widget (), (gpointer) "Log in")
                 || focus_widget () == save);
  key ("Return");

  /* Se connecter: the dialog opens on the e-mail entry. */
  g_assert_true (ca_test_spin_until (login_dialog_cb, NULL, 10000));
  dialog = ca_test_find_window (CA_TYPE_LOGIN_DIALOG);
  g_assert_true (ca_test_spin_until (is_active_cb, dialog, 5000));
  g_assert_true (GTK_IS_TEXT (focus_widget ()));
  type (email);
  key ("Tab");
  type (PASSWORD);
  key ("Return");
  g_assert_true (ca_test_spin_until (logged_in_cb, NULL, 20000));
  g_assert_true (ca_test_spin_until (saved_cb, NULL, 20000));

  /* Back in the window: Tab to « My Applications » (the view switcher), Enter; the dashboard
   * shows the course. */
  follow_presented_window ();
  title = gtk_label_get_label (GTK_LABEL (ca_test_find_label (course_page, "Anglais")));
  g_test_message ("saved \"%s\"", title);
  tab_until ("Tab", button_labelled_cb, (gpointer) "My Applications", "\"My Applications\"");
  key ("Return");
  g_assert_true (ca_test_spin_until (dashboard_shows_cb, (gpointer) title, 20000));
  assert_focus_visible ("showing \"My Applications\"");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Key events go through the X server. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  ca_test_init (&argc, &argv);
  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("xdotool is missing");
      return 77;
    }

  server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);
  email = g_strdup_printf ("clavier-%d@example.fr", (int) getpid ());
  ca_test_server_create_account (server, email, PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  complete_profile ();

  app = ca_test_application_new ("fr.paris.CoursAdultes.TestKeyboard",
                                 ca_test_server_get_url (server),
                                 TRUE);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/keyboard/course-sheet", test_keyboard_course_sheet);
  g_test_add_func ("/keyboard/journey", test_keyboard_journey);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  ca_test_server_free (server);
  g_free (email);
  return status;
}
