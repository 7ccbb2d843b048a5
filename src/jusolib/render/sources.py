"""What a render reads from a source notebook without running it: its title, its parameters, and a digest of
what it would run.

The notebook file is read as JSON (nbformat takes a second to import and validate, which a render that reuses
every page would spend for nothing). The digest covers what shapes an executed notebook — every cell's type,
source, id and metadata, and the notebook's metadata — but not what executing it replaces: outputs, execution
counts, the kernel's ``language_info`` and papermill's records. So ``make notebooks``, which only refreshes the
committed outputs, does not make a render run the notebook again.

Parameters are read from the cell tagged ``parameters`` (a literal-only cell, as the project's notebooks keep
it), and :func:`check_parameters` refuses any name a notebook does not declare, naming the ones it does.

Examples
--------
>>> from jusolib.core.paths import NOTEBOOKS_DIR
>>> source = read_source(NOTEBOOKS_DIR / "01_outcomes.ipynb")
>>> source.title
'01 成果・進捗 — 包括的支援体制の整備に向けた成果・進捗状況'
>>> list(source.parameters)
['fiscal_year', 'respondent_type', 'size_scheme', 'data_dir', 'redact']
>>> len(source.digest)
64
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jusolib.core.errors import ParameterError

#: Notebook metadata that executing a notebook writes (left out of the digest).
_RUN_METADATA = ("language_info", "papermill", "widgets")
#: Cell metadata that executing a notebook writes.
_RUN_CELL_METADATA = ("execution", "papermill", "collapsed", "scrolled")
PARAMETERS_TAG = "parameters"


@dataclass(frozen=True)
class NotebookSource:
    """A source notebook as a render sees it before running it."""

    name: str
    title: str
    #: The parameters cell: each name with its default (``None`` where the default is not a literal).
    parameters: dict[str, Any] = field(default_factory=dict)
    #: SHA-256 of what the notebook would run (see the module docstring).
    digest: str = ""


def _text(source: str | Sequence[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def notebook_title(cells: Sequence[Mapping[str, Any]]) -> str:
    """The first heading of the first Markdown cell.

    Parameters
    ----------
    cells
        A notebook's cells, as its JSON holds them.

    Returns
    -------
    str
        The heading's text (empty when there is none).

    Examples
    --------
    >>> notebook_title([{"cell_type": "markdown", "source": ["# 01 成果\\n", "本文"]}])
    '01 成果'
    """
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in _text(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def declared_parameters(source: str) -> dict[str, Any]:
    """The names a parameters cell assigns, with their literal defaults.

    Parameters
    ----------
    source
        The cell's code.

    Returns
    -------
    dict
        Name → default (``None`` where the default is not a literal; nothing for code that does not parse).

    Examples
    --------
    >>> declared_parameters('fiscal_year = 2024  # 年度\\nredact: bool = False\\nx = len("ab")')
    {'fiscal_year': 2024, 'redact': False, 'x': None}
    """
    found: dict[str, Any] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in tree.body:
        targets: list[ast.expr] = []
        value = None
        if isinstance(node, ast.Assign):
            targets, value = list(node.targets), node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(value) if value is not None else None
                except ValueError:
                    found[target.id] = None
    return found


def _digest(notebook: dict[str, Any]) -> str:
    cells = []
    for cell in notebook.get("cells", []):
        kept = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count", "metadata")}
        kept["source"] = _text(cell.get("source", ""))
        kept["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k not in _RUN_CELL_METADATA}
        cells.append(kept)
    metadata = {k: v for k, v in notebook.get("metadata", {}).items() if k not in _RUN_METADATA}
    identity = {"cells": cells, "metadata": metadata, "nbformat": notebook.get("nbformat")}
    return hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def read_source(path: Path) -> NotebookSource:
    """Read a source notebook from its JSON.

    Parameters
    ----------
    path
        The ``.ipynb`` file.

    Returns
    -------
    NotebookSource
        Its name, title, parameters and digest.
    """
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = notebook.get("cells", [])
    parameters: dict[str, Any] = {}
    for cell in cells:
        if cell.get("cell_type") == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            parameters = declared_parameters(_text(cell.get("source", "")))
            break
    return NotebookSource(Path(path).stem, notebook_title(cells), parameters, _digest(notebook))


def parse_value(text: str) -> Any:
    """A parameter value given on the command line (``-p NAME VALUE``).

    Parameters
    ----------
    text
        The value as typed.

    Returns
    -------
    object
        A Python literal when it is one (number, ``True``/``False``, ``None``, a quoted string), else the text.

    Examples
    --------
    >>> parse_value("3"), parse_value("True"), parse_value("None"), parse_value("令和6年度"), parse_value("'3'")
    (3, True, None, '令和6年度', '3')
    """
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    return value if isinstance(value, (int, float, str, bool, type(None))) else text


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    return "text"


def _fits(value: Any, default: Any) -> bool:
    """Whether ``value`` is of the kind of a notebook's default (anything fits a default of ``None``)."""
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return type(value) is type(default)


def check_parameters(
    given: Mapping[str, Any],
    sources: Sequence[NotebookSource],
    *,
    options: Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """The parameters each notebook receives; an unknown, misspelt or ill-typed name is refused.

    Parameters
    ----------
    given
        Every parameter the render passes (those of the command's options and those given with ``-p``).
    sources
        The notebooks to run.
    options
        Parameters that have a command-line option of their own (name → option): refused with ``-p``.

    Returns
    -------
    dict
        Per notebook, the parameters it declares and receives.

    Raises
    ------
    ParameterError
        For a name no notebook declares (naming the valid ones, and the closest), a value of another kind than
        the notebook's default, or a notebook that does not declare a parameter every notebook receives.

    Examples
    --------
    >>> nb = NotebookSource("x", "x", {"fiscal_year": 2024, "top": 3})
    >>> check_parameters({"fiscal_year": 2025, "top": 5}, [nb])
    {'x': {'fiscal_year': 2025, 'top': 5}}
    >>> check_parameters({"fiscal_yaer": 2024}, [nb])
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: unknown parameter 'fiscal_yaer' (did you mean 'fiscal_year'?): the notebooks' parameters are fiscal_year, top
    >>> check_parameters({"top": "many"}, [nb])
    Traceback (most recent call last):
    ...
    jusolib.core.errors.ParameterError: parameter 'top' of x.ipynb expects a whole number (its default is 3), got 'many'
    """
    options = dict(options or {})
    declared = list(dict.fromkeys(name for source in sources for name in source.parameters))
    for name in given:
        if name not in declared:
            close = difflib.get_close_matches(name, declared, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            valid = ", ".join(f"{d} ({options[d]})" if d in options else d for d in declared) or "none"
            raise ParameterError(f"unknown parameter {name!r}{hint}: the notebooks' parameters are {valid}")
    received: dict[str, dict[str, Any]] = {}
    for source in sources:
        missing = [name for name in options if name in given and name not in source.parameters]
        if missing:
            raise ParameterError(
                f"{source.name}.ipynb does not declare the parameter {missing[0]!r} that every report notebook "
                f"receives; its parameters cell declares {', '.join(source.parameters) or 'nothing'}"
            )
        mine = {}
        for name, value in given.items():
            if name not in source.parameters:
                continue
            default = source.parameters[name]
            if name not in options and not _fits(value, default):
                raise ParameterError(
                    f"parameter {name!r} of {source.name}.ipynb expects {_kind(default)} (its default is "
                    f"{default!r}), got {value!r}"
                )
            mine[name] = value
        received[source.name] = mine
    return received
