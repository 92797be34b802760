#!/usr/bin/python3
# A catalogue against the current sources: msgfmt's checks (headers, plural forms, printf
# formats), the language's own plural rule, no fuzzy entry, and how many strings of the sources
# still lack a translation.
#
#   check-po.py [--strict | --partial] SOURCE-ROOT PO-FILE GETTEXT-PACKAGE
#
# --strict (the French catalogue, complete in every release): a string without translation fails,
# and the words of the applicant's guide must be the French of the interface.
# --partial (a language started for some places only, Arabic): missing translations are counted,
# never fail. Without either, a missing translation fails only when CA_I18N_STRICT=1.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

# The keywords of meson's 'glib' preset, so that the template matches `update-po`.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]
STATS = re.compile(r'(\d+) translated messages?(?:, (\d+) fuzzy translations?)?'
                   r'(?:, (\d+) untranslated messages?)?')

# Words of the applicant's guide that users know: each must be the French of some string.
GUIDE_WORDS = [
    'Se connecter', 'Créer mon compte', 'Mon profil', 'Mes candidatures et paiements',
    'Rechercher', 'Voir plus de domaines',
    'Uniquement les cours pour lesquels les candidatures sont ouvertes', 'Voir la fiche',
    'Objectif', 'Sauvegarder dans mes candidatures', 'Confirmer ma candidature', 'Supprimer',
    'Annuler ma candidature', 'Régler', 'Formations présélectionnées',
    'Candidatures en attente de paiement', 'Candidatures en cours de traitement',
    'Inscriptions et candidatures clôturées', 'Recopiez le code de vérification',
    'Créer un compte', 'Valider', 'Assistance téléphonique', 'Formulaire de contact', 'Civilité',
    'Nom', 'Prénom',
    'Date de naissance', 'Pays de naissance', 'Adresse', 'Code postal', 'Ville',
    'Rythme de formation', 'Type de cours', 'Jours de cours', 'Créneaux horaires',
    'Arrondissement', 'Établissement', 'Domaine de formation', 'Présentiel', 'Distanciel',
    'Hybride', 'Journée', 'Matin', 'Après-midi', 'Soirée', 'Comment avez-vous connu les CMA',
    "J'accepte les conditions générales d'utilisation",
]


# The Plural-Forms header each language needs (CLDR's plural categories, as gettext writes them)
PLURAL_FORMS = {
    'fr': 'nplurals=2; plural=(n > 1);',
    'ar': 'nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 '
          ': n%100>=11 ? 4 : 5;',
}


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def statistics(path):
    result = run(['msgfmt', '--statistics', '-o', os.devnull, path],
                 env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
    match = STATS.search(result.stderr)
    if match is None:
        return None
    return tuple(int(g or 0) for g in match.groups())


def msgstrs(path):
    """Every translation of @path, each string with its continuation lines joined."""
    result = run(['msgattrib', '--translated', '--no-fuzzy', '--no-wrap', path])
    texts = re.findall(r'^msgstr(?:\[\d+\])? "(.*)"$', result.stdout, re.M)
    return {bytes(t, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')
            for t in texts}


def normalized(text):
    """@text without mnemonic, typographic apostrophe, final ellipsis or question mark, nor a
    precision in brackets (« Hybride (présentiel et distanciel) » is « Hybride »)."""
    text = text.replace('_', '').replace('\u2019', "'")
    text = text.replace('\u00a0', ' ').replace('\u202f', ' ')
    text = re.sub(r' \(.*\)$', '', text.strip())
    return text.rstrip('…?').strip().lower()


def guide_words_check(po):
    translations = {normalized(t) for t in msgstrs(po)}
    return ['no string translated as « %s »' % w for w in GUIDE_WORDS
            if normalized(w) not in translations]


def header_field(po, name):
    """A field of @po's header, however msgmerge wrapped its lines."""
    header = run(['msgcat', '--no-wrap', po]).stdout.split('\n\n', 1)[0].replace('"\n"', '')
    match = re.search(r'\\n%s: (.*?)\\n' % re.escape(name), header)
    return match.group(1) if match else None


def plural_forms_check(po):
    language = header_field(po, 'Language')
    wanted = PLURAL_FORMS.get(language)
    if wanted is None:
        return ['no known plural rule for the language %r' % language]
    found = header_field(po, 'Plural-Forms')
    if found is None or found.replace(' ', '') != wanted.replace(' ', ''):
        return ['Plural-Forms is %r, %s needs %r' % (found, language, wanted)]
    return []


def main():
    args = sys.argv[1:]
    partial = '--partial' in args
    strict = '--strict' in args or (not partial and os.environ.get('CA_I18N_STRICT') == '1')
    root, po, package = [a for a in args if not a.startswith('--')][:3]
    checks = []

    result = run(['msgfmt', '-c', '--check-format', '-o', os.devnull, po])
    checks.append(('msgfmt -c --check-format accepts ' + os.path.basename(po),
                   result.stderr.splitlines() if result.returncode != 0 else []))
    checks.append(('the Plural-Forms header is the rule of the language', plural_forms_check(po)))

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, package + '.pot')
        merged = os.path.join(tmp, 'merged.po')
        result = run(['xgettext', '--package-name=' + package, '-o', pot,
                      '-f', os.path.join('po', 'POTFILES.in')] + XGETTEXT_ARGS, cwd=root)
        if result.returncode != 0:
            print('1..1\nnot ok 1 - xgettext reads the files of po/POTFILES.in')
            print('\n'.join('# ' + l for l in result.stderr.splitlines()))
            return 1
        result = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot])
        result.check_returncode()
        # Entries only in the catalogue are obsolete after the merge and not counted.
        own = statistics(po)
        current = statistics(merged)

    fuzzy = own[1] if own else 0
    checks.append(('no fuzzy translation', ['%d fuzzy translations' % fuzzy] if fuzzy else []))

    translated, _, untranslated = current if current else (0, 0, 0)
    print('# %d translated, %d fuzzy, %d untranslated of the current sources'
          % (translated, fuzzy, untranslated))
    problems = []
    if untranslated and strict:
        problems = ['%d strings of the sources have no translation yet (run update-po)'
                    % untranslated]
    if partial:
        name = 'a partial catalogue: %d of %d strings translated' % (
            translated, translated + untranslated)
    else:
        name = 'every string of the sources is translated'
        if untranslated and not strict:
            name += (' (%d untranslated; --strict or CA_I18N_STRICT=1 makes this fail)'
                     % untranslated)
    checks.append((name, problems))

    if not partial:
        checks.append(('the words of the applicant\'s guide are the French of the interface',
                       guide_words_check(po)))

    print('1..%d' % len(checks))
    failed = 0
    for number, (name, problems) in enumerate(checks, 1):
        for problem in problems:
            print('# ' + problem)
        print('%s %d - %s' % ('not ok' if problems else 'ok', number, name))
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
