/* ca-index.h — the catalogue held in memory for fast searches
 *
 * The catalogue changes only on import and when a period is opened or closed, so the service
 * keeps it in memory, sorted by title, and reloads it when the database's catalogue_version
 * moves (the admin tool bumps it from another process).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "ca-db.h"
#include "ca-types.h"

G_BEGIN_DECLS

typedef struct
{
  char  *id;
  char  *name;
  guint  course_count;
  guint  index;           /* position in CaIndex.domains */
} CaIdxDomain;

typedef struct
{
  char   *id;
  char   *name;
  gint64  opens_at;
  gint64  closes_at;
  guint   index;
} CaIdxPeriod;

typedef struct
{
  char *id;
  char *name;
  char *address;
  int   arrondissement;
  guint index;
} CaIdxEstablishment;

typedef struct
{
  char *id;
  char *name;
} CaIdxNamed;

typedef struct _CaIdxCourse CaIdxCourse;

typedef struct
{
  char               *id;
  CaIdxCourse        *course;
  CaIdxEstablishment *establishment;
  CaDay               day;
  int                 start;   /* minutes since midnight */
  int                 end;
  CaSlot              slot;
  CaMode              mode;
  CaRhythm            rhythm;
  int                 seats;
} CaIdxSession;

struct _CaIdxCourse
{
  char        *id;
  char        *title;
  char        *title_folded;
  CaIdxDomain *domain;
  CaIdxPeriod *period;
  char        *objective;
  char        *audience;
  char        *prerequisites;
  char        *program;
  gint64       fee_cents;
  char        *form_json;     /* candidature_form as stored */
  JsonNode    *form;          /* parsed on first use: ca_idx_course_get_form () */
  GPtrArray   *sessions;      /* CaIdxSession, file order */
};

typedef struct
{
  grefcount   ref_count;
  gint64      version;
  GPtrArray  *domains;          /* CaIdxDomain, catalogue order */
  GPtrArray  *periods;          /* CaIdxPeriod */
  GPtrArray  *establishments;   /* CaIdxEstablishment, by arrondissement then name */
  GPtrArray  *heard_from;       /* CaIdxNamed */
  GPtrArray  *courses;          /* CaIdxCourse, French title order */
  GHashTable *course_by_id;
  GHashTable *session_by_id;
  GHashTable *domain_by_id;
  GHashTable *period_by_id;
  GHashTable *establishment_by_id;
  char      **heard_from_ids;   /* NULL-terminated, for ca_profile_validate () */

  /* What searches scan, packed in contiguous arrays in title order: a search over 10,000
   * courses and 40,000 sessions then reads well under a megabyte of memory in sequence
   * instead of chasing pointers across the heap. */
  GArray     *course_keys;      /* CaIdxCourseKey, same order as courses */
  GArray     *session_keys;     /* CaIdxSessionKey, each course's sessions together */
  GString    *titles;           /* folded titles, each NUL-terminated */
} CaIndex;

#define CA_IDX_NONE G_MAXUINT16

typedef struct
{
  guint16 domain;          /* CaIdxDomain.index, or CA_IDX_NONE */
  guint16 period;          /* CaIdxPeriod.index, or CA_IDX_NONE */
  guint32 title_offset;    /* in CaIndex.titles */
  guint32 first_session;   /* in CaIndex.session_keys */
  guint32 n_sessions;
} CaIdxCourseKey;

typedef struct
{
  guint8  day;
  guint8  slot;
  guint8  mode;
  guint8  rhythm;
  guint8  arrondissement;  /* 0 when the establishment is unknown */
  guint8  unused;
  guint16 establishment;   /* CaIdxEstablishment.index, or CA_IDX_NONE */
} CaIdxSessionKey;

CaIndex  *ca_index_load       (CaDb    *db,
                               GError **error);
CaIndex  *ca_index_ref        (CaIndex *index);
void      ca_index_unref      (CaIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaIndex, ca_index_unref)

gboolean  ca_idx_period_is_open (const CaIdxPeriod *period,
                                 gint64             now);
JsonNode *ca_idx_course_get_form (CaIdxCourse      *course);

/* The search of GET /courses. Each filter array may be NULL (no filter) and is OR-ed;
 * filters are AND-ed; session-level filters must all hold on one session. */
typedef struct
{
  char      **words;            /* folded words of q, all must occur in the title */
  GPtrArray  *domains;          /* char * */
  GPtrArray  *periods;          /* char * */
  gboolean    open_only;
  guint       days;             /* bit sets of the enum values; 0 = no filter */
  guint       slots;
  guint       modes;
  guint       rhythms;
  guint32     arrondissements;  /* bit n for arrondissement n */
  GPtrArray  *establishments;   /* char * */
} CaSearch;

typedef struct
{
  CaIdxCourse *course;
  guint        matching_sessions;
} CaSearchHit;

/* Fills @hits (CaSearchHit, in title order) with every match. */
void      ca_index_search     (CaIndex        *index,
                               const CaSearch *search,
                               gint64          now,
                               GArray         *hits);

G_END_DECLS
