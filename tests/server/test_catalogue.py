#!/usr/bin/python3
# The catalogue and the course search: shapes, counts, filters checked against every sheet.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caharness as h  # noqa: E402

SESSION_KEYS = ('rhythm', 'mode', 'day', 'slot', 'arrondissement', 'establishment')
HHMM = re.compile(r'^([01]\d|2[0-3]):[0-5]\d$')


def session_value(s, key):
    if key == 'arrondissement':
        return str(s['establishment']['arrondissement'])
    if key == 'establishment':
        return s['establishment']['id']
    return s[key]


def expected_search(cat, pairs):
    """What /courses must answer for @pairs, computed from the sheets: [(id, matching)]."""
    q = None
    domains = set()
    period = None
    open_only = False
    sfilters = {}
    for k, v in pairs:
        v = str(v)
        if k == 'q':
            q = v
        elif k == 'domain':
            domains.add(v)
        elif k == 'period':
            period = v
        elif k == 'open_only':
            open_only = v == 'true'
        elif k in SESSION_KEYS:
            sfilters.setdefault(k, set()).add(v)
    out = []
    for item in cat.items:
        sheet = cat.sheets[item['id']]
        if q is not None and not h.matches_all_words(sheet['title'], q):
            continue
        if domains and sheet['domain']['id'] not in domains:
            continue
        if period is not None and sheet['period']['id'] != period:
            continue
        if open_only and not sheet['open']:
            continue
        matching = [s for s in sheet['sessions']
                    if all(session_value(s, k) in vals for k, vals in sfilters.items())]
        if sfilters and not matching:
            continue
        out.append((sheet['id'], len(matching)))
    return out


class CatalogueTest(h.CatalogueTestCase):
    def check_search(self, pairs, non_empty=True):
        total, items = self.server.search(pairs)
        expected = expected_search(self.cat, pairs)
        got = [(i['id'], i['matching_sessions']) for i in items]
        self.assertEqual(total, len(items), pairs)
        self.assertEqual(got, expected, 'GET /courses?%s' % urllib.parse.urlencode(pairs))
        if non_empty:
            self.assertTrue(items, pairs)
        return items


class Shape(CatalogueTest):
    def test_catalogue_keys(self):
        self.assertEqual(set(self.cat.meta),
                         {'domains', 'periods', 'rhythms', 'modes', 'slots', 'days',
                          'arrondissements', 'establishments', 'heard_from_options'})

    def test_domains(self):
        counts = {}
        for sheet in self.cat.sheets.values():
            counts[sheet['domain']['id']] = counts.get(sheet['domain']['id'], 0) + 1
        domains = self.cat.meta['domains']
        self.assertTrue(domains)
        for d in domains:
            self.assertHasKeys(d, {'id', 'name', 'course_count'})
            self.assertTrue(d['name'])
            self.assertEqual(d['course_count'], counts.get(d['id'], 0), d)
        self.assertEqual(sum(d['course_count'] for d in domains), self.cat.total)
        self.assertEqual(len({d['id'] for d in domains}), len(domains))

    def test_three_periods(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        states = []
        for p in self.cat.meta['periods']:
            self.assertHasKeys(p, {'id', 'name', 'opens_at', 'closes_at', 'open'})
            opens, closes = h.parse_iso(p['opens_at']), h.parse_iso(p['closes_at'])
            self.assertLess(opens, closes)
            self.assertIs(p['open'], opens <= now < closes, p)
            states.append(self.cat.period_state(p['id']))
        self.assertIn('open', states)
        self.assertIn('closed', states)
        self.assertIn('upcoming', states)

    def test_enumerations(self):
        for key, ids in (('rhythms', h.RHYTHMS), ('modes', h.MODES), ('slots', h.SLOTS),
                         ('days', h.DAYS)):
            with self.subTest(key=key):
                entries = self.cat.meta[key]
                self.assertEqual(sorted(e['id'] for e in entries), sorted(ids))
                for e in entries:
                    self.assertHasKeys(e, {'id', 'name'})
                    self.assertTrue(e['name'].strip())
        self.assertEqual([d['id'] for d in self.cat.meta['days']], list(h.DAYS))

    def test_french_names(self):
        names = {e['id']: e['name'] for e in self.cat.meta['days']}
        self.assertEqual(names['monday'].lower(), 'lundi')
        slots = {e['id']: e['name'].lower() for e in self.cat.meta['slots']}
        self.assertEqual(slots, {'day': 'journée', 'morning': 'matin',
                                 'afternoon': 'après-midi', 'evening': 'soirée'})
        modes = {e['id']: e['name'].lower() for e in self.cat.meta['modes']}
        self.assertEqual(modes['onsite'], 'présentiel')
        self.assertEqual(modes['remote'], 'distanciel')

    def test_arrondissements(self):
        arr = self.cat.meta['arrondissements']
        self.assertEqual([a['number'] for a in arr], list(range(1, 21)))
        self.assertEqual([a['name'] for a in arr],
                         ['1er'] + ['%de' % n for n in range(2, 21)])
        for a in arr:
            self.assertHasKeys(a, {'number', 'name'})

    def test_establishments(self):
        est = self.cat.meta['establishments']
        self.assertTrue(est)
        by_id = {}
        for e in est:
            self.assertHasKeys(e, {'id', 'name', 'address', 'arrondissement'})
            self.assertIn(e['arrondissement'], range(1, 21))
            self.assertTrue(e['name'] and e['address'])
            by_id[e['id']] = e
        self.assertEqual(len(by_id), len(est))
        for sheet in self.cat.sheets.values():
            for s in sheet['sessions']:
                self.assertEqual(s['establishment'], by_id[s['establishment']['id']])

    def test_heard_from_options(self):
        opts = self.cat.meta['heard_from_options']
        self.assertTrue(opts)
        for o in opts:
            self.assertHasKeys(o, {'id', 'name'})
            self.assertTrue(o['id'] and o['name'])

    def test_300_courses_1000_sessions(self):
        self.assertGreaterEqual(self.cat.total, 300)
        self.assertEqual(len(self.cat.items), self.cat.total)
        self.assertEqual(len({i['id'] for i in self.cat.items}), self.cat.total)
        n = sum(len(s['sessions']) for s in self.cat.sheets.values())
        self.assertGreaterEqual(n, 1000)
        ids = [s['id'] for sheet in self.cat.sheets.values() for s in sheet['sessions']]
        self.assertEqual(len(set(ids)), len(ids))

    def test_course_item_shape(self):
        for item in self.cat.items:
            self.assertHasKeys(item, {'id', 'title', 'domain', 'objective', 'period', 'open',
                                         'matching_sessions'}, item)
            self.assertHasKeys(item['domain'], {'id', 'name'})
            self.assertHasKeys(item['period'], {'id', 'name', 'open'})
            self.assertIs(item['open'], item['period']['open'])
            self.assertIs(item['open'], self.cat.periods[item['period']['id']]['open'])
            sheet = self.cat.sheets[item['id']]
            self.assertEqual(item['matching_sessions'], len(sheet['sessions']))
            for k in ('title', 'objective', 'domain', 'open'):
                self.assertEqual(item[k], sheet[k], k)

    def test_sheet_shape(self):
        for sheet in self.cat.sheets.values():
            self.assertHasKeys(sheet, {'id', 'title', 'domain', 'objective', 'audience',
                                          'prerequisites', 'program', 'fee_cents', 'period',
                                          'open', 'candidature_form', 'sessions'}, sheet['id'])
            self.assertIsInstance(sheet['fee_cents'], int)
            self.assertGreaterEqual(sheet['fee_cents'], 0)
            for k in ('title', 'objective', 'audience', 'prerequisites', 'program'):
                self.assertIsInstance(sheet[k], str, k)
            self.assertTrue(sheet['sessions'], sheet['id'])

    def test_candidature_forms(self):
        types = set()
        for sheet in self.cat.sheets.values():
            ids = set()
            for q in sheet['candidature_form']:
                self.assertTrue({'id', 'label', 'type', 'required'} <= set(q), q)
                self.assertIn(q['type'], ('text', 'choice', 'boolean'))
                self.assertIsInstance(q['required'], bool)
                self.assertTrue(q['label'])
                self.assertNotIn(q['id'], ids)
                ids.add(q['id'])
                types.add(q['type'])
                if q['type'] == 'choice':
                    self.assertTrue(q['choices'], q)
                    self.assertTrue(all(isinstance(c, str) for c in q['choices']))
        self.assertEqual(types, {'text', 'choice', 'boolean'})

    def test_sessions_shape_and_slot(self):
        seen = set()
        for sheet in self.cat.sheets.values():
            for s in sheet['sessions']:
                self.assertHasKeys(s, {'id', 'establishment', 'day', 'start', 'end', 'slot',
                                          'mode', 'rhythm', 'seats'}, s)
                self.assertIn(s['day'], h.DAYS)
                self.assertRegex(s['start'], HHMM)
                self.assertRegex(s['end'], HHMM)
                self.assertLess(h.clock(s['start']), h.clock(s['end']), s)
                self.assertEqual(s['slot'], h.slot_from_hours(s['start'], s['end']), s)
                self.assertIn(s['mode'], h.MODES)
                self.assertIn(s['rhythm'], h.RHYTHMS)
                self.assertIsInstance(s['seats'], int)
                seen.add(s['slot'])
        self.assertEqual(seen, set(h.SLOTS))

    def test_unknown_course(self):
        self.assertError(self.api('GET', '/courses/no-such-course'), 404, 'not-found')

    def test_sheet_id_is_exact(self):
        cid = self.cat.items[0]['id']
        self.assertError(self.api('GET', '/courses/' + cid + 'x'), 404, 'not-found')

    def test_catalogue_needs_no_token(self):
        for path in ('/catalogue', '/courses', '/courses/' + self.cat.items[0]['id']):
            with self.subTest(path=path):
                self.assertStatus(self.api('GET', path), 200)
                self.assertStatus(self.api('GET', path, headers={'Authorization': 'Bearer x'}),
                                  200)


class ETag(CatalogueTest):
    def test_etag_present(self):
        r = self.api('GET', '/catalogue')
        self.assertStatus(r, 200)
        self.assertTrue(r.headers.get('ETag'))

    def test_if_none_match_304(self):
        etag = self.api('GET', '/catalogue').headers['ETag']
        r = self.api('GET', '/catalogue', headers={'If-None-Match': etag})
        self.assertEqual(r.status, 304, repr(r))
        self.assertEqual(r.raw, b'')
        self.assertEqual(r.headers.get('ETag'), etag)

    def test_if_none_match_other_200(self):
        r = self.api('GET', '/catalogue', headers={'If-None-Match': '"something-else"'})
        self.assertEqual(self.assertStatus(r, 200), self.api('GET', '/catalogue').body)

    def test_etag_stable(self):
        a = self.api('GET', '/catalogue').headers['ETag']
        b = self.api('GET', '/catalogue').headers['ETag']
        self.assertEqual(a, b)

    def test_etag_changes_with_period_state(self):
        pid = [p for p in self.cat.meta['periods'] if p['open']][0]['id']
        before = self.api('GET', '/catalogue').headers['ETag']
        self.server.admin_ok('close-period', pid)
        try:
            r = self.api('GET', '/catalogue', headers={'If-None-Match': before})
            body = self.assertStatus(r, 200)
            self.assertNotEqual(r.headers['ETag'], before)
            self.assertIs([p for p in body['periods'] if p['id'] == pid][0]['open'], False)
        finally:
            self.server.admin_ok('open-period', pid)
        after = self.api('GET', '/catalogue').body
        self.assertIs([p for p in after['periods'] if p['id'] == pid][0]['open'], True)


class Search(CatalogueTest):
    def accented_words(self):
        words = set()
        for i in self.cat.items:
            for w in re.findall(r'\w+', i['title']):
                if len(w) >= 4 and h.fold(w) != w.lower() and h.fold(w).isalpha():
                    words.add(w)
        return sorted(words)

    def test_no_filter_lists_all(self):
        r = self.api('GET', '/courses')
        body = self.assertStatus(r, 200)
        self.assertHasKeys(body, {'total', 'offset', 'items'})
        self.assertEqual(body['offset'], 0)
        self.assertEqual(body['total'], self.cat.total)

    def test_default_limit_50(self):
        body = self.api('GET', '/courses').body
        self.assertEqual(len(body['items']), 50)
        self.assertEqual([i['id'] for i in body['items']],
                         [i['id'] for i in self.cat.items[:50]])

    def test_limit_200(self):
        body = self.api('GET', '/courses?limit=200').body
        self.assertEqual(len(body['items']), 200)

    def test_limit_above_200(self):
        r = self.api('GET', '/courses?limit=201')
        if r.status == 200:
            self.assertEqual(len(r.body['items']), 200)
        else:
            self.assertError(r, 400, 'invalid-request')

    def test_paging_consistent(self):
        ids = []
        offset = 0
        while True:
            body = self.api('GET', '/courses?offset=%d&limit=37' % offset).body
            self.assertEqual(body['total'], self.cat.total)
            self.assertEqual(body['offset'], offset)
            if not body['items']:
                break
            self.assertLessEqual(len(body['items']), 37)
            ids += [i['id'] for i in body['items']]
            offset += len(body['items'])
        self.assertEqual(ids, [i['id'] for i in self.cat.items])

    def test_offset_beyond_total(self):
        body = self.api('GET', '/courses?offset=%d' % (self.cat.total + 10)).body
        self.assertEqual(body['items'], [])
        self.assertEqual(body['total'], self.cat.total)

    def test_paging_with_filter(self):
        day = 'wednesday'
        expected = [i for i, _ in expected_search(self.cat, [('day', day)])]
        first = self.api('GET', '/courses?day=%s&limit=10' % day).body
        second = self.api('GET', '/courses?day=%s&limit=10&offset=10' % day).body
        self.assertEqual(first['total'], len(expected))
        self.assertEqual([i['id'] for i in first['items'] + second['items']], expected[:20])

    def test_french_title_order(self):
        keys = [h.french_key(i['title']) for i in self.cat.items]
        for n in range(1, len(keys)):
            self.assertLessEqual(keys[n - 1], keys[n],
                                 'out of order: %r before %r'
                                 % (self.cat.items[n - 1]['title'], self.cat.items[n]['title']))

    def test_accented_titles_sort_with_their_letter(self):
        titles = [i['title'] for i in self.cat.items]
        accented = [t for t in titles if h.fold(t[:1]) != t[:1].lower()]
        for t in accented:
            pos = titles.index(t)
            letter = h.fold(t)[0]
            if pos + 1 < len(titles):
                self.assertLessEqual(letter, h.fold(titles[pos + 1])[0], t)
            if pos > 0:
                self.assertGreaterEqual(letter, h.fold(titles[pos - 1])[0], t)

    def test_q_accent_insensitive(self):
        words = self.accented_words()
        self.assertTrue(words, 'no accented word in the titles')
        for w in words[:6]:
            plain = h.fold(w)
            results = []
            for q in (plain, w, w.upper(), plain.upper(), w.lower()):
                with self.subTest(q=q):
                    items = self.check_search([('q', q)])
                    self.assertTrue(any(w in i['title'] for i in items), q)
                    results.append([i['id'] for i in items])
            self.assertTrue(all(r == results[0] for r in results), w)

    def test_q_francais(self):
        if not any('Français' in i['title'] for i in self.cat.items):
            self.skipTest('no title with "Français"')
        items = self.check_search([('q', 'francais')])
        self.assertTrue(all('français' in i['title'].lower() for i in items))

    def test_q_case_insensitive(self):
        word = re.findall(r'[A-Za-z]{5,}', self.cat.items[0]['title'])[0]
        a = self.check_search([('q', word.upper())])
        b = self.check_search([('q', word.lower())])
        self.assertEqual(a, b)

    def test_q_every_word_must_match(self):
        words = [w for w in re.findall(r'\w+', self.cat.items[len(self.cat.items) // 2]['title'])
                 if len(w) >= 4]
        self.assertGreaterEqual(len(words), 1)
        one = self.check_search([('q', words[0])])
        if len(words) > 1:
            both = self.check_search([('q', words[0] + ' ' + words[-1])])
            self.assertLessEqual(len(both), len(one))
        self.check_search([('q', words[0] + ' zzqxw')], non_empty=False)
        q = urllib.parse.urlencode({'q': words[0] + ' zzqxw'})
        self.assertEqual(self.api('GET', '/courses?' + q).body['total'], 0)

    def test_q_words_from_two_titles(self):
        a = [w for w in re.findall(r'[^\W\d_]{5,}', self.cat.items[3]['title'])]
        b = [w for w in re.findall(r'[^\W\d_]{5,}', self.cat.items[-3]['title'])]
        if a and b:
            self.check_search([('q', a[0] + ' ' + b[-1])], non_empty=False)

    def test_q_part_of_word(self):
        word = max(re.findall(r'[^\W\d_]+', self.cat.items[7]['title']), key=len)
        self.check_search([('q', word[:4])])
        self.check_search([('q', word[1:-1])])

    def test_q_empty_matches_all(self):
        self.assertEqual(self.api('GET', '/courses?q=').body['total'], self.cat.total)
        self.assertEqual(self.api('GET', '/courses?q=%20%20').body['total'], self.cat.total)

    def test_q_punctuation(self):
        word = max(re.findall(r'[^\W\d_]+', self.cat.items[11]['title']), key=len)
        self.check_search([('q', '  %s,  ' % word.upper())])

    def test_domain_filter(self):
        for d in self.cat.meta['domains']:
            with self.subTest(domain=d['id']):
                items = self.check_search([('domain', d['id'])], non_empty=d['course_count'] > 0)
                self.assertEqual(len(items), d['course_count'])

    def test_domain_repeated_is_or(self):
        ds = [d['id'] for d in self.cat.meta['domains']][:3]
        items = self.check_search([('domain', d) for d in ds])
        self.assertEqual(len(items), sum(d['course_count'] for d in self.cat.meta['domains']
                                         if d['id'] in ds))

    def test_period_filter(self):
        for p in self.cat.meta['periods']:
            with self.subTest(period=p['id']):
                items = self.check_search([('period', p['id'])])
                self.assertTrue(all(i['period']['id'] == p['id'] for i in items))

    def test_open_only(self):
        items = self.check_search([('open_only', 'true')])
        self.assertTrue(all(i['open'] for i in items))
        self.assertLess(len(items), self.cat.total)
        self.assertEqual(len(items), sum(1 for i in self.cat.items if i['open']))
        r = self.api('GET', '/courses?open_only=false')
        self.assertEqual(self.assertStatus(r, 200)['total'], self.cat.total)

    def test_each_session_filter_alone(self):
        values = {
            'rhythm': h.RHYTHMS, 'mode': h.MODES, 'day': h.DAYS, 'slot': h.SLOTS,
            'arrondissement': sorted({str(e['arrondissement'])
                                      for e in self.cat.meta['establishments']})[:4],
            'establishment': [e['id'] for e in self.cat.meta['establishments']][:3],
        }
        for key, vals in values.items():
            narrowed = False
            for v in vals:
                with self.subTest(key=key, value=v):
                    items = self.check_search([(key, v)], non_empty=False)
                    narrowed = narrowed or len(items) < self.cat.total
                    for i in items:
                        sheet = self.cat.sheets[i['id']]
                        self.assertTrue(any(session_value(s, key) == v
                                            for s in sheet['sessions']), (i['id'], key, v))
            self.assertTrue(narrowed, key)

    def test_each_filter_has_results(self):
        for key, v in (('slot', 'evening'), ('slot', 'morning'), ('slot', 'afternoon'),
                       ('slot', 'day'), ('mode', 'remote'), ('mode', 'hybrid'),
                       ('day', 'saturday')):
            with self.subTest(key=key, value=v):
                self.check_search([(key, v)])

    def test_repeated_keys_or(self):
        mon = {i['id'] for i in self.check_search([('day', 'monday')])}
        tue = {i['id'] for i in self.check_search([('day', 'tuesday')])}
        both = self.check_search([('day', 'monday'), ('day', 'tuesday')])
        self.assertEqual({i['id'] for i in both}, mon | tue)
        self.check_search([('slot', 'morning'), ('slot', 'evening'), ('mode', 'onsite')])

    def test_and_across_keys_on_one_session(self):
        keys = ('day', 'slot', 'mode', 'arrondissement', 'rhythm')
        found = None
        for item in self.cat.items:
            sessions = self.cat.sheets[item['id']]['sessions']
            for k1 in keys:
                for k2 in keys:
                    if k1 >= k2:
                        continue
                    for a in sessions:
                        for b in sessions:
                            v1, v2 = session_value(a, k1), session_value(b, k2)
                            if not any(session_value(s, k1) == v1 and session_value(s, k2) == v2
                                       for s in sessions):
                                found = (item['id'], k1, v1, k2, v2)
                                break
                        if found:
                            break
                    if found:
                        break
                if found:
                    break
            if found:
                break
        self.assertIsNotNone(found, 'no course with two sessions splitting two filters')
        cid, k1, v1, k2, v2 = found
        self.assertIn(cid, [i['id'] for i in self.check_search([(k1, v1)])])
        self.assertIn(cid, [i['id'] for i in self.check_search([(k2, v2)])])
        both = self.check_search([(k1, v1), (k2, v2)], non_empty=False)
        self.assertNotIn(cid, [i['id'] for i in both], found)

    def test_matching_sessions_counts(self):
        items = self.check_search([('slot', 'evening'), ('day', 'monday'), ('day', 'thursday')])
        self.assertTrue(any(i['matching_sessions'] < len(self.cat.sheets[i['id']]['sessions'])
                            for i in self.check_search([('day', 'monday')])))
        self.assertTrue(all(i['matching_sessions'] >= 1 for i in items))

    def test_arrondissement_then_establishment(self):
        est = self.cat.meta['establishments'][0]
        self.check_search([('arrondissement', est['arrondissement']),
                           ('establishment', est['id'])])
        other = [e for e in self.cat.meta['establishments']
                 if e['arrondissement'] != est['arrondissement']]
        if other:
            self.check_search([('arrondissement', other[0]['arrondissement']),
                               ('establishment', est['id'])], non_empty=False)

    def test_everything_combined(self):
        period = self.cat.open_period()['id']
        domain = self.cat.sheets[self.cat.items[0]['id']]['domain']['id']
        self.check_search([('period', period), ('open_only', 'true'), ('domain', domain),
                           ('mode', 'onsite'), ('mode', 'hybrid'), ('slot', 'evening'),
                           ('slot', 'afternoon')], non_empty=False)
        word = re.findall(r'[^\W\d_]{4,}', self.cat.items[0]['title'])[0]
        self.check_search([('q', word), ('domain', domain)])

    def test_unknown_domain_or_establishment_is_empty(self):
        for key in ('domain', 'establishment', 'period'):
            with self.subTest(key=key):
                r = self.api('GET', '/courses?%s=no-such-id' % key)
                self.assertEqual(self.assertStatus(r, 200)['total'], 0)
                self.assertEqual(r.body['items'], [])

    def test_q_capitals_without_accents(self):
        titles = [i['title'] for i in self.cat.items if i['title'].startswith('É')]
        if not titles:
            self.skipTest('no title starts with "É"')
        word = re.findall(r'\w+', titles[0])[0]
        for q in (h.fold(word).upper(), h.fold(word), word, word.upper()):
            with self.subTest(q=q):
                items = self.check_search([('q', q)])
                self.assertIn(titles[0], [i['title'] for i in items])


if __name__ == '__main__':
    h.main()
