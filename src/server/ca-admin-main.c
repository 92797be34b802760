/* ca-admin-main.c — cours-adultes-admin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaAdmin"

#include <locale.h>
#include <stdio.h>

#include "ca-admin.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  return ca_admin_run (argc, argv, stdout, stderr);
}
