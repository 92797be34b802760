/* ca-server-main.c — cours-adultes-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include <dirent.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ca-server.h"

#define EXIT_USAGE 2

#ifdef __SANITIZE_ADDRESS__
/* libsoup 3.2 loses the request path (soup_headers_parse_request () → parse_headers ()) when
 * a request's Content-Length is not a number; newer libsoup frees it. Only that leak is
 * ignored, so that LeakSanitizer still reports every other one.
 *
 * soup_headers_parse_request () is not the allocating frame: it sits a few frames up, past
 * g_strndup () and frames the fast unwinder cannot walk, so the suppression only matches when
 * the process runs with ASAN_OPTIONS=fast_unwind_on_malloc=0. That unwinder is too slow for
 * every test, so tests/server/test_health_errors.py turns it on for the one test class that
 * sends such a request (PayloadTooLarge, through caharness.Server's asan_options). */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:soup_headers_parse_request\n";
}
#endif

static gboolean
stop_cb (gpointer user_data)
{
  CaServer *server = user_data;

  g_message ("stopping");
  ca_server_stop (server);

  return G_SOURCE_CONTINUE;
}

/* The embedded service must not outlive the application that started it. */
/* @expected: the parent's pid as it said it (--parent-pid), or 0. */
static void
die_with_parent (pid_t expected)
{
  pid_t parent = getppid ();

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may have died before prctl (): then we are already orphaned. Only a parent
   * that said who it is can be told from whoever adopted us when it died even before the
   * first getppid (). */
  if (getppid () != parent || (expected > 0 && parent != expected))
    raise (SIGTERM);
}

/* The application spawns its embedded service the fast way, without closing its own
 * descriptors in the child (they are close-on-exec, but whoever started the application may
 * have left others open): none of them is the service's business. */
static void
close_inherited_descriptors (void)
{
  DIR *dir;
  struct dirent *entry;
  g_autoptr(GArray) inherited = NULL;

#ifdef SYS_close_range
  if (syscall (SYS_close_range, 3U, ~0U, 0U) == 0)
    return;
#endif

  /* Kernels before 5.9 */
  dir = opendir ("/proc/self/fd");
  if (dir == NULL)
    return;
  inherited = g_array_new (FALSE, FALSE, sizeof (int));
  while ((entry = readdir (dir)) != NULL)
    {
      int fd = atoi (entry->d_name);

      if (fd > 2 && fd != dirfd (dir))
        g_array_append_val (inherited, fd);
    }
  closedir (dir);
  for (guint i = 0; i < inherited->len; i++)
    close (g_array_index (inherited, int, i));
}

static gboolean
warm_index_cb (gpointer data)
{
  CaServer *server = data;
  g_autoptr(GError) error = NULL;
  CaIndex *index = ca_server_get_index (server, &error);

  /* A failure here is the first request's to report, with its own error code. */
  if (index == NULL)
    g_debug ("catalogue index not built yet: %s", error->message);
  else
    ca_index_unref (index);

  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  CaServerOptions opts = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaServer) server = NULL;
  g_autofree char *url = NULL;
  int idle = CA_DEFAULT_SESSION_IDLE_TIMEOUT;
  int back_office = 0;
  int parent_pid = 0;
  int port = -1;
  g_autofree char *write_demo_database = NULL;
  g_autofree char *write_demo_summary = NULL;
  guint term_source, int_source;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on (0 picks a free one)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opts.db_path, "SQLite database (created if missing)",
      "FILE" },
    { "mail-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.mail_dir,
      "Directory where each mail is written as one RFC 5322 file", "DIR" },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &opts.public_url,
      "Address people reach the service at (default: the listening address)", "URL" },
    { "demo-catalogue", 0, 0, G_OPTION_ARG_NONE, &opts.demo_catalogue,
      "Load the demonstration catalogue into an empty database", NULL },
    { "testing", 0, 0, G_OPTION_ARG_NONE, &opts.testing,
      "Testing mode: captcha answers in X-Captcha-Answer, PayFiP test mode (saisie=T)", NULL },
    { "payfip-url", 0, 0, G_OPTION_ARG_STRING, &opts.payfip_url,
      "PayFiP payment page (default: the built-in simulator)", "URL" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &opts.listen_address,
      "Address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "session-idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle,
      "Seconds without activity after which a session token expires (default 7200)", "SECONDS" },
    { "exit-with-parent", 0, 0, G_OPTION_ARG_NONE, &opts.exit_with_parent,
      "Stop when the parent process exits", NULL },
    { "parent-pid", 0, 0, G_OPTION_ARG_INT, &parent_pid,
      "With --exit-with-parent: the parent's process id, to stop at once if it is gone already",
      "PID" },
    { "demo-back-office", 0, 0, G_OPTION_ARG_INT, &back_office,
      "Demonstration: convoke, then accept, each confirmed candidature after SECONDS", "SECONDS" },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &opts.quiet, "Do not log each request", NULL },
    { "durable", 0, 0, G_OPTION_ARG_NONE, &opts.durable,
      "Sync every write to disk: no acknowledged write lost even on a power cut (slower)",
      NULL },
    { "write-demo-database", 0, 0, G_OPTION_ARG_FILENAME, &write_demo_database,
      "Write a database holding only the demonstration catalogue, which first starts with "
      "--demo-catalogue copy, then exit", "FILE" },
    { "write-demo-summary", 0, 0, G_OPTION_ARG_FILENAME, &write_demo_summary,
      "With --write-demo-database: also write the catalogue a service started on that database "
      "serves, for the application to show before its service is there", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— the Cours d'Adultes de Paris reference service");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cours-adultes-server: %s\n", error->message);
      ca_server_options_clear (&opts);
      return EXIT_USAGE;
    }

  if (write_demo_summary != NULL && write_demo_database == NULL)
    {
      g_printerr ("cours-adultes-server: --write-demo-summary needs --write-demo-database\n");
      ca_server_options_clear (&opts);
      return EXIT_USAGE;
    }
  if (write_demo_database != NULL)
    {
      ca_server_options_clear (&opts);
      if (argc > 1 || !ca_server_write_demo_database (write_demo_database, write_demo_summary,
                                                      &error))
        {
          g_printerr ("cours-adultes-server: %s\n",
                      argc > 1 ? "unexpected argument" : error->message);
          return argc > 1 ? EXIT_USAGE : EXIT_FAILURE;
        }
      return EXIT_SUCCESS;
    }

  if (port < 0 || port > 65535 || opts.db_path == NULL || opts.mail_dir == NULL || idle <= 0
      || back_office < 0 || argc > 1)
    {
      g_printerr ("cours-adultes-server: %s\n",
                  argc > 1 ? "unexpected argument"
                  : port < 0 || port > 65535 ? "--port N (0–65535) is required"
                  : opts.db_path == NULL ? "--db FILE is required"
                  : opts.mail_dir == NULL ? "--mail-dir DIR is required"
                  : idle <= 0 ? "--session-idle-timeout must be positive"
                  : "--demo-back-office must be positive");
      ca_server_options_clear (&opts);
      return EXIT_USAGE;
    }

  if (opts.exit_with_parent)
    {
      die_with_parent (parent_pid > 0 ? (pid_t) parent_pid : 0);
      close_inherited_descriptors ();
    }

  opts.port = port;
  opts.session_idle_timeout = idle;
  opts.demo_back_office = back_office;

  server = ca_server_new (&opts, &error);
  if (server == NULL || !ca_server_listen (server, &error))
    {
      g_printerr ("cours-adultes-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  server->loop = g_main_loop_new (NULL, FALSE);
  term_source = g_unix_signal_add (SIGTERM, stop_cb, server);
  int_source = g_unix_signal_add (SIGINT, stop_cb, server);

  url = ca_server_get_listen_url (server);
  printf ("listening on %s\n", url);
  fflush (stdout);
  /* On a first start the import takes a while: whoever started the service learns the
   * address first and gets ready meanwhile; its requests wait until the catalogue is in. */
  if (!ca_server_load_demo_catalogue (server, &error))
    {
      g_printerr ("cours-adultes-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  /* The catalogue's index is built now, while the client is still starting, rather than on
   * its first request. */
  g_idle_add_full (G_PRIORITY_HIGH, warm_index_cb, server, NULL);

  g_main_loop_run (server->loop);

  g_source_remove (term_source);
  g_source_remove (int_source);
  g_message ("stopped");

  return EXIT_SUCCESS;
}
