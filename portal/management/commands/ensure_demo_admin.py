"""Create the demo administrator once (``make run``) and print the login."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_ADMIN = ("admin", "admin@dichvucong.local", "Quantri@2026")


class Command(BaseCommand):
    help = "Create the demo administrator if missing and print the login."

    def handle(self, *args, **options):
        username, email, password = DEMO_ADMIN
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "is_staff": True, "is_superuser": True,
                      "first_name": "Quản trị", "last_name": "viên"},
        )
        if created:
            user.set_password(password)
            user.save()
        self.stdout.write(
            f"Quản trị (admin) — http://127.0.0.1:8000/admin/ — {username} / {password}"
        )
