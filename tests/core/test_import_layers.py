"""Core's layering: no import cycle inside ``doingoai/``, imports inside functions counted
(a deferred import hides a cycle from Python, not from this test); ``apps.py`` (whose
``ready()`` wires the app together) aside. And the layers point one way: models → registry →
services → views/API."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "doingoai"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name


def import_graph() -> dict[str, set[str]]:
    """Module → the doingoai modules it imports anywhere in its text (top level, functions,
    TYPE_CHECKING blocks excepted since they never run)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        if path.name == "apps.py":
            continue
        tree = ast.parse(path.read_text())
        skipped = {
            id(child)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for child in ast.walk(node)
        }
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                if target.startswith("doingoai"):
                    resolved = _resolve(target, modules)
                    if resolved and resolved != name:
                        graph[name].add(resolved)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
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
    return found


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_doingoai():
    found = cycles(import_graph())
    assert not found, "import cycles (deferred imports counted): " + "; ".join(
        " ↔ ".join(component) for component in found
    )


LOWER_LAYERS = {
    # a module of the left may not import any of the right
    "doingoai.core.models": (
        "doingoai.core.registry",
        "doingoai.core.services",
        "doingoai.core.views",
        "doingoai.core.api",
    ),
    "doingoai.core.registry": (
        "doingoai.core.services",
        "doingoai.core.forms",
        "doingoai.core.tables",
        "doingoai.core.filters",
        "doingoai.core.api",
        "doingoai.core.views",
        "doingoai.core.io",
    ),
    "doingoai.core.roles": ("doingoai.core.registry", "doingoai.core.models"),
    "doingoai.core.services": ("doingoai.core.views", "doingoai.core.api"),
}


def test_layers_point_one_way():
    graph = import_graph()
    wrong = []
    for lower, forbidden in LOWER_LAYERS.items():
        for module, targets in graph.items():
            if module == lower or module.startswith(lower + "."):
                wrong += [
                    f"{module} → {t}"
                    for t in targets
                    if any(t == f or t.startswith(f + ".") for f in forbidden)
                ]
    assert not wrong, wrong


def test_no_domain_app_imports_another():
    graph = import_graph()
    domain = {
        "delegations",
        "partners",
        "border",
        "conferences",
        "outreach",
        "aid",
        "consular",
        "diaspora",
    }
    wrong = []
    for module, targets in graph.items():
        app = (module.split(".") + [""])[1]
        for target in targets:
            other = (target.split(".") + [""])[1]
            if app in domain and other in domain and other != app:
                wrong.append(f"{module} → {target}")
            if app == "core" and other in domain | {"reports"}:
                wrong.append(f"{module} → {target}")
    assert not wrong, wrong
