"""Public pages of the workspace app: the statistics board and the
citizen's supplement upload."""

from django.urls import path

from eforms.workspace.views import public, stats

app_name = "public_stats"
urlpatterns = [
    path("thong-ke/", stats.public_board, name="board"),
    path("bo-sung-ho-so/<uuid:uuid>/<str:token>/", public.supplement_upload, name="supplement"),
]
