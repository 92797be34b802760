/* ca-payfip-simulator.c — a PayFiP payment page for development and tests
 *
 * The page behaves as the DGFiP's: it shows the debt, takes a card, tells the creditor's
 * urlnotif the result by a form POST, then sends the payer back to urlredirect. No real
 * payment is made; card data is only checked for its shape and never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaPayfip"

#include <string.h>

#include "ca-crypto.h"
#include "ca-payfip-private.h"

#define NOTIFY_TIMEOUT_SECONDS 10
#define MAX_FORM_BYTES (64 * 1024)
#define NUMAUTO_LENGTH 6
#define NUMAUTO_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

struct _CaPayfipSimulator
{
  SoupSession  *session;
  GCancellable *cancellable;
  char         *allowed_prefix;
};

/* What the payer typed, kept to show the form again with its errors. */
typedef struct
{
  const char *card_number;
  const char *expiry;
  const char *card_error;
  const char *expiry_error;
  const char *cvv_error;
} CardForm;

/* A payment whose notification is on its way; the payer's request waits, paused. */
typedef struct
{
  SoupServer        *server;
  SoupServerMessage *msg;
  SoupMessage       *notify_msg;
  gulong             finished_id;
  gboolean           finished;
  CaPayfipRequest    req;
  char               resultrans;
  char              *numauto;
} Pending;

static const char *page_style =
  "body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:0;background:#f6f6f6;color:#1e1e1e;"
  "line-height:1.5}"
  "header{background:#000091;color:#fff;padding:.75rem 1.5rem}"
  "header p{margin:0;font-weight:bold}"
  "main{max-width:34rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;"
  "border:1px solid #ddd;border-radius:4px}"
  "h1{font-size:1.5rem;margin-top:0}"
  "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}"
  "dt{font-weight:bold}dd{margin:0}"
  ".amount{white-space:nowrap;font-weight:bold}"
  ".notice{color:#555;font-size:.9rem}"
  ".field{margin:1rem 0}label{display:block;font-weight:bold}"
  "input{font-size:1.1rem;padding:.4rem;border:1px solid #666;border-radius:3px;width:16rem}"
  "input[aria-invalid=true]{border:2px solid #ce0500}"
  ".hint{margin:.2rem 0 0;color:#555;font-size:.9rem}"
  ".field-error{margin:.2rem 0 0;color:#ce0500;font-weight:bold}"
  ".alert{border-left:4px solid #ce0500;background:#ffe9e9;padding:.5rem 1rem;margin:1rem 0}"
  ".success{border-left:4px solid #18753c;background:#b8fec9;padding:.5rem 1rem;margin:1rem 0}"
  ".actions{display:flex;gap:1rem;margin-top:1.5rem}"
  "button,a.button{font-size:1rem;padding:.5rem 1.25rem;border-radius:3px;cursor:pointer;"
  "border:1px solid #000091;background:#000091;color:#fff;text-decoration:none}"
  "button.secondary{background:#fff;color:#000091}"
  ":focus-visible{outline:3px solid #0a76f6;outline-offset:2px}";

/* ---- HTML ------------------------------------------------------------------------------ */

static void G_GNUC_PRINTF (2, 3)
html_append (GString    *out,
             const char *format,
             ...)
{
  g_autofree char *chunk = NULL;
  va_list args;

  /* Every %s argument is escaped: the values come from the payer's browser. */
  va_start (args, format);
  chunk = g_markup_vprintf_escaped (format, args);
  va_end (args);

  g_string_append (out, chunk);
}

static GString *
page_begin (const char *title)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"
                               "<meta charset=\"utf-8\">\n"
                               "<meta name=\"viewport\" content=\"width=device-width, "
                               "initial-scale=1\">\n");

  html_append (out, "<title>%s – PayFiP</title>\n", title);
  g_string_append_printf (out, "<style>%s</style>\n</head>\n<body>\n", page_style);
  g_string_append (out, "<header><p>PayFiP – Paiement des services publics locaux</p></header>\n"
                        "<main>\n");
  html_append (out, "<h1>%s</h1>\n", title);

  return out;
}

static void
send_page (SoupServerMessage *msg,
           guint              status,
           GString           *page)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len;
  char *data;

  g_string_append (page, "<p class=\"notice\">Simulateur PayFiP : aucun paiement réel "
                         "n'est effectué.</p>\n</main>\n</body>\n</html>\n");
  len = page->len;
  data = g_string_free (page, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; "
                                "form-action 'self'; frame-ancestors 'none'");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, data, len);
}

static void
send_error_page (SoupServerMessage *msg,
                 guint              status,
                 const char        *message)
{
  GString *page = page_begin ("Demande de paiement invalide");

  html_append (page, "<div class=\"alert\" role=\"alert\"><p>%s</p></div>\n", message);
  g_string_append (page, "<p>Revenez au site sur lequel vous avez commencé le paiement "
                         "et recommencez.</p>\n");
  send_page (msg, status, page);
}

static void
append_summary (GString               *page,
                const CaPayfipRequest *req)
{
  g_autofree char *amount = ca_payfip_format_amount (req->montant);

  html_append (page,
               "<dl>\n<dt>Objet</dt><dd>%s</dd>\n"
               "<dt>Référence</dt><dd>%s</dd>\n"
               "<dt>Montant</dt><dd><span class=\"amount\">%s</span></dd>\n</dl>\n",
               req->objet, req->refdet, amount);
}

static void
append_hidden (GString    *page,
               const char *name,
               const char *value)
{
  html_append (page, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", name, value);
}

static void
append_input (GString    *page,
              const char *id,
              const char *label,
              const char *hint,
              const char *autocomplete,
              const char *value,
              const char *error)
{
  g_autofree char *described_by = error != NULL ? g_strdup_printf ("%s-hint %s-error", id, id)
                                                : g_strdup_printf ("%s-hint", id);

  html_append (page, "<div class=\"field\">\n<label for=\"%s\">%s</label>\n", id, label);
  html_append (page,
               "<input id=\"%s\" name=\"%s\" type=\"text\" inputmode=\"numeric\" "
               "autocomplete=\"%s\" required aria-describedby=\"%s\"",
               id, id, autocomplete, described_by);
  if (error != NULL)
    g_string_append (page, " aria-invalid=\"true\"");
  html_append (page, " value=\"%s\">\n", value != NULL ? value : "");
  html_append (page, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", id, hint);
  if (error != NULL)
    html_append (page, "<p class=\"field-error\" id=\"%s-error\">%s</p>\n", id, error);
  g_string_append (page, "</div>\n");
}

static void
send_form_page (SoupServerMessage     *msg,
                const char            *path,
                const CaPayfipRequest *req,
                const CardForm        *card)
{
  GString *page = page_begin ("Payer par carte bancaire");
  g_autofree char *montant = g_strdup_printf ("%" G_GINT64_FORMAT, req->montant);
  gboolean has_errors = card->card_error != NULL || card->expiry_error != NULL ||
                        card->cvv_error != NULL;

  append_summary (page, req);

  if (has_errors)
    {
      g_string_append (page, "<div class=\"alert\" role=\"alert\">\n"
                             "<p>Le paiement n'a pas été effectué. Corrigez les informations "
                             "de votre carte :</p>\n<ul>\n");
      if (card->card_error != NULL)
        html_append (page, "<li><a href=\"#card_number\">%s</a></li>\n", card->card_error);
      if (card->expiry_error != NULL)
        html_append (page, "<li><a href=\"#expiry\">%s</a></li>\n", card->expiry_error);
      if (card->cvv_error != NULL)
        html_append (page, "<li><a href=\"#cvv\">%s</a></li>\n", card->cvv_error);
      g_string_append (page, "</ul>\n</div>\n");
    }

  html_append (page, "<form method=\"post\" action=\"%s\">\n", path);
  append_hidden (page, "numcli", req->numcli);
  append_hidden (page, "exer", req->exer);
  append_hidden (page, "refdet", req->refdet);
  append_hidden (page, "objet", req->objet);
  append_hidden (page, "montant", montant);
  append_hidden (page, "mel", req->mel);
  append_hidden (page, "urlnotif", req->urlnotif);
  append_hidden (page, "urlredirect", req->urlredirect);
  append_hidden (page, "saisie", req->saisie);

  append_input (page, "card_number", "Numéro de carte", "13 à 19 chiffres, espaces acceptés",
                "cc-number", card->card_number, card->card_error);
  append_input (page, "expiry", "Date d'expiration (MM/AA)", "Par exemple 09/28",
                "cc-exp", card->expiry, card->expiry_error);
  /* The security code is never sent back to the browser. */
  append_input (page, "cvv", "Cryptogramme visuel", "3 ou 4 chiffres, au dos de la carte",
                "cc-csc", NULL, card->cvv_error);

  g_string_append (page, "<div class=\"actions\">\n"
                         "<button type=\"submit\" name=\"action\" value=\"pay\">Valider</button>\n"
                         "<button type=\"submit\" name=\"action\" value=\"cancel\" "
                         "class=\"secondary\" formnovalidate>Annuler</button>\n"
                         "</div>\n</form>\n");

  send_page (msg, SOUP_STATUS_OK, page);
}

static void
send_result_page (SoupServerMessage     *msg,
                  const CaPayfipRequest *req,
                  char                   resultrans,
                  const char            *numauto,
                  const char            *notify_error)
{
  g_autofree char *amount = ca_payfip_format_amount (req->montant);
  GString *page;

  switch (resultrans)
    {
    case 'P':
      page = page_begin ("Votre règlement est confirmé");
      html_append (page, "<p class=\"success\">Le paiement de <span class=\"amount\">%s</span> "
                         "a été accepté. Numéro d'autorisation : %s.</p>\n", amount, numauto);
      break;

    case 'R':
      page = page_begin ("Votre paiement a été refusé");
      g_string_append (page, "<p>Votre banque a refusé le paiement. "
                             "Aucune somme n'a été débitée.</p>\n");
      break;

    default:
      page = page_begin ("Paiement abandonné");
      g_string_append (page, "<p>Vous avez abandonné le paiement. "
                             "Aucune somme n'a été débitée.</p>\n");
      break;
    }

  append_summary (page, req);

  if (notify_error != NULL)
    html_append (page,
                 "<div class=\"alert\" role=\"alert\"><p>Le site du créancier n'a pas pu être "
                 "informé du résultat (%s). Conservez cette page et signalez-le au Service "
                 "des Cours d'Adultes.</p></div>\n",
                 notify_error);

  html_append (page, "<p><a class=\"button\" href=\"%s\">Continuer</a></p>\n", req->urlredirect);

  send_page (msg, SOUP_STATUS_OK, page);
}

/* ---- card checks ----------------------------------------------------------------------- */

/* The digits of a card number typed with or without spaces; NULL when malformed. */
static char *
normalize_card_number (const char *typed)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = typed; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ')
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }

  if (digits->len < 13 || digits->len > 19 || !ca_luhn_valid (digits->str))
    {
      g_string_free (digits, TRUE);
      return NULL;
    }

  return g_string_free (digits, FALSE);
}

/* "MM/YY" (or "MM/YYYY"); the card is valid until the end of that month. */
static const char *
check_expiry (const char *typed)
{
  g_autofree char *copy = g_strstrip (g_strdup (typed));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_auto(GStrv) parts = g_strsplit (copy, "/", -1);
  guint64 month = 0, year = 0;

  if (g_strv_length (parts) != 2)
    return "Indiquez la date d'expiration au format MM/AA.";

  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  if (strlen (parts[0]) != 2 || (strlen (parts[1]) != 2 && strlen (parts[1]) != 4) ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 9999, &year, NULL))
    return "Indiquez la date d'expiration au format MM/AA.";

  if (year < 100)
    year += 2000;

  if ((int) year < g_date_time_get_year (now) ||
      ((int) year == g_date_time_get_year (now) && (int) month < g_date_time_get_month (now)))
    return "Cette carte est expirée.";

  return NULL;
}

static gboolean
is_cvv (const char *typed)
{
  gsize len = strlen (typed);

  if (len < 3 || len > 4)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (typed[i]))
      return FALSE;

  return TRUE;
}

static char *
new_numauto (void)
{
  char *numauto = g_malloc (NUMAUTO_LENGTH + 1);

  for (guint i = 0; i < NUMAUTO_LENGTH; i++)
    numauto[i] = NUMAUTO_ALPHABET[ca_random_uniform (strlen (NUMAUTO_ALPHABET))];
  numauto[NUMAUTO_LENGTH] = '\0';

  return numauto;
}

/* ---- notification ---------------------------------------------------------------------- */

/* libsoup 3.2 moved pausing onto the message; the project builds against the 3.0 API. */
static void
pause_payer (SoupServer        *server,
             SoupServerMessage *msg)
{
#if SOUP_VERSION_MIN_REQUIRED >= SOUP_VERSION_3_2
  pause_payer (server, msg);
#else
  soup_server_pause_message (server, msg);
#endif
}

static void
unpause_payer (SoupServer        *server,
               SoupServerMessage *msg)
{
#if SOUP_VERSION_MIN_REQUIRED >= SOUP_VERSION_3_2
  soup_server_message_unpause (msg);
#else
  soup_server_unpause_message (server, msg);
#endif
}

static void
pending_free (Pending *pending)
{
  if (pending->finished_id != 0)
    g_signal_handler_disconnect (pending->msg, pending->finished_id);
  g_clear_object (&pending->msg);
  g_clear_object (&pending->server);
  g_clear_object (&pending->notify_msg);
  ca_payfip_request_clear (&pending->req);
  g_free (pending->numauto);
  g_free (pending);
}

static void
payer_finished_cb (SoupServerMessage *msg,
                   Pending           *pending)
{
  /* The payer went away: there is nobody left to show the result to. */
  g_debug ("The payer of %s left before the result", pending->req.refdet);
  pending->finished = TRUE;
}

static void
notify_sent_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notify_error = NULL;
  guint status;

  reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  status = soup_message_get_status (pending->notify_msg);

  if (reply == NULL)
    {
      g_message ("PayFiP notification of %s failed: %s", pending->req.refdet, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        notify_error = g_strdup ("pas de réponse dans le délai");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        notify_error = g_strdup ("service de paiement arrêté");
      else
        notify_error = g_strdup ("service injoignable");
    }
  else if (status == SOUP_STATUS_CONFLICT)
    {
      /* The creditor received the payment but could not apply it (e.g. the candidature was
       * cancelled meanwhile): it owes a refund. */
      g_message ("PayFiP notification of %s not applied (HTTP %u)", pending->req.refdet, status);
      notify_error = g_strdup ("le paiement n'a pas pu être appliqué à votre candidature ; "
                               "il doit vous être remboursé");
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_message ("PayFiP notification of %s answered HTTP %u", pending->req.refdet, status);
      notify_error = g_strdup_printf ("réponse HTTP %u", status);
    }

  if (!pending->finished)
    {
      send_result_page (pending->msg, &pending->req, pending->resultrans, pending->numauto,
                        notify_error);
      unpause_payer (pending->server, pending->msg);
    }

  pending_free (pending);
}

static void
notify_and_answer (CaPayfipSimulator *sim,
                   SoupServer        *server,
                   SoupServerMessage *msg,
                   CaPayfipRequest   *req,
                   char               resultrans)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dattrans = g_date_time_format (now, "%d%m%Y");
  g_autofree char *heurtrans = g_date_time_format (now, "%H%M");
  g_autofree char *montant = g_strdup_printf ("%" G_GINT64_FORMAT, req->montant);
  g_autofree char *numauto = resultrans == 'P' ? new_numauto () : g_strdup ("");
  char resultrans_str[2] = { resultrans, '\0' };
  SoupMessage *notify_msg;
  Pending *pending;
  char *form;

  form = soup_form_encode ("numcli", req->numcli,
                           "exer", req->exer,
                           "refdet", req->refdet,
                           "objet", req->objet,
                           "montant", montant,
                           "mel", req->mel,
                           "saisie", req->saisie,
                           "resultrans", resultrans_str,
                           "numauto", numauto,
                           "dattrans", dattrans,
                           "heurtrans", heurtrans,
                           NULL);
  notify_msg = soup_message_new_from_encoded_form ("POST", req->urlnotif, form);
  if (notify_msg == NULL)
    {
      /* GUri accepted it but libsoup does not: refuse before anything is paid. */
      send_error_page (msg, SOUP_STATUS_BAD_REQUEST,
                       "Le paramètre « urlnotif » est absent ou incorrect.");
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->server = g_object_ref (server);
  pending->msg = g_object_ref (msg);
  pending->notify_msg = notify_msg;
  pending->req = *req;
  memset (req, 0, sizeof *req);
  pending->resultrans = resultrans;
  pending->numauto = g_steal_pointer (&numauto);

  pending->finished_id = g_signal_connect (msg, "finished",
                                           G_CALLBACK (payer_finished_cb), pending);
  pause_payer (server, msg);

  g_debug ("PayFiP result %c for %s, notifying the creditor", resultrans, pending->req.refdet);
  soup_session_send_and_read_async (sim->session, pending->notify_msg, G_PRIORITY_DEFAULT,
                                    sim->cancellable, notify_sent_cb, pending);
}

/* ---- requests -------------------------------------------------------------------------- */

static GHashTable *
read_form (SoupServerMessage  *msg,
           guint              *status,
           const char        **message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data;

  if (content_type == NULL ||
      g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") != 0)
    {
      *status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
      *message = "Le formulaire de paiement n'a pas le format attendu.";
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &size);
  if (size > MAX_FORM_BYTES)
    {
      *status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      *message = "Le formulaire de paiement est trop volumineux.";
      return NULL;
    }

  text = g_strndup (data != NULL ? data : "", size);
  return soup_form_decode (text);
}

static void
handle_payment (CaPayfipSimulator *sim,
                SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *form,
                CaPayfipRequest   *req)
{
  const char *action = g_hash_table_lookup (form, "action");
  const char *card_number = g_hash_table_lookup (form, "card_number");
  const char *expiry = g_hash_table_lookup (form, "expiry");
  const char *cvv = g_hash_table_lookup (form, "cvv");
  g_autofree char *digits = NULL;
  CardForm card = { card_number, expiry, NULL, NULL, NULL };

  if (g_strcmp0 (action, "cancel") == 0)
    {
      notify_and_answer (sim, server, msg, req, 'A');
      return;
    }

  if (g_strcmp0 (action, "pay") != 0)
    {
      send_error_page (msg, SOUP_STATUS_BAD_REQUEST,
                       "Choisissez « Valider » pour payer ou « Annuler » pour abandonner.");
      return;
    }

  if (card_number == NULL || (digits = normalize_card_number (card_number)) == NULL)
    card.card_error = "Le numéro de carte n'est pas valide.";
  card.expiry_error = expiry != NULL ? check_expiry (expiry)
                                     : "Indiquez la date d'expiration au format MM/AA.";
  if (cvv == NULL || !is_cvv (cvv))
    card.cvv_error = "Le cryptogramme visuel comporte 3 ou 4 chiffres.";

  if (card.card_error != NULL || card.expiry_error != NULL || card.cvv_error != NULL)
    {
      send_form_page (msg, path, req, &card);
      return;
    }

  notify_and_answer (sim, server, msg, req,
                     g_str_equal (digits, CA_PAYFIP_REFUSED_CARD) ? 'R' : 'P');
}

void
ca_payfip_simulator_handle (CaPayfipSimulator *sim,
                            SoupServer        *server,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  CaPayfipRequest req = { 0 };
  const CardForm empty_card = { 0 };

  g_return_if_fail (sim != NULL);
  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (path != NULL);

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    {
      if (!ca_payfip_read_request (query, sim->allowed_prefix, &req, &error))
        send_error_page (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      else
        send_form_page (msg, path, &req, &empty_card);
    }
  else if (g_str_equal (method, "POST"))
    {
      guint status = SOUP_STATUS_BAD_REQUEST;
      const char *message = NULL;

      if ((form = read_form (msg, &status, &message)) == NULL)
        send_error_page (msg, status, message);
      else if (!ca_payfip_read_request (form, sim->allowed_prefix, &req, &error))
        send_error_page (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      else
        handle_payment (sim, server, msg, path, form, &req);
    }
  else
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, HEAD, POST");
      send_error_page (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                       "Cette page s'ouvre depuis le site du créancier.");
    }

  ca_payfip_request_clear (&req);
}

CaPayfipSimulator *
ca_payfip_simulator_new (void)
{
  CaPayfipSimulator *sim = g_new0 (CaPayfipSimulator, 1);

  /* It only ever calls the service itself: no proxy. GIO's default resolver would load
   * libproxy (C++), which aborts under AddressSanitizer in this C program. */
  sim->session = soup_session_new_with_options ("timeout", NOTIFY_TIMEOUT_SECONDS,
                                                "user-agent", "PayFiP-simulateur",
                                                "proxy-resolver", NULL,
                                                NULL);
  sim->cancellable = g_cancellable_new ();

  return sim;
}

void
ca_payfip_simulator_set_allowed_prefix (CaPayfipSimulator *sim,
                                        const char        *prefix)
{
  g_return_if_fail (sim != NULL);

  g_free (sim->allowed_prefix);
  sim->allowed_prefix = g_strdup (prefix);
}

void
ca_payfip_simulator_free (CaPayfipSimulator *sim)
{
  if (sim == NULL)
    return;

  /* Notifications still on their way finish with an error and answer their payer. */
  g_cancellable_cancel (sim->cancellable);
  g_clear_object (&sim->cancellable);
  g_clear_object (&sim->session);
  g_free (sim->allowed_prefix);
  g_free (sim);
}
