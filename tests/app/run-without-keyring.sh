#!/bin/sh
# Runs a test program on a private session bus that can start no service (so no Secret Service
# either), in a temporary HOME: the application must carry on without a keyring.
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
dbus-run-session --config-file="$exec_dir/session-bus-no-services.conf" -- "$@"
