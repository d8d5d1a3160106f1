"""The code-shape rules of issue 15, checked so that they stay true as code is added.

- no module in ``textops/`` or ``api/`` over 500 lines, except word lists (``*_lexicons.py``);
- no import cycle between modules (module-level imports; ``TYPE_CHECKING`` blocks and imports inside
  functions do not run at import time and are left out);
- no router (a module that makes an ``APIRouter``: API routers and UI pages) imports another router, and
  no module outside ``textops/store/`` imports a private store module (``_schema``, ``_store``, …); these two
  count imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("textops", "api")
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: module body, ``try``/``if`` blocks, not functions."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            stack.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            stack.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                stack.extend(handler.body)
    return found


def _imported(name: str, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> set[str]:
    """The project modules an import statement in module ``name`` loads by name."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in modules}
    base = node.module or ""
    if node.level:
        package = name if modules[name].name == "__init__.py" else name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    out = {base} if base in modules else set()
    out |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules}
    return out


def _graph(*, everywhere: bool = False) -> dict[str, set[str]]:
    """Module → the project modules it imports: at import time, or ``everywhere`` (functions too)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = (
            [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
            if everywhere
            else _top_level_imports(tree)
        )
        graph[name] = {m for node in imports for m in _imported(name, node, modules)} - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
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
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_is_over_500_lines_except_word_lists() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if not path.name.endswith("_lexicons.py")
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules (over {MAX_LINES} lines): {long}"


def test_no_import_cycle() -> None:
    graph = _graph()
    assert {"textops.headlines._hype", "textops.headlines._lexicons"} <= graph["textops.headlines._frame"]
    assert "api.routers._common" in graph["api.routers.alignment"]  # the graph holds the routers
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _makes_a_router(path: Path) -> bool:
    """The module assigns ``APIRouter(...)`` (a router or a UI page), not only helps them."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if (isinstance(func, ast.Name) and func.id == "APIRouter") or (
                isinstance(func, ast.Attribute) and func.attr == "APIRouter"
            ):
                return True
    return False


def test_no_router_imports_another_router() -> None:
    """API routers and UI pages, with imports inside functions too (the CLI's habit)."""
    graph = _graph(everywhere=True)
    routers = {m for m, path in _modules().items() if m.startswith("api.") and _makes_a_router(path)}
    assert {"api.routers.objections", "api.ui._reports"} <= routers
    crossing = {m: sorted(graph[m] & routers) for m in sorted(routers) if graph[m] & routers}
    assert crossing == {}


def test_only_the_store_reads_its_tables() -> None:
    """No module outside ``textops/store/`` imports a private store module (``_schema``, ``_store``, …)."""
    graph = _graph(everywhere=True)
    private = {m for m in graph if m.startswith("textops.store._")}
    assert "textops.store._schema" in graph["textops.store._store"]  # the graph sees the store's own use
    outside = {
        m: sorted(deps & private)
        for m, deps in sorted(graph.items())
        if deps & private and not m.startswith("textops.store")
    }
    assert outside == {}
