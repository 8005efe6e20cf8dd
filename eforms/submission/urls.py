"""Public URLs of the e-forms package (included at "" by portal/urls.py)."""

from django.urls import path

from eforms.submission.views import dossier, payments, results, review, start, steps, tracking

app_name = "eforms"
urlpatterns = [
    # literal segments first: a procedure code never looks like these
    path("nop-ho-so/ho-so/<uuid:dossier_uuid>/<str:secret>/", dossier.confirmation, name="confirmation"),
    path(
        "nop-ho-so/ho-so/<uuid:dossier_uuid>/<str:secret>/giay-tiep-nhan.pdf",
        dossier.receipt,
        name="receipt",
    ),
    path("nop-ho-so/tiep-tuc/<uuid:draft_uuid>/<str:token>/", start.resume, name="resume"),
    path("nop-ho-so/dia-ban/<int:province>/", start.wards, name="wards"),
    path("nop-ho-so/<str:code>/", start.start, name="start"),
    path("nop-ho-so/<str:code>/tiep-tuc/", start.resume_request, name="resume_request"),
    path("nop-ho-so/<str:code>/<uuid:draft_uuid>/buoc/<int:number>/", steps.step, name="step"),
    path("nop-ho-so/<str:code>/<uuid:draft_uuid>/xem-lai/", review.review, name="review"),
    path(
        "nop-ho-so/<str:code>/<uuid:draft_uuid>/xem-lai/to-khai.pdf",
        review.application_preview,
        name="application_preview",
    ),
    path("nop-ho-so/<str:code>/<uuid:draft_uuid>/luu/", start.save, name="save"),
    path("tra-cuu-ho-so/", tracking.track, name="track"),
    path(
        "tra-cuu-ho-so/<uuid:dossier_uuid>/<str:secret>/ket-qua/<uuid:file_uuid>/",
        results.result_download,
        name="result_download",
    ),
    path("thanh-toan/ho-so/<uuid:dossier_uuid>/<str:secret>/", payments.payment_start, name="payment_start"),
    path("thanh-toan/ho-so/<uuid:dossier_uuid>/<str:secret>/gia-han/", payments.payment_extend, name="payment_extend"),
    path("thanh-toan/ket-qua/", payments.payment_return, name="payment_return"),
    path("thanh-toan/ipn/", payments.payment_ipn, name="payment_ipn"),
    path("thanh-toan/sandbox/", payments.sandbox_bank, name="payment_sandbox_bank"),
]
