/* ca-credentials.c — the remembered account in the system keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCredentials"

#include "ca-credentials.h"

const SecretSchema *
ca_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "fr.paris.CoursAdultes.Account", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

typedef struct
{
  char *server;
  char *email;
  char *password;
} Request;

static void
request_free (Request *request)
{
  g_free (request->server);
  g_free (request->email);
  secret_password_free (request->password);
  g_free (request);
}

static GTask *
request_task_new (gpointer             source_tag,
                  const char          *server,
                  const char          *email,
                  const char          *password,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->server = g_strdup (server);
  request->email = g_strdup (email);
  request->password = g_strdup (password);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

/* Store */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_clear_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  g_autofree char *label = NULL;

  /* Nothing to clear is not a failure; a keyring that cannot be reached fails the store. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  label = g_strdup_printf ("Cours d'Adultes de Paris (%s)", request->email);
  secret_password_store (ca_credentials_get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         request->password, g_task_get_cancellable (task),
                         store_cb, g_object_ref (task),
                         "server", request->server,
                         "email", request->email,
                         NULL);
}

void
ca_credentials_store_async (const char          *server,
                            const char          *email,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL && email != NULL && password != NULL);

  task = request_task_new (ca_credentials_store_async, server, email, password,
                           cancellable, callback, user_data);
  /* One remembered account per service: forget any other first. */
  secret_password_clear (ca_credentials_get_schema (), cancellable,
                         store_clear_cb, g_steal_pointer (&task),
                         "server", server,
                         NULL);
}

gboolean
ca_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);

  request->password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, request->password != NULL);
}

static void
lookup_search_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  Request *request = g_task_get_task_data (task);
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (items == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* The e-mail address is an attribute; the password comes with a lookup on both. */
  attributes = secret_retrievable_get_attributes (items->data);
  request->email = g_strdup (g_hash_table_lookup (attributes, "email"));
  g_list_free_full (items, g_object_unref);
  if (request->email == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  secret_password_lookup (ca_credentials_get_schema (), g_task_get_cancellable (task),
                          lookup_password_cb, g_object_ref (task),
                          "server", request->server,
                          "email", request->email,
                          NULL);
}

void
ca_credentials_lookup_async (const char          *server,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = request_task_new (ca_credentials_lookup_async, server, NULL, NULL,
                           cancellable, callback, user_data);
  secret_password_search (ca_credentials_get_schema (), SECRET_SEARCH_UNLOCK, cancellable,
                          lookup_search_cb, g_steal_pointer (&task),
                          "server", server,
                          NULL);
}

gboolean
ca_credentials_lookup_finish (GAsyncResult  *result,
                              char         **email,
                              char         **password,
                              GError       **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  request = g_task_get_task_data (G_TASK (result));
  if (email != NULL)
    *email = g_steal_pointer (&request->email);
  if (password != NULL)
    *password = g_steal_pointer (&request->password);
  return TRUE;
}

/* Clear */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ca_credentials_clear_async (const char          *server,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = request_task_new (ca_credentials_clear_async, server, NULL, NULL,
                           cancellable, callback, user_data);
  secret_password_clear (ca_credentials_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "server", server,
                         NULL);
}

gboolean
ca_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
