"""Dependencies go one way: no module of the product imports, however indirectly, one that
imports it back. Imports inside functions count too, since they are how circles hide."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    ROOT / "libs" / "kit" / "src" / "kit",
    ROOT / "libs" / "contracts" / "src" / "contracts",
    *sorted((ROOT / "services").glob("*/src/*")),
    ROOT / "gateway" / "src" / "gateway",
    ROOT / "src" / "mentorship",
]


def _module(package: Path, path: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    """Every module name an import statement of `path` may refer to (absolute imports only:
    the house style has no relative ones)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    graph = {
        _module(package, path): _imported(path)
        for package in PACKAGES
        for path in package.rglob("*.py")
    }
    return {module: (names & graph.keys()) - {module} for module, names in graph.items()}


def test_the_product_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "matching.withdrawal" in graph
    assert "gateway.matching.types" in graph
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_the_finder_sees_a_cycle_through_an_import_inside_a_function(tmp_path: Path) -> None:
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from loop.b import f\n")
    (package / "b.py").write_text("def f():\n    from loop import a\n")
    graph = {_module(package, path): _imported(path) for path in package.rglob("*.py")}
    graph = {module: (names & graph.keys()) - {module} for module, names in graph.items()}
    with pytest.raises(CycleError):
        TopologicalSorter(graph).prepare()
