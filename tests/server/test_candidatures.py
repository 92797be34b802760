#!/usr/bin/python3
# "Mes candidatures et paiements": preselect, confirm, delete, cancel, the 409 rules,
# ownership and the back-office commands.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402

ITEM_KEYS = {'id', 'status', 'reason', 'course', 'session', 'amount_due_cents', 'can_cancel',
             'created_at', 'updated_at', 'convocation'}


class CandidatureTest(h.CatalogueTestCase):
    def user(self, profile=True):
        return self.server.new_user(profile)

    def sessions(self, n, **kw):
        return self.server.catalogue().pick_sessions(n, **kw)

    def get(self, user, cid):
        c = self.server.candidature(user.token, cid)
        self.assertIsNotNone(c, 'candidature %s not listed' % cid)
        return c

    def status_of(self, user, cid):
        return self.get(user, cid)['status']

    def post(self, user, cid, action, body=None):
        return self.api('POST', '/candidatures/%s/%s' % (cid, action),
                        {} if body is None else body, token=user.token)


class Preselect(CandidatureTest):
    user_pool = 18

    def test_profile_incomplete(self):
        u = self.user(profile=False)
        (sheet, s), = self.sessions(1)
        self.assertError(self.server.preselect(u.token, s['id']), 403, 'profile-incomplete')
        self.assertEqual(self.server.candidatures(u.token)['items'], [])

    def test_profile_checked_before_period(self):
        u = self.user(profile=False)
        closed = self.cat.courses_in('closed')[0]
        r = self.server.preselect(u.token, closed['sessions'][0]['id'])
        self.assertError(r, 403, 'profile-incomplete')

    def test_preselect_201_shape(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        r = self.server.preselect(u.token, s['id'])
        c = self.assertStatus(r, 201)
        self.assertHasKeys(c, ITEM_KEYS)
        self.assertEqual(c['status'], 'preselected')
        self.assertEqual(c['course'], {'id': sheet['id'], 'title': sheet['title']})
        self.assertEqual(c['session'], s)
        self.assertIsNone(c['reason'])
        self.assertIsNone(c['convocation'])
        self.assertIs(c['can_cancel'], False)
        self.assertIsInstance(c['amount_due_cents'], int)
        h.parse_iso(c['created_at'])
        h.parse_iso(c['updated_at'])
        listed = self.server.candidatures(u.token)
        self.assertEqual(listed['items'], [c])
        self.assertEqual(listed['active_count'], 0)
        self.assertEqual(listed['max_active'], 3)
        self.assertHasKeys(listed, {'active_count', 'max_active', 'items'})

    def test_list_empty(self):
        u = self.user()
        listed = self.server.candidatures(u.token)
        self.assertEqual((listed['active_count'], listed['max_active'], listed['items']),
                         (0, 3, []))

    def test_unknown_session(self):
        u = self.user()
        self.assertError(self.server.preselect(u.token, 'no-such-session'), 404, 'not-found')

    def test_missing_session_id(self):
        u = self.user()
        r = self.api('POST', '/candidatures', {}, token=u.token)
        self.assertIn(r.status, (400, 422), repr(r))
        self.assertIsInstance(r.body, dict, repr(r))

    def test_period_closed_course(self):
        u = self.user()
        closed = self.cat.courses_in('closed')
        self.assertTrue(closed, 'no course in a closed period')
        self.assertError(self.server.preselect(u.token, closed[0]['sessions'][0]['id']),
                         409, 'period-closed')

    def test_period_upcoming_course(self):
        u = self.user()
        upcoming = self.cat.courses_in('upcoming')
        self.assertTrue(upcoming, 'no course in an upcoming period')
        self.assertError(self.server.preselect(u.token, upcoming[0]['sessions'][0]['id']),
                         409, 'period-closed')

    def test_one_per_sheet_same_session(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        self.assertStatus(self.server.preselect(u.token, s['id']), 201)
        # the same session also overlaps itself: the sheet rule is checked first
        self.assertError(self.server.preselect(u.token, s['id']), 409,
                         'already-preselected-for-course')
        self.assertEqual(len(self.server.candidatures(u.token)['items']), 1)

    def test_one_per_sheet_other_session(self):
        u = self.user()
        sheet = [c for c in self.cat.open_courses() if len(c['sessions']) >= 2][0]
        self.assertStatus(self.server.preselect(u.token, sheet['sessions'][0]['id']), 201)
        self.assertError(self.server.preselect(u.token, sheet['sessions'][1]['id']), 409,
                         'already-preselected-for-course')

    def test_one_per_sheet_applies_to_active(self):
        u = self.user()
        sheet = [c for c in self.cat.open_courses() if len(c['sessions']) >= 2][0]
        self.server.pending(u.token, sheet, sheet['sessions'][0])
        self.assertError(self.server.preselect(u.token, sheet['sessions'][1]['id']), 409,
                         'already-preselected-for-course')

    def test_time_conflict(self):
        u = self.user()
        (sa, a), (sb, b) = self.cat.conflicting_pair()
        self.assertStatus(self.server.preselect(u.token, a['id']), 201)
        self.assertError(self.server.preselect(u.token, b['id']), 409, 'time-conflict')

    def test_time_conflict_with_active(self):
        u = self.user()
        (sa, a), (sb, b) = self.cat.conflicting_pair()
        self.server.pending(u.token, sa, a)
        self.assertError(self.server.preselect(u.token, b['id']), 409, 'time-conflict')

    def test_adjacent_hours_do_not_conflict(self):
        sessions = [(sheet, s) for sheet in self.cat.open_courses() for s in sheet['sessions']]
        pair = None
        for sa, a in sessions:
            for sb, b in sessions:
                if (sa['id'] != sb['id'] and a['day'] == b['day'] and a['end'] == b['start']):
                    pair = (a, b)
                    break
            if pair:
                break
        if pair is None:
            self.skipTest('no two open sessions meet end to start')
        u = self.user()
        self.assertStatus(self.server.preselect(u.token, pair[0]['id']), 201)
        self.assertStatus(self.server.preselect(u.token, pair[1]['id']), 201)

    def test_same_hours_other_day_ok(self):
        sessions = [(sheet, s) for sheet in self.cat.open_courses() for s in sheet['sessions']]
        for sa, a in sessions:
            for sb, b in sessions:
                if (sa['id'] != sb['id'] and a['day'] != b['day'] and a['start'] == b['start']):
                    u = self.user()
                    self.assertStatus(self.server.preselect(u.token, a['id']), 201)
                    self.assertStatus(self.server.preselect(u.token, b['id']), 201)
                    return
        self.skipTest('no pair')

    def test_delete(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.preselected(u.token, sheet, s)
        r = self.api('DELETE', '/candidatures/%s' % c['id'], token=u.token)
        self.assertStatus(r, 204)
        self.assertEqual(r.raw, b'')
        self.assertEqual(self.server.candidatures(u.token)['items'], [])
        self.assertError(self.api('DELETE', '/candidatures/%s' % c['id'], token=u.token),
                         404, 'not-found')
        # the sheet is free again
        self.assertStatus(self.server.preselect(u.token, s['id']), 201)

    def test_delete_frees_the_hours(self):
        u = self.user()
        (sa, a), (sb, b) = self.cat.conflicting_pair()
        c = self.server.preselected(u.token, sa, a)
        self.assertStatus(self.api('DELETE', '/candidatures/%s' % c['id'], token=u.token), 204)
        self.assertStatus(self.server.preselect(u.token, b['id']), 201)

    def test_not_deletable_pending(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.assertError(self.api('DELETE', '/candidatures/%s' % c['id'], token=u.token),
                         409, 'not-deletable')
        self.assertEqual(self.status_of(u, c['id']), 'pending')

    def test_not_deletable_cancelled(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.assertStatus(self.post(u, c['id'], 'cancel'), 200)
        self.assertError(self.api('DELETE', '/candidatures/%s' % c['id'], token=u.token),
                         409, 'not-deletable')

    def test_unknown_candidature(self):
        u = self.user()
        self.assertError(self.api('DELETE', '/candidatures/999999', token=u.token),
                         404, 'not-found')
        for action in ('confirm', 'cancel', 'payment'):
            with self.subTest(action=action):
                self.assertError(self.post(u, '999999', action, {'answers': {}}),
                                 404, 'not-found')


class Confirm(CandidatureTest):
    user_pool = 14

    def form_sheet(self, predicate):
        for sheet in self.cat.open_courses():
            for q in sheet['candidature_form']:
                if predicate(q):
                    return sheet, q
        self.skipTest('no open course with such a question')

    def preselected_for(self, sheet):
        u = self.user()
        s = sheet['sessions'][0]
        return u, self.server.preselected(u.token, sheet, s)

    def test_confirm_200_pending(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.preselected(u.token, sheet, s)
        r = self.server.confirm(u.token, c['id'], h.valid_answers(sheet['candidature_form']))
        body = self.assertStatus(r, 200)
        self.assertEqual(body['status'], 'pending')
        self.assertEqual(body['id'], c['id'])
        self.assertIs(body['can_cancel'], True)
        listed = self.server.candidatures(u.token)
        self.assertEqual(listed['active_count'], 1)
        self.assertEqual(listed['items'], [body])

    def test_confirmation_mail(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        before = len(self.server.mails_to(u.email))
        self.server.pending(u.token, sheet, s)
        mail = self.server.wait_mail(u.email, count=before + 1)
        self.assertEqual(mail.from_addr, 'no-reply@paris.fr')
        self.assertIn(h.norm_quotes(sheet['title']),
                      h.norm_quotes(mail.subject + '\n' + mail.body))
        time.sleep(0.2)
        self.assertEqual(len(self.server.mails_to(u.email)), before + 1)

    def test_no_mail_on_failed_confirm(self):
        sheet, q = self.form_sheet(lambda q: q['required'])
        u, c = self.preselected_for(sheet)
        before = len(self.server.mails_to(u.email))
        self.assertError(self.server.confirm(u.token, c['id'], {}), 422, 'validation-failed')
        time.sleep(0.2)
        self.assertEqual(len(self.server.mails_to(u.email)), before)

    def test_missing_required_answer(self):
        sheet, q = self.form_sheet(lambda q: q['required'])
        u, c = self.preselected_for(sheet)
        answers = h.valid_answers(sheet['candidature_form'])
        del answers[q['id']]
        err = self.assertError(self.server.confirm(u.token, c['id'], answers), 422,
                               'validation-failed', [q['id']])
        self.assertEqual(set(err['fields']), {q['id']})
        self.assertEqual(self.status_of(u, c['id']), 'preselected')

    def test_optional_answer_may_be_left_out(self):
        sheet, q = self.form_sheet(lambda q: not q['required'])
        u, c = self.preselected_for(sheet)
        answers = h.valid_answers(sheet['candidature_form'])
        del answers[q['id']]
        self.assertEqual(self.assertStatus(self.server.confirm(u.token, c['id'], answers), 200)
                         ['status'], 'pending')

    def test_wrong_choice(self):
        sheet, q = self.form_sheet(lambda q: q['type'] == 'choice')
        u, c = self.preselected_for(sheet)
        answers = h.valid_answers(sheet['candidature_form'])
        for bad in ('Pas un choix', q['choices'][0].upper() + 'x', ''):
            with self.subTest(answer=bad):
                answers[q['id']] = bad
                self.assertError(self.server.confirm(u.token, c['id'], answers), 422,
                                 'validation-failed', [q['id']])

    def test_every_choice_accepted(self):
        sheet, q = self.form_sheet(lambda q: q['type'] == 'choice' and len(q['choices']) > 1)
        answers = h.valid_answers(sheet['candidature_form'])
        answers[q['id']] = q['choices'][-1]
        u, c = self.preselected_for(sheet)
        self.assertStatus(self.server.confirm(u.token, c['id'], answers), 200)

    def test_wrong_types(self):
        for qtype, bads in (('boolean', ('oui', 1, None)), ('text', (42, True, ['a'])),
                            ('choice', (True, ['x'], 0))):
            sheet, q = self.form_sheet(lambda q: q['type'] == qtype)
            u, c = self.preselected_for(sheet)
            for bad in bads:
                with self.subTest(type=qtype, answer=bad):
                    answers = h.valid_answers(sheet['candidature_form'])
                    answers[q['id']] = bad
                    if bad is None and not q['required']:
                        continue
                    self.assertError(self.server.confirm(u.token, c['id'], answers), 422,
                                     'validation-failed', [q['id']])
            self.assertEqual(self.status_of(u, c['id']), 'preselected')

    def test_boolean_false_is_an_answer(self):
        sheet, q = self.form_sheet(lambda q: q['type'] == 'boolean' and q['required'])
        u, c = self.preselected_for(sheet)
        answers = h.valid_answers(sheet['candidature_form'])
        answers[q['id']] = False
        self.assertStatus(self.server.confirm(u.token, c['id'], answers), 200)

    def test_required_text_blank(self):
        sheet, q = self.form_sheet(lambda q: q['type'] == 'text' and q['required'])
        u, c = self.preselected_for(sheet)
        answers = h.valid_answers(sheet['candidature_form'])
        answers[q['id']] = '   '
        self.assertError(self.server.confirm(u.token, c['id'], answers), 422,
                         'validation-failed', [q['id']])

    def test_answers_not_an_object(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.preselected(u.token, sheet, s)
        for bad in ('oui', [1, 2], 3):
            with self.subTest(answers=bad):
                r = self.post(u, c['id'], 'confirm', {'answers': bad})
                self.assertError(r, 400, 'invalid-request')

    def test_confirm_twice(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        r = self.server.confirm(u.token, c['id'], h.valid_answers(sheet['candidature_form']))
        self.assertEqual(r.status, 409, repr(r))
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 1)

    def test_too_many_active(self):
        u = self.user()
        picks = self.sessions(4)
        cs = [self.server.preselected(u.token, sheet, s) for sheet, s in picks]
        for (sheet, s), c in zip(picks[:3], cs[:3]):
            self.assertStatus(self.server.confirm(u.token, c['id'],
                                                  h.valid_answers(sheet['candidature_form'])), 200)
        sheet4 = picks[3][0]
        r = self.server.confirm(u.token, cs[3]['id'], h.valid_answers(sheet4['candidature_form']))
        self.assertError(r, 409, 'too-many-active')
        listed = self.server.candidatures(u.token)
        self.assertEqual(listed['active_count'], 3)
        self.assertEqual(self.status_of(u, cs[3]['id']), 'preselected')
        # cancelling one frees a place
        r = self.post(u, cs[0]['id'], 'cancel')
        self.assertEqual(self.assertStatus(r, 200)['status'], 'cancelled')
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 2)
        r = self.server.confirm(u.token, cs[3]['id'], h.valid_answers(sheet4['candidature_form']))
        self.assertEqual(self.assertStatus(r, 200)['status'], 'pending')
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 3)

    def test_refused_frees_a_place(self):
        u = self.user()
        picks = self.sessions(4)
        cs = [self.server.pending(u.token, sheet, s) for sheet, s in picks[:3]]
        self.server.admin_ok('refuse', cs[1]['id'], '--reason', 'no-seats')
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 2)
        self.server.pending(u.token, *picks[3])

    def test_preselected_are_not_limited(self):
        u = self.user()
        picks = self.sessions(5)
        for sheet, s in picks:
            self.server.preselected(u.token, sheet, s)
        listed = self.server.candidatures(u.token)
        self.assertEqual(len(listed['items']), 5)
        self.assertEqual(listed['active_count'], 0)


class Cancel(CandidatureTest):
    user_pool = 7

    def test_cancel_pending(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        r = self.post(u, c['id'], 'cancel')
        body = self.assertStatus(r, 200)
        self.assertEqual(body['status'], 'cancelled')
        self.assertIs(body['can_cancel'], False)
        self.assertEqual(self.get(u, c['id']), body)
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 0)

    def test_cancel_frees_sheet_and_hours(self):
        u = self.user()
        (sa, a), (sb, b) = self.cat.conflicting_pair()
        c = self.server.pending(u.token, sa, a)
        self.assertStatus(self.post(u, c['id'], 'cancel'), 200)
        again = self.assertStatus(self.server.preselect(u.token, a['id']), 201)
        self.assertNotEqual(again['id'], c['id'])
        self.assertStatus(self.api('DELETE', '/candidatures/%s' % again['id'], token=u.token),
                          204)
        self.assertStatus(self.server.preselect(u.token, b['id']), 201)

    def test_cancel_convoked_and_awaiting_payment(self):
        u = self.user()
        picks = self.sessions(2)
        c1 = self.server.pending(u.token, *picks[0])
        self.server.admin_ok('convoke', c1['id'], '--at', '2030-01-15T18:00:00+01:00',
                             '--place', 'Salle 12')
        self.assertIs(self.get(u, c1['id'])['can_cancel'], True)
        self.assertEqual(self.assertStatus(self.post(u, c1['id'], 'cancel'), 200)['status'],
                         'cancelled')
        c2 = self.server.awaiting_payment(u.token, *picks[1])
        self.assertIs(c2['can_cancel'], True)
        self.assertEqual(self.assertStatus(self.post(u, c2['id'], 'cancel'), 200)['status'],
                         'cancelled')

    def test_not_cancellable_preselected(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.preselected(u.token, sheet, s)
        self.assertError(self.post(u, c['id'], 'cancel'), 409, 'not-cancellable')
        self.assertEqual(self.status_of(u, c['id']), 'preselected')

    def test_not_cancellable_cancelled_or_refused(self):
        u = self.user()
        picks = self.sessions(2)
        c1 = self.server.pending(u.token, *picks[0])
        self.assertStatus(self.post(u, c1['id'], 'cancel'), 200)
        self.assertError(self.post(u, c1['id'], 'cancel'), 409, 'not-cancellable')
        c2 = self.server.pending(u.token, *picks[1])
        self.server.admin_ok('refuse', c2['id'], '--reason', 'no-seats')
        self.assertError(self.post(u, c2['id'], 'cancel'), 409, 'not-cancellable')

    def test_not_payable(self):
        u = self.user()
        picks = self.sessions(3)
        pre = self.server.preselected(u.token, *picks[0])
        pend = self.server.pending(u.token, *picks[1])
        conv = self.server.pending(u.token, *picks[2])
        self.server.admin_ok('convoke', conv['id'], '--at', '2030-01-15T18:00:00+01:00',
                             '--place', 'Salle 3')
        for c in (pre, pend, conv):
            with self.subTest(status=self.status_of(u, c['id'])):
                self.assertError(self.post(u, c['id'], 'payment'), 409, 'not-payable')
        self.assertStatus(self.post(u, pend['id'], 'cancel'), 200)
        self.assertError(self.post(u, pend['id'], 'payment'), 409, 'not-payable')

    def test_confirm_cancelled(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.assertStatus(self.post(u, c['id'], 'cancel'), 200)
        r = self.server.confirm(u.token, c['id'], h.valid_answers(sheet['candidature_form']))
        self.assertEqual(r.status, 409, repr(r))


class Ownership(CandidatureTest):
    user_pool = 8

    def test_other_persons_candidature_is_404(self):
        a, b = self.user(), self.user()
        picks = self.sessions(2)
        pre = self.server.preselected(a.token, *picks[0])
        pend = self.server.pending(a.token, *picks[1])
        for c in (pre, pend):
            with self.subTest(cid=c['id']):
                self.assertError(self.api('DELETE', '/candidatures/%s' % c['id'],
                                          token=b.token), 404, 'not-found')
                self.assertError(self.server.confirm(b.token, c['id'],
                                                     h.valid_answers(picks[0][0]
                                                                     ['candidature_form'])),
                                 404, 'not-found')
                self.assertError(self.post(b, c['id'], 'cancel'), 404, 'not-found')
                self.assertError(self.post(b, c['id'], 'payment'), 404, 'not-found')
        self.assertEqual(self.server.candidatures(b.token)['items'], [])
        self.assertEqual(self.status_of(a, pre['id']), 'preselected')
        self.assertEqual(self.status_of(a, pend['id']), 'pending')

    def test_other_persons_awaiting_payment_is_404(self):
        a, b = self.user(), self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.awaiting_payment(a.token, sheet, s)
        self.assertError(self.post(b, c['id'], 'payment'), 404, 'not-found')
        self.assertError(self.post(b, c['id'], 'cancel'), 404, 'not-found')

    def test_lists_are_separate(self):
        a, b = self.user(), self.user()
        (sheet, s), = self.sessions(1)
        ca = self.server.preselected(a.token, sheet, s)
        cb = self.server.preselected(b.token, sheet, s)
        self.assertNotEqual(ca['id'], cb['id'])
        self.assertEqual([c['id'] for c in self.server.candidatures(a.token)['items']],
                         [ca['id']])
        self.assertEqual([c['id'] for c in self.server.candidatures(b.token)['items']],
                         [cb['id']])

    def test_rules_are_per_person(self):
        a, b = self.user(), self.user()
        (sa, x), (sb, y) = self.cat.conflicting_pair()
        self.server.preselected(a.token, sa, x)
        self.assertStatus(self.server.preselect(b.token, y['id']), 201)


class Admin(CandidatureTest):
    user_pool = 10

    def test_convoke(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.server.admin_ok('convoke', c['id'], '--at', '2030-01-15T18:30:00+01:00',
                             '--place', 'Lycée Voltaire, salle 12')
        got = self.get(u, c['id'])
        self.assertEqual(got['status'], 'convoked')
        self.assertHasKeys(got['convocation'], {'at', 'place'})
        self.assertEqual(h.parse_iso(got['convocation']['at']),
                         h.parse_iso('2030-01-15T18:30:00+01:00'))
        self.assertEqual(got['convocation']['place'], 'Lycée Voltaire, salle 12')
        self.assertIs(got['can_cancel'], True)
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 1)

    def test_accept_from_convoked(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.server.admin_ok('convoke', c['id'], '--at', '2030-01-15T18:30:00+01:00',
                             '--place', 'Salle 1')
        self.server.admin_ok('accept', c['id'])
        got = self.get(u, c['id'])
        self.assertEqual(got['status'], 'awaiting-payment')
        self.assertEqual(got['amount_due_cents'], sheet['fee_cents'])
        self.assertIs(got['can_cancel'], True)
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 1)

    def test_accept_from_pending(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.awaiting_payment(u.token, sheet, s)
        self.assertEqual(c['status'], 'awaiting-payment')
        self.assertEqual(c['amount_due_cents'], sheet['fee_cents'])

    def test_refuse_no_seats(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.server.admin_ok('refuse', c['id'], '--reason', 'no-seats')
        got = self.get(u, c['id'])
        self.assertEqual(got['status'], 'refused')
        self.assertEqual(got['reason'], 'no-seats')
        self.assertIs(got['can_cancel'], False)
        self.assertEqual(self.server.candidatures(u.token)['active_count'], 0)

    def test_refused_frees_the_sheet(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.server.admin_ok('refuse', c['id'], '--reason', 'no-seats')
        self.assertStatus(self.server.preselect(u.token, s['id']), 201)

    def test_admin_lists_candidatures(self):
        u = self.user()
        picks = self.sessions(2)
        pre = self.server.preselected(u.token, *picks[0])
        pend = self.server.pending(u.token, *picks[1])
        statuses = self.server.admin_statuses()
        self.assertEqual(statuses.get(str(pre['id'])), 'preselected', statuses)
        self.assertEqual(statuses.get(str(pend['id'])), 'pending', statuses)
        only = self.server.admin_statuses('--status', 'pending')
        self.assertIn(str(pend['id']), only)
        self.assertNotIn(str(pre['id']), only)
        self.assertTrue(all(v == 'pending' for v in only.values()), only)

    def test_admin_wrong_transitions(self):
        u = self.user()
        picks = self.sessions(2)
        pre = self.server.preselected(u.token, *picks[0])
        for args in (('accept', pre['id']),
                     ('convoke', pre['id'], '--at', '2030-01-15T18:30:00+01:00',
                      '--place', 'X'),
                     ('refuse', pre['id'], '--reason', 'no-seats')):
            with self.subTest(args=args):
                p = self.server.admin(*args)
                self.assertNotEqual(p.returncode, 0, p)
                self.assertTrue(p.stderr.strip(), p)
        self.assertEqual(self.status_of(u, pre['id']), 'preselected')
        pend = self.server.pending(u.token, *picks[1])
        self.assertStatus(self.post(u, pend['id'], 'cancel'), 200)
        p = self.server.admin('accept', pend['id'])
        self.assertNotEqual(p.returncode, 0, p)
        self.assertEqual(self.status_of(u, pend['id']), 'cancelled')

    def test_admin_usage_errors(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        cid = str(c['id'])
        cases = [
            (),
            ('no-such-command',),
            ('candidatures', '--status', 'nonsense'),
            ('convoke', cid),
            ('convoke', cid, '--place', 'Salle'),
            ('convoke', cid, '--at', 'demain', '--place', 'Salle'),
            ('convoke', cid, '--at', '2030-01-15T18:30:00+01:00'),
            ('accept',),
            ('accept', '999999'),
            ('refuse', cid),
            ('close-period', 'no-such-period'),
            ('open-period',),
            ('import-catalogue', '/nonexistent/file.json'),
        ]
        for args in cases:
            with self.subTest(args=args):
                p = self.server.admin(*args)
                self.assertNotEqual(p.returncode, 0, p)
                self.assertTrue(p.stderr.strip(), p)
        self.assertEqual(self.status_of(u, cid), 'pending')
        p = subprocess_run([h.admin_bin()])
        self.assertNotEqual(p.returncode, 0, p)

    def test_admin_while_server_writes(self):
        u = self.user()
        picks = self.sessions(3)
        cs = [self.server.pending(u.token, *p) for p in picks]
        for c in cs:
            self.server.admin_ok('accept', c['id'])
        self.assertEqual([self.status_of(u, c['id']) for c in cs], ['awaiting-payment'] * 3)

    def test_updated_at_moves(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.preselected(u.token, sheet, s)
        time.sleep(1.1)
        c2 = self.server.confirm(u.token, c['id'],
                                 h.valid_answers(sheet['candidature_form'])).body
        self.assertEqual(c2['created_at'], c['created_at'])
        self.assertGreater(h.parse_iso(c2['updated_at']), h.parse_iso(c['updated_at']))


def subprocess_run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)


class PeriodClosing(CandidatureTest):
    """Closes the open period with the back office; each test reopens it."""
    user_pool = 6


    def setUp(self):
        self.pid = self.cat.open_period()['id']

    def close(self):
        self.server.admin_ok('close-period', self.pid)
        self.addCleanup(self.server.admin_ok, 'open-period', self.pid)

    def test_preselect_after_close(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        self.close()
        self.assertError(self.server.preselect(u.token, s['id']), 409, 'period-closed')
        r = self.api('GET', '/courses/' + sheet['id'])
        self.assertIs(r.body['open'], False)
        self.assertIs(r.body['period']['open'], False)

    def test_period_checked_before_sheet(self):
        u = self.user()
        sheet = [c for c in self.cat.open_courses() if len(c['sessions']) >= 2][0]
        self.server.preselected(u.token, sheet, sheet['sessions'][0])
        self.close()
        self.assertError(self.server.preselect(u.token, sheet['sessions'][1]['id']), 409,
                         'period-closed')
        self.assertError(self.server.preselect(u.token, sheet['sessions'][0]['id']), 409,
                         'period-closed')

    def test_confirm_after_close(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.preselected(u.token, sheet, s)
        self.close()
        r = self.server.confirm(u.token, c['id'], h.valid_answers(sheet['candidature_form']))
        self.assertError(r, 409, 'period-closed')
        self.assertEqual(self.status_of(u, c['id']), 'preselected')

    def test_cancel_after_close(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.pending(u.token, sheet, s)
        self.assertIs(self.get(u, c['id'])['can_cancel'], True)
        self.close()
        self.assertIs(self.get(u, c['id'])['can_cancel'], False)
        self.assertError(self.post(u, c['id'], 'cancel'), 409, 'period-closed')
        self.assertEqual(self.status_of(u, c['id']), 'pending')

    def test_reopen(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        self.server.admin_ok('close-period', self.pid)
        self.server.admin_ok('open-period', self.pid)
        c = self.server.pending(u.token, sheet, s)
        self.assertStatus(self.post(u, c['id'], 'cancel'), 200)

    def test_payment_still_possible_after_close(self):
        u = self.user()
        (sheet, s), = self.sessions(1)
        c = self.server.awaiting_payment(u.token, sheet, s)
        self.close()
        self.assertStatus(self.post(u, c['id'], 'payment'), 201)


if __name__ == '__main__':
    h.main()
