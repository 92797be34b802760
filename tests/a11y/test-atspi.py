#!/usr/bin/python3
# test-atspi.py — every main screen through the accessibility bus, as a screen reader sees it
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real application on its embedded service, walks the AT-SPI tree of each main screen
# and fails on any control a screen reader could not name (printing its path), then saves a
# candidature from a search with AT-SPI actions and typing only, logging in through the dialog,
# and checks the candidature through the service.

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import gi
    gi.require_version('Atspi', '2.0')
except (ImportError, ValueError):
    print('1..0 # SKIP PyGObject with Atspi 2.0 is missing (python3-gi, gir1.2-atspi-2.0)')
    sys.exit(0)

from a11yharness import (API, PASSWORD, App, Atspi, Failure, check_screen,  # noqa: E402
                         click, dump, find_all, first, log, name_of, toggle, type_into,
                         wait_find, wait_for)

P = Atspi.Role


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, what):
        self.n += 1
        self.failed += 0 if ok else 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, what), flush=True)


def screen(tap, root, label):
    failures = []
    dump(root, label)
    check_screen(root, label, failures)
    tap.result(not failures, 'every control of « %s » has a name' % label)


def dialog(app, title):
    """A window of the application other than the main one, found by its title."""
    def find():
        for i in range(app.acc.get_child_count()):
            w = app.acc.get_child_at_index(i)
            if w is not None and title.lower() in name_of(w).lower():
                return w
        return None
    return wait_for('the window « %s »' % title, find)


def place(win, title):
    """Goes to a place of the window with its view switcher button."""
    tab = wait_find(win, what='the view switcher button ' + title, name=title, role=P.PAGE_TAB)
    click(tab)


def run(tap):
    app = App()
    try:
        journey(tap, app)
    finally:
        app.quit()
        log('the application has quit')


def view(win, type_name):
    """One place of the window: its view widget (GTK 4.8 names an unlabelled one by its type)."""
    return wait_find(win, what='the view ' + type_name, name=type_name, only_showing=False)


def journey(tap, app):
    address = unique_email()
    app.create_account(address)
    app.complete_profile(app.log_in(address))
    win = app.window()
    search = view(win, 'CaSearchView')

    # Rechercher
    entry = wait_find(search, what='the keyword entry', role=P.ENTRY, contains='Type the title',
                      timeout=30)
    wait_find(search, what='the domain tiles', role=P.PUSH_BUTTON, contains='course')
    screen(tap, win, 'Rechercher')
    # Blue or grey is not enough: each period tile says in words whether it is open.
    periods = wait_find(search, what='the period tiles', role=P.TABLE, name='Enrolment periods')
    tiles = find_all(periods, role=P.PUSH_BUTTON)
    tap.result(tiles and all(name_of(t).endswith(('Open for applications',
                                                   'Closed for applications')) for t in tiles),
               'the %d period tiles say open or closed in words: %s'
               % (len(tiles), '; '.join(name_of(t) for t in tiles)))

    type_into(entry, 'anglais')
    click(first(search, role=P.PUSH_BUTTON, name='Search'))

    # Résultats: open the first course open for applications
    row = wait_find(search, what='a result open for applications', role=P.PUSH_BUTTON,
                    contains='anglais', timeout=30)
    results = view(search, 'CaResultsPage')
    screen(tap, results, 'Résultats')
    row = [r for r in find_all(search, role=P.PUSH_BUTTON, contains='anglais')
           if ', Open,' in name_of(r)][0]
    log('opening « %s »' % name_of(row))
    click(row)
    sheet = wait_find(search, what='« View the sheet »', role=P.PUSH_BUTTON,
                      name='View the sheet')
    screen(tap, results, 'Résultats, a row open')
    click(sheet)

    # Fiche formation: choose the first session, save
    sessions = wait_find(search, what='the sessions', role=P.LIST, name='Sessions', timeout=30)
    # GTK 4.8 gives the check buttons of a group the role of check boxes.
    session = wait_find(sessions, what='a session to choose', role=P.CHECK_BOX)
    screen(tap, view(search, 'CaCoursePage'), 'Fiche formation')
    log('choosing « %s »' % name_of(session))
    toggle(session)
    save = wait_find(search, what='« Save to my applications »', role=P.PUSH_BUTTON,
                     name='Save to my applications')
    wait_for('the save button to be sensitive',
             lambda: save.get_state_set().contains(Atspi.StateType.SENSITIVE))
    click(save)

    # Se connecter: the dialog comes since nobody is logged in
    login = dialog(app, 'Log In')
    email_text = wait_find(login, what='the e-mail entry', role=P.TEXT,
                           contains='E-mail')
    screen(tap, login, 'Se connecter')
    reveal = find_all(login, role=P.PUSH_BUTTON, name='Show password')
    tap.result(len(reveal) == 1, 'the password reveal button of « Se connecter » has a name')
    click(wait_find(login, what='« Create My Account »', role=P.PUSH_BUTTON,
                    contains='Create My Account'))
    account = dialog(app, 'Create My Account')
    wait_find(account, what='the captcha image', role=P.IMAGE,
              name='verification code, image', timeout=30)
    screen(tap, account, 'Créer mon compte')
    reveal = find_all(account, role=P.PUSH_BUTTON, name='Show password')
    tap.result(len(reveal) == 2,
               'the %d password reveal buttons of « Créer mon compte » have a name' % len(reveal))
    click(wait_find(account, what='the close button', role=P.PUSH_BUTTON, name='Close'))

    login = dialog(app, 'Log In')
    email_text = wait_find(login, what='the e-mail entry', role=P.TEXT, contains='E-mail')
    type_into(email_text, address)
    type_into(wait_find(login, what='the password entry', role=P.TEXT, name='Password'),
              PASSWORD)
    click(wait_find(login, what='« Log In »', role=P.PUSH_BUTTON, contains='Log In'))

    # The save is retried once logged in: the service has the candidature.
    def saved():
        status, _, body = app.request('GET', API + '/candidatures', token=token)
        return status == 200 and body['items']
    token = app.log_in(address)
    items = wait_for('the candidature in the service', saved, 30)
    tap.result(len(items) == 1 and items[0]['status'] == 'preselected',
               'the candidature saved through AT-SPI is in the service: %s « %s »'
               % (items[0]['status'], items[0]['course']['title']))

    # The other places
    for title, type_name, label, ready in (
            ('My Applications', 'CaCandidaturesView', 'Mes candidatures et paiements',
             dict(role=P.PUSH_BUTTON, contains='Confirm')),
            ('My Profile', 'CaProfileView', 'Mon profil', dict(role=P.TEXT, contains='City')),
            ('Help', 'CaContactView', 'Contact et assistance',
             dict(role=P.TEXT, contains='Subject')),
            ('Mailbox', 'CaMailboxView', 'Boîte mail de démonstration',
             dict(role=P.LIST_ITEM))):
        place(win, title)
        root = view(win, type_name)
        found = wait_find(root, what='the place « %s »' % label, timeout=30, **ready)
        screen(tap, root, label)
        if type_name == 'CaCandidaturesView':
            # « Confirmer ma candidature » opens the candidature form
            click(found)
            form = dialog(app, 'Confirm My Application')
            wait_find(form, what='the questions', role=P.PUSH_BUTTON, contains='Next')
            screen(tap, form, 'Formulaire de candidature')
            click(wait_find(form, what='the close button', role=P.PUSH_BUTTON, name='Close'))


def unique_email():
    return 'a11y-%d-%s@example.fr' % (os.getpid(), os.urandom(3).hex())


def main():
    tap = Tap()
    try:
        run(tap)
    except Failure as e:
        tap.result(False, str(e))
    print('1..%d' % tap.n, flush=True)
    sys.exit(1 if tap.failed else 0)


if __name__ == '__main__':
    main()
