"""``manage.py national_sync``: run the status sweep or a catalogue refresh
now, and (sandbox only) tell the sandbox to fail the next requests."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eforms.national import catalogue, delivery
from eforms.national.constants import FaultMode
from eforms.national.models import SandboxFault


class Command(BaseCommand):
    help = "Đồng bộ với Cổng Dịch vụ công quốc gia: gửi lại phần tồn đọng, cập nhật danh mục, giả lập lỗi sandbox."

    def add_arguments(self, parser):
        parser.add_argument("--sweep", action="store_true", help="publish what is due (failed, lost, stuck)")
        parser.add_argument("--catalogue", action="store_true", help="refresh the catalogue now")
        parser.add_argument(
            "--sandbox-fault", choices=[m.value for m in FaultMode], help="make the sandbox fail the next requests"
        )
        parser.add_argument("--times", type=int, default=1, help="how many requests the sandbox fault lasts")

    def handle(self, *args, **options):
        if not (options["sweep"] or options["catalogue"] or options["sandbox_fault"]):
            raise CommandError("Nothing to do: give --sweep, --catalogue or --sandbox-fault.")
        if options["sandbox_fault"]:
            if not settings.NATIONAL_PORTAL_SANDBOX:
                raise CommandError("The sandbox is off (NATIONAL_PORTAL_SANDBOX=0).")
            if not 1 <= options["times"] <= 1000:
                raise CommandError("--times must be between 1 and 1000.")
            SandboxFault.objects.create(mode=options["sandbox_fault"], remaining=options["times"])
            self.stdout.write(f"sandbox fault {options['sandbox_fault']} × {options['times']}")
        if options["sweep"]:
            self.stdout.write(f"published {delivery.retry_due()} status pushes")
        if options["catalogue"]:
            report = catalogue.refresh(trigger="manage.py national_sync")
            self.stdout.write(f"catalogue: {report.get_outcome_display()} {report.counts()} {report.error}".strip())
