#!/usr/bin/python3
# Card payment: the PayFiP parameters, the bundled simulator and the notification handler.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402

PARAMS = ('numcli', 'exer', 'refdet', 'objet', 'montant', 'mel', 'urlnotif', 'urlredirect',
          'saisie')
GOOD_CARD = '4111 1111 1111 1111'
REFUSED_CARD = '4000000000000002'
NOTIFY = '/api/v1/payments/payfip/notify'


def future_expiry():
    d = h.paris_today()
    return '%02d/%02d' % (d.month, (d.year + 2) % 100)


def past_expiry():
    d = h.paris_today()
    return '%02d/%02d' % (d.month, (d.year - 1) % 100)


class PaymentTest(h.CatalogueTestCase):
    def awaiting(self, user=None, index=0):
        user = user or self.server.new_user()
        sheet, s = self.cat.pick_sessions(index + 1)[index]
        c = self.server.awaiting_payment(user.token, sheet, s)
        return user, sheet, c

    def start_payment(self, user, c):
        r = self.api('POST', '/candidatures/%s/payment' % c['id'], {}, token=user.token)
        body = self.assertStatus(r, 201)
        return body

    def params(self, url):
        u = urllib.parse.urlsplit(url)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        for k, v in q.items():
            self.assertEqual(len(v), 1, 'parameter %s repeated in %s' % (k, url))
        return u, {k: v[0] for k, v in q.items()}

    def status(self, user, c):
        return self.server.candidature(user.token, c['id'])['status']

    def wait_status(self, user, c, status, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            now = self.status(user, c)
            if now == status or time.monotonic() > deadline:
                return now
            time.sleep(0.05)

    def notify(self, fields):
        raw = urllib.parse.urlencode(fields).encode()
        return self.server.request('POST', NOTIFY, raw=raw, headers={
            'Content-Type': 'application/x-www-form-urlencoded'})

    def notify_fields(self, params, resultrans='P', **over):
        now = datetime.datetime.now()
        fields = {k: params[k] for k in ('numcli', 'exer', 'refdet', 'objet', 'montant', 'mel',
                                         'saisie')}
        fields.update(resultrans=resultrans, numauto='123456',
                      dattrans=now.strftime('%d%m%Y'), heurtrans=now.strftime('%H%M'))
        fields.update(over)
        return fields


class PaymentRequest(PaymentTest):
    user_pool = 7

    def test_payment_201(self):
        user, sheet, c = self.awaiting()
        body = self.start_payment(user, c)
        self.assertHasKeys(body, {'payment_url', 'reference', 'amount_cents'})
        self.assertEqual(body['amount_cents'], sheet['fee_cents'])
        self.assertIsInstance(body['reference'], str)
        self.assertTrue(body['reference'])

    def test_payment_url_parameters(self):
        user, sheet, c = self.awaiting()
        body = self.start_payment(user, c)
        u, p = self.params(body['payment_url'])
        self.assertEqual((u.scheme, u.hostname, u.port, u.path),
                         ('http', '127.0.0.1', self.server.port, '/payfip/paiement.web'))
        self.assertHasKeys(p, set(PARAMS))
        self.assertRegex(p['numcli'], r'^\d+$')
        self.assertEqual(p['exer'], str(h.paris_today().year))
        self.assertRegex(p['refdet'], r'^[A-Za-z0-9]{6,30}$')
        self.assertTrue(p['objet'].strip())
        self.assertEqual(p['montant'], str(sheet['fee_cents']))
        self.assertEqual(p['mel'], user.email)
        self.assertEqual(p['urlnotif'], self.server.base + NOTIFY)
        self.assertEqual(p['urlredirect'], self.server.base + '/payment/return')
        self.assertIn(p['saisie'], ('T', 'X'))

    def test_refdet_unique_per_attempt(self):
        user, sheet, c = self.awaiting()
        a = self.start_payment(user, c)
        b = self.start_payment(user, c)
        self.assertNotEqual(self.params(a['payment_url'])[1]['refdet'],
                            self.params(b['payment_url'])[1]['refdet'])
        self.assertNotEqual(a['reference'], b['reference'])
        user2, _, c2 = self.awaiting()
        d = self.start_payment(user2, c2)
        self.assertNotIn(self.params(d['payment_url'])[1]['refdet'],
                         {self.params(x['payment_url'])[1]['refdet'] for x in (a, b)})

    def test_payment_leaves_status(self):
        user, sheet, c = self.awaiting()
        self.start_payment(user, c)
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_payment_needs_token(self):
        user, sheet, c = self.awaiting()
        r = self.api('POST', '/candidatures/%s/payment' % c['id'], {})
        self.assertError(r, 401, 'unauthorized')


class PublicUrl(PaymentTest):
    server_args = ('--public-url', 'http://cours.example.test:8443',
                   '--payfip-url', 'https://www.payfip.gouv.fr/tpa/paiement.web')

    def test_payment_url_uses_payfip_and_public_urls(self):
        user, sheet, c = self.awaiting()
        body = self.start_payment(user, c)
        self.assertTrue(body['payment_url'].startswith(
            'https://www.payfip.gouv.fr/tpa/paiement.web?'), body['payment_url'])
        u, p = self.params(body['payment_url'])
        self.assertEqual(p['urlnotif'], 'http://cours.example.test:8443' + NOTIFY)
        self.assertEqual(p['urlredirect'], 'http://cours.example.test:8443/payment/return')
        self.assertEqual(p['montant'], str(sheet['fee_cents']))

    def test_confirm_link_uses_public_url(self):
        email_addr, _ = self.server.create_account()
        url, _ = self.server.confirm_link(email_addr)
        self.assertTrue(url.startswith('http://cours.example.test:8443/confirm?token='), url)


class Simulator(PaymentTest):
    user_pool = 11

    def open_simulator(self, user, c):
        body = self.start_payment(user, c)
        r = self.server.get_url(body['payment_url'])
        self.assertStatus(r, 200)
        self.assertIn('text/html', r.headers.get('Content-Type', ''))
        return body, r

    def form(self, page):
        doc = h.parse_html(page.text)
        forms = [f for f in doc.forms if f['method'] == 'post']
        self.assertEqual(len(forms), 1, page.text[:2000])
        return forms[0]

    def submit(self, payment_url, form, action, card=GOOD_CARD, expiry=None, cvv='123'):
        fields = [(i['name'], i['value'] or '') for i in form['inputs']
                  if i['type'] == 'hidden' and i['name']]
        fields += [('card_number', card), ('expiry', expiry or future_expiry()), ('cvv', cvv),
                   ('action', action)]
        target = urllib.parse.urljoin(payment_url, form['action'] or '')
        u = urllib.parse.urlsplit(target)
        self.assertEqual((u.hostname, u.port, u.path),
                         ('127.0.0.1', self.server.port, '/payfip/paiement.web'))
        raw = urllib.parse.urlencode(fields).encode()
        path = u.path + ('?' + u.query if u.query else '')
        return self.server.request('POST', path, raw=raw, headers={
            'Content-Type': 'application/x-www-form-urlencoded'})

    def continuer(self, page):
        links = [l for l in h.parse_html(page.text).links if l['text'].strip() == 'Continuer']
        self.assertEqual(len(links), 1, page.text[:2000])
        return links[0]['href']

    def test_simulator_page(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        self.assertIn('Payer par carte bancaire', page.text)
        form = self.form(page)
        hidden = {i['name']: i['value'] for i in form['inputs'] if i['type'] == 'hidden'}
        _, p = self.params(body['payment_url'])
        for k in PARAMS:
            self.assertEqual(hidden.get(k), p[k], k)
        names = {i['name'] for i in form['inputs']}
        self.assertTrue({'card_number', 'expiry', 'cvv', 'action'} <= names, names)
        actions = {i['value'] for i in form['inputs'] if i['name'] == 'action'}
        self.assertEqual(actions, {'pay', 'cancel'})
        target = urllib.parse.urlsplit(urllib.parse.urljoin(body['payment_url'],
                                                            form['action'] or ''))
        self.assertEqual(target.path, '/payfip/paiement.web')
        self.assertIn(str(sheet['fee_cents'] // 100), page.text)

    def test_pay_with_good_card(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertStatus(r, 200)
        self.assertIn('Votre règlement est confirmé', r.text)
        href = self.continuer(r)
        self.assertEqual(href, self.server.base + '/payment/return')
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')
        got = self.server.candidature(user.token, c['id'])
        self.assertIs(got['can_cancel'], False)
        self.assertEqual(self.server.candidatures(user.token)['active_count'], 0)

    def test_enrolled_owes_nothing(self):
        user, sheet, c = self.awaiting()
        self.assertEqual(c['amount_due_cents'], sheet['fee_cents'])
        body, page = self.open_simulator(user, c)
        self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')
        self.assertEqual(self.server.candidature(user.token, c['id'])['amount_due_cents'], 0)

    def test_continuer_link_works(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay')
        href = self.continuer(r)
        r = self.server.get_url(href)
        self.assertStatus(r, 200)

    def test_card_without_spaces(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay', card='4111111111111111')
        self.assertIn('Votre règlement est confirmé', r.text)
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')

    def test_refused_card(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay', card=REFUSED_CARD)
        self.assertLess(r.status, 500, repr(r))
        self.assertNotIn('Votre règlement est confirmé', r.text)
        time.sleep(0.5)
        self.assertEqual(self.status(user, c), 'awaiting-payment')
        # and a new attempt can still succeed
        body, page = self.open_simulator(user, c)
        self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')

    def test_luhn_invalid_card(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay', card='4111111111111112')
        self.assertLess(r.status, 500, repr(r))
        self.assertNotIn('Votre règlement est confirmé', r.text)
        time.sleep(0.5)
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_expired_card(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay', expiry=past_expiry())
        self.assertLess(r.status, 500, repr(r))
        self.assertNotIn('Votre règlement est confirmé', r.text)
        time.sleep(0.5)
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_cancel_abandons(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'cancel', card='', cvv='',
                        expiry='')
        self.assertLess(r.status, 500, repr(r))
        self.assertNotIn('Votre règlement est confirmé', r.text)
        self.assertEqual(self.continuer(r), self.server.base + '/payment/return')
        time.sleep(0.5)
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_enrolled_is_not_payable(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')
        r = self.api('POST', '/candidatures/%s/payment' % c['id'], {}, token=user.token)
        self.assertError(r, 409, 'not-payable')
        self.assertError(self.api('POST', '/candidatures/%s/cancel' % c['id'], {},
                                  token=user.token), 409, 'not-cancellable')

    def test_simulator_tampered_amount(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        form = self.form(page)
        for i in form['inputs']:
            if i['name'] == 'montant':
                i['value'] = '1'
        r = self.submit(body['payment_url'], form, 'pay')
        self.assertLess(r.status, 500, repr(r))
        time.sleep(0.5)
        self.assertEqual(self.status(user, c), 'awaiting-payment')


class CancelDuringPayment(PaymentTest):
    """A candidature cannot be cancelled while its payer may be on PayFiP's page; money that
    arrives for a candidature that cannot be enrolled is kept apart, never enrolled."""
    user_pool = 5
    open_simulator = Simulator.open_simulator
    form = Simulator.form
    submit = Simulator.submit

    def cancel(self, user, c):
        return self.api('POST', '/candidatures/%s/cancel' % c['id'], {}, token=user.token)

    def age_attempts(self, c, seconds):
        # the 20-minute rule, without waiting 20 minutes: the attempts look older
        conn = h.sqlite3.connect(self.server.db, timeout=10)
        try:
            with conn:
                conn.execute('UPDATE payments SET created_at = created_at - ?'
                             ' WHERE candidature_id = ?', (seconds, str(c['id'])))
        finally:
            conn.close()

    def payment_states(self, c):
        conn = h.sqlite3.connect('file:%s?mode=ro' % self.server.db, uri=True, timeout=10)
        try:
            return [r[0] for r in conn.execute(
                'SELECT state FROM payments WHERE candidature_id = ? ORDER BY rowid',
                (str(c['id']),))]
        finally:
            conn.close()

    def test_cancel_refused_while_payment_pending(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.cancel(user, c)
        self.assertError(r, 409, 'not-cancellable')
        self.assertIn('paiement par carte est en cours', r.body['error']['message'])
        self.assertEqual(self.status(user, c), 'awaiting-payment')
        # the payment under way goes through as usual
        r = self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertIn('Votre règlement est confirmé', r.text)
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')
        self.assertEqual(self.payment_states(c), ['paid'])

    def test_cancel_allowed_once_attempt_ended(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        self.submit(body['payment_url'], self.form(page), 'cancel', card='', cvv='', expiry='')
        self.assertEqual(self.payment_states(c), ['abandoned'])
        self.assertStatus(self.cancel(user, c), 200)
        self.assertEqual(self.status(user, c), 'cancelled')

    def test_attempt_older_than_20_minutes_counts_as_abandoned(self):
        user, sheet, c = self.awaiting()
        self.start_payment(user, c)
        self.age_attempts(c, 19 * 60)
        self.assertError(self.cancel(user, c), 409, 'not-cancellable')
        self.age_attempts(c, 2 * 60)
        self.assertStatus(self.cancel(user, c), 200)
        self.assertEqual(self.status(user, c), 'cancelled')

    def test_payment_after_cancel_is_not_applied(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        self.age_attempts(c, 21 * 60)
        self.assertStatus(self.cancel(user, c), 200)
        r = self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertStatus(r, 200)
        self.assertIn("n'a pas pu être appliqué", h.norm_quotes(r.text))
        time.sleep(0.3)
        self.assertEqual(self.status(user, c), 'cancelled')
        self.assertEqual(self.payment_states(c), ['paid-not-applied'])
        out = self.server.admin_ok('candidatures').stdout
        line = [l for l in out.splitlines() if l.startswith(str(c['id']))]
        self.assertEqual(len(line), 1, out)
        self.assertIn('à rembourser', line[0])
        self.assertIn(self.params(body['payment_url'])[1]['refdet'], line[0])
        listed = h.json.loads(self.server.admin_ok('candidatures', '--json').stdout)
        item = [i for i in listed['items'] if i['id'] == str(c['id'])][0]
        self.assertEqual(item['refunds_due'], self.params(body['payment_url'])[1]['refdet'])
        self.assertIn('not applied', self.server.stderr())
        # a repeated notification changes nothing and still enrols nobody
        fields = self.notify_fields(self.params(body['payment_url'])[1])
        self.assertLess(self.notify(fields).status, 500)
        self.assertEqual(self.status(user, c), 'cancelled')
        self.assertEqual(self.payment_states(c), ['paid-not-applied'])

    def test_notify_paid_on_cancelled_is_409(self):
        user, sheet, c = self.awaiting()
        p = self.params(self.start_payment(user, c)['payment_url'])[1]
        self.age_attempts(c, 21 * 60)
        self.assertStatus(self.cancel(user, c), 200)
        r = self.notify(self.notify_fields(p))
        self.assertError(r, 409, 'not-payable')
        self.assertEqual(self.status(user, c), 'cancelled')
        self.assertEqual(self.payment_states(c), ['paid-not-applied'])


class SimulatorIgnoresProxy(PaymentTest):
    """The simulator only ever notifies the service itself: a proxy configured in the
    environment must not be used (nor libproxy loaded, which aborts under AddressSanitizer)."""
    user_pool = 1
    server_env = {'http_proxy': 'http://127.0.0.1:9', 'HTTP_PROXY': 'http://127.0.0.1:9',
                  'no_proxy': '', 'NO_PROXY': ''}
    open_simulator = Simulator.open_simulator
    form = Simulator.form
    submit = Simulator.submit

    def test_notification_reaches_the_service(self):
        user, sheet, c = self.awaiting()
        body, page = self.open_simulator(user, c)
        r = self.submit(body['payment_url'], self.form(page), 'pay')
        self.assertIn('Votre règlement est confirmé', r.text)
        self.assertNotIn('role="alert"', r.text)
        self.assertEqual(self.wait_status(user, c, 'enrolled'), 'enrolled')


class Notify(PaymentTest):
    user_pool = 9

    def prepared(self):
        user, sheet, c = self.awaiting()
        body = self.start_payment(user, c)
        return user, sheet, c, self.params(body['payment_url'])[1]

    def test_notify_paid(self):
        user, sheet, c, p = self.prepared()
        r = self.notify(self.notify_fields(p))
        self.assertTrue(200 <= r.status < 300, repr(r))
        self.assertEqual(self.status(user, c), 'enrolled')

    def test_notify_wrong_amount(self):
        user, sheet, c, p = self.prepared()
        r = self.notify(self.notify_fields(p, montant=str(sheet['fee_cents'] - 1)))
        self.assertError(r, 400, 'invalid-request')
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_notify_unknown_refdet(self):
        user, sheet, c, p = self.prepared()
        r = self.notify(self.notify_fields(p, refdet='UNKNOWN000000001'))
        self.assertError(r, 404, 'not-found')
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_notify_replay_is_idempotent(self):
        user, sheet, c, p = self.prepared()
        fields = self.notify_fields(p)
        self.assertTrue(200 <= self.notify(fields).status < 300)
        before = self.server.candidatures(user.token)
        mails = len(self.server.mails_to(user.email))
        for _ in range(3):
            r = self.notify(fields)
            self.assertTrue(200 <= r.status < 300, repr(r))
        time.sleep(0.3)
        after = self.server.candidatures(user.token)
        self.assertEqual(after, before)
        self.assertEqual([i['status'] for i in after['items']], ['enrolled'])
        self.assertEqual(len(self.server.mails_to(user.email)), mails)
        self.assertEqual(self.server.admin_statuses().get(str(c['id'])), 'enrolled')

    def test_notify_refused_and_abandoned(self):
        user, sheet, c, p = self.prepared()
        for result in ('R', 'A'):
            with self.subTest(resultrans=result):
                r = self.notify(self.notify_fields(p, resultrans=result))
                self.assertLess(r.status, 500, repr(r))
                self.assertEqual(self.status(user, c), 'awaiting-payment')
        self.assertTrue(200 <= self.notify(self.notify_fields(p)).status < 300)
        self.assertEqual(self.status(user, c), 'enrolled')

    def test_notify_after_enrolled_refusal_changes_nothing(self):
        user, sheet, c, p = self.prepared()
        self.notify(self.notify_fields(p))
        self.notify(self.notify_fields(p, resultrans='R'))
        self.assertEqual(self.status(user, c), 'enrolled')

    def test_notify_malformed(self):
        user, sheet, c, p = self.prepared()
        cases = [
            b'',
            b'garbage',
            b'refdet=%ZZ&&==',
            urllib.parse.urlencode({'refdet': p['refdet']}).encode(),
            urllib.parse.urlencode(self.notify_fields(p, resultrans='Q')).encode(),
            urllib.parse.urlencode(self.notify_fields(p, montant='dix')).encode(),
        ]
        for raw in cases:
            with self.subTest(body=raw[:60]):
                r = self.server.request('POST', NOTIFY, raw=raw, headers={
                    'Content-Type': 'application/x-www-form-urlencoded'})
                self.assertError(r, 400, 'invalid-request')
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_notify_other_numcli(self):
        user, sheet, c, p = self.prepared()
        r = self.notify(self.notify_fields(p, numcli='999999' if p['numcli'] != '999999'
                                           else '111111'))
        self.assertError(r, 400, 'invalid-request')
        self.assertEqual(self.status(user, c), 'awaiting-payment')

    def test_notify_old_attempt_after_new(self):
        user, sheet, c, first = self.prepared()
        second = self.params(self.start_payment(user, c)['payment_url'])[1]
        self.assertNotEqual(first['refdet'], second['refdet'])
        r = self.notify(self.notify_fields(second))
        self.assertTrue(200 <= r.status < 300, repr(r))
        self.notify(self.notify_fields(first))
        self.assertEqual([i['status'] for i in self.server.candidatures(user.token)['items']],
                         ['enrolled'])


if __name__ == '__main__':
    h.main()
