/* ca-countries.c — the names of the countries, from Debian's iso-codes
 *
 * The list comes from the iso-codes package (in Debian and in the GNOME runtime) rather than
 * being typed in: it stays complete and its translations are maintained there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAccount"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ca-countries.h"
#include "ca-text.h"

#define ISO_CODES_DIR "/usr/share/iso-codes/json"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return ca_text_compare (*(const char **) a, *(const char **) b);
}

static GPtrArray *
read_names (void)
{
  const char *dir = g_getenv ("CA_ISO_CODES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : ISO_CODES_DIR,
                                            "iso_3166-1.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonNode *root;
  JsonArray *countries;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_warning ("Cannot read the list of countries: %s", error->message);
      return names;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "3166-1"))
    return names;
  countries = json_object_get_array_member (json_node_get_object (root), "3166-1");
  for (guint i = 0; countries != NULL && i < json_array_get_length (countries); i++)
    {
      JsonNode *node = json_array_get_element (countries, i);
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      name = json_object_get_string_member_with_default (json_node_get_object (node),
                                                         "name", NULL);
      if (name != NULL)
        g_ptr_array_add (names, g_strdup (g_dgettext ("iso_3166-1", name)));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

GListModel *
ca_countries_get (void)
{
  static GtkStringList *countries;

  if (countries == NULL)
    {
      g_autoptr(GPtrArray) names = NULL;

      bind_textdomain_codeset ("iso_3166-1", "UTF-8");
      names = read_names ();
      g_ptr_array_add (names, NULL);
      countries = gtk_string_list_new ((const char * const *) names->pdata);
    }
  return G_LIST_MODEL (countries);
}
