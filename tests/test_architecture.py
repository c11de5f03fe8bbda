"""The shape of the code, kept by a test: layers import downwards only, no import circles,
a small public API, and no module over ~500 lines without a reason at its top.

The graph is read from the source (`ast`), every `import` counted: those inside functions
(a lazy import is still a dependency) and those under `if TYPE_CHECKING:` (a type that
points upwards is a dependency too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("retrieval", "ingest", "bot")

# retrieval/, bottom to top: a module may import modules of its own layer or below.
RETRIEVAL_LAYERS: tuple[tuple[str, ...], ...] = (
    ("retrieval.settings", "retrieval.logs"),
    ("retrieval.language",),
    ("retrieval.embedding",),
    ("retrieval.index",),
    ("retrieval.search",),
    ("retrieval.answers",),
    ("retrieval.dialogue",),
    ("retrieval.services",),
    ("retrieval.ask",),
    ("retrieval.cli", "retrieval.__main__", "retrieval"),
)
MAX_LINES = 500
LONG_REASON = "Long because"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))}


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `module` imports (a `from package import name` that names a
    submodule counts as that submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    is_package = path.name == "__init__.py"

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in out if name.split(".")[0] in PACKAGES and name != module}


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    known = set(sources)
    return {name: _imports(name, path, known) & known for name, path in sources.items()}


def _layer(module: str) -> int | None:
    """The layer of the longest prefix that names `module` (the package `retrieval` itself
    sits on top, beside the CLI)."""
    matches = [
        (len(prefix), i)
        for i, prefixes in enumerate(RETRIEVAL_LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(matches)[1] if matches else None


def test_no_import_circles() -> None:
    graph = _graph()
    # Tarjan's strongly connected components: any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def connect(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    assert circles == [], f"import circles: {circles}"


def test_retrieval_layers_point_down() -> None:
    wrong = []
    for module, deps in _graph().items():
        if not module.startswith("retrieval"):
            continue
        mine = _layer(module)
        assert mine is not None, f"{module} is in no layer: add it to RETRIEVAL_LAYERS"
        for dep in deps:
            if dep.startswith(("ingest", "bot")):
                # Only the command line may drive ingestion (`eval` builds a temporary
                # index from passages); the engine itself never imports ingest or bot.
                if not (module.startswith("retrieval.cli") and dep.startswith("ingest")):
                    wrong.append(f"{module} -> {dep}")
                continue
            theirs = _layer(dep)
            if theirs is not None and theirs > mine:
                wrong.append(f"{module} (layer {mine}) -> {dep} (layer {theirs})")
    assert wrong == [], "upward imports:\n" + "\n".join(sorted(wrong))


def test_ingest_does_not_import_bot() -> None:
    wrong = [
        f"{module} -> {dep}"
        for module, deps in _graph().items()
        if module.startswith("ingest")
        for dep in deps
        if dep.startswith("bot")
    ]
    assert wrong == []


def test_long_modules_say_why() -> None:
    unexplained = []
    for module, path in _sources().items():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_LINES and LONG_REASON not in (ast.get_docstring(ast.parse(text)) or ""):
            unexplained.append(f"{module}: {lines} lines")
    assert unexplained == [], (
        f"modules over {MAX_LINES} lines need a '{LONG_REASON} …' paragraph in their "
        "docstring, or a split:\n" + "\n".join(unexplained)
    )


PUBLIC_API = {
    "Answer",
    "Citation",
    "Conversation",
    "Services",
    "Settings",
    "ask",
    "build_services",
}


def test_public_api_is_pinned() -> None:
    import retrieval

    assert set(retrieval.__all__) == PUBLIC_API
    for name in retrieval.__all__:
        assert getattr(retrieval, name) is not None


@pytest.mark.parametrize("package", PACKAGES)
def test_importing_a_package_does_no_work(package: str) -> None:
    """Importing a package loads none of the heavy libraries (no work at import time)."""
    import subprocess
    import sys

    code = (
        f"import sys, {package}\n"
        "heavy = [m for m in ('chromadb', 'torch', 'onnxruntime', 'langchain_core', "
        "'telegram', 'transformers', 'matplotlib') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
