#!/bin/sh
# The real cours-adultes-server, run by the application as its embedded service, with --testing
# so that a test can answer the captcha (the answer comes in a response header).
exec "$CA_REAL_SERVER_BIN" "$@" --testing
