#!/bin/sh
# Runs a test program on a private session bus with a real, unlocked gnome-keyring-daemon
# (Secret Service), in a temporary HOME so no real keyring is touched.
set -eu

HOME=$(mktemp -d)
XDG_RUNTIME_DIR=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
export HOME XDG_RUNTIME_DIR
cleanup() {
  status=$?
  # A FUSE mount (the document portal's) may still be going away: never let the clean-up
  # decide the test's result.
  fusermount -u -z "$XDG_RUNTIME_DIR/doc" 2>/dev/null || true
  rm -rf "$HOME" "$XDG_RUNTIME_DIR" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT

exec_dir=$(dirname "$0")
# No activatable service: the keyring is started below, and no portal gets in the way.
dbus-run-session --config-file="$exec_dir/session-bus-no-services.conf" -- sh -c '
  # In the foreground so that $! is the daemon itself: it outlives the bus otherwise.
  printf test-password | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null 2>&1 &
  daemon=$!
  if ! timeout 10 gdbus wait --session org.freedesktop.secrets; then
    echo "Bail out! gnome-keyring-daemon did not start"
    kill "$daemon" 2>/dev/null
    exit 1
  fi
  status=0
  "$@" || status=$?
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  exit $status
' sh "$@"
