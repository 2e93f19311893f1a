"""The package is layered: every module imports only modules of its own layer or below, and no
import circle. `python -m pytest tests/test_layers.py` checks it.

The graph is drawn from the source with `ast`, not by importing it: an import inside a function
counts as much as one at the top of a module, since hiding an import in a function hides a
circle without removing it; an import for type annotations only (under `if TYPE_CHECKING:`)
counts too: it is a dependency of the code's meaning, if not of its running.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "presskit"


LAYERS = (
    ("presskit", "presskit.errors", "presskit.warm", "presskit.project"),
    ("presskit.output", "presskit.parallel"),
    ("presskit.kit",),
    ("presskit.render",),
    ("presskit.checks",),
    ("presskit.editions",),
    ("presskit.build",),
    ("presskit.localhost", "presskit.serve", "presskit.editor"),
    ("presskit.cli", "presskit.__main__"),
)
"""From the bottom up: what every module builds on; writing and remembering files; the kit read
into its model; the model rendered; preflight; the editions; the pipeline; the servers; the
command line. The README's developer map shows the same tree."""


def layer_of(module: str) -> int:
    """The layer of `module`: that of the longest name in LAYERS it is, or is inside of."""
    found = [
        (len(name), index)
        for index, names in enumerate(LAYERS)
        for name in names
        if module == name or module.startswith(name + ".")
    ]
    return max(found)[1]


def module_name(path: Path) -> str:
    """`presskit.editor.server` for src/presskit/editor/server.py (the package for __init__.py)."""
    parts = ["presskit", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that the module at `path` imports, anywhere in it."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from . import x` names a module; `from .x import y` a name in one.
            targets = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, modules) for path in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a closed list of modules, or None (depth-first, in sorted order)."""
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> list[str] | None:
        if module in trail:
            return trail[trail.index(module):] + [module]
        if module in done:
            return None
        for imported in sorted(graph[module]):
            cycle = visit(imported, trail + [module])
            if cycle:
                return cycle
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module, [])
        if cycle:
            return cycle
    return None


def test_the_graph_sees_relative_and_absolute_imports():
    graph = import_graph()
    assert "presskit.errors" in graph["presskit.kit.load"]
    assert "presskit.editor.document" in graph["presskit.editor.server"]
    assert "presskit.build" in graph["presskit.editor.preview"]
    assert "presskit.render.assemble" in graph["presskit.editions.print_pdf"]  # in a function


def test_the_graph_sees_imports_for_annotations_only():
    assert "presskit.render.assemble" in import_graph()["presskit.editions.edition"]


def test_every_module_has_a_layer():
    assert layer_of("presskit.kit.model") == 2
    assert layer_of("presskit.editor.static") == 7
    assert {layer_of(module) for module in import_graph()} == set(range(len(LAYERS)))


def test_every_module_imports_only_its_own_layer_or_below():
    upward = [
        f"{module} ({layer_of(module)}) imports {imported} ({layer_of(imported)})"
        for module, imports in import_graph().items()
        for imported in sorted(imports)
        if layer_of(imported) > layer_of(module)
    ]
    assert upward == []


def test_find_cycle_names_the_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(
        module.removeprefix("presskit.") for module in cycle
    )


def developer_map() -> list[str]:
    """The paths the README's developer map names, one a line: `kit/load.py`, `editor/`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```\nsrc/presskit/\n", 1)[1].split("```", 1)[0]
    paths, folders = [], {}
    for line in block.splitlines():
        name = line.strip().split(" ", 1)[0]
        depth = (len(line) - len(line.lstrip())) // 2
        if depth == 0 or not name.endswith((".py", "/")) or line.lstrip() == line:
            continue
        folders[depth] = name if name.endswith("/") else folders.get(depth)
        paths.append("".join(folders[d] for d in range(1, depth)) + name)
    return paths


def test_the_readme_maps_every_module_in_its_folder():
    """One line per module, in the layer's order: a new module is added to the map too."""
    modules = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if not (path.name == "__init__.py" and path.parent != PACKAGE)
    ]
    mapped = developer_map()
    folders = {f"{path.relative_to(PACKAGE).as_posix()}/" for path in PACKAGE.rglob("*/")}
    assert sorted(set(modules) - set(mapped)) == []
    assert sorted(set(mapped) - set(modules) - folders) == []
    layers = [layer_of(module_name(PACKAGE / path)) for path in mapped if path.endswith(".py")]
    assert layers == sorted(layers)
