"""The public JSON API under ``/api/v1/`` (OpenAPI schema at ``/api/v1/schema/``).

Each package contributes a router: ``search.api`` (procedures: list, detail,
search with facets, autocomplete) and ``eforms.api`` (dossier status by code).
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Cổng dịch vụ công — API",
    version="1.0.0",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)


def _mount(module_path, prefix, tags):
    from importlib import import_module

    module = import_module(module_path)
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router(prefix, router, tags=tags)


_mount("search.api", "/procedures/", ["procedures"])
_mount("eforms.submission.api", "/dossiers/", ["dossiers"])
