"""``manage.py load_demo_counters``: reception counters of the demo agencies
(idempotent); the logic is in ``eforms.lobby.demo``."""

from django.core.management.base import BaseCommand

from eforms.lobby.demo import load_demo_counters


class Command(BaseCommand):
    help = "Tạo các quầy tiếp nhận mẫu cho kiosk lấy số thứ tự và bảng điện tử (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        made = load_demo_counters()
        created = [row for row in made if row[2]]
        if created:
            self.stdout.write(
                "Quầy tiếp nhận mẫu (kiosk /kiosk/, bảng điện tử /bang-dien-tu/, gọi số /can-bo/goi-so/):"
            )
            for title, number, _created in created:
                self.stdout.write(f"  Quầy {number}: {title}")
