#!/usr/bin/env bash
# The test suite: venv + install (with test extras), browser for the web tests, then pytest.
source "$(dirname "$0")/_venv.sh" test "[test]"
if [ -f .ci/browser-setup.sh ]; then bash .ci/browser-setup.sh; fi
exec .venv/bin/python -m pytest -q -n 2 --durations=15 tests "$@"
