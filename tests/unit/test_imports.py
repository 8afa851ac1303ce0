"""generator/ has no import cycle: every module can be read on its own, from the bottom up.

The imports are read with ``ast``, including those inside functions (a function-level import
that closes a cycle is still a cycle: it only hides it until the function runs).
"""
from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "generator"


def imports_of(path: Path) -> set[str]:
    """The generator modules one file imports, wherever in the file the import is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "generator":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("generator."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("generator.")}
    return found - {path.stem}


def import_graph() -> dict[str, set[str]]:
    modules = {path.stem: path for path in GENERATOR.glob("*.py")}
    return {name: imports_of(path) & set(modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None (a depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_generator_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path):
    (tmp_path / "a.py").write_text("from generator.b import x\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    from generator.c import y\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("import generator.a\n", encoding="utf-8")
    graph = {p.stem: imports_of(p) for p in tmp_path.glob("*.py")}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_words_is_a_leaf():
    """Pages, maps and the field reference share the words module; it must import none of them."""
    assert import_graph()["words"] <= {"paths"}
