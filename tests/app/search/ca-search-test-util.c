/* ca-search-test-util.c — clicks and synchronous client calls for the search tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaSearchTest"

#include "ca-search-test-util.h"

#define CALL_TIMEOUT_MS 30000

void
ca_search_click (GtkWidget *button)
{
  g_assert (GTK_IS_BUTTON (button));
  if (gtk_widget_is_sensitive (button))
    g_signal_emit_by_name (button, "clicked");
}

/* With @db_path NULL, a new database with the demo catalogue; otherwise @db_path as it is */
CaSearchServer *
ca_search_server_new (const char  *db_path,
                      GError     **error)
{
  return db_path != NULL ? ca_test_server_new_for_db (db_path, error)
                         : ca_test_server_new (NULL, error);
}

/* A confirmed account; with @complete_profile, one that may save candidatures */
gboolean
ca_search_server_add_account (CaSearchServer  *server,
                              const char      *email,
                              const char      *password,
                              gboolean         complete_profile,
                              GError         **error)
{
  return ca_test_server_create_account (server, email, password, TRUE, error)
         && (!complete_profile || ca_test_server_complete_profile (server, email, password,
                                                                   error));
}

/* ---- synchronous client calls -------------------------------------------------------------- */

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Waiter;

static void
waiter_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

static gboolean
wait_result (Waiter  *waiter,
             GError **error)
{
  if (ca_test_spin_until_set (&waiter->done, CALL_TIMEOUT_MS))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no reply in time");
  return FALSE;
}

CaCatalogue *
ca_search_get_catalogue (CaClient  *client,
                         GError   **error)
{
  Waiter waiter = { FALSE, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_get_catalogue_async (client, NULL, waiter_cb, &waiter);
  if (!wait_result (&waiter, error))
    return NULL;
  result = waiter.result;
  return ca_client_get_catalogue_finish (client, result, error);
}

CaCourseList *
ca_search_courses (CaClient            *client,
                   const CaCourseQuery *query,
                   GError             **error)
{
  Waiter waiter = { FALSE, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_search_courses_async (client, query, NULL, waiter_cb, &waiter);
  if (!wait_result (&waiter, error))
    return NULL;
  result = waiter.result;
  return ca_client_search_courses_finish (client, result, error);
}

CaCourse *
ca_search_get_course (CaClient   *client,
                      const char *course_id,
                      GError    **error)
{
  Waiter waiter = { FALSE, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_get_course_async (client, course_id, NULL, waiter_cb, &waiter);
  if (!wait_result (&waiter, error))
    return NULL;
  result = waiter.result;
  return ca_client_get_course_finish (client, result, error);
}
