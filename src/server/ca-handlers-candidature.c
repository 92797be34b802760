/* ca-handlers-candidature.c — "Mes candidatures et paiements" and the PayFiP notification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaServer"

#include "ca-candidatures.h"
#include "ca-http.h"
#include "ca-import.h"
#include "ca-rules.h"
#include "ca-server.h"
#include "ca-status.h"

static void
build_candidature (JsonBuilder            *b,
                   CaIndex                *index,
                   const CaCandidatureRow *row)
{
  CaIdxSession *session = g_hash_table_lookup (index->session_by_id, row->session_id);

  json_builder_begin_object (b);
  ca_json_add_string (b, "id", row->id);
  ca_json_add_string (b, "status", ca_status_to_string (row->status));
  ca_json_add_string (b, "reason", row->reason);
  json_builder_set_member_name (b, "course");
  json_builder_begin_object (b);
  ca_json_add_string (b, "id", row->course_id);
  ca_json_add_string (b, "title", row->course_title);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "session");
  if (session != NULL)
    ca_build_session_json (b, session);
  else
    json_builder_add_null_value (b);
  /* Nothing is owed on a closed candidature (paid, refused or cancelled). */
  ca_json_add_int (b, "amount_due_cents", ca_status_is_closed (row->status) ? 0 : row->fee_cents);
  ca_json_add_bool (b, "can_cancel",
                    ca_status_allows (row->status, CA_ACTION_CANCEL) && row->period_open);
  ca_json_add_time (b, "created_at", row->created_at);
  ca_json_add_time (b, "updated_at", row->updated_at);
  json_builder_set_member_name (b, "convocation");
  if (row->convocation_at != NULL)
    {
      json_builder_begin_object (b);
      ca_json_add_string (b, "at", row->convocation_at);
      ca_json_add_string (b, "place", row->convocation_place);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

/* Answers with the candidature @id as it now is. */
static void
send_candidature (CaRequest  *req,
                  guint       status,
                  const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureRow) row = NULL;
  g_autoptr(CaIndex) index = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (!ca_candidatures_get (req->server->db, req->account_id, id, ca_db_now (), &row, &error)
      || (index = ca_server_get_index (req->server, &error)) == NULL)
    {
      ca_request_fail (req, error);
      return;
    }

  b = json_builder_new ();
  build_candidature (b, index, row);
  ca_http_send_builder (req->msg, status, b);
}

void
ca_handle_candidatures_list (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CaIndex) index = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  guint active = 0;

  if (!ca_request_authenticate (req))
    return;

  if (!ca_candidatures_list (req->server->db, req->account_id, ca_db_now (), &rows, &error)
      || (index = ca_server_get_index (req->server, &error)) == NULL)
    {
      ca_request_fail (req, error);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    if (ca_status_is_active (((CaCandidatureRow *) g_ptr_array_index (rows, i))->status))
      active++;

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_int (b, "active_count", active);
  ca_json_add_int (b, "max_active", CA_MAX_ACTIVE_CANDIDATURES);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    build_candidature (b, index, g_ptr_array_index (rows, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  ca_http_send_builder (req->msg, 200, b);
}

void
ca_handle_candidatures_create (CaRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *session_id;

  if (!ca_request_authenticate (req))
    return;
  root = ca_request_json_body (req);
  if (root == NULL)
    return;

  if (!ca_json_get_string (json_node_get_object (root), "session_id", &session_id, &error))
    {
      ca_request_fail (req, error);
      return;
    }
  if (session_id == NULL || *session_id == '\0')
    {
      g_autoptr(GError) invalid = ca_http_invalid ("session_id: missing");

      ca_request_fail (req, invalid);
      return;
    }

  if (!ca_candidatures_create (req->server->db, req->account_id, session_id, ca_db_now (), &id,
                               &error))
    {
      ca_request_fail (req, error);
      return;
    }

  send_candidature (req, 201, id);
}

void
ca_handle_candidature_get (CaRequest *req)
{
  if (!ca_request_authenticate (req))
    return;

  send_candidature (req, 200, req->id);
}

void
ca_handle_candidature_delete (CaRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!ca_request_authenticate (req))
    return;

  if (!ca_candidatures_delete (req->server->db, req->account_id, req->id, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  ca_http_send_empty (req->msg, 204);
}

static void
send_confirmation_mail (CaRequest  *req,
                        const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureRow) row = NULL;
  g_autoptr(CaIndex) index = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;
  CaIdxSession *session;

  if (!ca_candidatures_get (req->server->db, req->account_id, id, ca_db_now (), &row, &error)
      || (index = ca_server_get_index (req->server, &error)) == NULL)
    {
      g_warning ("confirmation mail of %s not sent: %s", id, error->message);
      return;
    }

  session = g_hash_table_lookup (index->session_by_id, row->session_id);
  if (session != NULL)
    {
      g_autofree char *start = ca_clock_format (session->start);
      g_autofree char *end = ca_clock_format (session->end);

      where = g_strdup_printf ("%s de %s à %s, %s (%s)\n", ca_day_name_fr (session->day), start,
                               end, session->establishment ? session->establishment->name : "",
                               session->establishment ? session->establishment->address : "");
    }

  subject = g_strdup_printf ("Confirmation de votre candidature : %s", row->course_title);
  body = g_strdup_printf ("Bonjour,\n\n"
                          "Votre candidature à la formation « %s » est bien enregistrée.\n%s\n"
                          "Elle est en attente de traitement par le Service des Cours d'Adultes. "
                          "Vous pouvez la suivre dans « Mes candidatures et paiements », et "
                          "l'annuler jusqu'à la clôture de la période d'inscription.\n\n"
                          "Le Service des Cours d'Adultes de la Ville de Paris\n",
                          row->course_title, where != NULL ? where : "");
  ca_server_send_mail (req->server, row->email, subject, body);
}

void
ca_handle_candidature_confirm (CaRequest *req)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answers = NULL;
  JsonNode *answers_node;

  if (!ca_request_authenticate (req))
    return;
  root = ca_request_json_body (req);
  if (root == NULL)
    return;

  answers_node = json_object_get_member (json_node_get_object (root), "answers");
  if (answers_node != NULL && !JSON_NODE_HOLDS_NULL (answers_node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (answers_node))
        {
          g_autoptr(GError) invalid = ca_http_invalid ("answers: expected an object");

          ca_request_fail (req, invalid);
          return;
        }
      answers = json_node_get_object (answers_node);
    }

  if (!ca_candidatures_confirm (req->server->db, req->account_id, req->id, answers, ca_db_now (),
                                &error))
    {
      ca_request_fail (req, error);
      return;
    }

  send_confirmation_mail (req, req->id);
  send_candidature (req, 200, req->id);
}

void
ca_handle_candidature_cancel (CaRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!ca_request_authenticate (req))
    return;

  if (!ca_candidatures_cancel (req->server->db, req->account_id, req->id, ca_db_now (), &error))
    {
      ca_request_fail (req, error);
      return;
    }

  send_candidature (req, 200, req->id);
}

/* --- payments ------------------------------------------------------------------------- */

static char *
payment_url_cb (const char *refdet,
                gint64      amount_cents,
                const char *email,
                const char *course_id,
                gpointer    user_data)
{
  CaServer *server = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now (ca_paris_time_zone ());
  g_autofree char *exer = g_date_time_format (now, "%Y");
  g_autofree char *objet = g_strdup_printf ("Cours d'Adultes de Paris %s", course_id);
  g_autofree char *urlnotif = g_strconcat (server->public_url, "/api/v1/payments/payfip/notify",
                                           NULL);
  g_autofree char *urlredirect = g_strconcat (server->public_url, "/payment/return", NULL);
  CaPayfipRequest request = {
    .numcli = (char *) CA_PAYFIP_NUMCLI,
    .exer = exer,
    .refdet = (char *) refdet,
    .objet = objet,
    .mel = (char *) email,
    .urlnotif = urlnotif,
    .urlredirect = urlredirect,
    .saisie = (char *) (server->opts.testing ? "T" : "X"),
    .montant = amount_cents,
  };

  return ca_payfip_build_url (server->payfip_url, &request);
}

void
ca_handle_payment_create (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaPaymentRow) payment = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (!ca_request_authenticate (req))
    return;

  if (!ca_payments_create (req->server->db, req->account_id, req->id, ca_db_now (),
                           payment_url_cb, req->server, &payment, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_string (b, "payment_url", payment->payment_url);
  ca_json_add_string (b, "reference", payment->refdet);
  ca_json_add_int (b, "amount_cents", payment->amount_cents);
  json_builder_end_object (b);
  ca_http_send_builder (req->msg, 201, b);
}

void
ca_handle_payment_get (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaPaymentRow) payment = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (!ca_request_authenticate (req))
    return;

  if (!ca_payments_latest (req->server->db, req->account_id, req->id, &payment, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  ca_json_add_string (b, "reference", payment->refdet);
  ca_json_add_int (b, "amount_cents", payment->amount_cents);
  ca_json_add_string (b, "state", payment->state);
  ca_json_add_string (b, "payment_url", payment->payment_url);
  ca_json_add_time (b, "created_at", payment->created_at);
  ca_json_add_time (b, "updated_at", payment->updated_at);
  json_builder_end_object (b);
  ca_http_send_builder (req->msg, 200, b);
}

static GHashTable *
parse_form_body (SoupServerMessage  *msg,
                 GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GHashTable *form;

  if (length == 0 || !g_utf8_validate_len (data, length, NULL) || memchr (data, '\0', length))
    {
      g_propagate_error (error,
                         ca_http_invalid ("expected an application/x-www-form-urlencoded body"));
      return NULL;
    }

  text = g_strndup (data, length);
  form = g_uri_parse_params (text, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  if (form == NULL)
    {
      g_propagate_error (error, ca_http_invalid ("malformed form"));
      return NULL;
    }

  return form;
}

static void
send_enrolment_mail (CaServer   *server,
                     const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaCandidatureRow) row = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *amount = NULL;

  if (!ca_candidatures_get (server->db, 0, id, ca_db_now (), &row, &error))
    {
      g_warning ("enrolment mail of %s not sent: %s", id, error->message);
      return;
    }

  amount = ca_payfip_format_amount (row->fee_cents);
  subject = g_strdup_printf ("Inscription confirmée : %s", row->course_title);
  body = g_strdup_printf ("Bonjour,\n\n"
                          "Votre règlement de %s est bien reçu : votre inscription à la formation "
                          "« %s » est confirmée.\n\n"
                          "Le Service des Cours d'Adultes de la Ville de Paris\n",
                          amount, row->course_title);
  ca_server_send_mail (server, row->email, subject, body);
}

void
ca_handle_payfip_notify (CaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = parse_form_body (req->msg, &error);
  g_autofree char *enrolled = NULL;
  CaPayfipNotification notification = { 0 };
  CaNotifyOutcome outcome;

  if (form == NULL || !ca_payfip_parse_notification (form, &notification, &error))
    {
      ca_request_fail (req, error);
      return;
    }

  if (!ca_payments_notify (req->server->db, &notification, CA_PAYFIP_NUMCLI, ca_db_now (),
                           &outcome, &enrolled, &error))
    {
      if (!g_error_matches (error, CA_ERROR, CA_ERROR_NOT_FOUND))
        g_warning ("PayFiP notification for %s refused: %s", notification.refdet, error->message);
      ca_request_fail (req, error);
    }
  else if (outcome == CA_NOTIFY_NOT_APPLIED)
    {
      g_autoptr(GError) refused = g_error_new (CA_ERROR, CA_ERROR_NOT_PAYABLE,
                                               "payment %s not applied", notification.refdet);

      ca_request_fail (req, refused);
    }
  else if (outcome == CA_NOTIFY_WRONG_AMOUNT)
    {
      g_autoptr(GError) invalid = ca_http_invalid ("montant: not the amount of this payment");

      ca_request_fail (req, invalid);
    }
  else
    {
      if (enrolled != NULL)
        send_enrolment_mail (req->server, enrolled);
      ca_http_send_json_string (req->msg, 200,
                                g_strdup (outcome == CA_NOTIFY_APPLIED
                                          ? "{\"status\":\"applied\"}"
                                          : "{\"status\":\"unchanged\"}"));
    }

  ca_payfip_notification_clear (&notification);
}

static void
send_back_to_app_page (CaRequest  *req,
                       const char *title,
                       const char *text)
{
  g_autofree char *html = g_strdup_printf (
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>%s</title>\n"
    "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style>\n"
    "</head>\n<body>\n<main>\n<h1>%s</h1>\n<p>%s</p>\n</main>\n</body>\n</html>\n",
    title, title, text);

  ca_http_send_html (req->msg, 200, html);
}

void
ca_handle_payment_return (CaRequest *req)
{
  send_back_to_app_page (req, "Paiement terminé",
                         "Vous pouvez fermer cette page et revenir dans l’application Cours "
                         "d’Adultes de Paris : « Mes candidatures et paiements » affiche l’état "
                         "de votre inscription.");
}

void
ca_handle_home (CaRequest *req)
{
  send_back_to_app_page (req, "Cours d’Adultes de Paris",
                         "Poursuivez votre démarche dans l’application Cours d’Adultes de Paris "
                         ": recherchez une formation, enregistrez vos candidatures et suivez-les "
                         "dans « Mes candidatures et paiements ».");
}
