"""The import graph of our own packages, read from the source with ``ast``
(every import counts, at module level or inside a function)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "content", "search", "themes", "eforms")


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root=ROOT, packages=PACKAGES):
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _absolute(node, module, is_package):
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path, root=ROOT):
    """``(imported module, line)`` for every import in the file; ``from x
    import y`` gives ``x.y`` when ``y`` is a module of ours, else ``x``."""
    module = module_name(path, root)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, module, path.name == "__init__.py")
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                base = root / Path(*candidate.split("."))
                yield (
                    (candidate if base.with_suffix(".py").exists() or (base / "__init__.py").exists() else target),
                    node.lineno,
                )


def graph(root=ROOT, packages=PACKAGES):
    """``{module: {(imported module, line), …}}`` restricted to our packages."""
    edges = {}
    for path in source_files(root, packages):
        module = module_name(path, root)
        edges[module] = {
            (target, line)
            for target, line in imports_of(path, root)
            if target.split(".")[0] in packages and target != module
        }
    return edges


def cycles(edges, key=lambda module: module):
    """Strongly connected components of more than one node (Tarjan), after
    mapping each module through ``key`` (e.g. to its package)."""
    nodes = {}
    for source, targets in edges.items():
        a = key(source)
        nodes.setdefault(a, set())
        for target, _line in targets:
            b = key(target)
            if b != a:
                nodes[a].add(b)
                nodes.setdefault(b, set())
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in nodes[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found
