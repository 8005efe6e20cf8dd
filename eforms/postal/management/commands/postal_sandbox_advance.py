"""Move a parcel of the sandbox post office to its next status (or the one
given); the sandbox sends the portal the signed status callback, as the
console at /sandbox/buu-chinh/ does."""

import structlog
from django.core.management.base import BaseCommand, CommandError

from eforms.postal import callbacks
from eforms.postal.constants import ParcelStatus
from eforms.postal.operators import sandbox_server
from eforms.postal.operators.registry import sandbox_enabled

log = structlog.get_logger(__name__)


class Command(BaseCommand):
    help = "Advance a sandbox parcel (POSTAL_BACKEND=sandbox) and deliver its signed status callback."

    def add_arguments(self, parser):
        parser.add_argument("item_code")
        parser.add_argument("--status", choices=ParcelStatus.values, help="status code (default: the next one)")

    def handle(self, *args, item_code, status=None, **options):
        if not sandbox_enabled():
            raise CommandError("POSTAL_BACKEND is not 'sandbox': a real operator sends its own callbacks.")
        parcel, answer = sandbox_server.advance(item_code.upper(), status, deliver=callbacks.receive)
        if parcel is None:
            raise CommandError(f"No sandbox parcel {item_code}.")
        if answer is None:
            self.stdout.write(f"{parcel.item_code}: already at its last status ({parcel.status}).")
            return
        code, body = answer
        log.info("postal_sandbox_advanced", item_code=parcel.item_code, status=parcel.status, answer=body)
        self.stdout.write(f"{parcel.item_code}: {parcel.status} → portal answered {code} {body}")
