#!/usr/bin/python3
# make-seeds.py — writes the seed requests of fuzz-server-request (tests/fuzz/corpus/).
#
#   tests/fuzz/make-seeds.py
#
# One file per request of the contract, in the target's format (request line, headers, empty
# line, body) with its placeholders (@TOKEN@, @CAND@, @SESSION@, @EMAIL@, @CAPTCHA_ID@,
# @CAPTCHA_ANSWER@), plus hostile variants: broken JSON, wrong types, odd paths and methods.
# The JSON documents of fuzz-json-decoders are real answers of the service, saved by
# tools/load-test --save-replies.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus', 'fuzz-server-request')
AUTH = 'Authorization: Bearer @TOKEN@'
JSON = 'Content-Type: application/json'

PROFILE = {
    'civility': 'Mme', 'last_name': 'Dupont', 'first_name': 'Jeanne',
    'birth_date': '1980-05-17', 'birth_country': 'France', 'address': '3 rue de Rivoli',
    'postal_code': '75004', 'city': 'Paris', 'phone_mobile': '06 12 34 56 78',
    'phone_other': None, 'heard_from': 'internet',
}

ACCOUNT = {
    'email': 'nouveau@example.fr', 'password': 'motdepasse1',
    'password_confirmation': 'motdepasse1', 'captcha_id': '@CAPTCHA_ID@',
    'captcha_answer': '@CAPTCHA_ANSWER@', 'accept_terms': True,
}

NOTIFY = ('numcli=075001&exer=2026&refdet=CA1234ABCD&objet=Cours&montant=22000'
          '&mel=fuzz.candidat%40example.fr&saisie=T&resultrans=P&numauto=A1B2C3'
          '&dattrans=26112026&heurtrans=1432')

PAY_QUERY = ('numcli=075001&exer=2026&refdet=CA1234ABCD&objet=Cours&montant=22000'
             '&mel=fuzz.candidat%40example.fr&urlnotif=http%3A%2F%2F127.0.0.1%3A9%2Fapi%2Fv1'
             '%2Fpayments%2Fpayfip%2Fnotify&urlredirect=http%3A%2F%2F127.0.0.1%3A9%2Fpayment'
             '%2Freturn&saisie=T')


def request(method, target, headers=(), body=None):
    text = '%s %s\n' % (method, target)
    for h in headers:
        text += h + '\n'
    text += '\n'
    if body is not None:
        text += body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return text


SEEDS = {
    # the contract, call by call
    'health': request('GET', '/api/v1/health'),
    'head-health': request('HEAD', '/api/v1/health'),
    'captcha': request('GET', '/api/v1/captcha'),
    'account-create': request('POST', '/api/v1/accounts', [JSON], ACCOUNT),
    'account-create-taken': request('POST', '/api/v1/accounts', [JSON],
                                    dict(ACCOUNT, email='@EMAIL@')),
    'account-create-invalid': request('POST', '/api/v1/accounts', [JSON],
                                      {'email': 'pas-une-adresse', 'password': 'court',
                                       'password_confirmation': 'autre', 'captcha_id': 'x',
                                       'captcha_answer': '', 'accept_terms': False}),
    'account-confirm': request('POST', '/api/v1/accounts/confirm', [JSON], {'token': 'inconnu'}),
    'confirm-page': request('GET', '/confirm?token=inconnu'),
    'confirm-page-empty': request('GET', '/confirm'),
    'login': request('POST', '/api/v1/session', [JSON],
                     {'email': '@EMAIL@', 'password': 'motdepasse1'}),
    'login-wrong': request('POST', '/api/v1/session', [JSON],
                           {'email': 'personne@example.fr', 'password': 'faux12345'}),
    'logout': request('DELETE', '/api/v1/session', [AUTH]),
    'profile-get': request('GET', '/api/v1/profile', [AUTH]),
    'profile-put': request('PUT', '/api/v1/profile', [AUTH, JSON], PROFILE),
    'profile-put-invalid': request('PUT', '/api/v1/profile', [AUTH, JSON],
                                   dict(PROFILE, civility='Dr', birth_date='2030-02-30',
                                        postal_code='7500', phone_mobile='12',
                                        heard_from='nulle-part', last_name='Autre')),
    'profile-put-phones': request('PUT', '/api/v1/profile', [AUTH, JSON],
                                  dict(PROFILE, phone_mobile=None,
                                       phone_other='+33 1.23-45 67 89')),
    'contact': request('POST', '/api/v1/contact', [JSON],
                       {'subject': 'Question', 'message': 'Bonjour,\nune question.',
                        'email': 'visiteur@example.fr'}),
    'contact-auth': request('POST', '/api/v1/contact', [AUTH, JSON],
                            {'subject': 'Sujet é', 'message': 'Message'}),
    'catalogue': request('GET', '/api/v1/catalogue'),
    'catalogue-etag': request('GET', '/api/v1/catalogue', ['If-None-Match: "x"']),
    'courses': request('GET', '/api/v1/courses?limit=3'),
    'courses-filters': request('GET', '/api/v1/courses?q=fran%C3%A7ais+oral&domain=fle&domain='
                                      'langues&open_only=true&rhythm=annual&mode=onsite&day='
                                      'monday&slot=evening&arrondissement=11&establishment=x'
                                      '&offset=1&limit=200'),
    'courses-bad': request('GET', '/api/v1/courses?limit=-1&offset=abc&mode=teleport&day=8'
                                  '&arrondissement=21&open_only=maybe'),
    'course': request('GET', '/api/v1/courses/c-0001'),
    'course-unknown': request('GET', '/api/v1/courses/%2E%2E'),
    'candidatures': request('GET', '/api/v1/candidatures', [AUTH]),
    'candidature-get': request('GET', '/api/v1/candidatures/@CAND@', [AUTH]),
    'candidature-create': request('POST', '/api/v1/candidatures', [AUTH, JSON],
                                  {'session_id': '@SESSION@'}),
    'candidature-create-closed': request('POST', '/api/v1/candidatures', [AUTH, JSON],
                                         {'session_id': 's-0001-1'}),
    'candidature-create-bad': request('POST', '/api/v1/candidatures', [AUTH, JSON],
                                      {'session_id': 42}),
    'candidature-confirm': request('POST', '/api/v1/candidatures/@CAND@/confirm', [AUTH, JSON],
                                   {'answers': {'computer': True}}),
    'candidature-confirm-extra': request('POST', '/api/v1/candidatures/@CAND@/confirm',
                                         [AUTH, JSON],
                                         {'answers': {'computer': 'oui', 'level': 'Débutant',
                                                      'motivation': None}}),
    'candidature-confirm-bad': request('POST', '/api/v1/candidatures/@CAND@/confirm',
                                       [AUTH, JSON], {'answers': [1, 2]}),
    'candidature-cancel': request('POST', '/api/v1/candidatures/@CAND@/cancel', [AUTH]),
    'candidature-delete': request('DELETE', '/api/v1/candidatures/@CAND@', [AUTH]),
    'payment-create': request('POST', '/api/v1/candidatures/@CAND@/payment', [AUTH]),
    'payment-get': request('GET', '/api/v1/candidatures/@CAND@/payment', [AUTH]),
    'payfip-notify': request('POST', '/api/v1/payments/payfip/notify',
                             ['Content-Type: application/x-www-form-urlencoded'], NOTIFY),
    'payfip-page': request('GET', '/payfip/paiement.web?' + PAY_QUERY),
    'payfip-pay': request('POST', '/payfip/paiement.web',
                          ['Content-Type: application/x-www-form-urlencoded'],
                          PAY_QUERY + '&card_number=4111111111111111&expiry=12%2F30&cvv=123'
                          '&action=pay'),
    'payfip-cancel': request('POST', '/payfip/paiement.web',
                             ['Content-Type: application/x-www-form-urlencoded'],
                             PAY_QUERY + '&action=cancel'),
    'payment-return': request('GET', '/payment/return?refdet=CA1234ABCD'),
    'home': request('GET', '/'),
    # hostile
    'json-broken': request('POST', '/api/v1/session', [JSON], '{"email": "a@b.fr", "pass'),
    'json-array': request('PUT', '/api/v1/profile', [AUTH, JSON], '[]'),
    # json-glib 1.6 takes this for one document (and leaks the second): malformed, so 400
    'leak-json-glib-several-roots': request('POST', '/api/v1/contact', [JSON],
                                            '{"subject":"s","message":"m","email":"a@b.fr"}'
                                            '[1,2]'),
    'json-nul': request('POST', '/api/v1/contact', [JSON],
                        '{"subject":"a\\u0000b","message":"m","email":"a@b.fr"}'),
    'json-not-utf8': request('POST', '/api/v1/contact', [JSON], '{"subject":"\xe9"}'),
    'json-deep': request('POST', '/api/v1/candidatures', [AUTH, JSON], '[' * 2000),
    'json-types': request('POST', '/api/v1/accounts', [JSON],
                          {'email': ['a'], 'password': {}, 'accept_terms': 'yes'}),
    'auth-bad': request('GET', '/api/v1/profile', ['Authorization: Bearer ']),
    'auth-basic': request('GET', '/api/v1/candidatures', ['Authorization: Basic YTpi']),
    'auth-unknown': request('GET', '/api/v1/candidatures',
                            ['Authorization: Bearer 0000000000000000']),
    'method-wrong': request('PATCH', '/api/v1/candidatures/@CAND@', [AUTH]),
    'method-options': request('OPTIONS', '/api/v1/courses'),
    'path-unknown': request('GET', '/api/v2/nothing'),
    'path-escapes': request('GET', '/api/v1/courses/%ZZ%00%C3'),
    'path-slashes': request('GET', '//api//v1/candidatures/', [AUTH]),
    'path-dots': request('GET', '/api/v1/../v1/health'),
    'path-long-id': request('DELETE', '/api/v1/candidatures/' + 'a' * 300, [AUTH]),
    'other-id': request('POST', '/api/v1/candidatures/cand-0000000000000000/cancel', [AUTH]),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, text in SEEDS.items():
        with open(os.path.join(OUT, name), 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(text)
    print('%d seeds written to %s' % (len(SEEDS), OUT))


if __name__ == '__main__':
    main()
