/* ca-candidature-form.h — « Confirmer ma candidature »: the sheet's questions, a summary,
 * then « Valider »
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-client.h"

G_BEGIN_DECLS

#define CA_TYPE_CANDIDATURE_FORM (ca_candidature_form_get_type ())
G_DECLARE_FINAL_TYPE (CaCandidatureForm, ca_candidature_form, CA, CANDIDATURE_FORM, AdwWindow)

/* A modal window over @parent. It loads the sheet of @candidature's course, then asks its
 * questions. Signal ::confirmed (CaCandidature *updated) once the service accepted them; the
 * window then closes itself. */
CaCandidatureForm *ca_candidature_form_new (GtkWindow     *parent,
                                            CaClient      *client,
                                            CaCandidature *candidature);

G_END_DECLS
