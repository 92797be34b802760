/* ca-status-icon.h — the large icon of a status page, loaded only when the page is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Gives @page the icon @icon_name the first time it is mapped. A status page's 128 px icon
 * is an SVG: loading it brings in the SVG loader, which most start-ups never need, since the
 * error and empty pages are seldom shown. */
void ca_status_page_set_icon_when_shown (AdwStatusPage *page,
                                         const char    *icon_name);

G_END_DECLS
