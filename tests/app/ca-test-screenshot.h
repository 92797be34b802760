/* ca-test-screenshot.h — PNG screenshots of widgets in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Waits for @widget (usually a window) to be drawn, renders it with its own renderer and
 * writes it to @path as PNG. */
gboolean ca_test_screenshot_save (GtkWidget   *widget,
                                  const char  *path,
                                  GError     **error);

/* Where screenshots of this run go: $CA_SCREENSHOT_DIR, else the test's build directory. */
char    *ca_test_screenshot_path (const char  *name);

/* The screenshot programs speak the desktop's language: setlocale () from the environment and
 * the catalogues of $CA_LOCALE_DIR (those built in the build tree), else of LOCALEDIR. */
void     ca_test_screenshot_init_locale (void);

G_END_DECLS
