#!/bin/sh
# Runs a test program on a private session bus that can start no service (so no Secret Service
# either), in a temporary HOME: the application must carry on without a keyring.
set -eu

HOME=$(mktemp -d)
XDG_RUNTIME_DIR=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
export HOME XDG_RUNTIME_DIR
trap 'rm -rf "$HOME" "$XDG_RUNTIME_DIR"' EXIT

exec_dir=$(dirname "$0")
dbus-run-session --config-file="$exec_dir/session-bus-no-services.conf" -- "$@"
