from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Danh mục thủ tục và nội dung")

    def ready(self):
        # Models only once the registry is ready.
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from . import catalogue_cache
        from .catalogue_cache import bump_catalogue_version, identity_saved
        from .models import AgencyPage, FieldPage, PortalIdentity, ProcedurePage
        from .signals import catalogue_changed

        # Catalogue-wide figures (content/catalogue_cache.py) follow the catalogue.
        # So do the site's identity values every page shows (portal/context_processors.py).
        for model in (ProcedurePage, FieldPage, AgencyPage, Site):
            uid = model.__name__
            post_save.connect(bump_catalogue_version, sender=model, dispatch_uid=f"content-catalogue-save-{uid}")
            post_delete.connect(bump_catalogue_version, sender=model, dispatch_uid=f"content-catalogue-delete-{uid}")
        post_save.connect(identity_saved, sender=PortalIdentity, dispatch_uid="content-identity-save")
        post_delete.connect(bump_catalogue_version, sender=PortalIdentity, dispatch_uid="content-identity-delete")
        page_published.connect(bump_catalogue_version, dispatch_uid="content-catalogue-published")
        page_unpublished.connect(bump_catalogue_version, dispatch_uid="content-catalogue-unpublished")
        post_page_move.connect(bump_catalogue_version, dispatch_uid="content-catalogue-moved")
        page_slug_changed.connect(bump_catalogue_version, dispatch_uid="content-catalogue-slug")
        catalogue_changed.connect(bump_catalogue_version, dispatch_uid="content-catalogue-imported")
        # The version is read once per request.
        request_started.connect(catalogue_cache.request_started, dispatch_uid="content-catalogue-request-started")
        request_finished.connect(catalogue_cache.request_finished, dispatch_uid="content-catalogue-request-finished")
