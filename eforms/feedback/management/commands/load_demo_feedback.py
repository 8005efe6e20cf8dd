"""Demo feedback: a few items per demo agency in every state, two published
answers for the public list, one overdue and one waiting for a leader to
assign it. Idempotent (an item is made once, by its subject)."""

import datetime as dt

import structlog
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from content.models import AgencyPage
from eforms.feedback import handling, services
from eforms.feedback.constants import FeedbackKind
from eforms.feedback.models import Feedback

log = structlog.get_logger(__name__)
K = FeedbackKind

# agency code (None: not routed), kind, subject, content, answer, final state, days ago
DEMO = [
    (
        "stp",
        K.REGULATION,
        "Đề nghị bỏ yêu cầu bản sao sổ hộ khẩu khi đăng ký kết hôn",
        "Sổ hộ khẩu đã bị bãi bỏ từ năm 2023 nhưng một số nơi vẫn yêu cầu nộp bản sao khi đăng ký kết hôn. "
        "Đề nghị Sở hướng dẫn thống nhất việc khai thác thông tin cư trú từ Cơ sở dữ liệu quốc gia về dân cư.",
        "Sở Tư pháp xin trả lời: thành phần hồ sơ đăng ký kết hôn không bao gồm sổ hộ khẩu; cán bộ tư pháp "
        "khai thác thông tin cư trú qua Cơ sở dữ liệu quốc gia về dân cư. Sở đã có văn bản chấn chỉnh các "
        "đơn vị liên quan.",
        "cong-khai",
        12,
    ),
    (
        "sxd",
        K.HANDLING,
        "Hồ sơ cấp giấy phép xây dựng bị yêu cầu bổ sung nhiều lần",
        "Hồ sơ của tôi bị yêu cầu bổ sung ba lần, mỗi lần một nội dung khác nhau, trái với quy định chỉ yêu cầu "
        "bổ sung một lần.",
        "Sở Xây dựng ghi nhận phản ánh, đã kiểm điểm bộ phận thẩm định và gửi thư xin lỗi. Hồ sơ của Ông/Bà "
        "đã được giải quyết xong và trả kết quả.",
        "cong-khai",
        9,
    ),
    ("stp", K.HANDLING, "Chưa nhận được phiếu lý lịch tư pháp đúng hẹn", "Đã quá ngày hẹn trả hai ngày.", "", "moi", 1),
    (
        "sxd",
        K.HANDLING,
        "Không liên hệ được bộ phận một cửa qua điện thoại",
        "Số điện thoại niêm yết không có người nghe trong giờ hành chính.",
        "",
        "moi",
        20,
    ),
    (
        "cong-an-tinh",
        K.REGULATION,
        "Đề nghị cho nộp ảnh chân dung bản điện tử khi cấp hộ chiếu",
        "Đề nghị cho phép nộp ảnh chân dung dạng tệp khi nộp hồ sơ trực tuyến.",
        "Công an tỉnh tiếp nhận kiến nghị; hiện hồ sơ trực tuyến đã cho phép tải ảnh chân dung theo quy chuẩn.",
        "cho-duyet",
        3,
    ),
    (None, K.REGULATION, "Góp ý về giờ làm việc sáng thứ Bảy", "Đề nghị mở thêm quầy vào sáng thứ Bảy.", "", "moi", 2),
]


class Command(BaseCommand):
    help = "Load demo feedback and complaints (phản ánh, kiến nghị), once."

    def handle(self, *args, **options):
        made = 0
        officer = get_user_model().objects.filter(username="canbo-stp").first()
        leader = get_user_model().objects.filter(username="lanhdao").first()
        for code, kind, subject, content, answer, state, days_ago in DEMO:
            if Feedback.objects.filter(subject=subject).exists():
                continue
            agency = AgencyPage.objects.filter(code=code).first() if code else None
            if code and agency is None:
                continue
            with transaction.atomic():
                item = services.submit(
                    kind=kind, subject=subject, content=content, agency=agency, contact={"consent": True}
                )
                received = timezone.now() - dt.timedelta(days=days_ago)
                Feedback.objects.filter(pk=item.pk).update(
                    received_at=received, due_at=services.due_at(received, agency)
                )
                item.refresh_from_db()
                if answer and officer and leader:
                    item = handling.save_answer(item, officer, answer, send_for_approval=True)
                    if state == "cong-khai":
                        item = handling.approve(item, leader)
                        handling.publish(
                            item,
                            leader,
                            subject=item.public_subject,
                            question=item.public_question,
                            answer=item.public_answer,
                        )
            made += 1
        log.info("demo_feedback_loaded", made=made)
        self.stdout.write(f"Phản ánh, kiến nghị minh họa: {made} mục mới.")
