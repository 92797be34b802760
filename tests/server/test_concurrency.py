#!/usr/bin/python3
# Races: the rules (three active, one per sheet, one per day and hour) hold under parallel calls.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import select
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402


def race(n, fn):
    """Runs fn(i) in n threads released at the same instant; returns the results in order."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = fn(i)
        except Exception as e:  # kept for the assertion message
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


class ListenBacklog(h.ServerTestCase):
    """A burst of connections the service has not accepted yet waits in the kernel's queue
    instead of being dropped (GLib's default backlog is 10)."""

    def test_burst_of_connections_is_queued(self):
        burst = 100
        socks = []
        self.server.proc.send_signal(signal.SIGSTOP)   # nothing is accepted meanwhile
        try:
            for _ in range(burst):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(False)
                s.connect_ex(('127.0.0.1', self.server.port))
                socks.append(s)
            # the handshake completes for every queued connection; a dropped SYN is only
            # retried after a second
            deadline = time.monotonic() + 0.8
            pending = list(socks)
            while pending and time.monotonic() < deadline:
                _, writable, _ = select.select([], pending, [], 0.05)
                pending = [s for s in pending if s not in writable
                           or s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0]
            self.assertEqual(len(pending), 0, '%d of %d connections not established'
                             % (len(pending), burst))
        finally:
            self.server.proc.send_signal(signal.SIGCONT)
            for s in socks:
                s.close()
        self.assertEqual(self.server.api('GET', '/health').status, 200)


class Races(h.CatalogueTestCase):
    user_pool = 12

    def statuses(self, results):
        return [r.status if isinstance(r, h.Resp) else repr(r) for r in results]

    def test_never_more_than_three_active(self):
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                u = self.server.new_user()
                picks = self.cat.pick_sessions(6)
                cs = [self.server.preselected(u.token, sheet, s) for sheet, s in picks]

                def confirm(i):
                    sheet, _ = picks[i % 6]
                    return self.server.confirm(u.token, cs[i % 6]['id'],
                                               h.valid_answers(sheet['candidature_form']))

                results = race(20, confirm)
                codes = self.statuses(results)
                self.assertTrue(all(c in (200, 409) for c in codes), codes)
                self.assertEqual(codes.count(200), 3, codes)
                listed = self.server.candidatures(u.token)
                active = [c for c in listed['items'] if c['status'] in h.ACTIVE]
                self.assertEqual(len(active), 3, listed)
                self.assertEqual(listed['active_count'], 3)
                admin = self.server.admin_statuses()
                mine = [admin.get(str(c['id'])) for c in cs]
                self.assertEqual(sum(1 for s in mine if s in h.ACTIVE), 3, mine)
                self.assertEqual(sum(1 for s in mine if s == 'preselected'), 3, mine)

    def test_conflict_codes_in_confirm_race(self):
        u = self.server.new_user()
        picks = self.cat.pick_sessions(6)
        cs = [self.server.preselected(u.token, sheet, s) for sheet, s in picks]

        def confirm(i):
            sheet, _ = picks[i]
            return self.server.confirm(u.token, cs[i]['id'],
                                       h.valid_answers(sheet['candidature_form']))

        results = race(6, confirm)
        self.assertEqual(self.statuses(results).count(200), 3, self.statuses(results))
        for r in results:
            if r.status == 409:
                self.assertEqual(r.body['error']['code'], 'too-many-active', repr(r))

    def test_identical_preselects(self):
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                u = self.server.new_user()
                (sheet, s), = self.cat.pick_sessions(1)
                results = race(10, lambda i: self.server.preselect(u.token, s['id']))
                codes = self.statuses(results)
                self.assertEqual(codes.count(201), 1, codes)
                self.assertEqual(codes.count(409), 9, codes)
                for r in results:
                    if r.status == 409:
                        self.assertEqual(r.body['error']['code'],
                                         'already-preselected-for-course', repr(r))
                self.assertEqual(len(self.server.candidatures(u.token)['items']), 1)

    def test_same_course_other_sessions(self):
        sheet = [c for c in self.cat.open_courses() if len(c['sessions']) >= 2][0]
        u = self.server.new_user()
        n = len(sheet['sessions'])
        results = race(2 * n, lambda i: self.server.preselect(u.token,
                                                              sheet['sessions'][i % n]['id']))
        codes = self.statuses(results)
        self.assertEqual(codes.count(201), 1, codes)
        self.assertEqual(len(self.server.candidatures(u.token)['items']), 1)

    def test_conflicting_hours(self):
        (sa, a), (sb, b) = self.cat.conflicting_pair()
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                u = self.server.new_user()
                results = race(10, lambda i: self.server.preselect(
                    u.token, (a if i % 2 else b)['id']))
                codes = self.statuses(results)
                self.assertEqual(codes.count(201), 1, codes)
                self.assertEqual(codes.count(409), 9, codes)
                items = self.server.candidatures(u.token)['items']
                self.assertEqual(len(items), 1, items)

    def test_parallel_users_do_not_interfere(self):
        users = [self.server.new_user() for _ in range(6)]
        (sheet, s), = self.cat.pick_sessions(1)
        results = race(6, lambda i: self.server.preselect(users[i].token, s['id']))
        self.assertEqual(self.statuses(results), [201] * 6)

    def test_confirm_and_cancel_race(self):
        u = self.server.new_user()
        picks = self.cat.pick_sessions(5)
        pend = [self.server.pending(u.token, sheet, s) for sheet, s in picks[:3]]
        pre = [self.server.preselected(u.token, sheet, s) for sheet, s in picks[3:]]

        def act(i):
            if i < 3:
                return self.api('POST', '/candidatures/%s/cancel' % pend[i]['id'], {},
                                token=u.token)
            sheet, _ = picks[i]
            return self.server.confirm(u.token, pre[i - 3]['id'],
                                       h.valid_answers(sheet['candidature_form']))

        results = race(5, act)
        self.assertEqual(self.statuses(results)[:3], [200] * 3)
        listed = self.server.candidatures(u.token)
        self.assertLessEqual(listed['active_count'], 3)
        self.assertEqual(listed['active_count'],
                         sum(1 for c in listed['items'] if c['status'] in h.ACTIVE))

    def test_parallel_account_creation_same_email(self):
        addr = h.unique_email()
        bodies = [self.server.account_body(email_addr=addr) for _ in range(8)]
        results = race(8, lambda i: self.api('POST', '/accounts', bodies[i]))
        codes = self.statuses(results)
        self.assertEqual(codes.count(201), 1, codes)
        self.assertEqual(codes.count(409), 7, codes)
        self.server.wait_mail(addr, h.CONFIRM_SUBJECT)
        self.assertEqual(len(self.server.mails_to(addr, h.CONFIRM_SUBJECT)), 1)

    def test_parallel_logins_and_failures(self):
        addr, pw = self.server.create_confirmed_account()
        results = race(12, lambda i: self.api('POST', '/session',
                                              {'email': addr, 'password': 'wrong%d' % i}))
        codes = self.statuses(results)
        self.assertEqual(codes.count(401), 5, codes)
        self.assertEqual(codes.count(429), 7, codes)


if __name__ == '__main__':
    h.main()
