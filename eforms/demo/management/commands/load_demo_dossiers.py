"""``manage.py load_demo_dossiers``: demo dossiers for the officer queue
(``/can-bo/``) and the statistics board (``/thong-ke/``), once.

The logic is in ``eforms.demo.dossiers``; this command only prints.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from eforms.demo.dossiers import load_demo_dossiers
from eforms.dossiers.constants import DossierStatus


class Command(BaseCommand):
    help = "Tạo hồ sơ mẫu trong 75 ngày gần đây cho các thủ tục trực tuyến (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=240, help="Số hồ sơ mẫu (mặc định 240).")
        parser.add_argument("--seed", type=int, default=None, help="Hạt giống ngẫu nhiên (để tạo lại đúng bộ dữ liệu).")

    def handle(self, *args, count=240, seed=None, **options):
        if count < 1 or count > 20000:
            raise CommandError("--count phải từ 1 đến 20000.")
        started = time.monotonic()
        report = load_demo_dossiers(count=count, seed=seed)
        if report.existing:
            self.stdout.write(f"Đã có {report.existing} hồ sơ mẫu; không tạo thêm.")
        elif not report.created:
            self.stdout.write("Chưa có thủ tục trực tuyến nào trong danh mục: chạy load_demo_catalogue trước.")
            return
        else:
            self.stdout.write(f"Đã tạo {report.created} hồ sơ mẫu sau {time.monotonic() - started:.1f} giây.")
        self.stdout.write("Hồ sơ mẫu theo trạng thái:")
        for status in DossierStatus:
            if report.by_status.get(status):
                self.stdout.write(f"  {int(status):>2} {status.label}: {report.by_status[status]}")
        rate = report.on_time_rate
        self.stdout.write(
            f"Đã giải quyết: {report.done_on_time + report.done_late} hồ sơ, {report.done_late} trễ hạn — "
            f"tỷ lệ đúng hạn {'—' if rate is None else f'{rate:.1f}'.replace('.', ',') + ' %'}; "
            f"đang xử lý quá hạn: {report.overdue}."
        )
        if report.processes:
            self.stdout.write(f"Quy trình nội bộ mẫu cho các thủ tục: {', '.join(report.processes)}.")
        if report.steps:
            self.stdout.write(f"Đã ghi {report.steps} bước xử lý theo quy trình nội bộ của hồ sơ mẫu.")
        if report.undelivered:
            self.stdout.write(
                f"{report.undelivered} hồ sơ chuyển đến cơ quan qua webhook/thư điện tử: Celery worker sẽ chuyển."
            )
        if report.officers:
            self.stdout.write("Cán bộ thấy trong hàng đợi /can-bo/ (đăng nhập tại /tai-khoan/dang-nhap/):")
            for username, full_name, codes, visible, overdue, new in report.officers:
                self.stdout.write(
                    f"  {username} ({full_name}; {', '.join(codes)}): {visible} hồ sơ, {new} mới nộp, {overdue} quá hạn"
                )
        else:
            self.stdout.write("Chưa có tài khoản cán bộ mẫu: chạy load_demo_workspace để xem hàng đợi /can-bo/.")
        self.stdout.write("Bảng thống kê công khai: /thong-ke/")
