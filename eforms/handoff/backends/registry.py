"""Registry of hand-off backends, by identifier.

Each implementation registers itself with ``@register``; the app's
``ready()`` imports the built-in ones (workspace, webhook, e-mail).
Deployments (and the fault tests) add theirs with ``HANDOFF_EXTRA_BACKENDS``
(dotted paths).
"""

from django.conf import settings
from django.utils.module_loading import import_string


class Registry:
    def __init__(self):
        self._backends = {}
        self._extras_loaded = False

    def register(self, backend_cls):
        backend = backend_cls()
        if not backend.identifier:
            raise ValueError(f"{backend_cls!r} has no identifier")
        self._backends[backend.identifier] = backend
        return backend_cls

    def _load_extras(self):
        if not self._extras_loaded:
            for path in settings.HANDOFF_EXTRA_BACKENDS or ():
                self.register(import_string(path))
            self._extras_loaded = True

    def get(self, identifier):
        self._load_extras()
        try:
            return self._backends[identifier]
        except KeyError:
            raise LookupError(f"no hand-off backend {identifier!r}") from None

    def find(self, identifier):
        """The backend ``identifier``, or ``None``."""
        self._load_extras()
        return self._backends.get(identifier)

    def __iter__(self):
        self._load_extras()
        return iter(self._backends.values())

    def __contains__(self, identifier):
        self._load_extras()
        return identifier in self._backends


registry = Registry()


def register(backend_cls):
    return registry.register(backend_cls)
