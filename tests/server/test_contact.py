#!/usr/bin/python3
# The contact form: writing to the Service des Cours d'Adultes.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402


class Contact(h.ServerTestCase):
    def message(self):
        marker = h.unique('msg')
        return marker, 'Bonjour,\nje voudrais savoir si le cours a lieu pendant les vacances.\n' \
                       'Référence %s\nMerci' % marker

    def mail_with(self, marker, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.server.mails() if marker in m.body or marker in m.subject]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def test_with_token(self):
        u = self.server.new_user()
        marker, text = self.message()
        r = self.api('POST', '/contact', {'subject': 'Question sur un cours', 'message': text},
                     token=u.token)
        self.assertStatus(r, 201)
        mails = self.mail_with(marker)
        self.assertEqual(len(mails), 1)
        self.assertNotIn(u.email.lower(), mails[0].to_addrs)
        self.assertIn(u.email, mails[0].raw.decode('utf-8', 'replace') + mails[0].body)
        self.assertTrue(self.server.db_rows_containing(marker))

    def test_without_token_with_email(self):
        marker, text = self.message()
        r = self.api('POST', '/contact', {'subject': 'Inscription', 'message': text,
                                          'email': 'visiteur@example.fr'})
        self.assertStatus(r, 201)
        mails = self.mail_with(marker)
        self.assertEqual(len(mails), 1)
        self.assertIn('visiteur@example.fr',
                      mails[0].raw.decode('utf-8', 'replace') + mails[0].body)
        self.assertTrue(self.server.db_rows_containing(marker))

    def test_mail_keeps_the_text(self):
        marker, text = self.message()
        self.assertStatus(self.api('POST', '/contact', {'subject': 'Accents éèàçœ',
                                                        'message': text,
                                                        'email': 'v@example.fr'}), 201)
        mail = self.mail_with(marker)[0]
        self.assertIn('Référence %s' % marker, mail.body)
        self.assertIn('Accents éèàçœ', mail.subject + mail.body)

    def test_without_token_email_required(self):
        marker, text = self.message()
        r = self.api('POST', '/contact', {'subject': 'Inscription', 'message': text})
        err = self.assertError(r, 422, 'validation-failed', ['email'])
        self.assertEqual(set(err['fields']), {'email'})
        time.sleep(0.2)
        self.assertEqual(self.mail_with(marker, timeout=0), [])
        self.assertEqual(self.server.db_rows_containing(marker), [])

    def test_without_token_bad_email(self):
        r = self.api('POST', '/contact', {'subject': 'a', 'message': 'b',
                                          'email': 'not-an-email'})
        self.assertError(r, 422, 'validation-failed', ['email'])

    def test_invalid_token_is_401(self):
        r = self.api('POST', '/contact', {'subject': 'a', 'message': 'b', 'email': 'v@example.fr'},
                     token='garbage')
        self.assertError(r, 401, 'unauthorized')

    def test_message_too_long(self):
        r = self.api('POST', '/contact', {'subject': 'Long', 'message': 'x' * 5001,
                                          'email': 'v@example.fr'})
        err = self.assertError(r, 422, 'validation-failed', ['message'])
        self.assertEqual(set(err['fields']), {'message'})

    def test_message_5000_ok(self):
        r = self.api('POST', '/contact', {'subject': 'Long', 'message': 'é' * 5000,
                                          'email': 'v@example.fr'})
        self.assertStatus(r, 201)

    def test_subject_and_message_required(self):
        for body, fields in (({'message': 'texte'}, ['subject']),
                             ({'subject': 'Objet'}, ['message']),
                             ({'subject': ' ', 'message': ' '}, ['subject', 'message']),
                             ({}, ['subject', 'message', 'email'])):
            with self.subTest(body=body):
                if 'email' not in fields:
                    body = dict(body, email='v@example.fr')
                r = self.api('POST', '/contact', body)
                err = self.assertError(r, 422, 'validation-failed', fields)
                self.assertEqual(set(err['fields']), set(fields))

    def test_wrong_types(self):
        r = self.api('POST', '/contact', {'subject': 1, 'message': 'x', 'email': 'v@example.fr'})
        self.assertError(r, 400, 'invalid-request')


if __name__ == '__main__':
    h.main()
