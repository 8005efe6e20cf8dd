"""Recompute every procedure's ``folded_name`` (after a change of how it is
built, e.g. the Vietnamese collation key at its start). Idempotent; writes
only the rows whose value changes, in batches."""

from django.core.management.base import BaseCommand
from django.db import transaction

from content.models import ProcedurePage
from content.text import catalogue_folded_name

BATCH = 1000


class Command(BaseCommand):
    help = "Recompute ProcedurePage.folded_name (name collation key, folded name, code, keywords)."

    def handle(self, *args, **options):
        changed = []
        rows = ProcedurePage.objects.values_list("pk", "code", "title", "keywords", "folded_name")
        for pk, code, title, keywords, current in rows.iterator(chunk_size=BATCH):
            value = catalogue_folded_name(code, title, keywords)
            if value != current:
                changed.append(ProcedurePage(pk=pk, folded_name=value))
        with transaction.atomic():
            ProcedurePage.objects.bulk_update(changed, ["folded_name"], batch_size=BATCH)
        self.stdout.write(f"{len(changed)} folded names updated")
