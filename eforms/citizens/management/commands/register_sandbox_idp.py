"""Register the portal as a client of the sandbox identity provider
(``make demo``). Does nothing when the sandbox is off."""

from django.conf import settings
from django.core.management.base import BaseCommand

from content.models import ProcedurePage
from eforms.citizens.models import AssuranceLevel, ProcedureAssurance
from eforms.citizens.sandbox.clients import register_client

# The demo procedure that only a level 2 citizen may submit (Xác nhận thông tin về cư trú)
DEMO_LEVEL_2 = "1.010029"


class Command(BaseCommand):
    help = "Đăng ký cổng là ứng dụng (client) của máy chủ định danh thử nghiệm /sandbox-idp/."

    def handle(self, *args, **options):
        if not settings.CITIZEN_OIDC_SANDBOX:
            self.stdout.write("CITIZEN_OIDC_SANDBOX is off: nothing to register.")
            return
        uri = settings.CITIZEN_OIDC_REDIRECT_URI
        uris = [uri, uri.replace("127.0.0.1", "localhost"), uri.replace("localhost", "127.0.0.1")]
        register_client(settings.CITIZEN_OIDC_CLIENT_ID, settings.CITIZEN_OIDC_CLIENT_SECRET, uris)
        self._demo_requirement()
        self.stdout.write(
            f"Sandbox identity provider: client {settings.CITIZEN_OIDC_CLIENT_ID} registered "
            f"(issuer {settings.CITIZEN_OIDC_ISSUER}); citizens sign in at {settings.PORTAL_BASE_URL}/dang-nhap/"
        )

    def _demo_requirement(self):
        procedure = ProcedurePage.objects.filter(code=DEMO_LEVEL_2).first()
        if procedure is None:
            return
        ProcedureAssurance.objects.get_or_create(
            procedure=procedure, defaults={"required_level": AssuranceLevel.LEVEL_2}
        )
        self.stdout.write(f"Procedure {DEMO_LEVEL_2} requires a level 2 electronic identity (demo).")
