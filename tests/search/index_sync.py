"""Keeps a live OpenSearch index in step with the test database.

Each test's database changes are rolled back, an OpenSearch index's are
not: a page a test published would stay searchable, and the next test
reusing its primary key would find the wrong procedure. With
``SEARCH_BACKEND=opensearch2`` the indices (prefix ``portal_test_``, see
portal/settings/test.py) are rebuilt once per session and, before any test
that follows a database write, emptied and refilled from the database as it
is now. Publishing, unpublishing and deleting inside a test go through the
backend exactly as in production (signals, refresh on write).
"""

import pytest
from django.conf import settings
from django.db.models.signals import post_delete, post_save

ENGINE = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backends.database"

_state = {"dirty": True}


def _mark_dirty(**kwargs):
    _state["dirty"] = True


def _indices(backend):
    from modelsearch.index import get_indexed_models

    grouped = {}
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        grouped.setdefault(index.name, (index, []))[1].append(model)
    return list(grouped.values())


def _resync(backend):
    for index, models in _indices(backend):
        index.ensure()
        # The node has no reindex module (no _delete_by_query): ids, then a bulk delete.
        hits = backend.es.search(index=index.name, body={"query": {"match_all": {}}}, size=10000, _source=False)
        ids = [hit["_id"] for hit in hits["hits"]["hits"]]
        if ids:
            actions = [{"_op_type": "delete", "_index": index.name, "_id": doc_id} for doc_id in ids]
            backend.bulk(backend.es, actions, refresh=True)
        for model in models:
            objects = list(model.get_indexed_objects().order_by("pk"))
            if objects:
                index.add_items(model, objects)
        index.refresh()


@pytest.fixture(scope="session")
def _engine_indices(django_db_setup, django_db_blocker):
    """Fresh test indices, created with the current settings and mappings."""
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    for index, _models in _indices(backend):
        if index.is_alias():
            for concrete in index.aliased_indices():
                concrete.delete()
        index.delete()
    backend.ensured_indices.clear()
    post_save.connect(_mark_dirty, dispatch_uid="tests.search.index_sync.save")
    post_delete.connect(_mark_dirty, dispatch_uid="tests.search.index_sync.delete")
    yield backend
    post_save.disconnect(dispatch_uid="tests.search.index_sync.save")
    post_delete.disconnect(dispatch_uid="tests.search.index_sync.delete")


@pytest.fixture(autouse=True)
def _index_follows_database(request, django_db_blocker):
    """Before each test: the engine's index holds what the database holds."""
    if not ENGINE:
        yield
        return
    backend = request.getfixturevalue("_engine_indices")
    if _state["dirty"]:
        with django_db_blocker.unblock():
            _resync(backend)
        _state["dirty"] = False
    yield


@pytest.fixture(scope="module", autouse=True)
def _module_rollback_dirties_index():
    """A module's own catalogue is rolled back after its last test."""
    yield
    _state["dirty"] = True
