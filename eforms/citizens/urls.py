"""Citizens' URLs (included at "" by portal/urls.py)."""

from django.urls import path

from eforms.citizens import views

app_name = "citizens"
urlpatterns = [
    path("dang-nhap/", views.sign_in_view, name="sign_in"),
    path("dang-nhap/xac-thuc/", views.callback, name="callback"),
    path("dang-xuat/", views.sign_out_view, name="sign_out"),
    path("ca-nhan/ho-so/", views.mine_view, name="mine"),
    path("ca-nhan/ho-so/<uuid:dossier_uuid>/", views.dossier_view, name="dossier"),
]
