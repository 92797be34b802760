/* test-mailbox.c — « Boîte mail de démonstration » against a real service: the confirmation
 * mail of a new account is listed and its link confirms the account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaMailboxTest"

#include <adwaita.h>

#include "ca-client.h"
#include "ca-mailbox-view.h"
#include "ca-test-util.h"

typedef struct
{
  CaClient *client;
  gboolean  done;
  gboolean  logged_in;
} LoginState;

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LoginState *state = user_data;
  g_autoptr(CaSessionInfo) info = ca_client_login_finish (CA_CLIENT (object), result, NULL);

  state->logged_in = info != NULL;
  state->done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
try_login (LoginState *state)
{
  state->done = FALSE;
  ca_client_login_async (state->client, "claude@example.org", "motdepasse1", NULL, login_cb,
                         state);
  g_assert_true (ca_test_spin_until (flag_set, &state->done, 10000));
  return state->logged_in;
}

static GtkWidget *
find_link_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), "<a href=") != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_link_label (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
try_login_cond (gpointer data)
{
  return try_login (data);
}

static void
test_confirm_from_mail (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTestServer) server = ca_test_server_new (NULL, &error);
  g_autoptr(GRegex) href = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *uri = NULL;
  LoginState state = { 0 };
  GtkWindow *window;
  GtkWidget *view, *label;
  gboolean handled = FALSE;

  g_assert_no_error (error);
  state.client = ca_client_new (ca_test_server_get_url (server), NULL);
  window = GTK_WINDOW (gtk_window_new ());
  view = ca_mailbox_view_new ();
  g_object_set (view, "client", state.client, "mail-dir",
                ca_test_server_get_mail_dir (server), NULL);
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  ca_test_spin_for (200);
  g_assert_null (ca_test_find_widget (view, ADW_TYPE_EXPANDER_ROW));

  ca_test_server_create_account (server, "claude@example.org", "motdepasse1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (try_login (&state));   /* not confirmed yet */

  /* The file monitor shows the new mail; a refresh makes sure of it. */
  ca_test_spin_for (500);
  ca_mailbox_view_refresh (CA_MAILBOX_VIEW (view));
  g_assert_nonnull (ca_test_find_widget (view, ADW_TYPE_EXPANDER_ROW));
  label = find_link_label (view);
  g_assert_nonnull (label);

  href = g_regex_new ("<a href=\"([^\"]*confirm[^\"]*)\"", 0, 0, NULL);
  g_assert_true (g_regex_match (href, gtk_label_get_label (GTK_LABEL (label)), 0, &match));
  uri = g_match_info_fetch (match, 1);
  {
    /* The markup escapes "&"; the signal receives the plain address. */
    g_autoptr(GString) plain = g_string_new (uri);
    g_string_replace (plain, "&amp;", "&", 0);
    g_free (uri);
    uri = g_string_free (g_steal_pointer (&plain), FALSE);
  }
  g_signal_emit_by_name (label, "activate-link", uri, &handled);
  g_assert_true (handled);
  g_assert_true (ca_test_spin_until (try_login_cond, &state, 10000));

  gtk_window_destroy (window);
  g_clear_object (&state.client);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add_func ("/mailbox/confirm-from-mail", test_confirm_from_mail);

  return g_test_run ();
}
