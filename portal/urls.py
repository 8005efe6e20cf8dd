"""URLs. Public slugs are Vietnamese (DESIGN.md, "Contracts"); Wagtail serves
the page tree (home, /thu-tuc/ catalogue, procedures, news) last."""

from django.conf import settings
from django.contrib import admin as django_admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from content.accessibility_views import statement as accessibility_statement

from .api import api
from .views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("tai-khoan/", include("portal.twofactor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", django_admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("search.urls")),
    path("", include("eforms.submission.urls")),
    path("can-bo/phan-anh/", include("eforms.feedback.officer_urls")),
    path("can-bo/", include("eforms.workspace.urls")),
    path("", include("eforms.workspace.public_urls")),
    path("", include("eforms.ratings.urls")),
    # citizens' sign-in (/dang-nhap/, /dang-xuat/) and "Hồ sơ của tôi" (/ca-nhan/ho-so/)
    path("", include("eforms.citizens.urls")),
    path("phan-anh-kien-nghi/", include("eforms.feedback.urls")),
    path("", include("eforms.appointments.urls")),
    path("can-bo/lich-hen/", include("eforms.appointments.officer_urls")),
    path("", include("eforms.lobby.urls")),
    path("ban-giao/", include("eforms.handoff.urls")),
    path("buu-chinh/", include("eforms.postal.urls")),
    path("tuyen-bo-tiep-can/", accessibility_statement, name="accessibility_statement"),
    path("", include("portal.signing.urls")),
]

if settings.CITIZEN_OIDC_SANDBOX:
    # the sandbox OpenID Connect provider that stands in for VNeID, never in production
    urlpatterns += [path("sandbox-idp/", include("eforms.citizens.sandbox.urls", namespace="oauth2_provider"))]

if settings.POSTAL_BACKEND == "sandbox":
    # the sandbox postal operator (its console, its API), never beside a real one
    urlpatterns += [path("sandbox/buu-chinh/", include("eforms.postal.sandbox_urls"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.NATIONAL_PORTAL_SANDBOX:
    # The national portal's sandbox receiver (eforms.national.sandbox), never in production.
    urlpatterns += [path("dvcqg-sandbox/", include("eforms.national.sandbox.urls"))]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
