/* test-status.c — the candidature status machine, every status against every action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "CaTest"

#include "ca-status.h"

#define N_STATUSES (CA_STATUS_CANCELLED + 1)
#define N_ACTIONS (CA_ACTION_ENROL + 1)
#define NO (-1)

/* The whole table, written out independently of the implementation: the status each action
 * leads to from each status, or NO. */
static const int transitions[N_STATUSES][N_ACTIONS] = {
  [CA_STATUS_PRESELECTED] = {
    [CA_ACTION_DELETE] = CA_STATUS_CANCELLED,
    [CA_ACTION_CONFIRM] = CA_STATUS_PENDING,
    [CA_ACTION_CANCEL] = NO,
    [CA_ACTION_PAY] = NO,
    [CA_ACTION_CONVOKE] = NO,
    [CA_ACTION_ACCEPT] = NO,
    [CA_ACTION_REFUSE] = NO,
    [CA_ACTION_ENROL] = NO,
  },
  [CA_STATUS_PENDING] = {
    [CA_ACTION_DELETE] = NO,
    [CA_ACTION_CONFIRM] = NO,
    [CA_ACTION_CANCEL] = CA_STATUS_CANCELLED,
    [CA_ACTION_PAY] = NO,
    [CA_ACTION_CONVOKE] = CA_STATUS_CONVOKED,
    [CA_ACTION_ACCEPT] = CA_STATUS_AWAITING_PAYMENT,
    [CA_ACTION_REFUSE] = CA_STATUS_REFUSED,
    [CA_ACTION_ENROL] = NO,
  },
  [CA_STATUS_CONVOKED] = {
    [CA_ACTION_DELETE] = NO,
    [CA_ACTION_CONFIRM] = NO,
    [CA_ACTION_CANCEL] = CA_STATUS_CANCELLED,
    [CA_ACTION_PAY] = NO,
    [CA_ACTION_CONVOKE] = NO,
    [CA_ACTION_ACCEPT] = CA_STATUS_AWAITING_PAYMENT,
    [CA_ACTION_REFUSE] = CA_STATUS_REFUSED,
    [CA_ACTION_ENROL] = NO,
  },
  [CA_STATUS_AWAITING_PAYMENT] = {
    [CA_ACTION_DELETE] = NO,
    [CA_ACTION_CONFIRM] = NO,
    [CA_ACTION_CANCEL] = CA_STATUS_CANCELLED,
    [CA_ACTION_PAY] = CA_STATUS_AWAITING_PAYMENT,
    [CA_ACTION_CONVOKE] = NO,
    [CA_ACTION_ACCEPT] = NO,
    [CA_ACTION_REFUSE] = NO,
    [CA_ACTION_ENROL] = CA_STATUS_ENROLLED,
  },
  [CA_STATUS_ENROLLED] = {
    NO, NO, NO, NO, NO, NO, NO, NO,
  },
  [CA_STATUS_REFUSED] = {
    NO, NO, NO, NO, NO, NO, NO, NO,
  },
  [CA_STATUS_CANCELLED] = {
    NO, NO, NO, NO, NO, NO, NO, NO,
  },
};

static void
test_table (void)
{
  for (int s = 0; s < N_STATUSES; s++)
    for (int a = 0; a < N_ACTIONS; a++)
      {
        CaStatus next = (CaStatus) 99;
        gboolean allowed = ca_status_transition (s, a, &next);

        g_test_message ("%s × action %d", ca_status_to_string (s), a);
        g_assert_cmpint (allowed, ==, transitions[s][a] != NO);
        g_assert_cmpint (ca_status_allows (s, a), ==, allowed);
        if (allowed)
          g_assert_cmpint (next, ==, transitions[s][a]);
        else
          g_assert_cmpint (next, ==, 99);
      }
}

static void
test_classes (void)
{
  static const struct {
    CaStatus status;
    gboolean active, live, closed;
  } expected[] = {
    { CA_STATUS_PRESELECTED, FALSE, TRUE, FALSE },
    { CA_STATUS_PENDING, TRUE, TRUE, FALSE },
    { CA_STATUS_CONVOKED, TRUE, TRUE, FALSE },
    { CA_STATUS_AWAITING_PAYMENT, TRUE, TRUE, FALSE },
    { CA_STATUS_ENROLLED, FALSE, FALSE, TRUE },
    { CA_STATUS_REFUSED, FALSE, FALSE, TRUE },
    { CA_STATUS_CANCELLED, FALSE, FALSE, TRUE },
  };

  g_assert_cmpint (G_N_ELEMENTS (expected), ==, N_STATUSES);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (ca_status_is_active (expected[i].status), ==, expected[i].active);
      g_assert_cmpint (ca_status_is_live (expected[i].status), ==, expected[i].live);
      g_assert_cmpint (ca_status_is_closed (expected[i].status), ==, expected[i].closed);
    }
  g_assert_cmpint (CA_MAX_ACTIVE_CANDIDATURES, ==, 3);
}

/* Following the happy path from preselection reaches enrolment and nothing leaves it. */
static void
test_path (void)
{
  static const CaAction path[] = {
    CA_ACTION_CONFIRM, CA_ACTION_CONVOKE, CA_ACTION_ACCEPT, CA_ACTION_PAY, CA_ACTION_ENROL,
  };
  CaStatus status = CA_STATUS_PRESELECTED;

  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    g_assert_true (ca_status_transition (status, path[i], &status));

  g_assert_cmpint (status, ==, CA_STATUS_ENROLLED);
  g_assert_false (ca_status_allows (status, CA_ACTION_CANCEL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/table", test_table);
  g_test_add_func ("/status/classes", test_classes);
  g_test_add_func ("/status/path", test_path);

  return g_test_run ();
}
