#!/usr/bin/python3
# "Mon profil": the Cours d'Adultes profile, its rules, the creation mail, read-only names.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402

FIELDS = ('email', 'civility', 'last_name', 'first_name', 'birth_date', 'birth_country',
          'address', 'postal_code', 'city', 'phone_mobile', 'phone_other', 'heard_from',
          'complete')
REQUIRED = ('civility', 'last_name', 'first_name', 'birth_date', 'birth_country', 'address',
            'postal_code', 'city', 'heard_from')


def years_ago(years, days=0):
    today = h.paris_today()
    try:
        d = today.replace(year=today.year - years)
    except ValueError:   # 29 February
        d = today.replace(year=today.year - years, day=28)
    return (d + datetime.timedelta(days=days)).isoformat()


class Profile(h.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # rejected saves store nothing, so one account without a profile serves them all;
        # accepted later saves of a complete profile are checked on one completed account
        addr, pw = cls.server.create_confirmed_account()
        cls.incomplete = cls.server.login(addr, pw)
        addr, pw = cls.server.create_confirmed_account()
        cls.completed = cls.server.login(addr, pw)
        cls.server.complete_profile(cls.completed)

    def fresh(self):
        email_addr, password = self.server.create_confirmed_account()
        return email_addr, self.server.login(email_addr, password)

    def put(self, token, **over):
        return self.api('PUT', '/profile', self.server.valid_profile(**over), token=token)

    def accepts(self, **over):
        """A complete profile accepts the change; the stored profile is returned."""
        return self.assertStatus(self.put(self.completed, **over), 200)

    def rejects(self, field, only_incomplete=False, **over):
        for token in (self.incomplete,) if only_incomplete else (self.incomplete, self.completed):
            before = self.api('GET', '/profile', token=token).body
            r = self.put(token, **over)
            err = self.assertError(r, 422, 'validation-failed', [field])
            self.assertEqual(set(err['fields']), {field})
            # nothing stored
            self.assertEqual(self.api('GET', '/profile', token=token).body, before)
        self.assertIs(self.api('GET', '/profile', token=self.incomplete).body['complete'], False)

    def test_get_before_save(self):
        email_addr, token = self.fresh()
        body = self.assertStatus(self.api('GET', '/profile', token=token), 200)
        self.assertHasKeys(body, set(FIELDS))
        self.assertEqual(body['email'], email_addr)
        self.assertIs(body['complete'], False)
        for f in FIELDS:
            if f not in ('email', 'complete'):
                self.assertIsNone(body[f], f)

    def test_save_returns_stored_profile(self):
        email_addr, token = self.fresh()
        sent = self.server.valid_profile()
        body = self.assertStatus(self.api('PUT', '/profile', sent, token=token), 200)
        self.assertHasKeys(body, set(FIELDS))
        self.assertIs(body['complete'], True)
        self.assertEqual(body['email'], email_addr)
        for f in REQUIRED:
            self.assertEqual(body[f], sent[f], f)
        self.assertIsNone(body['phone_other'])
        self.assertTrue(body['phone_mobile'])
        self.assertEqual(self.api('GET', '/profile', token=token).body, body)

    def test_email_and_complete_in_body_ignored(self):
        email_addr, token = self.fresh()
        r = self.put(token, email='someone-else@example.fr', complete=False)
        body = self.assertStatus(r, 200)
        self.assertEqual(body['email'], email_addr)
        self.assertIs(body['complete'], True)
        r = self.put(self.incomplete, last_name=None, complete=True)
        self.assertError(r, 422, 'validation-failed', ['last_name'])
        self.assertIs(self.api('GET', '/profile', token=self.incomplete).body['complete'], False)

    def test_each_required_field_missing(self):
        for f in REQUIRED:
            with self.subTest(field=f):
                token = self.incomplete
                body = self.server.valid_profile()
                del body[f]
                r = self.api('PUT', '/profile', body, token=token)
                self.assertError(r, 422, 'validation-failed', [f])

    def test_each_required_field_null_or_blank(self):
        for f in REQUIRED:
            for value in (None, '', '   '):
                with self.subTest(field=f, value=value):
                    # once complete, a name left out or null means "unchanged" (names are
                    # read-only); a blank one is a different value: 422
                    self.rejects(f, only_incomplete=value is None and f.endswith('_name'),
                                 **{f: value})

    def test_all_missing_in_one_answer(self):
        r = self.api('PUT', '/profile', {}, token=self.incomplete)
        err = self.assertError(r, 422, 'validation-failed', list(REQUIRED))
        self.assertTrue({'phone_mobile', 'phone_other'} & set(err['fields']), err)

    def test_civility(self):
        for bad in ('Mlle', 'm', 'MME', 'Mr', 'M.', 'X'):
            with self.subTest(civility=bad):
                self.rejects('civility', civility=bad)
        for good in ('M', 'Mme'):
            with self.subTest(civility=good):
                self.assertEqual(self.accepts(civility=good)['civility'], good)

    def test_birth_date_future(self):
        tomorrow = (h.paris_today() + datetime.timedelta(days=1)).isoformat()
        self.rejects('birth_date', birth_date=tomorrow)
        self.rejects('birth_date', birth_date='2999-01-01')

    def test_birth_date_age_17(self):
        self.rejects('birth_date', birth_date=years_ago(17))
        self.rejects('birth_date', birth_date=years_ago(18, days=1))

    def test_birth_date_age_18_ok(self):
        self.assertEqual(self.accepts(birth_date=years_ago(18))['birth_date'], years_ago(18))

    def test_birth_date_age_120_ok(self):
        self.accepts(birth_date=years_ago(120, days=-30))

    def test_birth_date_age_121(self):
        self.rejects('birth_date', birth_date=years_ago(121))
        self.rejects('birth_date', birth_date=years_ago(125))

    def test_birth_date_not_a_date(self):
        for bad in ('hier', '1985-13-01', '1985-02-30', '1985/04/12', '12/04/1985', '1985-4-12',
                    '19850412', '1985-04-12T00:00:00'):
            with self.subTest(birth_date=bad):
                self.rejects('birth_date', birth_date=bad)

    def test_postal_code(self):
        for bad in ('7500', '750041', '75OO4', 'ABCDE', '75 004', '-7500'):
            with self.subTest(postal_code=bad):
                self.rejects('postal_code', postal_code=bad)
        for good in ('75004', '93100', '01000'):
            with self.subTest(postal_code=good):
                self.assertEqual(self.accepts(postal_code=good)['postal_code'], good)

    def test_no_phone_at_all(self):
        for mobile, other in ((None, None), ('', ''), (None, '')):
            with self.subTest(mobile=mobile, other=other):
                r = self.put(self.incomplete, phone_mobile=mobile, phone_other=other)
                err = self.assertError(r, 422, 'validation-failed')
                self.assertTrue({'phone_mobile', 'phone_other'} & set(err.get('fields', {})),
                                err)
                self.assertTrue(set(err['fields']) <= {'phone_mobile', 'phone_other'}, err)

    def test_bad_phones(self):
        for bad in ('12345', '06 12 34 56', '06123456789', '6123456789', '+33 06 12 34 56 78',
                    '+44 6 12 34 56 78', '06 12 34 56 7a', '+336123456', '06_12_34_56_78',
                    '0612345678 ext 2'):
            with self.subTest(phone=bad):
                self.rejects('phone_mobile', phone_mobile=bad)
                self.rejects('phone_other', phone_mobile=None, phone_other=bad)

    def test_bad_other_phone_with_good_mobile(self):
        self.rejects('phone_other', phone_other='123')

    def test_valid_phone_forms(self):
        for good in ('06 12 34 56 78', '+33 6 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78',
                     '0612345678', '+33612345678', '01 42 76 40 40'):
            with self.subTest(phone=good):
                self.accepts(phone_mobile=good)
                self.accepts(phone_mobile=None, phone_other=good)

    def test_heard_from_not_in_catalogue(self):
        self.rejects('heard_from', heard_from='not-an-option')

    def test_every_heard_from_option_ok(self):
        for opt in self.server.catalogue_meta()['heard_from_options']:
            with self.subTest(heard_from=opt['id']):
                self.assertEqual(self.accepts(heard_from=opt['id'])['heard_from'], opt['id'])

    def test_creation_mail_once(self):
        email_addr, token = self.fresh()
        self.assertStatus(self.put(token, city='Paris'), 200)
        mail = self.server.wait_mail(email_addr, h.PROFILE_SUBJECT)
        self.assertEqual(h.norm_quotes(mail.subject), h.PROFILE_SUBJECT)
        self.assertEqual(mail.from_addr, 'no-reply@paris.fr')
        self.assertStatus(self.put(token, city='Montreuil', postal_code='93100'), 200)
        self.assertStatus(self.put(token, address='1 place de l’Hôtel de Ville'), 200)
        time.sleep(0.3)
        self.assertEqual(len(self.server.mails_to(email_addr, h.PROFILE_SUBJECT)), 1)

    def test_no_creation_mail_on_failed_save(self):
        email_addr, token = self.fresh()
        self.assertError(self.put(token, postal_code='1'), 422, 'validation-failed')
        time.sleep(0.3)
        self.assertEqual(self.server.mails_to(email_addr, h.PROFILE_SUBJECT), [])

    def test_names_read_only_after_completion(self):
        _, token = self.fresh()
        self.assertStatus(self.put(token), 200)
        r = self.put(token, last_name='Martin')
        err = self.assertError(r, 422, 'validation-failed', ['last_name'])
        self.assertEqual(set(err['fields']), {'last_name'})
        r = self.put(token, first_name='Paul')
        err = self.assertError(r, 422, 'validation-failed', ['first_name'])
        self.assertEqual(set(err['fields']), {'first_name'})
        r = self.put(token, last_name='Martin', first_name='Paul')
        self.assertError(r, 422, 'validation-failed', ['last_name', 'first_name'])
        body = self.api('GET', '/profile', token=token).body
        self.assertEqual((body['last_name'], body['first_name']), ('Durand', 'Élise'))

    def test_rejected_name_change_changes_nothing(self):
        _, token = self.fresh()
        self.assertStatus(self.put(token), 200)
        self.assertError(self.put(token, last_name='Martin', city='Lyon', postal_code='69001'),
                         422, 'validation-failed', ['last_name'])
        self.assertEqual(self.api('GET', '/profile', token=token).body['city'], 'Paris')

    def test_names_left_out_after_completion_are_kept(self):
        _, token = self.fresh()
        self.assertStatus(self.put(token), 200)
        body = self.server.valid_profile(city='Montreuil', postal_code='93100')
        del body['last_name']
        body['first_name'] = None
        stored = self.assertStatus(self.api('PUT', '/profile', body, token=token), 200)
        self.assertEqual((stored['last_name'], stored['first_name'], stored['city']),
                         ('Durand', 'Élise', 'Montreuil'))

    def test_same_names_ok_after_completion(self):
        _, token = self.fresh()
        self.assertStatus(self.put(token), 200)
        self.assertStatus(self.put(token, city='Vincennes', postal_code='94300'), 200)

    def test_names_editable_before_completion(self):
        _, token = self.fresh()
        self.assertError(self.put(token, last_name='Martin', postal_code='1'), 422,
                         'validation-failed', ['postal_code'])
        body = self.assertStatus(self.put(token, last_name='Martin', first_name='Paul'), 200)
        self.assertEqual((body['last_name'], body['first_name']), ('Martin', 'Paul'))

    def test_other_fields_editable_later(self):
        _, token = self.fresh()
        self.assertStatus(self.put(token), 200)
        options = self.server.catalogue_meta()['heard_from_options']
        changes = dict(civility='M', birth_date='1970-01-31', birth_country='Belgique',
                       address='5 avenue Foch', postal_code='75016', city='Paris 16e',
                       phone_mobile=None, phone_other='01 42 76 40 40',
                       heard_from=options[-1]['id'])
        body = self.assertStatus(self.put(token, **changes), 200)
        for k, v in changes.items():
            if k.startswith('phone'):
                continue
            self.assertEqual(body[k], v, k)
        self.assertIsNone(body['phone_mobile'])
        self.assertTrue(body['phone_other'])
        self.assertIs(body['complete'], True)
        self.assertEqual(self.api('GET', '/profile', token=token).body, body)

    def test_invalid_later_edit_keeps_profile(self):
        _, token = self.fresh()
        stored = self.assertStatus(self.put(token), 200)
        self.assertError(self.put(token, phone_mobile='12'), 422, 'validation-failed',
                         ['phone_mobile'])
        self.assertEqual(self.api('GET', '/profile', token=token).body, stored)

    def test_utf8_values_round_trip(self):
        body = self.accepts(birth_country='Côte d’Ivoire', address='3 rue de l’Œuvre, bât. B',
                            city='Saint-Maur-des-Fossés')
        self.assertEqual(body['birth_country'], 'Côte d’Ivoire')
        self.assertEqual(body['address'], '3 rue de l’Œuvre, bât. B')
        self.assertEqual(body['city'], 'Saint-Maur-des-Fossés')

    def test_too_long_values(self):
        self.rejects('city', city='x' * 201)
        self.rejects('address', address='x' * 301)

    def test_profile_needs_token(self):
        self.assertError(self.api('GET', '/profile'), 401, 'unauthorized')
        self.assertError(self.api('PUT', '/profile', self.server.valid_profile()),
                         401, 'unauthorized')


if __name__ == '__main__':
    h.main()
