/* ca-captcha.h — the "code de vérification" shown when an account is created
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CA_CAPTCHA_CODE_LENGTH 5
#define CA_CAPTCHA_WIDTH       180
#define CA_CAPTCHA_HEIGHT      60
/* Capital letters and digits that cannot be mistaken for one another (no 0 O 1 I L). */
#define CA_CAPTCHA_ALPHABET    "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

/* CA_CAPTCHA_CODE_LENGTH characters drawn from CA_CAPTCHA_ALPHABET. */
char   *ca_captcha_new_code   (void);
/* A CA_CAPTCHA_WIDTH × CA_CAPTCHA_HEIGHT PNG of @code: jittered glyphs over noise lines and
 * dots. Fails with G_IO_ERROR_INVALID_ARGUMENT for an empty code or characters outside
 * CA_CAPTCHA_ALPHABET. */
GBytes *ca_captcha_render_png (const char  *code,
                               GError     **error);

G_END_DECLS
