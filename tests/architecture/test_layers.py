"""DESIGN.md's import directions as a test: every import of our own code,
at module level or inside a function, follows the layers of ``layers.py``;
no package and no module imports itself in a circle."""

import textwrap

from .imports import cycles, graph
from .layers import layer, violations


def test_every_import_follows_the_layers():
    assert violations(graph()) == []


def test_no_import_cycle_between_packages():
    assert cycles(graph(), key=layer) == []


def test_no_import_cycle_between_modules():
    assert cycles(graph()) == []


def _tree(tmp_path, files):
    for name, body in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body))
    for directory in {p.parent for p in tmp_path.rglob("*.py")}:
        (directory / "__init__.py").touch()
    return graph(root=tmp_path, packages=("content", "eforms", "search"))


def test_a_forbidden_import_is_reported_with_its_line(tmp_path):
    edges = _tree(
        tmp_path,
        {
            "content/models.py": "import os\n\n\ndef link():\n    from eforms.submission.urls import urlpatterns\n",
            "eforms/submission/urls.py": "urlpatterns = []\n",
            "eforms/dossiers/models.py": "from eforms.workspace import queue\n",
            "eforms/workspace/queue.py": "from eforms.dossiers.models import Dossier\n",
        },
    )
    found = violations(edges, layer_of=lambda m: layer(m) if m.count(".") else m)
    assert any(v.startswith("content.models:5 imports eforms.submission.urls") for v in found), found
    assert any(v.startswith("eforms.dossiers.models:1 imports eforms.workspace") for v in found), found


def test_a_cycle_is_reported(tmp_path):
    edges = _tree(
        tmp_path,
        {
            "search/a.py": "from . import b\n",
            "search/b.py": "def f():\n    from .a import x\n",
        },
    )
    assert cycles(edges) == [["search.a", "search.b"]]
