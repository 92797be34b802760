/* ca-model.c — the objects of the service contract and their JSON mapping
 *
 * Decoders trust nothing: every member is looked up, its node type and value type checked,
 * strings re-validated as UTF-8 (json-glib lets "\ud800" through as invalid bytes), enums
 * parsed against the contract, integers range-checked. The first problem ends the decoding
 * with a CA_ERROR_BAD_RESPONSE GError naming the member, and the partly built object is
 * dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaCore"

#include <errno.h>
#include <string.h>

#include "ca-error.h"
#include "ca-model.h"
#include "ca-rules.h"
#include "ca-text.h"

/* Deeper documents are refused before parsing: json-glib's parser recurses once per level. */
#define MAX_JSON_DEPTH 64

/* Longest piece of a bad value quoted back in an error message. */
#define MAX_QUOTED_CHARS 40

/* ------------------------------------------------------------------------------------------ */
/* Reading members                                                                            */

/* Where decoding stands: the object being read and its path for messages ("course.sessions[2]"). */
typedef struct
{
  JsonObject  *object;
  const char  *path;
  GError     **error;
} Reader;

static gboolean
bad_response (GError     **error,
              const char  *path,
              const char  *member,
              const char  *problem)
{
  g_set_error (error, CA_ERROR, CA_ERROR_BAD_RESPONSE,
               "La réponse du service est illisible (%s%s%s : %s).",
               path, member != NULL ? "." : "", member != NULL ? member : "", problem);
  return FALSE;
}

static gboolean
reader_fail (Reader     *r,
             const char *member,
             const char *problem)
{
  return bad_response (r->error, r->path, member, problem);
}

static gboolean
reader_init (Reader      *r,
             JsonNode    *node,
             const char  *path,
             GError     **error)
{
  r->object = NULL;
  r->path = path;
  r->error = error;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return bad_response (error, path, NULL, "objet attendu");

  r->object = json_node_get_object (node);
  return TRUE;
}

/* The member's node, or NULL when absent or null; FALSE (with the error set) only when a
 * required member is missing. */
static gboolean
reader_lookup (Reader      *r,
               const char  *member,
               gboolean     required,
               JsonNode   **out_node)
{
  JsonNode *node = json_object_get_member (r->object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    node = NULL;

  *out_node = node;
  if (node == NULL && required)
    return reader_fail (r, member, "membre absent");

  return TRUE;
}

static gboolean
node_holds_type (JsonNode *node,
                 GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
reader_string (Reader      *r,
               const char  *member,
               gboolean     required,
               char       **out)
{
  JsonNode *node;
  const char *str;

  if (!reader_lookup (r, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_holds_type (node, G_TYPE_STRING))
    return reader_fail (r, member, "texte attendu");

  str = json_node_get_string (node);
  if (str == NULL || !g_utf8_validate (str, -1, NULL))
    return reader_fail (r, member, "texte UTF-8 invalide");
  if (required && *str == '\0')
    return reader_fail (r, member, "texte vide");

  g_free (*out);
  *out = g_strdup (str);
  return TRUE;
}

static gboolean
reader_boolean (Reader     *r,
                const char *member,
                gboolean    required,
                gboolean   *out)
{
  JsonNode *node;

  if (!reader_lookup (r, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_holds_type (node, G_TYPE_BOOLEAN))
    return reader_fail (r, member, "booléen attendu");

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
reader_int64 (Reader     *r,
              const char *member,
              gboolean    required,
              gint64      max,
              gint64     *out)
{
  JsonNode *node;
  gint64 value;

  if (!reader_lookup (r, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_holds_type (node, G_TYPE_INT64))
    return reader_fail (r, member, "entier attendu");

  value = json_node_get_int (node);
  if (value < 0 || value > max)
    return reader_fail (r, member, "entier hors limites");

  *out = value;
  return TRUE;
}

static gboolean
reader_uint (Reader     *r,
             const char *member,
             gboolean    required,
             guint      *out)
{
  gint64 value = 0;

  if (!reader_int64 (r, member, required, G_MAXUINT, &value))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

static gboolean
reader_cents (Reader     *r,
              const char *member,
              gboolean    required,
              gint64     *out)
{
  return reader_int64 (r, member, required, G_MAXINT64, out);
}

static gboolean
reader_datetime (Reader      *r,
                 const char  *member,
                 gboolean     required,
                 GDateTime  **out)
{
  g_autofree char *str = NULL;
  GDateTime *dt;

  if (!reader_string (r, member, required, &str))
    return FALSE;
  if (str == NULL)
    return TRUE;

  dt = g_date_time_new_from_iso8601 (str, NULL);
  if (dt == NULL)
    return reader_fail (r, member, "date et heure ISO 8601 attendues");

  g_clear_pointer (out, g_date_time_unref);
  *out = dt;
  return TRUE;
}

static gboolean
reader_clock (Reader      *r,
              const char  *member,
              char       **out)
{
  if (!reader_string (r, member, TRUE, out))
    return FALSE;

  if (!ca_clock_parse (*out, NULL))
    return reader_fail (r, member, "heure HH:MM attendue");

  return TRUE;
}

/* A required member holding one of an enum's contract strings. */
static gboolean
reader_enum (Reader      *r,
             const char  *member,
             gboolean   (*parse) (const char *str, int *out),
             int         *out)
{
  g_autofree char *str = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *problem = NULL;

  if (!reader_string (r, member, TRUE, &str))
    return FALSE;

  if (parse (str, out))
    return TRUE;

  quoted = g_utf8_substring (str, 0, MIN (g_utf8_strlen (str, -1), MAX_QUOTED_CHARS));
  problem = g_strdup_printf ("valeur inconnue « %s »", quoted);
  return reader_fail (r, member, problem);
}

/* The enum parsers take their own enum types; these adapters give them one signature. */
#define DEFINE_ENUM_PARSER(Type, prefix)                                        \
  static gboolean                                                               \
  parse_##prefix (const char *str,                                              \
                  int        *out)                                              \
  {                                                                             \
    Type value;                                                                 \
                                                                                \
    if (!ca_##prefix##_from_string (str, &value))                               \
      return FALSE;                                                             \
    *out = (int) value;                                                         \
    return TRUE;                                                                \
  }

DEFINE_ENUM_PARSER (CaDay, day)
DEFINE_ENUM_PARSER (CaSlot, slot)
DEFINE_ENUM_PARSER (CaMode, mode)
DEFINE_ENUM_PARSER (CaRhythm, rhythm)
DEFINE_ENUM_PARSER (CaStatus, status)
DEFINE_ENUM_PARSER (CaQuestionType, question_type)

/* A nested object, read with its own Reader. */
static gboolean
reader_child (Reader     *r,
              const char *member,
              gboolean    required,
              Reader     *child,
              char      **child_path)
{
  JsonNode *node;

  child->object = NULL;
  if (!reader_lookup (r, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  *child_path = g_strdup_printf ("%s.%s", r->path, member);
  return reader_init (child, node, *child_path, r->error);
}

typedef gpointer (*ItemDecoder) (JsonNode    *node,
                                 const char  *path,
                                 GError     **error);

/* An array of objects, each decoded into a new GListStore of @item_type. An absent optional
 * array gives an empty list. */
static gboolean
reader_list (Reader      *r,
             const char  *member,
             gboolean     required,
             GType        item_type,
             ItemDecoder  decode,
             GListStore **out)
{
  g_autoptr(GListStore) store = g_list_store_new (item_type);
  JsonNode *node;
  JsonArray *array;
  guint length;

  if (!reader_lookup (r, member, required, &node))
    return FALSE;

  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return reader_fail (r, member, "tableau attendu");

      array = json_node_get_array (node);
      length = json_array_get_length (array);
      for (guint i = 0; i < length; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s[%u]", r->path, member, i);
          g_autoptr(GObject) item = decode (json_array_get_element (array, i), path, r->error);

          if (item == NULL)
            return FALSE;
          g_list_store_append (store, item);
        }
    }

  g_clear_object (out);
  *out = g_steal_pointer (&store);
  return TRUE;
}

/* An array of strings as a NULL-terminated vector (empty when absent). */
static gboolean
reader_strv (Reader      *r,
             const char  *member,
             char      ***out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;

  if (!reader_lookup (r, member, FALSE, &node))
    return FALSE;

  if (node != NULL)
    {
      JsonArray *array;
      guint length;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return reader_fail (r, member, "tableau attendu");

      array = json_node_get_array (node);
      length = json_array_get_length (array);
      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *str;

          if (!node_holds_type (element, G_TYPE_STRING))
            return reader_fail (r, member, "tableau de textes attendu");
          str = json_node_get_string (element);
          if (str == NULL || !g_utf8_validate (str, -1, NULL))
            return reader_fail (r, member, "texte UTF-8 invalide");
          g_strv_builder_add (builder, str);
        }
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Objects with an id and a name                                                              */

/* The objects the application lists (named items, domains, periods, establishments, course
 * summaries) begin with this head, so one "id" and "name" property implementation serves them
 * all; list widgets show them through a GtkPropertyExpression. */
typedef struct
{
  GObject parent_instance;
  char *id;
  char *name;
} Named;

enum {
  NAMED_PROP_0,
  NAMED_PROP_ID,
  NAMED_PROP_NAME,
  NAMED_N_PROPS
};

static void
named_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  Named *self = (Named *) object;

  switch (prop_id)
    {
    case NAMED_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case NAMED_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* @name_property: what the name is called ("name", or "title" for courses). */
static void
named_class_init (GObjectClass *object_class,
                  const char   *name_property,
                  void        (*finalize) (GObject *object))
{
  object_class->finalize = finalize;
  object_class->get_property = named_get_property;

  g_object_class_install_property (object_class, NAMED_PROP_ID,
                                   g_param_spec_string ("id", NULL, NULL, NULL,
                                                        G_PARAM_READABLE |
                                                        G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, NAMED_PROP_NAME,
                                   g_param_spec_string (name_property, NULL, NULL, NULL,
                                                        G_PARAM_READABLE |
                                                        G_PARAM_STATIC_STRINGS));
}

static void
named_clear (Named *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
}

/* Reads "id" and the name member into the head. */
static gboolean
reader_named (Reader     *r,
              Named      *self,
              const char *name_member)
{
  return reader_string (r, "id", TRUE, &self->id) &&
         reader_string (r, name_member, TRUE, &self->name);
}

/* ------------------------------------------------------------------------------------------ */
/* Named items                                                                                */

struct _CaNamedItem
{
  Named head;
};

G_DEFINE_FINAL_TYPE (CaNamedItem, ca_named_item, G_TYPE_OBJECT)

static void
ca_named_item_finalize (GObject *object)
{
  named_clear (&CA_NAMED_ITEM (object)->head);

  G_OBJECT_CLASS (ca_named_item_parent_class)->finalize (object);
}

static void
ca_named_item_class_init (CaNamedItemClass *klass)
{
  named_class_init (G_OBJECT_CLASS (klass), "name", ca_named_item_finalize);
}

static void
ca_named_item_init (CaNamedItem *self)
{
}

CaNamedItem *
ca_named_item_new (const char *id,
                   const char *name)
{
  CaNamedItem *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (CA_TYPE_NAMED_ITEM, NULL);
  self->head.id = g_strdup (id);
  self->head.name = g_strdup (name);
  return self;
}

const char *
ca_named_item_get_id (CaNamedItem *self)
{
  g_return_val_if_fail (CA_IS_NAMED_ITEM (self), NULL);
  return self->head.id;
}

const char *
ca_named_item_get_name (CaNamedItem *self)
{
  g_return_val_if_fail (CA_IS_NAMED_ITEM (self), NULL);
  return self->head.name;
}

static gpointer
named_item_decode (JsonNode    *node,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(CaNamedItem) self = g_object_new (CA_TYPE_NAMED_ITEM, NULL);
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_named (&r, &self->head, "name"))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------------------------ */
/* Domains                                                                                    */

struct _CaDomain
{
  Named head;
  guint course_count;
};

G_DEFINE_FINAL_TYPE (CaDomain, ca_domain, G_TYPE_OBJECT)

static void
ca_domain_finalize (GObject *object)
{
  named_clear (&CA_DOMAIN (object)->head);

  G_OBJECT_CLASS (ca_domain_parent_class)->finalize (object);
}

static void
ca_domain_class_init (CaDomainClass *klass)
{
  named_class_init (G_OBJECT_CLASS (klass), "name", ca_domain_finalize);
}

static void
ca_domain_init (CaDomain *self)
{
}

const char *
ca_domain_get_id (CaDomain *self)
{
  g_return_val_if_fail (CA_IS_DOMAIN (self), NULL);
  return self->head.id;
}

const char *
ca_domain_get_name (CaDomain *self)
{
  g_return_val_if_fail (CA_IS_DOMAIN (self), NULL);
  return self->head.name;
}

guint
ca_domain_get_course_count (CaDomain *self)
{
  g_return_val_if_fail (CA_IS_DOMAIN (self), 0);
  return self->course_count;
}

static gpointer
domain_decode (JsonNode    *node,
               const char  *path,
               GError     **error)
{
  g_autoptr(CaDomain) self = g_object_new (CA_TYPE_DOMAIN, NULL);
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_named (&r, &self->head, "name") ||
      !reader_uint (&r, "course_count", FALSE, &self->course_count))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------------------------ */
/* Periods                                                                                    */

struct _CaPeriod
{
  Named head;
  GDateTime *opens_at;
  GDateTime *closes_at;
  gboolean open;
};

G_DEFINE_FINAL_TYPE (CaPeriod, ca_period, G_TYPE_OBJECT)

static void
ca_period_finalize (GObject *object)
{
  CaPeriod *self = CA_PERIOD (object);

  named_clear (&self->head);
  g_clear_pointer (&self->opens_at, g_date_time_unref);
  g_clear_pointer (&self->closes_at, g_date_time_unref);

  G_OBJECT_CLASS (ca_period_parent_class)->finalize (object);
}

static void
ca_period_class_init (CaPeriodClass *klass)
{
  named_class_init (G_OBJECT_CLASS (klass), "name", ca_period_finalize);
}

static void
ca_period_init (CaPeriod *self)
{
}

const char *
ca_period_get_id (CaPeriod *self)
{
  g_return_val_if_fail (CA_IS_PERIOD (self), NULL);
  return self->head.id;
}

const char *
ca_period_get_name (CaPeriod *self)
{
  g_return_val_if_fail (CA_IS_PERIOD (self), NULL);
  return self->head.name;
}

GDateTime *
ca_period_get_opens_at (CaPeriod *self)
{
  g_return_val_if_fail (CA_IS_PERIOD (self), NULL);
  return self->opens_at;
}

GDateTime *
ca_period_get_closes_at (CaPeriod *self)
{
  g_return_val_if_fail (CA_IS_PERIOD (self), NULL);
  return self->closes_at;
}

gboolean
ca_period_get_open (CaPeriod *self)
{
  g_return_val_if_fail (CA_IS_PERIOD (self), FALSE);
  return self->open;
}

static gpointer
period_decode (JsonNode    *node,
               const char  *path,
               GError     **error)
{
  g_autoptr(CaPeriod) self = g_object_new (CA_TYPE_PERIOD, NULL);
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_named (&r, &self->head, "name") ||
      !reader_datetime (&r, "opens_at", FALSE, &self->opens_at) ||
      !reader_datetime (&r, "closes_at", FALSE, &self->closes_at) ||
      !reader_boolean (&r, "open", TRUE, &self->open))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
reader_period (Reader      *r,
               const char  *member,
               CaPeriod   **out)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", r->path, member);
  JsonNode *node;

  if (!reader_lookup (r, member, TRUE, &node))
    return FALSE;

  *out = period_decode (node, path, r->error);
  return *out != NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Arrondissements                                                                            */

struct _CaArrondissement
{
  GObject parent_instance;
  guint number;
  char *name;
};

G_DEFINE_FINAL_TYPE (CaArrondissement, ca_arrondissement, G_TYPE_OBJECT)

enum {
  ARRONDISSEMENT_PROP_0,
  ARRONDISSEMENT_PROP_NUMBER,
  ARRONDISSEMENT_PROP_NAME,
  ARRONDISSEMENT_N_PROPS
};

static GParamSpec *arrondissement_properties[ARRONDISSEMENT_N_PROPS];

static void
ca_arrondissement_finalize (GObject *object)
{
  CaArrondissement *self = CA_ARRONDISSEMENT (object);

  g_free (self->name);

  G_OBJECT_CLASS (ca_arrondissement_parent_class)->finalize (object);
}

static void
ca_arrondissement_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CaArrondissement *self = CA_ARRONDISSEMENT (object);

  switch (prop_id)
    {
    case ARRONDISSEMENT_PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case ARRONDISSEMENT_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_arrondissement_class_init (CaArrondissementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_arrondissement_finalize;
  object_class->get_property = ca_arrondissement_get_property;

  arrondissement_properties[ARRONDISSEMENT_PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  arrondissement_properties[ARRONDISSEMENT_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ARRONDISSEMENT_N_PROPS,
                                     arrondissement_properties);
}

static void
ca_arrondissement_init (CaArrondissement *self)
{
}

guint
ca_arrondissement_get_number (CaArrondissement *self)
{
  g_return_val_if_fail (CA_IS_ARRONDISSEMENT (self), 0);
  return self->number;
}

const char *
ca_arrondissement_get_name (CaArrondissement *self)
{
  g_return_val_if_fail (CA_IS_ARRONDISSEMENT (self), NULL);
  return self->name;
}

static gpointer
arrondissement_decode (JsonNode    *node,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(CaArrondissement) self = g_object_new (CA_TYPE_ARRONDISSEMENT, NULL);
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_uint (&r, "number", TRUE, &self->number) ||
      !reader_string (&r, "name", TRUE, &self->name))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------------------------ */
/* Establishments                                                                             */

struct _CaEstablishment
{
  Named head;
  char *address;
  guint arrondissement;
};

G_DEFINE_FINAL_TYPE (CaEstablishment, ca_establishment, G_TYPE_OBJECT)

static void
ca_establishment_finalize (GObject *object)
{
  CaEstablishment *self = CA_ESTABLISHMENT (object);

  named_clear (&self->head);
  g_free (self->address);

  G_OBJECT_CLASS (ca_establishment_parent_class)->finalize (object);
}

static void
ca_establishment_class_init (CaEstablishmentClass *klass)
{
  named_class_init (G_OBJECT_CLASS (klass), "name", ca_establishment_finalize);
}

static void
ca_establishment_init (CaEstablishment *self)
{
}

const char *
ca_establishment_get_id (CaEstablishment *self)
{
  g_return_val_if_fail (CA_IS_ESTABLISHMENT (self), NULL);
  return self->head.id;
}

const char *
ca_establishment_get_name (CaEstablishment *self)
{
  g_return_val_if_fail (CA_IS_ESTABLISHMENT (self), NULL);
  return self->head.name;
}

const char *
ca_establishment_get_address (CaEstablishment *self)
{
  g_return_val_if_fail (CA_IS_ESTABLISHMENT (self), NULL);
  return self->address;
}

guint
ca_establishment_get_arrondissement (CaEstablishment *self)
{
  g_return_val_if_fail (CA_IS_ESTABLISHMENT (self), 0);
  return self->arrondissement;
}

static gpointer
establishment_decode (JsonNode    *node,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(CaEstablishment) self = g_object_new (CA_TYPE_ESTABLISHMENT, NULL);
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_named (&r, &self->head, "name") ||
      !reader_string (&r, "address", TRUE, &self->address) ||
      !reader_uint (&r, "arrondissement", TRUE, &self->arrondissement))
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------------------------ */
/* Catalogue                                                                                  */

struct _CaCatalogue
{
  GObject parent_instance;
  GListStore *domains;
  GListStore *periods;
  GListStore *rhythms;
  GListStore *modes;
  GListStore *slots;
  GListStore *days;
  GListStore *arrondissements;
  GListStore *establishments;
  GListStore *heard_from_options;
};

G_DEFINE_FINAL_TYPE (CaCatalogue, ca_catalogue, G_TYPE_OBJECT)

static void
ca_catalogue_finalize (GObject *object)
{
  CaCatalogue *self = CA_CATALOGUE (object);

  g_clear_object (&self->domains);
  g_clear_object (&self->periods);
  g_clear_object (&self->rhythms);
  g_clear_object (&self->modes);
  g_clear_object (&self->slots);
  g_clear_object (&self->days);
  g_clear_object (&self->arrondissements);
  g_clear_object (&self->establishments);
  g_clear_object (&self->heard_from_options);

  G_OBJECT_CLASS (ca_catalogue_parent_class)->finalize (object);
}

static void
ca_catalogue_class_init (CaCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_catalogue_finalize;
}

static void
ca_catalogue_init (CaCatalogue *self)
{
}

char *
ca_catalogue_etag (const char *body)
{
  g_autofree char *digest = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  return g_strdup_printf ("\"%.32s\"", digest);
}

CaCatalogue *
ca_catalogue_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(CaCatalogue) self = g_object_new (CA_TYPE_CATALOGUE, NULL);
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "catalogue", error) ||
      !reader_list (&r, "domains", TRUE, CA_TYPE_DOMAIN, domain_decode, &self->domains) ||
      !reader_list (&r, "periods", TRUE, CA_TYPE_PERIOD, period_decode, &self->periods) ||
      !reader_list (&r, "rhythms", TRUE, CA_TYPE_NAMED_ITEM, named_item_decode,
                    &self->rhythms) ||
      !reader_list (&r, "modes", TRUE, CA_TYPE_NAMED_ITEM, named_item_decode, &self->modes) ||
      !reader_list (&r, "slots", TRUE, CA_TYPE_NAMED_ITEM, named_item_decode, &self->slots) ||
      !reader_list (&r, "days", TRUE, CA_TYPE_NAMED_ITEM, named_item_decode, &self->days) ||
      !reader_list (&r, "arrondissements", TRUE, CA_TYPE_ARRONDISSEMENT,
                    arrondissement_decode, &self->arrondissements) ||
      !reader_list (&r, "establishments", TRUE, CA_TYPE_ESTABLISHMENT, establishment_decode,
                    &self->establishments) ||
      !reader_list (&r, "heard_from_options", TRUE, CA_TYPE_NAMED_ITEM, named_item_decode,
                    &self->heard_from_options))
    return NULL;

  return g_steal_pointer (&self);
}

#define DEFINE_CATALOGUE_LIST_GETTER(member)                                    \
  GListModel *                                                                  \
  ca_catalogue_get_##member (CaCatalogue *self)                                 \
  {                                                                             \
    g_return_val_if_fail (CA_IS_CATALOGUE (self), NULL);                        \
    return G_LIST_MODEL (self->member);                                         \
  }

DEFINE_CATALOGUE_LIST_GETTER (domains)
DEFINE_CATALOGUE_LIST_GETTER (periods)
DEFINE_CATALOGUE_LIST_GETTER (rhythms)
DEFINE_CATALOGUE_LIST_GETTER (modes)
DEFINE_CATALOGUE_LIST_GETTER (slots)
DEFINE_CATALOGUE_LIST_GETTER (days)
DEFINE_CATALOGUE_LIST_GETTER (arrondissements)
DEFINE_CATALOGUE_LIST_GETTER (establishments)
DEFINE_CATALOGUE_LIST_GETTER (heard_from_options)

static int
compare_establishments_cb (gconstpointer a,
                           gconstpointer b,
                           gpointer      user_data)
{
  return ca_text_compare (ca_establishment_get_name ((CaEstablishment *) a),
                          ca_establishment_get_name ((CaEstablishment *) b));
}

GListModel *
ca_catalogue_list_establishments_in (CaCatalogue *self,
                                     guint        number)
{
  GListStore *store;
  guint n_items;

  g_return_val_if_fail (CA_IS_CATALOGUE (self), NULL);

  store = g_list_store_new (CA_TYPE_ESTABLISHMENT);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->establishments));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CaEstablishment) item =
        g_list_model_get_item (G_LIST_MODEL (self->establishments), i);

      if (item->arrondissement == number)
        g_list_store_append (store, item);
    }
  g_list_store_sort (store, compare_establishments_cb, NULL);

  return G_LIST_MODEL (store);
}

typedef const char *(*IdGetter) (gpointer item);

/* The item of @list whose id is @id, (transfer none). */
static gpointer
find_by_id (GListStore *list,
            IdGetter    get_id,
            const char *id)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      /* the list keeps its reference, so the item outlives this one */
      if (g_str_equal (get_id (item), id))
        return item;
    }

  return NULL;
}

static const char *
establishment_id (gpointer item)
{
  return CA_ESTABLISHMENT (item)->head.id;
}

static const char *
period_id (gpointer item)
{
  return CA_PERIOD (item)->head.id;
}

static const char *
domain_id (gpointer item)
{
  return CA_DOMAIN (item)->head.id;
}

CaEstablishment *
ca_catalogue_find_establishment (CaCatalogue *self,
                                 const char  *id)
{
  g_return_val_if_fail (CA_IS_CATALOGUE (self), NULL);
  return find_by_id (self->establishments, establishment_id, id);
}

CaPeriod *
ca_catalogue_find_period (CaCatalogue *self,
                          const char  *id)
{
  g_return_val_if_fail (CA_IS_CATALOGUE (self), NULL);
  return find_by_id (self->periods, period_id, id);
}

CaDomain *
ca_catalogue_find_domain (CaCatalogue *self,
                          const char  *id)
{
  g_return_val_if_fail (CA_IS_CATALOGUE (self), NULL);
  return find_by_id (self->domains, domain_id, id);
}

/* ------------------------------------------------------------------------------------------ */
/* Course summaries and lists                                                                 */

/* "domain":{"id","name"}, embedded in summaries and sheets */
static gboolean
reader_domain_ref (Reader  *r,
                   char   **out_id,
                   char   **out_name)
{
  g_autofree char *path = NULL;
  Reader child;

  return reader_child (r, "domain", TRUE, &child, &path) &&
         reader_string (&child, "id", TRUE, out_id) &&
         reader_string (&child, "name", TRUE, out_name);
}

struct _CaCourseSummary
{
  Named head;           /* the name is the title */
  char *domain_id;
  char *domain_name;
  char *objective;
  CaPeriod *period;
  gboolean open;
  guint matching_sessions;
};

G_DEFINE_FINAL_TYPE (CaCourseSummary, ca_course_summary, G_TYPE_OBJECT)

static void
ca_course_summary_finalize (GObject *object)
{
  CaCourseSummary *self = CA_COURSE_SUMMARY (object);

  named_clear (&self->head);
  g_free (self->domain_id);
  g_free (self->domain_name);
  g_free (self->objective);
  g_clear_object (&self->period);

  G_OBJECT_CLASS (ca_course_summary_parent_class)->finalize (object);
}

static void
ca_course_summary_class_init (CaCourseSummaryClass *klass)
{
  named_class_init (G_OBJECT_CLASS (klass), "title", ca_course_summary_finalize);
}

static void
ca_course_summary_init (CaCourseSummary *self)
{
}

const char *
ca_course_summary_get_id (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), NULL);
  return self->head.id;
}

const char *
ca_course_summary_get_title (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), NULL);
  return self->head.name;
}

const char *
ca_course_summary_get_domain_id (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), NULL);
  return self->domain_id;
}

const char *
ca_course_summary_get_domain_name (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), NULL);
  return self->domain_name;
}

const char *
ca_course_summary_get_objective (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), NULL);
  return self->objective;
}

CaPeriod *
ca_course_summary_get_period (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), NULL);
  return self->period;
}

gboolean
ca_course_summary_get_open (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), FALSE);
  return self->open;
}

guint
ca_course_summary_get_matching_sessions (CaCourseSummary *self)
{
  g_return_val_if_fail (CA_IS_COURSE_SUMMARY (self), 0);
  return self->matching_sessions;
}

static gpointer
course_summary_decode (JsonNode    *node,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(CaCourseSummary) self = g_object_new (CA_TYPE_COURSE_SUMMARY, NULL);
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_named (&r, &self->head, "title") ||
      !reader_domain_ref (&r, &self->domain_id, &self->domain_name) ||
      !reader_string (&r, "objective", FALSE, &self->objective) ||
      !reader_period (&r, "period", &self->period) ||
      !reader_boolean (&r, "open", TRUE, &self->open) ||
      !reader_uint (&r, "matching_sessions", TRUE, &self->matching_sessions))
    return NULL;

  return g_steal_pointer (&self);
}

struct _CaCourseList
{
  GObject parent_instance;
  guint total;
  guint offset;
  GListStore *items;
};

G_DEFINE_FINAL_TYPE (CaCourseList, ca_course_list, G_TYPE_OBJECT)

static void
ca_course_list_finalize (GObject *object)
{
  CaCourseList *self = CA_COURSE_LIST (object);

  g_clear_object (&self->items);

  G_OBJECT_CLASS (ca_course_list_parent_class)->finalize (object);
}

static void
ca_course_list_class_init (CaCourseListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_course_list_finalize;
}

static void
ca_course_list_init (CaCourseList *self)
{
}

CaCourseList *
ca_course_list_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(CaCourseList) self = g_object_new (CA_TYPE_COURSE_LIST, NULL);
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "courses", error) ||
      !reader_uint (&r, "total", TRUE, &self->total) ||
      !reader_uint (&r, "offset", TRUE, &self->offset) ||
      !reader_list (&r, "items", TRUE, CA_TYPE_COURSE_SUMMARY, course_summary_decode,
                    &self->items))
    return NULL;

  return g_steal_pointer (&self);
}

guint
ca_course_list_get_total (CaCourseList *self)
{
  g_return_val_if_fail (CA_IS_COURSE_LIST (self), 0);
  return self->total;
}

guint
ca_course_list_get_offset (CaCourseList *self)
{
  g_return_val_if_fail (CA_IS_COURSE_LIST (self), 0);
  return self->offset;
}

GListModel *
ca_course_list_get_items (CaCourseList *self)
{
  g_return_val_if_fail (CA_IS_COURSE_LIST (self), NULL);
  return G_LIST_MODEL (self->items);
}

/* ------------------------------------------------------------------------------------------ */
/* Sessions                                                                                   */

struct _CaSession
{
  GObject parent_instance;
  char *id;
  CaEstablishment *establishment;
  CaDay day;
  char *start;
  char *end;
  CaSlot slot;
  CaMode mode;
  CaRhythm rhythm;
  guint seats;
};

G_DEFINE_FINAL_TYPE (CaSession, ca_session, G_TYPE_OBJECT)

static void
ca_session_finalize (GObject *object)
{
  CaSession *self = CA_SESSION (object);

  g_free (self->id);
  g_clear_object (&self->establishment);
  g_free (self->start);
  g_free (self->end);

  G_OBJECT_CLASS (ca_session_parent_class)->finalize (object);
}

static void
ca_session_class_init (CaSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_session_finalize;
}

static void
ca_session_init (CaSession *self)
{
}

static gboolean
reader_establishment (Reader           *r,
                      CaEstablishment **out)
{
  g_autofree char *path = g_strdup_printf ("%s.establishment", r->path);
  JsonNode *node;

  if (!reader_lookup (r, "establishment", TRUE, &node))
    return FALSE;

  *out = establishment_decode (node, path, r->error);
  return *out != NULL;
}

/* Hours must read as a real interval: a session ending before it starts is garbage. */
static gboolean
session_check_hours (CaSession *self,
                     Reader    *r)
{
  int start = 0;
  int end = 0;

  ca_clock_parse (self->start, &start);
  ca_clock_parse (self->end, &end);
  if (end <= start)
    return reader_fail (r, "end", "fin avant le début");

  return TRUE;
}

static gpointer
session_decode (JsonNode    *node,
                const char  *path,
                GError     **error)
{
  g_autoptr(CaSession) self = g_object_new (CA_TYPE_SESSION, NULL);
  int day = 0, slot = 0, mode = 0, rhythm = 0;
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_string (&r, "id", TRUE, &self->id) ||
      !reader_establishment (&r, &self->establishment) ||
      !reader_enum (&r, "day", parse_day, &day) ||
      !reader_clock (&r, "start", &self->start) ||
      !reader_clock (&r, "end", &self->end) ||
      !session_check_hours (self, &r) ||
      !reader_enum (&r, "slot", parse_slot, &slot) ||
      !reader_enum (&r, "mode", parse_mode, &mode) ||
      !reader_enum (&r, "rhythm", parse_rhythm, &rhythm) ||
      !reader_uint (&r, "seats", TRUE, &self->seats))
    return NULL;

  self->day = day;
  self->slot = slot;
  self->mode = mode;
  self->rhythm = rhythm;

  return g_steal_pointer (&self);
}

CaSession *
ca_session_from_json (JsonNode  *node,
                      GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return session_decode (node, "session", error);
}

const char *
ca_session_get_id (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), NULL);
  return self->id;
}

CaEstablishment *
ca_session_get_establishment (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), NULL);
  return self->establishment;
}

CaDay
ca_session_get_day (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), CA_DAY_MONDAY);
  return self->day;
}

const char *
ca_session_get_start (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), NULL);
  return self->start;
}

const char *
ca_session_get_end (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), NULL);
  return self->end;
}

CaSlot
ca_session_get_slot (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), CA_SLOT_DAY);
  return self->slot;
}

CaMode
ca_session_get_mode (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), CA_MODE_ONSITE);
  return self->mode;
}

CaRhythm
ca_session_get_rhythm (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), CA_RHYTHM_ANNUAL);
  return self->rhythm;
}

guint
ca_session_get_seats (CaSession *self)
{
  g_return_val_if_fail (CA_IS_SESSION (self), 0);
  return self->seats;
}

/* ------------------------------------------------------------------------------------------ */
/* Questions of the candidature form                                                          */

struct _CaQuestion
{
  GObject parent_instance;
  char *id;
  char *label;
  CaQuestionType kind;
  gboolean required;
  char **choices;
};

G_DEFINE_FINAL_TYPE (CaQuestion, ca_question, G_TYPE_OBJECT)

static void
ca_question_finalize (GObject *object)
{
  CaQuestion *self = CA_QUESTION (object);

  g_free (self->id);
  g_free (self->label);
  g_strfreev (self->choices);

  G_OBJECT_CLASS (ca_question_parent_class)->finalize (object);
}

static void
ca_question_class_init (CaQuestionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_question_finalize;
}

static void
ca_question_init (CaQuestion *self)
{
}

static gpointer
question_decode (JsonNode    *node,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(CaQuestion) self = g_object_new (CA_TYPE_QUESTION, NULL);
  int kind = 0;
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_string (&r, "id", TRUE, &self->id) ||
      !reader_string (&r, "label", TRUE, &self->label) ||
      !reader_enum (&r, "type", parse_question_type, &kind) ||
      !reader_boolean (&r, "required", FALSE, &self->required) ||
      !reader_strv (&r, "choices", &self->choices))
    return NULL;

  self->kind = kind;

  return g_steal_pointer (&self);
}

const char *
ca_question_get_id (CaQuestion *self)
{
  g_return_val_if_fail (CA_IS_QUESTION (self), NULL);
  return self->id;
}

const char *
ca_question_get_label (CaQuestion *self)
{
  g_return_val_if_fail (CA_IS_QUESTION (self), NULL);
  return self->label;
}

CaQuestionType
ca_question_get_kind (CaQuestion *self)
{
  g_return_val_if_fail (CA_IS_QUESTION (self), CA_QUESTION_TEXT);
  return self->kind;
}

gboolean
ca_question_get_required (CaQuestion *self)
{
  g_return_val_if_fail (CA_IS_QUESTION (self), FALSE);
  return self->required;
}

const char * const *
ca_question_get_choices (CaQuestion *self)
{
  g_return_val_if_fail (CA_IS_QUESTION (self), NULL);
  return (const char * const *) self->choices;
}

/* ------------------------------------------------------------------------------------------ */
/* Course sheets                                                                              */

struct _CaCourse
{
  GObject parent_instance;
  char *id;
  char *title;
  char *domain_id;
  char *domain_name;
  char *objective;
  char *audience;
  char *prerequisites;
  char *program;
  gint64 fee_cents;
  CaPeriod *period;
  gboolean open;
  GListStore *sessions;
  GListStore *candidature_form;
};

G_DEFINE_FINAL_TYPE (CaCourse, ca_course, G_TYPE_OBJECT)

static void
ca_course_finalize (GObject *object)
{
  CaCourse *self = CA_COURSE (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->domain_id);
  g_free (self->domain_name);
  g_free (self->objective);
  g_free (self->audience);
  g_free (self->prerequisites);
  g_free (self->program);
  g_clear_object (&self->period);
  g_clear_object (&self->sessions);
  g_clear_object (&self->candidature_form);

  G_OBJECT_CLASS (ca_course_parent_class)->finalize (object);
}

static void
ca_course_class_init (CaCourseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_course_finalize;
}

static void
ca_course_init (CaCourse *self)
{
}

CaCourse *
ca_course_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(CaCourse) self = g_object_new (CA_TYPE_COURSE, NULL);
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "course", error) ||
      !reader_string (&r, "id", TRUE, &self->id) ||
      !reader_string (&r, "title", TRUE, &self->title) ||
      !reader_domain_ref (&r, &self->domain_id, &self->domain_name) ||
      !reader_string (&r, "objective", FALSE, &self->objective) ||
      !reader_string (&r, "audience", FALSE, &self->audience) ||
      !reader_string (&r, "prerequisites", FALSE, &self->prerequisites) ||
      !reader_string (&r, "program", FALSE, &self->program) ||
      !reader_cents (&r, "fee_cents", TRUE, &self->fee_cents) ||
      !reader_period (&r, "period", &self->period) ||
      !reader_boolean (&r, "open", TRUE, &self->open) ||
      !reader_list (&r, "candidature_form", FALSE, CA_TYPE_QUESTION, question_decode,
                    &self->candidature_form) ||
      !reader_list (&r, "sessions", TRUE, CA_TYPE_SESSION, session_decode, &self->sessions))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ca_course_get_id (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->id;
}

const char *
ca_course_get_title (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->title;
}

const char *
ca_course_get_domain_id (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->domain_id;
}

const char *
ca_course_get_domain_name (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->domain_name;
}

const char *
ca_course_get_objective (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->objective;
}

const char *
ca_course_get_audience (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->audience;
}

const char *
ca_course_get_prerequisites (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->prerequisites;
}

const char *
ca_course_get_program (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->program;
}

gint64
ca_course_get_fee_cents (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), 0);
  return self->fee_cents;
}

CaPeriod *
ca_course_get_period (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return self->period;
}

gboolean
ca_course_get_open (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), FALSE);
  return self->open;
}

GListModel *
ca_course_get_sessions (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return G_LIST_MODEL (self->sessions);
}

GListModel *
ca_course_get_candidature_form (CaCourse *self)
{
  g_return_val_if_fail (CA_IS_COURSE (self), NULL);
  return G_LIST_MODEL (self->candidature_form);
}

/* ------------------------------------------------------------------------------------------ */
/* Candidatures                                                                               */

struct _CaCandidature
{
  GObject parent_instance;
  char *id;
  CaStatus status;
  char *reason;
  char *course_id;
  char *course_title;
  CaSession *session;
  gint64 amount_due_cents;
  gboolean can_cancel;
  GDateTime *created_at;
  GDateTime *updated_at;
  GDateTime *convocation_at;
  char *convocation_place;
};

G_DEFINE_FINAL_TYPE (CaCandidature, ca_candidature, G_TYPE_OBJECT)

static void
ca_candidature_finalize (GObject *object)
{
  CaCandidature *self = CA_CANDIDATURE (object);

  g_free (self->id);
  g_free (self->reason);
  g_free (self->course_id);
  g_free (self->course_title);
  g_clear_object (&self->session);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->convocation_at, g_date_time_unref);
  g_free (self->convocation_place);

  G_OBJECT_CLASS (ca_candidature_parent_class)->finalize (object);
}

static void
ca_candidature_class_init (CaCandidatureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_candidature_finalize;
}

static void
ca_candidature_init (CaCandidature *self)
{
}

static gboolean
reader_course_ref (Reader        *r,
                   CaCandidature *self)
{
  g_autofree char *path = NULL;
  Reader child;

  return reader_child (r, "course", TRUE, &child, &path) &&
         reader_string (&child, "id", TRUE, &self->course_id) &&
         reader_string (&child, "title", TRUE, &self->course_title);
}

static gboolean
reader_session (Reader     *r,
                CaSession **out)
{
  g_autofree char *path = g_strdup_printf ("%s.session", r->path);
  JsonNode *node;

  if (!reader_lookup (r, "session", TRUE, &node))
    return FALSE;

  *out = session_decode (node, path, r->error);
  return *out != NULL;
}

/* "convocation":{"at","place"}|null */
static gboolean
reader_convocation (Reader        *r,
                    CaCandidature *self)
{
  g_autofree char *path = NULL;
  Reader child;

  if (!reader_child (r, "convocation", FALSE, &child, &path))
    return FALSE;
  if (child.object == NULL)
    return TRUE;

  return reader_datetime (&child, "at", TRUE, &self->convocation_at) &&
         reader_string (&child, "place", TRUE, &self->convocation_place);
}

static gpointer
candidature_decode (JsonNode    *node,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(CaCandidature) self = g_object_new (CA_TYPE_CANDIDATURE, NULL);
  int status = 0;
  Reader r;

  if (!reader_init (&r, node, path, error) ||
      !reader_string (&r, "id", TRUE, &self->id) ||
      !reader_enum (&r, "status", parse_status, &status) ||
      !reader_string (&r, "reason", FALSE, &self->reason) ||
      !reader_course_ref (&r, self) ||
      !reader_session (&r, &self->session) ||
      !reader_cents (&r, "amount_due_cents", FALSE, &self->amount_due_cents) ||
      !reader_boolean (&r, "can_cancel", TRUE, &self->can_cancel) ||
      !reader_datetime (&r, "created_at", TRUE, &self->created_at) ||
      !reader_datetime (&r, "updated_at", TRUE, &self->updated_at) ||
      !reader_convocation (&r, self))
    return NULL;

  self->status = status;
  return g_steal_pointer (&self);
}

CaCandidature *
ca_candidature_from_json (JsonNode  *node,
                          GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return candidature_decode (node, "candidature", error);
}

const char *
ca_candidature_get_id (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->id;
}

CaStatus
ca_candidature_get_status (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), CA_STATUS_PRESELECTED);
  return self->status;
}

const char *
ca_candidature_get_reason (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->reason;
}

const char *
ca_candidature_get_course_id (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->course_id;
}

const char *
ca_candidature_get_course_title (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->course_title;
}

CaSession *
ca_candidature_get_session (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->session;
}

gint64
ca_candidature_get_amount_due_cents (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), 0);
  return self->amount_due_cents;
}

gboolean
ca_candidature_get_can_cancel (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), FALSE);
  return self->can_cancel;
}

GDateTime *
ca_candidature_get_created_at (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->created_at;
}

GDateTime *
ca_candidature_get_updated_at (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->updated_at;
}

GDateTime *
ca_candidature_get_convocation_at (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->convocation_at;
}

const char *
ca_candidature_get_convocation_place (CaCandidature *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE (self), NULL);
  return self->convocation_place;
}

struct _CaCandidatureList
{
  GObject parent_instance;
  guint active_count;
  guint max_active;
  GListStore *items;
};

G_DEFINE_FINAL_TYPE (CaCandidatureList, ca_candidature_list, G_TYPE_OBJECT)

static void
ca_candidature_list_finalize (GObject *object)
{
  CaCandidatureList *self = CA_CANDIDATURE_LIST (object);

  g_clear_object (&self->items);

  G_OBJECT_CLASS (ca_candidature_list_parent_class)->finalize (object);
}

static void
ca_candidature_list_class_init (CaCandidatureListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_candidature_list_finalize;
}

static void
ca_candidature_list_init (CaCandidatureList *self)
{
}

CaCandidatureList *
ca_candidature_list_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(CaCandidatureList) self = g_object_new (CA_TYPE_CANDIDATURE_LIST, NULL);
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "candidatures", error) ||
      !reader_uint (&r, "active_count", TRUE, &self->active_count) ||
      !reader_uint (&r, "max_active", TRUE, &self->max_active) ||
      !reader_list (&r, "items", TRUE, CA_TYPE_CANDIDATURE, candidature_decode, &self->items))
    return NULL;

  return g_steal_pointer (&self);
}

guint
ca_candidature_list_get_active_count (CaCandidatureList *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE_LIST (self), 0);
  return self->active_count;
}

guint
ca_candidature_list_get_max_active (CaCandidatureList *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE_LIST (self), 0);
  return self->max_active;
}

GListModel *
ca_candidature_list_get_items (CaCandidatureList *self)
{
  g_return_val_if_fail (CA_IS_CANDIDATURE_LIST (self), NULL);
  return G_LIST_MODEL (self->items);
}

/* ------------------------------------------------------------------------------------------ */
/* Profile                                                                                    */

/* Member names of the contract, and what to ask for when the field is empty. */
static const struct
{
  const char *name;
  const char *missing;
} profile_fields[CA_PROFILE_N_FIELDS] = {
  [CA_PROFILE_EMAIL] = { "email", "Saisissez votre adresse électronique." },
  [CA_PROFILE_CIVILITY] = { "civility", "Choisissez votre civilité." },
  [CA_PROFILE_LAST_NAME] = { "last_name", "Saisissez votre nom." },
  [CA_PROFILE_FIRST_NAME] = { "first_name", "Saisissez votre prénom." },
  [CA_PROFILE_BIRTH_DATE] = { "birth_date", "Saisissez votre date de naissance." },
  [CA_PROFILE_BIRTH_COUNTRY] = { "birth_country", "Saisissez votre pays de naissance." },
  [CA_PROFILE_ADDRESS] = { "address", "Saisissez votre adresse." },
  [CA_PROFILE_POSTAL_CODE] = { "postal_code", "Saisissez votre code postal." },
  [CA_PROFILE_CITY] = { "city", "Saisissez votre ville." },
  [CA_PROFILE_PHONE_MOBILE] = { "phone_mobile", "Indiquez au moins un numéro de téléphone." },
  [CA_PROFILE_PHONE_OTHER] = { "phone_other", "Indiquez au moins un numéro de téléphone." },
  [CA_PROFILE_HEARD_FROM] = {
    "heard_from", "Indiquez comment vous avez connu les Cours d’Adultes de Paris."
  },
};

struct _CaProfile
{
  GObject parent_instance;
  char *fields[CA_PROFILE_N_FIELDS];
  gboolean complete;
};

G_DEFINE_FINAL_TYPE (CaProfile, ca_profile, G_TYPE_OBJECT)

static void
ca_profile_finalize (GObject *object)
{
  CaProfile *self = CA_PROFILE (object);

  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (ca_profile_parent_class)->finalize (object);
}

static void
ca_profile_class_init (CaProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_profile_finalize;
}

static void
ca_profile_init (CaProfile *self)
{
}

CaProfile *
ca_profile_new (void)
{
  return g_object_new (CA_TYPE_PROFILE, NULL);
}

const char *
ca_profile_field_to_string (CaProfileField field)
{
  g_return_val_if_fail ((guint) field < CA_PROFILE_N_FIELDS, NULL);

  return profile_fields[field].name;
}

CaProfile *
ca_profile_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(CaProfile) self = ca_profile_new ();
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "profile", error))
    return NULL;

  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    {
      if (!reader_string (&r, profile_fields[i].name, FALSE, &self->fields[i]))
        return NULL;
      /* an empty string is an unset field, as for ca_profile_set () */
      if (self->fields[i] != NULL && self->fields[i][0] == '\0')
        g_clear_pointer (&self->fields[i], g_free);
    }

  if (!reader_boolean (&r, "complete", FALSE, &self->complete))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
ca_profile_to_json (CaProfile *self)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (CA_IS_PROFILE (self), NULL);

  object = json_object_new ();
  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    {
      /* the service ignores them; not sending them keeps the request honest */
      if (i == CA_PROFILE_EMAIL)
        continue;

      if (self->fields[i] != NULL)
        json_object_set_string_member (object, profile_fields[i].name, self->fields[i]);
      else
        json_object_set_null_member (object, profile_fields[i].name);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

const char *
ca_profile_get (CaProfile      *self,
                CaProfileField  field)
{
  g_return_val_if_fail (CA_IS_PROFILE (self), NULL);
  g_return_val_if_fail ((guint) field < CA_PROFILE_N_FIELDS, NULL);

  return self->fields[field];
}

void
ca_profile_set (CaProfile      *self,
                CaProfileField  field,
                const char     *value)
{
  g_return_if_fail (CA_IS_PROFILE (self));
  g_return_if_fail ((guint) field < CA_PROFILE_N_FIELDS);
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  /* An empty entry means "not given": it is sent as null. */
  if (value != NULL && *value == '\0')
    value = NULL;

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
}

gboolean
ca_profile_get_complete (CaProfile *self)
{
  g_return_val_if_fail (CA_IS_PROFILE (self), FALSE);
  return self->complete;
}

void
ca_profile_set_complete (CaProfile *self,
                         gboolean   complete)
{
  g_return_if_fail (CA_IS_PROFILE (self));
  self->complete = !!complete;
}

static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static void
add_problem (GHashTable     *problems,
             CaProfileField  field,
             const char     *message)
{
  g_hash_table_replace (problems, g_strdup (profile_fields[field].name), g_strdup (message));
}

/* The rule of one field with a value, as a French sentence, or NULL when it holds. */
static const char *
profile_check_field (CaProfile          *self,
                     CaProfileField      field,
                     const char * const *heard_from_ids,
                     GDate              *today)
{
  const char *value = self->fields[field];
  const char *message = NULL;

  switch (field)
    {
    case CA_PROFILE_CIVILITY:
      ca_rules_check_civility (value, &message);
      break;
    case CA_PROFILE_BIRTH_DATE:
      ca_rules_check_birth_date (value, today, &message);
      break;
    case CA_PROFILE_POSTAL_CODE:
      ca_rules_check_postal_code (value, &message);
      break;
    case CA_PROFILE_PHONE_MOBILE:
    case CA_PROFILE_PHONE_OTHER:
      ca_rules_check_phone (value, &message);
      break;
    case CA_PROFILE_ADDRESS:
      ca_rules_check_text (value, CA_MAX_ADDRESS_LENGTH, &message);
      break;
    case CA_PROFILE_HEARD_FROM:
      if (ca_rules_check_text (value, CA_MAX_FIELD_LENGTH, &message) &&
          heard_from_ids != NULL && !g_strv_contains (heard_from_ids, value))
        message = "Choisissez une réponse dans la liste proposée.";
      break;
    case CA_PROFILE_EMAIL:
      break;
    case CA_PROFILE_LAST_NAME:
    case CA_PROFILE_FIRST_NAME:
    case CA_PROFILE_BIRTH_COUNTRY:
    case CA_PROFILE_CITY:
    case CA_PROFILE_N_FIELDS:
    default:
      ca_rules_check_text (value, CA_MAX_FIELD_LENGTH, &message);
      break;
    }

  return message;
}

GHashTable *
ca_profile_validate (CaProfile          *self,
                     const char * const *heard_from_ids,
                     GDate              *today)
{
  GHashTable *problems;

  g_return_val_if_fail (CA_IS_PROFILE (self), NULL);

  problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < CA_PROFILE_N_FIELDS; i++)
    {
      const char *message;

      /* e-mail belongs to the account, not the profile; phones are checked together */
      if (i == CA_PROFILE_EMAIL)
        continue;

      if (is_blank (self->fields[i]))
        {
          if (i != CA_PROFILE_PHONE_MOBILE && i != CA_PROFILE_PHONE_OTHER)
            add_problem (problems, i, profile_fields[i].missing);
          continue;
        }

      message = profile_check_field (self, i, heard_from_ids, today);
      if (message != NULL)
        add_problem (problems, i, message);
    }

  if (is_blank (self->fields[CA_PROFILE_PHONE_MOBILE]) &&
      is_blank (self->fields[CA_PROFILE_PHONE_OTHER]))
    add_problem (problems, CA_PROFILE_PHONE_MOBILE,
                 profile_fields[CA_PROFILE_PHONE_MOBILE].missing);

  return problems;
}

/* ------------------------------------------------------------------------------------------ */
/* Plain answers                                                                              */

CaSessionInfo *
ca_session_info_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(CaSessionInfo) info = g_new0 (CaSessionInfo, 1);
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "session", error) ||
      !reader_string (&r, "token", TRUE, &info->token) ||
      !reader_datetime (&r, "expires_at", TRUE, &info->expires_at) ||
      !reader_boolean (&r, "profile_complete", TRUE, &info->profile_complete))
    return NULL;

  return g_steal_pointer (&info);
}

void
ca_session_info_free (CaSessionInfo *info)
{
  if (info == NULL)
    return;

  /* the token is a credential: do not leave it in freed memory */
  if (info->token != NULL)
    memset (info->token, 0, strlen (info->token));
  g_free (info->token);
  g_clear_pointer (&info->expires_at, g_date_time_unref);
  g_free (info);
}

CaPaymentInfo *
ca_payment_info_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(CaPaymentInfo) info = g_new0 (CaPaymentInfo, 1);
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "payment", error) ||
      !reader_string (&r, "payment_url", TRUE, &info->payment_url) ||
      !reader_string (&r, "reference", TRUE, &info->reference) ||
      !reader_cents (&r, "amount_cents", TRUE, &info->amount_cents))
    return NULL;

  /* The URL is opened in a browser: only web addresses may come through. */
  if (!g_str_has_prefix (info->payment_url, "http://") &&
      !g_str_has_prefix (info->payment_url, "https://"))
    {
      reader_fail (&r, "payment_url", "adresse web attendue");
      return NULL;
    }

  return g_steal_pointer (&info);
}

void
ca_payment_info_free (CaPaymentInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->payment_url);
  g_free (info->reference);
  g_free (info);
}

#define PNG_DATA_PREFIX "data:image/png;base64,"
#define PNG_SIGNATURE "\x89PNG\r\n\x1a\n"

static gboolean
is_base64 (const char *text)
{
  size_t len = strlen (text);
  size_t padding = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;

  for (size_t i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }

  return padding <= 2;
}

/* The PNG bytes of a data: URI, or NULL. */
static GBytes *
decode_png_data_uri (const char *uri)
{
  const char *data;
  guchar *png;
  gsize len;

  if (!g_str_has_prefix (uri, PNG_DATA_PREFIX))
    return NULL;

  data = uri + strlen (PNG_DATA_PREFIX);
  if (!is_base64 (data))
    return NULL;

  png = g_base64_decode (data, &len);
  if (len < strlen (PNG_SIGNATURE) || memcmp (png, PNG_SIGNATURE, strlen (PNG_SIGNATURE)) != 0)
    {
      g_free (png);
      return NULL;
    }

  return g_bytes_new_take (png, len);
}

CaCaptcha *
ca_captcha_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(CaCaptcha) captcha = g_new0 (CaCaptcha, 1);
  g_autofree char *image = NULL;
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!reader_init (&r, node, "captcha", error) ||
      !reader_string (&r, "id", TRUE, &captcha->id) ||
      !reader_string (&r, "image", TRUE, &image))
    return NULL;

  captcha->png = decode_png_data_uri (image);
  if (captcha->png == NULL)
    {
      reader_fail (&r, "image", "image PNG en base64 attendue");
      return NULL;
    }

  return g_steal_pointer (&captcha);
}

void
ca_captcha_free (CaCaptcha *captcha)
{
  if (captcha == NULL)
    return;

  g_free (captcha->id);
  g_clear_pointer (&captcha->png, g_bytes_unref);
  g_free (captcha);
}

/* ------------------------------------------------------------------------------------------ */
/* Error bodies                                                                               */

/* "fields":{"<field>":"<sentence>"}; members that are not sentences are skipped, since the
 * error itself is what matters. */
static GHashTable *
error_fields_from_json (JsonObject *error_object)
{
  GHashTable *fields;
  JsonNode *node = json_object_get_member (error_object, "fields");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      const char *sentence;

      if (!node_holds_type (value, G_TYPE_STRING))
        continue;
      sentence = json_node_get_string (value);
      if (!g_utf8_validate (name, -1, NULL) || sentence == NULL ||
          !g_utf8_validate (sentence, -1, NULL))
        continue;
      g_hash_table_replace (fields, g_strdup (name), g_strdup (sentence));
    }

  return fields;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *str;

  if (node == NULL || !node_holds_type (node, G_TYPE_STRING))
    return NULL;

  str = json_node_get_string (node);
  return str != NULL && *str != '\0' && g_utf8_validate (str, -1, NULL) ? str : NULL;
}

GError *
ca_error_from_json (JsonNode *node)
{
  g_autoptr(GHashTable) fields = NULL;
  JsonObject *error_object;
  JsonNode *error_node;
  const char *code_str;
  const char *message;
  CaErrorCode code;
  GError *error;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  error_node = json_object_get_member (json_node_get_object (node), "error");
  if (error_node == NULL || !JSON_NODE_HOLDS_OBJECT (error_node))
    return NULL;

  error_object = json_node_get_object (error_node);
  code_str = member_string (error_object, "code");
  if (code_str == NULL)
    return NULL;

  /* A code this client does not know yet comes from a newer service: its message still
   * tells the person what happened, and "server-error" makes no promise about retrying. */
  if (!ca_error_code_from_string (code_str, &code))
    code = CA_ERROR_SERVER;

  message = member_string (error_object, "message");
  if (message == NULL)
    message = ca_error_code_message_fr (code);

  error = g_error_new_literal (CA_ERROR, code, message);
  fields = error_fields_from_json (error_object);
  if (fields != NULL && g_hash_table_size (fields) > 0)
    ca_error_set_fields (error, fields);

  return error;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing                                                                                    */

/* An integer literal json-glib would silently wrap ("99999999999999999999" reads as -1). */
static gboolean
integer_overflows (const char *start,
                   const char *end)
{
  g_autofree char *literal = g_strndup (start, end - start);

  for (const char *p = literal; *p != '\0'; p++)
    {
      if (*p == '.' || *p == 'e' || *p == 'E')
        return FALSE;   /* a floating-point number: decoders refuse it anyway */
    }

  errno = 0;
  g_ascii_strtoll (literal, NULL, 10);
  return errno == ERANGE;
}

/* Refuses what json-glib would mishandle: nesting deep enough to exhaust its recursion,
 * integers out of range, and several documents in a row (json-glib 1.6 keeps the first and
 * leaks the others). The parser checks the rest of the grammar. */
gboolean
ca_json_check_document (const char  *data,
                        gsize        len,
                        const char **message)
{
  const char *end = data + len;
  gboolean seen_root = FALSE;
  int depth = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  for (const char *p = data; p < end; p++)
    {
      if (depth == 0 && !g_ascii_isspace (*p))
        {
          if (seen_root)
            {
              if (message != NULL)
                *message = "plusieurs documents JSON à la suite";
              return FALSE;
            }
        }

      if (*p == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            {
              if (*p == '\\' && p + 1 < end)
                p++;
            }
        }
      else if (*p == '[' || *p == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            {
              if (message != NULL)
                *message = "imbrication trop profonde";
              return FALSE;
            }
        }
      else if (*p == ']' || *p == '}')
        depth--;
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;

          while (p + 1 < end && strchr ("0123456789+-.eE", p[1]) != NULL)
            p++;
          if (integer_overflows (start, p + 1))
            {
              if (message != NULL)
                *message = "nombre hors limites";
              return FALSE;
            }
        }
      else if (g_ascii_isalpha (*p))
        {
          while (p + 1 < end && g_ascii_isalpha (p[1]))
            p++;
        }
      else
        continue;

      /* A token or a container just ended at the top level: the document is complete. */
      if (depth == 0)
        seen_root = TRUE;
    }

  return TRUE;
}

static gboolean
prescan_json (const char  *data,
              gsize        len,
              GError     **error)
{
  const char *message = NULL;

  if (!ca_json_check_document (data, len, &message))
    return bad_response (error, "document", NULL, message);

  return TRUE;
}

JsonNode *
ca_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  if (data == NULL || len == 0)
    {
      bad_response (error, "document", NULL, "réponse vide");
      return NULL;
    }

  /* Also refuses NUL bytes, which would cut the document short. */
  if (!g_utf8_validate_len (data, len, NULL))
    {
      bad_response (error, "document", NULL, "texte UTF-8 invalide");
      return NULL;
    }

  if (!prescan_json (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      bad_response (error, "document", NULL, local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      bad_response (error, "document", NULL, "réponse vide");
      return NULL;
    }

  return json_parser_steal_root (parser);
}
