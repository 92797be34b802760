/* test-public.c — public-computer mode through the real window: the header says so, the idle
 * warning comes first and an answer cancels it, then the idle logout; afterwards nothing of
 * the person is left in the application's files, nor in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaPublicTest"

#include <adwaita.h>
#include <libsecret/secret.h>

#include "ca-application.h"
#include "ca-credentials.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define EMAIL "public.person@example.org"
#define PASSWORD "motdepasse1"

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
log_in_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  ca_application_log_in_finish (CA_APPLICATION (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
warning_shown (gpointer data)
{
  return ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
logged_out (gpointer data)
{
  return ca_application_get_account_email (data) == NULL;
}

typedef struct
{
  CaTestServer *server;
  const char   *token;
} RevokedCheck;

static gboolean
token_revoked (gpointer data)
{
  RevokedCheck *check = data;

  ca_test_spin_for (100);
  return ca_test_server_get_status (check->server, "/api/v1/profile", check->token) == 401;
}

/* Fails if a file under @path holds @needle. */
static void
assert_no_file_holds (const char *path,
                      const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        assert_no_file_holds (child, needle);
      else if (g_file_get_contents (child, &contents, &length, NULL)
               && g_strstr_len (contents, length, needle) != NULL)
        g_error ("%s holds personal data", child);
    }
}

static void
test_idle_logout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTestServer) server = ca_test_server_new (NULL, &error);
  g_autoptr(CaApplication) app = NULL;
  g_autofree char *token = NULL;
  const char *dirs[3];
  gboolean done = FALSE;
  CaWindow *window;
  GtkWidget *pill;
  GtkWindow *dialog;

  g_assert_no_error (error);
  ca_test_server_create_account (server, EMAIL, PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", APP_ID_BASE ".PublicTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "service-url", ca_test_server_get_url (server),
                      "public-computer", TRUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ca_test_spin_until (has_client, app, 20000));

  window = ca_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  pill = ca_test_find_label (GTK_WIDGET (window), "Public Computer");
  g_assert_nonnull (pill);
  g_assert_true (gtk_widget_get_visible (pill));
  /* With a configured service there is no demonstration mailbox. */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (ca_test_find_widget (GTK_WIDGET (window),
                                                               ADW_TYPE_VIEW_STACK));
    GtkWidget *mailbox = adw_view_stack_get_child_by_name (stack, "mailbox");

    g_assert_nonnull (mailbox);
    g_assert_false (adw_view_stack_page_get_visible (adw_view_stack_get_page (stack, mailbox)));
  }

  /* « Remember » is asked for, and must be ignored on a public computer. */
  ca_application_log_in_async (app, EMAIL, PASSWORD, TRUE, NULL, log_in_cb, &done);
  g_assert_true (ca_test_spin_until (flag_set, &done, 10000));
  token = g_strdup (ca_client_get_token (ca_application_get_client (app)));
  g_assert_nonnull (token);

  /* The warning comes first; answering it keeps the session. */
  g_assert_true (ca_test_spin_until (warning_shown, NULL, 10000));
  dialog = ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "logged out in"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  ca_test_spin_for (100);
  g_assert_null (ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ca_application_get_account_email (app));

  /* Without an answer, the person is logged out once the countdown ends. */
  g_assert_true (ca_test_spin_until (warning_shown, NULL, 10000));
  g_assert_true (ca_test_spin_until (logged_out, app, 15000));
  g_assert_null (ca_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (ca_client_get_token (ca_application_get_client (app)));
  /* The token is revoked on the service too (the revocation is under way at logout). */
  {
    RevokedCheck check = { server, token };
    g_assert_true (ca_test_spin_until (token_revoked, &check, 10000));
  }

  dirs[0] = g_get_user_data_dir ();
  dirs[1] = g_get_user_cache_dir ();
  dirs[2] = g_get_user_config_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *app_dir = g_build_filename (dirs[i], "cours-adultes", NULL);

      assert_no_file_holds (app_dir, EMAIL);
      assert_no_file_holds (app_dir, token);
    }

  if (g_strcmp0 (g_getenv ("CA_TEST_KEYRING"), "real") == 0)
    {
      g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
      GList *items = secret_password_searchv_sync (ca_credentials_get_schema (), attributes,
                                                   SECRET_SEARCH_ALL, NULL, &error);

      g_assert_no_error (error);
      g_assert_null (items);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (200);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_init (&argc, &argv);

  g_test_add_func ("/public-computer/idle-logout", test_idle_logout);

  return g_test_run ();
}
