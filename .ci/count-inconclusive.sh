#!/usr/bin/env bash
# Usage: bash .ci/count-inconclusive.sh FOLDER
# Prints the number of inconclusive tests in the NUnit XML files (TestResult format 3) under FOLDER, and names each
# on stderr. An inconclusive test (an Assume that did not hold) did not check what it is for: CI counts it as failed.
# Exits 2 when FOLDER holds no NUnit XML (nothing could be counted).
set -uo pipefail
folder=${1:?usage: count-inconclusive.sh FOLDER}
count=0 files=0
for xml in "$folder"/*.xml; do
  [ -f "$xml" ] || continue
  files=$((files + 1))
  n=$(grep -o '<test-run [^>]*>' "$xml" | head -n 1 | sed -nE 's/.* inconclusive="([0-9]+)".*/\1/p')
  count=$((count + ${n:-0}))
  grep -o '<test-case [^>]*result="Inconclusive"[^>]*>' "$xml" | sed -E 's/.* fullname="([^"]*)".*/INCONCLUSIVE: \1/' >&2
done
[ "$files" -gt 0 ] || { echo "count-inconclusive: no NUnit XML in $folder" >&2; exit 2; }
echo "$count"
