"""``manage.py update_index``: Wagtail's index rebuild, then a new catalogue
version so that cached autocomplete answers and search outcomes (search/
services.py) are recomputed from the rebuilt index at once.

Same options as Wagtail's command (``search`` is listed before
``wagtail.search`` in INSTALLED_APPS, so this one answers the name).
"""

from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from search.services import bump_catalogue_version


class Command(RebuildCommand):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)
        bump_catalogue_version()
        return result
