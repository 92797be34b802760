/* ca-client.h — asynchronous, cancellable client of the service contract (libsoup 3)
 *
 * One CaClient per service URL. Every call is an _async/_finish pair on GTask. Errors are
 * CA_ERROR GErrors: the service's own code and French message when it sent an error body;
 * CA_ERROR_NETWORK when it cannot be reached, CA_ERROR_TIMEOUT after :timeout seconds,
 * CA_ERROR_SERVER for a 5xx without a usable body, CA_ERROR_BAD_RESPONSE for garbage JSON.
 * G_IO_ERROR_CANCELLED is passed through untouched.
 *
 * The token is kept in memory only and sent as "Authorization: Bearer". A 401 `unauthorized`
 * clears it and emits ::session-expired before the call fails, so the UI can log in again and
 * retry the action.
 *
 * Signal:
 *   ::session-expired (CaClient *client, gpointer user_data)
 *     Emitted, once the token has been cleared, when the service answered 401 `unauthorized` to
 *     a call that carried the current token (expired or revoked session). The e-mail stays
 *     known so a login form can be filled in again. Not emitted by logout, nor for a call made
 *     with a token that a later login has since replaced.
 * Properties:
 *   "base-url" (construct-only), "cache-dir" (construct-only, nullable), "timeout" (seconds),
 *   "logged-in" (read-only, notified when the token comes or goes), "email" (read-only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "ca-model.h"

G_BEGIN_DECLS

#define CA_TYPE_CLIENT (ca_client_get_type ())
G_DECLARE_FINAL_TYPE (CaClient, ca_client, CA, CLIENT, GObject)

/* @base_url: the service root as printed by the service ("http://127.0.0.1:8080"); the client
 * adds "/api/v1". @cache_dir: where the catalogue and its ETag are cached (NULL: no disk cache,
 * as in public-computer mode); a catalogue cached there is loaded at once. */
CaClient   *ca_client_new            (const char *base_url,
                                      const char *cache_dir);
/* The disk cache read beforehand, on any thread, then given to a new client */
gboolean     ca_client_has_catalogue_cache       (const char   *cache_dir);
CaCatalogue *ca_client_read_catalogue_cache      (const char   *cache_dir,
                                                  char        **etag,
                                                  GError      **error);
CaClient    *ca_client_new_with_cached_catalogue (const char   *base_url,
                                                  const char   *cache_dir,
                                                  CaCatalogue  *catalogue,
                                                  const char   *etag);
/* A catalogue known before the service answers and not in the disk cache (ca-demo.h) */
CaClient    *ca_client_new_with_catalogue        (const char   *base_url,
                                                  const char   *cache_dir,
                                                  CaCatalogue  *catalogue,
                                                  const char   *etag,
                                                  GBytes       *body);
const char *ca_client_get_base_url   (CaClient   *self);
void        ca_client_set_timeout    (CaClient   *self,
                                      guint       seconds);   /* default 15 */
const char *ca_client_get_token      (CaClient   *self);      /* nullable */
void        ca_client_set_token      (CaClient   *self,
                                      const char *token);
gboolean    ca_client_is_logged_in   (CaClient   *self);
const char *ca_client_get_email      (CaClient   *self);      /* of the logged-in person */
/* For a session restored from the keyring, with ca_client_set_token (). */
void        ca_client_set_email      (CaClient   *self,
                                      const char *email);
/* Applies to connections opened afterwards. */
guint       ca_client_get_timeout    (CaClient   *self);
/* The last catalogue known (from the service or the disk cache), or NULL. (transfer none) */
CaCatalogue *ca_client_get_cached_catalogue (CaClient *self);

/* Search parameters of GET /courses */
typedef struct _CaCourseQuery CaCourseQuery;
#define CA_TYPE_COURSE_QUERY (ca_course_query_get_type ())
GType          ca_course_query_get_type  (void) G_GNUC_CONST;
CaCourseQuery *ca_course_query_new       (void);
CaCourseQuery *ca_course_query_copy      (const CaCourseQuery *query);
void           ca_course_query_free      (CaCourseQuery *query);
void           ca_course_query_set_text  (CaCourseQuery *query, const char *text);
void           ca_course_query_set_open_only (CaCourseQuery *query, gboolean open_only);
void           ca_course_query_set_period (CaCourseQuery *query, const char *period_id);
/* Repeated keys: "domain", "rhythm", "mode", "day", "slot", "arrondissement", "establishment" */
void           ca_course_query_add       (CaCourseQuery *query, const char *key, const char *value);
void           ca_course_query_clear_key (CaCourseQuery *query, const char *key);
void           ca_course_query_set_page  (CaCourseQuery *query, guint offset, guint limit);
/* The query string, keys in a stable order ("q=…&domain=…"), each key's values sorted and
 * without duplicates, q left out when empty, open_only only when set, offset and limit only
 * after ca_course_query_set_page () (a limit of 0 leaves the service's default). */
char          *ca_course_query_to_string (const CaCourseQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaCourseQuery, ca_course_query_free)

#define CA_CLIENT_ASYNC_DECL(name, ...) \
  void ca_client_##name##_async (CaClient *self, ##__VA_ARGS__, GCancellable *cancellable, \
                                  GAsyncReadyCallback callback, gpointer user_data)

CA_CLIENT_ASYNC_DECL (health);
gboolean           ca_client_health_finish        (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (get_captcha);
CaCaptcha         *ca_client_get_captcha_finish   (CaClient *self, GAsyncResult *result, GError **error);
/* Also gives the answer the service sends in X-Captcha-Answer when it runs with --testing
 * (NULL otherwise): for tests and demonstrations only. */
CaCaptcha         *ca_client_get_captcha_finish_full (CaClient *self, GAsyncResult *result,
                                                      char **testing_answer, GError **error);

CA_CLIENT_ASYNC_DECL (create_account, const char *email, const char *password,
                      const char *password_confirmation, const char *captcha_id,
                      const char *captcha_answer, gboolean accept_terms);
gboolean           ca_client_create_account_finish (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (confirm_account, const char *token);
gboolean           ca_client_confirm_account_finish (CaClient *self, GAsyncResult *result, GError **error);

/* On success the token is kept and the email remembered. */
CA_CLIENT_ASYNC_DECL (login, const char *email, const char *password);
CaSessionInfo     *ca_client_login_finish         (CaClient *self, GAsyncResult *result, GError **error);

/* Revokes the token on the service; the local token is forgotten even when that fails. */
/* The token is forgotten as the call starts; a 401 from the service counts as done. */
CA_CLIENT_ASYNC_DECL (logout);
gboolean           ca_client_logout_finish        (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (get_profile);
CaProfile         *ca_client_get_profile_finish   (CaClient *self, GAsyncResult *result, GError **error);
CA_CLIENT_ASYNC_DECL (put_profile, CaProfile *profile);
CaProfile         *ca_client_put_profile_finish   (CaClient *self, GAsyncResult *result, GError **error);

/* Conditional GET with If-None-Match; a 304 returns the cached catalogue, and so does any
 * failure but cancellation when a catalogue is cached. A new catalogue is written to the disk
 * cache (when there is one) before the call completes. */
CA_CLIENT_ASYNC_DECL (get_catalogue);
CaCatalogue       *ca_client_get_catalogue_finish (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (search_courses, const CaCourseQuery *query);
CaCourseList      *ca_client_search_courses_finish (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (get_course, const char *course_id);
CaCourse          *ca_client_get_course_finish    (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (list_candidatures);
CaCandidatureList *ca_client_list_candidatures_finish (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (preselect, const char *session_id);
CaCandidature     *ca_client_preselect_finish     (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (delete_candidature, const char *candidature_id);
gboolean           ca_client_delete_candidature_finish (CaClient *self, GAsyncResult *result, GError **error);

/* @answers: an object question id → string / boolean */
CA_CLIENT_ASYNC_DECL (confirm_candidature, const char *candidature_id, JsonObject *answers);
CaCandidature     *ca_client_confirm_candidature_finish (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (cancel_candidature, const char *candidature_id);
CaCandidature     *ca_client_cancel_candidature_finish (CaClient *self, GAsyncResult *result, GError **error);

CA_CLIENT_ASYNC_DECL (create_payment, const char *candidature_id);
CaPaymentInfo     *ca_client_create_payment_finish (CaClient *self, GAsyncResult *result, GError **error);

/* @email may be NULL when logged in */
CA_CLIENT_ASYNC_DECL (send_contact, const char *subject, const char *message, const char *email);
gboolean           ca_client_send_contact_finish  (CaClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
