"""The process records now belong to the dossier core (see
eforms/migrations/0004): state only, nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0001_initial'),
        ('eforms', '0004_process_records_from_workspace'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='auditevent',
                    name='dossier',
                ),
                migrations.RemoveField(
                    model_name='auditevent',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='supplementrequest',
                    name='dossier',
                ),
                migrations.RemoveField(
                    model_name='supplementrequest',
                    name='requested_by',
                ),
                migrations.DeleteModel(
                    name='ApologyLetter',
                ),
                migrations.DeleteModel(
                    name='AuditEvent',
                ),
                migrations.DeleteModel(
                    name='SupplementRequest',
                ),
    
            ],
            database_operations=[],
        ),
    ]
