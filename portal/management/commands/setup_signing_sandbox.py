"""Create the sandbox certificate authority of the digital signatures
(``make demo``): the root, the center's signing certificate, the time-stamping
certificate and one signing certificate per agency of the catalogue, under
``SIGNING_SANDBOX_DIR`` (``var/signing/``). A second run issues only what is
missing. Does nothing unless ``SIGNING_BACKEND=sandbox``."""

from django.core.management.base import BaseCommand

from content.models import AgencyPage
from portal.signing import conf, identity, sandbox


class Command(BaseCommand):
    help = "Create the sandbox CA (root, center, TSA, one certificate per agency) for signed documents."

    def handle(self, *args, **options):
        if conf.backend() != "sandbox":
            self.stdout.write(f"SIGNING_BACKEND={conf.backend()}: no sandbox CA needed.")
            return
        signers = [identity.center()]
        signers += [
            identity.agency(a.code, a.title) for a in AgencyPage.objects.live().exclude(code="").order_by("code")
        ]
        root = sandbox.root()
        sandbox.tsa()
        for signer in signers:
            sandbox.issued_for(signer.stem, signer.name, signer.organisation)
        self.stdout.write(
            f"Sandbox CA in {root.cert_path.parent}: root, TSA and {len(signers)} signing certificates "
            f"(center + {len(signers) - 1} agencies); trusted on /xac-thuc-van-ban/."
        )
