"""The package's layers, enforced: no import cycle, each layer imports only those below it, the three outputs
never import one another, statistics and free-text code import no IO and no output code.

Every import counts: at module level, inside functions, and under ``TYPE_CHECKING`` (a cycle hidden in a
function is still a cycle). ``docs/architecture.md`` draws the same layers; this test keeps the two together.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "jusolib"

#: Bottom to top. A module may import its own package and the packages of lower rows; packages in one row are
#: independent of each other (the outputs, and the three pure-ish layers above io).
LAYERS: list[tuple[str, ...]] = [
    ("core", "_compat"),
    ("survey",),
    ("io",),
    ("stats", "text", "clean"),
    ("analysis",),
    ("outputs.pages", "outputs.slides", "outputs.workbook"),
    ("analyst",),
    ("report",),
    ("render", "synth", "notebook"),
    ("cli",),
]
#: What statistics and free-text code may never import: reading or writing files, and drawing or writing output.
IO_OR_OUTPUT = (
    "jusolib.io",
    "jusolib.clean",
    "jusolib.core.paths",
    "jusolib.core.files",
    "jusolib.core.resources",
    "jusolib.core.wording",
    "matplotlib",
    "seaborn",
    "openpyxl",
    "pptx",
    "nbconvert",
    "nbformat",
    "papermill",
    "jinja2",
    "yaml",
)
PURE = ("stats", "text")
#: Today's violations, each (importer, imported). It may only shrink: an entry that no longer happens fails.
ALLOWED: set[tuple[str, str]] = set()
#: Modules still tested only through other modules' test files (no mirror file yet). It may only shrink.
WITHOUT_MIRROR: set[str] = set()


def _modules() -> dict[str, Path]:
    modules = {}
    for path in (SRC / PACKAGE).rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, wherever the import statement is (third-party modules too)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found - {name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _package(module: str) -> str:
    """The layer package a module belongs to (``jusolib.outputs.slides.deck`` → ``outputs.slides``)."""
    parts = module.split(".")[1:]
    if not parts or parts == ["outputs"]:
        return ""
    if parts[0] == "outputs" and len(parts) > 1:
        return f"outputs.{parts[1]}"
    return parts[0]


ROW = {package: row for row, packages in enumerate(LAYERS) for package in packages}


def _layer_violations() -> set[tuple[str, str]]:
    bad = set()
    for importer, imported in ((a, b) for a, targets in GRAPH.items() for b in targets if b in MODULES):
        own, other = _package(importer), _package(imported)
        if not own or not other or own == other:
            continue
        if ROW[other] >= ROW[own]:
            bad.add((importer, imported))
    return bad


def _purity_violations() -> set[tuple[str, str]]:
    return {
        (importer, imported)
        for importer, targets in GRAPH.items()
        if _package(importer) in PURE
        for imported in targets
        if any(imported == banned or imported.startswith(banned + ".") for banned in IO_OR_OUTPUT)
    }


def _cycles() -> list[list[str]]:
    """Strongly connected sets of more than one module (Tarjan), package ``__init__`` modules left out."""
    nodes = [m for m, p in MODULES.items() if p.name != "__init__.py"]
    edges = {m: [t for t in GRAPH[m] if t in nodes] for m in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in nodes:
        if node not in index:
            visit(node)
    return found


def test_every_package_has_a_layer():
    packages = {_package(m) for m in MODULES} - {""}
    assert packages <= set(ROW), (
        f"add these packages to LAYERS (and docs/architecture.md): {packages - set(ROW)}"
    )


def test_no_import_cycle():
    assert _cycles() == []


def test_each_layer_imports_only_layers_below_it():
    assert _layer_violations() - ALLOWED == set()


def test_statistics_and_free_text_import_no_io_and_no_output():
    assert _purity_violations() - ALLOWED == set()


def test_the_allowed_list_only_shrinks():
    still = _layer_violations() | _purity_violations()
    assert ALLOWED <= still, f"remove from ALLOWED, they no longer happen: {ALLOWED - still}"


def test_package_init_modules_only_hand_names_on():
    """A package's ``__init__`` imports only from inside its own package (or :mod:`jusolib._compat`, which
    forwards jusolib 0.1's names)."""
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name != PACKAGE:
            outside = {
                t
                for t in GRAPH[name]
                if t.startswith(PACKAGE) and not t.startswith(name + ".") and t != f"{PACKAGE}._compat"
            }
            assert not outside, f"{name} imports {outside}"


_SENTENCE = re.compile(r"[ぁ-んァ-ン一-龥][^\"']*[。、]")


@pytest.mark.parametrize("package", PURE)
def test_statistics_and_free_text_write_no_prose(package):
    """No sentence (Japanese text with 。 or 、) in the code of ``stats`` or ``text``: words belong to analysis."""
    for name, path in MODULES.items():
        if _package(name) != package:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        prose = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and _SENTENCE.search(node.value)
        ]
        assert prose == [], f"{name} writes prose: {prose[:3]}"


def test_the_architecture_page_names_every_package():
    page = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for package in ROW:
        assert f"`{package}`" in page or f"`{package}/`" in page, (
            f"docs/architecture.md does not describe {package}"
        )


def test_every_module_has_a_mirror_test_file():
    """``src/jusolib/<package>/<module>.py`` is tested in ``tests/unit/<package>/test_<module>.py``."""
    tests = SRC.parent / "tests" / "unit"
    missing, mirrored = [], set()
    for name, path in MODULES.items():
        if path.name == "__init__.py":
            continue
        parts = name.split(".")[1:]
        mirror = tests.joinpath(*parts[:-1], f"test_{parts[-1]}.py")
        if not mirror.is_file() and name not in WITHOUT_MIRROR:
            missing.append(str(mirror.relative_to(SRC.parent)))
        if mirror.is_file():
            mirrored.add(name)
    assert missing == []
    assert not WITHOUT_MIRROR & mirrored, f"remove from WITHOUT_MIRROR: {WITHOUT_MIRROR & mirrored}"
