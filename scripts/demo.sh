#!/usr/bin/env bash
# The main job on the bundled (synthetic) demo data: every stage for 2017-2019, then the next
# year (2020, a changed questionnaire) carried over exactly as the README's real-data steps say.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
sm=.venv/bin/statusmaaling
for year in 2017 2018 2019; do
  $sm run --year "$year"
done
# The web edition of 2019: public (output/2019/site/) and internal (output/2019/site-internal/).
$sm site --year 2019 --edition all
echo "Done: see output/2019/ (report, spreadsheet, extracts, site/ and site-internal/)"

# A new year in a fresh project folder, as an analyst does it with a real export.
next=output/demo-2020
rm -rf "$next"
$sm init "$next" --year 2020
cp -r data/raw/2017 data/raw/2018 data/raw/2019 "$next/data/raw/"
cp data/raw/2020/* "$next/data/raw/2020/"
$sm new-year --year 2020 --project "$next"
$sm run --year 2020 --project "$next"
echo "Done: see $next/output/2020/ (report, spreadsheet, extracts; new_year.md)"
