"""StreamField blocks editors use to build a procedure's e-form.

Each field block freezes into a plain JSON description at publish time
(``eforms.schema.compile_form``); submitted dossiers keep that frozen
schema (``FormVersion``), so editing a form never changes an old dossier.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from eforms.formdefs.plaintext import validate_plain_text

PLAIN = [validate_plain_text]

FILE_TYPE_CHOICES = [
    ("pdf", "PDF"),
    ("jpeg", "JPEG"),
    ("png", "PNG"),
    ("docx", "Word (DOCX)"),
    ("xlsx", "Excel (XLSX)"),
]


def _common_fields():
    return [
        ("label", blocks.CharBlock(label=_("Nhãn câu hỏi"), max_length=255, validators=PLAIN)),
        (
            "name",
            blocks.RegexBlock(
                regex=r"^[a-z][a-z0-9_]{0,49}$",
                required=False,
                label=_("Tên kỹ thuật"),
                help_text=_(
                    "Chữ thường không dấu, số và dấu gạch dưới, ví dụ: ho_ten_cha. Để trống để tự tạo từ nhãn."
                ),
                error_messages={"invalid": _("Chỉ dùng chữ thường không dấu, số và dấu gạch dưới.")},
            ),
        ),
        ("help_text", blocks.CharBlock(label=_("Hướng dẫn"), required=False, max_length=500, validators=PLAIN)),
        ("required", blocks.BooleanBlock(label=_("Bắt buộc"), required=False, default=True)),
        (
            "show_if_field",
            blocks.CharBlock(
                label=_("Chỉ hiện khi câu hỏi (tên kỹ thuật)"),
                required=False,
                max_length=50,
                validators=PLAIN,
                help_text=_("Để trống nếu câu hỏi luôn hiện."),
            ),
        ),
        (
            "show_if_value",
            blocks.CharBlock(
                label=_("… có giá trị"),
                required=False,
                max_length=255,
                validators=PLAIN,
                help_text=_("Với ô đánh dấu, dùng giá trị 'co' (đã đánh dấu)."),
            ),
        ),
    ]


def _field_block(name, bases, extra, icon, label, description):
    attrs = dict(_common_fields())
    attrs.update(extra)
    attrs["__module__"] = __name__
    attrs["__qualname__"] = name
    attrs["Meta"] = type("Meta", (), {"icon": icon, "label": label, "description": description})
    return type(name, bases, attrs)


TextBlock = _field_block(
    "TextBlock",
    (blocks.StructBlock,),
    {"max_length": blocks.IntegerBlock(label=_("Số ký tự tối đa"), default=255, min_value=1, max_value=2000)},
    "pilcrow",
    _("Ô văn bản ngắn"),
    _("Một dòng chữ, ví dụ họ tên, nghề nghiệp."),
)
LongTextBlock = _field_block(
    "LongTextBlock", (blocks.StructBlock,), {}, "doc-full", _("Ô văn bản dài"), _("Nhiều dòng, ví dụ lý do đề nghị.")
)
NumberBlock = _field_block(
    "NumberBlock",
    (blocks.StructBlock,),
    {
        "min_value": blocks.DecimalBlock(label=_("Giá trị nhỏ nhất"), required=False),
        "max_value": blocks.DecimalBlock(label=_("Giá trị lớn nhất"), required=False),
    },
    "order",
    _("Số"),
    _("Một số, ví dụ diện tích, số lượng."),
)
DateBlock = _field_block("DateBlock", (blocks.StructBlock,), {}, "date", _("Ngày"), _("Một ngày (ngày/tháng/năm)."))
ChoiceBlock = _field_block(
    "ChoiceBlock",
    (blocks.StructBlock,),
    {
        "choices": blocks.ListBlock(
            blocks.CharBlock(label=_("Lựa chọn"), max_length=255, validators=PLAIN), label=_("Các lựa chọn")
        )
    },
    "list-ul",
    _("Chọn một"),
    _("Chọn một trong các lựa chọn."),
)
MultipleChoiceBlock = _field_block(
    "MultipleChoiceBlock",
    (blocks.StructBlock,),
    {
        "choices": blocks.ListBlock(
            blocks.CharBlock(label=_("Lựa chọn"), max_length=255, validators=PLAIN), label=_("Các lựa chọn")
        )
    },
    "tasks",
    _("Chọn nhiều"),
    _("Chọn một hoặc nhiều lựa chọn."),
)
CheckboxBlock = _field_block(
    "CheckboxBlock", (blocks.StructBlock,), {}, "tick-inverse", _("Ô đánh dấu"), _("Có / không.")
)
EmailBlock = _field_block("EmailBlock", (blocks.StructBlock,), {}, "mail", _("Thư điện tử"), _("Địa chỉ thư điện tử."))
PhoneBlock = _field_block(
    "PhoneBlock", (blocks.StructBlock,), {}, "mobile-alt", _("Số điện thoại"), _("Số điện thoại Việt Nam, 10 chữ số.")
)
CitizenIdBlock = _field_block(
    "CitizenIdBlock",
    (blocks.StructBlock,),
    {},
    "user",
    _("Số định danh cá nhân / CCCD"),
    _("12 chữ số, 3 chữ số đầu là mã tỉnh nơi đăng ký khai sinh."),
)
AddressBlock = _field_block(
    "AddressBlock",
    (blocks.StructBlock,),
    {},
    "home",
    _("Địa chỉ"),
    _("Tỉnh/thành phố và phường/xã theo danh mục đơn vị hành chính từ 01/7/2025, cùng số nhà, đường."),
)
FileBlock = _field_block(
    "FileBlock",
    (blocks.StructBlock,),
    {
        "component_number": blocks.IntegerBlock(
            label=_("Thành phần hồ sơ số"),
            min_value=1,
            max_value=999,
            required=False,
            help_text=_(
                "Số thứ tự (STT) của giấy tờ như trên trang thủ tục: giấy tờ chung trước, rồi từng trường hợp "
                "(xem danh sách “Thành phần hồ sơ của thủ tục” ở đầu trang)."
            ),
        ),
        "allowed_types": blocks.MultipleChoiceBlock(
            choices=FILE_TYPE_CHOICES, default=["pdf", "jpeg", "png"], label=_("Định dạng được phép")
        ),
        "max_size_mb": blocks.IntegerBlock(label=_("Dung lượng tối đa (MB)"), default=10, min_value=1, max_value=50),
        "multiple": blocks.BooleanBlock(label=_("Cho phép nhiều tệp"), required=False, default=False),
    },
    "doc-full-inverse",
    _("Tệp đính kèm"),
    _("Bản điện tử của một thành phần hồ sơ."),
)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề mục"), max_length=255, validators=PLAIN)

    class Meta:
        icon = "title"
        label = _("Tiêu đề mục")
        description = _("Chia tờ khai thành các mục.")


class HelpTextBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Nội dung hướng dẫn"), max_length=4000, validators=PLAIN)

    class Meta:
        icon = "help"
        label = _("Đoạn hướng dẫn")
        description = _("Một đoạn giải thích cho người nộp.")


class ApplicantBlock(blocks.StaticBlock):
    class Meta:
        icon = "user"
        label = _("Khối thông tin người nộp")
        admin_text = _("Họ tên, số định danh, ngày sinh, điện thoại, thư điện tử và địa chỉ của người nộp hồ sơ.")
        description = _("Các trường chuẩn về người nộp (in trên giấy tiếp nhận).")


class FieldStreamBlock(blocks.StreamBlock):
    applicant = ApplicantBlock()
    heading = HeadingBlock()
    help = HelpTextBlock()
    text = TextBlock()
    textarea = LongTextBlock()
    number = NumberBlock()
    date = DateBlock()
    choice = ChoiceBlock()
    multichoice = MultipleChoiceBlock()
    checkbox = CheckboxBlock()
    email = EmailBlock()
    phone = PhoneBlock()
    cccd = CitizenIdBlock()
    address = AddressBlock()
    file = FileBlock()


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tên bước"), max_length=120, validators=PLAIN)
    intro = blocks.TextBlock(label=_("Giới thiệu"), required=False, max_length=4000, validators=PLAIN)
    fields = FieldStreamBlock(label=_("Câu hỏi"))

    class Meta:
        icon = "form"
        label = _("Bước")
        description = _("Một bước của tờ khai; người nộp thấy thanh tiến trình theo các bước.")
