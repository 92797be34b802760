/* test-payfip-simulator.c — the PayFiP payment page, driven over HTTP on loopback
 *
 * A real SoupServer serves the simulator and a notification endpoint; a SoupSession plays
 * the payer's browser, submitting the forms the pages contain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "TestPayfipSimulator"

#include <string.h>

#include "ca-error.h"
#include "ca-payfip.h"

#define PAGE_PATH "/payfip/paiement.web"
#define HOSTILE_OBJET "Atelier <script>alert(\"x\")</script> & « théâtre » 'n' co"
#define GOOD_CARD "4111 1111 1111 1111"

typedef struct
{
  SoupServer        *server;
  CaPayfipSimulator *sim;
  SoupSession       *session;
  char              *base;           /* http://127.0.0.1:PORT */
  GPtrArray         *notifications;  /* decoded forms (GHashTable) POSTed to /notify */
  GPtrArray         *notify_bodies;  /* their raw bodies */
  GPtrArray         *held;           /* notifications left unanswered */
  guint              notify_status;  /* the answer of /notify; 0 never answers */
} Fixture;

typedef struct
{
  guint  status;
  char  *content_type;
  char  *allow;
  char  *body;
} Page;

static void
page_free (Page *page)
{
  g_free (page->content_type);
  g_free (page->allow);
  g_free (page->body);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* ---- server side ------------------------------------------------------------------------- */

static void
simulator_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;

  ca_payfip_simulator_handle (f->sim, server, msg, path, query);
}

static void
notify_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/x-www-form-urlencoded");

  g_ptr_array_add (f->notifications, soup_form_decode (body));
  g_ptr_array_add (f->notify_bodies, g_steal_pointer (&body));

  if (f->notify_status == 0)
    {
      g_ptr_array_add (f->held, g_object_ref (msg));
      soup_server_pause_message (server, msg);
      return;
    }

  soup_server_message_set_status (msg, f->notify_status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "OK", 2);
}

static char *
listen_on_loopback (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *base;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return base;
}

static void
answer_held_notifications (Fixture *f)
{
  for (guint i = 0; i < f->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->held, i);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_unpause_message (f->server, msg);
    }

  g_ptr_array_set_size (f->held, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = soup_server_new (NULL, NULL);
  f->sim = ca_payfip_simulator_new ();
  f->session = soup_session_new ();
  f->notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  f->notify_bodies = g_ptr_array_new_with_free_func (g_free);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->notify_status = SOUP_STATUS_OK;

  soup_server_add_handler (f->server, PAGE_PATH, simulator_cb, f, NULL);
  soup_server_add_handler (f->server, "/notify", notify_cb, f, NULL);
  f->base = listen_on_loopback (f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  answer_held_notifications (f);
  ca_payfip_simulator_free (f->sim);
  soup_session_abort (f->session);
  g_object_unref (f->session);
  soup_server_disconnect (f->server);
  g_object_unref (f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_ptr_array_unref (f->notifications);
  g_ptr_array_unref (f->notify_bodies);
  g_ptr_array_unref (f->held);
  g_free (f->base);
}

/* ---- browser side ------------------------------------------------------------------------ */

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Reply;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static SoupMessage *
new_request (Fixture    *f,
             const char *method,
             const char *path_and_query,
             const char *content_type,
             const char *body)
{
  g_autofree char *url = g_strconcat (f->base, path_and_query, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  return msg;
}

/* The server runs in this thread: wait by running the main loop, never by blocking. */
static void
wait_for (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static Page *
page_from_reply (SoupMessage *msg,
                 Reply       *reply)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  Page *page = g_new0 (Page, 1);

  g_assert_no_error (reply->error);
  page->status = soup_message_get_status (msg);
  page->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  page->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  page->body = g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
  g_clear_pointer (&reply->body, g_bytes_unref);

  if (page->status < 300)
    g_assert_cmpstr (page->content_type, ==, "text/html; charset=utf-8");

  return page;
}

static Page *
fetch (Fixture    *f,
       const char *method,
       const char *path_and_query,
       const char *content_type,
       const char *body)
{
  g_autoptr(SoupMessage) msg = new_request (f, method, path_and_query, content_type, body);
  Reply reply = { 0 };

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &reply);
  wait_for (&reply.done);

  return page_from_reply (msg, &reply);
}

static void
init_request (Fixture         *f,
              CaPayfipRequest *req,
              const char      *notify_url)
{
  req->numcli = g_strdup ("123456");
  req->exer = g_strdup ("2026");
  req->refdet = g_strdup ("CA-2026-000042");
  req->objet = g_strdup (HOSTILE_OBJET);
  req->mel = g_strdup ("jean.dupont@example.org");
  req->urlnotif = notify_url != NULL ? g_strdup (notify_url)
                                     : g_strconcat (f->base, "/notify?from=payfip&x=1", NULL);
  req->urlredirect = g_strconcat (f->base, "/payment/return?ref=CA-2026-000042&a=<b>", NULL);
  req->saisie = g_strdup ("T");
  req->montant = 35000;
}

/* The path and query the payer's browser is sent to. */
static char *
payment_path (Fixture               *f,
              const CaPayfipRequest *req)
{
  g_autofree char *page_url = g_strconcat (f->base, PAGE_PATH, NULL);
  g_autofree char *url = ca_payfip_build_url (page_url, req);

  return g_strdup (url + strlen (f->base));
}

static char *
html_unescape (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "&lt;", "<", 0);
  g_string_replace (out, "&gt;", ">", 0);
  g_string_replace (out, "&quot;", "\"", 0);
  g_string_replace (out, "&#39;", "'", 0);
  g_string_replace (out, "&apos;", "'", 0);
  g_string_replace (out, "&amp;", "&", 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The hidden inputs of the page's form, unescaped, as a browser would submit them. */
static GHashTable *
hidden_inputs (const char *html)
{
  GHashTable *inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  re = g_regex_new ("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">", 0, 0, NULL);
  g_regex_match (re, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *value = g_match_info_fetch (match, 2);

      g_hash_table_insert (inputs, g_match_info_fetch (match, 1), html_unescape (value));
      g_match_info_next (match, NULL);
    }

  return inputs;
}

/* The form found in @form_page, filled and encoded as a browser submits it with @action. */
static char *
fill_form (Page       *form_page,
           const char *action,
           const char *card_number,
           const char *expiry,
           const char *cvv)
{
  g_autoptr(GHashTable) form = hidden_inputs (form_page->body);

  g_hash_table_insert (form, g_strdup ("action"), g_strdup (action));
  if (card_number != NULL)
    g_hash_table_insert (form, g_strdup ("card_number"), g_strdup (card_number));
  if (expiry != NULL)
    g_hash_table_insert (form, g_strdup ("expiry"), g_strdup (expiry));
  if (cvv != NULL)
    g_hash_table_insert (form, g_strdup ("cvv"), g_strdup (cvv));

  return soup_form_encode_hash (form);
}

static Page *
submit (Fixture    *f,
        Page       *form_page,
        const char *action,
        const char *card_number,
        const char *expiry,
        const char *cvv)
{
  g_autofree char *encoded = fill_form (form_page, action, card_number, expiry, cvv);

  return fetch (f, "POST", PAGE_PATH, "application/x-www-form-urlencoded", encoded);
}

static Page *
open_payment_page (Fixture    *f,
                   const char *notify_url)
{
  CaPayfipRequest req = { 0 };
  g_autofree char *path = NULL;
  Page *page;

  init_request (f, &req, notify_url);
  path = payment_path (f, &req);
  page = fetch (f, "GET", path, NULL, NULL);
  g_assert_cmpuint (page->status, ==, SOUP_STATUS_OK);
  ca_payfip_request_clear (&req);

  return page;
}

/* "MM/YY" @months_ahead months from now (negative: in the past). */
static char *
expiry_in (int months_ahead)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_months (now, months_ahead);

  return g_date_time_format (then, "%m/%y");
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("«%s» not found in:\n%s", needle, haystack);
}

/* Submits a payment without waiting for its answer. */
static SoupMessage *
start_payment (Fixture      *f,
               GCancellable *cancellable,
               Reply        *reply)
{
  g_autoptr(Page) form = open_payment_page (f, NULL);
  g_autofree char *expiry = expiry_in (12);
  g_autofree char *encoded = fill_form (form, "pay", GOOD_CARD, expiry, "123");
  SoupMessage *msg = new_request (f, "POST", PAGE_PATH, "application/x-www-form-urlencoded",
                                  encoded);

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                                    reply);
  return msg;
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  wait_for (&done);
}

static void
wait_for_notifications (Fixture *f,
                        guint    n)
{
  while (f->notifications->len < n)
    g_main_context_iteration (NULL, TRUE);
}


/* ---- tests ------------------------------------------------------------------------------- */

static void
test_form (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Page) page = open_payment_page (f, NULL);
  g_autoptr(GHashTable) hidden = hidden_inputs (page->body);
  CaPayfipRequest req = { 0 };

  assert_contains (page->body, "<html lang=\"fr\">");
  assert_contains (page->body, "<title>Payer par carte bancaire");
  assert_contains (page->body, "<h1>Payer par carte bancaire</h1>");
  assert_contains (page->body, "350,00 €");
  assert_contains (page->body, "CA-2026-000042");
  assert_contains (page->body, "<form method=\"post\" action=\"" PAGE_PATH "\">");
  assert_contains (page->body, "<label for=\"card_number\">");
  assert_contains (page->body, "<label for=\"expiry\">");
  assert_contains (page->body, "<label for=\"cvv\">");
  assert_contains (page->body, "name=\"card_number\"");
  assert_contains (page->body, "name=\"expiry\"");
  assert_contains (page->body, "name=\"cvv\"");
  assert_contains (page->body, "autocomplete=\"cc-number\"");
  assert_contains (page->body, "name=\"action\" value=\"pay\">Valider</button>");
  assert_contains (page->body, "name=\"action\" value=\"cancel\"");
  assert_contains (page->body, ">Annuler</button>");

  /* The objet is shown escaped, never as markup. */
  g_assert_null (strstr (page->body, "<script>"));
  assert_contains (page->body, "Atelier &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                               "« théâtre » &apos;n&apos; co");

  /* Every parameter is carried, unchanged, by the hidden inputs. */
  init_request (f, &req, NULL);
  g_assert_cmpuint (g_hash_table_size (hidden), ==, 9);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "numcli"), ==, req.numcli);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "exer"), ==, req.exer);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "refdet"), ==, req.refdet);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "objet"), ==, req.objet);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "montant"), ==, "35000");
  g_assert_cmpstr (g_hash_table_lookup (hidden, "mel"), ==, req.mel);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "urlnotif"), ==, req.urlnotif);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "urlredirect"), ==, req.urlredirect);
  g_assert_cmpstr (g_hash_table_lookup (hidden, "saisie"), ==, "T");
  ca_payfip_request_clear (&req);

  g_assert_cmpuint (f->notifications->len, ==, 0);
}

/* The single notification received, checked as the service would. */
static GHashTable *
the_notification (Fixture              *f,
                  CaPayfipNotification *n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) minute_ago = g_date_time_add_minutes (now, -1);
  g_autofree char *date_now = g_date_time_format (now, "%d%m%Y");
  g_autofree char *date_before = g_date_time_format (minute_ago, "%d%m%Y");
  g_autofree char *time_now = g_date_time_format (now, "%H%M");
  g_autofree char *time_before = g_date_time_format (minute_ago, "%H%M");
  GHashTable *form;

  g_assert_cmpuint (f->notifications->len, ==, 1);
  form = g_ptr_array_index (f->notifications, 0);

  g_assert_true (ca_payfip_parse_notification (form, n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (form), ==, 11);
  g_assert_cmpstr (n->numcli, ==, "123456");
  g_assert_cmpstr (n->exer, ==, "2026");
  g_assert_cmpstr (n->refdet, ==, "CA-2026-000042");
  g_assert_cmpstr (n->objet, ==, HOSTILE_OBJET);
  g_assert_cmpstr (n->mel, ==, "jean.dupont@example.org");
  g_assert_cmpstr (n->saisie, ==, "T");
  g_assert_cmpint (n->montant, ==, 35000);
  g_assert_true (g_str_equal (n->dattrans, date_now) || g_str_equal (n->dattrans, date_before));
  g_assert_true (g_str_equal (n->heurtrans, time_now) || g_str_equal (n->heurtrans, time_before));

  /* No card data ever leaves the page. */
  g_assert_null (strstr (g_ptr_array_index (f->notify_bodies, 0), "4111"));
  g_assert_null (strstr (g_ptr_array_index (f->notify_bodies, 0), "card"));
  g_assert_null (strstr (g_ptr_array_index (f->notify_bodies, 0), "cvv"));

  return form;
}

static void
assert_continue_link (const char *html,
                      Fixture    *f)
{
  g_autofree char *expected = g_strdup_printf ("<a class=\"button\" href=\"%s/payment/return?"
                                               "ref=CA-2026-000042&amp;a=&lt;b&gt;\">Continuer</a>",
                                               f->base);
  assert_contains (html, expected);
}

/* Submits the payment form and checks the result page and the notification it sent. */
static Page *
assert_outcome (Fixture    *f,
                const char *action,
                const char *card_number,
                int         expiry_months_ahead,
                const char *cvv,
                const char *heading,
                char        resultrans)
{
  g_autoptr(Page) form = open_payment_page (f, NULL);
  g_autofree char *expiry = expiry_in (expiry_months_ahead);
  g_autofree char *h1 = g_strdup_printf ("<h1>%s</h1>", heading);
  Page *result = submit (f, form, action, card_number, expiry, cvv);
  CaPayfipNotification n = { 0 };

  g_assert_cmpuint (result->status, ==, SOUP_STATUS_OK);
  assert_contains (result->body, h1);
  assert_contains (result->body, "350,00 €");
  assert_continue_link (result->body, f);
  g_assert_null (strstr (result->body, "role=\"alert\""));

  the_notification (f, &n);
  g_assert_cmpint (n.resultrans, ==, resultrans);
  if (resultrans == 'P')
    {
      g_assert_cmpuint (strlen (n.numauto), ==, 6);
      assert_contains (result->body, n.numauto);
    }
  else
    g_assert_cmpstr (n.numauto, ==, "");
  ca_payfip_notification_clear (&n);

  return result;
}

static void
test_pay (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(Page) result = assert_outcome (f, "pay", GOOD_CARD, 12, "123",
                                           "Votre règlement est confirmé", 'P');

  g_assert_null (strstr (result->body, "4111"));
}

static void
test_pay_card_variants (Fixture       *f,
                        gconstpointer  data)
{
  /* 15-digit card without spaces, expiring this month, 4-digit code */
  g_autoptr(Page) result = assert_outcome (f, "pay", "378282246310005", 0, "1234",
                                           "Votre règlement est confirmé", 'P');
  g_assert_nonnull (result);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Page) result = assert_outcome (f, "pay", "4000 0000 0000 0002", 6, "321",
                                           "Votre paiement a été refusé", 'R');
  g_assert_nonnull (result);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  /* no card data at all: abandoning needs none */
  g_autoptr(Page) form = open_payment_page (f, NULL);
  g_autoptr(Page) result = submit (f, form, "cancel", NULL, NULL, NULL);
  CaPayfipNotification n = { 0 };

  g_assert_cmpuint (result->status, ==, SOUP_STATUS_OK);
  assert_contains (result->body, "<h1>Paiement abandonné</h1>");
  assert_continue_link (result->body, f);

  the_notification (f, &n);
  g_assert_cmpint (n.resultrans, ==, 'A');
  g_assert_cmpstr (n.numauto, ==, "");
  ca_payfip_notification_clear (&n);
}

static void
test_cancel_with_card (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Page) result = assert_outcome (f, "cancel", GOOD_CARD, 12, "123",
                                           "Paiement abandonné", 'A');
  g_assert_nonnull (result);
}

/* The form comes back with @message and no payment is notified. */
static void
assert_redisplayed (Fixture    *f,
                    const char *card_number,
                    const char *expiry,
                    const char *cvv,
                    const char *message,
                    const char *invalid_field)
{
  g_autoptr(Page) form = open_payment_page (f, NULL);
  g_autoptr(Page) again = submit (f, form, "pay", card_number, expiry, cvv);
  g_autoptr(GHashTable) hidden = hidden_inputs (again->body);
  g_autofree char *invalid = g_strdup_printf ("id=\"%s\" name=\"%s\"", invalid_field,
                                              invalid_field);
  const char *input;

  g_assert_cmpuint (again->status, ==, SOUP_STATUS_OK);
  assert_contains (again->body, "<h1>Payer par carte bancaire</h1>");
  assert_contains (again->body, "role=\"alert\"");
  assert_contains (again->body, message);
  g_assert_cmpuint (g_hash_table_size (hidden), ==, 9);

  /* the faulty input is marked for assistive technologies */
  input = strstr (again->body, invalid);
  g_assert_nonnull (input);
  g_assert_nonnull (strstr (input, "aria-invalid=\"true\""));
  g_assert_true (strstr (input, "aria-invalid=\"true\"") < strchr (input, '>'));

  /* the security code is never sent back */
  if (cvv != NULL && cvv[0] != '\0')
    {
      g_autofree char *echoed = g_strdup_printf ("value=\"%s\"", cvv);
      g_assert_null (strstr (again->body, echoed));
    }

  g_assert_cmpuint (f->notifications->len, ==, 0);
}

static void
test_invalid_card (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *expiry = expiry_in (12);
  const char *bad_numbers[] = {
    "4111 1111 1111 1112",          /* Luhn */
    "4111-1111-1111-1111",          /* dashes */
    "4111 1111 111",                /* too short */
    "41111111111111111111",         /* too long */
    "4111 1111 1111 111a",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    assert_redisplayed (f, bad_numbers[i], expiry, "123",
                        "Le numéro de carte n&apos;est pas valide.", "card_number");

  assert_redisplayed (f, GOOD_CARD, expiry, "12", "Le cryptogramme visuel comporte 3 ou 4 "
                      "chiffres.", "cvv");
  assert_redisplayed (f, GOOD_CARD, expiry, "12345", "Le cryptogramme visuel", "cvv");
  assert_redisplayed (f, GOOD_CARD, expiry, "12a", "Le cryptogramme visuel", "cvv");
  assert_redisplayed (f, GOOD_CARD, "13/30", "123", "au format MM/AA", "expiry");
  assert_redisplayed (f, GOOD_CARD, "1/30", "123", "au format MM/AA", "expiry");
  assert_redisplayed (f, GOOD_CARD, "0130", "123", "au format MM/AA", "expiry");
  assert_redisplayed (f, GOOD_CARD, "", "123", "au format MM/AA", "expiry");
  assert_redisplayed (f, GOOD_CARD, NULL, "123", "au format MM/AA", "expiry");

  /* a refused card with a bad code is a form error too, not a refusal */
  assert_redisplayed (f, "4000000000000002", expiry, "", "Le cryptogramme visuel", "cvv");
}

static void
test_expired_card (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *last_month = expiry_in (-1);
  g_autofree char *last_year = expiry_in (-12);

  assert_redisplayed (f, GOOD_CARD, last_month, "123", "Cette carte est expirée.", "expiry");
  assert_redisplayed (f, GOOD_CARD, last_year, "123", "Cette carte est expirée.", "expiry");
  assert_redisplayed (f, GOOD_CARD, "12/19", "123", "Cette carte est expirée.", "expiry");
}

static void
test_notify_error_status (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Page) form = open_payment_page (f, NULL);
  g_autofree char *expiry = expiry_in (12);
  g_autoptr(Page) result = NULL;

  f->notify_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  result = submit (f, form, "pay", GOOD_CARD, expiry, "123");

  g_assert_cmpuint (f->notifications->len, ==, 1);
  assert_contains (result->body, "Votre règlement est confirmé");
  assert_contains (result->body, "role=\"alert\"");
  assert_contains (result->body, "n'a pas pu être informé du résultat (réponse HTTP 500)");
  assert_continue_link (result->body, f);
}

static void
test_notify_unreachable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SoupServer) closed = soup_server_new (NULL, NULL);
  g_autofree char *closed_base = listen_on_loopback (closed);
  g_autofree char *notify_url = g_strconcat (closed_base, "/notify", NULL);
  g_autoptr(Page) form = NULL;
  g_autoptr(Page) result = NULL;

  /* Nothing listens on that port any more. */
  soup_server_disconnect (closed);

  form = open_payment_page (f, notify_url);
  result = submit (f, form, "cancel", NULL, NULL, NULL);

  assert_contains (result->body, "Paiement abandonné");
  assert_contains (result->body, "n'a pas pu être informé du résultat (service injoignable)");
  g_assert_cmpuint (f->notifications->len, ==, 0);
}

static void
test_notify_timeout (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Page) form = open_payment_page (f, NULL);
  g_autofree char *expiry = expiry_in (12);
  g_autoptr(Page) result = NULL;
  gint64 start;
  double seconds;

  f->notify_status = 0;
  start = g_get_monotonic_time ();
  result = submit (f, form, "pay", GOOD_CARD, expiry, "123");
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  /* The payer waits for the notification, at most its ten-second timeout. */
  g_assert_cmpfloat (seconds, >=, 9.0);
  g_assert_cmpfloat (seconds, <, 30.0);
  g_assert_cmpuint (f->notifications->len, ==, 1);
  assert_contains (result->body, "Votre règlement est confirmé");
  assert_contains (result->body, "(pas de réponse dans le délai)");
}

static void
test_payer_leaves (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Page) page = NULL;
  Reply reply = { 0 };

  /* The payer closes the page while the creditor is being notified. */
  f->notify_status = 0;
  msg = start_payment (f, cancellable, &reply);
  wait_for_notifications (f, 1);
  g_cancellable_cancel (cancellable);
  wait_for (&reply.done);
  g_assert_error (reply.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&reply.error);
  run_for (100);

  /* The notification completes afterwards; the simulator goes on serving. */
  answer_held_notifications (f);
  run_for (100);
  page = open_payment_page (f, NULL);
  assert_contains (page->body, "Payer par carte bancaire");
}

static void
test_free_while_notifying (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Page) page = NULL;
  Reply reply = { 0 };

  /* The service stops while a notification is on its way: the payer still gets a page. */
  f->notify_status = 0;
  msg = start_payment (f, NULL, &reply);
  wait_for_notifications (f, 1);
  g_clear_pointer (&f->sim, ca_payfip_simulator_free);
  wait_for (&reply.done);

  page = page_from_reply (msg, &reply);
  g_assert_cmpuint (page->status, ==, SOUP_STATUS_OK);
  assert_contains (page->body, "Votre règlement est confirmé");
  assert_contains (page->body, "n'a pas pu être informé du résultat (service de paiement arrêté)");
}

static void
assert_error_page (Fixture    *f,
                   const char *method,
                   const char *path,
                   const char *content_type,
                   const char *body,
                   guint       status,
                   const char *message)
{
  g_autoptr(Page) page = fetch (f, method, path, content_type, body);

  g_assert_cmpuint (page->status, ==, status);
  g_assert_cmpstr (page->content_type, ==, "text/html; charset=utf-8");
  assert_contains (page->body, "role=\"alert\"");
  assert_contains (page->body, message);
  g_assert_null (strstr (page->body, "<form"));
}

/* The payment URL with one parameter replaced (NULL value: removed). */
static char *
path_with (Fixture    *f,
           const char *name,
           const char *value)
{
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  CaPayfipRequest req = { 0 };

  init_request (f, &req, NULL);
  path = payment_path (f, &req);
  ca_payfip_request_clear (&req);

  params = g_uri_parse_params (strchr (path, '?') + 1, -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  if (value == NULL)
    g_hash_table_remove (params, name);
  else
    g_hash_table_replace (params, g_strdup (name), g_strdup (value));

  query = soup_form_encode_hash (params);
  return g_strconcat (PAGE_PATH "?", query, NULL);
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  const char *required[] = {
    "numcli", "exer", "refdet", "objet", "montant", "mel", "urlnotif", "urlredirect", "saisie",
  };
  const struct { const char *name; const char *value; } bad[] = {
    { "montant", "abc" }, { "montant", "-100" }, { "montant", "0" }, { "montant", "12.5" },
    { "urlnotif", "ftp://127.0.0.1/notify" }, { "urlnotif", "/notify" },
    { "urlredirect", "javascript:alert(1)" }, { "mel", "pas-une-adresse" },
    { "saisie", "Q" }, { "exer", "26" }, { "refdet", "a b" }, { "objet", "" },
  };

  assert_error_page (f, "GET", PAGE_PATH, NULL, NULL, SOUP_STATUS_BAD_REQUEST, "numcli");

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *path = path_with (f, required[i], NULL);
      assert_error_page (f, "GET", path, NULL, NULL, SOUP_STATUS_BAD_REQUEST, required[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = path_with (f, bad[i].name, bad[i].value);
      assert_error_page (f, "GET", path, NULL, NULL, SOUP_STATUS_BAD_REQUEST, bad[i].name);
    }

  assert_error_page (f, "POST", PAGE_PATH, "application/x-www-form-urlencoded",
                     "action=pay&card_number=4111111111111111", SOUP_STATUS_BAD_REQUEST,
                     "numcli");
  assert_error_page (f, "POST", PAGE_PATH, "application/json", "{\"action\":\"pay\"}",
                     SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "format");

  {
    g_autoptr(Page) form = open_payment_page (f, NULL);
    g_autoptr(Page) page = submit (f, form, "steal", GOOD_CARD, "12/40", "123");

    g_assert_cmpuint (page->status, ==, SOUP_STATUS_BAD_REQUEST);
    assert_contains (page->body, "« Valider »");
  }

  {
    g_autoptr(Page) page = fetch (f, "PUT", PAGE_PATH, "text/plain", "x");

    g_assert_cmpuint (page->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
    g_assert_cmpstr (page->allow, ==, "GET, HEAD, POST");
  }

  g_assert_cmpuint (f->notifications->len, ==, 0);
}

static void
test_allowed_prefix (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *prefix = g_strconcat (f->base, "/", NULL);
  g_autofree char *elsewhere = path_with (f, "urlnotif", "http://192.0.2.1/notify");
  g_autoptr(Page) page = NULL;

  ca_payfip_simulator_set_allowed_prefix (f->sim, prefix);

  assert_error_page (f, "GET", elsewhere, NULL, NULL, SOUP_STATUS_BAD_REQUEST, "urlnotif");
  page = open_payment_page (f, NULL);
  assert_contains (page->body, "Payer par carte bancaire");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/payfip-simulator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("form", test_form);
  ADD ("pay", test_pay);
  ADD ("pay-card-variants", test_pay_card_variants);
  ADD ("refused", test_refused);
  ADD ("cancel", test_cancel);
  ADD ("cancel-with-card", test_cancel_with_card);
  ADD ("invalid-card", test_invalid_card);
  ADD ("expired-card", test_expired_card);
  ADD ("notify-error-status", test_notify_error_status);
  ADD ("notify-unreachable", test_notify_unreachable);
  ADD ("notify-timeout", test_notify_timeout);
  ADD ("payer-leaves", test_payer_leaves);
  ADD ("free-while-notifying", test_free_while_notifying);
  ADD ("bad-requests", test_bad_requests);
  ADD ("allowed-prefix", test_allowed_prefix);

#undef ADD

  return g_test_run ();
}
