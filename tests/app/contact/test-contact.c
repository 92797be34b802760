/* test-contact.c — « Contact et assistance » against a real service: sending logged in and
 * logged out, the e-mail rules, a failed send that keeps the text, the success state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaContactTest"

#include <adwaita.h>

#include "ca-client.h"
#include "ca-contact-view.h"
#include "ca-test-util.h"

typedef struct
{
  CaTestServer *server;
  CaClient     *client;
  GtkWindow    *window;
  GtkWidget    *view;
} Fixture;

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
part (Fixture    *fixture,
      const char *name)
{
  GtkWidget *widget = find_named (fixture->view, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = ca_test_server_new (NULL, &error);
  g_assert_no_error (error);
  fixture->client = ca_client_new (ca_test_server_get_url (fixture->server), NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
  fixture->view = ca_contact_view_new ();
  gtk_window_set_child (fixture->window, fixture->view);
  g_object_set (fixture->view, "client", fixture->client, NULL);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, ca_test_server_free);
}

static void
set_message (Fixture    *fixture,
             const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (part (fixture, "message"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static char *
get_message (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (part (fixture, "message")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_sent (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (part (fixture, "stack"))),
                    "sent") == 0;
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_get_visible (part (data, "error"));
}

/* The number of mail files holding @needle in the service's mail folder. */
static guint
count_mails_with (Fixture    *fixture,
                  const char *needle)
{
  const char *dir_path = ca_test_server_get_mail_dir (fixture->server);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL)
        count++;
    }
  return count;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = ca_client_login_finish (CA_CLIENT (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_logged_out (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *send = part (fixture, "send");
  GtkWidget *email = part (fixture, "email");

  g_assert_true (gtk_widget_get_visible (email));
  g_assert_false (gtk_widget_get_sensitive (send));

  gtk_editable_set_text (GTK_EDITABLE (part (fixture, "subject")), "Horaires Logged-Out-42");
  set_message (fixture, "Bonjour,\nle cours d'anglais a-t-il lieu pendant les vacances ?");
  /* The e-mail is required while logged out, and must be valid. */
  g_assert_false (gtk_widget_get_sensitive (send));
  gtk_editable_set_text (GTK_EDITABLE (email), "pas-une-adresse");
  g_assert_false (gtk_widget_get_sensitive (send));
  gtk_editable_set_text (GTK_EDITABLE (email), "camille@example.org");
  g_assert_true (gtk_widget_get_sensitive (send));

  g_signal_emit_by_name (send, "clicked");
  /* No second send while the first one is under way. */
  g_assert_false (gtk_widget_get_sensitive (send));
  g_assert_true (ca_test_spin_until (is_sent, fixture, 10000));
  g_assert_cmpuint (count_mails_with (fixture, "Logged-Out-42"), ==, 1);

  /* « Write another message » starts from an empty form. */
  g_signal_emit_by_name (part (fixture, "again"), "clicked");
  g_assert_false (is_sent (fixture));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture, "subject"))), ==, "");
  g_assert_false (gtk_widget_get_sensitive (send));
}

static void
test_logged_in (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  ca_test_server_create_account (fixture->server, "dominique@example.org", "motdepasse1",
                                 TRUE, &error);
  g_assert_no_error (error);
  ca_client_login_async (fixture->client, "dominique@example.org", "motdepasse1", NULL,
                         login_cb, &done);
  g_assert_true (ca_test_spin_until (flag_set, &done, 10000));

  /* The account's address is used: no e-mail row. */
  g_assert_false (gtk_widget_get_visible (part (fixture, "email")));
  gtk_editable_set_text (GTK_EDITABLE (part (fixture, "subject")), "Inscription Logged-In-7");
  set_message (fixture, "Bonjour, je voudrais changer de groupe.");
  g_assert_true (gtk_widget_get_sensitive (part (fixture, "send")));
  g_signal_emit_by_name (part (fixture, "send"), "clicked");
  g_assert_true (ca_test_spin_until (is_sent, fixture, 10000));
  g_assert_cmpuint (count_mails_with (fixture, "Logged-In-7"), ==, 1);

  /* Logging out clears what was typed and asks for the address again. */
  g_signal_emit_by_name (part (fixture, "again"), "clicked");
  gtk_editable_set_text (GTK_EDITABLE (part (fixture, "subject")), "brouillon");
  ca_client_set_token (fixture->client, NULL);
  g_assert_true (gtk_widget_get_visible (part (fixture, "email")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture, "subject"))), ==, "");
}

static void
test_failure_keeps_text (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *message = NULL;
  GtkWidget *send = part (fixture, "send");

  gtk_editable_set_text (GTK_EDITABLE (part (fixture, "subject")), "Sujet gardé");
  gtk_editable_set_text (GTK_EDITABLE (part (fixture, "email")), "camille@example.org");
  set_message (fixture, "Un long message que personne ne veut retaper.");

  /* The service goes away before the send. */
  g_clear_pointer (&fixture->server, ca_test_server_free);
  g_signal_emit_by_name (send, "clicked");
  g_assert_true (ca_test_spin_until (error_shown, fixture, 20000));
  g_assert_false (is_sent (fixture));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture, "subject"))), ==,
                   "Sujet gardé");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture, "email"))), ==,
                   "camille@example.org");
  message = get_message (fixture);
  g_assert_cmpstr (message, ==, "Un long message que personne ne veut retaper.");
  /* Trying again is possible at once. */
  g_assert_true (gtk_widget_get_sensitive (send));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (part (fixture, "error"))), !=, "");
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add ("/contact/logged-out", Fixture, NULL, fixture_set_up, test_logged_out,
              fixture_tear_down);
  g_test_add ("/contact/logged-in", Fixture, NULL, fixture_set_up, test_logged_in,
              fixture_tear_down);
  g_test_add ("/contact/failure-keeps-text", Fixture, NULL, fixture_set_up,
              test_failure_keeps_text, fixture_tear_down);

  return g_test_run ();
}
