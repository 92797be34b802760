# caharness.py — drives a real cours-adultes-server over loopback for the service tests
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Standard library only. Each test file starts its own server on a free port with a fresh
# database and mail directory, so files can run in parallel; tests create fresh accounts.

import datetime
import email
import email.policy
import html
import html.parser
import http.client
import json
import os
import queue
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import unittest
import urllib.parse
import zoneinfo

API = '/api/v1'
LISTEN_RE = re.compile(r'listening on http://127\.0\.0\.1:(\d+)')
CONFIRM_SUBJECT = 'Mon Paris - confirmez votre compte en un clic'
PROFILE_SUBJECT = "Création de votre compte Cours d'Adultes de Paris"
STATUSES = ('preselected', 'pending', 'convoked', 'awaiting-payment', 'enrolled', 'refused',
            'cancelled')
ACTIVE = ('pending', 'convoked', 'awaiting-payment')
DAYS = ('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday')
SLOTS = ('day', 'morning', 'afternoon', 'evening')
MODES = ('onsite', 'remote', 'hybrid')
RHYTHMS = ('annual', 'semester-1', 'semester-2', 'quarter', 'intensive')
_NO_BODY = object()


def paris_today():
    """Today's date where the service counts days (Europe/Paris; local time if the system
    has no time zone data, as the service does)."""
    try:
        return datetime.datetime.now(zoneinfo.ZoneInfo('Europe/Paris')).date()
    except zoneinfo.ZoneInfoNotFoundError:
        return datetime.date.today()
_counter = 0
_counter_lock = threading.Lock()


def server_bin():
    path = os.environ.get('CA_SERVER_BIN')
    if not path:
        raise RuntimeError('CA_SERVER_BIN is not set (path to cours-adultes-server)')
    return path


def admin_bin():
    path = os.environ.get('CA_ADMIN_BIN')
    if not path:
        raise RuntimeError('CA_ADMIN_BIN is not set (path to cours-adultes-admin)')
    return path


def unique(prefix='u'):
    global _counter
    with _counter_lock:
        _counter += 1
        n = _counter
    return '%s%d-%d-%s' % (prefix, os.getpid(), n, os.urandom(3).hex())


def unique_email():
    return unique('cand') + '@example.fr'


# ---------------------------------------------------------------- HTTP

class Resp:
    """An HTTP answer; unpacks as (status, headers, body) where body is parsed JSON when the
    answer is JSON, else the raw bytes."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.body = raw
        ctype = headers.get('Content-Type', '') or ''
        if 'json' in ctype.lower() and raw:
            try:
                self.body = json.loads(raw.decode('utf-8'))
            except (ValueError, UnicodeDecodeError):
                self.body = raw

    def __iter__(self):
        return iter((self.status, self.headers, self.body))

    @property
    def text(self):
        return html.unescape(self.raw.decode('utf-8', 'replace'))

    def __repr__(self):
        raw = self.raw[:600]
        return '<HTTP %d %s %r>' % (self.status, dict(self.headers), raw)


def raw_exchange(port, data, shutdown_write=False, timeout=20):
    """Sends raw bytes on a new connection and reads the answer until the server closes or a
    full response (by Content-Length) has arrived. Returns (status or None, header dict, body)."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    try:
        sock.sendall(data)
        if shutdown_write:
            sock.shutdown(socket.SHUT_WR)
        buf = b''
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            buf += chunk
            parsed = _parse_raw_response(buf)
            if parsed is not None and parsed[3]:
                break
        parsed = _parse_raw_response(buf)
        if parsed is None:
            return None, {}, buf
        return parsed[0], parsed[1], parsed[2]
    finally:
        sock.close()


def _parse_raw_response(buf):
    head, sep, body = buf.partition(b'\r\n\r\n')
    if not sep:
        return None
    lines = head.decode('latin-1').split('\r\n')
    m = re.match(r'HTTP/1\.[01] (\d{3})', lines[0])
    if not m:
        return None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(':')
        headers[k.strip().lower()] = v.strip()
    complete = False
    if 'content-length' in headers:
        complete = len(body) >= int(headers['content-length'])
    return int(m.group(1)), headers, body, complete


# ---------------------------------------------------------------- mail

class Mail:
    def __init__(self, path):
        self.path = path
        with open(path, 'rb') as f:
            self.raw = f.read()
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        self.msg = msg
        self.subject = str(msg['Subject'] or '')
        self.from_ = str(msg['From'] or '')
        self.to = str(msg['To'] or '')
        self.from_addr = msg['From'].addresses[0].addr_spec if msg['From'] else ''
        self.to_addrs = [a.addr_spec.lower() for a in msg['To'].addresses] if msg['To'] else []
        parts = []
        for part in msg.walk():
            if part.get_content_maintype() == 'text':
                try:
                    parts.append(part.get_content())
                except (LookupError, ValueError):
                    parts.append(part.get_payload(decode=True).decode('utf-8', 'replace'))
        self.body = '\n'.join(parts)

    def __repr__(self):
        return '<Mail %s to=%s subject=%r>' % (os.path.basename(self.path), self.to, self.subject)


def norm_quotes(text):
    return text.replace('\u2019', "'").replace('\u00a0', ' ').replace('\u202f', ' ')


# ---------------------------------------------------------------- catalogue model

def fold(text):
    """Lower case, accents and ligatures folded, punctuation as single spaces, trimmed."""
    text = text.replace('Œ', 'OE').replace('œ', 'oe').replace('Æ', 'AE').replace('æ', 'ae')
    for a, b in (('ß', 'ss'), ('ø', 'o'), ('Ø', 'O'), ('ł', 'l'), ('Ł', 'L'), ('đ', 'd'),
                 ('Đ', 'D')):
        text = text.replace(a, b)
    text = unicodedata.normalize('NFKD', text)
    text = ''.join(c for c in text if not unicodedata.combining(c)).lower()
    text = ''.join(c if c.isalnum() else ' ' for c in text)
    return ' '.join(text.split())


def matches_all_words(title, query):
    folded = fold(title)
    return all(w in folded for w in fold(query).split())


def french_key(title):
    """Letters first regardless of case and accents; then accents (unaccented first); then case
    (lower first)."""
    primary = fold(title)
    nfd = unicodedata.normalize('NFD', title)
    accents = []
    cases = []
    for c in nfd:
        if unicodedata.combining(c):
            if accents:
                accents[-1] = 1
            continue
        if c.isalnum():
            accents.append(0)
            cases.append(1 if c.isupper() else 0)
    return (primary, accents, cases)


def clock(hhmm):
    h, m = hhmm.split(':')
    return int(h) * 60 + int(m)


def slot_from_hours(start, end):
    s, e = clock(start), clock(end)
    if s >= 18 * 60:
        return 'evening'
    if s >= 12 * 60:
        return 'afternoon'
    if e > 14 * 60:
        return 'day'
    return 'morning'


def overlap(a, b):
    return (a['day'] == b['day'] and clock(a['start']) < clock(b['end'])
            and clock(b['start']) < clock(a['end']))


def valid_answers(form):
    answers = {}
    for q in form:
        if q['type'] == 'choice':
            answers[q['id']] = q['choices'][0]
        elif q['type'] == 'boolean':
            answers[q['id']] = True
        else:
            answers[q['id']] = 'Réponse de test'
    return answers


class Catalogue:
    """The whole catalogue as the service serves it: /catalogue, every /courses item in order,
    every sheet."""

    def __init__(self, server):
        r = server.api('GET', '/catalogue')
        if r.status != 200:
            raise AssertionError('GET /catalogue: %r' % r)
        self.meta = r.body
        self.items = []
        offset = 0
        while True:
            r = server.api('GET', '/courses?offset=%d&limit=200' % offset)
            if r.status != 200:
                raise AssertionError('GET /courses: %r' % r)
            self.total = r.body['total']
            self.items.extend(r.body['items'])
            offset += len(r.body['items'])
            if not r.body['items'] or offset >= self.total:
                break
        self.sheets = {}
        for item in self.items:
            r = server.api('GET', '/courses/' + urllib.parse.quote(item['id'], safe=''))
            if r.status != 200:
                raise AssertionError('GET /courses/%s: %r' % (item['id'], r))
            self.sheets[item['id']] = r.body
        self.periods = {p['id']: p for p in self.meta['periods']}
        self.session_course = {}
        for cid, sheet in self.sheets.items():
            for s in sheet['sessions']:
                self.session_course[s['id']] = cid

    def open_period(self):
        return [p for p in self.meta['periods'] if p['open']][0]

    def period_state(self, pid):
        p = self.periods[pid]
        now = datetime.datetime.now(datetime.timezone.utc)
        opens = parse_iso(p['opens_at'])
        closes = parse_iso(p['closes_at'])
        if now < opens:
            return 'upcoming'
        if now >= closes:
            return 'closed'
        return 'open'

    def courses_in(self, state):
        return [self.sheets[i['id']] for i in self.items
                if self.period_state(self.sheets[i['id']]['period']['id']) == state]

    def open_courses(self):
        return [s for s in self.courses_in('open') if s['sessions']]

    def pick_sessions(self, n, exclude_courses=(), avoid=()):
        """n sessions of n different open courses, no two on the same day with overlapping
        hours (nor overlapping any of @avoid)."""
        chosen = list(avoid)
        result = []
        for sheet in self.open_courses():
            if sheet['id'] in exclude_courses:
                continue
            for s in sheet['sessions']:
                if not any(overlap(s, c) for c in chosen):
                    chosen.append(s)
                    result.append((sheet, s))
                    break
            if len(result) == n:
                return result
        raise AssertionError('the catalogue has no %d compatible open sessions' % n)

    def conflicting_pair(self):
        """Two sessions of two different open courses, same day, overlapping hours."""
        sessions = [(sheet, s) for sheet in self.open_courses() for s in sheet['sessions']]
        for i, (sa, a) in enumerate(sessions):
            for sb, b in sessions[i + 1:]:
                if sa['id'] != sb['id'] and overlap(a, b):
                    return (sa, a), (sb, b)
        raise AssertionError('no two open sessions overlap in the catalogue')


def parse_iso(text):
    value = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    if value.tzinfo is None:
        raise AssertionError('time without offset: %r' % text)
    return value


# ---------------------------------------------------------------- HTML forms

class FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.links = []
        self._link = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            self.forms.append({'method': (a.get('method') or 'get').lower(),
                               'action': a.get('action'), 'inputs': []})
        elif tag in ('input', 'button', 'select', 'textarea') and self.forms:
            self.forms[-1]['inputs'].append(
                {'tag': tag, 'type': (a.get('type') or '').lower(), 'name': a.get('name'),
                 'value': a.get('value')})
        elif tag == 'a':
            self._link = {'href': a.get('href'), 'text': ''}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == 'a':
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link['text'] += data


def parse_html(text):
    p = FormParser()
    p.feed(text)
    return p


# ---------------------------------------------------------------- the server process

class Server:
    def __init__(self, extra_args=(), workdir=None, testing=True, demo=True, asan_options=(),
                 env=None, pass_fds=()):
        self.extra_args = list(extra_args)
        self.pass_fds = tuple(pass_fds)
        self.asan_options = list(asan_options)
        self.env = dict(env or {})
        self.testing = testing
        self.demo = demo
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix='ca-stest-')
        self.db = os.path.join(self.dir, 'db.sqlite')
        self.mail_dir = os.path.join(self.dir, 'mails')
        os.makedirs(self.mail_dir, exist_ok=True)
        self.proc = None
        self.port = None
        self.starts = 0
        self.stdout_lines = []
        self._catalogue = None

    # process control

    def start(self, timeout=None):
        # 20 s; sanitizer builds on a loaded machine may need CA_SERVER_START_TIMEOUT=60
        if timeout is None:
            timeout = float(os.environ.get('CA_SERVER_START_TIMEOUT', '20'))
        self.starts += 1
        args = [server_bin(), '--port', '0', '--db', self.db, '--mail-dir', self.mail_dir]
        if self.demo:
            args.append('--demo-catalogue')
        if self.testing:
            args.append('--testing')
        args += self.extra_args
        self.stderr_path = os.path.join(self.dir, 'stderr-%d.log' % self.starts)
        errf = open(self.stderr_path, 'wb')
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=errf, env=self.environment(), pass_fds=self.pass_fds)
        errf.close()
        found = queue.Queue()
        lines = self.stdout_lines

        def reader(stream):
            for raw in iter(stream.readline, b''):
                line = raw.decode('utf-8', 'replace')
                lines.append(line)
                m = LISTEN_RE.search(line)
                if m:
                    found.put(int(m.group(1)))
            found.put(None)

        threading.Thread(target=reader, args=(self.proc.stdout,), daemon=True).start()
        try:
            port = found.get(timeout=timeout)
        except queue.Empty:
            port = None
        if port is None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            raise RuntimeError('server did not print "listening on" within %ds (rc=%r)\n'
                               'command: %s\nstdout:\n%s\nstderr:\n%s'
                               % (timeout, self.proc.returncode, ' '.join(args),
                                  ''.join(lines), self.stderr()))
        self.port = port
        self.base = 'http://127.0.0.1:%d' % port
        return self

    def environment(self):
        """The server's environment: ours, with this server's AddressSanitizer options appended
        (later options win), so that one test class can change them without hiding anything
        from the others."""
        env = dict(os.environ)
        env.update(self.env)
        if self.asan_options:
            opts = [o for o in env.get('ASAN_OPTIONS', '').split(':') if o]
            env['ASAN_OPTIONS'] = ':'.join(opts + self.asan_options)
        return env

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=15):
        """SIGTERM, then wait; returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError('server still running %ds after SIGTERM' % timeout)
        return self.proc.returncode

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.own_dir and not os.environ.get('CA_KEEP_TMP'):
            shutil.rmtree(self.dir, ignore_errors=True)

    def stderr(self):
        out = []
        for i in range(1, self.starts + 1):
            path = os.path.join(self.dir, 'stderr-%d.log' % i)
            if os.path.exists(path):
                with open(path, 'rb') as f:
                    out.append(f.read().decode('utf-8', 'replace'))
        return ''.join(out)

    # HTTP

    def request(self, method, path, body=_NO_BODY, token=None, headers=None, raw=None,
                timeout=30):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        hdrs = {}
        data = None
        if raw is not None:
            data = raw
        elif body is not _NO_BODY:
            data = json.dumps(body).encode('utf-8')
            hdrs['Content-Type'] = 'application/json'
        if token is not None:
            hdrs['Authorization'] = 'Bearer ' + token
        hdrs.update(headers or {})
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            payload = resp.read()
            return Resp(resp.status, resp.headers, payload)
        finally:
            conn.close()

    def api(self, method, path, body=_NO_BODY, **kw):
        return self.request(method, API + path, body, **kw)

    def get_url(self, url, **kw):
        """GET an absolute URL that must point at this server."""
        u = urllib.parse.urlsplit(url)
        if (u.hostname, u.port) != ('127.0.0.1', self.port):
            raise AssertionError('%s does not point at %s' % (url, self.base))
        return self.request('GET', u.path + ('?' + u.query if u.query else ''), **kw)

    # mail

    def mails(self):
        names = sorted(os.listdir(self.mail_dir))
        result = []
        for n in names:
            path = os.path.join(self.mail_dir, n)
            if os.path.isfile(path) and not n.startswith('.'):
                result.append(Mail(path))
        result.sort(key=lambda m: (os.stat(m.path).st_mtime_ns, m.path))
        return result

    def mails_to(self, addr, subject=None):
        addr = addr.lower()
        return [m for m in self.mails() if addr in m.to_addrs
                and (subject is None or norm_quotes(m.subject) == norm_quotes(subject))]

    def wait_mail(self, addr, subject=None, count=1, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            found = self.mails_to(addr, subject)
            if len(found) >= count or time.monotonic() > deadline:
                if len(found) < count:
                    raise AssertionError('no mail %r to %s; mail dir holds %r'
                                         % (subject, addr, self.mails()))
                return found[-1]
            time.sleep(0.05)

    # accounts

    def captcha(self):
        r = self.api('GET', '/captcha')
        if r.status != 200:
            raise AssertionError('GET /captcha: %r' % r)
        return r.body['id'], r.headers.get('X-Captcha-Answer')

    def account_body(self, email_addr=None, password=None, **over):
        cid, answer = self.captcha()
        password = password or 'motdepasse1'
        body = {'email': email_addr or unique_email(), 'password': password,
                'password_confirmation': password, 'captcha_id': cid,
                'captcha_answer': answer, 'accept_terms': True}
        body.update(over)
        return body

    def create_account(self, email_addr=None, password=None):
        body = self.account_body(email_addr, password)
        r = self.api('POST', '/accounts', body)
        if r.status != 201:
            raise AssertionError('POST /accounts: %r' % r)
        return body['email'], body['password']

    def confirm_link(self, email_addr):
        mail = self.wait_mail(email_addr, CONFIRM_SUBJECT)
        m = re.search(r'(https?://[^\s"<>]+/confirm\?token=([A-Za-z0-9._~%-]+))', mail.body)
        if not m:
            raise AssertionError('no confirmation link in %r' % mail.body)
        return m.group(1), urllib.parse.unquote(m.group(2))

    def create_confirmed_account(self, email_addr=None, password=None):
        email_addr, password = self.create_account(email_addr, password)
        _, token = self.confirm_link(email_addr)
        r = self.api('POST', '/accounts/confirm', {'token': token})
        if r.status != 200:
            raise AssertionError('POST /accounts/confirm: %r' % r)
        return email_addr, password

    def login(self, email_addr, password):
        r = self.api('POST', '/session', {'email': email_addr, 'password': password})
        if r.status != 200:
            raise AssertionError('POST /session: %r' % r)
        return r.body['token']

    def heard_from(self):
        return self.catalogue_meta()['heard_from_options'][0]['id']

    def catalogue_meta(self):
        r = self.api('GET', '/catalogue')
        if r.status != 200:
            raise AssertionError('GET /catalogue: %r' % r)
        return r.body

    def valid_profile(self, **over):
        p = {'civility': 'Mme', 'last_name': 'Durand', 'first_name': 'Élise',
             'birth_date': '1985-04-12', 'birth_country': 'France',
             'address': '12 rue de Rivoli', 'postal_code': '75004', 'city': 'Paris',
             'phone_mobile': '06 12 34 56 78', 'phone_other': None,
             'heard_from': self.heard_from()}
        p.update(over)
        return p

    def complete_profile(self, token, **over):
        r = self.api('PUT', '/profile', self.valid_profile(**over), token=token)
        if r.status != 200:
            raise AssertionError('PUT /profile: %r' % r)
        return r.body

    def fill_pool(self, n, threads=2):
        """Creates @n fresh users with a complete profile in parallel; new_user () hands them
        out. Password hashing is deliberately slow, and the service hashes in worker threads."""
        made = []
        errors = []
        lock = threading.Lock()

        def work(count):
            for _ in range(count):
                try:
                    u = self.new_user(use_pool=False)
                except Exception as e:   # reported below
                    with lock:
                        errors.append(e)
                    return
                with lock:
                    made.append(u)

        workers = [threading.Thread(target=work, args=(n // threads + (i < n % threads),))
                   for i in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        if errors:
            raise errors[0]
        self.pool = getattr(self, 'pool', []) + made

    def new_user(self, profile=True, use_pool=True):
        pool = getattr(self, 'pool', None)
        if profile and use_pool and pool:
            return pool.pop()
        email_addr, password = self.create_confirmed_account()
        token = self.login(email_addr, password)
        if profile:
            self.complete_profile(token)
        return User(email_addr, password, token)

    # catalogue

    def catalogue(self):
        if self._catalogue is None:
            self._catalogue = Catalogue(self)
        return self._catalogue

    def search(self, params):
        """GET /courses with @params (dict or list of pairs), every page; returns (total, items)."""
        pairs = list(params.items()) if isinstance(params, dict) else list(params)
        items = []
        offset = 0
        while True:
            q = urllib.parse.urlencode(pairs + [('offset', offset), ('limit', 200)])
            r = self.api('GET', '/courses?' + q)
            if r.status != 200:
                raise AssertionError('GET /courses?%s: %r' % (q, r))
            total = r.body['total']
            items.extend(r.body['items'])
            offset += len(r.body['items'])
            if not r.body['items'] or offset >= total:
                return total, items

    # candidatures

    def candidatures(self, token):
        r = self.api('GET', '/candidatures', token=token)
        if r.status != 200:
            raise AssertionError('GET /candidatures: %r' % r)
        return r.body

    def candidature(self, token, cid):
        for c in self.candidatures(token)['items']:
            if str(c['id']) == str(cid):
                return c
        return None

    def preselect(self, token, session_id):
        return self.api('POST', '/candidatures', {'session_id': session_id}, token=token)

    def confirm(self, token, cid, answers):
        return self.api('POST', '/candidatures/%s/confirm' % cid, {'answers': answers},
                        token=token)

    def preselected(self, token, sheet, session):
        r = self.preselect(token, session['id'])
        if r.status != 201:
            raise AssertionError('POST /candidatures %s: %r' % (session['id'], r))
        return r.body

    def pending(self, token, sheet, session):
        c = self.preselected(token, sheet, session)
        r = self.confirm(token, c['id'], valid_answers(sheet['candidature_form']))
        if r.status != 200:
            raise AssertionError('confirm %s: %r' % (c['id'], r))
        return r.body

    # storage

    def db_rows(self):
        """Every (table, row) of the database, read-only."""
        conn = sqlite3.connect('file:%s?mode=ro' % self.db, uri=True, timeout=10)
        try:
            rows = []
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            for t in tables:
                rows += [(t, row) for row in
                         conn.execute('SELECT * FROM "%s"' % t.replace('"', '""'))]
            return rows
        finally:
            conn.close()

    def db_rows_containing(self, text):
        return [(t, row) for t, row in self.db_rows()
                if any(isinstance(v, str) and text in v for v in row)]

    def db_text(self):
        """Every text value stored in the database, one per line."""
        return '\n'.join(v for _, row in self.db_rows() for v in row if isinstance(v, str))

    # back office

    def admin(self, *args, timeout=30):
        return subprocess.run([admin_bin(), '--db', self.db] + [str(a) for a in args],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)

    def admin_ok(self, *args):
        p = self.admin(*args)
        if p.returncode != 0:
            raise AssertionError('cours-adultes-admin %s → rc %d\nstdout: %s\nstderr: %s'
                                 % (' '.join(map(str, args)), p.returncode, p.stdout, p.stderr))
        return p

    def admin_statuses(self, *args):
        """{candidature id: status} from `admin candidatures`."""
        out = self.admin_ok('candidatures', *args).stdout
        return parse_admin_candidatures(out)

    def awaiting_payment(self, token, sheet, session):
        c = self.pending(token, sheet, session)
        self.admin_ok('accept', c['id'])
        return self.candidature(token, c['id'])


def parse_admin_candidatures(out):
    statuses = {}
    try:
        data = json.loads(out)
    except ValueError:
        data = None
    if isinstance(data, dict):
        data = data.get('items', data.get('candidatures'))
    if isinstance(data, list):
        for c in data:
            statuses[str(c['id'])] = c['status']
        return statuses
    for line in out.splitlines():
        words = re.findall(r'[^\s,;|\t]+', line)
        found = [w for w in words if w in STATUSES]
        if not found or not words:
            continue
        for w in words:
            if w not in STATUSES and re.fullmatch(r'[A-Za-z0-9_-]+', w):
                statuses[w.strip()] = found[0]
                break
    return statuses


class User:
    def __init__(self, email_addr, password, token):
        self.email = email_addr
        self.password = password
        self.token = token


# ---------------------------------------------------------------- test base

class Assertions:
    def assertError(self, resp, status, code, fields=None):
        msg = 'answer: %r' % (resp,)
        self.assertEqual(resp.status, status, msg)
        self.assertIsInstance(resp.body, dict, 'error body is not JSON: ' + msg)
        err = resp.body.get('error')
        self.assertIsInstance(err, dict, msg)
        self.assertEqual(err.get('code'), code, msg)
        self.assertIsInstance(err.get('message'), str, msg)
        self.assertTrue(err['message'].strip(), msg)
        if fields is not None:
            self.assertIsInstance(err.get('fields'), dict, msg)
            for f in fields:
                self.assertIn(f, err['fields'], msg)
                self.assertIsInstance(err['fields'][f], str, msg)
                self.assertTrue(err['fields'][f].strip(), msg)
        return err

    def assertHasKeys(self, obj, keys, msg=None):
        """The contract's members are all there (a service may add members: extend, don't
        break)."""
        self.assertIsInstance(obj, dict, msg)
        missing = set(keys) - set(obj)
        self.assertFalse(missing, '%smissing members %s in %r'
                         % ('%s: ' % (msg,) if msg else '', sorted(missing), obj))

    def assertStatus(self, resp, status):
        self.assertEqual(resp.status, status, 'answer: %r' % (resp,))
        return resp.body


class ServerTestCase(Assertions, unittest.TestCase):
    """One server per test class; every test checks the process is still alive afterwards."""
    server_args = ()
    server_testing = True
    server_asan_options = ()   # appended to ASAN_OPTIONS for this class's server only
    server_env = {}            # added to this class's server's environment
    maxDiff = 4000
    user_pool = 0   # fresh users made ahead, in parallel (see Server.fill_pool ())

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.server_args, testing=cls.server_testing,
                            asan_options=cls.server_asan_options, env=cls.server_env)
        try:
            cls.server.start()
            if cls.user_pool:
                cls.server.fill_pool(cls.user_pool)
        except Exception:
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            rc = cls.server.stop()
            if rc not in (0, None):
                raise AssertionError('server exited with status %r after SIGTERM\nstderr:\n%s'
                                     % (rc, cls.server.stderr()[-4000:]))
        finally:
            cls.server.cleanup()

    def tearDown(self):
        if not self.server.alive():
            raise AssertionError('the server died (rc=%r); stderr:\n%s'
                                 % (self.server.proc.returncode, self.server.stderr()[-4000:]))

    # shortcuts

    def api(self, *a, **kw):
        return self.server.api(*a, **kw)


class CatalogueTestCase(ServerTestCase):
    """A server whose whole catalogue (every sheet) is loaded once for the class, in cls.cat."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.cat = cls.server.catalogue()
        except Exception:
            cls.tearDownClass()
            raise


# ---------------------------------------------------------------- TAP output

class TapResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.n = 0
        self._cur = None

    def _name(self, test):
        if isinstance(test, unittest.TestCase):
            return '%s.%s' % (type(test).__name__, test._testMethodName)
        return str(test)

    def _emit(self, test, problems, skip=None):
        self.n += 1
        name = self._name(test).replace('#', '_')
        if skip is not None:
            line = 'ok %d - %s # SKIP %s' % (self.n, name, skip)
        elif problems:
            line = 'not ok %d - %s' % (self.n, name)
        else:
            line = 'ok %d - %s' % (self.n, name)
        out = [line]
        for p in problems:
            out += ['# ' + l for l in p.rstrip().splitlines()]
        self.stream.write('\n'.join(out) + '\n')
        self.stream.flush()

    def startTest(self, test):
        super().startTest(test)
        self._cur = test
        self._problems = []
        self._skip = None

    def stopTest(self, test):
        super().stopTest(test)
        self._emit(test, self._problems, None if self._problems else self._skip)
        self._cur = None

    def _problem(self, test, err):
        text = self._exc_info_to_string(err, test)
        if test is self._cur:
            self._problems.append(text)
        else:
            self._emit(test, [text])

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._problem(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._problem(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if test is self._cur:
            self._skip = reason
        else:
            self._emit(test, [], reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._problems.append('%s\n%s' % (subtest, self._exc_info_to_string(err, test)))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._problems.append('unexpected success')


def main():
    """Runs the tests of __main__ and prints TAP (plan at the end)."""
    sys.stdout.reconfigure(line_buffering=True)
    module = sys.modules['__main__']
    names = sys.argv[1:]
    loader = unittest.TestLoader()
    if names:
        suite = loader.loadTestsFromNames(names, module)
    else:
        suite = loader.loadTestsFromModule(module)
    result = TapResult(sys.stdout)
    try:
        suite.run(result)
    except Exception:
        sys.stdout.write('not ok %d - harness\n' % (result.n + 1))
        sys.stdout.write(''.join('# ' + l + '\n' for l in traceback.format_exc().splitlines()))
        result.n += 1
    sys.stdout.write('1..%d\n' % result.n)
    sys.stdout.flush()
    sys.exit(0 if result.wasSuccessful() else 1)
