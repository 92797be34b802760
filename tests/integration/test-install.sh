#!/usr/bin/env bash
# Installs the build into a temporary root (meson install --destdir), checks what a desktop
# needs from it, then starts the INSTALLED application and checks that it runs its INSTALLED
# embedded service, and that SIGTERM stops both.
#
# usage: test-install.sh BUILD_DIR PREFIX BINDIR LIBEXECDIR DATADIR LOCALEDIR APP_ID APP_ID_BASE
# (directories absolute, as configured; they are looked up under the temporary root)
#
# Exit 77 (skipped) without an X display, or when the application is not built.
set -euo pipefail

[ $# -eq 8 ] || { echo "usage: $0 BUILD PREFIX BINDIR LIBEXECDIR DATADIR LOCALEDIR APP_ID APP_ID_BASE" >&2; exit 2; }
bus_config=$(dirname "$0")/session-bus.conf
build=$1 prefix=$2 bindir=$3 libexecdir=$4 datadir=$5 localedir=$6 app_id=$7 app_id_base=$8

if [ -z "${DISPLAY:-}" ]; then
  echo "skip: no X display (run under xvfb-run)"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ca-install.XXXXXX")
session_pid=
cleanup() {
  # Whatever is still running from the temporary root goes, then the root itself.
  [ -n "$session_pid" ] && kill "$session_pid" 2>/dev/null || true
  for pid in $(pids_of "$tmp"); do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "not ok: $*"; exit 1; }
ok() { echo "ok: $*"; }

# Process ids whose executable is $1 (a file) or lies under $1 (a directory); zombies excluded.
pids_of() {
  /usr/bin/python3 - "$1" <<'PY'
import os, sys
want = sys.argv[1]
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        exe = os.readlink(f'/proc/{pid}/exe')
        with open(f'/proc/{pid}/stat') as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
    except OSError:
        continue
    if (exe == want or exe.startswith(want + '/')) and state != 'Z':
        print(pid)
PY
}

parent_of() { sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f2; }

# Waits up to $2 tenths of a second for command $1 to succeed.
wait_for() {
  local i
  for ((i = 0; i < $2; i++)); do
    eval "$1" && return 0
    sleep 0.1
  done
  return 1
}

root=$tmp
meson install -C "$build" --destdir "$root" --no-rebuild --quiet >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; fail "meson install --destdir"; }
ok "installed into $root$prefix"

# --- desktop entry ---------------------------------------------------------------------------
desktop=$root$datadir/applications/$app_id.desktop
[ -f "$desktop" ] || fail "no $desktop"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
fi
grep -qx "Icon=$app_id" "$desktop" || fail "the desktop entry does not use the icon $app_id"
grep -qx "Exec=cours-adultes" "$desktop" || fail "the desktop entry does not run cours-adultes"
ok "desktop entry $app_id.desktop"

# --- metainfo --------------------------------------------------------------------------------
metainfo=$root$datadir/metainfo/$app_id.metainfo.xml
[ -f "$metainfo" ] || fail "no $metainfo"
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$metainfo" >"$tmp/appstream.log" 2>&1 \
    || { cat "$tmp/appstream.log"; fail "appstreamcli validate $metainfo"; }
fi
grep -q "<id>$app_id</id>" "$metainfo" || fail "the metainfo id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
  || fail "the metainfo does not launch $app_id.desktop"
ok "metainfo $app_id.metainfo.xml"

# --- icons -----------------------------------------------------------------------------------
for icon in scalable/apps/$app_id.svg symbolic/apps/$app_id-symbolic.svg; do
  file=$root$datadir/icons/hicolor/$icon
  [ -f "$file" ] || fail "no icon $file"
  /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
sys.exit(root.tag != "{http://www.w3.org/2000/svg}svg")' "$file" || fail "$file is not an SVG image"
done
ok "icons $app_id.svg and $app_id-symbolic.svg"

# --- GSettings schema, compiled where the installed application will read it ---------------------
schemadir=$root$datadir/glib-2.0/schemas
[ -f "$schemadir/$app_id_base.gschema.xml" ] || fail "no $app_id_base.gschema.xml"
glib-compile-schemas --strict "$schemadir" || fail "glib-compile-schemas --strict $schemadir"
GSETTINGS_BACKEND=memory gsettings --schemadir "$schemadir" get "$app_id_base" service-url \
  >/dev/null || fail "the installed schema $app_id_base cannot be read"
ok "schema $app_id_base compiled in the temporary root"

# --- the service, the back office, their data, the translations ---------------------------------
server=$root$libexecdir/cours-adultes-server
catalogue=$root$datadir/cours-adultes/demo-catalogue.json
demo_database=$root$datadir/cours-adultes/demo-catalogue.sqlite
demo_summary=$root$datadir/cours-adultes/demo-catalogue-summary.json
[ -x "$server" ] || fail "no service $server"
[ -x "$root$bindir/cours-adultes-admin" ] || fail "no cours-adultes-admin in $root$bindir"
[ -s "$catalogue" ] || fail "no demo catalogue $catalogue"
[ -s "$demo_database" ] || fail "no demo database $demo_database"
[ -s "$demo_summary" ] || fail "no demo catalogue summary $demo_summary"
[ -f "$root$localedir/fr/LC_MESSAGES/cours-adultes.mo" ] || fail "no French translation"
ok "service in libexecdir, cours-adultes-admin, demo catalogue, its database and summary, French translation"

app=$root$bindir/cours-adultes
if [ ! -x "$app" ]; then
  echo "skip: the application is not built (needs gtk4, libadwaita, libsecret); installed files checked"
  exit 77
fi

# --- the installed application and its embedded service -------------------------------------------
# The installed binaries carry the real prefix (LIBEXECDIR, PKGDATADIR) compiled in, which
# is not where --destdir put them: CA_SERVER_BIN points the application at the service under
# the temporary root, CA_DEMO_CATALOGUE and CA_DEMO_DATABASE the service at the catalogue and
# the database made of it installed beside it, CA_DEMO_SUMMARY the application at the
# catalogue that database serves.
# A private session bus (dbus-run-session) keeps this instance from handing its activation
# over to another instance of the same application id; it activates no service, so no portal
# or keyring daemon is started that would outlive the test; public-computer mode keeps the
# application away from any keyring.
home=$tmp/home
mkdir -p "$home" "$tmp/runtime"
chmod 700 "$tmp/runtime"
env HOME="$home" \
    XDG_DATA_HOME="$home/.local/share" \
    XDG_CONFIG_HOME="$home/.config" \
    XDG_CACHE_HOME="$home/.cache" \
    XDG_RUNTIME_DIR="$tmp/runtime" \
    XDG_DATA_DIRS="$root$datadir:/usr/local/share:/usr/share" \
    GSETTINGS_SCHEMA_DIR="$schemadir" \
    GSETTINGS_BACKEND=memory \
    CA_SERVER_BIN="$server" \
    CA_DEMO_CATALOGUE="$catalogue" \
    CA_DEMO_DATABASE="$demo_database" \
    CA_DEMO_SUMMARY="$demo_summary" \
    GSK_RENDERER=cairo \
    GTK_A11Y=none \
    dbus-run-session --config-file="$bus_config" -- "$app" --public-computer >"$tmp/app.log" 2>&1 &
session_pid=$!

show_log() {
  local status=0
  echo "--- application output"
  cat "$tmp/app.log"
  if ! kill -0 "$session_pid" 2>/dev/null; then
    wait "$session_pid" || status=$?
    session_pid=
    if [ "$status" -gt 128 ]; then
      echo "--- the application was killed by signal $((status - 128))"
    else
      echo "--- the application exited with status $status"
    fi
  fi
}

app_pid=
wait_for 'app_pid=$(pids_of "$app"); [ -n "$app_pid" ]' 100 \
  || { show_log; fail "the installed application did not start"; }
ok "the installed application runs (pid $app_pid)"

server_pid=
wait_for 'server_pid=$(pids_of "$server"); [ -n "$server_pid" ] || ! kill -0 "$app_pid"' 200
[ -n "$server_pid" ] \
  || { show_log; fail "the application did not start its installed service $server"; }
[ "$(parent_of "$server_pid")" = "$app_pid" ] \
  || fail "the service $server_pid is not a child of the application $app_pid"
# On a public computer the database lives in a private folder of the runtime directory, which
# is deleted at logout and quit, never under the user's data directory.
tr '\0' '\n' <"/proc/$server_pid/cmdline" | grep -qx -- "$tmp/runtime/cours-adultes-[^/]*/demo.sqlite" \
  || fail "the service does not keep its database in a private folder of the runtime directory"
ok "the embedded service runs from the temporary libexecdir (pid $server_pid)"

# The service answers on loopback with the installed demonstration catalogue.
/usr/bin/python3 - "$server_pid" <<'PY' || { show_log; fail "the embedded service does not answer"; }
import json, os, sys, time, urllib.request

pid = sys.argv[1]

def listening_port():
    inodes = set()
    try:
        for fd in os.listdir(f'/proc/{pid}/fd'):
            target = os.readlink(f'/proc/{pid}/fd/{fd}')
            if target.startswith('socket:['):
                inodes.add(target[8:-1])
    except FileNotFoundError:
        sys.exit('the service stopped')
    with open('/proc/net/tcp') as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == '0A' and inode in inodes and local.startswith('0100007F:'):
                return int(local.split(':')[1], 16)
    return None

deadline = time.monotonic() + 20
port = None
while port is None and time.monotonic() < deadline:
    port = listening_port()
    if port is None:
        time.sleep(0.1)
if port is None:
    sys.exit('the service listens on no loopback port')

base = f'http://127.0.0.1:{port}/api/v1'
while True:
    try:
        with urllib.request.urlopen(base + '/health', timeout=5) as r:
            if json.load(r).get('status') == 'ok':
                break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.1)
with urllib.request.urlopen(base + '/courses?limit=1', timeout=10) as r:
    total = json.load(r)['total']
if total <= 0:
    sys.exit('the demonstration catalogue is empty')
print(f'ok: the service answers on 127.0.0.1:{port} with {total} courses')
PY

[ -n "$(pids_of "$app")" ] || { show_log; fail "the application stopped on its own"; }

# SIGTERM to the application: it quits, and stops its service on the way out.
kill -TERM "$app_pid"
wait_for '[ -z "$(pids_of "$app")" ]' 150 || { show_log; fail "the application ignored SIGTERM"; }
wait_for '[ -z "$(pids_of "$server")" ]' 100 || fail "the service outlived the application"
status=0
wait "$session_pid" || status=$?
session_pid=
if [ "$status" -ne 0 ]; then
  echo "--- application output"
  cat "$tmp/app.log"
  fail "the application exited with status $status on SIGTERM"
fi
ok "SIGTERM stopped the application (status 0) and its service"
