"""The one shared body ``StreamBlock`` of news and guide pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    size = blocks.ChoiceBlock(
        label=_("Cỡ"),
        choices=[("h2", _("Tiêu đề mục")), ("h3", _("Tiêu đề mục con"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Tiêu đề")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Hồ sơ cần chuẩn bị", "size": "h2"}
        description = _("Tiêu đề một mục của bài viết, hiện trong mục lục đọc màn hình.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    alt_text = blocks.CharBlock(
        label=_("Mô tả ảnh (cho người khiếm thị)"),
        required=False,
        max_length=255,
        help_text=_("Để trống nếu ảnh chỉ để trang trí."),
    )
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Ảnh")
        template = "blocks/image_block.html"
        preview_value = {"caption": "Quầy tiếp nhận hồ sơ của Trung tâm Phục vụ hành chính công"}
        description = _("Một ảnh co giãn theo màn hình (srcset), có chú thích.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tên hiển thị"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu đính kèm")
        template = "blocks/document_block.html"
        preview_value = {"title": "Mẫu tờ khai đăng ký khai sinh"}
        description = _("Liên kết tải về một văn bản, biểu mẫu đã tải lên thư viện tài liệu.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Nguồn"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Lấy người dân, doanh nghiệp làm trung tâm phục vụ.",
            "attribution": "Nghị định 118/2025/NĐ-CP",
        }
        description = _("Một đoạn trích văn bản hoặc phát biểu, có ghi nguồn.")


class BodyBlock(blocks.StreamBlock):
    """Body of news and guide pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        preview_value="<p>Từ ngày 01/7/2025, người dân có thể nộp hồ sơ tại bất kỳ điểm tiếp nhận nào trong tỉnh.</p>",
        description=_("Văn bản có định dạng: đậm, nghiêng, liên kết, danh sách."),
    )
    image = ImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    table = TableBlock(
        label=_("Bảng"),
        icon="table",
        template="blocks/table_block.html",
        preview_value={
            "first_row_is_table_header": True,
            "data": [["Thủ tục", "Thời hạn"], ["Đăng ký khai sinh", "Trong ngày"]],
        },
        description=_("Bảng đơn giản, ví dụ lịch tiếp nhận hoặc mức phí."),
    )

    class Meta:
        block_counts = {}
