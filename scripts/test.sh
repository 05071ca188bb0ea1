#!/usr/bin/env bash
# README's test command: sets up what the tests need (scripts/test-setup.sh), then runs every test,
# the browser journeys and the e-mail tests included (they fail, never skip, unless
# THIDUA_SKIP_BROWSER=1 / THIDUA_SKIP_MAIL=1 is set). Arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-setup.sh
# every test binary runs even when one fails, and the run still fails at the end
exec cargo test --no-fail-fast "$@"
