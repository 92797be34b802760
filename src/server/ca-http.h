/* ca-http.h — JSON and error responses of the service, request body parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include "ca-error.h"

G_BEGIN_DECLS

/* api.md: request bodies over 64 KiB get 413. */
#define CA_MAX_BODY_SIZE (64 * 1024)

/* Error codes the service adds to the contract's (docs/api.md, "Extensions"). */
#define CA_SERVER_ERROR (ca_server_error_quark ())
GQuark ca_server_error_quark (void);

typedef enum
{
  CA_SERVER_ERROR_NOT_CONFIRMABLE,      /* 409 not-confirmable */
  CA_SERVER_ERROR_PAYMENT_IN_PROGRESS,  /* 409 not-cancellable, a card payment is under way */
} CaServerErrorCode;

/* Responses. Every error goes out as {"error":{"code","message"[,"fields"][,"detail"]}}. */
void        ca_http_send_json        (SoupServerMessage *msg,
                                      guint              status,
                                      JsonNode          *node);
/* Sends the builder's root (a finished object or array). */
void        ca_http_send_builder     (SoupServerMessage *msg,
                                      guint              status,
                                      JsonBuilder       *builder);
void        ca_http_send_json_string (SoupServerMessage *msg,
                                      guint              status,
                                      char              *json);   /* (transfer full) */
void        ca_http_send_error       (SoupServerMessage *msg,
                                      const GError      *error);
void        ca_http_send_error_code  (SoupServerMessage *msg,
                                      CaErrorCode        code,
                                      const char        *detail);  /* nullable, not French */
/* 422 validation-failed with @fields (field name → French sentence). */
void        ca_http_send_fields      (SoupServerMessage *msg,
                                      GHashTable        *fields);
void        ca_http_send_html        (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *html);
void        ca_http_send_empty       (SoupServerMessage *msg,
                                      guint              status);

/* A CA_ERROR GError (invalid-request) with @detail. */
GError     *ca_http_invalid          (const char        *format,
                                      ...) G_GNUC_PRINTF (1, 2);

/* The request body as a JSON object: 413 over CA_MAX_BODY_SIZE, 400 for non-UTF-8 or
 * malformed JSON or a non-object. Returns the root node (its object is the body). */
JsonNode   *ca_http_parse_json_body  (SoupServerMessage *msg,
                                      GError           **error);

/* Typed members of a request object. Absent or null → TRUE with NULL / @missing value;
 * wrong JSON type → FALSE with a 400 error; strings must be valid UTF-8 without NUL. */
gboolean    ca_json_get_string       (JsonObject  *obj,
                                      const char  *name,
                                      const char **out,
                                      GError     **error);
gboolean    ca_json_get_bool         (JsonObject  *obj,
                                      const char  *name,
                                      gboolean    *out,
                                      gboolean    *present,
                                      GError     **error);

/* Appends @text (valid UTF-8) as a JSON string literal; for hot paths where JsonBuilder's
 * allocations show. */
void        ca_json_append_string    (GString    *out,
                                      const char *text);

/* HTML with &, <, >, " and ' escaped. */
char       *ca_html_escape           (const char *text);

/* JsonBuilder shortcuts */
void        ca_json_add_string       (JsonBuilder *builder,
                                      const char  *name,
                                      const char  *value);   /* NULL adds null */
void        ca_json_add_int          (JsonBuilder *builder,
                                      const char  *name,
                                      gint64       value);
void        ca_json_add_bool         (JsonBuilder *builder,
                                      const char  *name,
                                      gboolean     value);
void        ca_json_add_time         (JsonBuilder *builder,
                                      const char  *name,
                                      gint64       unix_seconds);

G_END_DECLS
