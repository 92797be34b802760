#!/bin/sh
# Runs a test on a private session bus with the accessibility bus running (at-spi-bus-launcher
# and its registry), in a temporary HOME, on the display the caller gives (xvfb-run).
set -eu

HOME=$(mktemp -d)
XDG_RUNTIME_DIR=$(mktemp -d)
XDG_DATA_HOME=$HOME/.local/share
XDG_CACHE_HOME=$HOME/.cache
XDG_CONFIG_HOME=$HOME/.config
chmod 700 "$XDG_RUNTIME_DIR"
export HOME XDG_RUNTIME_DIR XDG_DATA_HOME XDG_CACHE_HOME XDG_CONFIG_HOME
# The application must talk to the accessibility bus: nothing may switch the bridge off.
unset GTK_A11Y NO_AT_BRIDGE AT_SPI_BUS_ADDRESS
cleanup() {
  status=$?
  rm -rf "$HOME" "$XDG_RUNTIME_DIR" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  echo "1..0 # SKIP no display (run under xvfb-run)"
  exit 0
fi

launcher=${CA_AT_SPI_BUS_LAUNCHER:-/usr/libexec/at-spi-bus-launcher}
exec_dir=$(dirname "$0")
dbus-run-session --config-file="$exec_dir/session-bus.conf" -- sh -c '
  "$0" --launch-immediately >/dev/null 2>&1 &
  launcher=$!
  if ! timeout 10 gdbus wait --session org.a11y.Bus; then
    echo "Bail out! at-spi-bus-launcher did not start"
    kill "$launcher" 2>/dev/null
    exit 1
  fi
  # Both the application and the test find the accessibility bus here rather than on the
  # root window of a display other tests may share.
  AT_SPI_BUS_ADDRESS=$(gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
    --method org.a11y.Bus.GetAddress | sed "s/^(.\(.*\).,)$/\1/")
  export AT_SPI_BUS_ADDRESS
  status=0
  "$@" || status=$?
  kill "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  exit $status
' "$launcher" "$@"
