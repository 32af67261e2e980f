"""ictrank benchmark: run it with `python benchmarks/bench.py` (add `--quick` for a smoke run).

Makes synthetic indicator sheets of N units × M indicators with a criteria file
that uses every scoring method, then reports side by side:

  (a) `ictrank score` end to end on CSV (read, validate, score, write CSV);
  (b) the engine alone (`ictrank.scoring.score` on a validated dataset);
  (c) a plain numpy weighted sum of pre-normalised columns: the lower bound;
  (c2) numpy doing a little of the engine's work by hand: one goalpost rule on
       every column, the weighted sum and a sort;
  (c3) the numpy floor of the engine's own way of working: every column normalised
       in place into a preallocated matrix, then the weighted sum in file order,
       elementwise (no BLAS product, whose rounding depends on the machine);
  (d) the same weighted sum with pymcdm's WSM, where pymcdm is installed;
  plus `sensitivity` (1,000 runs on 10,000 × 50), peak memory scoring
  1,000,000 × 50, `ictrank --help` start-up, and the 31-agency sample.

Targets (issues 5, 14, 20, 23 and 26, on a 2-core machine): 100,000 × 100 end to end
< 5 s and at most 1.1× a bare pandas script doing the same (median of 5); 10,000
periods of 2 units within 1.5× one sheet of the same rows; 200,000 units to the
workbook within 3× pandas' to_excel, a sheet formatted down to row 1,000,000 read within
3× read_excel (calamine), collect < 5 ms of own work a template; audit of 10,000 × 100
under 10 s, Sobol' of 50 weights at N = 1,000 on 1,000 units under 60 s; the PDF
annex of 2,000 units within 3× its CSV, of 10,000 under 20 s; engine within 3× of the numpy
bound; sensitivity < 10 s; 1,000,000 × 50 under 2 GB; a 10,000 × 50 XLSX read in at
most 0.6× `pandas.read_excel` (openpyxl) of it; 20,000 units to the XLSX workbook in
at most 1.5× `DataFrame.to_excel` (openpyxl) of the same tables, its peak memory
reported; `--help` < 0.15 s; the sample < 0.5 s.
Child processes may write bytecode (see CHILD_ENV). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
METHODS = ["linear", "log", "minmax", "best", "ratio", "per", "steps", "choice", "boolean",
           "lower"]


def make_criteria(m: int) -> str:
    """A criteria file of m leaves in 5 branches, cycling through every method."""
    lines = ["name: Synthetic benchmark index", "year: 2026", "scale: 100", "decimals: 2",
             "groups:", "  a: {title: Group A}", "  b: {title: Group B}",
             "bands: [{id: good, min: 70}, {id: fair, min: 50}, {id: low, min: 0}]",
             "criteria:"]
    per_branch = -(-m // 5)
    for b in range(5):
        lines += [f"  - id: branch{b}", f"    weight: {b + 1}", "    criteria:"]
        for k in range(b * per_branch, min(m, (b + 1) * per_branch)):
            kind = METHODS[k % len(METHODS)]
            spec = {
                "linear": "method: linear, range: [0, 100], bounds: [0, 100]",
                "log": "method: linear, range: [1, 100000], transform: log",
                "minmax": "method: minmax",
                "best": "method: best",
                "ratio": "method: ratio, target: 50",
                "per": f"method: ratio, per: total{k}",
                "steps": "method: steps, steps: [{min: 80, fraction: 1}, {min: 50, fraction: "
                         "0.6}, {min: 20, fraction: 0.2}]",
                "choice": "method: choice, choices: {full: 1, partial: 0.5, none: 0}",
                "boolean": "method: boolean",
                "lower": "method: linear, range: [0, 100], direction: lower",
            }[kind]
            extra = ", applies_to: [b]" if k == 1 else ""
            lines.append(f"      - {{id: x{k}, weight: {1 + k % 3}, {spec}{extra}}}")
    lines += ["deductions:", "  - {id: late, points_each: 1, max_points: 5}"]
    return "\n".join(lines) + "\n"


def make_sheet(n: int, m: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {
        "id": [f"u{i:07d}" for i in range(n)],
        "name": [f"Unit {i}" for i in range(n)],
        "group": np.where(rng.random(n) < 0.5, "a", "b"),
    }
    for k in range(m):
        kind = METHODS[k % len(METHODS)]
        if kind == "choice":
            data[f"x{k}"] = rng.choice(["full", "partial", "none"], n)
        elif kind == "boolean":
            data[f"x{k}"] = rng.choice(["1", "0"], n)
        elif kind == "log":
            data[f"x{k}"] = np.round(rng.uniform(1, 100000, n), 1)
        elif kind == "per":
            total = rng.integers(1, 200, n)
            data[f"x{k}"] = (total * rng.random(n)).astype(int)
            data[f"total{k}"] = total
        elif kind == "linear":  # a percentage: above 1, so that no value looks like a
            # fraction (a uniform 0-100 column has 1 % of its cells in (0, 1])
            data[f"x{k}"] = np.round(rng.uniform(1.1, 100, n), 1)
        else:
            data[f"x{k}"] = np.round(rng.uniform(0, 100, n), 1)
    data["late"] = rng.integers(0, 3, n)
    return pd.DataFrame(data)


# what a user would otherwise write by hand: read the CSV, take a weighted sum of the
# indicators, rank within groups, write a CSV with 2 decimals (issue 14's yardstick)
BARE_PANDAS = """
import sys
import numpy as np
import pandas as pd
frame = pd.read_csv(sys.argv[1])
columns = [c for c in frame.columns if c.startswith("x")]
values = frame[columns].apply(pd.to_numeric, errors="coerce").fillna(0.0)
weights = np.arange(1, len(columns) + 1, dtype=float)
weights /= weights.sum()
score = (values.clip(0, 100).to_numpy() / 100.0) @ weights * 100.0
out = pd.DataFrame({"id": frame["id"], "name": frame["name"], "group": frame["group"],
                    "score": score.round(2)})
out["rank"] = out.groupby("group")["score"].rank(method="min", ascending=False).astype(int)
out.sort_values(["group", "rank", "id"]).to_csv(sys.argv[2], index=False, float_format="%.2f")
"""


def median_of(runs: list[float]) -> float:
    return sorted(runs)[len(runs) // 2]


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


# Child processes may write bytecode, as a `pip install` does: with PYTHONDONTWRITEBYTECODE
# set (some sandboxes set it) every run would compile ictrank's sources again.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_cli(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ictrank", *args], check=True, env=CHILD_ENV,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_python(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=CHILD_ENV)
    return time.perf_counter() - start


def editable_install() -> bool:
    """True where ictrank is installed with `pip install -e`: its .pth import hook, which
    every start-up of this Python loads (PEP 660)."""
    import site

    return any(any(Path(folder).glob("__editable__*ictrank*.pth"))
               for folder in site.getsitepackages())


def peak_memory_mb(args: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one `ictrank` run in a child process.

    Read from /proc/self/status (VmHWM, this process image's own high-water mark):
    Linux carries getrusage's ru_maxrss across fork and exec, so there it would report
    this benchmark's own size if that were larger.
    """
    code = ("import resource, runpy, sys; sys.argv = ['ictrank'] + sys.argv[1:];\n"
            "try:\n    runpy.run_module('ictrank', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "try:\n"
            "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "    print(int(hwm.split()[1]), file=sys.stderr)\n"
            "except OSError:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


WORKBOOK_CHILD = """
import io, sys, time
import pandas as pd
from ictrank.criteria import load_criteria
from ictrank.pipeline import rank_source
from ictrank.render.xlsx_out import render_xlsx

ranking, _ = rank_source(sys.argv[1], load_criteria(sys.argv[2]))
data = render_xlsx(ranking, "en")
tables = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine")

runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
engine = sys.argv[5] if len(sys.argv) > 5 else "openpyxl"

def to_excel():
    with pd.ExcelWriter(io.BytesIO(), engine=engine) as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name, index=False)

def median(fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]

ours = median(lambda: render_xlsx(ranking, "en"))
base = median(to_excel)
cells = sum(t.size + t.shape[1] for t in tables.values())
open(sys.argv[3], "w").write(f"{ours} {base} {cells}")
"""


def read_time_of(reader: str, path: Path, work: Path) -> float:
    """The reading alone (`reader`, Python reading `p`), timed inside a fresh process:
    imports left out."""
    run_python("import sys, time, pandas as pd; "
               "from ictrank.read import read_sheet; p = sys.argv[1]; "
               f"s = time.perf_counter(); {reader}; "
               "print(time.perf_counter() - s, file=open(sys.argv[2], 'w'))",
               str(path), str(work / "t.txt"))
    return float((work / "t.txt").read_text())


def workbook_rows(work: Path, n: int, m: int, criteria: Path, runs: int, engine: str,
                  target: str, seed: int) -> list[tuple[str, str, str]]:
    """n units × m indicators to the ranking workbook against DataFrame.to_excel (`engine`)
    of the same tables, in one process (median of `runs`), and the run's peak memory."""
    path = work / f"book-{n}.csv"
    make_sheet(n, m, seed=seed).to_csv(path, index=False)
    run_python(WORKBOOK_CHILD, str(path), str(criteria), str(work / "t.txt"), str(runs),
               engine)
    ours, base, cells = (float(x) for x in (work / "t.txt").read_text().split())
    wall, peak = peak_memory_mb(["score", str(path), "-c", str(criteria), "-o",
                                 str(work / f"book-{n}.xlsx")])
    return [(f"write the {n:,}-unit ranking workbook ({cells:,.0f} cells), median of {runs}",
             f"{ours:.2f} s", f"DataFrame.to_excel ({engine}) of the same tables: {base:.2f} s; "
             f"{ours / base:.2f}× (target {target})"),
            (f"score {n:,} × {m} to the XLSX workbook end to end, peak memory",
             f"{peak:,.0f} MB ({wall:.1f} s)", "")]


def blank_rows_workbook(path: Path, sheet: pd.DataFrame, blank_rows: int) -> None:
    """An .xlsx of `sheet` under which `blank_rows` rows of formatted blank cells (a
    border, nothing in them) run, as a template formatted far below its table; its parts
    written as text, a few MB a second faster than any writer library."""
    import zipfile
    from xml.sax.saxutils import escape

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    letters = [chr(65 + i) if i < 26 else "A" + chr(65 + i - 26) for i in range(sheet.shape[1])]

    def row_xml(number: int, cells: list[object]) -> str:
        parts = []
        for letter, value in zip(letters, cells, strict=True):
            if isinstance(value, str):
                parts.append(f'<c r="{letter}{number}" t="inlineStr"><is><t>{escape(value)}'
                             "</t></is></c>")
            else:
                parts.append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
        return f'<row r="{number}">{"".join(parts)}</row>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName='
            '"/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/></Types>'))
        book.writestr("_rels/.rels", f'<Relationships xmlns="{package}"><Relationship Id="r1" '
                      f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
                      '<sheet name="Data" sheetId="1" r:id="r1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{package}"><Relationship Id="r1" Type="{rels}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="'
            f'{rels}/styles" Target="styles.xml"/></Relationships>'))
        book.writestr("xl/styles.xml", (
            f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills count="1">'
            '<fill/></fills><borders count="2"><border/><border><left style="thin"/></border>'
            '</borders><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="0" borderId="1" '
            'applyBorder="1"/></cellXfs></styleSheet>'))
        with book.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
                       "<sheetData>".encode())
            part.write(row_xml(1, list(sheet.columns)).encode())
            for number, values in enumerate(sheet.itertuples(index=False), start=2):
                part.write(row_xml(number, list(values)).encode())
            first = len(sheet) + 2
            for start in range(first, first + blank_rows, 10_000):
                part.write("".join(
                    f'<row r="{r}">' + "".join(f'<c r="{x}{r}" s="1"/>' for x in letters)
                    + "</row>" for r in range(start, min(start + 10_000, first + blank_rows))
                ).encode())
            part.write(b"</sheetData></worksheet>")


COLLECT_CHILD = """
import glob, sys, time
from ictrank.collect import collect
from ictrank.criteria import load_criteria
from ictrank.read import open_workbook
from ictrank.read.files import file_bytes
from ictrank.read.template import read_template

paths = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))
criteria = load_criteria(sys.argv[2])
runs = []
for _ in range(3):
    start = time.perf_counter()
    for path in paths:  # reading the files alone, as collect reads them
        read_template(open_workbook(file_bytes(path), path), criteria, ".", path)
    read = time.perf_counter() - start
    start = time.perf_counter()
    collected = collect(paths, criteria)
    collected.csv_bytes()
    runs.append((read, time.perf_counter() - start))
read, whole = sorted(runs, key=lambda run: run[1])[1]
open(sys.argv[3], "w").write(f"{read} {whole} {len(paths)}")
"""


def make_templates(folder: Path, criteria: Path, count: int) -> None:
    """`count` filled templates of the bundled Lào Cai 2014 criteria, one per agency of
    the sample in turn, each with its own id."""
    import io

    import openpyxl

    from ictrank.criteria import load_criteria
    from ictrank.template import build_template

    book = openpyxl.load_workbook(io.BytesIO(build_template(load_criteria(str(criteria)))))
    sample = pd.read_csv(ROOT / "samples" / "laocai-2014.csv", dtype=str,
                         keep_default_na=False)
    sheet = book.worksheets[0]
    keys = {}
    row = 1
    while row < 200:
        key = sheet[f"A{row}"].value
        if isinstance(key, str) and key in sample.columns:
            keys[key] = row
        row += 1
    for k in range(count):
        unit = sample.iloc[k % len(sample)]
        sheet["B3"], sheet["B4"], sheet["B5"] = f"U{k:05d}", unit["name"], unit["group"]
        for key, at in keys.items():
            text = unit[key]
            try:
                sheet[f"F{at}"] = float(text)
            except ValueError:
                sheet[f"F{at}"] = text
        book.save(folder / f"U{k:05d}.xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--skip-memory", action="store_true", help="skip the 1,000,000 run")
    options = parser.parse_args()
    n, m = (10_000, 100) if options.quick else (100_000, 100)
    sens_n, sens_m, sens_runs = (2_000, 50, 200) if options.quick else (10_000, 50, 1000)
    big_n = 100_000 if options.quick else 1_000_000

    from ictrank.criteria import parse_criteria
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import Engine, score
    from ictrank.sensitivity import sensitivity

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        crit_path = work / "criteria.yaml"
        crit_path.write_text(make_criteria(m), encoding="utf-8")
        criteria = parse_criteria(crit_path.read_text(encoding="utf-8"), str(crit_path))
        sheet = make_sheet(n, m)
        data_path = work / "data.csv"
        sheet.to_csv(data_path, index=False)
        size_mb = data_path.stat().st_size / 1e6

        e2e_runs, bare_runs = [], []
        for _ in range(5):  # side by side, in turn, so both see the same machine
            e2e_runs.append(run_cli(["score", str(data_path), "-c", str(crit_path), "-o",
                                     str(work / "out.csv")]))
            bare_runs.append(run_python(BARE_PANDAS, str(data_path), str(work / "bare.csv")))
        e2e, bare = median_of(e2e_runs), median_of(bare_runs)
        rows.append((f"(a) score end to end, {n:,} × {m} CSV ({size_mb:.0f} MB)",
                     f"{e2e:.2f} s", "< 5 s"))
        rows.append(("    a bare pandas script (read, weighted sum, rank, write), median of 5",
                     f"{bare:.2f} s", f"(a) is {e2e / bare:.2f}× this (target ≤ 1.1×, "
                                      "goal ≤ 1.0×)"))

        dataset, _ = load_dataset(str(data_path), criteria)
        engine = timed(lambda: score(dataset, criteria), repeat=5)
        rows.append((f"(b) engine alone, {n:,} × {m}", f"{engine:.3f} s", "≤ 3 × (c)"))
        leaves = timed(lambda: Engine(dataset, criteria, record_branches=True), repeat=5)
        built = Engine(dataset, criteria, record_branches=True)
        sums = timed(built.root, repeat=5)
        rows.append(("    of which: leaf fractions / weighted sums / ranks, bands, order, table",
                     f"{leaves:.3f} / {sums:.3f} / {max(engine - leaves - sums, 0):.3f} s", ""))

        matrix = np.random.default_rng(1).random((n, m))
        weights = np.random.default_rng(2).random(m)
        weights /= weights.sum()
        lower = timed(lambda: matrix @ weights * 100.0, repeat=5)
        rows.append((f"(c) numpy weighted sum, {n:,} × {m} pre-normalised",
                     f"{lower:.4f} s", f"(b) is {engine / lower:.0f}× this"))
        raw = matrix * 100.0

        def normalise_and_sum() -> None:
            fractions = np.clip(raw / 100.0, 0.0, 1.0)  # one goalpost rule for every column
            scores = fractions @ weights * 100.0
            np.argsort(-scores, kind="stable")

        hand = timed(normalise_and_sum, repeat=5)
        rows.append((f"(c2) numpy goalposts + weighted sum + sort, {n:,} × {m}",
                     f"{hand:.4f} s", f"(b) is {engine / hand:.1f}× this"))
        columns = [np.ascontiguousarray(raw[:, j]) for j in range(m)]
        fractions = np.empty((m, n))
        total = np.empty(n)
        term = np.empty(n)

        def floor_in_place() -> None:
            for j, column in enumerate(columns):  # clip((x - lo) / (hi - lo), 0, 1)
                row = fractions[j]
                np.subtract(column, 0.0, out=row)
                np.divide(row, 100.0, out=row)
                np.clip(row, 0.0, 1.0, out=row)
            total.fill(0.0)
            for j in range(m):
                np.add(total, np.multiply(fractions[j], weights[j], out=term), out=total)

        floor = timed(floor_in_place, repeat=5)
        rows.append(("(c3) numpy floor: columns normalised in place + sum in order",
                     f"{floor:.4f} s", f"{floor / lower:.1f}× (c); (b) is {engine / floor:.1f}×"))
        try:
            from pymcdm.methods import WSM

            types = np.ones(m)
            wsm = timed(lambda: WSM()(matrix, weights, types), repeat=3)
            rows.append((f"(d) pymcdm WSM, {n:,} × {m}", f"{wsm:.3f} s", ""))
        except ImportError:
            rows.append(("(d) pymcdm WSM", "not installed", "pip install pymcdm"))

        sens_crit = parse_criteria(make_criteria(sens_m), "sens.yaml")
        sens_path = work / "sens.csv"
        make_sheet(sens_n, sens_m, seed=3).to_csv(sens_path, index=False)
        sens_data, _ = load_dataset(str(sens_path), sens_crit)
        nominal = score(sens_data, sens_crit)
        sens = timed(lambda: sensitivity(sens_data, sens_crit, nominal, runs=sens_runs))
        rows.append((f"sensitivity, {sens_runs} runs, {sens_n:,} × {sens_m}", f"{sens:.2f} s",
                     "< 10 s"))

        if not options.skip_memory:
            big_crit = work / "big.yaml"
            big_crit.write_text(make_criteria(50), encoding="utf-8")
            big_path = work / "big.csv"
            make_sheet(big_n, 50, seed=4).to_csv(big_path, index=False)  # freed before the run
            wall, peak = peak_memory_mb(["score", str(big_path), "-c", str(big_crit), "-o",
                                         str(work / "big-out.csv")])
            rows.append((f"score {big_n:,} × 50 end to end, peak memory",
                         f"{peak:,.0f} MB ({wall:.1f} s)", "< 2,048 MB"))

        # a 10,000-row workbook scored, against pandas reading it alone (issue 14)
        xlsx_n = 2_000 if options.quick else 10_000
        xlsx_path = work / "sheet.xlsx"
        make_sheet(xlsx_n, 50, seed=6).to_excel(xlsx_path, index=False)
        xlsx_crit = work / "xlsx.yaml"
        xlsx_crit.write_text(make_criteria(50), encoding="utf-8")
        xlsx_runs, read_runs, calamine_runs, ours_runs = [], [], [], []
        for _ in range(3):
            xlsx_runs.append(run_cli(["score", str(xlsx_path), "-c", str(xlsx_crit), "-o",
                                      str(work / "xlsx-out.csv")]))
            for reader, runs in (("pd.read_excel(p, engine='openpyxl')", read_runs),
                                 ("pd.read_excel(p, engine='calamine')", calamine_runs),
                                 ("read_sheet(p)", ours_runs)):
                runs.append(read_time_of(reader, xlsx_path, work))
        xlsx_time, read_time = median_of(xlsx_runs), median_of(read_runs)
        ours_time = median_of(ours_runs)
        rows.append((f"read a {xlsx_n:,} × 50 XLSX (read.read_sheet), median of 3",
                     f"{ours_time:.2f} s",
                     f"pandas.read_excel (openpyxl): {read_time:.2f} s; "
                     f"{ours_time / read_time:.2f}× (target ≤ 0.6×); engine='calamine': "
                     f"{median_of(calamine_runs):.2f} s"))
        rows.append(("score that XLSX end to end, median of 3", f"{xlsx_time:.2f} s",
                     f"{xlsx_time / read_time:.2f}× pandas.read_excel (openpyxl) alone"))

        # 20,000 units to the ranking workbook, against pandas writing the same tables (every
        # sheet's cells, read back from the workbook) with DataFrame.to_excel (openpyxl), in
        # the same process (issue 20); and the whole run's peak memory
        rows += workbook_rows(work, 4_000 if options.quick else 20_000, 50, xlsx_crit,
                              runs=3, engine="openpyxl", target="≤ 1.5×", seed=7)
        # issue 26: 200,000 units, against to_excel with XlsxWriter (the engine pandas picks
        # where it is installed, faster than openpyxl), one run each
        large_crit = work / "large.yaml"
        large_crit.write_text(make_criteria(20), encoding="utf-8")
        rows += workbook_rows(work, 20_000 if options.quick else 200_000, 20, large_crit,
                              runs=1, engine="xlsxwriter", target="≤ 3×", seed=12)

        # issue 26: a sheet of 30 units formatted down to row 1,000,000 (20 formatted blank
        # cells a row), read by ictrank and by pandas with calamine, median of 3 each
        blank_n = 100_000 if options.quick else 1_000_000
        blank_path = work / "blank.xlsx"
        blank_rows_workbook(blank_path, make_sheet(30, 20, seed=13), blank_n)
        ours_runs, calamine_runs = [], []
        for _ in range(3):
            for reader, runs in (("read_sheet(p)", ours_runs),
                                 ("pd.read_excel(p, engine='calamine')", calamine_runs)):
                runs.append(read_time_of(reader, blank_path, work))
        ours_time, calamine_time = median_of(ours_runs), median_of(calamine_runs)
        wall, peak = peak_memory_mb(["score", str(blank_path), "-c", str(large_crit), "-o",
                                     str(work / "blank-out.csv")])
        rows.append((f"read 30 units over {blank_n:,} formatted blank rows, median of 3",
                     f"{ours_time:.2f} s",
                     f"read_excel (calamine): {calamine_time:.2f} s; "
                     f"{ours_time / calamine_time:.2f}× (target ≤ 3×)"))
        rows.append(("score that workbook end to end, peak memory",
                     f"{peak:,.0f} MB ({wall:.1f} s)", ""))

        # issue 26: collect many small filled templates; ictrank's own work beyond reading
        # each file (< 5 ms a template), median of 3 in one process
        count = 200 if options.quick else 1_000
        folder = work / "templates"
        folder.mkdir()
        laocai = ROOT / "criteria" / "laocai-2014.yaml"
        make_templates(folder, laocai, count)
        run_python(COLLECT_CHILD, str(folder), str(laocai), str(work / "t.txt"))
        read_time, whole, _ = (float(x) for x in (work / "t.txt").read_text().split())
        wall, peak = peak_memory_mb(["collect", str(folder), "-o", str(work / "c.csv")])
        rows.append((f"collect {count:,} filled templates, median of 3",
                     f"{whole:.2f} s",
                     f"reading the files: {read_time:.2f} s; own work "
                     f"{1000 * (whole - read_time) / count:.1f} ms a template (target < 5 ms)"))
        rows.append((f"collect {count:,} templates end to end, peak memory",
                     f"{peak:,.0f} MB ({wall:.1f} s)", ""))

        # issue 25: `audit` of 10,000 units × 100 criteria (< 10 s), and Sobol' indices of
        # 50 weights with N = 1,000 base samples (52,000 runs) on 1,000 units (< 60 s)
        audit_n = 2_000 if options.quick else 10_000
        audit_path = work / "audit.csv"
        make_sheet(audit_n, 100, seed=21).to_csv(audit_path, index=False)
        wall, peak = peak_memory_mb(["audit", str(audit_path), "-c", str(crit_path),
                                     "--format", "json", "-o", str(work / "audit.json")])
        rows.append((f"audit {audit_n:,} × 100 (JSON)", f"{wall:.2f} s, {peak:,.0f} MB",
                     "< 10 s"))
        sobol_n, sobol_units = (128, 200) if options.quick else (1_000, 1_000)
        sobol_crit = work / "sobol.yaml"
        sobol_crit.write_text("name: Sobol\nscale: 100\ncriteria:\n" + "".join(
            f"  - {{id: x{k}, weight: 1, method: linear, range: [0, 100]}}\n"
            for k in range(50)), encoding="utf-8")
        sobol_path = work / "sobol.csv"
        sobol_values = np.round(np.random.default_rng(22).uniform(0, 100, (sobol_units, 50)), 1)
        pd.DataFrame(sobol_values, columns=[f"x{k}" for k in range(50)]).assign(
            id=[f"u{i}" for i in range(sobol_units)], name=[f"Unit {i}" for i in range(
                sobol_units)]).to_csv(sobol_path, index=False)
        wall, peak = peak_memory_mb(["sensitivity", str(sobol_path), "-c", str(sobol_crit),
                                     "--method", "sobol", "--samples", str(sobol_n),
                                     "--format", "json", "-o", str(work / "sobol.json")])
        rows.append((f"sensitivity --method sobol: 50 weights, N = {sobol_n:,} "
                     f"({sobol_n * 52:,} runs), {sobol_units:,} units",
                     f"{wall:.1f} s, {peak:,.0f} MB", "< 60 s"))

        # the PDF annex of 2,000 units against the same ranking to CSV (issue 23: within 3×),
        # and of 10,000 units (under 20 s), each end to end, median of 3
        for pdf_n, target in ((500 if options.quick else 2_000, "≤ 3× the CSV"),
                              (2_000 if options.quick else 10_000, "< 20 s")):
            pdf_path = work / f"pdf-{pdf_n}.csv"
            make_sheet(pdf_n, 50, seed=11).to_csv(pdf_path, index=False)
            to_pdf = median_of([run_cli(["score", str(pdf_path), "-c", str(xlsx_crit), "-o",
                                         str(work / "a.pdf")]) for _ in range(3)])
            to_csv = median_of([run_cli(["score", str(pdf_path), "-c", str(xlsx_crit), "-o",
                                         str(work / "a.csv")]) for _ in range(3)])
            rows.append((f"score {pdf_n:,} × 50 to the PDF annex, median of 3",
                         f"{to_pdf:.2f} s", f"to CSV: {to_csv:.2f} s; "
                         f"{to_pdf / to_csv:.1f}× (target {target})"))

        # a panel: every commune of Vietnam (10,600) over 10 years, 50 indicators, against
        # one sheet of 100,000 rows × 50 (issue 12: comparable time and memory)
        communes, years = (1_060, 10) if options.quick else (10_600, 10)
        panel_crit = work / "panel.yaml"
        panel_crit.write_text(make_criteria(50).replace(
            "decimals: 2", "decimals: 2\ncolumns: {period: year}"), encoding="utf-8")
        panel_path = work / "panel.csv"
        pd.concat([make_sheet(communes, 50, seed=10 + k).assign(year=2015 + k)
                   for k in range(years)]).to_csv(panel_path, index=False)
        flat_crit = work / "flat.yaml"
        flat_crit.write_text(make_criteria(50), encoding="utf-8")
        flat_path = work / "flat.csv"
        make_sheet(communes * years, 50, seed=5).to_csv(flat_path, index=False)
        flat_wall, flat_peak = peak_memory_mb(["score", str(flat_path), "-c", str(flat_crit),
                                               "-o", str(work / "flat-out.csv")])
        panel_wall, panel_peak = peak_memory_mb(["score", str(panel_path), "-c",
                                                 str(panel_crit), "-o",
                                                 str(work / "panel-out.csv")])
        rows.append((f"score a panel, {communes:,} units × {years} years × 50 (CSV out)",
                     f"{panel_wall:.2f} s, {panel_peak:,.0f} MB",
                     f"one sheet of {communes * years:,} × 50: {flat_wall:.2f} s, "
                     f"{flat_peak:,.0f} MB"))
        trend_wall, trend_peak = peak_memory_mb(["trend", str(panel_path), "-c",
                                                 str(panel_crit), "-o", str(work / "trend.csv")])
        rows.append((f"trend of that panel ({communes:,} rows × {years} periods)",
                     f"{trend_wall:.2f} s, {trend_peak:,.0f} MB", ""))

        # many short periods (issue 26): 10,000 periods of 2 units against one sheet of the
        # same 20,000 rows, each the median of 3, peak memory of one run
        periods = 1_000 if options.quick else 10_000
        many_crit = work / "many.yaml"
        many_crit.write_text(make_criteria(20).replace(
            "decimals: 2", "decimals: 2\ncolumns: {period: year}"), encoding="utf-8")
        many = make_sheet(2 * periods, 20, seed=3)
        many["id"] = [f"u{i % 2}" for i in range(2 * periods)]
        many["year"] = [2000 + i // 2 for i in range(2 * periods)]
        many_path = work / "many.csv"
        many.to_csv(many_path, index=False)
        one_crit = work / "one.yaml"
        one_crit.write_text(make_criteria(20), encoding="utf-8")
        one_path = work / "one.csv"
        make_sheet(2 * periods, 20, seed=3).to_csv(one_path, index=False)
        many_runs, one_runs = [], []
        for _ in range(3):
            many_runs.append(run_cli(["score", str(many_path), "-c", str(many_crit), "-o",
                                      str(work / "many-out.csv")]))
            one_runs.append(run_cli(["score", str(one_path), "-c", str(one_crit), "-o",
                                     str(work / "one-out.csv")]))
        _, many_peak = peak_memory_mb(["score", str(many_path), "-c", str(many_crit), "-o",
                                       str(work / "many-out.csv")])
        _, one_peak = peak_memory_mb(["score", str(one_path), "-c", str(one_crit), "-o",
                                      str(work / "one-out.csv")])
        many_time, one_time = median_of(many_runs), median_of(one_runs)
        rows.append((f"score {periods:,} periods × 2 units × 20 (CSV out), median of 3",
                     f"{many_time:.2f} s, {many_peak:,.0f} MB",
                     f"one sheet of {2 * periods:,} × 20: {one_time:.2f} s, {one_peak:,.0f} MB; "
                     f"{many_time / one_time:.2f}× (target ≤ 1.5×)"))

    run_cli(["--help"])  # the first run writes the bytecode
    help_time = median_of([run_cli(["--help"]) for _ in range(7)])
    rows.append(("ictrank --help start-up, median of 7", f"{help_time:.3f} s", "< 0.15 s"))
    sample = median_of([run_cli(["score", str(ROOT / "samples" / "laocai-2014.csv"),
                                 "--format", "csv"]) for _ in range(5)])
    floor = median_of([run_python("import pandas") for _ in range(5)])
    rows.append(("score the 31-agency sample, end to end, median of 5", f"{sample:.2f} s",
                 f"< 0.5 s; `python -c 'import pandas'` alone: {floor:.2f} s, "
                 f"ictrank's own part {sample - floor:.2f} s"))

    if editable_install():
        print("note: ictrank is installed editable (pip install -e): its import hook adds "
              "to every start-up; `pip install .` measures what users run")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>22}  {target}")


if __name__ == "__main__":
    main()
