"""The command line: parse options, call the library, render. Nothing else lives here.

Heavy imports (pandas, rich) happen inside the commands so `ictrank --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ictrank import __version__
from ictrank.errors import CriteriaError, IctrankError, SheetError

if TYPE_CHECKING:
    from ictrank.criteria import Criteria
    from ictrank.validate import NumberFormat

SCORE_FORMATS = ("table", "csv", "json", "markdown", "xlsx", "html")
EXTENSIONS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown",
              ".txt": "table", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


class IctrankGroup(click.Group):
    """Turns library errors into one clear message and exit code 1 (traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except SheetError as exc:
            if _debug(ctx):
                raise
            from ictrank.render.report_out import report_lines

            lines = report_lines(exc.report)
            click.echo(f"error: {exc} — nothing was scored:", err=True)
            for line in lines:
                click.echo(f"  {line}", err=True)
            ctx.exit(1)
        except CriteriaError as exc:
            if _debug(ctx):
                raise
            count = len(exc.problems)
            click.echo(f"error: the criteria file has {count} problem{'s' if count != 1 else ''}:",
                       err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            ctx.exit(1)
        except IctrankError as exc:
            if _debug(ctx):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(1)
        except Exception as exc:
            if _debug(ctx):
                raise
            click.echo(f"error: internal error ({type(exc).__name__}: {exc}); run again with "
                       "--debug for the traceback and report it", err=True)
            ctx.exit(1)


def _debug(ctx: click.Context) -> bool:
    return bool((ctx.obj or {}).get("debug"))


@click.group(cls=IctrankGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ictrank")
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Rank agencies by a weighted ICT-application index.

    A YAML criteria file and a CSV/XLSX indicator sheet in; scores, ranks and
    bands per group out.
    """
    ctx.obj = {"debug": debug}


criteria_option = click.option(
    "-c", "--criteria", "criteria_path", metavar="CRITERIA",
    help="Criteria file (default: ./criteria.yaml, else the bundled laocai-2014 set).",
)
sheet_option = click.option("--sheet", help="XLSX sheet name or number (default: the first).")
decimal_option = click.option("--decimal", type=click.Choice([".", ","]), default=".",
                              show_default=True, help="Decimal mark in the sheets.")
thousands_option = click.option("--thousands", type=click.Choice([",", ".", " ", "'"]),
                                help="Thousands separator used in the sheets.")
lang_option = click.option("--lang", type=click.Choice(["en", "vi"]),
                           help="Language of headers and labels (default: the criteria's lang).")


def _load_criteria(path: str | None) -> Criteria:
    from ictrank.criteria import load_criteria, resolve_criteria_path

    return load_criteria(resolve_criteria_path(path))


def _number_format(decimal: str, thousands: str | None) -> NumberFormat:
    from ictrank.validate import NumberFormat

    if thousands is not None and thousands == decimal:
        raise click.UsageError("--thousands and --decimal cannot be the same character")
    return NumberFormat(decimal=decimal, thousands=thousands)


def _stdin_if(sources: list[str]) -> bytes | None:
    if "-" not in sources:
        return None
    return sys.stdin.buffer.read()


def _console(file: Any = None, width: int | None = None) -> Any:
    from rich.console import Console

    console = Console(file=file, width=width, soft_wrap=False)
    if width is None and not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160  # a table piped to a file or pager: no 80-column squeeze
    return console


def _render_text(renderable: Any, width: int = 160) -> str:
    import io

    buffer = io.StringIO()
    _console(buffer, width).print(renderable)
    return buffer.getvalue()


def _output_format(fmt: str | None, output: str | None, choices: tuple[str, ...]) -> str:
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix in EXTENSIONS and EXTENSIONS[suffix] in choices:
            return EXTENSIONS[suffix]
        raise click.UsageError(f"cannot tell the format from {output!r}; use --format "
                               f"({', '.join(choices)}) or a file ending "
                               f"{', '.join(s for s, f in EXTENSIONS.items() if f in choices)}")
    return "table" if sys.stdout.isatty() else "csv"


def _emit(content: str | bytes, output: str | None) -> None:
    if output is None or output == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            click.echo(content, nl=False)
        return
    from ictrank.output import write_atomic

    write_atomic(output, content if isinstance(content, bytes) else content.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


def _warn(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"warning: {line}", err=True)


@cli.command()
@click.argument("data")
@criteria_option
@click.option("-o", "--output", metavar="OUT", help="Write to this file (format from its "
              "extension).")
@click.option("--format", "fmt", type=click.Choice(SCORE_FORMATS),
              help="Output format (default: table on a terminal, csv when piped).")
@sheet_option
@decimal_option
@thousands_option
@lang_option
@click.option("--previous", metavar="OLD_DATA",
              help="Last round's indicator sheet: adds previous rank, rank and score change.")
@click.option("--previous-criteria", metavar="FILE",
              help="Score --previous with last round's criteria (default: the same criteria).")
@click.option("--year", type=int, help="The round's year, when the criteria file is reused.")
def score(data: str, criteria_path: str | None, output: str | None, fmt: str | None,
          sheet: str | None, decimal: str, thousands: str | None, lang: str | None,
          previous: str | None, previous_criteria: str | None, year: int | None) -> None:
    """Score, rank and band the units of DATA (CSV or XLSX; - for standard input)."""
    fmt = _output_format(fmt, output, SCORE_FORMATS)
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError("xlsx output is binary: give -o FILE.xlsx")
    if previous_criteria and not previous:
        raise click.UsageError("--previous-criteria needs --previous")
    criteria = _load_criteria(criteria_path)
    if year is not None:
        import dataclasses

        criteria = dataclasses.replace(criteria, year=year)
    lang = lang or criteria.lang or "en"
    from ictrank.pipeline import rank_source

    number_format = _number_format(decimal, thousands)
    ranking, report = rank_source(data, criteria, number_format, sheet, _stdin_if([data]))
    if previous:
        from ictrank.comparison import compare

        old_criteria = _load_criteria(previous_criteria) if previous_criteria else criteria
        old_ranking, _ = rank_source(previous, old_criteria, number_format, sheet,
                                     _stdin_if([previous]))
        ranking = compare(ranking, old_ranking, previous)
    _warn([str(p) for p in report.warnings if p.code != "unknown-column"])
    unknown = [p.column for p in report.warnings if p.code == "unknown-column"]
    if unknown:
        _warn([f"{len(unknown)} column(s) not used by the criteria: "
               + ", ".join(str(c) for c in unknown)])
    if fmt == "json":
        from ictrank.render.json_out import render_json

        _emit(render_json(ranking), output)
    elif fmt == "csv":
        from ictrank.render.csv_out import render_csv_bytes

        _emit(render_csv_bytes(ranking, bom=output is not None), output)
    elif fmt == "xlsx":
        from ictrank.render.xlsx_out import render_xlsx

        _emit(render_xlsx(ranking, lang, criteria_file=Path(criteria.source).name), output)
    elif fmt == "html":
        from ictrank.render.html_out import render_html

        _emit(render_html(ranking, lang), output)
    elif fmt == "markdown":
        from ictrank.render.markdown import render_markdown

        _emit(render_markdown(ranking, lang), output)
    else:
        from ictrank.render.table import ranking_table

        if output is None:
            _console().print(ranking_table(ranking, lang))
        else:
            _emit(_render_text(ranking_table(ranking, lang)), output)


@cli.command()
@click.argument("data", nargs=-1, required=True)
@criteria_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              help="Report format (default: table on a terminal, json when piped).")
@click.option("--max-errors", type=click.IntRange(min=1), help="Show at most N problems.")
@sheet_option
@decimal_option
@thousands_option
def validate(data: tuple[str, ...], criteria_path: str | None, fmt: str | None,
             max_errors: int | None, sheet: str | None, decimal: str,
             thousands: str | None) -> None:
    """Check submitted indicator sheets (files or folders); list every problem."""
    criteria = _load_criteria(criteria_path)
    from ictrank.pipeline import expand_sources, validate_sources
    from ictrank.report import Report

    sources = list(data)
    report = validate_sources(sources, criteria, _number_format(decimal, thousands), sheet,
                              _stdin_if(sources))
    shown = report
    if max_errors is not None and len(report.problems) > max_errors:
        shown = Report(report.sorted()[:max_errors])
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        from ictrank.render.report_out import report_json

        payload = report_json(shown)
        if shown is not report:
            import json

            obj = json.loads(payload)
            obj["valid"] = report.valid
            obj["truncated"] = len(report.problems) - max_errors  # type: ignore[operator]
            payload = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
        click.echo(payload, nl=False)
    elif fmt == "csv":
        from ictrank.render.report_out import report_csv

        click.echo(report_csv(shown), nl=False)
    else:
        from ictrank.render.report_out import report_table

        files = [("<stdin>" if s == "-" else s) for s in expand_sources(sources)]
        _console().print(report_table(shown, files))
        if shown is not report:
            click.echo(f"... {len(report.problems) - len(shown.problems)} more problems not "
                       "shown (--max-errors)", err=True)
    if not report.valid:
        sys.exit(1)


@cli.command()
@criteria_option
@click.option("-o", "--output", required=True, metavar="FILE.xlsx",
              help="Where to write the workbook.")
@lang_option
@click.option("--group", help="Only the indicators of this group (and preselect it).")
def template(criteria_path: str | None, output: str, lang: str | None,
             group: str | None) -> None:
    """Write a blank indicator workbook for agencies to fill in."""
    if not output.lower().endswith(".xlsx"):
        raise click.UsageError("the template is an Excel workbook: give -o a name ending .xlsx")
    loaded = _load_criteria(criteria_path)
    if group is not None and group not in {g.id for g in loaded.groups}:
        raise click.UsageError(f"unknown group {group!r}; the criteria have: "
                               + (", ".join(g.id for g in loaded.groups) or "no groups"))
    from ictrank.output import write_atomic
    from ictrank.template import build_template

    write_atomic(output, build_template(loaded, lang or loaded.lang or "en", group))
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("sheets", nargs=-1, required=True)
@criteria_option
@click.option("-o", "--output", required=True, metavar="DATA.csv",
              help="The indicator sheet to write.")
@click.option("--partial", is_flag=True,
              help="Write the valid templates even when some are invalid (those are listed).")
@decimal_option
@thousands_option
def collect(sheets: tuple[str, ...], criteria_path: str | None, output: str, partial: bool,
            decimal: str, thousands: str | None) -> None:
    """Gather filled templates (files or folders) into one indicator sheet for `score`."""
    loaded = _load_criteria(criteria_path)
    from ictrank.collect import collect as collect_templates
    from ictrank.output import write_atomic
    from ictrank.pipeline import expand_sources
    from ictrank.render.report_out import report_lines

    paths = [p for p in expand_sources(list(sheets)) if p != "-"]
    result = collect_templates(paths, loaded, _number_format(decimal, thousands))
    for line in report_lines(result.report, limit=200):
        click.echo(f"  {line}", err=True)
    if result.left_out and not partial:
        raise IctrankError(f"{len(result.left_out)} of {len(paths)} template(s) are invalid; "
                            "nothing was written (fix them, or use --partial to leave them out)")
    if result.frame.empty:
        raise IctrankError("no valid template to collect; nothing was written")
    write_atomic(output, result.frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    if result.left_out:
        click.echo("left out: " + ", ".join(result.left_out), err=True)
    click.echo(f"wrote {output}: {len(result.frame)} unit(s) from {len(paths)} template(s)",
               err=True)


@cli.command()
@click.argument("unit")
@click.argument("data")
@criteria_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]),
              help="Output format (default: table on a terminal, json when piped).")
@sheet_option
@decimal_option
@thousands_option
@lang_option
def explain(unit: str, data: str, criteria_path: str | None, fmt: str | None,
            sheet: str | None, decimal: str, thousands: str | None, lang: str | None) -> None:
    """Show UNIT's points per criterion and what it would take to reach the next band."""
    loaded = _load_criteria(criteria_path)
    from ictrank.explain import explain as explain_unit
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score as score_dataset

    dataset, _ = load_dataset(data, loaded, _number_format(decimal, thousands), sheet,
                              _stdin_if([data]))
    explanation = explain_unit(score_dataset(dataset, loaded), dataset, unit)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        from ictrank.render.explain_out import explanation_json

        click.echo(explanation_json(explanation, loaded), nl=False)
    else:
        from ictrank.render.explain_out import explanation_table

        _console().print(explanation_table(explanation, loaded, lang or loaded.lang or "en"))


@cli.command()
@click.argument("data")
@criteria_option
@click.option("--runs", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Monte Carlo runs.")
@click.option("--jitter", type=click.FloatRange(min=0, max=1, max_open=True), default=0.25,
              show_default=True, help="Each weight × uniform [1 − jitter, 1 + jitter].")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--methods", is_flag=True,
              help="Also vary aggregation (arithmetic/geometric) and normalisation "
                   "(goalposts/min-max).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              help="Output format (default: table on a terminal, csv when piped).")
@sheet_option
@decimal_option
@thousands_option
@lang_option
def sensitivity(data: str, criteria_path: str | None, runs: int, jitter: float, seed: int,
                methods: bool, fmt: str | None, sheet: str | None, decimal: str,
                thousands: str | None, lang: str | None) -> None:
    """Monte Carlo on the weights: rank intervals and band probabilities per unit."""
    loaded = _load_criteria(criteria_path)
    from rich.progress import Progress

    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score as score_dataset
    from ictrank.sensitivity import sensitivity as run_sensitivity

    dataset, _ = load_dataset(data, loaded, _number_format(decimal, thousands), sheet,
                              _stdin_if([data]))
    nominal = score_dataset(dataset, loaded)
    from rich.console import Console

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("sensitivity", total=runs)
        result = run_sensitivity(dataset, loaded, nominal, runs, jitter, seed, methods,
                                 progress=lambda k: bar.advance(task, k))
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "json":
        from ictrank.render.sensitivity_out import sensitivity_json

        click.echo(sensitivity_json(result), nl=False)
    elif fmt == "csv":
        from ictrank.render.sensitivity_out import sensitivity_csv

        click.echo(sensitivity_csv(result), nl=False)
    else:
        from ictrank.render.sensitivity_out import sensitivity_table

        _console().print(sensitivity_table(result, loaded, lang or loaded.lang or "en"))


@cli.group()
def criteria() -> None:
    """Show or check a criteria file."""


@criteria.command("show")
@click.argument("criteria_path", required=False, metavar="[CRITERIA]")
@lang_option
def criteria_show(criteria_path: str | None, lang: str | None) -> None:
    """Print the criteria tree with each criterion's weight, points, method and column."""
    from ictrank.render.criteria_tree import criteria_tree

    loaded = _load_criteria(criteria_path)
    _console().print(criteria_tree(loaded, lang or loaded.lang or "en"))


@criteria.command("check")
@click.argument("criteria_path", required=False, metavar="[CRITERIA]")
def criteria_check(criteria_path: str | None) -> None:
    """Check a criteria file; list every problem (exit 1) or confirm it is valid."""
    loaded = _load_criteria(criteria_path)
    leaves = len(loaded.leaves())
    click.echo(f"{loaded.source}: valid — {sum(1 for _ in loaded.walk())} criteria "
               f"({leaves} scored), scale {loaded.scale:g}, {len(loaded.groups)} group(s), "
               f"{len(loaded.bands)} band(s)")


def main() -> NoReturn:
    cli.main(prog_name="ictrank")
    sys.exit(0)  # pragma: no cover - click exits itself
