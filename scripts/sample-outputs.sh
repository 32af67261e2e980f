#!/usr/bin/env bash
# Every sample output (all formats, explain, sensitivity, validate, criteria, template)
# into one folder, so a change meant to keep behaviour can be checked with `diff -r`:
#   scripts/sample-outputs.sh /tmp/before; (change); scripts/sample-outputs.sh /tmp/after
#   diff -r /tmp/before /tmp/after
# XLSX files are compared by their unzipped XML (the date made is today's).
set -u
out=${1:?usage: scripts/sample-outputs.sh OUTPUT_FOLDER}
cd "$(dirname "$0")/.."
rm -rf "$out"; mkdir -p "$out"
run() {  # name, then the command's arguments: stdout, stderr and exit code are kept
  local name=$1; shift
  ictrank "$@" >"$out/$name.out" 2>"$out/$name.err"; echo $? >"$out/$name.rc"
}
unzip_to() { mkdir -p "$2"; (cd "$2" && unzip -q -o "$1" && rm -f "$(basename "$1")") ; }
for sample in laocai-2014 laocai-2015 undp-hdi-2022 un-egdi-2022; do
  case $sample in undp-hdi-2022) c=(-c undp-hdi);; un-egdi-2022) c=(-c un-egdi);; *) c=();; esac
  for f in table csv json markdown html; do
    run "score-$sample-$f" score "samples/$sample.csv" "${c[@]}" --format "$f"
    run "score-$sample-$f-vi" score "samples/$sample.csv" "${c[@]}" --format "$f" --lang vi
  done
  run "score-$sample-xlsx" score "samples/$sample.csv" "${c[@]}" -o "$out/$sample.xlsx"
  unzip_to "$(realpath "$out/$sample.xlsx")" "$out/$sample.xlsx.d"; rm -f "$out/$sample.xlsx"
  run "sensitivity-$sample-csv" sensitivity "samples/$sample.csv" "${c[@]}" --runs 200 --format csv
  run "sensitivity-$sample-json" sensitivity "samples/$sample.csv" "${c[@]}" --runs 200 --methods --format json
  run "sensitivity-$sample-table" sensitivity "samples/$sample.csv" "${c[@]}" --runs 200 --format table
done
for f in table csv json markdown html; do
  run "score-previous-$f" score samples/laocai-2015.csv --previous samples/laocai-2014.csv --year 2015 --format "$f" --lang vi
done
run score-previous-xlsx score samples/laocai-2015.csv --previous samples/laocai-2014.csv --year 2015 -o "$out/prev.xlsx" --lang vi
unzip_to "$(realpath "$out/prev.xlsx")" "$out/prev.xlsx.d"; rm -f "$out/prev.xlsx"
for lang in en vi; do
  run "score-pdf-$lang" score samples/laocai-2014.csv -o "$out/laocai-2014-$lang.pdf" --lang "$lang"
  run "score-previous-pdf-$lang" score samples/laocai-2015.csv --previous samples/laocai-2014.csv -o "$out/prev-$lang.pdf" --lang "$lang"
done
run score-stdin score - --format csv <samples/laocai-2014.csv
# the sample as a workbook an agency would send: percentages shown as 85 %, ids as 007
python - "$out/in.xlsx" <<'PY'
import csv, sys
import openpyxl
book = openpyxl.Workbook(); ws = book.active
with open("samples/laocai-2014.csv", encoding="utf-8") as f:
    for r, row in enumerate(csv.reader(f), start=1):
        for c, text in enumerate(row, start=1):
            try:
                value = float(text)
            except ValueError:
                value = text
            cell = ws.cell(row=r, column=c, value=value)
            if r > 1 and isinstance(value, float) and ws.cell(1, c).value.endswith("_pct"):
                cell.value, cell.number_format = value / 100, "0.0%"
book.save(sys.argv[1])
PY
run score-xlsx-input score "$out/in.xlsx" --format csv
run validate-xlsx-input validate "$out/in.xlsx" --format csv
rm -f "$out/in.xlsx"
run score-invalid score samples/laocai-2014-invalid.csv --format csv
for f in table json csv; do
  run "validate-invalid-$f" validate samples/laocai-2014-invalid.csv --format "$f"
  run "validate-invalid-$f-max3" validate samples/laocai-2014-invalid.csv --format "$f" --max-errors 3
  run "validate-samples-$f" validate samples/laocai-2014.csv samples/laocai-2015.csv --format "$f"
done
for u in SNN UBND-BT nope; do
  run "explain-$u-table" explain "$u" samples/laocai-2014.csv --format table
  run "explain-$u-json" explain "$u" samples/laocai-2014.csv --format json
done
run explain-vnm-hdi explain VNM samples/undp-hdi-2022.csv -c undp-hdi --format table
for c in laocai-2014 undp-hdi un-egdi; do
  run "criteria-show-$c" criteria show "$c"
  run "criteria-show-$c-vi" criteria show "$c" --lang vi
  run "criteria-check-$c" criteria check "$c"
done
for lang in en vi; do
  run "template-$lang" template -o "$out/t-$lang.xlsx" --lang "$lang"
  unzip_to "$(realpath "$out/t-$lang.xlsx")" "$out/t-$lang.xlsx.d"; rm -f "$out/t-$lang.xlsx"
  rm -f "$out/t-$lang.xlsx.d/docProps/core.xml"  # the template is stamped with the time made
done
# the `wrote PATH` lines name the temporary folder: make them comparable
sed -i "s#$out#OUT#g" "$out"/*.err
