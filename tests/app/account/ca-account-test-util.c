/* ca-account-test-util.c — synchronous steps and mail reading for the account tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAccountTest"

#include <glib/gstdio.h>

#include "ca-account-test-util.h"

void
ca_account_test_click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  if (gtk_widget_is_sensitive (button) && gtk_widget_get_visible (button))
    g_signal_emit_by_name (button, "clicked");
}

void
ca_account_test_type (gpointer    editable,
                      const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* Mails are quoted-printable: soft line breaks and =XX escapes */
static char *
quoted_printable_decode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '=' && p[1] == '\r' && p[2] == '\n')
        p += 2;
      else if (p[0] == '=' && p[1] == '\n')
        p += 1;
      else if (p[0] == '=' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16
                                          + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
ca_account_test_newest_mail (const char *mail_dir)
{
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  g_autofree char *newest = NULL;
  g_autofree char *raw = NULL;
  gint64 newest_time = -1;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (mail_dir, name, NULL);
      GStatBuf st;
      gint64 time;

      if (g_stat (path, &st) != 0)
        continue;
      time = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
      /* Same instant: the name decides, so the order is stable */
      if (time > newest_time || (time == newest_time && g_strcmp0 (path, newest) > 0))
        {
          newest_time = time;
          g_free (newest);
          newest = g_steal_pointer (&path);
        }
    }
  if (newest == NULL || !g_file_get_contents (newest, &raw, NULL, NULL))
    return NULL;
  return quoted_printable_decode (raw);
}

char *
ca_account_test_mail_token (const char *mail)
{
  const char *start = strstr (mail, "confirm?token=");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("confirm?token=");
  for (end = start; g_ascii_isalnum (*end) || *end == '-' || *end == '_'; end++)
    ;
  return end > start ? g_strndup (start, end - start) : NULL;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_assert_true (ca_test_spin_until (has_result, wait, CA_ACCOUNT_WAIT_MS));
  return wait->result;
}

gboolean
ca_account_test_confirm (CaClient    *client,
                         const char  *token,
                         GError     **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_confirm_account_async (client, token, NULL, done_cb, &wait);
  result = wait_result (&wait);
  return ca_client_confirm_account_finish (client, result, error);
}

CaSessionInfo *
ca_account_test_log_in (CaClient    *client,
                        const char  *email,
                        const char  *password,
                        GError     **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_login_async (client, email, password, NULL, done_cb, &wait);
  result = wait_result (&wait);
  return ca_client_login_finish (client, result, error);
}

CaProfile *
ca_account_test_get_profile (CaClient  *client,
                             GError   **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_get_profile_async (client, NULL, done_cb, &wait);
  result = wait_result (&wait);
  return ca_client_get_profile_finish (client, result, error);
}

CaProfile *
ca_account_test_put_profile (CaClient   *client,
                             CaProfile  *profile,
                             GError    **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  ca_client_put_profile_async (client, profile, NULL, done_cb, &wait);
  result = wait_result (&wait);
  return ca_client_put_profile_finish (client, result, error);
}
