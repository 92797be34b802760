# a11yharness.py — the real application on its embedded service, seen through AT-SPI
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Standard library plus PyGObject's Atspi. The application starts its own cours-adultes-server
# (the embedded service, with its demonstration mailbox); CA_SERVER_BIN points it at
# server-testing.sh, which runs the real server with --testing so that the test can answer the
# captcha of an account it creates through the API.

import email
import email.policy
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

API = '/api/v1'
PASSWORD = 'motdepasse1'

# The roles of the controls a person operates: each must have a name.
CONTROL_ROLES = {
    Atspi.Role.PUSH_BUTTON: 'push button',
    Atspi.Role.TOGGLE_BUTTON: 'toggle button',
    Atspi.Role.CHECK_BOX: 'check box',
    Atspi.Role.RADIO_BUTTON: 'radio button',
    Atspi.Role.ENTRY: 'entry',
    Atspi.Role.TEXT: 'text',
    Atspi.Role.PASSWORD_TEXT: 'password text',
    Atspi.Role.COMBO_BOX: 'combo box',
    Atspi.Role.LIST_ITEM: 'list item',
    Atspi.Role.SPIN_BUTTON: 'spin button',
    Atspi.Role.SLIDER: 'slider',
    Atspi.Role.MENU_ITEM: 'menu item',
    Atspi.Role.LINK: 'link',
    Atspi.Role.PAGE_TAB: 'page tab',
}


class Failure(Exception):
    pass


_start = time.monotonic()


def log(*args):
    print('# %5.1f s:' % (time.monotonic() - _start), *args, flush=True)


def wait_for(what, predicate, timeout=20.0, interval=0.1):
    """Polls @predicate until it returns a true value, which is returned; fails after
    @timeout seconds saying @what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except gi.repository.GLib.Error:
            # An object went away while being read (a page being rebuilt): look again.
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure('timed out waiting for ' + what)
        time.sleep(interval)


# ---------------------------------------------------------------- the application

class App:
    def __init__(self, extra_args=()):
        here = os.path.dirname(os.path.abspath(__file__))
        env = dict(os.environ)
        for name in ('GTK_A11Y', 'NO_AT_BRIDGE'):
            env.pop(name, None)
        env['CA_REAL_SERVER_BIN'] = os.environ['CA_SERVER_BIN']
        env['CA_SERVER_BIN'] = os.path.join(here, 'server-testing.sh')
        self.data_dir = os.path.join(env.get('XDG_DATA_HOME') or
                                     os.path.join(env['HOME'], '.local', 'share'),
                                     'cours-adultes')
        self.proc = subprocess.Popen([os.environ['CA_APP_BIN']] + list(extra_args), env=env,
                                     start_new_session=True)
        self.port = None
        self.acc = wait_for('the application on the accessibility bus', self._find, 30)
        self.port = wait_for('the embedded service', self._find_port, 30)
        log('application pid %d, embedded service on port %d' % (self.proc.pid, self.port))

    def _find(self):
        if self.proc.poll() is not None:
            raise Failure('the application exited with %d' % self.proc.returncode)
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == self.proc.pid:
                return app
        return None

    def _find_port(self):
        """The port the embedded service listens on: a child process of ours with a listening
        socket (read from /proc, the service prints it only to the application)."""
        for pid in children(self.proc.pid):
            port = listening_port(pid)
            if port:
                return port
        return None

    def window(self):
        return wait_for('the main window', lambda: first(self.acc, role=Atspi.Role.FRAME), 20)

    def quit(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    # ------------------------------------------------------------ service API

    def url(self, path):
        return 'http://127.0.0.1:%d%s' % (self.port, path)

    def request(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url(path), data=data, method=method)
        req.add_header('Accept', 'application/json')
        if data is not None:
            req.add_header('Content-Type', 'application/json')
        if token:
            req.add_header('Authorization', 'Bearer ' + token)
        try:
            with urllib.request.urlopen(req, timeout=20) as resp:
                raw = resp.read()
                return resp.status, resp.headers, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, e.headers, json.loads(raw) if raw else None

    def create_account(self, address):
        """An account made through the API, confirmed through the link of its mail."""
        status, headers, captcha = self.request('GET', API + '/captcha')
        assert status == 200, status
        answer = headers['X-Captcha-Answer']
        status, _, body = self.request('POST', API + '/accounts', {
            'email': address, 'password': PASSWORD, 'password_confirmation': PASSWORD,
            'captcha_id': captcha['id'], 'captcha_answer': answer, 'accept_terms': True})
        assert status == 201, (status, body)
        token = wait_for('the confirmation mail', lambda: self.confirmation_token(address))
        status, _, body = self.request('POST', API + '/accounts/confirm', {'token': token})
        assert status == 200, (status, body)

    def confirmation_token(self, address):
        for path in glob.glob(os.path.join(self.data_dir, 'mails', '*')):
            with open(path, 'rb') as f:
                msg = email.message_from_bytes(f.read(), policy=email.policy.default)
            if address not in str(msg['To'] or ''):
                continue
            for part in msg.walk():
                if part.get_content_maintype() == 'text':
                    m = re.search(r'confirm\?token=([A-Za-z0-9_-]+)', part.get_content())
                    if m:
                        return m.group(1)
        return None

    def log_in(self, address):
        status, _, body = self.request('POST', API + '/session',
                                       {'email': address, 'password': PASSWORD})
        assert status == 200, (status, body)
        return body['token']

    def complete_profile(self, token):
        _, _, catalogue = self.request('GET', API + '/catalogue')
        status, _, body = self.request('PUT', API + '/profile', {
            'civility': 'Mme', 'last_name': 'Martin', 'first_name': 'Claire',
            'birth_date': '1985-04-12', 'birth_country': 'France',
            'address': '12 rue de Rivoli', 'postal_code': '75004', 'city': 'Paris',
            'phone_mobile': '06 12 34 56 78', 'phone_other': None,
            'heard_from': catalogue['heard_from_options'][0]['id']}, token)
        assert status == 200 and body['complete'], (status, body)


def children(pid):
    """Every descendant process of @pid."""
    found = []
    parents = {pid}
    for path in glob.glob('/proc/[0-9]*/stat'):
        try:
            with open(path) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(')', 1)[1].split()
        if int(fields[1]) in parents:
            found.append(int(path.split('/')[2]))
    return found


def listening_port(pid):
    inodes = set()
    for fd in glob.glob('/proc/%d/fd/*' % pid):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.match(r'socket:\[(\d+)\]', target)
        if m:
            inodes.add(m.group(1))
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(table) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            # State 0A is LISTEN.
            if cols[3] == '0A' and cols[9] in inodes:
                return int(cols[1].split(':')[1], 16)
    return None


# ---------------------------------------------------------------- the tree

def name_of(acc):
    try:
        return acc.get_name() or ''
    except gi.repository.GLib.Error:
        return ''


def role_of(acc):
    try:
        return acc.get_role()
    except gi.repository.GLib.Error:
        return None


def laid_out(acc):
    """Whether @acc was ever given a place on screen. GTK 4.8 sets no SHOWING state below the
    window and keeps the hidden pages of a stack in the tree; pages never shown have an empty
    extent (a page shown before keeps its last one: its controls are checked too)."""
    try:
        ext = acc.get_extents(Atspi.CoordType.WINDOW)
    except gi.repository.GLib.Error:
        # No Component interface (some containers of libadwaita): its children tell.
        return True
    return ext.width > 0 or ext.height > 0


def kids(acc):
    try:
        n = acc.get_child_count()
    except gi.repository.GLib.Error:
        return []
    out = []
    for i in range(n):
        try:
            child = acc.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        if child is not None:
            out.append(child)
    return out


def walk(acc, path=(), only_showing=True, index=None):
    """Yields (accessible, path, role, name) depth first; a path is the list of 'role "name"'
    steps, with the index of the child where it has brothers. Each is a call over the bus:
    role and name are read once."""
    role = role_of(acc)
    name = name_of(acc)
    step = '%s "%s"' % (Atspi.role_get_name(role) if role is not None else '?', name)
    if index is not None:
        step += ' [%d]' % index
    path = path + (step,)
    yield acc, path, role, name
    children = kids(acc)
    for i, child in enumerate(children):
        if only_showing and not laid_out(child):
            continue
        yield from walk(child, path, only_showing, i if len(children) > 1 else None)


# With no name of its own, GTK 4.8 gives the widget's name, which defaults to its type name: a
# screen reader then says « GtkMenuButton ».
TYPE_NAME = re.compile(r'^(Gtk|Adw|Ca)[A-Z][A-Za-z0-9]*$')
# GTK 4.8 names a button with a mnemonic « _Send Send »: a screen reader reads the underscore.
MNEMONIC = re.compile(r'(^|\s)_\w')


def name_fault(name):
    """Why a screen reader could not say @name, or None."""
    name = name.strip()
    if not name:
        return 'no name'
    if TYPE_NAME.match(name):
        return 'no name (GTK gives its type)'
    if MNEMONIC.search(name):
        return 'the mnemonic underscore is in its name'
    return None


def is_name(name):
    return name_fault(name) is None


def has_text(acc):
    """Whether something under @acc reads as text."""
    for child, _, role, name in walk(acc):
        if child is not acc and role == Atspi.Role.LABEL and is_name(name):
            return True
    return False


def unnamed_controls(root):
    """The paths of the controls under @root that a screen reader could not name. The items of
    the drop-down list of a combo box (libadwaita's own) are read by their text."""
    bad = []
    for acc, path, role, name in walk(root):
        if role not in CONTROL_ROLES or is_name(name):
            continue
        in_combo = any(step.startswith('combo box ') for step in path[:-1])
        if role == Atspi.Role.LIST_ITEM and in_combo and has_text(acc):
            continue
        bad.append('%s: %s' % (name_fault(name), ' > '.join(path)))
    return bad


def dump(root, label):
    if not os.environ.get('CA_A11Y_DUMP'):
        return
    print('# ---- %s' % label)
    for _, path, _, _ in walk(root):
        print('#' + '  ' * len(path) + path[-1])


def matches(root, role=None, name=None, contains=None, only_showing=True):
    for acc, _, r, n in walk(root, only_showing=only_showing):
        if role is not None and r != role:
            continue
        if name is not None and n != name:
            continue
        if contains is not None and contains.lower() not in n.lower():
            continue
        yield acc


def find_all(root, **kwargs):
    return list(matches(root, **kwargs))


def first(root, **kwargs):
    return next(matches(root, **kwargs), None)


def wait_find(root, what=None, timeout=20, **kwargs):
    return wait_for(what or repr(kwargs), lambda: first(root, **kwargs), timeout)


def click(acc):
    """Runs the first action of @acc (« click », « activate », « toggle »…), as a screen reader
    does."""
    n = acc.get_n_actions()
    if n < 1:
        raise Failure('%s "%s" has no action' % (acc.get_role_name(), name_of(acc)))
    if not acc.do_action(0):
        raise Failure('the action of %s "%s" failed' % (acc.get_role_name(), name_of(acc)))


def toggle(acc):
    """Checks a check box. GTK 4.8 gives check buttons no AT-SPI action and cannot focus them
    through AT-SPI: as a screen reader does then (Orca's « left click »), have AT-SPI scroll it
    into the window and click in the middle of it."""
    if acc.get_n_actions() > 0:
        click(acc)
        return
    pane = acc.get_parent()
    while pane is not None and role_of(pane) not in (Atspi.Role.SCROLL_PANE, Atspi.Role.FRAME):
        pane = pane.get_parent()
    if pane is None:
        raise Failure('%s "%s" is in no window' % (acc.get_role_name(), name_of(acc)))
    bounds = pane.get_extents(Atspi.CoordType.SCREEN)
    for _ in range(40):
        ext = acc.get_extents(Atspi.CoordType.SCREEN)
        if ext.y + ext.height <= bounds.y + bounds.height - 4:
            break
        Atspi.generate_mouse_event(bounds.x + bounds.width // 2, bounds.y + bounds.height // 2,
                                   'b5c')
        time.sleep(0.1)
    ext = acc.get_extents(Atspi.CoordType.SCREEN)
    log('clicking %s "%s" at %d, %d' % (acc.get_role_name(), name_of(acc),
                                         ext.x + ext.width // 2, ext.y + ext.height // 2))
    Atspi.generate_mouse_event(ext.x + ext.width // 2, ext.y + ext.height // 2, 'b1c')
    wait_for('%s "%s" checked' % (acc.get_role_name(), name_of(acc)),
             lambda: acc.get_state_set().contains(Atspi.StateType.CHECKED), 5)


def type_into(acc, text):
    """Types @text at the end of an editable text, through the EditableText interface."""
    iface = acc.get_editable_text_iface()
    if iface is None:
        raise Failure('%s "%s" is not editable text' % (acc.get_role_name(), name_of(acc)))
    count = acc.get_character_count()
    if not acc.insert_text(count, text, len(text.encode())):
        raise Failure('could not type into %s "%s"' % (acc.get_role_name(), name_of(acc)))


def text_of(acc):
    return acc.get_text(0, acc.get_character_count())


_reported = set()


def check_screen(root, label, failures):
    """Adds to @failures the unnamed controls under @root not reported on an earlier screen."""
    bad = unnamed_controls(root)
    new = [path for path in bad if path not in _reported]
    _reported.update(new)
    log('%s: %d without a name, %d of them new' % (label, len(bad), len(new)))
    for path in new:
        print('# UNNAMED on %s: %s' % (label, path), flush=True)
        failures.append('%s: %s' % (label, path))


def main_guard(fn):
    try:
        fn()
    except Failure as e:
        print('not ok - %s' % e, flush=True)
        sys.exit(1)
