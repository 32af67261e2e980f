"""The command line: parse options, call the library, render. Nothing else lives here.

Heavy imports (pandas, rich, the workbook libraries) happen inside the commands so `ictrank --help`
stays fast. Formats are dispatched through `ictrank.render.FORMATS`. The commands
and their options are described in docs/cli.md.
"""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

import click

from ictrank import __version__
from ictrank.messages import Message, msg, term
from ictrank.render import (
    RenderOptions,
    endings,
    format_of_file,
    formats,
    is_binary,
    is_written_as,
)

if TYPE_CHECKING:
    from ictrank.criteria import Criteria
    from ictrank.read.options import ReadOptions
    from ictrank.report import Report



class IctrankCommand(click.Command):
    """A command whose library usage errors (options that cannot go together) are Click's
    usage errors, shown with the command's usage line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        from ictrank.errors import UsageError

        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(exc.text(_message_lang(ctx)), ctx) from exc


class IctrankGroup(click.Group):
    """Turns library errors into one clear message and exit code 1 (traceback only with --debug)."""

    command_class = IctrankCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            _flush_stdout()
            return result
        except click.UsageError as exc:
            if _message_lang(ctx) == "en":
                raise
            _show_usage_error(exc, _message_lang(ctx))
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo(_say(msg("cli.interrupted")), err=True)
            ctx.exit(1)
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            from ictrank.safety import terminal_text

            for line in _error_lines(exc, _message_lang(ctx)):
                click.echo(terminal_text(line), err=True)  # a cell's escapes, shown
            ctx.exit(1)


def _error_lines(exc: Exception, lang: str = "en") -> list[str]:
    """What the user reads for an error, in `lang`: one line, or a heading and one line per
    problem."""
    from ictrank.errors import CriteriaError, IctrankError, SheetError

    if isinstance(exc, SheetError):
        from ictrank.render.report_out import report_lines

        return [msg("cli.sheet_error", message=exc.message).text(lang),
                *(f"  {line}" for line in report_lines(exc.report, lang=lang))]
    if isinstance(exc, CriteriaError):
        count = len(exc.problems)
        return [msg("cli.criteria_error1" if count == 1 else "cli.criteria_error",
                    count=count).text(lang),
                *(f"  {problem.line(lang)}" for problem in exc.problems)]
    if isinstance(exc, IctrankError):
        return [msg("cli.error", message=exc.message).text(lang)]
    return [msg("cli.internal", error=f"{type(exc).__name__}: {exc}").text(lang)]


def _show_usage_error(exc: click.UsageError, lang: str) -> None:
    """Click's usage error, framed in `lang` (Click's own frame is English)."""
    if exc.ctx is not None:
        usage = exc.ctx.get_usage().replace("Usage:", term("cli.usage", lang), 1)
        hint = msg("cli.try_help", command=exc.ctx.command_path).text(lang)
        click.echo(f"{usage}\n{hint}\n", err=True)
    click.echo(msg("cli.usage_error", message=exc.format_message()).text(lang), err=True)


def _message_lang(ctx: click.Context | None = None) -> str:
    """The language of messages: --lang where given, else the criteria file's `lang`."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is None:
        return "en"
    return str((ctx.find_root().obj or {}).get("lang") or "en")


def _say(message: Message) -> str:
    return message.text(_message_lang())


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "lang": value, "lang_given": True}
    return value


@click.group(cls=IctrankGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ictrank")
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Rank agencies by a weighted ICT-application index.

    A YAML criteria file and a CSV/XLSX indicator sheet in; scores, ranks and
    bands per group out.

    \b
    Examples:
      ictrank score samples/laocai-2014.csv
      ictrank validate sheets/ -c criteria.yaml
      ictrank criteria show
    """
    ctx.obj = {"debug": debug}


criteria_option = click.option(
    "-c", "--criteria", "criteria_path", metavar="CRITERIA",
    help="Criteria file (default: ./criteria.yaml, else the bundled laocai-2014 set).",
)
decimal_option = click.option("--decimal", type=click.Choice([".", ","]),
                              help="Decimal mark in the sheets (default: the criteria's "
                                   "number_format, else `.`). With `,` a dot separates "
                                   "thousands: 15.293 is fifteen thousand.")
thousands_option = click.option("--thousands", type=click.Choice([",", ".", " ", "'"]),
                                help="Thousands separator used in the sheets.")
lang_option = click.option("--lang", type=click.Choice(["en", "vi"]), callback=_remember_lang,
                           is_eager=True,
                           help="Language of headers, labels and messages (default: the "
                                "criteria's lang).")


lineage_option = click.option(
    "--lineage", metavar="FILE",
    help="Units merged, split or renamed since last round (CSV or workbook: old_id, new_id, "
         "optional weight): each is compared with its predecessors.")


class _Reading(NamedTuple):
    """The sheet-reading options as given on the command line."""

    sheet: str | None
    header_row: int | None
    decimal: str | None
    thousands: str | None
    strict: bool
    joins: tuple[str, ...] = ()

    def given(self, sources: list[str]) -> dict[str, Any]:
        """The options as the library's keyword arguments (ictrank.api.read_options)."""
        return dict(decimal=self.decimal, thousands=self.thousands, sheet=self.sheet,
                    header_row=self.header_row, strict=self.strict, stdin=_stdin_if(sources),
                    joins=self.joins)

    def options(self, criteria: Criteria, sources: list[str]) -> ReadOptions:
        from ictrank.api import read_options

        return read_options(criteria, **self.given(sources))


def reading_options(strict: bool = False,
                    join: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--sheet, --header-row, --decimal, --thousands (and --strict, --join), handed to the
    command as one `reading` argument."""
    options = [
        click.option("--sheet", help="Workbook sheet name or number (default: the first)."),
        click.option("--header-row", type=click.IntRange(min=1), metavar="N",
                     help="The header is on row N (default: found among the first 30 rows)."),
        decimal_option,
        thousands_option,
    ]
    if strict:
        options.append(click.option("--strict", is_flag=True,
                                    help="Treat every warning as an error."))
    if join:
        options.append(click.option(
            "--join", "joins", multiple=True, metavar="FILE",
            help="Add the columns of this sheet, matched by unit id (repeatable): counts "
                 "the analyst keeps, such as late reports."))

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs["reading"] = _Reading(kwargs.pop("sheet"), kwargs.pop("header_row"),
                                         kwargs.pop("decimal"), kwargs.pop("thousands"),
                                         kwargs.pop("strict", False),
                                         tuple(kwargs.pop("joins", ())))
            return command(*args, **kwargs)

        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate


def _format_option(command: str, default: str) -> Any:
    return click.option("--format", "fmt", type=click.Choice(formats(command)),
                        help=f"Output format (default: table on a terminal, {default} when "
                             "piped).")


def _load_criteria(path: str | None) -> Criteria:
    """The criteria file; its `lang` becomes the language of messages unless --lang."""
    from ictrank.api import load_criteria

    loaded = load_criteria(path)
    root = click.get_current_context().find_root()
    if loaded.lang and not (root.obj or {}).get("lang_given"):
        root.obj = {**(root.obj or {}), "lang": loaded.lang}
    return loaded


def _stdin_if(sources: list[str]) -> bytes | None:
    if "-" not in sources:
        return None
    from ictrank.read.files import bounded_bytes

    return bounded_bytes(sys.stdin.buffer, "<stdin>")


def _flush_stdout() -> None:
    """Standard output written out; a disk that is full (`> /dev/full`) is a clear message,
    and what could not be written is dropped (Python would try again at exit, and say so
    in English)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _stdout_failed(exc)


def _stdout_failed(exc: OSError) -> NoReturn:
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), sys.stdout.fileno())
    from ictrank.codes import Code
    from ictrank.errors import IctrankError

    raise IctrankError(msg("write.cannot", path="<stdout>", error=exc.strerror),
                       Code.CANNOT_WRITE) from exc


def _check_paths(inputs: list[str | None], output: str | None,
                 default_criteria: bool = False) -> None:
    """Standard input can be read once, and no output may overwrite an input: a file named
    on the command line, or the ./criteria.yaml read when no criteria are named
    (`default_criteria`)."""
    if default_criteria:
        from ictrank.criteria.files import LOCAL_CRITERIA

        inputs = [*inputs, LOCAL_CRITERIA]
    given = [p for p in inputs if p is not None]
    if given.count("-") > 1:
        raise click.UsageError(_say(msg("usage.stdin_once")))
    if output is None or output == "-":
        return
    for source in given:  # os.path, not pathlib: pathlib's import costs `--help` 10 ms
        if source != "-" and os.path.exists(output) and os.path.exists(source) and (
                os.path.samefile(source, output)):
            raise click.UsageError(_say(msg("usage.output_is_input", output=output,
                                            source=source)))


def _console(file: Any = None, width: int | None = None, content: Any = None) -> Any:
    """A console for `content`: a terminal's own width, or 160 for a file or a pipe
    (COLUMNS where set), widened for a file or a pipe to the content's natural width, so
    that a file gets every column whole. Print with `_show`: a table wider than a
    terminal keeps every column and every number (its numeric columns are as wide as
    their widest number), and the terminal wraps its long lines."""
    from rich.console import Console

    console = Console(file=file, width=width, soft_wrap=False)
    if width is None and not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160  # a table piped to a file or pager: no 80-column squeeze
    if content is not None and not console.is_terminal:
        console.width = max(console.width, _table_width(content))
    return console


def _table_width(content: Any) -> int:
    """The natural width of the widest table in `content` (a table, or a group of them and
    lines of text, which keep wrapping at the console's width)."""
    from rich.console import Console, Group
    from rich.measure import Measurement
    from rich.table import Table

    if isinstance(content, Group):
        return max((_table_width(part) for part in content.renderables), default=0)
    if not isinstance(content, Table):
        return 0
    probe = Console(width=100_000, file=io.StringIO(), soft_wrap=False)
    return Measurement.get(probe, probe.options, content).maximum


def _show(content: Any, file: Any = None, width: int | None = None) -> None:
    """Print a rich renderable, its long lines never cut at the console's edge."""
    try:
        _console(file, width, content).print(content, crop=False)
    except BrokenPipeError:
        raise
    except OSError as exc:
        if file is not None:
            raise
        _stdout_failed(exc)


def _output_format(fmt: str | None, output: str | None, command: str, piped: str) -> str:
    """--format, else the output file's extension, else table on a terminal and `piped`
    otherwise."""
    if fmt is not None:
        return fmt
    if output is not None:
        found = format_of_file(output, command)
        if found is not None:
            return found
        raise click.UsageError(_say(msg("usage.format", output=output,
                                        formats=", ".join(formats(command)),
                                        endings=", ".join(endings(command)))))
    return "table" if sys.stdout.isatty() else piped


def _file_format(fmt: str | None, output: str | None, command: str) -> str:
    """The format of a command whose output may be a file (CSV when piped); a workbook is
    binary and goes to a file, never to a terminal."""
    fmt = _output_format(fmt, output, command, "csv")
    if is_binary(fmt) and output is None and sys.stdout.isatty():
        raise click.UsageError(_say(msg("usage.binary", format=fmt)))
    return fmt


def _language(criteria: Criteria, lang: str | None) -> str:
    """--lang, else the criteria's `lang`, else English (the library's rule: api.language)."""
    from ictrank.api import language

    return language(criteria, lang)


def _publish_options(criteria: Criteria, lang: str | None, output: str | None) -> RenderOptions:
    """What the renderers of a ranking, a panel or a trend need besides their subject."""
    return RenderOptions(lang=_language(criteria, lang), criteria=criteria,
                         to_file=output is not None,
                         criteria_file=os.path.basename(criteria.source))


def _publish(command: str, fmt: str, subject: Any, options: RenderOptions,
             output: str | None = None) -> None:
    """Render `subject` and print it, or write it atomically to `output`."""
    from ictrank.render import render

    if fmt == "table" and output is None:
        basic = _console().color_system in ("standard", "windows")  # 16 colours: by hue
        content = render(command, fmt, subject, options._replace(basic_colors=basic))
        _show(content)
        return
    content = render(command, fmt, subject, options)
    if not isinstance(content, (str, bytes)):  # a rich renderable: the table format
        if output is None:
            _show(content)
            return
        buffer = io.StringIO()
        _show(content, buffer, 160)
        content = buffer.getvalue()
    if output is None or output == "-":
        try:
            if isinstance(content, bytes):
                sys.stdout.buffer.write(content)
            else:  # as rendered: click would strip an escape sequence off a pipe, and
                # `\x1b[31m=` in an id would reach a spreadsheet as the formula `=`
                click.echo(content, nl=False, color=True)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _stdout_failed(exc)
        return
    from ictrank.output import write_atomic

    write_atomic(output, content if isinstance(content, bytes) else content.encode("utf-8"))
    click.echo(_say(msg("cli.wrote", file=output)), err=True)


def _warn(report: Report) -> None:
    """The warnings of a run that went ahead (sheet and engine), on stderr."""
    from ictrank.render.report_out import note_lines, warning_lines
    from ictrank.safety import terminal_text

    lang = _message_lang()  # (a sheet's text may hold escapes: shown, never obeyed)
    for line in note_lines(report, lang):
        click.echo(terminal_text(msg("cli.note", message=line).text(lang)), err=True)
    for line in warning_lines(report, lang):
        click.echo(terminal_text(msg("cli.warning", message=line).text(lang)), err=True)


output_option = click.option("-o", "--output", metavar="OUT",
                             help="Write to this file (format from its extension).")
periods_option = click.option(
    "--periods", metavar="P1,P2,...", help="The period of each DATA file, in order (several "
    "files are one panel; default: each file's period column).")
period_option = click.option("--period", metavar="P",
                             help="Publish this period only (the one before it still gives "
                                  "the year-on-year columns).")


@cli.command()
@click.argument("data", nargs=-1, required=True)
@criteria_option
@output_option
@_format_option("score", "csv")
@reading_options(strict=True, join=True)
@lang_option
@click.option("--previous", metavar="OLD_DATA",
              help="Last round's indicator sheet: adds previous rank, rank and score change.")
@click.option("--previous-criteria", metavar="FILE",
              help="Score --previous with last round's criteria (default: the same criteria).")
@click.option("--previous-decimal", type=click.Choice([".", ","]),
              help="The decimal mark of the --previous sheet, where it differs from this "
                   "round's (last year's Excel export with commas, this year's CSV with dots).")
@click.option("--year", type=int, help="The round's year, when the criteria file is reused.")
@periods_option
@period_option
@lineage_option
def score(data: tuple[str, ...], criteria_path: str | None, output: str | None,
          fmt: str | None, reading: _Reading, lang: str | None, previous: str | None,
          previous_criteria: str | None, previous_decimal: str | None, year: int | None,
          periods: str | None, period: str | None, lineage: str | None) -> None:
    """Score, rank and band the units of DATA (CSV or a workbook; - for standard input).

    Several periods (a period column, or one file per period) are ranked each on its own
    and compared with the period before.

    \b
    Examples:
      ictrank score samples/laocai-2014.csv
      ictrank score samples/laocai-2014.csv -o ranking.xlsx --lang vi
      ictrank score samples/laocai-2014.csv -o phu-luc.pdf --lang vi
      ictrank score samples/undp-hdi-2022.csv -c undp-hdi --format json
      ictrank score samples/laocai-2015.csv --previous samples/laocai-2014.csv --year 2015
      ictrank score 2025.csv --previous xuat-2024.csv --previous-decimal ,
      ictrank score so-lieu.xlsx --decimal , --header-row 6 --strict
      ictrank score samples/laocai-2014.csv samples/laocai-2015.csv --periods 2014,2015
      ictrank score panel.csv -c panel.yaml --period 2015 -o ranking-2015.xlsx
      ictrank score data.csv --join bao-cao-cham.csv --join khen-thuong.xlsx
      ictrank score 2025.csv --previous 2024.csv --lineage sap-nhap-2025.csv
    """
    from ictrank.api import score as score_data
    from ictrank.panel import Panel

    _check_paths([*data, previous, criteria_path, previous_criteria, lineage, *reading.joins],
                 output, criteria_path is None)
    criteria = _load_criteria(criteria_path)
    fmt = _file_format(fmt, output, "score")
    result = score_data(list(data), criteria, previous=previous,
                        previous_criteria=_load_criteria(previous_criteria)
                        if previous_criteria and previous else previous_criteria,
                        previous_decimal=previous_decimal, year=year, periods=periods,
                        period=period, lineage=lineage, **reading.given(list(data)))
    if result.report is not None:
        _warn(result.report)
    options = _publish_options(result.criteria, lang, output)
    _publish("panel" if isinstance(result, Panel) else "score", fmt, result, options, output)


@cli.command()
@click.argument("data", nargs=-1, required=True)
@criteria_option
@output_option
@_format_option("trend", "csv")
@reading_options(strict=True)
@lang_option
@periods_option
@lineage_option
def trend(data: tuple[str, ...], criteria_path: str | None, output: str | None,
          fmt: str | None, reading: _Reading, lang: str | None, periods: str | None,
          lineage: str | None) -> None:
    """Each unit's rank, score and band in every period side by side, per group.

    DATA is one sheet with a period column (criteria: `columns: {period: year}`) or one
    file per period (--periods). Also shows the change over the whole series and the units
    that entered or left; the web page and the workbook draw the ranks as a chart.

    \b
    Examples:
      ictrank trend samples/laocai-2014.csv samples/laocai-2015.csv --periods 2014,2015
      ictrank trend panel.csv -c panel.yaml -o trend.html
      ictrank trend panel.csv -c panel.yaml --format json
      ictrank trend dti-2024.csv dti-2025.csv --periods 2024,2025 --lineage sap-nhap.csv
    """
    from ictrank.api import rank_periods
    from ictrank.trend import trend as build_trend

    _check_paths([*data, criteria_path, lineage], output, criteria_path is None)
    criteria = _load_criteria(criteria_path)
    fmt = _file_format(fmt, output, "trend")
    panel = rank_periods(list(data), criteria, periods=periods, lineage=lineage,
                         **reading.given(list(data)))
    if panel.report is not None:
        _warn(panel.report)
    options = _publish_options(criteria, lang, output)
    _publish("trend", fmt, build_trend(panel), options, output)


@cli.command()
@click.argument("data", nargs=-1, required=True)
@criteria_option
@_format_option("validate", "json")
@click.option("--max-errors", type=click.IntRange(min=1),
              help="List at most N errors (every warning is listed; totals stay complete).")
@reading_options(strict=True, join=True)
@lang_option
def validate(data: tuple[str, ...], criteria_path: str | None, fmt: str | None,
             max_errors: int | None, reading: _Reading, lang: str | None) -> None:
    """Check submitted indicator sheets (files or folders); list every problem.

    Exit code 0 when every sheet is valid (warnings allowed), 1 otherwise.

    \b
    Examples:
      ictrank validate samples/laocai-2014-invalid.csv
      ictrank validate bao-cao/ --lang vi --format table
      ictrank validate sheets/ -c criteria.yaml --format csv > problems.csv
      ictrank validate big.xlsx --max-errors 20
      ictrank validate bao-cao.ods --decimal , --strict
      ictrank validate data.csv --join bao-cao-cham.csv
    """
    criteria = _load_criteria(criteria_path)
    from ictrank.api import validate as validate_sheets
    from ictrank.read import expand_sources

    sources = list(data)
    _check_paths(list(sources), None)
    report = validate_sheets(sources, criteria, **reading.given(sources))
    files = tuple(("<stdin>" if s == "-" else s) for s in expand_sources(sources))
    fmt = _output_format(fmt, None, "validate", "json")
    _publish("validate", fmt, report, RenderOptions(lang=_message_lang(), files=files,
                                                    max_errors=max_errors))
    if fmt == "table":
        from ictrank.render.report_out import hidden_errors_line

        hidden = hidden_errors_line(report, max_errors, _message_lang())
        if hidden:
            click.echo(hidden, err=True)
    if not report.valid:
        sys.exit(1)


@cli.command()
@criteria_option
@click.option("-o", "--output", required=True, metavar="FILE.xlsx",
              help="Where to write the workbook.")
@lang_option
@click.option("--group", help="Only the indicators of this group (and preselect it).")
@click.option("--year", type=int, help="The round's year in the title (default: the "
              "criteria's year).")
@click.option("--title", help="The workbook's title (default: the criteria's name).")
def template(criteria_path: str | None, output: str, lang: str | None,
             group: str | None, year: int | None, title: str | None) -> None:
    """Write a blank indicator workbook for agencies to fill in.

    \b
    Examples:
      ictrank template -o mau-bao-cao.xlsx --lang vi
      ictrank template -c criteria.yaml -o district.xlsx --group district
      ictrank template -o mau-2026.xlsx --lang vi --year 2026 --title "Báo cáo ứng dụng CNTT"
    """
    if not is_written_as(output, "xlsx"):
        raise click.UsageError(_say(msg("usage.template_xlsx")))
    _check_paths([criteria_path], output, criteria_path is None)
    loaded = _load_criteria(criteria_path)
    if group is not None and group not in {g.id for g in loaded.groups}:
        raise click.UsageError(_say(msg("usage.unknown_group", group=group,
                                        groups=", ".join(g.id for g in loaded.groups) or "—")))
    from ictrank.output import write_atomic
    from ictrank.template import build_template

    write_atomic(output, build_template(loaded, _language(loaded, lang), group, year,
                                        title))
    click.echo(_say(msg("cli.wrote", file=output)), err=True)


@cli.command()
@click.argument("sheets", nargs=-1, required=True)
@criteria_option
@click.option("-o", "--output", required=True, metavar="DATA.csv",
              help="The indicator sheet to write.")
@click.option("--partial", is_flag=True,
              help="Write the valid templates even when some are invalid (those are listed).")
@reading_options(strict=True, join=True)
@lang_option
def collect(sheets: tuple[str, ...], criteria_path: str | None, output: str, partial: bool,
            reading: _Reading, lang: str | None) -> None:
    """Gather filled templates (files or folders) into one indicator sheet for `score`.

    Nothing is written while any template is invalid, unless --partial.

    \b
    Examples:
      ictrank collect filled/ -o data.csv
      ictrank collect filled/ -o data.csv --partial
      ictrank collect filled/ -o data.csv --decimal , --strict
      ictrank collect filled/ -o data.csv --join bao-cao-cham.csv
    """
    from ictrank.read import expand_sources

    paths = [p for p in expand_sources(list(sheets)) if p != "-"]
    _check_paths([*paths, criteria_path, *reading.joins], output, criteria_path is None)
    loaded = _load_criteria(criteria_path)
    from ictrank.collect import collect as collect_templates
    from ictrank.output import write_atomic
    from ictrank.render.report_out import report_lines

    result = collect_templates(paths, loaded, reading.options(loaded, []))
    for line in report_lines(result.report, limit=200, lang=_message_lang()):
        click.echo(f"  {line}", err=True)
    _warn(result.report)
    write_atomic(output, result.csv_bytes(partial))
    if result.left_out:
        click.echo(_say(msg("cli.left_out", files=", ".join(result.left_out))), err=True)
    click.echo(_say(msg("cli.collected", file=output, units=len(result.frame),
                        templates=len(paths))), err=True)


@cli.command()
@click.argument("unit")
@click.argument("data")
@criteria_option
@_format_option("explain", "json")
@reading_options(join=True)
@lang_option
@period_option
def explain(unit: str, data: str, criteria_path: str | None, fmt: str | None,
            reading: _Reading, lang: str | None, period: str | None) -> None:
    """Show UNIT's points per criterion and what it would take to reach the next band.

    \b
    Examples:
      ictrank explain SNN samples/laocai-2014.csv
      ictrank explain VNM samples/undp-hdi-2022.csv -c undp-hdi --format json
    """
    loaded = _load_criteria(criteria_path)
    from ictrank.explain import explain as explain_unit
    from ictrank.panel import one_period
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score as score_dataset

    dataset = one_period(load_dataset(data, loaded, reading.options(loaded, [data]))[0],
                         period)
    explanation = explain_unit(score_dataset(dataset, loaded), dataset, unit)
    _publish("explain", _output_format(fmt, None, "explain", "json"), explanation,
             RenderOptions(lang=_language(loaded, lang), criteria=loaded))


@cli.command()
@click.argument("data")
@criteria_option
@click.option("--runs", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Monte Carlo runs.")
@click.option("--jitter", type=click.FloatRange(min=0, max=1, max_open=True), default=0.25,
              show_default=True, help="Each weight × uniform [1 − jitter, 1 + jitter].")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Random seed (0 or more).")
@click.option("--methods", is_flag=True,
              help="Also vary aggregation (arithmetic/geometric) and normalisation "
                   "(goalposts/min-max).")
@click.option("--method", "analysis", type=click.Choice(["montecarlo", "sobol"]),
              default="montecarlo", show_default=True,
              help="montecarlo: rank intervals and band probabilities; sobol: the share of "
                   "each input in the variance of the ranks (SALib).")
@click.option("--samples", type=click.IntRange(min=2), default=1024, show_default=True,
              help="Sobol: base samples N (N·(k+2) runs; best a power of 2).")
@click.option("--vary", multiple=True,
              type=click.Choice(["aggregation", "treatment", "missing"]),
              help="Sobol: also vary the aggregation, the outlier treatment or the "
                   "missing-value policy (repeatable).")
@output_option
@_format_option("sensitivity", "csv")
@reading_options(join=True)
@lang_option
@period_option
def sensitivity(data: str, criteria_path: str | None, runs: int, jitter: float, seed: int,
                methods: bool, analysis: str, samples: int, vary: tuple[str, ...],
                output: str | None, fmt: str | None, reading: _Reading,
                lang: str | None, period: str | None) -> None:
    """Monte Carlo on the weights: rank intervals and band probabilities per unit; or,
    with --method sobol, first- and total-order Sobol' indices of each weight.

    \b
    Examples:
      ictrank sensitivity samples/laocai-2014.csv --runs 1000
      ictrank sensitivity samples/laocai-2014.csv --jitter 0.5 --methods --format json
      ictrank sensitivity samples/laocai-2014.csv -o do-nhay.pdf --lang vi
      ictrank sensitivity samples/laocai-2014.csv -o sensitivity.xlsx
      ictrank sensitivity samples/laocai-2014.csv --method sobol --samples 256
      ictrank sensitivity samples/coinr-asem.csv -c coinr-asem --method sobol --vary treatment
    """
    _check_paths([data, criteria_path, *reading.joins], output, criteria_path is None)
    loaded = _load_criteria(criteria_path)
    if analysis == "sobol":
        _sobol(data, loaded, samples, jitter, seed, vary, output, fmt, reading, lang, period)
        return
    fmt = _file_format(fmt, output, "sensitivity")
    from rich.console import Console
    from rich.progress import Progress

    from ictrank.panel import one_period
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score as score_dataset
    from ictrank.sensitivity import sensitivity as run_sensitivity

    dataset = one_period(load_dataset(data, loaded, reading.options(loaded, [data]))[0],
                         period)
    nominal = score_dataset(dataset, loaded)
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("sensitivity", total=runs)
        result = run_sensitivity(dataset, loaded, nominal, runs, jitter, seed, methods,
                                 progress=lambda k: bar.advance(task, k))
    _publish("sensitivity", fmt, result, _publish_options(loaded, lang, output), output)


def _sobol(data: str, loaded: Criteria, samples: int, jitter: float, seed: int,
           vary: tuple[str, ...], output: str | None, fmt: str | None, reading: _Reading,
           lang: str | None, period: str | None) -> None:
    """`sensitivity --method sobol`: the indices, with a progress bar on stderr."""
    from rich.console import Console
    from rich.progress import Progress

    from ictrank.panel import one_period
    from ictrank.pipeline import load_dataset
    from ictrank.scoring import score as score_dataset
    from ictrank.sobol import sobol

    fmt = _output_format(fmt, output, "sobol", "csv")
    if fmt not in formats("sobol"):
        raise click.UsageError(_say(msg("usage.sobol_format", format=fmt,
                                        formats=", ".join(formats("sobol")))))
    dataset = one_period(load_dataset(data, loaded, reading.options(loaded, [data]))[0],
                         period)
    nominal = score_dataset(dataset, loaded)
    runs = samples * (len(loaded.top) + len(set(vary)) + 2)
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("sobol", total=runs)
        result = sobol(dataset, loaded, nominal, samples, jitter, seed, tuple(vary),
                       progress=lambda k: bar.advance(task, k))
    _publish("sobol", fmt, result, _publish_options(loaded, lang, output), output)


@cli.command()
@click.argument("data")
@criteria_option
@output_option
@_format_option("audit", "json")
@reading_options(join=True)
@lang_option
@period_option
def audit(data: str, criteria_path: str | None, output: str | None, fmt: str | None,
          reading: _Reading, lang: str | None, period: str | None) -> None:
    """Statistical audit of the index: data availability, outliers and their treatment,
    correlations, Cronbach's α, the first principal component, leave-one-out rank shifts.

    \b
    Examples:
      ictrank audit samples/laocai-2014.csv
      ictrank audit samples/coinr-asem.csv -c coinr-asem --format json
      ictrank audit samples/laocai-2014.csv --lang vi
    """
    _check_paths([data, criteria_path, *reading.joins], output, criteria_path is None)
    loaded = _load_criteria(criteria_path)
    fmt = _output_format(fmt, output, "audit", "json")
    from ictrank.api import audit as audit_data

    result = audit_data(data, loaded, period=period, **reading.given([data]))
    _publish("audit", fmt, result, _publish_options(loaded, lang, output), output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(formats("codes")),
              help="Output format (default: table on a terminal, json when piped).")
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True,
              help="Language of the descriptions.")
def codes(fmt: str | None, lang: str) -> None:
    """List every problem code ictrank reports, with its severity and meaning.

    \b
    Examples:
      ictrank codes
      ictrank codes --lang vi
      ictrank codes --format json
    """
    from ictrank.codes import Code

    _publish("codes", _output_format(fmt, None, "codes", "json"), list(Code),
             RenderOptions(lang=lang))


@cli.group()
def criteria() -> None:
    """Show or check a criteria file.

    \b
    Examples:
      ictrank criteria show
      ictrank criteria check my-criteria.yaml
    """


@criteria.command("show")
@click.argument("criteria_path", required=False, metavar="[CRITERIA]")
@lang_option
def criteria_show(criteria_path: str | None, lang: str | None) -> None:
    """Print the criteria tree with each criterion's weight, points, method and column.

    \b
    Examples:
      ictrank criteria show
      ictrank criteria show undp-hdi
      ictrank criteria show my-criteria.yaml --lang vi
    """
    from ictrank.render.criteria_tree import criteria_tree

    loaded = _load_criteria(criteria_path)
    tree = criteria_tree(loaded, _language(loaded, lang))
    _show(tree)
    _criteria_warnings(loaded)


@criteria.command("check")
@click.argument("criteria_path", required=False, metavar="[CRITERIA]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: every problem with its line, path and code, for "
                                      "a program to read.")
@lang_option
def criteria_check(criteria_path: str | None, fmt: str, lang: str | None) -> None:
    """Check a criteria file; list every problem (exit 1) or confirm it is valid.

    \b
    Examples:
      ictrank criteria check my-criteria.yaml
      ictrank criteria check
      ictrank criteria check my-criteria.yaml --format json --lang vi
    """
    if fmt == "json":
        _criteria_json(criteria_path)
        return
    loaded = _load_criteria(criteria_path)
    warnings = (msg("cli.check_warnings", count=len(loaded.warnings)) if loaded.warnings
                else "")
    click.echo(_say(msg("cli.check_valid", file=loaded.source,
                        criteria=sum(1 for _ in loaded.walk()),
                        leaves=sum(not leaf.unscored for leaf in loaded.leaves()),
                        scale=f"{loaded.scale:g}", groups=len(loaded.groups),
                        bands=len(loaded.bands), warnings=warnings)))
    _criteria_warnings(loaded)


def _criteria_json(criteria_path: str | None) -> None:
    """`criteria check --format json`: {valid, file, errors, warnings}, each problem with
    its line, path, code, message and hint in the language asked for; exit 1 if invalid."""
    import json

    from ictrank.errors import CriteriaError
    from ictrank.messages import say

    lang = _message_lang()

    def listed(problems: Any) -> list[dict[str, Any]]:
        return [{"line": p.row, "path": p.path, "code": str(p.code),
                 "message": say(p.message, lang), "hint": say(p.hint, lang) if p.hint else None}
                for p in problems]

    try:
        loaded = _load_criteria(criteria_path)
    except CriteriaError as exc:
        file = exc.problems[0].file if exc.problems else criteria_path
        click.echo(json.dumps({"valid": False, "file": file, "errors": listed(exc.problems),
                               "warnings": []}, ensure_ascii=False, indent=2))
        sys.exit(1)
    click.echo(json.dumps({"valid": True, "file": loaded.source, "errors": [],
                           "warnings": listed(loaded.warnings)}, ensure_ascii=False, indent=2))


def _criteria_warnings(loaded: Criteria) -> None:
    """What the checker found that does not stop the file being used (weights rescaled)."""
    lang = _message_lang()
    for problem in loaded.warnings:
        click.echo(msg("cli.warning", message=problem.line(lang)).text(lang), err=True)


def main() -> NoReturn:
    cli.main(prog_name="ictrank")
    sys.exit(0)  # pragma: no cover - click exits itself

