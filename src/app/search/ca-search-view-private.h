/* ca-search-view-private.h — the pages of the search view, for its tests and screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-course-page.h"
#include "ca-results-page.h"
#include "ca-search-page.h"
#include "ca-search-view.h"

G_BEGIN_DECLS

CaSearchPage  *ca_search_view_get_search_page  (CaSearchView *self);
CaResultsPage *ca_search_view_get_results_page (CaSearchView *self);
CaCoursePage  *ca_search_view_get_course_page  (CaSearchView *self);
/* "loading", "error", "search", "results" or "course" */
const char    *ca_search_view_get_page_name    (CaSearchView *self);

G_END_DECLS
