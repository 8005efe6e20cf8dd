from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, published, unpublished


class SearchConfig(AppConfig):
    name = "search"
    label = "catalogue_search"
    verbose_name = _("Tìm kiếm thủ tục")

    def ready(self):
        # Models only once the registry is ready.
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from content.models import AgencyPage, FieldPage, ProcedurePage
        from content.signals import catalogue_changed

        from .memo import begin_request, bump_catalogue_version, end_request
        from .models import SynonymEntry
        from .synonyms import bump_dictionary_version

        # The catalogue version and the site root paths: read once per request.
        request_started.connect(begin_request, dispatch_uid="search-request-started")
        request_finished.connect(end_request, dispatch_uid="search-request-finished")
        # Cached autocomplete answers, vocabulary and promotions follow the
        # catalogue: any change starts a new cache generation.
        for model in (ProcedurePage, FieldPage, AgencyPage, SearchPromotion):
            post_save.connect(bump_catalogue_version, sender=model, dispatch_uid=f"search-bump-save-{model.__name__}")
            post_delete.connect(
                bump_catalogue_version, sender=model, dispatch_uid=f"search-bump-delete-{model.__name__}"
            )
        page_published.connect(bump_catalogue_version, dispatch_uid="search-bump-published")
        page_unpublished.connect(bump_catalogue_version, dispatch_uid="search-bump-unpublished")
        # Bulk imports (content.bulk) fire no per-page signal, only this one.
        catalogue_changed.connect(bump_catalogue_version, dispatch_uid="search-bump-imported")
        # The synonym dictionary: its own version (rules, expansions) and the
        # catalogue's (recent outcomes were computed with the old entries).
        for receiver, uid in ((bump_dictionary_version, "dictionary"), (bump_catalogue_version, "catalogue")):
            post_save.connect(receiver, sender=SynonymEntry, dispatch_uid=f"search-synonyms-save-{uid}")
            post_delete.connect(receiver, sender=SynonymEntry, dispatch_uid=f"search-synonyms-delete-{uid}")
            published.connect(receiver, sender=SynonymEntry, dispatch_uid=f"search-synonyms-published-{uid}")
            unpublished.connect(receiver, sender=SynonymEntry, dispatch_uid=f"search-synonyms-unpublished-{uid}")
