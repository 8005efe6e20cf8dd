"""The default dictionary of citizen language ↔ administrative language."""

from django.db import migrations


def load(apps, schema_editor):
    from search.defaults import load_default_synonyms

    load_default_synonyms(apps.get_model("catalogue_search", "SynonymEntry"))


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0002_synonym_dictionary")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
