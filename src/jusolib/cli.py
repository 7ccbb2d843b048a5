"""The ``jusolib`` command: build processed data, render reports, regenerate the synthetic returns, write the
questionnaire forms of a year and show which have come back.

Errors in input files are printed as a list of problems (file, row, column, value, what was expected) and the
command exits with status 2 and no traceback; so does a bad argument, in one line on stderr. ``--debug`` shows
the traceback. An unexpected failure (a bug) also ends in one line, with status 1.

Examples
--------
>>> main(["--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0
"""

from __future__ import annotations

import argparse
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jusolib.core.errors import InputFileError, JusolibError, ParameterError

if TYPE_CHECKING:  # pandas is imported by the commands that need it, not by the CLI itself
    import pandas as pd

EXIT_INPUT_ERROR = 2
EXIT_BUG = 1
#: The respondent type ``jusolib render`` reports on when none is given (and the year has its returns).
DEFAULT_RESPONDENT_TYPE = "自治体"
DEBUG_HINT = "(run with --debug for the traceback)"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (status 2), naming the subcommand and --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INPUT_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    """An argparse type: a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return value


def check_directory(option: str, value: str | None) -> None:
    """Refuse an option naming a folder that does not exist or is a file.

    Parameters
    ----------
    option
        The option as the user wrote it (``"--data-dir"``), for the message.
    value
        The folder given, ``~`` expanded; ``None`` (the option not given) is accepted.

    Raises
    ------
    ParameterError
        When ``value`` is a file or does not exist, naming the option and the value.

    Examples
    --------
    >>> check_directory("--data-dir", None)
    >>> check_directory("--data-dir", "/no/such/folder")
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: --data-dir /no/such/folder: no such directory
    """
    if value is None:
        return
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise ParameterError(f"{option} {value}: is a file, expected a directory")
    if not path.is_dir():
        raise ParameterError(f"{option} {value}: no such directory")


def _years(values: Sequence[str] | None, data_dir: str | None) -> list[int]:
    from jusolib.core.paths import data_paths

    check_directory("--data-dir", data_dir)
    if values:  # a year without returns is refused, naming the years that have them
        return sorted({data_paths(data_dir).require_fiscal_year(v) for v in values})
    years = data_paths(data_dir).fiscal_years()
    if not years:
        raise JusolibError(f"no fiscal-year folders (FYxxxx) under {data_paths(data_dir).survey_root}")
    return years


def _display_width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide characters count as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """Left-justify to a display width."""
    return text + " " * max(width - _display_width(text), 0)


def format_build_summary(summary: dict) -> str:
    """The row accounting of one build as printed by ``jusolib build`` (and ``make report``).

    Parameters
    ----------
    summary
        A build summary as :func:`jusolib.clean.pipeline.build_fiscal_year` writes it to ``build.json``: the
        fiscal year and data status labels, ``files``, ``totals``, ``respondents``, ``warnings`` (and
        ``personal_data``).

    Returns
    -------
    str
        Lines: the year and data status; a table of files with rows read, clean, rejected and the encoding
        (``xlsx`` for workbooks), and their total; respondents present out of expected per respondent type; one
        line per warning; a warning when likely personal data was found.

    Examples
    --------
    >>> summary = {"fiscal_year_label": "令和6年度 (2024)", "data_status_label": "合成データ（synthetic）",
    ...            "files": [{"file": "a.csv", "rows_read": 3, "rows_clean": 2, "rows_rejected": 1,
    ...                       "encoding": "cp932"}],
    ...            "totals": {"rows_read": 3, "rows_clean": 2, "rows_rejected": 1}, "respondents": {}, "warnings": []}
    >>> print(format_build_summary(summary))
    令和6年度 (2024) — 合成データ（synthetic）
      file    read  clean  rejected  encoding
      a.csv      3      2         1  cp932
      total      3      2         1
    """
    lines = [f"{summary['fiscal_year_label']} — {summary['data_status_label']}"]
    width = max([_display_width(f["file"]) for f in summary["files"]] + [5])
    lines.append(f"  {_pad('file', width)}  {'read':>5} {'clean':>6} {'rejected':>9}  encoding")
    for f in summary["files"]:
        lines.append(
            f"  {_pad(f['file'], width)}  {f['rows_read']:>5} {f['rows_clean']:>6} {f['rows_rejected']:>9}  "
            f"{f['encoding'] or 'xlsx'}"
        )
    t = summary["totals"]
    lines.append(
        f"  {_pad('total', width)}  {t['rows_read']:>5} {t['rows_clean']:>6} {t['rows_rejected']:>9}"
    )
    for info in summary["respondents"].values():
        lines.append(
            f"  respondents {info['label']}: {info['present']} present / {info['expected']} expected"
            " (reference list of implementing municipalities)"
        )
    for warning in summary["warnings"]:
        lines.append(f"  warning: {warning['message']}")
    personal = summary.get("personal_data", {}).get("count", 0)
    if personal:
        lines.append(
            f"  warning: {personal} possible personal data (phone, e-mail, postal code, name with 様/さん/氏, date "
            "of birth) in the free text or rejected rows — listed on 91_data_quality and in build.json; "
            "`jusolib render --redact` masks them in the reports"
        )
    return "\n".join(lines)


def _cmd_build(args: argparse.Namespace) -> int:
    from jusolib.clean.pipeline import build_fiscal_year

    for year in _years(args.fiscal_year, args.data_dir):
        result = build_fiscal_year(year, args.data_dir, keep_going=args.keep_going)
        print(format_build_summary(result.summary))
        print(f"  → {result.output_dir}")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from jusolib.synth.returns import DEFAULT_YEARS, generate

    years = args.fiscal_year or list(DEFAULT_YEARS)
    for path in generate(years):
        print(f"wrote {path}")
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    from jusolib.clean.pipeline import load_build_summary
    from jusolib.render import batch as rendering

    check_directory("--data-dir", args.data_dir)
    years, _ = rendering.validate_parameters(  # every argument is checked before anything is built
        fiscal_years=args.fiscal_year,
        respondent_type=args.respondent_type or DEFAULT_RESPONDENT_TYPE,
        size_scheme=args.size_scheme,
        data_dir=args.data_dir,
    )
    notebooks = rendering.check_notebooks(args.notebook or rendering.NOTEBOOKS, rendering.NOTEBOOKS_DIR)
    extra = _notebook_parameters(args.parameter)
    standard = {
        "fiscal_year": years[0],
        "respondent_type": args.respondent_type,
        "size_scheme": args.size_scheme,
        "data_dir": args.data_dir,
        "redact": args.redact,
    }
    rendering.notebook_parameters(notebooks, rendering.NOTEBOOKS_DIR, standard, extra)
    if args.reports_dir is not None and Path(args.reports_dir).expanduser().is_file():
        raise ParameterError(f"--reports-dir {args.reports_dir}: is a file, expected a directory")
    for year in years:
        print(format_build_summary(load_build_summary(year, args.data_dir)))
    chosen = rendering.respondent_types(years, args.respondent_type, args.data_dir)
    status = 0
    for respondent_type in dict.fromkeys(chosen.values()):
        group = [y for y in years if chosen[y] == respondent_type]
        if args.respondent_type is None and respondent_type != DEFAULT_RESPONDENT_TYPE:
            labels = ", ".join(f"FY{y}" for y in group)
            print(
                f"{labels}: no {DEFAULT_RESPONDENT_TYPE} returns; rendering the {respondent_type} returns "
                f"(--respondent-type {respondent_type})",
                file=sys.stderr,
            )
        status = max(status, _render_group(args, group, respondent_type, extra))
    return status


def _render_group(
    args: argparse.Namespace, years: list[int], respondent_type: str, extra: dict[str, object]
) -> int:
    """Render some fiscal years for one respondent type and report what failed (the exit status)."""
    from jusolib.render import batch as rendering

    summary = rendering.render(
        years,
        respondent_type=respondent_type,
        size_scheme=args.size_scheme,
        data_dir=args.data_dir,
        jobs=args.jobs,
        reports=args.reports_dir,
        notebooks=args.notebook or rendering.NOTEBOOKS,
        progress=not args.no_progress,
        notebooks_dir=rendering.NOTEBOOKS_DIR,
        redact=args.redact,
        force=args.force,
        parameters=extra,
        warm_kernels=not args.cold_kernels,
    )
    for year, folder in summary.output_dirs.items():
        states = list(summary.outputs.get(year, {}).values())
        reused = states.count("reused")
        note = f" ({reused} of {len(states)} files reused: their inputs had not changed)" if reused else ""
        print(f"{year}: {folder / 'index.html'}{note}")
    for failure in summary.failures:
        cell = f"cell {failure.failed_cell}" if failure.failed_cell is not None else "before any cell ran"
        print(
            f"jusolib render: FAILED FY{failure.fiscal_year} {failure.notebook}.ipynb, {cell}: {failure.error}",
            file=sys.stderr,
        )
    for output in summary.output_failures:
        where = f"FY{output.fiscal_year} " if output.fiscal_year is not None else ""
        print(f"jusolib render: FAILED {where}{output.file}: {output.error}", file=sys.stderr)
    return 0 if summary.ok else 1


def _notebook_parameters(pairs: Sequence[Sequence[str]] | None) -> dict[str, object]:
    """``-p NAME VALUE`` pairs as notebook parameters (values read as Python literals where they are one).

    Examples
    --------
    >>> _notebook_parameters([["top", "5"], ["label", "令和6年度"]])
    {'top': 5, 'label': '令和6年度'}
    """
    from jusolib.render.sources import parse_value

    parameters: dict[str, object] = {}
    for name, value in pairs or []:
        if name in parameters:
            raise ParameterError(f"-p {name} is given twice")
        parameters[name] = parse_value(value)
    return parameters


def _cmd_questionnaire(args: argparse.Namespace) -> int:
    from jusolib.io.form_writer import write_questionnaires

    check_directory("--data-dir", args.data_dir)
    out = Path(args.out) if args.out else None
    written = write_questionnaires(
        args.fiscal_year, respondent_type=args.respondent_type, out_dir=out, data_dir=args.data_dir
    )
    for path in written:
        print(f"wrote {path.name}")
    print(f"{len(written)} forms → {written[0].parent}")
    return 0


def format_status(status: pd.DataFrame) -> str:
    """The status table as printed by ``jusolib status``: one line per respondent, then what to check.

    Parameters
    ----------
    status
        The collection status (:func:`jusolib.clean.collection.collection_status`): one row per respondent, the
        fiscal year in ``attrs["fiscal_year"]``.

    Returns
    -------
    str
        Lines: the year and data status, one aligned line per respondent (type, code, name, status, date, file),
        then per respondent type how many were received out of how many expected and who has not sent a return,
        then 確認事項: each respondent with remarks, its contact and the remarks.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"respondent_type_label": ["自治体", "自治体"], "muni_code": ["131024", "131032"],
    ...     "muni_name": ["中央区", "港区"], "status": ["受領", "未着"], "file": ["a.xlsx", ""],
    ...     "answered_on": ["2025-01-08", ""], "remarks": ["", ""], "data_status_label": ["合成データ"] * 2})
    >>> frame.attrs["fiscal_year"] = 2024
    >>> print(format_status(frame))
    令和6年度 (2024) — 合成データ
      回答主体  団体コード  団体名  状況  回答日      ファイル
      自治体    131024      中央区  受領  2025-01-08  a.xlsx
      自治体    131032      港区    未着
      自治体: 受領 1 / 対象 2 — 未着: 港区
    """
    from jusolib.clean.collection import (
        CONTACT_COLUMNS,
        REMARK_SEPARATOR,
        fiscal_year_heading,
        status_summary,
    )

    columns = [
        ("respondent_type_label", "回答主体"),
        ("muni_code", "団体コード"),
        ("muni_name", "団体名"),
        ("status", "状況"),
        ("answered_on", "回答日"),
        ("file", "ファイル"),
    ]
    frame = status
    widths = [max([_display_width(h)] + [_display_width(str(v)) for v in frame[c]]) for c, h in columns]
    lines = [fiscal_year_heading(frame)]
    lines.append("  " + "  ".join(_pad(h, w) for (_, h), w in zip(columns, widths, strict=True)).rstrip())
    for record in frame.to_dict("records"):
        cells = [_pad(str(record[c]), w) for (c, _), w in zip(columns, widths, strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
    lines += [f"  {line}" for line in status_summary(frame)]
    checks = [r for r in frame.to_dict("records") if r["remarks"]]
    if checks:
        lines.append("  確認事項:")
        for r in checks:
            who = (
                f"{r['muni_name']}（{r['respondent_type_label']}）"
                if r["muni_name"]
                else r["file"] or r["status"]
            )
            contact = "・".join(str(r.get(k) or "") for k in CONTACT_COLUMNS if r.get(k))
            lines.append(f"    - {who} {r['status']}" + (f"（連絡先: {contact}）" if contact else ""))
            lines += [f"        {remark}" for remark in str(r["remarks"]).split(REMARK_SEPARATOR)]
    return "\n".join(lines)


def _cmd_status(args: argparse.Namespace) -> int:
    from jusolib.clean.collection import collection_status, default_status_path, write_status_csv

    check_directory("--data-dir", args.data_dir)
    status = collection_status(args.fiscal_year, args.data_dir)
    out = write_status_csv(status, args.out or default_status_path(args.fiscal_year), args.data_dir)
    print(format_status(status))
    print(f"  → {out}")
    return 0


def _cmd_refresh(args: argparse.Namespace) -> int:
    from jusolib.render.batch import EXAMPLES, NOTEBOOKS, refresh_notebooks

    for path in refresh_notebooks(args.notebook or NOTEBOOKS + EXAMPLES):
        print(f"executed {path}")
    return 0


def _cmd_themes_check(args: argparse.Namespace) -> int:
    from jusolib.analysis.rule_check import check_rules, coder_agreement, format_check
    from jusolib.survey.codebook import load_codebook

    check_directory("--data-dir", args.data_dir)
    sample = Path(args.sample) if args.sample else None
    check = check_rules(args.fiscal_year, data_dir=args.data_dir, sample=sample)
    second = Path(args.second) if args.second else None
    agreement = coder_agreement(
        args.fiscal_year, data_dir=args.data_dir, first=sample if second else None, second=second
    )
    print(format_check(check, agreement, codebook=load_codebook(check.fiscal_year, args.data_dir)))
    return 0


def _output_file(option: str, value: str, data_dir: str | None) -> Path:
    """A file to write: never under the raw data folder, never an existing folder."""
    from jusolib.core.paths import data_paths

    out = Path(value).expanduser().resolve()
    raw = data_paths(data_dir).raw.resolve()
    if out == raw or raw in out.parents:
        raise ParameterError(f"{option} {value}: nothing is written under {raw} (the raw data)")
    if out.is_dir():
        raise ParameterError(f"{option} {value}: expected a file name, but it is a folder")
    return out


def _cmd_themes_export(args: argparse.Namespace) -> int:
    from jusolib.analysis.coding import load_themes
    from jusolib.analysis.interchange import khcoder_text, qdc_bytes
    from jusolib.core.files import write_bytes_atomic

    check_directory("--data-dir", args.data_dir)
    book = load_themes(args.fiscal_year, args.data_dir)
    out = _output_file("--out", args.out, args.data_dir)
    if args.format == "qdc":
        write_bytes_atomic(out, qdc_bytes(book, data_dir=args.data_dir))
    else:
        if not args.item:
            raise ParameterError(
                "--format khcoder needs --item (a KH Coder file holds the codes of one item)"
            )
        from jusolib.survey.codebook import load_codebook

        item = load_codebook(book.fiscal_year, args.data_dir).item_id(args.item)
        write_bytes_atomic(out, khcoder_text(book, item).encode("utf-8"))
    print(f"wrote {out}")
    return 0


def _cmd_themes_import(args: argparse.Namespace) -> int:
    import yaml

    from jusolib.analysis.interchange import khcoder_book, read_khcoder
    from jusolib.core.files import write_bytes_atomic
    from jusolib.survey.codebook import load_codebook

    check_directory("--data-dir", args.data_dir)
    codebook = load_codebook(args.fiscal_year, args.data_dir)
    items, sections = codebook.item_ids_of(args.item or []), args.section or []
    out = _output_file("--out", args.out, args.data_dir)
    khcoder_book(  # checked against the year's codebook before anything is written
        Path(args.file), fiscal_year=args.fiscal_year, items=items, sections=sections, data_dir=args.data_dir
    )
    doc = read_khcoder(Path(args.file), fiscal_year=args.fiscal_year, items=items, sections=sections)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110, default_flow_style=None)
    write_bytes_atomic(out, text.encode("utf-8"))
    print(
        f"wrote {out} ({len(doc['shared_themes'])} themes; copy them under shared_themes: of the year's rules)"
    )
    return 0


def _add_year_and_data_dir(command: argparse.ArgumentParser) -> None:
    """The options build and render share: which fiscal years, which data directory."""
    command.add_argument(
        "--fiscal-year",
        action="append",
        metavar="FY",
        help="fiscal year (2024, R6, 令和6年度 …); repeat for several; default: every year present",
    )
    _add_data_dir(command)


def _add_one_year_and_data_dir(command: argparse.ArgumentParser) -> None:
    """The options of a command about one fiscal year (questionnaire, status)."""
    command.add_argument(
        "--fiscal-year", required=True, metavar="FY", help="fiscal year (2025, R7, 令和7年度 …)"
    )
    _add_data_dir(command)


def _add_data_dir(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--data-dir", help="data directory holding raw/ (default: $JUSOLIB_DATA_DIR or data/)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``jusolib`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser with ``--debug`` and the subcommands build, render, refresh, questionnaire, status, themes
        (check, export, import) and synth, each with its options and the function it runs.
    """
    parser = _Parser(
        prog="jusolib",
        description="重層的支援体制整備事業 survey analysis: build processed data, render yearly reports.",
    )
    parser.add_argument("--debug", action="store_true", help="show the Python traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    parser.set_defaults(commands=sub.choices)  # the subcommands' parsers, to name them in errors

    build = sub.add_parser(
        "build", help="clean the raw returns into data/processed/FYxxxx and print the row accounting"
    )
    _add_year_and_data_dir(build)
    build.add_argument(
        "--keep-going",
        action="store_true",
        help="reject rows with problems into the rejection log instead of stopping",
    )
    build.set_defaults(func=_cmd_build)

    render = sub.add_parser(
        "render", help="run the notebooks per fiscal year and write HTML reports into reports/"
    )
    _add_year_and_data_dir(render)
    render.add_argument(
        "--jobs", type=_positive_int, default=1, metavar="N", help="notebooks run in parallel (default 1)"
    )
    render.add_argument(
        "--respondent-type",
        help="自治体 or 社協 (default: 自治体, or 社協 for a year with only 社協 returns)",
    )
    render.add_argument(
        "--size-scheme",
        default="population_band",
        help="population_band (default), municipality_type, city_size or cohort",
    )
    render.add_argument("--reports-dir", help="where reports go (default: $JUSOLIB_REPORTS_DIR or reports/)")
    render.add_argument(
        "--notebook", action="append", metavar="NAME", help="render only these notebooks (e.g. 01_outcomes)"
    )
    render.add_argument("--no-progress", action="store_true", help="no progress bar")
    render.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a parameter for the notebooks that declare it (a name none declares is refused)",
    )
    render.add_argument(
        "--force",
        action="store_true",
        help="render every output again (by default an output whose inputs have not changed is reused)",
    )
    render.add_argument(
        "--cold-kernels",
        action="store_true",
        help="start every notebook's kernel from scratch instead of forking a warm one (slower, same pages)",
    )
    render.add_argument(
        "--redact",
        action="store_true",
        help="mask likely personal data (phone, e-mail, names with 様/さん/氏 …) in every output; "
        "data/processed stays verbatim",
    )
    render.set_defaults(func=_cmd_render)

    refresh = sub.add_parser(
        "refresh-notebooks", help="execute the committed notebooks in place with their defaults (FY2024)"
    )
    refresh.add_argument("--notebook", action="append", metavar="NAME")
    refresh.set_defaults(func=_cmd_refresh)

    questionnaire = sub.add_parser(
        "questionnaire", help="write one 調査票 (questionnaire form) per respondent of a fiscal year"
    )
    _add_one_year_and_data_dir(questionnaire)
    questionnaire.add_argument(
        "--respondent-type", help="only 自治体 or only 社協 (default: both)", metavar="自治体|社協"
    )
    questionnaire.add_argument(
        "--out",
        metavar="DIR",
        help="folder for the forms (default: reports/questionnaire/FYxxxx; never data/raw)",
    )
    questionnaire.set_defaults(func=_cmd_questionnaire)

    status = sub.add_parser(
        "status", help="received and missing returns of a fiscal year, as a table and a CSV for reminders"
    )
    _add_one_year_and_data_dir(status)
    status.add_argument(
        "--out",
        metavar="CSV",
        help="where the CSV goes (default: reports/status/FYxxxx_回答状況.csv; never data/raw)",
    )
    status.set_defaults(func=_cmd_status)

    themes = sub.add_parser(
        "themes", help="check the free-text coding rules against a hand-coded sample; export or import them"
    )
    themes_sub = themes.add_subparsers(
        dest="themes_command", required=True, metavar="check|export|import-khcoder"
    )
    check = themes_sub.add_parser(
        "check",
        help="precision, recall and F1 of the rules per theme against the hand-coded sample, the texts behind "
        "every false positive and false negative, and Cohen's kappa per theme between two coders",
    )
    _add_one_year_and_data_dir(check)
    check.add_argument(
        "--sample", metavar="YAML", help="the hand-coded sample (default: FYxxxx.themes.sample.yaml)"
    )
    check.add_argument(
        "--second", metavar="YAML", help="a second coder's file (default: FYxxxx.themes.sample.<name>.yaml)"
    )
    check.set_defaults(func=_cmd_themes_check)
    export = themes_sub.add_parser(
        "export", help="the rules as a REFI-QDA codebook (.qdc) or an item's themes as a KH Coder rule file"
    )
    _add_one_year_and_data_dir(export)
    export.add_argument("--format", choices=("qdc", "khcoder"), required=True)
    export.add_argument("--item", help="the item (id or 問番号) for --format khcoder")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write it (never data/raw)")
    export.set_defaults(func=_cmd_themes_export)
    imported = themes_sub.add_parser(
        "import-khcoder", help="a KH Coder coding-rule file as jusolib themes (YAML to paste into the rules)"
    )
    imported.add_argument("file", metavar="FILE", help="the KH Coder coding-rule file (UTF-8 or Shift_JIS)")
    _add_one_year_and_data_dir(imported)
    imported.add_argument("--item", action="append", help="an item the codes apply to (repeat for several)")
    imported.add_argument("--section", action="append", help="a section the codes apply to (I, II, III)")
    imported.add_argument("--out", required=True, metavar="YAML", help="where to write the themes")
    imported.set_defaults(func=_cmd_themes_import)

    synth = sub.add_parser("synth", help="regenerate the synthetic (合成データ) returns in data/raw/survey")
    synth.add_argument("--fiscal-year", action="append", metavar="FY", help="default: 2024 and 2025")
    synth.set_defaults(func=_cmd_synth)
    return parser


def error_message(exc: BaseException) -> str:
    """What the command prints for an error: one line unless it lists several problems in input files.

    Parameters
    ----------
    exc
        The error a command raised.

    Returns
    -------
    str
        A single input-file problem as its one line; any other jusolib error as its message (several problems on
        several lines); an OS error as its reason and file name; anything else as its type and message.

    Examples
    --------
    >>> from jusolib.core.errors import Problem
    >>> error_message(InputFileError([Problem.whole_file("a.csv", "a header row", "no_header")]))
    'a.csv — expected a header row'
    """
    if isinstance(exc, InputFileError) and len(exc.problems) == 1:
        return str(exc.problems[0])
    if isinstance(exc, JusolibError):
        return str(exc)
    if (
        isinstance(exc, OSError) and exc.filename is not None
    ):  # unreadable folder, file where a folder belongs
        return f"{exc.strerror or type(exc).__name__}: {exc.filename}"
    return f"{type(exc).__name__}: {exc}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jusolib`` console command; returns the exit status.

    Status 2 for bad arguments and bad input (one line on stderr, or the list of problems in input files),
    1 for an unexpected failure (one line; ``--debug`` shows the traceback of either).

    Parameters
    ----------
    argv
        The arguments after ``jusolib`` (``["render", "--fiscal-year", "2024"]``); ``None`` for ``sys.argv``.

    Returns
    -------
    int
        The exit status: 0 on success, :data:`EXIT_INPUT_ERROR` (2) for bad arguments or input, :data:`EXIT_BUG`
        (1) for an unexpected failure.
    """
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # reported by the subcommand's parser, so that the message names it
        args.commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args))
    except Exception as exc:
        expected = isinstance(exc, JusolibError | OSError)
        if args.debug:
            traceback.print_exc()
        kind = "error" if expected else "internal error (a bug in jusolib)"
        message = error_message(exc)
        hint = "" if args.debug else DEBUG_HINT
        if "\n" in message:
            print(f"jusolib {args.command}: {kind}: {message}", file=sys.stderr)
            if hint:
                print(hint, file=sys.stderr)
        else:
            print(f"jusolib {args.command}: {kind}: {message} {hint}".rstrip(), file=sys.stderr)
        return EXIT_INPUT_ERROR if expected else EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
