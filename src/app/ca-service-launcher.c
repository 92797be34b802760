/* ca-service-launcher.c — the embedded demonstration service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServiceLauncher"

#include <signal.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ca-files.h"
#include "ca-service-launcher.h"

#define TAIL_LINES 6
/* After the process is gone, how long to wait for the rest of what it wrote. */
#define DRAIN_GRACE_MS 300

/* One spawned process. Callbacks hold references, so a run outlives its launcher safely. */
typedef struct
{
  CaServiceLauncher *launcher;      /* NULL once the launcher dropped the run */
  GSubprocess       *process;
  GDataInputStream  *out;
  GDataInputStream  *err;
  GCancellable      *readers;
  GTask             *start_task;
  GPtrArray         *stop_tasks;
  GQueue             tail;
  guint              start_timeout_id;
  guint              kill_timeout_id;
  guint              drain_timeout_id;
  gboolean           ready;
  gboolean           exited;
  gboolean           err_eof;
  gboolean           finished;
  gboolean           stopping;
  gboolean           timed_out;
} Run;

struct _CaServiceLauncher
{
  GObject   parent_instance;

  char     *data_dir;
  char     *mail_dir;
  gboolean  temporary;  /* data_dir is deleted once the service stopped */
  Run      *run;
};

G_DEFINE_FINAL_TYPE (CaServiceLauncher, ca_service_launcher, G_TYPE_OBJECT)

enum {
  EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ca_service_launcher_wipe (CaServiceLauncher *self);

static void
run_clear (Run *run)
{
  g_clear_handle_id (&run->start_timeout_id, g_source_remove);
  g_clear_handle_id (&run->kill_timeout_id, g_source_remove);
  g_clear_handle_id (&run->drain_timeout_id, g_source_remove);
  g_clear_object (&run->process);
  g_clear_object (&run->out);
  g_clear_object (&run->err);
  g_clear_object (&run->readers);
  g_clear_object (&run->start_task);
  g_clear_pointer (&run->stop_tasks, g_ptr_array_unref);
  g_queue_clear_full (&run->tail, g_free);
}

static Run *
run_ref (Run *run)
{
  return g_rc_box_acquire (run);
}

static void
run_unref (Run *run)
{
  g_rc_box_release_full (run, (GDestroyNotify) run_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_unref)

static char *
run_describe_exit (Run *run)
{
  g_autoptr(GString) reason = g_string_new (NULL);

  if (run->timed_out)
    g_string_append_printf (reason,
                            _("The service did not get ready within %d seconds."),
                            CA_SERVICE_LAUNCHER_START_TIMEOUT);
  else if (g_subprocess_get_if_signaled (run->process))
    g_string_append_printf (reason, _("The service was stopped by signal %d."),
                            g_subprocess_get_term_sig (run->process));
  else
    g_string_append_printf (reason, _("The service stopped with exit status %d."),
                            g_subprocess_get_exit_status (run->process));

  for (GList *l = run->tail.head; l != NULL; l = l->next)
    g_string_append_printf (reason, "\n%s", (const char *) l->data);

  return g_string_free (g_steal_pointer (&reason), FALSE);
}

/* Called once the process is gone and what it wrote was read (or the grace delay passed). */
static void
run_finish (Run *run)
{
  g_autofree char *reason = NULL;

  if (run->finished)
    return;
  run->finished = TRUE;
  g_clear_handle_id (&run->drain_timeout_id, g_source_remove);
  g_clear_handle_id (&run->kill_timeout_id, g_source_remove);
  g_clear_handle_id (&run->start_timeout_id, g_source_remove);
  g_cancellable_cancel (run->readers);

  reason = run_describe_exit (run);

  if (run->start_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&run->start_task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", reason);
    }

  /* Stopped on request: a temporary folder goes before anyone hears the service stopped. */
  if (run->stopping && run->launcher != NULL)
    ca_service_launcher_wipe (run->launcher);
  for (guint i = 0; i < run->stop_tasks->len; i++)
    g_task_return_boolean (g_ptr_array_index (run->stop_tasks, i), TRUE);
  g_ptr_array_set_size (run->stop_tasks, 0);

  if (run->ready && !run->stopping && run->launcher != NULL)
    {
      g_warning ("The embedded service stopped: %s", reason);
      g_signal_emit (run->launcher, signals[EXITED], 0, reason);
    }
}

static gboolean
run_drain_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->drain_timeout_id = 0;
  run_finish (run);
  return G_SOURCE_REMOVE;
}

static void
run_wait_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Run) run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;

  if (run->err_eof)
    run_finish (run);
  else if (!run->finished && run->drain_timeout_id == 0)
    run->drain_timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, DRAIN_GRACE_MS,
                                                run_drain_timeout_cb, run_ref (run),
                                                (GDestroyNotify) run_unref);
}

static void
run_read_err_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    NULL, NULL);
  if (line == NULL)
    {
      run->err_eof = TRUE;
      if (run->exited)
        run_finish (run);
      return;
    }

  g_debug ("service: %s", line);
  g_queue_push_tail (&run->tail, g_steal_pointer (&line));
  while (g_queue_get_length (&run->tail) > TAIL_LINES)
    g_free (g_queue_pop_head (&run->tail));

  g_data_input_stream_read_line_async (run->err, G_PRIORITY_DEFAULT, run->readers,
                                       run_read_err_cb, run_ref (run));
}

static void
run_read_out_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    NULL, NULL);
  if (line == NULL)
    return;

  g_debug ("service: %s", line);
  if (!run->ready && g_str_has_prefix (line, "listening on "))
    {
      const char *url = line + strlen ("listening on ");

      run->ready = TRUE;
      g_clear_handle_id (&run->start_timeout_id, g_source_remove);
      if (run->start_task != NULL)
        {
          g_autoptr(GTask) task = g_steal_pointer (&run->start_task);

          g_task_return_pointer (task, g_strstrip (g_strdup (url)), g_free);
        }
    }

  /* Keep reading: a full pipe would block the service. */
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->readers,
                                       run_read_out_cb, run_ref (run));
}

static gboolean
run_start_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->start_timeout_id = 0;
  run->timed_out = TRUE;
  g_subprocess_force_exit (run->process);
  return G_SOURCE_REMOVE;
}

static gboolean
run_kill_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->kill_timeout_id = 0;
  g_debug ("The service ignored SIGTERM; killing it");
  g_subprocess_force_exit (run->process);
  return G_SOURCE_REMOVE;
}

static GDataInputStream *
data_stream_new (GInputStream *base)
{
  GDataInputStream *stream = g_data_input_stream_new (base);

  g_data_input_stream_set_newline_type (stream, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  return stream;
}

static Run *
run_spawn (CaServiceLauncher  *self,
           GError            **error)
{
  g_autoptr(Run) run = g_rc_box_new0 (Run);
  g_autofree char *program = ca_service_launcher_find_program ();
  g_autofree char *db = g_build_filename (self->data_dir, CA_SERVICE_DATABASE, NULL);
  const char *mails = self->mail_dir;

  g_queue_init (&run->tail);
  run->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  run->readers = g_cancellable_new ();
  run->launcher = self;

  if (g_mkdir_with_parents (mails, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder %s: %s"), mails, g_strerror (errsv));
      return NULL;
    }
  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The service program %s is missing."), program);
      return NULL;
    }

  g_autofree char *parent_pid = g_strdup_printf ("%d", (int) getpid ());

  g_debug ("Starting %s", program);
  /* Keeping the descriptors lets GLib spawn with posix_spawn () rather than fork (), which
   * copies the application's page tables: a few milliseconds of start-up. The service closes
   * what it inherits (--exit-with-parent). */
  run->process = g_subprocess_new (G_SUBPROCESS_FLAGS_INHERIT_FDS
                                   | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                   | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   error,
                                   program,
                                   "--port", "0",
                                   "--db", db,
                                   "--mail-dir", mails,
                                   "--demo-catalogue",
                                   "--exit-with-parent",
                                   "--parent-pid", parent_pid,
                                   "--demo-back-office", "30",
                                   NULL);
  if (run->process == NULL)
    return NULL;

  run->out = data_stream_new (g_subprocess_get_stdout_pipe (run->process));
  run->err = data_stream_new (g_subprocess_get_stderr_pipe (run->process));
  return g_steal_pointer (&run);
}

static void
run_watch (Run *run)
{
  g_subprocess_wait_async (run->process, NULL, run_wait_cb, run_ref (run));
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->readers,
                                       run_read_out_cb, run_ref (run));
  g_data_input_stream_read_line_async (run->err, G_PRIORITY_DEFAULT, run->readers,
                                       run_read_err_cb, run_ref (run));
  run->start_timeout_id = g_timeout_add_seconds (CA_SERVICE_LAUNCHER_START_TIMEOUT,
                                                 run_start_timeout_cb, run);
}

static void
ca_service_launcher_wipe (CaServiceLauncher *self)
{
  if (!self->temporary || !g_file_test (self->data_dir, G_FILE_TEST_EXISTS))
    return;
  g_debug ("Deleting the service's temporary folder");
  ca_remove_tree (self->data_dir);
}

static void
ca_service_launcher_drop_run (CaServiceLauncher *self)
{
  g_autoptr(Run) run = g_steal_pointer (&self->run);

  if (run == NULL)
    return;
  run->launcher = NULL;
  if (!run->exited)
    {
      /* Nobody waits any more: ask it to stop, --exit-with-parent covers the rest. */
      run->stopping = TRUE;
      g_subprocess_send_signal (run->process, SIGTERM);
    }
}

static void
ca_service_launcher_dispose (GObject *object)
{
  CaServiceLauncher *self = CA_SERVICE_LAUNCHER (object);

  ca_service_launcher_drop_run (self);
  /* The service may still be exiting: what it writes now goes nowhere. */
  ca_service_launcher_wipe (self);
  G_OBJECT_CLASS (ca_service_launcher_parent_class)->dispose (object);
}

static void
ca_service_launcher_finalize (GObject *object)
{
  CaServiceLauncher *self = CA_SERVICE_LAUNCHER (object);

  g_free (self->data_dir);
  g_free (self->mail_dir);
  G_OBJECT_CLASS (ca_service_launcher_parent_class)->finalize (object);
}

static void
ca_service_launcher_class_init (CaServiceLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_service_launcher_dispose;
  object_class->finalize = ca_service_launcher_finalize;

  /* The service stopped on its own after it was ready; the argument says why. */
  signals[EXITED] = g_signal_new ("exited",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ca_service_launcher_init (CaServiceLauncher *self)
{
}

CaServiceLauncher *
ca_service_launcher_new (const char *data_dir)
{
  CaServiceLauncher *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (CA_TYPE_SERVICE_LAUNCHER, NULL);
  self->data_dir = g_strdup (data_dir);
  self->mail_dir = g_build_filename (data_dir, "mails", NULL);
  return self;
}

CaServiceLauncher *
ca_service_launcher_new_temporary (GError **error)
{
  g_autofree char *template = g_build_filename (g_get_user_runtime_dir (),
                                                "cours-adultes-XXXXXX", NULL);
  CaServiceLauncher *self;

  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder %s: %s"), template, g_strerror (errsv));
      return NULL;
    }
  self = ca_service_launcher_new (template);
  self->temporary = TRUE;
  return self;
}

const char *
ca_service_launcher_get_mail_dir (CaServiceLauncher *self)
{
  g_return_val_if_fail (CA_IS_SERVICE_LAUNCHER (self), NULL);

  return self->mail_dir;
}

char *
ca_service_launcher_find_program (void)
{
  const char *env = g_getenv ("CA_SERVER_BIN");
  g_autofree char *self_exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL && g_str_has_prefix (self_exe, CA_BUILD_ROOT G_DIR_SEPARATOR_S))
    return g_build_filename (BUILD_SERVERDIR, "cours-adultes-server", NULL);

  return g_build_filename (LIBEXECDIR, "cours-adultes-server", NULL);
}

gboolean
ca_service_launcher_is_running (CaServiceLauncher *self)
{
  g_return_val_if_fail (CA_IS_SERVICE_LAUNCHER (self), FALSE);

  return self->run != NULL && !self->run->exited;
}

void
ca_service_launcher_start_async (CaServiceLauncher   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Run *run;

  g_return_if_fail (CA_IS_SERVICE_LAUNCHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_service_launcher_start_async);

  if (ca_service_launcher_is_running (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               "The service is already running");
      return;
    }

  ca_service_launcher_drop_run (self);
  run = run_spawn (self, &error);
  if (run == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->run = run;
  run->start_task = g_steal_pointer (&task);
  run_watch (run);
}

char *
ca_service_launcher_start_finish (CaServiceLauncher  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ca_service_launcher_stop_async (CaServiceLauncher   *self,
                                guint                timeout_ms,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (CA_IS_SERVICE_LAUNCHER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ca_service_launcher_stop_async);

  run = self->run;
  if (run == NULL || run->finished)
    {
      ca_service_launcher_wipe (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (run->stop_tasks, g_steal_pointer (&task));
  if (run->stopping)
    return;

  run->stopping = TRUE;
  g_subprocess_send_signal (run->process, SIGTERM);
  run->kill_timeout_id = g_timeout_add (timeout_ms, run_kill_timeout_cb, run);
}

gboolean
ca_service_launcher_stop_finish (CaServiceLauncher  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
