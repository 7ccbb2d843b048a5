"""The API reference of jusolib as HTML pages, from the docstrings, offline (``make api``).

pdoc reads every public module of the package (NumPy-style docstrings) and writes one page per module and an
``index.html``; nothing is fetched from the internet (no search index, no math or diagram scripts). The first
page, ``jusolib.html``, starts with the building blocks an analyst uses in JupyterLab (the README's "Working in
JupyterLab" lists the same).

    .venv/bin/python tools/api_reference.py --out docs/api          # the whole package
    .venv/bin/python tools/api_reference.py --out /tmp/api jusolib.survey.vocabulary   # some modules
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

#: The modules documented by default: the package and every public sub-module (:func:`public_modules`).
DEFAULT_MODULES = ("jusolib",)


def public_modules(package: str = "jusolib") -> list[str]:
    """The package and every sub-module whose name has no part starting with ``_``, in order."""
    import importlib
    import pkgutil

    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


def build(out: Path, modules: tuple[str, ...] = DEFAULT_MODULES) -> list[Path]:
    """Write the reference of ``modules`` into ``out``; return the pages written."""
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="numpy", search=False, math=False, mermaid=False, show_source=True)
    out.mkdir(parents=True, exist_ok=True)
    names = [n for m in modules for n in (public_modules(m) if m in DEFAULT_MODULES else [m])]
    with warnings.catch_warnings():  # the package's lazy exports resolve on use, not as modules: pdoc warns
        warnings.simplefilter("ignore")
        pdoc.pdoc(*names, output_directory=out)
    return sorted(out.rglob("*.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/api"), help="where the pages go")
    parser.add_argument(
        "modules", nargs="*", default=list(DEFAULT_MODULES), help="modules (default: jusolib)"
    )
    args = parser.parse_args(argv)
    pages = build(args.out, tuple(args.modules))
    print(f"{len(pages)} pages in {args.out}/ — open {args.out / 'index.html'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
