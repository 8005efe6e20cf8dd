"""Demo parcels: each demo dossier received by post (channel 3) gets the
parcel it came in, delivered to the center, with an S10 item code; those
returned (status 10) get their result's delivery ordered from the sandbox
post office. Run again, it adds nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.models import Dossier
from eforms.postal import delivery
from eforms.postal.constants import OrderKind
from eforms.postal.models import PostalOrder
from eforms.postal.operators import protocol
from eforms.postal.services import record_counter_intake, request_result_delivery


class Command(BaseCommand):
    help = "Parcels of the demo dossiers received by public postal service (idempotent)."

    def handle(self, *args, **options):
        made = ordered = 0
        dossiers = Dossier.objects.filter(channel=Channel.POSTAL).order_by("received_at", "id")[:60]
        for dossier in dossiers:
            if PostalOrder.objects.filter(dossier=dossier).exists():
                continue
            with transaction.atomic():
                code = protocol.make_item_code(10_000_000 + dossier.pk)
                if PostalOrder.objects.filter(item_code=code).exists():
                    continue
                record_counter_intake(dossier, code, at=dossier.received_at)
                made += 1
                if dossier.status == DossierStatus.RETURNED:
                    request_result_delivery(dossier)
            result = PostalOrder.objects.filter(dossier=dossier, kind=OrderKind.RESULT).first()
            if result is not None:
                delivery.deliver(result.pk)
                ordered += 1
        self.stdout.write(f"Demo parcels: {made} received by post, {ordered} results ordered for delivery.")
