from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("xac-thuc/", views.verify_view, name="verify"),
    path("dang-ky-xac-thuc/", views.enroll_view, name="enroll"),
    path("ma-du-phong/", views.backup_codes_view, name="backup_codes"),
    path("ma-du-phong/tai-ve/", views.backup_codes_download, name="backup_codes_download"),
    path("thiet-bi/", views.devices_view, name="devices"),
    path("dang-xuat/", views.logout_view, name="logout"),
]
urlpatterns += [
    path("khoa-bao-mat/dang-ky/bat-dau/", views.webauthn_register_begin, name="webauthn_register_begin"),
    path("khoa-bao-mat/dang-ky/hoan-tat/", views.webauthn_register_complete, name="webauthn_register_complete"),
    path("khoa-bao-mat/xac-thuc/bat-dau/", views.webauthn_auth_begin, name="webauthn_auth_begin"),
    path("khoa-bao-mat/xac-thuc/hoan-tat/", views.webauthn_auth_complete, name="webauthn_auth_complete"),
]
