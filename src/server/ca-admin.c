/* ca-admin.c — cours-adultes-admin, the back office of the Service des Cours d'Adultes
 *
 * It works on the service's database with the very functions the service uses, each change in
 * one BEGIN IMMEDIATE transaction, so it is safe to run while the service runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAdmin"

#include <stdio.h>

#include "ca-admin.h"
#include "ca-candidatures.h"
#include "ca-db.h"
#include "ca-error.h"
#include "ca-import.h"
#include "ca-status.h"

#define PROG "cours-adultes-admin"

static const char usage_text[] =
  "Usage: " PROG " --db FILE COMMAND [ARGUMENTS]\n"
  "\n"
  "The back office of the Service des Cours d'Adultes, safe to run while the service runs.\n"
  "\n"
  "Commands:\n"
  "  candidatures [--status STATUS] [--json]   list candidatures\n"
  "  convoke ID --at ISO-TIME --place TEXT     send a convocation (pending → convoked)\n"
  "  accept ID                                 accept (pending or convoked → awaiting-payment)\n"
  "  refuse ID --reason REASON                 refuse, e.g. --reason no-seats\n"
  "  close-period ID                           close a period's candidatures now\n"
  "  open-period ID                            open a period's candidatures now\n"
  "  import-catalogue FILE                     load or update the catalogue from a file\n"
  "\n"
  "Statuses: preselected, pending, convoked, awaiting-payment, enrolled, refused, cancelled.\n"
  "Exit status: 0 done, 1 failure (unknown id, wrong status, invalid file), 2 usage error.\n";

typedef struct
{
  FILE        *out;
  FILE        *err;
  const char  *db_path;
  const char  *command;
  GPtrArray   *positional;   /* const char * */
  GHashTable  *options;      /* name (without --) → value */
} AdminArgs;

G_GNUC_PRINTF (2, 3) static int
usage_error (AdminArgs  *args,
             const char *format,
             ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);

  fprintf (args->err, PROG ": %s\nTry “" PROG " --help”.\n", msg);
  return CA_ADMIN_EXIT_USAGE;
}

static int
failure (AdminArgs    *args,
         const char   *what,
         const GError *error)
{
  fprintf (args->err, PROG ": %s: %s\n", what, error->message);
  return CA_ADMIN_EXIT_FAILURE;
}

/* Options that take a value, per command. */
static gboolean
option_takes_value (const char *name)
{
  static const char * const names[] = { "db", "status", "at", "place", "reason", NULL };

  return g_strv_contains (names, name);
}

static int
parse_args (AdminArgs  *args,
            int         argc,
            char      **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          fputs (usage_text, args->out);
          return -1;
        }

      if (g_str_has_prefix (arg, "--") && arg[2] != '\0')
        {
          g_autofree char *name = g_strdup (arg + 2);
          char *eq = strchr (name, '=');
          const char *value;

          if (eq != NULL)
            {
              *eq = '\0';
              value = arg + 2 + (eq - name) + 1;
            }
          else if (g_str_equal (name, "json"))
            value = "";
          else if (i + 1 < argc)
            value = argv[++i];
          else
            return usage_error (args, "option --%s needs a value", name);

          if (!option_takes_value (name) && !g_str_equal (name, "json"))
            return usage_error (args, "unknown option --%s", name);

          if (g_str_equal (name, "db"))
            args->db_path = value;
          else
            g_hash_table_replace (args->options, g_steal_pointer (&name), (gpointer) value);
          continue;
        }

      if (args->command == NULL)
        args->command = arg;
      else
        g_ptr_array_add (args->positional, (gpointer) arg);
    }

  if (args->db_path == NULL || *args->db_path == '\0')
    return usage_error (args, "--db FILE is required");
  if (args->command == NULL)
    return usage_error (args, "a command is required");

  return CA_ADMIN_EXIT_OK;
}

/* Checks that the command got exactly @n_positional arguments and only @allowed options. */
static int
check_shape (AdminArgs          *args,
             guint               n_positional,
             const char         *positional_name,
             const char * const *allowed)
{
  GHashTableIter iter;
  gpointer key;

  if (args->positional->len < n_positional)
    return usage_error (args, "%s: %s is missing", args->command, positional_name);
  if (args->positional->len > n_positional)
    return usage_error (args, "%s: unexpected argument “%s”", args->command,
                        (const char *) g_ptr_array_index (args->positional, n_positional));

  g_hash_table_iter_init (&iter, args->options);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (allowed == NULL || !g_strv_contains (allowed, key))
      return usage_error (args, "%s: option --%s does not apply", args->command,
                          (const char *) key);

  return CA_ADMIN_EXIT_OK;
}

static const char *
option (AdminArgs  *args,
        const char *name)
{
  return g_hash_table_lookup (args->options, name);
}

static const char *
arg0 (AdminArgs *args)
{
  return g_ptr_array_index (args->positional, 0);
}

/* --- commands ------------------------------------------------------------------------- */

static void
print_json_list (AdminArgs *args,
                 GPtrArray *rows)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      CaCandidatureRow *row = g_ptr_array_index (rows, i);
      g_autofree char *updated = ca_format_time (row->updated_at);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, row->id);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, ca_status_to_string (row->status));
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (b, row->email);
      json_builder_set_member_name (b, "course_id");
      json_builder_add_string_value (b, row->course_id);
      json_builder_set_member_name (b, "session_id");
      json_builder_add_string_value (b, row->session_id);
      json_builder_set_member_name (b, "updated_at");
      json_builder_add_string_value (b, updated);
      if (row->refunds_due != NULL)
        {
          json_builder_set_member_name (b, "refunds_due");
          json_builder_add_string_value (b, row->refunds_due);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, TRUE);
  fprintf (args->out, "%s\n", text);
}

/* Pads @text to @width characters (not bytes: titles and e-mails may hold accents). */
static void
print_cell (FILE       *out,
            const char *text,
            guint       width)
{
  glong len = g_utf8_strlen (text, -1);

  if (len > (glong) width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);

      fprintf (out, "%s… ", cut);
      return;
    }
  fprintf (out, "%s%*s ", text, (int) (width - len), "");
}

static int
cmd_candidatures (AdminArgs *args,
                  CaDb      *db)
{
  static const char * const allowed[] = { "status", "json", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *status = option (args, "status");
  CaStatus parsed;
  int rc;

  if ((rc = check_shape (args, 0, NULL, allowed)) != 0)
    return rc;
  if (status != NULL && !ca_status_from_string (status, &parsed))
    return usage_error (args, "candidatures: unknown status “%s”", status);

  if (!ca_candidatures_list_all (db, status, ca_db_now (), &rows, &error))
    return failure (args, "candidatures", error);

  if (option (args, "json") != NULL)
    {
      print_json_list (args, rows);
      return CA_ADMIN_EXIT_OK;
    }

  /* The id comes first on each line, and no column title is a status word. */
  print_cell (args->out, "ID", 22);
  print_cell (args->out, "STATUT", 17);
  print_cell (args->out, "MIS À JOUR", 25);
  print_cell (args->out, "COURRIEL", 30);
  fprintf (args->out, "FORMATION / SÉANCE\n");
  for (guint i = 0; i < rows->len; i++)
    {
      CaCandidatureRow *row = g_ptr_array_index (rows, i);
      g_autofree char *updated = ca_format_time (row->updated_at);

      print_cell (args->out, row->id, 22);
      print_cell (args->out, ca_status_to_string (row->status), 17);
      print_cell (args->out, updated, 25);
      print_cell (args->out, row->email, 30);
      fprintf (args->out, "%s (%s) / %s", row->course_title, row->course_id, row->session_id);
      if (row->reason != NULL)
        fprintf (args->out, " — %s", row->reason);
      if (row->convocation_at != NULL)
        fprintf (args->out, " — convocation %s, %s", row->convocation_at,
                 row->convocation_place ? row->convocation_place : "");
      if (row->refunds_due != NULL)
        fprintf (args->out, " — paiement reçu non appliqué, à rembourser : %s",
                 row->refunds_due);
      fputc ('\n', args->out);
    }
  fprintf (args->out, "%u candidature%s\n", rows->len, rows->len == 1 ? "" : "s");

  return CA_ADMIN_EXIT_OK;
}

static int
cmd_convoke (AdminArgs *args,
             CaDb      *db)
{
  static const char * const allowed[] = { "at", "place", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = NULL;
  const char *at_text = option (args, "at");
  const char *place = option (args, "place");
  int rc;

  if ((rc = check_shape (args, 1, "ID", allowed)) != 0)
    return rc;
  if (at_text == NULL)
    return usage_error (args, "convoke: --at ISO-TIME is required "
                        "(e.g. 2026-12-01T18:30:00+01:00)");
  if (place == NULL || place[strspn (place, " \t")] == '\0')
    return usage_error (args, "convoke: --place TEXT is required");
  at = g_date_time_new_from_iso8601 (at_text, NULL);
  if (at == NULL)
    return usage_error (args, "convoke: --at “%s” is not an ISO 8601 time (e.g. "
                        "2026-12-01T18:30:00+01:00)", at_text);
  if (!g_utf8_validate (place, -1, NULL))
    return usage_error (args, "convoke: --place is not valid UTF-8");

  if (!ca_candidatures_convoke (db, arg0 (args), at_text, place, ca_db_now (), &error))
    return failure (args, arg0 (args), error);

  fprintf (args->out, "%s: convoked\n", arg0 (args));
  return CA_ADMIN_EXIT_OK;
}

static int
cmd_accept (AdminArgs *args,
            CaDb      *db)
{
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = check_shape (args, 1, "ID", NULL)) != 0)
    return rc;

  if (!ca_candidatures_accept (db, arg0 (args), ca_db_now (), &error))
    return failure (args, arg0 (args), error);

  fprintf (args->out, "%s: awaiting-payment\n", arg0 (args));
  return CA_ADMIN_EXIT_OK;
}

static gboolean
reason_valid (const char *reason)
{
  if (*reason == '\0' || strlen (reason) > 64)
    return FALSE;
  for (const char *p = reason; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static int
cmd_refuse (AdminArgs *args,
            CaDb      *db)
{
  static const char * const allowed[] = { "reason", NULL };
  g_autoptr(GError) error = NULL;
  const char *reason = option (args, "reason");
  int rc;

  if ((rc = check_shape (args, 1, "ID", allowed)) != 0)
    return rc;
  if (reason == NULL)
    return usage_error (args, "refuse: --reason REASON is required (e.g. --reason no-seats)");
  if (!reason_valid (reason))
    return usage_error (args, "refuse: --reason must be a short identifier such as no-seats");

  if (!ca_candidatures_refuse (db, arg0 (args), reason, ca_db_now (), &error))
    return failure (args, arg0 (args), error);

  fprintf (args->out, "%s: refused (%s)\n", arg0 (args), reason);
  return CA_ADMIN_EXIT_OK;
}

static int
cmd_period (AdminArgs *args,
            CaDb      *db,
            gboolean   open)
{
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = check_shape (args, 1, "ID", NULL)) != 0)
    return rc;

  if (!ca_periods_set_open (db, arg0 (args), open, ca_db_now (), &error))
    return failure (args, arg0 (args), error);

  fprintf (args->out, "%s: %s\n", arg0 (args), open ? "open" : "closed");
  return CA_ADMIN_EXIT_OK;
}

static int
cmd_import (AdminArgs *args,
            CaDb      *db)
{
  g_autoptr(GError) error = NULL;
  CaImportStats stats;
  int rc;

  if ((rc = check_shape (args, 1, "FILE", NULL)) != 0)
    return rc;

  if (!ca_import_catalogue_file (db, arg0 (args), ca_db_now (), &stats, &error))
    {
      fprintf (args->err, PROG ": %s\n", error->message);
      return CA_ADMIN_EXIT_FAILURE;
    }

  fprintf (args->out, "%s: %u domains, %u periods, %u establishments, %u heard-from options, "
           "%u courses, %u sessions imported\n", arg0 (args), stats.domains, stats.periods,
           stats.establishments, stats.heard_from_options, stats.courses, stats.sessions);
  return CA_ADMIN_EXIT_OK;
}

static int
run_command (AdminArgs *args,
             CaDb      *db)
{
  if (g_str_equal (args->command, "candidatures"))
    return cmd_candidatures (args, db);
  if (g_str_equal (args->command, "convoke"))
    return cmd_convoke (args, db);
  if (g_str_equal (args->command, "accept"))
    return cmd_accept (args, db);
  if (g_str_equal (args->command, "refuse"))
    return cmd_refuse (args, db);
  if (g_str_equal (args->command, "close-period"))
    return cmd_period (args, db, FALSE);
  if (g_str_equal (args->command, "open-period"))
    return cmd_period (args, db, TRUE);
  if (g_str_equal (args->command, "import-catalogue"))
    return cmd_import (args, db);

  return usage_error (args, "unknown command “%s”", args->command);
}

static gboolean
known_command (const char *command)
{
  static const char * const commands[] = {
    "candidatures", "convoke", "accept", "refuse", "close-period", "open-period",
    "import-catalogue", NULL
  };

  return g_strv_contains (commands, command);
}

int
ca_admin_run (int    argc,
              char **argv,
              FILE  *out,
              FILE  *err)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GHashTable) options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaDb) db = NULL;
  AdminArgs args = { out, err, NULL, NULL, positional, options };
  int rc;

  rc = parse_args (&args, argc, argv);
  if (rc < 0)
    return CA_ADMIN_EXIT_OK;
  if (rc != 0)
    return rc;
  if (!known_command (args.command))
    return usage_error (&args, "unknown command “%s”", args.command);

  /* Never create a database by mistake: the service creates it. */
  if (!g_file_test (args.db_path, G_FILE_TEST_IS_REGULAR)
      && !g_str_equal (args.command, "import-catalogue"))
    {
      fprintf (err, PROG ": %s: no such database\n", args.db_path);
      return CA_ADMIN_EXIT_FAILURE;
    }

  db = ca_db_open (args.db_path, &error);
  if (db == NULL)
    return failure (&args, args.db_path, error);

  return run_command (&args, db);
}
