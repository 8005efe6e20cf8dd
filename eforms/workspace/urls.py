"""The officer workspace, under ``/can-bo/``."""

from django.urls import path

from eforms.workspace.views import apology, counter, dossier, stats

app_name = "workspace"
urlpatterns = [
    path("", dossier.queue, name="queue"),
    path("xuat/danh-sach.csv", dossier.export_csv, name="export_csv"),
    path("xuat/danh-sach.xlsx", dossier.export_xlsx, name="export_xlsx"),
    path("tiep-nhan-tai-quay/", counter.counter, name="counter"),
    path("thong-ke/", stats.leader_board, name="stats"),
    path("ho-so/<uuid:uuid>/", dossier.detail, name="detail"),
    path("ho-so/<uuid:uuid>/thao-tac/<slug:name>/", dossier.action, name="action"),
    path("ho-so/<uuid:uuid>/trao-doi/", dossier.comment, name="comment"),
    path("ho-so/<uuid:uuid>/tep/<uuid:attachment>/", dossier.attachment_file, name="attachment"),
    path("ho-so/<uuid:uuid>/tai-ve.zip", dossier.dossier_zip, name="zip"),
    path("ho-so/<uuid:uuid>/phieu-xin-loi/", apology.apology, name="apology"),
    path("ho-so/<uuid:uuid>/phieu-xin-loi/<uuid:letter>.pdf", apology.apology_pdf, name="apology_pdf"),
    path("ho-so/<uuid:uuid>/giay-tiep-nhan.pdf", counter.receipt, name="receipt"),
]
