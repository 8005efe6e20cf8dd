"""``/sandbox-idp/``: the sandbox OpenID Connect provider (mounted by
``portal/urls.py`` only when ``CITIZEN_OIDC_SANDBOX=1``). The names are
django-oauth-toolkit's: its discovery document reverses them."""

from django.urls import path, re_path
from oauth2_provider import views as oauth_views

from eforms.citizens.sandbox.views import SandboxAuthorizationView

app_name = "oauth2_provider"
urlpatterns = [
    path("authorize/", SandboxAuthorizationView.as_view(), name="authorize"),
    path("token/", oauth_views.TokenView.as_view(), name="token"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        oauth_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", oauth_views.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", oauth_views.UserInfoView.as_view(), name="user-info"),
]
