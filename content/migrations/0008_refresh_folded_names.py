"""Existing rows get the Vietnamese collation key at the start of their
``folded_name`` (the catalogue's name sort reads it); new rows get it on
save. Same computation as ``manage.py refresh_folded_names``."""

from django.db import migrations

from content.text import catalogue_folded_name


def refresh(apps, schema_editor):
    ProcedurePage = apps.get_model("content", "ProcedurePage")
    changed = []
    rows = ProcedurePage.objects.values_list("pk", "code", "title", "keywords", "folded_name")
    for pk, code, title, keywords, current in rows.iterator(chunk_size=1000):
        value = catalogue_folded_name(code, title, keywords)
        if value != current:
            changed.append(ProcedurePage(pk=pk, folded_name=value))
    ProcedurePage.objects.bulk_update(changed, ["folded_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("content", "0007_catalogue_sort_filter_indexes")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
