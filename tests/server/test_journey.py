#!/usr/bin/python3
# The applicant's whole journey of the guide, through the service only, step by step.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402


class Journey(h.ServerTestCase):
    def test_guide_journey(self):
        s = self.server
        addr = h.unique_email()
        password = 'Lecon2Piano'

        # 2. Création du compte Mon Paris
        r = self.api('GET', '/captcha')
        captcha = self.assertStatus(r, 200)
        self.assertTrue(captcha['image'].startswith('data:image/png;base64,'))
        r = self.api('POST', '/accounts', {
            'email': addr, 'password': password, 'password_confirmation': password,
            'captcha_id': captcha['id'], 'captcha_answer': r.headers['X-Captcha-Answer'],
            'accept_terms': True})
        self.assertEqual(self.assertStatus(r, 201)['status'], 'pending-confirmation')
        self.assertError(self.api('POST', '/session', {'email': addr, 'password': password}),
                         403, 'account-not-confirmed')

        mail = s.wait_mail(addr, h.CONFIRM_SUBJECT)
        self.assertEqual(mail.from_addr, 'no-reply@paris.fr')
        link, _ = s.confirm_link(addr)
        page = s.get_url(link)
        self.assertStatus(page, 200)
        self.assertIn('Votre compte MonParis est validé', page.text)

        # 1. connexion
        r = self.api('POST', '/session', {'email': addr, 'password': password})
        login = self.assertStatus(r, 200)
        self.assertIs(login['profile_complete'], False)
        token = login['token']

        # 3. profil Cours d'Adultes
        profile = self.assertStatus(self.api('GET', '/profile', token=token), 200)
        self.assertIs(profile['complete'], False)
        stored = self.assertStatus(self.api('PUT', '/profile', s.valid_profile(
            civility='M', last_name='Lefèvre', first_name='Joël', birth_date='1979-09-03',
            phone_mobile='+33 6 98 76 54 32'), token=token), 200)
        self.assertIs(stored['complete'], True)
        s.wait_mail(addr, h.PROFILE_SUBJECT)

        # 4–5. recherche
        cat = self.assertStatus(self.api('GET', '/catalogue'), 200)
        period = [p for p in cat['periods'] if p['open']][0]
        r = self.api('GET', '/courses?' + urllib.parse.urlencode(
            [('open_only', 'true'), ('period', period['id'])]))
        results = self.assertStatus(r, 200)
        self.assertGreater(results['total'], 0)
        first = results['items'][0]
        word = max(re.findall(r'[^\W\d_]+', first['title']), key=len)
        total, items = s.search({'q': h.fold(word).upper(), 'open_only': 'true'})
        self.assertIn(first['id'], [i['id'] for i in items])

        # 6. fiche, session, « Sauvegarder dans mes candidatures »
        sheet = self.assertStatus(self.api('GET', '/courses/' + first['id']), 200)
        self.assertTrue(sheet['open'])
        session = sheet['sessions'][0]
        r = s.preselect(token, session['id'])
        c = self.assertStatus(r, 201)
        self.assertEqual(c['status'], 'preselected')

        # 7. confirmation avec la fiche de candidature
        mails_before = len(s.mails_to(addr))
        r = s.confirm(token, c['id'], h.valid_answers(sheet['candidature_form']))
        self.assertEqual(self.assertStatus(r, 200)['status'], 'pending')
        s.wait_mail(addr, count=mails_before + 1)
        listed = s.candidatures(token)
        self.assertEqual(listed['active_count'], 1)

        # back office: convocation then acceptance
        at = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7)) \
            .replace(microsecond=0).isoformat()
        s.admin_ok('convoke', c['id'], '--at', at, '--place', sheet['sessions'][0]
                   ['establishment']['name'])
        got = s.candidature(token, c['id'])
        self.assertEqual(got['status'], 'convoked')
        self.assertEqual(h.parse_iso(got['convocation']['at']), h.parse_iso(at))
        s.admin_ok('accept', c['id'])
        got = s.candidature(token, c['id'])
        self.assertEqual(got['status'], 'awaiting-payment')
        self.assertEqual(got['amount_due_cents'], sheet['fee_cents'])

        # 9. règlement par carte bancaire
        r = self.api('POST', '/candidatures/%s/payment' % c['id'], {}, token=token)
        pay = self.assertStatus(r, 201)
        self.assertEqual(pay['amount_cents'], sheet['fee_cents'])
        page = s.get_url(pay['payment_url'])
        self.assertIn('Payer par carte bancaire', page.text)
        form = [f for f in h.parse_html(page.text).forms if f['method'] == 'post'][0]
        fields = [(i['name'], i['value'] or '') for i in form['inputs']
                  if i['type'] == 'hidden' and i['name']]
        today = h.paris_today()
        fields += [('card_number', '4111 1111 1111 1111'),
                   ('expiry', '%02d/%02d' % (today.month, (today.year + 3) % 100)),
                   ('cvv', '737'), ('action', 'pay')]
        target = urllib.parse.urlsplit(urllib.parse.urljoin(pay['payment_url'],
                                                            form['action'] or ''))
        r = s.request('POST', target.path + ('?' + target.query if target.query else ''),
                      raw=urllib.parse.urlencode(fields).encode(),
                      headers={'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertStatus(r, 200)
        self.assertIn('Votre règlement est confirmé', r.text)
        cont = [l for l in h.parse_html(r.text).links if l['text'].strip() == 'Continuer']
        self.assertEqual(len(cont), 1)
        self.assertEqual(s.get_url(cont[0]['href']).status, 200)

        # « inscription »
        got = s.candidature(token, c['id'])
        self.assertEqual(got['status'], 'enrolled')
        self.assertIs(got['can_cancel'], False)
        self.assertEqual(s.candidatures(token)['active_count'], 0)

        # se déconnecter
        self.assertStatus(self.api('DELETE', '/session', token=token), 204)
        self.assertError(self.api('GET', '/candidatures', token=token), 401, 'unauthorized')
        self.assertEqual(s.admin_statuses().get(str(c['id'])), 'enrolled')


if __name__ == '__main__':
    h.main()
