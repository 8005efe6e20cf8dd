"""A URLconf where the e-form start view lives elsewhere: the catalogue must
follow the ``eforms:start`` name, not a hard-coded path."""

from django.http import HttpResponse
from django.urls import include, path


def start(request, code):
    return HttpResponse(code)


urlpatterns = [path("dang-ky-truc-tuyen/", include(([path("<str:code>/", start, name="start")], "eforms")))]
