/* ca-demo.c — the demonstration catalogue's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-demo.h"
#include "ca-error.h"
#include "ca-time.h"

static const char *
get_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* Installed files win over the build tree's, as for the service's program. */
static gboolean
demo_is_installed (void)
{
  return g_file_test (PKGDATADIR "/demo-catalogue.json", G_FILE_TEST_IS_REGULAR);
}

const char *
ca_demo_catalogue_path (void)
{
  const char *env = get_env ("CA_DEMO_CATALOGUE");

  if (env != NULL)
    return env;
  if (demo_is_installed ())
    return PKGDATADIR "/demo-catalogue.json";
  return SOURCE_DATADIR "/demo-catalogue.json";
}

const char *
ca_demo_database_path (void)
{
  const char *env = get_env ("CA_DEMO_DATABASE");

  if (env != NULL)
    return env;
  if (get_env ("CA_DEMO_CATALOGUE") != NULL)
    return NULL;
  if (demo_is_installed ())
    return PKGDATADIR "/demo-catalogue.sqlite";
  return BUILD_SERVERDIR "/demo-catalogue.sqlite";
}

const char *
ca_demo_summary_path (void)
{
  const char *env = get_env ("CA_DEMO_SUMMARY");

  if (env != NULL)
    return env;
  if (get_env ("CA_DEMO_DATABASE") != NULL || get_env ("CA_DEMO_CATALOGUE") != NULL)
    return NULL;
  if (demo_is_installed ())
    return PKGDATADIR "/demo-catalogue-summary.json";
  return BUILD_SERVERDIR "/demo-catalogue-summary.json";
}

gboolean
ca_demo_write_summary (const char  *path,
                       JsonNode    *catalogue,
                       gint64       dated_from,
                       GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (catalogue), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dated_from");
  if (dated_from != 0)
    {
      g_autofree char *iso = ca_format_time (dated_from);

      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "catalogue");
  json_builder_add_value (builder, json_node_copy (catalogue));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_file_set_contents (path, json, -1, error);
}

static gboolean
summary_fail (GError     **error,
              const char  *path,
              const char  *problem)
{
  g_set_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE, "%s: %s", path, problem);
  return FALSE;
}

static gboolean
read_time (JsonObject *period,
           const char *member,
           gint64     *out)
{
  const char *iso = json_object_get_string_member_with_default (period, member, NULL);
  g_autoptr(GDateTime) time = NULL;

  if (iso == NULL || (time = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time);
  return TRUE;
}

/* What the service does to its copy of the database (ca_import_redate_periods ()) and then at
 * each request (a period is open from its opening to its closing). */
static gboolean
move_periods (JsonObject  *catalogue,
              gint64       dated_from,
              gint64       now,
              const char  *path,
              GError     **error)
{
  JsonNode *node = json_object_get_member (catalogue, "periods");
  JsonArray *periods;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return summary_fail (error, path, "no periods");
  periods = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonNode *element = json_array_get_element (periods, i);
      JsonObject *period;
      gint64 opens_at, closes_at;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return summary_fail (error, path, "a period is not an object");
      period = json_node_get_object (element);
      if (!read_time (period, "opens_at", &opens_at) || !read_time (period, "closes_at", &closes_at))
        return summary_fail (error, path, "a period has no dates");
      if (dated_from != 0)
        {
          g_autofree char *opens_iso = NULL;
          g_autofree char *closes_iso = NULL;

          opens_at = ca_redate (dated_from, opens_at, now);
          closes_at = ca_redate (dated_from, closes_at, now);
          opens_iso = ca_format_time (opens_at);
          closes_iso = ca_format_time (closes_at);
          json_object_set_string_member (period, "opens_at", opens_iso);
          json_object_set_string_member (period, "closes_at", closes_iso);
        }
      json_object_set_boolean_member (period, "open", opens_at <= now && now < closes_at);
    }
  return TRUE;
}

CaCatalogue *
ca_demo_read_summary (const char  *path,
                      gint64       now,
                      GBytes     **body,
                      char       **etag,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) dated_from_time = NULL;
  g_autofree char *json = NULL;
  JsonObject *root;
  JsonNode *catalogue;
  const char *dated_from = NULL;
  CaCatalogue *result;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (body == NULL || *body == NULL, NULL);
  g_return_val_if_fail (etag == NULL || *etag == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      summary_fail (error, path, "not an object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  catalogue = json_object_get_member (root, "catalogue");
  if (catalogue == NULL || !JSON_NODE_HOLDS_OBJECT (catalogue))
    {
      summary_fail (error, path, "no catalogue");
      return NULL;
    }
  if (json_object_has_member (root, "dated_from"))
    dated_from = json_object_get_string_member_with_default (root, "dated_from", NULL);
  if (dated_from != NULL
      && (dated_from_time = g_date_time_new_from_iso8601 (dated_from, NULL)) == NULL)
    {
      summary_fail (error, path, "dated_from is not a time");
      return NULL;
    }
  if (!move_periods (json_node_get_object (catalogue),
                     dated_from_time != NULL ? g_date_time_to_unix (dated_from_time) : 0,
                     now, path, error))
    return NULL;

  result = ca_catalogue_from_json (catalogue, error);
  if (result == NULL)
    return NULL;
  /* The body the service will send, byte for byte: its tag then tells it is the same. */
  json = json_to_string (catalogue, FALSE);
  if (etag != NULL)
    *etag = ca_catalogue_etag (json);
  if (body != NULL)
    {
      gsize length = strlen (json);

      *body = g_bytes_new_take (g_steal_pointer (&json), length);
    }
  return result;
}
