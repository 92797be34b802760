/* ca-http.c — JSON and error responses of the service, request body parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-http.h"
#include "ca-import.h"
#include "ca-model.h"

G_DEFINE_QUARK (ca-server-error-quark, ca_server_error)

void
ca_http_send_json_string (SoupServerMessage *msg,
                          guint              status,
                          char              *json)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, json, strlen (json));
}

void
ca_http_send_json (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *node)
{
  ca_http_send_json_string (msg, status, json_to_string (node, FALSE));
}

void
ca_http_send_builder (SoupServerMessage *msg,
                      guint              status,
                      JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  ca_http_send_json (msg, status, root);
}

static void
send_error_body (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *message,
                 GHashTable        *fields,
                 const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  ca_json_add_string (builder, "code", code);
  ca_json_add_string (builder, "message", message);
  if (fields != NULL && g_hash_table_size (fields) > 0)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (fields), (GCompareFunc) strcmp);

      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      for (GList *l = keys; l != NULL; l = l->next)
        ca_json_add_string (builder, l->data, g_hash_table_lookup (fields, l->data));
      json_builder_end_object (builder);
    }
  if (detail != NULL)
    ca_json_add_string (builder, "detail", detail);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  ca_http_send_builder (msg, status, builder);
}

void
ca_http_send_error (SoupServerMessage *msg,
                    const GError      *error)
{
  CaErrorCode code = CA_ERROR_INTERNAL;

  if (g_error_matches (error, CA_SERVER_ERROR, CA_SERVER_ERROR_PAYMENT_IN_PROGRESS))
    {
      send_error_body (msg, 409, ca_error_code_to_string (CA_ERROR_NOT_CANCELLABLE),
                       "Un paiement par carte est en cours pour cette candidature : elle ne peut "
                       "pas être annulée avant la fin de ce paiement.", NULL, NULL);
      return;
    }
  if (error->domain == CA_SERVER_ERROR)
    {
      send_error_body (msg, 409, "not-confirmable",
                       "Cette candidature n’est plus à confirmer.", NULL, NULL);
      return;
    }

  if (error->domain == CA_ERROR && ca_error_code_http_status (error->code) != 0)
    code = error->code;
  else
    g_warning ("internal error: %s", error->message);

  if (code == CA_ERROR_TOO_MANY_ATTEMPTS && ca_error_get_retry_after (error) > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", ca_error_get_retry_after (error));

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
    }

  send_error_body (msg, ca_error_code_http_status (code), ca_error_code_to_string (code),
                   ca_error_code_message_fr (code),
                   error->domain == CA_ERROR ? ca_error_get_fields (error) : NULL,
                   code == CA_ERROR_INVALID_REQUEST ? error->message : NULL);
}

void
ca_http_send_error_code (SoupServerMessage *msg,
                         CaErrorCode        code,
                         const char        *detail)
{
  send_error_body (msg, ca_error_code_http_status (code), ca_error_code_to_string (code),
                   ca_error_code_message_fr (code), NULL, detail);
}

void
ca_http_send_fields (SoupServerMessage *msg,
                     GHashTable        *fields)
{
  send_error_body (msg, 422, ca_error_code_to_string (CA_ERROR_VALIDATION_FAILED),
                   ca_error_code_message_fr (CA_ERROR_VALIDATION_FAILED), fields, NULL);
}

void
ca_http_send_html (SoupServerMessage *msg,
                   guint              status,
                   const char        *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8",
                                    SOUP_MEMORY_COPY, html, strlen (html));
}

void
ca_http_send_empty (SoupServerMessage *msg,
                    guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

GError *
ca_http_invalid (const char *format,
                 ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  return g_error_new_literal (CA_ERROR, CA_ERROR_INVALID_REQUEST, detail);
}

JsonNode *
ca_http_parse_json_body (SoupServerMessage  *msg,
                         GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *reason = NULL;
  const char *data;
  gsize length;
  JsonNode *root;

  data = g_bytes_get_data (bytes, &length);
  if (length > CA_MAX_BODY_SIZE)
    {
      g_set_error_literal (error, CA_ERROR, CA_ERROR_PAYLOAD_TOO_LARGE, "body too large");
      return NULL;
    }
  if (length == 0)
    {
      g_propagate_error (error, ca_http_invalid ("empty body, expected a JSON object"));
      return NULL;
    }
  /* json-glib would accept some invalid UTF-8 in strings: refuse it up front. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_propagate_error (error, ca_http_invalid ("body is not valid UTF-8"));
      return NULL;
    }
  /* json-glib 1.6 keeps the first of several documents ("{…}[1,2]") and leaks the rest, and
   * trusts deep nesting and huge integers: the core's check refuses all of these first. */
  if (!ca_json_check_document (data, length, &reason))
    {
      g_propagate_error (error, ca_http_invalid ("malformed JSON: %s", reason));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_propagate_error (error, ca_http_invalid ("malformed JSON: %s", local_error->message));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, ca_http_invalid ("expected a JSON object"));
      return NULL;
    }

  return json_node_ref (root);
}

gboolean
ca_json_get_string (JsonObject  *obj,
                    const char  *name,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_propagate_error (error, ca_http_invalid ("%s: expected a string", name));
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (!g_utf8_validate (*out, -1, NULL))
    {
      *out = NULL;
      g_propagate_error (error, ca_http_invalid ("%s: invalid UTF-8", name));
      return FALSE;
    }

  return TRUE;
}

gboolean
ca_json_get_bool (JsonObject  *obj,
                  const char  *name,
                  gboolean    *out,
                  gboolean    *present,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = FALSE;
  if (present != NULL)
    *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_propagate_error (error, ca_http_invalid ("%s: expected true or false", name));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

void
ca_json_append_string (GString    *out,
                       const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

char *
ca_html_escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

void
ca_json_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ca_json_add_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ca_json_add_bool (JsonBuilder *builder,
                  const char  *name,
                  gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
ca_json_add_time (JsonBuilder *builder,
                  const char  *name,
                  gint64       unix_seconds)
{
  g_autofree char *text = ca_format_time (unix_seconds);

  ca_json_add_string (builder, name, text);
}
