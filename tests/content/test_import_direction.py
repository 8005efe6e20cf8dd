"""``content`` imports neither ``search`` nor ``eforms`` (DESIGN.md): they hook
into it by registration, URL reversing or signals. Every import statement
counts, module level or inside a function."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"content": {"search", "eforms"}}


def imported_top_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def forbidden_imports(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for lineno, top in imported_top_packages(path):
            if top in FORBIDDEN[package]:
                found.append(f"{path.relative_to(ROOT)}:{lineno} imports {top}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_the_apps_built_on_it(package):
    assert forbidden_imports(package) == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from search.folding import fold\n    import eforms.urls\n", encoding="utf-8")
    assert sorted(top for _line, top in imported_top_packages(module)) == ["eforms", "search"]
