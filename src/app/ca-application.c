/* ca-application.c — the application: settings, the service, the person's session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaApplication"

#include <glib/gi18n.h>
#include <glib-unix.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ca-application.h"
#include "ca-credentials.h"
#include "ca-demo.h"
#include "ca-resources.h"
#include "ca-error.h"
#include "ca-font-preload.h"
#include "ca-service-launcher.h"
#include "ca-window.h"

/* How long quitting may wait for the service to revoke a token or to stop. */
#define QUIT_TIMEOUT_MS 3000

typedef struct _CacheRead CacheRead;

struct _CaApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  char              *service_url;      /* configured address, NULL or "" for the embedded one */
  gboolean           public_computer;

  CaServiceLauncher *launcher;
  CaClient          *client;
  gulong             session_expired_id;
  char              *service_error;
  GCancellable      *service_cancellable;

  char              *account_email;
  gboolean           profile_complete;
  gboolean           shutting_down;
  guint              build_window_id;  /* the window waits for the service's first words */
  GThread           *cache_reader;     /* the catalogue's disk cache, read at start-up */
  CacheRead         *cache_read;       /* what it read, while the window shows it */
  CaClient          *checked_client;   /* a configured service's, until it answers */
  gboolean           service_waits;    /* the embedded service starts after the first frame */
  gboolean           painted;          /* the window's first frame is painted */
  gboolean           login_waits;      /* the silent login waits for that frame */
  guint              frame_wait_id;    /* how long they wait, at most */
};

G_DEFINE_FINAL_TYPE (CaApplication, ca_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SERVICE_URL,
  PROP_PUBLIC_COMPUTER,
  PROP_DEMO,
  PROP_SERVICE_ERROR,
  PROP_ACCOUNT_EMAIL,
  PROP_PROFILE_COMPLETE,
  N_PROPS
};

enum {
  KEYRING_ERROR,
  SESSION_EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void ca_application_start_service (CaApplication *self);

/* g_set_str () comes with GLib 2.76. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

/* Errors in words */

char *
ca_application_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == CA_ERROR)
    {
      switch ((CaErrorCode) error->code)
        {
        case CA_ERROR_NETWORK:
          return g_strdup (_("The service cannot be reached. Check your Internet connection, "
                             "then try again."));
        case CA_ERROR_TIMEOUT:
          return g_strdup (_("The service did not answer in time. Try again in a moment."));
        case CA_ERROR_SERVER:
        case CA_ERROR_INTERNAL:
        case CA_ERROR_UNAVAILABLE:
          return g_strdup (_("The service has a problem at the moment. Try again in a "
                             "moment."));
        case CA_ERROR_BAD_RESPONSE:
          return g_strdup (_("The service sent an answer that cannot be read. Try again in a "
                             "moment."));
        default:
          break;
        }
    }

  return g_strdup (error->message);
}

static void
ca_application_set_service_error (CaApplication *self,
                                  const char    *message)
{
  if (set_str (&self->service_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_ERROR]);
}

static void
ca_application_set_profile_complete (CaApplication *self,
                                     gboolean       complete)
{
  if (self->profile_complete == complete)
    return;
  self->profile_complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_COMPLETE]);
}

/* Logged out when @email is NULL; @info is the service's answer to the login. */
static void
ca_application_set_account (CaApplication       *self,
                            const char          *email,
                            const CaSessionInfo *info)
{
  /* Notified last, so that whoever follows the e-mail sees the profile state already. */
  ca_application_set_profile_complete (self, email != NULL && info != NULL
                                             && info->profile_complete);
  if (set_str (&self->account_email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_EMAIL]);
}

/* Session */

static void
session_expired_cb (CaApplication *self,
                    CaClient      *client)
{
  g_assert (CA_IS_APPLICATION (self));

  if (self->account_email == NULL)
    return;
  ca_application_set_account (self, NULL, NULL);
  g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

static void
silent_clear_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ca_credentials_clear_finish (result, &error))
    g_debug ("Could not forget the stored password: %s", error->message);
}

static void
silent_login_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CaClient *client = CA_CLIENT (object);

  info = ca_client_login_finish (client, result, &error);
  if (info == NULL)
    {
      /* A password changed elsewhere would fail at every start: forget it. */
      if (g_error_matches (error, CA_ERROR, CA_ERROR_INVALID_CREDENTIALS))
        ca_credentials_clear_async (ca_client_get_base_url (client), NULL,
                                    silent_clear_cb, NULL);
      g_debug ("Logging in with the stored password failed: %s", error->message);
      return;
    }

  if (client == self->client)
    ca_application_set_account (self, ca_client_get_email (client), info);
}

static void
silent_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  char *password = NULL;

  if (!ca_credentials_lookup_finish (result, &email, &password, &error))
    {
      if (error != NULL)
        g_debug ("No stored password: %s", error->message);
      return;
    }

  if (self->client != NULL && self->account_email == NULL)
    ca_client_login_async (self->client, email, password, self->service_cancellable,
                           silent_login_cb, g_object_ref (self));
  secret_password_free (password);
}

/* What waits for the window's first frame (the embedded service, the silent login) waits
 * this long at most: a window that shows nothing for this long has not been painted. */
#define FRAME_WAIT_MS 1000

static gboolean
frame_wait_cb (gpointer user_data)
{
  CaApplication *self = user_data;

  self->frame_wait_id = 0;
  ca_application_window_painted (self);  /* as good as */
  return G_SOURCE_REMOVE;
}

static void
ca_application_wait_for_frame (CaApplication *self)
{
  if (!self->painted && self->frame_wait_id == 0)
    self->frame_wait_id = g_timeout_add (FRAME_WAIT_MS, frame_wait_cb, self);
}

/* Asking the keyring wakes its daemon, and libsecret's D-Bus proxies take the main thread:
 * both would slow the first frame down, which the answer, coming after a log-in on the
 * service, could not change. So the silent login waits for that frame. */
static void
ca_application_try_silent_login (CaApplication *self)
{
  g_assert (CA_IS_APPLICATION (self));

  self->login_waits = FALSE;
  /* On a public computer the keyring is never touched. */
  if (self->public_computer || self->client == NULL)
    return;
  if (!self->painted)
    {
      self->login_waits = TRUE;
      ca_application_wait_for_frame (self);
      return;
    }

  ca_credentials_lookup_async (ca_client_get_base_url (self->client),
                               self->service_cancellable,
                               silent_lookup_cb, g_object_ref (self));
}

/* Service */

static gboolean build_window_cb (gpointer user_data);

static void
ca_application_set_client (CaApplication *self,
                           CaClient      *client)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    g_clear_signal_handler (&self->session_expired_id, self->client);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      self->session_expired_id = g_signal_connect_object (client, "session-expired",
                                                          G_CALLBACK (session_expired_cb),
                                                          self, G_CONNECT_SWAPPED);
      /* The catalogue is on its way while the window is built; the search page's own call
       * then shares this request. */
      ca_client_get_catalogue_async (client, NULL, NULL, NULL);
    }
  ca_application_set_account (self, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  /* A window waiting for the service is built at once */
  if (client != NULL && self->build_window_id != 0)
    {
      g_clear_handle_id (&self->build_window_id, g_source_remove);
      build_window_cb (self);
    }
}

static gboolean
ca_application_uses_embedded_service (CaApplication *self)
{
  return self->service_url == NULL || self->service_url[0] == '\0';
}

/* Nothing is written on a public computer. Each service has a cache of its own: the window
 * shows the cached catalogue before the service confirms it, and the demonstration's must
 * never stand for another service's, not even for that moment. The embedded service listens
 * on a new port at each start: it goes by its name, the others by their address. */
static char *
ca_application_get_cache_dir (CaApplication *self)
{
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;

  if (self->public_computer)
    return NULL;
  if (ca_application_uses_embedded_service (self))
    return g_build_filename (g_get_user_cache_dir (), "cours-adultes", "embedded", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->service_url, -1);
  name = g_strdup_printf ("service-%.16s", digest);
  return g_build_filename (g_get_user_cache_dir (), "cours-adultes", name, NULL);
}

/* The embedded service's folder: its database and its mails. */
static char *
ca_application_get_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "cours-adultes", NULL);
}

/* The embedded service's first start on a database, with the demonstration catalogue: what it
 * will serve is known before it starts (ca-demo.h), and shows meanwhile. A public computer's
 * service starts on a new database each time. */
static const char *
ca_application_get_demo_summary (CaApplication *self)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *database = NULL;
  const char *summary_path;

  if (!ca_application_uses_embedded_service (self))
    return NULL;
  summary_path = ca_demo_summary_path ();
  if (summary_path == NULL || !g_file_test (summary_path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  if (self->public_computer)
    return summary_path;
  data_dir = ca_application_get_data_dir ();
  database = g_build_filename (data_dir, CA_SERVICE_DATABASE, NULL);
  return g_file_test (database, G_FILE_TEST_EXISTS) ? NULL : summary_path;
}

/* The catalogue's disk cache is read and decoded on a thread of its own while GTK starts
 * (the other processor is then mostly idle), rather than on the main thread when the
 * service's address comes, in the middle of building the window. */
struct _CacheRead
{
  char        *cache_dir;
  char        *summary_path;  /* read when the cache holds nothing (ca-demo.h) */
  CaCatalogue *catalogue;
  char        *etag;
  GBytes      *body;          /* the summary's catalogue, which the cache does not hold */
};

static void
cache_read_free (CacheRead *read)
{
  g_free (read->cache_dir);
  g_free (read->summary_path);
  g_clear_object (&read->catalogue);
  g_free (read->etag);
  g_clear_pointer (&read->body, g_bytes_unref);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CacheRead, cache_read_free)

static gpointer
read_cache_thread (gpointer data)
{
  CacheRead *read = data;
  g_autoptr(GError) error = NULL;

  if (read->cache_dir != NULL)
    read->catalogue = ca_client_read_catalogue_cache (read->cache_dir, &read->etag, NULL);
  if (read->catalogue == NULL && read->summary_path != NULL)
    {
      g_clear_pointer (&read->etag, g_free);
      read->catalogue = ca_demo_read_summary (read->summary_path,
                                              g_get_real_time () / G_USEC_PER_SEC,
                                              &read->body, &read->etag, &error);
      if (read->catalogue == NULL)
        g_debug ("The demonstration catalogue's summary is not shown: %s", error->message);
    }
  return read;
}

/* Returns whether there is a catalogue to read (whether it can be used is known once read). */
static gboolean
ca_application_start_reading_cache (CaApplication *self)
{
  CacheRead *read;
  char *cache_dir = ca_application_get_cache_dir (self);
  const char *summary_path = ca_application_get_demo_summary (self);

  if (cache_dir == NULL && summary_path == NULL)
    return FALSE;
  read = g_new0 (CacheRead, 1);
  read->cache_dir = cache_dir;
  read->summary_path = g_strdup (summary_path);
  self->cache_reader = g_thread_new ("ca-catalogue-cache", read_cache_thread, read);
  return summary_path != NULL || ca_client_has_catalogue_cache (cache_dir);
}

/* Started long before, the reader is done by now: joining it does not wait. */
static CacheRead *
ca_application_finish_reading_cache (CaApplication *self)
{
  GThread *thread = g_steal_pointer (&self->cache_reader);

  return thread != NULL ? g_thread_join (thread) : g_steal_pointer (&self->cache_read);
}

static CaClient *
ca_application_create_client (CaApplication *self,
                              const char    *url)
{
  g_autofree char *cache_dir = ca_application_get_cache_dir (self);
  g_autoptr(CacheRead) read = ca_application_finish_reading_cache (self);

  /* The first client takes what was read at start-up; later ones (a service started again)
   * read the cache as it is then. */
  if (read != NULL && g_strcmp0 (read->cache_dir, cache_dir) == 0)
    return ca_client_new_with_catalogue (url, cache_dir, read->catalogue, read->etag,
                                         read->body);
  return ca_client_new (url, cache_dir);
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;
  g_autoptr(CaClient) client = CA_CLIENT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->checked_client == client)
    g_clear_object (&self->checked_client);
  if (!ca_client_health_finish (client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = ca_application_describe_error (error);
      ca_application_set_service_error (self, message);
      return;
    }

  ca_application_set_client (self, client);
  ca_application_try_silent_login (self);
}

static void
launcher_start_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CaClient) client = NULL;

  url = ca_service_launcher_start_finish (CA_SERVICE_LAUNCHER (object), result, &error);
  if (url == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("The embedded service could not start: %s", error->message);
      ca_application_set_service_error (self, error->message);
      return;
    }

  g_debug ("Embedded service ready at %s", url);
  client = ca_application_create_client (self, url);
  ca_application_set_client (self, client);
  ca_application_try_silent_login (self);
}

static void
launcher_exited_cb (CaApplication *self,
                    const char    *reason,
                    gpointer       launcher)
{
  g_assert (CA_IS_APPLICATION (self));

  if (self->shutting_down)
    return;
  ca_application_set_client (self, NULL);
  ca_application_set_service_error (self, reason);
}

/* On a public computer the service keeps its database and mails in a temporary folder,
 * deleted when it stops: the next person finds nothing of the previous one. */
static gboolean
ca_application_create_launcher (CaApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->public_computer)
    {
      self->launcher = ca_service_launcher_new_temporary (&error);
      if (self->launcher == NULL)
        {
          ca_application_set_service_error (self, error->message);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *data_dir = ca_application_get_data_dir ();

      self->launcher = ca_service_launcher_new (data_dir);
    }
  g_signal_connect_object (self->launcher, "exited", G_CALLBACK (launcher_exited_cb),
                           self, G_CONNECT_SWAPPED);
  return TRUE;
}

static void
ca_application_start_service (CaApplication *self)
{
  g_assert (CA_IS_APPLICATION (self));

  self->service_waits = FALSE;

  /* Whatever the previous attempt still waits for is of no interest any more. */
  g_cancellable_cancel (self->service_cancellable);
  g_clear_object (&self->service_cancellable);
  self->service_cancellable = g_cancellable_new ();
  ca_application_set_service_error (self, NULL);

  if (ca_application_uses_embedded_service (self))
    {
      if (self->launcher == NULL && !ca_application_create_launcher (self))
        return;
      if (!ca_service_launcher_is_running (self->launcher))
        ca_service_launcher_start_async (self->launcher, self->service_cancellable,
                                         launcher_start_cb, g_object_ref (self));
      return;
    }

  /* A configured service: make sure it answers before showing anything that needs it (its
   * cached catalogue shows meanwhile). The new client is handed to health_cb (), which owns
   * it. */
  g_set_object (&self->checked_client, ca_application_create_client (self, self->service_url));
  ca_client_health_async (self->checked_client, self->service_cancellable, health_cb,
                          g_object_ref (self));
}

/* With the last start's catalogue in the disk cache, or on the service's first start with the
 * demonstration catalogue (its summary), the window can show « Rechercher » before the
 * embedded service is there, and the service starts once the first frame is painted:
 * starting it meanwhile slows the window down (its start takes the other processor, which
 * GTK's own threads and the display server want then); see FRAME_WAIT_MS. */

/* Once GTK is up, the reader has long decoded the cache (or the summary): one that cannot be
 * used after all leaves nothing to show without the service, which then starts at once. */
static void
ca_application_confirm_service_wait (CaApplication *self)
{
  if (!self->service_waits)
    return;
  self->cache_read = ca_application_finish_reading_cache (self);
  if (self->cache_read == NULL || self->cache_read->catalogue == NULL)
    {
      ca_application_start_service (self);
      return;
    }
  ca_application_wait_for_frame (self);
}

void
ca_application_window_painted (CaApplication *self)
{
  g_return_if_fail (CA_IS_APPLICATION (self));

  if (self->painted || self->shutting_down)
    return;
  self->painted = TRUE;
  g_clear_handle_id (&self->frame_wait_id, g_source_remove);
  if (self->service_waits)
    ca_application_start_service (self);
  if (self->login_waits)
    ca_application_try_silent_login (self);
}

CaCatalogue *
ca_application_get_waiting_catalogue (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);

  if (self->client != NULL || self->service_error != NULL)
    return NULL;
  if (self->service_waits && self->cache_read != NULL)
    return self->cache_read->catalogue;
  if (self->checked_client != NULL)
    return ca_client_get_cached_catalogue (self->checked_client);
  return NULL;
}

void
ca_application_restart_service (CaApplication *self)
{
  g_return_if_fail (CA_IS_APPLICATION (self));

  ca_application_set_client (self, NULL);
  ca_application_start_service (self);
}

/* On a public computer, the embedded service of the person who logged out goes with its
 * folder; the next person gets a new one. */
static void
renew_stopped_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;

  ca_service_launcher_stop_finish (CA_SERVICE_LAUNCHER (object), result, NULL);
  if (self->launcher != CA_SERVICE_LAUNCHER (object) || self->shutting_down)
    return;
  g_clear_object (&self->launcher);
  ca_application_start_service (self);
}

static void
ca_application_renew_service (CaApplication *self)
{
  if (self->launcher == NULL || self->shutting_down)
    return;
  ca_application_set_client (self, NULL);
  ca_service_launcher_stop_async (self->launcher, QUIT_TIMEOUT_MS, renew_stopped_cb,
                                  g_object_ref (self));
}

/* Quitting */

static void
quit_stopped_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;

  ca_service_launcher_stop_finish (CA_SERVICE_LAUNCHER (object), result, NULL);
  g_debug ("The embedded service stopped");
  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

static void
ca_application_stop_service_and_quit (CaApplication *self)
{
  g_cancellable_cancel (self->service_cancellable);
  ca_application_set_client (self, NULL);

  if (self->launcher != NULL && ca_service_launcher_is_running (self->launcher))
    {
      ca_service_launcher_stop_async (self->launcher, QUIT_TIMEOUT_MS,
                                      quit_stopped_cb, g_object_ref (self));
      return;
    }

  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

static void
quit_logged_out_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CaApplication) self = user_data;

  ca_client_logout_finish (CA_CLIENT (object), result, NULL);
  ca_application_stop_service_and_quit (self);
}

static gboolean
cancel_timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Once the last window is gone: on a public computer the session ends with the application;
 * then the embedded service stops. The application stays alive until both are done. */
static void
ca_application_shut_down (CaApplication *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (self->shutting_down)
    return;
  self->shutting_down = TRUE;
  g_application_hold (G_APPLICATION (self));

  if (!self->public_computer || self->client == NULL || !ca_client_is_logged_in (self->client))
    {
      ca_application_stop_service_and_quit (self);
      return;
    }

  cancellable = g_cancellable_new ();
  g_timeout_add_full (G_PRIORITY_DEFAULT, QUIT_TIMEOUT_MS, cancel_timeout_cb,
                      g_object_ref (cancellable), g_object_unref);
  ca_client_logout_async (self->client, cancellable, quit_logged_out_cb, g_object_ref (self));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CaApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  /* Closing lets each window save its size; the last one gone shuts the application down.
   * A window not shown yet (it waits a moment for the catalogue) has nothing to save, and
   * GTK ignores closing it: it is destroyed. */
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (gtk_widget_get_realized (l->data))
        gtk_window_close (l->data);
      else
        gtk_window_destroy (l->data);
    }

  if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
    ca_application_shut_down (self);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "Cours d'Adultes de Paris contributors", NULL };

  adw_show_about_window (window,
                         "application-name", _("Cours d'Adultes de Paris"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Apply to the adult courses of the City of Paris"),
                         "developer-name", _("Cours d'Adultes de Paris contributors"),
                         "developers", developers,
                         "website", "https://scap.paris.fr",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
};

static gboolean
unix_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

/* What AdwApplication does with a resource base path, for the one style sheet there is. */
static void
ca_application_load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/fr/paris/CoursAdultes/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* GApplication */

static void
ca_application_startup (GApplication *app)
{
  CaApplication *self = CA_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.refresh", { "F5", NULL } },
    { "win.back", { "<Alt>Left", NULL } },
    { "win.show-place::contact", { "F1", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  /* Command-line options win over the settings. */
  if (self->service_url == NULL)
    self->service_url = g_settings_get_string (self->settings, "service-url");
  if (!self->public_computer)
    self->public_computer = g_settings_get_boolean (self->settings, "public-computer");

  /* Before anything starts: a SIGTERM during start-up must stop the service too. */
  g_unix_signal_add (SIGTERM, unix_signal_cb, self);
  g_unix_signal_add (SIGINT, unix_signal_cb, self);

  /* Without a catalogue to show (cached, or the demonstration's summary), the service starts
   * on the other core while GTK initialises and the window is built: it needs nothing from
   * GTK, and neither does reading that catalogue. With one, the embedded service waits for
   * the first frame. */
  if (ca_application_start_reading_cache (self) && ca_application_uses_embedded_service (self))
    self->service_waits = TRUE;
  else
    ca_application_start_service (self);

  /* GTK reads the icon theme in a thread as soon as the display has one, which adw_init ()
   * asks for at once, to add libadwaita's icons to it. Nothing may change the theme's paths
   * afterwards: GTK would throw away what it read, read it again on the main thread at the
   * first icon shown, in the middle of the first frame, and restyle the window. So libadwaita
   * is initialised here, first (the parent's start-up would do it only after GtkApplication's
   * part), and there is no resource base path (see ca_application_constructed ()). */
  adw_init ();
  G_APPLICATION_CLASS (ca_application_parent_class)->startup (app);
  ca_application_load_style ();
  ca_application_confirm_service_wait (self);
  /* Read on the other core while the window is built. */
  ca_font_preload_start ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);
}

static gboolean
build_window_cb (gpointer user_data)
{
  CaApplication *self = user_data;

  self->build_window_id = 0;
  if (!self->shutting_down)
    ca_window_present_when_ready (ca_window_new (self));
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
ca_application_activate (GApplication *app)
{
  CaApplication *self = CA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (self->build_window_id != 0)
    return;
  if (self->client != NULL || self->service_error != NULL
      || ca_application_get_waiting_catalogue (self) != NULL)
    {
      ca_window_present_when_ready (ca_window_new (self));
      return;
    }
  /* The service has usually said where it listens by now: reading that first, the request
   * for the catalogue goes before the window is built and its answer comes meanwhile. The
   * window is built as soon as the request is out, or when nothing else is to be done. */
  g_application_hold (app);
  self->build_window_id = g_idle_add (build_window_cb, self);
}

static int
ca_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CaApplication *self = CA_APPLICATION (app);
  const char *url = NULL;

  if (g_variant_dict_lookup (options, "service-url", "&s", &url))
    set_str (&self->service_url, url);
  if (g_variant_dict_contains (options, "public-computer"))
    self->public_computer = TRUE;

  return -1;
}

static void
ca_application_window_removed (GtkApplication *app,
                               GtkWindow      *window)
{
  CaApplication *self = CA_APPLICATION (app);

  GTK_APPLICATION_CLASS (ca_application_parent_class)->window_removed (app, window);

  if (gtk_application_get_windows (app) == NULL)
    ca_application_shut_down (self);
}

/* GObject */

static void
ca_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (ca_application_parent_class)->constructed (object);

  /* No base path: GtkApplication would add its icons/ folder to the icon theme after GTK
   * started reading it (see ca_application_startup ()), for no icon: the app ships none
   * there, nor menus, nor gtk/help-overlay.ui. Its style sheet is loaded in
   * ca_application_startup (), for every app id (.Devel, tests). */
  g_application_set_resource_base_path (G_APPLICATION (object), NULL);
}

static void
ca_application_dispose (GObject *object)
{
  CaApplication *self = CA_APPLICATION (object);

  g_clear_handle_id (&self->build_window_id, g_source_remove);
  g_clear_handle_id (&self->frame_wait_id, g_source_remove);
  ca_font_preload_finish ();
  if (self->cache_reader != NULL || self->cache_read != NULL)
    cache_read_free (ca_application_finish_reading_cache (self));
  g_cancellable_cancel (self->service_cancellable);
  if (self->client != NULL)
    g_clear_signal_handler (&self->session_expired_id, self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->checked_client);
  g_clear_object (&self->launcher);
  g_clear_object (&self->service_cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ca_application_parent_class)->dispose (object);
}

static void
ca_application_finalize (GObject *object)
{
  CaApplication *self = CA_APPLICATION (object);

  g_free (self->service_url);
  g_free (self->service_error);
  g_free (self->account_email);

  G_OBJECT_CLASS (ca_application_parent_class)->finalize (object);
}

static void
ca_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaApplication *self = CA_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SERVICE_URL:
      g_value_set_string (value, self->service_url);
      break;
    case PROP_PUBLIC_COMPUTER:
      g_value_set_boolean (value, self->public_computer);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, ca_application_is_demo (self));
      break;
    case PROP_SERVICE_ERROR:
      g_value_set_string (value, self->service_error);
      break;
    case PROP_ACCOUNT_EMAIL:
      g_value_set_string (value, self->account_email);
      break;
    case PROP_PROFILE_COMPLETE:
      g_value_set_boolean (value, self->profile_complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CaApplication *self = CA_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SERVICE_URL:
      set_str (&self->service_url, g_value_get_string (value));
      break;
    case PROP_PUBLIC_COMPUTER:
      self->public_computer = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_application_class_init (CaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  /* Referencing the resources keeps them, and the constructor that registers them, in the
   * program when it links this static library. */
  (void) ca_get_resource ();

  object_class->constructed = ca_application_constructed;
  object_class->dispose = ca_application_dispose;
  object_class->finalize = ca_application_finalize;
  object_class->get_property = ca_application_get_property;
  object_class->set_property = ca_application_set_property;

  app_class->startup = ca_application_startup;
  app_class->activate = ca_application_activate;
  app_class->handle_local_options = ca_application_handle_local_options;

  gtk_app_class->window_removed = ca_application_window_removed;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         CA_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Set before startup (tests, --service-url) it wins over the setting. */
  properties[PROP_SERVICE_URL] =
    g_param_spec_string ("service-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLIC_COMPUTER] =
    g_param_spec_boolean ("public-computer", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE_ERROR] =
    g_param_spec_string ("service-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_EMAIL] =
    g_param_spec_string ("account-email", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_COMPLETE] =
    g_param_spec_boolean ("profile-complete", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The password could not be remembered; the argument is a sentence for the person. */
  signals[KEYRING_ERROR] = g_signal_new ("keyring-error",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The service refused the token: the person must log in again. */
  signals[SESSION_EXPIRED] = g_signal_new ("session-expired",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
}

static const GOptionEntry option_entries[] = {
  { "service-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Address of the Cours d'Adultes service (instead of the demonstration service)"),
    N_("URL") },
  { "public-computer", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Public computer mode: remember nothing, end the session on quit"), NULL },
  { NULL }
};

static void
ca_application_init (CaApplication *self)
{
  self->settings = g_settings_new (APP_ID_BASE);
  self->service_cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/* Each frame is drawn into a new image as large as what changed (4 MB for a 1280×800 window),
 * which glibc maps afresh and gives back to the system once freed: the next frame faulted it
 * in again page by page, up to a third of its time. Large blocks now come from the heap,
 * which keeps them for the next frame unless more than 32 MB are free. */
void
ca_application_tune_memory (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#endif
}

CaApplication *
ca_application_new (void)
{
  return g_object_new (CA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

CaClient *
ca_application_get_client (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);

  return self->client;
}

gboolean
ca_application_get_public_computer (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), FALSE);

  return self->public_computer;
}

gboolean
ca_application_is_demo (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), FALSE);

  return ca_application_uses_embedded_service (self);
}

const char *
ca_application_get_mail_dir (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);

  return self->launcher != NULL ? ca_service_launcher_get_mail_dir (self->launcher) : NULL;
}

const char *
ca_application_get_service_error (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);

  return self->service_error;
}

gboolean
ca_application_get_profile_complete (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), FALSE);

  return self->profile_complete;
}

void
ca_application_profile_completed (CaApplication *self)
{
  g_return_if_fail (CA_IS_APPLICATION (self));

  if (self->account_email != NULL)
    ca_application_set_profile_complete (self, TRUE);
}

const char *
ca_application_get_account_email (CaApplication *self)
{
  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);

  return self->account_email;
}

/* Log in */

typedef struct
{
  char     *email;
  char     *password;
  gboolean  remember;
} LogIn;

static void
log_in_free (LogIn *log_in)
{
  g_free (log_in->email);
  secret_password_free (log_in->password);
  g_free (log_in);
}

static void
log_in_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CaApplication *self = g_task_get_source_object (task);

  if (!ca_credentials_store_finish (result, &error))
    {
      g_autofree char *message = NULL;

      g_debug ("Could not store the password: %s", error->message);
      message = g_strdup (_("Logged in, but your password could not be remembered on this "
                            "computer: no keyring is available."));
      g_signal_emit (self, signals[KEYRING_ERROR], 0, message);
    }
  g_task_return_boolean (task, TRUE);
}

/* Completes a log-in or log-out task once the keyring forgot the password: a keyring that
 * cannot be reached has nothing to forget. */
static void
credentials_cleared_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ca_credentials_clear_finish (result, &error))
    g_debug ("Could not forget the stored password: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
log_in_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CaSessionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  CaApplication *self = g_task_get_source_object (task);
  CaClient *client = CA_CLIENT (object);
  LogIn *log_in = g_task_get_task_data (task);
  const char *server = ca_client_get_base_url (client);

  info = ca_client_login_finish (client, result, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (client == self->client)
    ca_application_set_account (self, ca_client_get_email (client)
                                      ? ca_client_get_email (client) : log_in->email,
                                info);

  /* The keyring is never touched on a public computer. */
  if (self->public_computer)
    g_task_return_boolean (task, TRUE);
  else if (log_in->remember)
    ca_credentials_store_async (server, log_in->email, log_in->password, NULL,
                                log_in_stored_cb, g_steal_pointer (&task));
  else
    ca_credentials_clear_async (server, NULL, credentials_cleared_cb, g_steal_pointer (&task));
}

void
ca_application_log_in_async (CaApplication       *self,
                             const char          *email,
                             const char          *password,
                             gboolean             remember,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LogIn *log_in;

  g_return_if_fail (CA_IS_APPLICATION (self));
  g_return_if_fail (email != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_application_log_in_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, CA_ERROR, CA_ERROR_NETWORK, "%s",
                               self->service_error ? self->service_error
                                                   : _("The service is not ready yet."));
      return;
    }

  log_in = g_new0 (LogIn, 1);
  log_in->email = g_strdup (email);
  log_in->password = g_strdup (password);
  log_in->remember = remember;
  g_task_set_task_data (task, log_in, (GDestroyNotify) log_in_free);

  ca_client_login_async (self->client, email, password, cancellable,
                         log_in_cb, g_steal_pointer (&task));
}

gboolean
ca_application_log_in_finish (CaApplication  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Log out */

static void
log_out_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CaApplication *self = g_task_get_source_object (task);
  CaClient *client = CA_CLIENT (object);

  if (!ca_client_logout_finish (client, result, &error))
    g_debug ("The service could not revoke the session: %s", error->message);

  if (self->public_computer)
    {
      ca_application_renew_service (self);
      g_task_return_boolean (task, TRUE);
    }
  else
    ca_credentials_clear_async (ca_client_get_base_url (client), NULL,
                                credentials_cleared_cb, g_steal_pointer (&task));
}

void
ca_application_log_out_async (CaApplication       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_application_log_out_async);

  /* Logged out here at once, whatever the service answers. */
  ca_application_set_account (self, NULL, NULL);

  if (self->client == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  ca_client_logout_async (self->client, cancellable, log_out_cb, g_steal_pointer (&task));
}

gboolean
ca_application_log_out_finish (CaApplication  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
