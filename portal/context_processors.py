"""Values every page template needs: the province and the center.

Editors override them per site in Wagtail's settings ("Thông tin cổng dịch
vụ công", ``content.PortalIdentity``); empty fields keep the deployment's
``PORTAL_*`` settings.
"""

import logging

from django.conf import settings
from django.utils import translation

logger = logging.getLogger(__name__)


def _identity(request):
    """The site's ``PortalIdentity`` values, or ``{}`` when there is none
    (no matching site, tables not migrated yet).

    Every page shows them, and reading them costs a site lookup and a
    settings row (two queries a page): they are kept per host with the
    catalogue-wide figures (``content.catalogue_cache``), whose version
    saving or deleting a site or the identity setting replaces
    (``content/apps.py``)."""
    try:
        from content.catalogue_cache import cached

        host = (request.get_host(), request.get_port())
        return cached("portal-identity", host, lambda: _read_identity(request))
    except Exception:  # the page must render even if settings cannot be read
        logger.warning("portal.identity.unavailable", exc_info=True)
        return {}


def _read_identity(request):
    from wagtail.models import Site

    from content.models import PortalIdentity

    if Site.find_for_request(request) is None:
        return {}
    return PortalIdentity.for_request(request).resolved()


def _english_names():
    """Names of the province and the center for English pages, when the
    deployment gives them (``PORTAL_PROVINCE_NAME_EN``, ``PORTAL_CENTER_NAME_EN``)."""
    if (translation.get_language() or "").split("-")[0] != "en":
        return {}
    names = {
        "province_name": getattr(settings, "PORTAL_PROVINCE_NAME_EN", ""),
        "center_name": getattr(settings, "PORTAL_CENTER_NAME_EN", ""),
    }
    return {key: value for key, value in names.items() if value}


def language_links(request):
    """``[(code, name, url)]``: the current page in each language, as a plain
    link (``?lang=``, the other parameters kept). A link, not a form: no
    CSRF cookie on public pages (``portal.middleware.PortalLocaleMiddleware``)."""
    links = []
    for code, name in settings.LANGUAGES:
        query = request.GET.copy()
        query["lang"] = code
        links.append((code, name, f"{request.path}?{query.urlencode()}"))
    return links


def portal(request):
    identity = {**_identity(request), **_english_names()}
    return {
        "language_links": language_links(request),
        "portal": {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "province_name": identity.get("province_name") or settings.PORTAL_PROVINCE_NAME,
            "center_name": identity.get("center_name") or settings.PORTAL_CENTER_NAME,
            "center_address": identity.get("center_address") or settings.PORTAL_CENTER_ADDRESS,
            "hotline": identity.get("hotline") or settings.PORTAL_HOTLINE,
            "email": identity.get("email") or settings.PORTAL_EMAIL,
            "theme": settings.PORTAL_THEME,
        },
    }
