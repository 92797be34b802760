#!/usr/bin/python3
# Every source file that holds a translatable string must be listed in po/POTFILES.in, or its
# strings never reach the translators; every listed file must exist, or xgettext stops.
#
#   check-potfiles.py SOURCE-ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

# Gettext calls in C (the glib preset's keywords) and translatable properties in GtkBuilder files.
MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2)\s*\('
                     r'|translatable="yes"')
# Desktop entries, metainfo and schemas are translated through their ITS rules, with no marker.
ALWAYS = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')
SCANNED = ('.c', '.h', '.ui') + ALWAYS
TOP_DIRS = ('src', 'data')


def translatable_files(root):
    found = set()
    for top in TOP_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in filenames:
                if not name.endswith(SCANNED):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if name.endswith(ALWAYS):
                    found.add(rel)
                    continue
                with open(path, encoding='utf-8', errors='replace') as f:
                    if MARKERS.search(f.read()):
                        found.add(rel)
    return found


def listed_files(root):
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        lines = [line.strip() for line in f]
    return [line for line in lines if line and not line.startswith('#')]


def main():
    root = sys.argv[1]
    listed = listed_files(root)
    needed = translatable_files(root)
    checks = []

    missing = sorted(needed - set(listed))
    checks.append(('every file with translatable strings is in po/POTFILES.in',
                   ['not listed: ' + p for p in missing]))
    absent = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    checks.append(('every file of po/POTFILES.in exists', ['no such file: ' + p for p in absent]))
    dupes = sorted({p for p in listed if listed.count(p) > 1})
    checks.append(('po/POTFILES.in lists each file once', ['listed twice: ' + p for p in dupes]))
    unsorted = [] if listed == sorted(listed) else ['expected order:'] + sorted(listed)
    checks.append(('po/POTFILES.in is sorted', unsorted))

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
