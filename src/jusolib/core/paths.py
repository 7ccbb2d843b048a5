"""Where data lives. Every path in jusolib is built here, from the package location, never from the CWD.

The data directory holds ``raw/`` (read-only to the pipeline) and ``processed/`` (regenerated). By default it
is the repository's ``data/``; an analyst who keeps confidential returns elsewhere sets ``JUSOLIB_DATA_DIR``
(or passes ``data_dir=`` to the loaders and notebooks). In such a directory only ``raw/survey/`` is required:
``raw/reference``, ``raw/codebook`` and ``raw/published`` fall back to the shipped copies when absent.

Where the shipped copies are depends on how jusolib is installed (:func:`locate`): run from a source checkout
(``make`` installs it editable), they are the checkout's ``data/`` and ``notebooks/``; installed from a wheel,
they are the copies the wheel carries inside the package (``jusolib/_shipped/``, see ``pyproject.toml``), and
reports go to ``reports/`` under the current folder unless ``JUSOLIB_REPORTS_DIR`` says otherwise.

Examples
--------
>>> paths = data_paths()
>>> paths.survey_dir("R6").name
'FY2024'
>>> paths.processed_dir(2024).relative_to(paths.root).as_posix()
'processed/FY2024'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from jusolib.core.docstrings import shared_parameters
from jusolib.core.fiscal import FiscalYearLike, folder_name, parse_fiscal_year


@dataclass(frozen=True)
class Locations:
    """Where the shipped data, the report notebooks and the default reports folder are (see :func:`locate`).

    Attributes
    ----------
    checkout
        The source checkout jusolib runs from, or ``None`` when it is installed from a wheel.
    data
        The shipped data directory (``raw/`` with the reference facts, codebooks and synthetic returns).
    notebooks
        The report notebooks.
    reports
        Where rendered reports go unless ``$JUSOLIB_REPORTS_DIR`` or the caller says otherwise.
    """

    checkout: Path | None
    data: Path
    notebooks: Path
    reports: Path


def locate(package_dir: Path, cwd: Path | None = None) -> Locations:
    """The locations for a package at ``package_dir``: a source checkout's folders when the package sits in
    one (``<checkout>/src/jusolib`` beside ``pyproject.toml`` and ``data/raw``), else the copies a wheel
    carries in ``jusolib/_shipped`` and ``reports/`` under ``cwd``.

    Parameters
    ----------
    package_dir
        The folder of the ``jusolib`` package (:data:`PACKAGE_DIR` for this installation).
    cwd
        The folder a wheel installation writes ``reports/`` under; ``None`` for the current folder.

    Returns
    -------
    Locations
        ``checkout`` (``None`` for a wheel), ``data``, ``notebooks`` and ``reports``.

    Examples
    --------
    >>> import tempfile
    >>> installed = Path(tempfile.mkdtemp()) / "site-packages" / "jusolib"
    >>> where = locate(installed, cwd=Path("/srv/survey"))
    >>> where.checkout, where.data.relative_to(installed).as_posix(), where.reports.as_posix()
    (None, '_shipped/data', '/srv/survey/reports')
    """
    root = package_dir.parents[1]
    if (root / "pyproject.toml").is_file() and (root / "data" / "raw").is_dir():
        return Locations(root, root / "data", root / "notebooks", root / "reports")
    shipped = package_dir / "_shipped"
    return Locations(None, shipped / "data", shipped / "notebooks", (cwd or Path.cwd()) / "reports")


#: The package folder (``src/jusolib`` in a checkout).
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Where this installation finds its shipped data and notebooks.
LOCATIONS = locate(PACKAGE_DIR)
#: The source checkout jusolib runs from (``None`` when installed from a wheel): git and the reports live there.
REPO_ROOT = LOCATIONS.checkout
#: Files shipped inside the package: wording, synthetic-data settings.
RESOURCES_DIR = PACKAGE_DIR / "resources"
#: The data directory shipped with jusolib (the checkout's ``data/``, or the wheel's copy).
BUNDLED_DATA_DIR = LOCATIONS.data
#: Environment variable that points jusolib at another data directory.
DATA_DIR_ENV = "JUSOLIB_DATA_DIR"
#: Environment variable that points rendered reports elsewhere (default ``reports/`` in the checkout).
REPORTS_DIR_ENV = "JUSOLIB_REPORTS_DIR"
#: Notebooks rendered into reports.
NOTEBOOKS_DIR = LOCATIONS.notebooks
#: The jusolib templates: nbconvert page and index templates, the Styler table template, the style sheet.
TEMPLATES_DIR = PACKAGE_DIR / "templates" / "jusolib"


@dataclass(frozen=True)
class DataPaths:
    """The folders of one data directory.

    Parameters
    ----------
    root
        The data directory: it contains ``raw/`` and ``processed/``.
    """

    root: Path

    @property
    def raw(self) -> Path:
        """``raw/``: the inputs, never written by the pipeline."""
        return self.root / "raw"

    @property
    def processed(self) -> Path:
        """``processed/``: what the build writes (regenerated from ``raw/``)."""
        return self.root / "processed"

    def _raw_or_bundled(self, name: str) -> Path:
        """``raw/<name>`` of this data directory if it has one, else the shipped copy."""
        own = self.raw / name
        return own if own.is_dir() else BUNDLED_DATA_DIR / "raw" / name

    @property
    def reference_dir(self) -> Path:
        """The reference facts (municipalities, implementation, context series), own or shipped."""
        return self._raw_or_bundled("reference")

    @property
    def codebook_dir(self) -> Path:
        """The codebooks (``FYxxxx.yaml``), own or shipped."""
        return self._raw_or_bundled("codebook")

    @property
    def published_dir(self) -> Path:
        """The published figures the reports are checked against, own or shipped."""
        return self._raw_or_bundled("published")

    @property
    def survey_root(self) -> Path:
        """``raw/survey/``: one folder of returns per fiscal year."""
        return self.raw / "survey"

    @shared_parameters
    def survey_dir(self, fiscal_year: FiscalYearLike) -> Path:
        """Folder of the returns of one fiscal year, e.g. ``raw/survey/FY2024``.

        Returns
        -------
        Path
            The folder, whether it exists or not.
        """
        return self.survey_root / folder_name(fiscal_year)

    @shared_parameters
    def processed_dir(self, fiscal_year: FiscalYearLike) -> Path:
        """Folder of the processed (tidy) data of one fiscal year, e.g. ``processed/FY2024``.

        Returns
        -------
        Path
            The folder, whether it has been built or not.
        """
        return self.processed / folder_name(fiscal_year)

    def fiscal_years(self) -> list[int]:
        """Fiscal years that have a survey folder, in ascending order.

        Returns
        -------
        list of int
            The western years of the ``raw/survey/FYxxxx`` folders; empty if there is no ``raw/survey``.

        Examples
        --------
        >>> 2024 in data_paths().fiscal_years()
        True
        """
        if not self.survey_root.is_dir():
            return []
        years = []
        for child in self.survey_root.iterdir():
            if child.is_dir() and child.name.startswith("FY"):
                years.append(parse_fiscal_year(child.name))
        return sorted(years)

    @shared_parameters
    def require_fiscal_year(self, fiscal_year: FiscalYearLike) -> int:
        """The fiscal year (as an int) if it has a survey folder; otherwise an error listing the years that do.

        Returns
        -------
        int
            The western year.

        Raises
        ------
        ParameterError
            If ``raw/survey`` has no folder for the year: the message lists the years present and says where
            to put the returns (or, for an installation without data, to set ``JUSOLIB_DATA_DIR``).

        Examples
        --------
        >>> data_paths().require_fiscal_year("R6")
        2024
        >>> data_paths().require_fiscal_year(2031)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        jusolib.core.errors.ParameterError: no returns for 令和13年度 (2031) under .../survey; fiscal years present: 令和6年度 (2024), ...
        """
        from jusolib.core.errors import ParameterError
        from jusolib.core.fiscal import fiscal_year_label

        year = parse_fiscal_year(fiscal_year)
        available = self.fiscal_years()
        if year not in available:
            raise ParameterError(
                f"no returns for {fiscal_year_label(year)} under {self.survey_root}; fiscal years present: "
                + (", ".join(fiscal_year_label(y) for y in available) or "none")
                + (
                    f". To add {folder_name(year)}, put its returns in {self.survey_dir(year)} "
                    "(see data/raw/README.md)"
                    if self.root != LOCATIONS.data or REPO_ROOT is not None
                    else f". jusolib is installed without a data folder: set {DATA_DIR_ENV} to a folder holding "
                    f"raw/survey/{folder_name(year)} (or pass data_dir=)"
                )
            )
        return year

    def relative(self, path: Path) -> str:
        """A path as shown in messages and logs: relative to the data directory when inside it.

        Paths inside the shipped data or the source checkout are shown relative to those.

        Parameters
        ----------
        path
            Any path.

        Returns
        -------
        str
            The path with ``/`` separators: relative where possible, else as given.

        Examples
        --------
        >>> paths = data_paths()
        >>> paths.relative(paths.survey_dir(2024) / "MANIFEST.yaml")
        'raw/survey/FY2024/MANIFEST.yaml'
        """
        path = Path(path)
        for base in (self.root, BUNDLED_DATA_DIR, *([REPO_ROOT] if REPO_ROOT else [])):
            try:
                return path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
        return path.as_posix()


#: A data directory as the loaders take it: a path, a :class:`DataPaths`, or ``None`` for the default.
DataDir: TypeAlias = "str | os.PathLike[str] | DataPaths | None"


def data_paths(data_dir: DataDir = None) -> DataPaths:
    """The data directory to use: ``data_dir``, else ``$JUSOLIB_DATA_DIR``, else the repository's ``data/``.

    Parameters
    ----------
    data_dir
        A directory containing ``raw/`` (and, once built, ``processed/``), or a :class:`DataPaths` (returned as is).

    Returns
    -------
    DataPaths
        The folders of that data directory, its root resolved to an absolute path (``~`` expanded).

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> data_paths(folder).survey_root == Path(folder).resolve() / "raw" / "survey"
    True
    """
    if isinstance(data_dir, DataPaths):
        return data_dir
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or BUNDLED_DATA_DIR
    return DataPaths(Path(chosen).expanduser().resolve())


def reports_dir(reports: str | os.PathLike[str] | None = None) -> Path:
    """Where rendered reports go: ``reports``, else ``$JUSOLIB_REPORTS_DIR``, else ``reports/`` (of the checkout,
    or of the current folder for a wheel install).

    Parameters
    ----------
    reports
        A folder chosen by the caller (the CLI's ``--out``); ``None`` for the default.

    Returns
    -------
    Path
        The folder as an absolute path (``~`` expanded); it is not created here.
    """
    chosen = reports or os.environ.get(REPORTS_DIR_ENV) or LOCATIONS.reports
    return Path(chosen).expanduser().resolve()
