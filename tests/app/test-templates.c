/* test-templates.c — every .ui template of the shell instantiates, with its accessible names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include "ca-application.h"
#include "ca-login-dialog.h"
#include "ca-test-util.h"
#include "ca-window.h"

static CaApplication *app;

static void
test_window_template (void)
{
  CaWindow *window = ca_window_new (app);
  GtkWidget *stack;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  stack = ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  for (const char * const *p = (const char *[]) { "search", "candidatures", "profile",
                                                  "contact", NULL }; *p; p++)
    g_assert_nonnull (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), *p));
  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER));
  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR));
  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY));
  /* Every place is a real view, none a page announcing it for later. */
  g_assert_null (ca_test_find_label (GTK_WIDGET (window), "not available yet"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_login_dialog_template (void)
{
  CaLoginDialog *dialog = ca_login_dialog_new (app, NULL);
  GtkWidget *password_row;
  GtkWidget *reveal;

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW));
  password_row = ca_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (password_row);
  g_assert_nonnull (ca_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH));
  g_assert_nonnull (ca_test_find_button (GTK_WIDGET (dialog), "_Log In"));
  g_assert_nonnull (ca_test_find_button (GTK_WIDGET (dialog), "_Create My Account"));

  /* The password reveal button has a name a screen reader can say, following its state. */
  reveal = ca_test_find_icon_button (password_row, "view-reveal-symbolic");
  g_assert_nonnull (reveal);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (reveal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Show password");
  g_signal_emit_by_name (reveal, "clicked");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (reveal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Hide password");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_login_dialog_create_account (void)
{
  CaLoginDialog *dialog = ca_login_dialog_new (app, NULL);
  GtkWidget *link;

  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_emit_by_name (ca_test_find_button (GTK_WIDGET (dialog), "_Create My Account"),
                         "clicked");
  /* Not a fake form: the page says where to create the account meanwhile. */
  link = ca_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LINK_BUTTON);
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, "https://scap.paris.fr");
  g_assert_nonnull (ca_test_find_label (GTK_WIDGET (dialog), "later version"));
  g_signal_emit_by_name (ca_test_find_button (GTK_WIDGET (dialog), "_Back to Log In"),
                         "clicked");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_login_dialog_public_computer (void)
{
  g_autoptr(CaApplication) public_app = NULL;
  g_autoptr(GError) error = NULL;
  CaLoginDialog *dialog;
  GtkWidget *remember;

  public_app = g_object_new (CA_TYPE_APPLICATION,
                             "application-id", "fr.paris.CoursAdultes.TestTemplatesPublic",
                             "flags", G_APPLICATION_NON_UNIQUE,
                             "service-url", "http://127.0.0.1:9",
                             "public-computer", TRUE,
                             NULL);
  g_application_register (G_APPLICATION (public_app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ca_application_get_public_computer (public_app));

  /* On a public computer nothing is remembered, and the choice is not even offered. */
  dialog = ca_login_dialog_new (public_app, NULL);
  remember = ca_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (remember)));
  g_assert_false (gtk_widget_is_visible (remember));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_help_overlay_template (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  builder = gtk_builder_new_from_resource ("/fr/paris/CoursAdultes/ca-shortcuts-window.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ca_test_init (&argc, &argv);

  /* Nothing listens on port 9: the templates must not depend on the service. */
  app = ca_test_application_new ("fr.paris.CoursAdultes.TestTemplates",
                                 "http://127.0.0.1:9",
                                 FALSE);

  g_test_add_func ("/templates/window", test_window_template);
  g_test_add_func ("/templates/login-dialog", test_login_dialog_template);
  g_test_add_func ("/templates/login-dialog/create-account", test_login_dialog_create_account);
  g_test_add_func ("/templates/login-dialog/public-computer", test_login_dialog_public_computer);
  g_test_add_func ("/templates/help-overlay", test_help_overlay_template);
  status = g_test_run ();

  g_object_unref (app);
  return status;
}
