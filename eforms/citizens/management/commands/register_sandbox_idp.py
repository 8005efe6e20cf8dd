"""Register the portal as a client of the sandbox identity provider
(``make demo``). Does nothing when the sandbox is off."""

from django.conf import settings
from django.core.management.base import BaseCommand

from eforms.citizens.sandbox.clients import register_client


class Command(BaseCommand):
    help = "Đăng ký cổng là ứng dụng (client) của máy chủ định danh thử nghiệm /sandbox-idp/."

    def handle(self, *args, **options):
        if not settings.CITIZEN_OIDC_SANDBOX:
            self.stdout.write("CITIZEN_OIDC_SANDBOX is off: nothing to register.")
            return
        uri = settings.CITIZEN_OIDC_REDIRECT_URI
        uris = [uri, uri.replace("127.0.0.1", "localhost"), uri.replace("localhost", "127.0.0.1")]
        register_client(settings.CITIZEN_OIDC_CLIENT_ID, settings.CITIZEN_OIDC_CLIENT_SECRET, uris)
        self.stdout.write(
            f"Sandbox identity provider: client {settings.CITIZEN_OIDC_CLIENT_ID} registered "
            f"(issuer {settings.CITIZEN_OIDC_ISSUER}); citizens sign in at {settings.PORTAL_BASE_URL}/dang-nhap/"
        )
