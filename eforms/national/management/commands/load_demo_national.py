"""``manage.py load_demo_national``: the first catalogue refresh of the demo,
from the sandbox's national feed, read in process (``make demo`` runs before
the web server answers). Once: a second run does nothing. Sandbox only."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from eforms.national import catalogue
from eforms.national.constants import RefreshOutcome
from eforms.national.models import CatalogueRefresh
from eforms.national.sandbox.feed import catalogue_feed

TRIGGER = "load_demo_national"


class Command(BaseCommand):
    help = "Lần cập nhật danh mục đầu tiên của bản demo, từ danh mục quốc gia của sandbox (một lần)."

    def handle(self, *args, **options):
        if not settings.NATIONAL_PORTAL_SANDBOX:
            self.stdout.write("NATIONAL_PORTAL_SANDBOX is off: nothing to load.")
            return
        if CatalogueRefresh.objects.filter(trigger=TRIGGER).exists():
            self.stdout.write("Demo catalogue refresh already loaded.")
            return
        with transaction.atomic():
            report = CatalogueRefresh.objects.create(trigger=TRIGGER)
            catalogue.apply_feed(catalogue_feed(), report)
            report.outcome = RefreshOutcome.PARTIAL if report.rejected else RefreshOutcome.OK
            report.finished_at = timezone.now()
            report.save()
        self.stdout.write(f"Cập nhật danh mục từ sandbox quốc gia: {report.counts()}")
