#!/usr/bin/python3
# Durability: a restart keeps everything; kill -9 loses no acknowledged write; SIGTERM lets
# requests in flight finish.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import sys
import threading
import time
import unittest
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402

DEMO_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data',
                         'demo-catalogue.json')


class Durability(h.Assertions, unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.server = h.Server()
        self.addCleanup(self.server.cleanup)
        self.server.start()

    def restart(self, kill=False):
        if kill:
            self.server.kill9()
        else:
            self.assertEqual(self.server.stop(), 0, self.server.stderr()[-3000:])
        self.server.start()

    def test_restart_keeps_everything(self):
        s = self.server
        cat = s.catalogue()
        u = s.new_user()
        picks = cat.pick_sessions(3)
        pre = s.preselected(u.token, *picks[0])
        pend = s.pending(u.token, *picks[1])
        acc = s.awaiting_payment(u.token, *picks[2])
        revoked = s.login(u.email, u.password)
        self.assertEqual(s.api('DELETE', '/session', token=revoked).status, 204)
        pending_addr, pending_pw = s.create_account()
        profile = s.api('GET', '/profile', token=u.token).body
        before = s.candidatures(u.token)
        etag = s.api('GET', '/catalogue').headers.get('ETag')
        mails = sorted(os.listdir(s.mail_dir))
        self.restart()
        self.assertError(s.api('GET', '/profile', token=revoked), 401, 'unauthorized')
        token = s.login(u.email, u.password)
        self.assertEqual(s.api('GET', '/profile', token=token).body, profile)
        self.assertEqual(s.candidatures(token), before)
        self.assertEqual({c['status'] for c in before['items']},
                         {'preselected', 'pending', 'awaiting-payment'})
        self.assertEqual(s.api('GET', '/courses').body['total'], cat.total)
        self.assertEqual(s.api('GET', '/catalogue').headers.get('ETag'), etag)
        self.assertTrue(set(mails) <= set(os.listdir(s.mail_dir)))
        r = s.api('POST', '/session', {'email': pending_addr, 'password': pending_pw})
        self.assertError(r, 403, 'account-not-confirmed')
        self.assertEqual({str(pre['id']), str(pend['id']), str(acc['id'])},
                         {str(c['id']) for c in before['items']})

    def test_restart_keeps_live_tokens(self):
        s = self.server
        u = s.new_user()
        self.restart()
        self.assertEqual(s.api('GET', '/profile', token=u.token).status, 200)

    def test_restart_keeps_confirmation_tokens(self):
        s = self.server
        addr, pw = s.create_account()
        _, token = s.confirm_link(addr)
        self.restart()
        self.assertEqual(s.api('POST', '/accounts/confirm', {'token': token}).status, 200)
        self.assertTrue(s.login(addr, pw))

    def test_restart_keeps_period_state_and_catalogue(self):
        s = self.server
        cat = s.catalogue()
        pid = cat.open_period()['id']
        s.admin_ok('close-period', pid)
        self.restart()
        periods = {p['id']: p for p in s.catalogue_meta()['periods']}
        self.assertIs(periods[pid]['open'], False)
        self.assertEqual(s.api('GET', '/courses').body['total'], cat.total)
        s.admin_ok('open-period', pid)
        self.assertIs({p['id']: p for p in s.catalogue_meta()['periods']}[pid]['open'], True)

    def test_kill9_during_burst_loses_no_acknowledged_write(self):
        s = self.server
        cat = s.catalogue()
        n_cycle = 4
        users = [s.new_user() for _ in range(n_cycle)]
        picks = cat.pick_sessions(n_cycle)
        stop = threading.Event()
        lock = threading.Lock()
        acked_contacts = []
        acked_created = {}
        delete_sent = set()
        acked_deleted = set()

        def contact_writer(k):
            n = 0
            while not stop.is_set():
                n += 1
                marker = 'burst-%d-%d-%s' % (k, n, os.urandom(3).hex())
                try:
                    r = s.api('POST', '/contact', {'subject': 'Rafale', 'message': marker,
                                                   'email': 'rafale@example.fr'}, timeout=5)
                except OSError:
                    return
                if r.status == 201:
                    with lock:
                        acked_contacts.append(marker)

        def cycler(k):
            u = users[k]
            sheet, sess = picks[k]
            while not stop.is_set():
                try:
                    r = s.preselect(u.token, sess['id'])
                except OSError:
                    return
                if r.status != 201:
                    continue
                cid = str(r.body['id'])
                with lock:
                    acked_created[cid] = k
                    delete_sent.add(cid)
                try:
                    r = s.api('DELETE', '/candidatures/' + cid, token=u.token, timeout=5)
                except OSError:
                    return
                if r.status == 204:
                    with lock:
                        acked_deleted.add(cid)

        threads = [threading.Thread(target=contact_writer, args=(k,)) for k in range(3)]
        threads += [threading.Thread(target=cycler, args=(k,)) for k in range(n_cycle)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        s.kill9()
        stop.set()
        for t in threads:
            t.join(30)
        self.assertTrue(acked_contacts, 'no contact message was acknowledged')
        self.assertTrue(acked_created, 'no candidature was acknowledged')
        s.start()
        stored = s.db_text()
        missing = [m for m in acked_contacts if m not in stored]
        self.assertEqual(missing, [], '%d of %d acknowledged messages lost'
                         % (len(missing), len(acked_contacts)))
        for k, u in enumerate(users):
            token = s.login(u.email, u.password)
            ids = {str(c['id']) for c in s.candidatures(token)['items']}
            mine = {cid for cid, owner in acked_created.items() if owner == k}
            for cid in mine & acked_deleted:
                self.assertNotIn(cid, ids, 'deleted candidature %s came back' % cid)
            self.assertLessEqual(len(ids), 1, ids)
            unsent = mine - delete_sent
            self.assertTrue(unsent <= ids, (unsent, ids))
        # and the service is usable again
        u = s.new_user()
        s.preselected(u.token, *picks[0])

    def test_sigterm_lets_request_in_flight_finish(self):
        s = self.server
        marker = h.unique('inflight')
        body = json.dumps({'subject': 'En vol', 'message': marker,
                           'email': 'envol@example.fr'}).encode()
        head = ('POST /api/v1/contact HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                'Content-Type: application/json\r\nContent-Length: %d\r\n'
                'Connection: close\r\n\r\n' % len(body)).encode()
        import socket
        sock = socket.create_connection(('127.0.0.1', s.port), timeout=20)
        try:
            sock.sendall(head + body[:10])
            time.sleep(0.3)
            s.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            sock.sendall(body[10:])
            buf = b''
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                buf += chunk
        finally:
            sock.close()
        self.assertTrue(buf.startswith(b'HTTP/1.1 201'), buf[:300])
        s.proc.wait(15)
        self.assertEqual(s.proc.returncode, 0, s.stderr()[-3000:])
        s.start()
        self.assertIn(marker, s.db_text())

    def test_sigterm_during_burst(self):
        s = self.server
        stop = threading.Event()
        lock = threading.Lock()
        acked = []
        bad = []

        def writer(k):
            n = 0
            while not stop.is_set():
                n += 1
                marker = 'term-%d-%d-%s' % (k, n, os.urandom(3).hex())
                try:
                    r = s.api('POST', '/contact', {'subject': 'Arrêt', 'message': marker,
                                                   'email': 'arret@example.fr'}, timeout=10)
                except OSError:
                    time.sleep(0.01)
                    continue
                except Exception as e:   # a truncated answer
                    with lock:
                        bad.append(repr(e))
                    continue
                with lock:
                    if r.status == 201:
                        acked.append(marker)
                    elif r.status != 503:
                        bad.append(repr(r))

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.8)
        s.proc.send_signal(signal.SIGTERM)
        try:
            s.proc.wait(15)
        finally:
            stop.set()
            for t in threads:
                t.join(30)
        self.assertEqual(s.proc.returncode, 0, s.stderr()[-3000:])
        self.assertEqual(bad, [])
        self.assertTrue(acked)
        s.start()
        stored = s.db_text()
        self.assertEqual([m for m in acked if m not in stored], [])


def small_catalogue(title, fee):
    return {
        'format': 1,
        'domains': [{'id': 't-dom', 'name': "Domaine d'essai"}],
        'periods': [{'id': 't-per', 'name': "Période d'essai", 'opens_in_days': -1,
                     'closes_in_days': 5}],
        'establishments': [{'id': 't-est', 'name': "École d'essai",
                            'address': '1 rue de Rivoli, 75001 Paris', 'arrondissement': 1}],
        'heard_from_options': [{'id': 't-heard', 'name': 'Essai'}],
        'courses': [{
            'id': 't-c1', 'title': title, 'domain': 't-dom', 'period': 't-per',
            'objective': 'Objectif', 'audience': 'Public', 'prerequisites': 'Aucun',
            'program': 'Programme', 'fee_cents': fee,
            'candidature_form': [{'id': 'q1', 'label': 'Pourquoi ?', 'type': 'text',
                                  'required': True}],
            'sessions': [{'id': 't-s1', 'establishment': 't-est', 'day': 'sunday',
                          'start': '09:00', 'end': '12:00', 'mode': 'onsite',
                          'rhythm': 'intensive', 'seats': 8}],
        }],
    }


class DurableMode(h.Assertions, unittest.TestCase):
    """--durable (synchronous=FULL) keeps the same guarantees as the default, and more."""
    maxDiff = 4000

    def setUp(self):
        self.server = h.Server(['--durable'])
        self.addCleanup(self.server.cleanup)
        self.server.start()

    test_kill9_during_burst_loses_no_acknowledged_write = \
        Durability.test_kill9_during_burst_loses_no_acknowledged_write

    def test_restart_keeps_a_candidature(self):
        s = self.server
        u = s.new_user()
        sheet, sess = s.catalogue().pick_sessions(1)[0]
        cid = str(s.preselected(u.token, sheet, sess)['id'])
        self.assertEqual(s.stop(), 0, s.stderr()[-3000:])
        s.start()
        token = s.login(u.email, u.password)
        self.assertIn(cid, {str(c['id']) for c in s.candidatures(token)['items']})


class Import(h.Assertions, unittest.TestCase):
    def setUp(self):
        self.server = h.Server()
        self.addCleanup(self.server.cleanup)
        self.server.start()

    def import_file(self, title, fee):
        path = os.path.join(self.server.dir, 'import-%s.json' % h.unique())
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(small_catalogue(title, fee), f, ensure_ascii=False)
        self.server.admin_ok('import-catalogue', path)

    def sheet(self, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            r = self.server.api('GET', '/courses/t-c1')
            if r.status == 200 or time.monotonic() > deadline:
                return r
            time.sleep(0.1)

    def check_sheet(self, r, title, fee):
        sheet = self.assertStatus(r, 200)
        self.assertEqual(sheet['title'], title)
        self.assertEqual(sheet['fee_cents'], fee)
        self.assertEqual(sheet['domain'], {'id': 't-dom', 'name': "Domaine d'essai"})
        self.assertIs(sheet['open'], True)
        (sess,) = sheet['sessions']
        self.assertEqual((sess['id'], sess['day'], sess['start'], sess['end'], sess['slot'],
                          sess['mode'], sess['rhythm'], sess['seats']),
                         ('t-s1', 'sunday', '09:00', '12:00', 'morning', 'onsite',
                          'intensive', 8))
        self.assertEqual(sess['establishment']['arrondissement'], 1)

    def test_import_catalogue_while_running(self):
        before = self.server.api('GET', '/courses').body['total']
        self.import_file('Zythologie comparée - essai', 12345)
        self.check_sheet(self.sheet(), 'Zythologie comparée - essai', 12345)
        total, items = self.server.search({'q': 'zythologie'})
        self.assertEqual([i['id'] for i in items], ['t-c1'])
        self.assertEqual(self.server.api('GET', '/courses').body['total'], before + 1)
        u = self.server.new_user()
        self.assertStatus(self.server.preselect(u.token, 't-s1'), 201)

    def test_import_catalogue_then_restart(self):
        self.import_file('Zythologie comparée - essai', 12345)
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        self.check_sheet(self.sheet(timeout=0), 'Zythologie comparée - essai', 12345)

    def test_import_updates_existing_ids(self):
        self.import_file('Zythologie comparée - essai', 12345)
        self.import_file('Zythologie comparée - version 2', 23456)
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        self.check_sheet(self.sheet(timeout=0), 'Zythologie comparée - version 2', 23456)
        total, items = self.server.search({'q': 'zythologie'})
        self.assertEqual(total, 1)

    def test_import_bad_file(self):
        path = os.path.join(self.server.dir, 'bad.json')
        with open(path, 'w') as f:
            f.write('{"format": 1, "courses": [')
        p = self.server.admin('import-catalogue', path)
        self.assertNotEqual(p.returncode, 0, p)
        self.assertTrue(p.stderr.strip())
        self.assertEqual(self.server.api('GET', '/health').status, 200)


def paris_midnight(days):
    """Unix time of midnight in Paris, @days days from today there."""
    day = h.paris_today() + datetime.timedelta(days=days)
    try:
        zone = zoneinfo.ZoneInfo('Europe/Paris')
    except zoneinfo.ZoneInfoNotFoundError:
        zone = None
    midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=zone)
    return int(midnight.timestamp())


class DemoDatabase(h.Assertions, unittest.TestCase):
    """A first start with --demo-catalogue copies the database the build made instead of
    importing the JSON: same catalogue, periods dated from the day of the start."""
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='ca-demo-db-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.json = os.path.join(self.dir, 'catalogue.json')
        with open(self.json, 'w', encoding='utf-8') as f:
            json.dump(small_catalogue('Zythologie comparée - essai', 12345), f,
                      ensure_ascii=False)
        self.template = os.path.join(self.dir, 'demo.sqlite')

    def write_template(self, json_path):
        env = dict(os.environ, CA_DEMO_CATALOGUE=json_path)
        p = subprocess.run([h.server_bin(), '--write-demo-database', self.template], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ['catalogue.json', 'demo.sqlite'])

    def start(self, **env):
        server = h.Server(env=env)
        self.addCleanup(server.cleanup)
        server.start()
        # The catalogue is loaded after the address is printed; requests wait for it.
        self.assertStatus(server.api('GET', '/health'), 200)
        return server

    def age_template(self, days):
        """Makes the template look built @days days ago."""
        with sqlite3.connect(self.template) as db:
            ((dated_from,),) = db.execute(
                "SELECT value FROM meta WHERE key = 'periods_dated_from'").fetchall()
            self.assertEqual(dated_from, paris_midnight(0))
            rows = db.execute('SELECT id, opens_at, closes_at FROM periods').fetchall()
            for pid, opens_at, closes_at in rows:
                opens = round((opens_at - dated_from) / 86400)
                closes = round((closes_at - dated_from) / 86400)
                db.execute('UPDATE periods SET opens_at = ?, closes_at = ? WHERE id = ?',
                           (paris_midnight(opens - days), paris_midnight(closes - days), pid))
            db.execute("UPDATE meta SET value = ? WHERE key = 'periods_dated_from'",
                       (paris_midnight(-days),))
        db.close()

    def period(self, server):
        (period,) = server.api('GET', '/catalogue').body['periods']
        return period

    def test_copy_of_an_old_template_has_the_periods_of_today(self):
        self.write_template(self.json)
        self.age_template(40)
        with open(self.template, 'rb') as f:
            template_bytes = f.read()
        # The JSON is not read: a first start that imported it would fail.
        s = self.start(CA_DEMO_DATABASE=self.template,
                       CA_DEMO_CATALOGUE=os.path.join(self.dir, 'missing.json'))
        self.assertIn('loaded from the demo database, periods dated from today', s.stderr())
        imported = self.start(CA_DEMO_CATALOGUE=self.json)
        self.assertIn('catalogue.json loaded', imported.stderr())

        period = self.period(s)
        self.assertEqual(period, self.period(imported))
        self.assertEqual((h.parse_iso(period['opens_at']).timestamp(),
                          h.parse_iso(period['closes_at']).timestamp(), period['open']),
                         (paris_midnight(-1), paris_midnight(5), True))
        self.assertEqual(s.api('GET', '/courses/t-c1').body,
                         imported.api('GET', '/courses/t-c1').body)
        u = s.new_user()
        self.assertStatus(s.preselect(u.token, 't-s1'), 201)
        with open(self.template, 'rb') as f:
            self.assertEqual(f.read(), template_bytes)

        # Later starts keep the database as it is.
        self.assertEqual(s.stop(), 0)
        s.start()
        self.assertStatus(s.api('GET', '/health'), 200)
        with open(s.stderr_path, encoding='utf-8') as f:
            self.assertNotIn('demo', f.read())
        self.assertEqual(self.period(s), period)

    def test_template_of_today_is_used_as_it_is(self):
        self.write_template(self.json)
        s = self.start(CA_DEMO_DATABASE=self.template,
                       CA_DEMO_CATALOGUE=os.path.join(self.dir, 'missing.json'))
        self.assertIn('demo catalogue loaded from the demo database\n', s.stderr())
        self.assertIs(self.period(s)['open'], True)

    def test_periods_with_dates_of_their_own_stay(self):
        catalogue = small_catalogue('Zythologie comparée - essai', 12345)
        catalogue['periods'] = [{'id': 't-per', 'name': "Période d'essai",
                                 'opens_at': '2026-01-05T00:00:00+01:00',
                                 'closes_at': '2099-01-05T00:00:00+01:00'}]
        with open(self.json, 'w', encoding='utf-8') as f:
            json.dump(catalogue, f, ensure_ascii=False)
        self.write_template(self.json)
        with sqlite3.connect(self.template) as db:
            self.assertEqual(db.execute('SELECT key FROM meta').fetchall(),
                             [('catalogue_version',)])
        db.close()
        s = self.start(CA_DEMO_DATABASE=self.template)
        self.assertEqual(self.period(s)['opens_at'], '2026-01-05T00:00:00+01:00')

    def test_template_of_another_version_falls_back_to_the_json(self):
        self.write_template(self.json)
        with sqlite3.connect(self.template) as db:
            db.execute('PRAGMA user_version = 999')
        db.close()
        s = self.start(CA_DEMO_DATABASE=self.template, CA_DEMO_CATALOGUE=self.json)
        self.assertIn('demo database not used', s.stderr())
        self.assertIn('catalogue.json loaded', s.stderr())
        self.assertIs(self.period(s)['open'], True)
        self.assertEqual(s.api('GET', '/courses/t-c1').body['fee_cents'], 12345)

    def test_damaged_template_falls_back_to_the_json(self):
        self.write_template(self.json)
        with open(self.template, 'rb') as f:
            whole = f.read()
        for damage in (whole[:len(whole) // 2], os.urandom(len(whole))):
            with open(self.template, 'wb') as f:
                f.write(damage)
            s = self.start(CA_DEMO_DATABASE=self.template, CA_DEMO_CATALOGUE=self.json)
            self.assertIn('demo database not used', s.stderr())
            self.assertIn('catalogue.json loaded', s.stderr())
            self.assertEqual(s.api('GET', '/courses/t-c1').body['fee_cents'], 12345)
            self.assertIs(self.period(s)['open'], True)

    def test_copy_has_default_permissions(self):
        self.write_template(self.json)
        os.chmod(self.template, 0o444)
        s = self.start(CA_DEMO_DATABASE=self.template)
        self.assertIn('loaded from the demo database', s.stderr())
        mode = os.stat(s.db).st_mode & 0o777
        self.assertTrue(mode & 0o200, oct(mode))
        u = s.new_user()
        self.assertStatus(s.preselect(u.token, 't-s1'), 201)

    def test_missing_template_falls_back_to_the_json(self):
        s = self.start(CA_DEMO_DATABASE=os.path.join(self.dir, 'missing.sqlite'),
                       CA_DEMO_CATALOGUE=self.json)
        self.assertIn('catalogue.json loaded', s.stderr())
        self.assertEqual(s.api('GET', '/courses/t-c1').body['fee_cents'], 12345)

    def test_built_demo_database_holds_the_demo_catalogue(self):
        built = self.start()
        self.assertIn('loaded from the demo database', built.stderr())
        imported = self.start(CA_DEMO_CATALOGUE=DEMO_JSON)
        self.assertIn('demo-catalogue.json loaded', imported.stderr())
        self.assertEqual(built.api('GET', '/catalogue').body,
                         imported.api('GET', '/catalogue').body)
        self.assertEqual(built.api('GET', '/catalogue').headers.get('ETag'),
                         imported.api('GET', '/catalogue').headers.get('ETag'))
        for query in ('/courses?limit=100', '/courses?limit=100&offset=100', '/courses?q=anglais'):
            self.assertEqual(built.api('GET', query).body, imported.api('GET', query).body)
        ids = [c['id'] for c in built.api('GET', '/courses?limit=100').body['items']]
        for cid in ids[:5] + ids[-5:]:
            self.assertEqual(built.api('GET', '/courses/' + cid).body,
                             imported.api('GET', '/courses/' + cid).body)

    def test_writing_from_a_bad_catalogue_leaves_nothing(self):
        with open(self.json, 'w', encoding='utf-8') as f:
            f.write('{"format": 1, "courses": [')
        env = dict(os.environ, CA_DEMO_CATALOGUE=self.json)
        p = subprocess.run([h.server_bin(), '--write-demo-database', self.template], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn('catalogue.json: not valid JSON', p.stderr)
        self.assertEqual(os.listdir(self.dir), ['catalogue.json'])

    def test_opening_a_period_ends_the_day_counts(self):
        self.write_template(self.json)
        s = self.start(CA_DEMO_DATABASE=self.template)
        s.admin_ok('close-period', 't-per')
        with sqlite3.connect(s.db) as db:
            self.assertEqual(db.execute("SELECT COUNT (*) FROM meta"
                                        " WHERE key = 'periods_dated_from'").fetchall(), [(0,)])
        db.close()


if __name__ == '__main__':
    h.main()
