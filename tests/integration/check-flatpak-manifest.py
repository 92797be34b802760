#!/usr/bin/env python3
# Reads the Flatpak manifest the way flatpak-builder does (--show-manifest) and checks what
# the sandbox is allowed and where the bundled code comes from. Exit 77 (skipped) when
# flatpak-builder is not installed.
import json
import re
import shutil
import subprocess
import sys

EXPECTED_FINISH_ARGS = [
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]


def fail(message):
    print(f'not ok: {message}')
    sys.exit(1)


def module_named(manifest, name):
    for module in manifest.get('modules', []):
        if isinstance(module, dict) and module.get('name') == name:
            return module
    fail(f'no module named {name!r}')


def check_libsodium(manifest):
    sources = module_named(manifest, 'libsodium').get('sources', [])
    archives = [s for s in sources if s.get('type') == 'archive']
    if len(archives) != 1:
        fail(f'libsodium must come from exactly one archive, got {sources!r}')
    url = archives[0].get('url', '')
    if not re.fullmatch(r'https://download\.libsodium\.org/libsodium/releases/'
                        r'libsodium-\d+\.\d+\.\d+\.tar\.gz', url):
        fail(f'libsodium must be a pinned release tarball over https, not {url!r}')
    if not re.fullmatch(r'[0-9a-f]{64}', archives[0].get('sha256', '')):
        fail('the libsodium archive has no sha256')
    print(f'ok: libsodium from {url}')


def check_project(manifest, app_id):
    if manifest.get('id', manifest.get('app-id')) != app_id:
        fail(f'the manifest id is not {app_id}')
    if manifest.get('command') != 'cours-adultes':
        fail('the command is not cours-adultes')
    if manifest.get('sdk') != 'org.gnome.Sdk' or manifest.get('runtime') != 'org.gnome.Platform':
        fail('the runtime must be org.gnome.Platform with org.gnome.Sdk')
    project = manifest['modules'][-1]
    if project.get('buildsystem') != 'meson':
        fail('the last module must be this project, built with meson')
    if [s.get('type') for s in project.get('sources', [])] != ['dir']:
        fail('the project must be built from this checkout (a "dir" source)')
    cleanup = manifest.get('cleanup', [])
    for pattern in ('/include', '/lib/pkgconfig', '*.a'):
        if pattern not in cleanup:
            fail(f'cleanup lacks {pattern}')
    print('ok: the project module, its runtime and cleanup')


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: check-flatpak-manifest.py MANIFEST APP_ID')
    manifest_path, app_id = sys.argv[1:]
    builder = shutil.which('flatpak-builder')
    if builder is None:
        print('skip: flatpak-builder is not installed')
        sys.exit(77)

    shown = subprocess.run([builder, '--show-manifest', manifest_path],
                           capture_output=True, text=True)
    if shown.returncode != 0:
        fail(f'flatpak-builder refused the manifest: {shown.stderr.strip()}')
    manifest = json.loads(shown.stdout)

    finish_args = manifest.get('finish-args', [])
    if sorted(finish_args) != sorted(EXPECTED_FINISH_ARGS) or len(finish_args) != 5:
        fail(f'finish-args must be exactly {EXPECTED_FINISH_ARGS}, got {finish_args}')
    print('ok: finish-args')

    check_libsodium(manifest)
    check_project(manifest, app_id)


if __name__ == '__main__':
    main()
