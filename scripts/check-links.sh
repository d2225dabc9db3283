#!/usr/bin/env bash
# Link checker run in CI: relative Markdown links, § references and machine paths in every
# tracked file (the rules are in scripts/check_links.py). `--self-test` shows it can fail.
#   bash scripts/check-links.sh              # check this repository
#   bash scripts/check-links.sh --self-test  # planted problems in a temporary repository
set -euo pipefail
exec python3 "$(dirname "$0")/check_links.py" "$@"
