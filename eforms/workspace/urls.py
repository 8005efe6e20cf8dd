"""The officer workspace, under ``/can-bo/``."""

from django.urls import path

from eforms.workspace.views import apology, counter, documents, dossier, stats

app_name = "workspace"
urlpatterns = [
    path("", dossier.queue, name="queue"),
    path("xuat/danh-sach.csv", dossier.export_csv, name="export_csv"),
    path("xuat/danh-sach.xlsx", dossier.export_xlsx, name="export_xlsx"),
    path("tiep-nhan-tai-quay/", counter.counter, name="counter"),
    path("thong-ke/", stats.leader_board, name="stats"),
    path("thong-ke/xuat.xlsx", stats.leader_export, name="stats_export"),
    path("ho-so/<uuid:uuid>/", dossier.detail, name="detail"),
    path("ho-so/<uuid:uuid>/thao-tac/<slug:name>/", dossier.action, name="action"),
    path("ho-so/<uuid:uuid>/trao-doi/", dossier.comment, name="comment"),
    path("ho-so/<uuid:uuid>/tep/<uuid:attachment>/", dossier.attachment_file, name="attachment"),
    path("ho-so/<uuid:uuid>/tai-ve.zip", dossier.dossier_zip, name="zip"),
    path("ho-so/<uuid:uuid>/phieu-xin-loi/", apology.apology, name="apology"),
    path("ho-so/<uuid:uuid>/phieu-xin-loi/<uuid:letter>.pdf", apology.apology_pdf, name="apology_pdf"),
    path("ho-so/<uuid:uuid>/giay-tiep-nhan.pdf", counter.receipt, name="receipt"),
    path("ho-so/<uuid:uuid>/bieu-mau/phieu-bo-sung.pdf", documents.supplement_form, name="form_supplement"),
    path("ho-so/<uuid:uuid>/bieu-mau/phieu-tu-choi.pdf", documents.refusal_form, name="form_refusal"),
    path("ho-so/<uuid:uuid>/bieu-mau/thong-bao-dung-giai-quyet.pdf", documents.stop_form, name="form_stop"),
    path("ho-so/<uuid:uuid>/bieu-mau/phieu-kiem-soat.pdf", documents.control_form, name="form_control"),
    path("bieu-mau/so-theo-doi-ho-so/", documents.register, name="form_register"),
]
