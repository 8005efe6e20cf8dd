"""Public pages of the workspace app: the statistics board and the
citizen's supplement upload."""

from django.urls import path

from eforms.workspace.views import public, stats

app_name = "public_stats"
urlpatterns = [
    path("thong-ke/", stats.public_board, name="board"),
    path("thong-ke/xuat.xlsx", stats.public_export, name="export"),
    # the tracking page's supplement form (code + look-up secret)
    path("tra-cuu-ho-so/bo-sung/", public.tracking_supplement, name="tracking_supplement"),
    # the link of older messages: to the tracking page, code filled in
    path("bo-sung-ho-so/<uuid:uuid>/<str:token>/", public.supplement_upload, name="supplement"),
]
