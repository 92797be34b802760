/* contact-screenshots.c — the screenshots of « Contact et assistance » (1280×800 and 360×720)
 * and of the demonstration mailbox, in real windows against a real service.
 *
 *   contact-screenshots OUTPUT-DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaContactShots"

#include <stdio.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ca-application.h"
#include "ca-mailbox-view.h"
#include "ca-test-screenshot.h"
#include "ca-test-util.h"
#include "ca-window.h"

#define WAIT_MS 30000

static void
shoot (GtkWidget  *window,
       const char *dir,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  ca_test_spin_for (700);
  if (!ca_test_screenshot_save (window, path, &error))
    g_error ("%s: %s", path, error->message);
  printf ("%s\n", path);
}

static gboolean
has_client (gpointer data)
{
  return ca_application_get_client (data) != NULL;
}

static void
shoot_contact (CaTestServer *server,
               const char   *dir,
               int           width,
               int           height,
               const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaApplication) app = NULL;
  g_autofree char *app_id = g_strconcat (APP_ID_BASE ".ContactShots", width > 400 ? "Wide"
                                         : "Narrow", NULL);
  CaWindow *window;

  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", app_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "service-url", ca_test_server_get_url (server),
                      "public-computer", FALSE,
                      NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  ca_test_spin_until (has_client, app, WAIT_MS);
  window = ca_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ca_window_show_place (window, "contact");
  shoot (GTK_WIDGET (window), dir, name);
  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_spin_for (100);
}

static void
shoot_mailbox (CaTestServer *server,
               const char   *dir)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ca_mailbox_view_new ();

  if (!ca_test_server_create_account (server, "camille.martin@example.org", "motdepasse1",
                                      FALSE, &error))
    g_error ("%s", error->message);
  gtk_window_set_titlebar (GTK_WINDOW (window), adw_header_bar_new ());
  gtk_window_set_title (GTK_WINDOW (window), _("Cours d'Adultes de Paris"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_object_set (view, "mail-dir", ca_test_server_get_mail_dir (server), NULL);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  shoot (window, dir, "mailbox");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTestServer) server = NULL;
  const char *dir = argc > 1 ? argv[1] : ".";

  ca_test_screenshot_init_locale ();
  gtk_init ();
  adw_init ();
  g_mkdir_with_parents (dir, 0755);

  server = ca_test_server_new (NULL, &error);
  if (server == NULL)
    g_error ("%s", error->message);
  shoot_contact (server, dir, 1280, 800, "contact");
  shoot_contact (server, dir, 360, 720, "contact-narrow");
  shoot_mailbox (server, dir);
  return 0;
}
