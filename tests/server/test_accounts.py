#!/usr/bin/python3
# "Mon Paris" accounts: captcha, creation, confirmation mail and link, session, rate limit.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402

PNG_MAGIC = b'\x89PNG\r\n\x1a\n'


class Captcha(h.ServerTestCase):
    def test_captcha_shape(self):
        r = self.api('GET', '/captcha')
        body = self.assertStatus(r, 200)
        self.assertHasKeys(body, {'id', 'image'})
        self.assertIsInstance(body['id'], str)
        self.assertTrue(body['id'])
        prefix = 'data:image/png;base64,'
        self.assertTrue(body['image'].startswith(prefix), body['image'][:60])
        png = base64.b64decode(body['image'][len(prefix):], validate=True)
        self.assertEqual(png[:8], PNG_MAGIC)
        self.assertGreater(len(png), 100)

    def test_captcha_answer_header_in_testing_mode(self):
        r = self.api('GET', '/captcha')
        answer = r.headers.get('X-Captcha-Answer')
        self.assertIsNotNone(answer)
        self.assertTrue(answer.strip())

    def test_captcha_ids_differ(self):
        ids = {self.server.captcha()[0] for _ in range(5)}
        self.assertEqual(len(ids), 5)

    def test_captcha_single_use(self):
        body = self.server.account_body()
        self.assertStatus(self.api('POST', '/accounts', body), 201)
        body2 = dict(body, email=h.unique_email())
        r = self.api('POST', '/accounts', body2)
        self.assertError(r, 422, 'validation-failed', ['captcha_answer'])

    def test_captcha_wrong_answer(self):
        body = self.server.account_body()
        body['captcha_answer'] = body['captcha_answer'] + 'x'
        r = self.api('POST', '/accounts', body)
        err = self.assertError(r, 422, 'validation-failed', ['captcha_answer'])
        self.assertEqual(set(err['fields']), {'captcha_answer'})

    def test_captcha_wrong_answer_burns_it(self):
        body = self.server.account_body()
        good = body['captcha_answer']
        body['captcha_answer'] = good + 'x'
        self.assertError(self.api('POST', '/accounts', body), 422, 'validation-failed',
                         ['captcha_answer'])
        body['captcha_answer'] = good
        self.assertError(self.api('POST', '/accounts', body), 422, 'validation-failed',
                         ['captcha_answer'])

    def test_captcha_unknown_id(self):
        body = self.server.account_body(captcha_id='no-such-captcha')
        r = self.api('POST', '/accounts', body)
        self.assertError(r, 422, 'validation-failed', ['captcha_answer'])


class CaptchaWithoutTesting(h.ServerTestCase):
    server_testing = False

    def test_no_answer_header_without_testing(self):
        r = self.api('GET', '/captcha')
        self.assertStatus(r, 200)
        self.assertIsNone(r.headers.get('X-Captcha-Answer'))


class Creation(h.ServerTestCase):
    def test_created_201_body(self):
        body = self.server.account_body()
        r = self.api('POST', '/accounts', body)
        got = self.assertStatus(r, 201)
        self.assertEqual((got.get('email'), got.get('status')),
                         (body['email'], 'pending-confirmation'))

    def test_every_field_error_in_one_answer(self):
        body = self.server.account_body(email_addr='not-an-email', password='short',
                                        password_confirmation='different1',
                                        captcha_answer='nope', accept_terms=False)
        r = self.api('POST', '/accounts', body)
        err = self.assertError(r, 422, 'validation-failed',
                               ['email', 'password', 'password_confirmation',
                                'captcha_answer', 'accept_terms'])
        self.assertEqual(set(err['fields']), {'email', 'password', 'password_confirmation',
                                              'captcha_answer', 'accept_terms'})

    def field_error(self, field, **over):
        body = self.server.account_body(**over)
        if 'password' in over and 'password_confirmation' not in over:
            body['password_confirmation'] = over['password']
        r = self.api('POST', '/accounts', body)
        err = self.assertError(r, 422, 'validation-failed', [field])
        self.assertEqual(set(err['fields']), {field})

    def test_email_invalid(self):
        for bad in ('', 'plainaddress', 'a@', '@example.fr', 'a b@example.fr', 'a@@example.fr',
                    'a@example'):
            with self.subTest(email=bad):
                self.field_error('email', email_addr=bad or None, email=bad)

    def test_email_missing(self):
        body = self.server.account_body()
        del body['email']
        self.assertError(self.api('POST', '/accounts', body), 422, 'validation-failed',
                         ['email'])

    def test_password_too_short(self):
        self.field_error('password', password='abcde12')

    def test_password_without_digit(self):
        self.field_error('password', password='abcdefghij')

    def test_password_without_letter(self):
        self.field_error('password', password='1234567890')

    def test_password_129_chars(self):
        self.field_error('password', password='a1' * 64 + 'b')

    def test_password_128_chars_ok(self):
        body = self.server.account_body(password='a1' * 64)
        self.assertStatus(self.api('POST', '/accounts', body), 201)

    def test_password_8_chars_ok(self):
        body = self.server.account_body(password='abcdefg1')
        self.assertStatus(self.api('POST', '/accounts', body), 201)

    def test_password_counts_characters_not_bytes(self):
        pw = 'é' * 100 + '1'   # 101 characters, 201 bytes
        body = self.server.account_body(password=pw)
        self.assertStatus(self.api('POST', '/accounts', body), 201)

    def test_confirmation_mismatch(self):
        body = self.server.account_body()
        body['password_confirmation'] = body['password'] + 'x'
        r = self.api('POST', '/accounts', body)
        err = self.assertError(r, 422, 'validation-failed', ['password_confirmation'])
        self.assertEqual(set(err['fields']), {'password_confirmation'})

    def test_accept_terms_false(self):
        self.field_error('accept_terms', accept_terms=False)

    def test_accept_terms_missing(self):
        body = self.server.account_body()
        del body['accept_terms']
        r = self.api('POST', '/accounts', body)
        err = self.assertError(r, 422, 'validation-failed', ['accept_terms'])
        self.assertEqual(set(err['fields']), {'accept_terms'})

    def test_captcha_missing(self):
        body = self.server.account_body()
        del body['captcha_answer']
        self.assertError(self.api('POST', '/accounts', body), 422, 'validation-failed',
                         ['captcha_answer'])

    def test_validation_failure_sends_no_mail(self):
        body = self.server.account_body(accept_terms=False)
        self.assertError(self.api('POST', '/accounts', body), 422, 'validation-failed')
        time.sleep(0.3)
        self.assertEqual(self.server.mails_to(body['email']), [])

    def test_email_taken(self):
        email_addr, _ = self.server.create_account()
        body = self.server.account_body(email_addr=email_addr)
        self.assertError(self.api('POST', '/accounts', body), 409, 'email-taken')

    def test_email_taken_after_confirmation(self):
        email_addr, _ = self.server.create_confirmed_account()
        body = self.server.account_body(email_addr=email_addr)
        self.assertError(self.api('POST', '/accounts', body), 409, 'email-taken')



class ConfirmationMail(h.ServerTestCase):
    def test_mail_subject_from_to(self):
        email_addr, _ = self.server.create_account()
        mail = self.server.wait_mail(email_addr)
        self.assertEqual(mail.subject, h.CONFIRM_SUBJECT)
        self.assertEqual(mail.from_addr, 'no-reply@paris.fr')
        self.assertEqual(mail.to_addrs, [email_addr.lower()])

    def test_mail_is_rfc5322(self):
        email_addr, _ = self.server.create_account()
        mail = self.server.wait_mail(email_addr)
        self.assertIsNotNone(mail.msg['Date'])
        head = mail.raw.split(b'\r\n\r\n', 1)[0] if b'\r\n\r\n' in mail.raw else \
            mail.raw.split(b'\n\n', 1)[0]
        head.decode('ascii')   # headers are 7-bit (RFC 2047 encoded words)

    def test_mail_holds_confirm_link(self):
        email_addr, _ = self.server.create_account()
        url, token = self.server.confirm_link(email_addr)
        self.assertTrue(url.startswith(self.server.base + '/confirm?token='), url)
        self.assertGreaterEqual(len(token), 16)

    def test_one_mail_per_account(self):
        email_addr, _ = self.server.create_account()
        self.server.wait_mail(email_addr)
        time.sleep(0.3)
        self.assertEqual(len(self.server.mails_to(email_addr)), 1)

    def test_tokens_differ(self):
        a, _ = self.server.create_account()
        b, _ = self.server.create_account()
        self.assertNotEqual(self.server.confirm_link(a)[1], self.server.confirm_link(b)[1])

    def test_get_confirm_page(self):
        email_addr, password = self.server.create_account()
        url, _ = self.server.confirm_link(email_addr)
        r = self.server.get_url(url)
        self.assertStatus(r, 200)
        self.assertIn('text/html', r.headers.get('Content-Type', ''))
        self.assertIn('Votre compte MonParis est validé', r.text)
        self.assertTrue(self.server.login(email_addr, password))

    def test_post_confirm(self):
        email_addr, password = self.server.create_account()
        _, token = self.server.confirm_link(email_addr)
        r = self.api('POST', '/accounts/confirm', {'token': token})
        self.assertStatus(r, 200)
        self.assertTrue(self.server.login(email_addr, password))

    def test_get_confirm_unknown_token(self):
        r = self.server.request('GET', '/confirm?token=unknown-token-123')
        self.assertEqual(r.status, 404, repr(r))
        r = self.server.request('GET', '/confirm')
        self.assertIn(r.status, (400, 404), repr(r))

    def test_post_confirm_unknown_token(self):
        self.assertError(self.api('POST', '/accounts/confirm', {'token': 'unknown-token-123'}),
                         404, 'not-found')

    def test_post_confirm_missing_token(self):
        r = self.api('POST', '/accounts/confirm', {})
        self.assertIn(r.status, (400, 404, 422), repr(r))
        self.assertIsInstance(r.body, dict, repr(r))


class Session(h.ServerTestCase):
    def test_login_before_confirm(self):
        email_addr, password = self.server.create_account()
        r = self.api('POST', '/session', {'email': email_addr, 'password': password})
        self.assertError(r, 403, 'account-not-confirmed')

    def test_login_ok(self):
        email_addr, password = self.server.create_confirmed_account()
        r = self.api('POST', '/session', {'email': email_addr, 'password': password})
        body = self.assertStatus(r, 200)
        self.assertHasKeys(body, {'token', 'expires_at', 'profile_complete'})
        self.assertIsInstance(body['token'], str)
        self.assertGreaterEqual(len(body['token']), 16)
        self.assertIs(body['profile_complete'], False)
        self.assertRegex(body['expires_at'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$')
        expires = h.parse_iso(body['expires_at'])
        self.assertGreater(expires, datetime.datetime.now(datetime.timezone.utc))

    def test_login_profile_complete_true_after_profile(self):
        email_addr, password = self.server.create_confirmed_account()
        self.server.complete_profile(self.server.login(email_addr, password))
        r = self.api('POST', '/session', {'email': email_addr, 'password': password})
        self.assertIs(self.assertStatus(r, 200)['profile_complete'], True)

    def test_token_works(self):
        email_addr, password = self.server.create_confirmed_account()
        token = self.server.login(email_addr, password)
        r = self.api('GET', '/profile', token=token)
        self.assertEqual(self.assertStatus(r, 200)['email'], email_addr)

    def test_two_logins_two_tokens(self):
        email_addr, password = self.server.create_confirmed_account()
        a = self.server.login(email_addr, password)
        b = self.server.login(email_addr, password)
        self.assertNotEqual(a, b)
        self.assertStatus(self.api('DELETE', '/session', token=a), 204)
        self.assertStatus(self.api('GET', '/profile', token=b), 200)

    def test_wrong_password(self):
        email_addr, _ = self.server.create_confirmed_account()
        r = self.api('POST', '/session', {'email': email_addr, 'password': 'wrongpass1'})
        self.assertError(r, 401, 'invalid-credentials')

    def test_unknown_email(self):
        r = self.api('POST', '/session', {'email': h.unique_email(), 'password': 'motdepasse1'})
        self.assertError(r, 401, 'invalid-credentials')

    def test_unconfirmed_wrong_password_is_invalid_credentials(self):
        email_addr, _ = self.server.create_account()
        r = self.api('POST', '/session', {'email': email_addr, 'password': 'wrongpass1'})
        self.assertError(r, 401, 'invalid-credentials')

    def test_sixth_failed_login_is_429(self):
        email_addr, _ = self.server.create_confirmed_account()
        for i in range(5):
            r = self.api('POST', '/session', {'email': email_addr, 'password': 'wrong%d' % i})
            self.assertError(r, 401, 'invalid-credentials')
        r = self.api('POST', '/session', {'email': email_addr, 'password': 'wrong6'})
        self.assertError(r, 429, 'too-many-attempts')
        retry = r.headers.get('Retry-After')
        self.assertIsNotNone(retry, repr(r))
        self.assertRegex(retry, r'^\d+$')
        self.assertGreater(int(retry), 0)
        self.assertLessEqual(int(retry), 15 * 60)

    def test_lockout_holds_against_right_password(self):
        email_addr, password = self.server.create_confirmed_account()
        for i in range(6):
            self.api('POST', '/session', {'email': email_addr, 'password': 'wrong%d' % i})
        r = self.api('POST', '/session', {'email': email_addr, 'password': password})
        self.assertError(r, 429, 'too-many-attempts')
        self.assertIsNotNone(r.headers.get('Retry-After'))

    def test_lockout_is_per_email(self):
        email_addr, _ = self.server.create_confirmed_account()
        other, other_pw = self.server.create_confirmed_account()
        for i in range(6):
            self.api('POST', '/session', {'email': email_addr, 'password': 'wrong%d' % i})
        self.assertTrue(self.server.login(other, other_pw))

    def test_lockout_unknown_email(self):
        email_addr = h.unique_email()
        for i in range(5):
            r = self.api('POST', '/session', {'email': email_addr, 'password': 'wrong%d' % i})
            self.assertError(r, 401, 'invalid-credentials')
        r = self.api('POST', '/session', {'email': email_addr, 'password': 'wrong'})
        self.assertError(r, 429, 'too-many-attempts')

    def test_five_failures_then_success_is_allowed(self):
        email_addr, password = self.server.create_confirmed_account()
        for i in range(5):
            self.api('POST', '/session', {'email': email_addr, 'password': 'wrong%d' % i})
        self.assertTrue(self.server.login(email_addr, password))

    def test_logout(self):
        email_addr, password = self.server.create_confirmed_account()
        token = self.server.login(email_addr, password)
        r = self.api('DELETE', '/session', token=token)
        self.assertStatus(r, 204)
        self.assertEqual(r.raw, b'')
        self.assertError(self.api('GET', '/profile', token=token), 401, 'unauthorized')
        self.assertError(self.api('GET', '/candidatures', token=token), 401, 'unauthorized')
        self.assertError(self.api('DELETE', '/session', token=token), 401, 'unauthorized')

    def test_missing_token(self):
        for method, path in (('GET', '/profile'), ('GET', '/candidatures'),
                             ('DELETE', '/session')):
            with self.subTest(path=path):
                self.assertError(self.api(method, path), 401, 'unauthorized')
        r = self.api('PUT', '/profile', self.server.valid_profile())
        self.assertError(r, 401, 'unauthorized')
        r = self.api('POST', '/candidatures', {'session_id': 'x'})
        self.assertError(r, 401, 'unauthorized')
        for action in ('confirm', 'cancel', 'payment'):
            r = self.api('POST', '/candidatures/1/' + action, {})
            self.assertError(r, 401, 'unauthorized')
        self.assertError(self.api('DELETE', '/candidatures/1'), 401, 'unauthorized')

    def test_garbage_token(self):
        for value in ('Bearer garbage', 'Bearer ', 'Basic dXNlcjpwYXNz', 'garbage',
                      'Bearer ' + 'A' * 64):
            with self.subTest(auth=value):
                r = self.api('GET', '/profile', headers={'Authorization': value})
                self.assertError(r, 401, 'unauthorized')

    def test_passwords_never_in_mails_or_logs(self):
        pw = 'Secret%sz9' % os.urandom(4).hex()
        email_addr, _ = self.server.create_confirmed_account(password=pw)
        token = self.server.login(email_addr, pw)
        self.api('POST', '/session', {'email': email_addr, 'password': pw + 'wrong'})
        self.server.complete_profile(token)
        self.api('DELETE', '/session', token=token)
        for m in self.server.mails():
            self.assertNotIn(pw.encode(), m.raw, m.path)
            self.assertNotIn(pw, m.body, m.path)
        log = self.server.stderr() + ''.join(self.server.stdout_lines)
        self.assertNotIn(pw, log)
        self.assertNotIn(token, log)


class SessionExpiry(h.ServerTestCase):
    server_args = ('--session-idle-timeout', '3')

    def test_expired_token_is_401(self):
        email_addr, password = self.server.create_confirmed_account()
        token = self.server.login(email_addr, password)
        self.assertStatus(self.api('GET', '/profile', token=token), 200)
        time.sleep(4.5)
        self.assertError(self.api('GET', '/profile', token=token), 401, 'unauthorized')

    def test_expires_at_reflects_idle_timeout(self):
        email_addr, password = self.server.create_confirmed_account()
        r = self.api('POST', '/session', {'email': email_addr, 'password': password})
        expires = h.parse_iso(self.assertStatus(r, 200)['expires_at'])
        delta = expires - datetime.datetime.now(datetime.timezone.utc)
        self.assertLessEqual(delta.total_seconds(), 4)
        self.assertGreater(delta.total_seconds(), 1)

    def test_activity_keeps_session_alive(self):
        email_addr, password = self.server.create_confirmed_account()
        token = self.server.login(email_addr, password)
        for _ in range(5):
            time.sleep(1.0)
            self.assertStatus(self.api('GET', '/profile', token=token), 200)


if __name__ == '__main__':
    h.main()
