"""The package's shape, read from the source (ast; no module is imported): imports only point down
the layers below, no import circle, no private name imported from another module, no module over
MAX_LINES lines. README's "Architecture" section describes the same layers."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"
MAX_LINES = 400

# The layers, top to bottom. A module may import its own layer and any layer below it, never one
# above. A module belongs to the layer of the longest prefix that names it ("cleaner.stages"
# covers cleaner.stages.*); a module no prefix names fails the test until it is given a layer.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # What people and other programs call: the command line, its commands, crawler and cluster
    # integrations, the pytest plugin, the batch report.
    ("faces", ("cleaner.cli", "cleaner.commands", "cleaner.integrations", "cleaner.pytest_plugin",
               "cleaner.batch_report")),
    # Many pages over the library, in processes, with a plan, progress and outputs.
    ("batch", ("cleaner.batch",)),
    # Work over a corpus built on the library: golden cases, rule mining, learned site chrome.
    ("corpus tools", ("cleaner.golden", "cleaner.mine", "cleaner.site_chrome")),
    # Reading and writing files, and rendering a Result for a file. Above the library because the
    # library never touches the file system: only the faces, the batch and the corpus tools do.
    ("edges", ("cleaner.io", "cleaner.output")),
    # The library face: Cleaner, clean(), Result (and the package root that re-exports them).
    ("library", ("cleaner", "cleaner.api")),
    # One page through the profile's stages; the profile data; explain's recorder; Markdown output.
    ("pipeline", ("cleaner.pipeline", "cleaner.profile", "cleaner.explain", "cleaner.markdown")),
    ("stages", ("cleaner.stages",)),
    # The rule engine: model, loading, matching, checking. Never imports a stage.
    ("rulebook", ("cleaner.rulebook",)),
    # The document, text and HTML-to-text helpers, dates, per-page limits, the page timer.
    ("ground", ("cleaner.document", "cleaner.textnorm", "cleaner.htmltext", "cleaner.dates", "cleaner.limits",
                "cleaner.page_timer")),
)

@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # the cleaner module imported (or the module a name is imported from)
    names: tuple[str, ...]  # the names taken from it (from X import a, b)
    line: int


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: Path) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def imports(package: Path) -> list[Import]:
    """Every import of one of the package's modules, anywhere in a module (also inside functions)."""
    known = modules(package)
    found = []
    for name, path in known.items():
        own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [(alias.name, ()) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # `from pkg import mod` imports the submodule; `from mod import name` the module.
                submodules = [f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in known]
                names = tuple(alias.name for alias in node.names if f"{source}.{alias.name}" not in known)
                targets = [(sub, ()) for sub in submodules] + ([(source, names)] if names or not submodules else [])
            else:
                continue
            for target, names in targets:
                if target in known and target != name:
                    found.append(Import(name, target, names, node.lineno))
    return found


def layer_of(module: str) -> int | None:
    best, best_length = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def upward_imports(found: list[Import]) -> list[str]:
    problems = []
    for imp in found:
        mine, theirs = layer_of(imp.importer), layer_of(imp.imported)
        if mine is not None and theirs is not None and theirs < mine:
            problems.append(f"{imp.importer}:{imp.line} ({LAYERS[mine][0]}) imports {imp.imported}"
                            f" ({LAYERS[theirs][0]}), a layer above it")
    return problems


def circles(found: list[Import]) -> list[frozenset[str]]:
    """The import circles: strongly connected groups of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        graph.setdefault(imp.importer, set()).add(imp.imported)
        graph.setdefault(imp.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def private_imports(found: list[Import]) -> list[str]:
    return [f"{imp.importer}:{imp.line} imports private name(s) {', '.join(n for n in imp.names if _private(n))}"
            f" from {imp.imported}" for imp in found if any(_private(n) for n in imp.names)]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def long_modules(package: Path) -> dict[str, int]:
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules(package).items()}
    return {name: length for name, length in lengths.items() if length > MAX_LINES}


# --- the package --------------------------------------------------------------------------------

def test_every_module_has_a_layer():
    assert [name for name in modules(PACKAGE) if layer_of(name) is None] == []


def test_no_upward_import():
    assert upward_imports(imports(PACKAGE)) == []


def test_no_import_circle():
    assert [sorted(group) for group in circles(imports(PACKAGE))] == []


def test_no_private_name_is_imported_from_another_module():
    assert private_imports(imports(PACKAGE)) == []


def test_no_module_over_the_line_limit():
    assert long_modules(PACKAGE) == {}


def test_the_readme_architecture_section_names_the_layers_in_order():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    shown = [line.strip().split("  ")[0] for line in section.splitlines() if line.startswith("    ") and line[4] != " "]
    assert shown == [name for name, _ in LAYERS]


# --- the checks themselves, on a small package that breaks each rule ----------------------------

@pytest.fixture
def broken_package(tmp_path) -> Path:
    package = tmp_path / "cleaner"
    (package / "rulebook").mkdir(parents=True)
    (package / "stages").mkdir()
    for folder in (package, package / "rulebook", package / "stages"):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (package / "rulebook" / "examples.py").write_text(
        "def check():\n    from ..stages.rules import capture_values\n", encoding="utf-8")
    (package / "stages" / "rules.py").write_text("from ..rulebook.load import _build_rule\n", encoding="utf-8")
    (package / "rulebook" / "load.py").write_text("from .lint import findings\n_build_rule = None\n", encoding="utf-8")
    (package / "rulebook" / "lint.py").write_text("from . import load\n" + "\n" * MAX_LINES, encoding="utf-8")
    return package


def test_the_checks_find_what_they_look_for(broken_package):
    found = imports(broken_package)
    assert upward_imports(found) == [
        "cleaner.rulebook.examples:2 (rulebook) imports cleaner.stages.rules (stages), a layer above it"
    ]
    assert circles(found) == [frozenset({"cleaner.rulebook.load", "cleaner.rulebook.lint"})]
    assert private_imports(found) == ["cleaner.stages.rules:1 imports private name(s) _build_rule from cleaner.rulebook.load"]
    assert long_modules(broken_package) == {"cleaner.rulebook.lint": MAX_LINES + 1}
