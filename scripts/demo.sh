#!/usr/bin/env bash
# The main job on the bundled (synthetic) demo data: every stage for 2017-2019.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
for year in 2017 2018 2019; do
  .venv/bin/statusmaaling run --year "$year"
done
echo "Done: see output/2019/ (report, spreadsheet, extracts)"
