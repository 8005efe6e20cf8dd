import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
application = get_wsgi_application()
# Modules, URL patterns and templates loaded at start live as long as the
# worker: keep them out of the cyclic collector's full passes (search/memo.py
# does the same for the catalogue-wide data it builds).
gc.freeze()
