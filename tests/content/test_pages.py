"""What citizens read: the procedure sheet, home, agencies, fields, news,
guides, sitemap."""

import pytest


@pytest.mark.django_db
def test_procedure_sheet_reads_like_the_official_record(client, procedure_page):
    response = client.get(procedure_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "1.001193",
        "Đăng ký khai sinh",
        "Cấp Xã",
        "Hộ tịch",
        "UBND phường Xuân Hương - Đà Lạt",
        "Công dân Việt Nam / cá nhân",
        "Dịch vụ công trực tuyến toàn trình",
        "Trình tự thực hiện",
        "Bước 1: Nộp hồ sơ",
        "Cách thức thực hiện",
        "Hình thức nộp",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Mô tả",
        "Trực tuyến",
        "Thành phần hồ sơ",
        "Bản chính",
        "Bản sao",
        "Trường hợp ủy quyền",
        "Mẫu tờ khai khai sinh",
        "Căn cứ pháp lý",
        "Số ký hiệu",
        "Trích yếu",
        "Ngày ban hành",
        "Cơ quan ban hành",
        "60/2014/QH13",
        "20/11/2014",
        "Quốc hội",
        "Kết quả thực hiện",
        "Yêu cầu, điều kiện thực hiện",
        "Địa chỉ tiếp nhận hồ sơ",
        "Ngay trong ngày tiếp nhận",
    ]:
        assert text in html, text
    assert 'href="/nop-ho-so/1.001193/"' in html
    assert "Nộp hồ sơ trực tuyến" in html
    assert f'href="{procedure_page.url}pdf/"' in html
    assert '<nav class="breadcrumbs" aria-label="Đường dẫn">' in html
    # Agency linked; components of every case first, then by case, numbered on.
    assert f'href="{procedure_page.agency.url}"' in html
    assert html.index("Giấy chứng sinh") < html.index("Trường hợp ủy quyền") < html.index("Văn bản ủy quyền")


@pytest.mark.django_db
def test_submit_link_is_the_reversed_eform_start_url(client, procedure_page):
    """Both "Nộp hồ sơ trực tuyến" buttons of the sheet, and the PDF's line,
    point to the e-form start view of this procedure, found by URL name
    (content does not import eforms)."""
    from django.conf import settings
    from django.urls import resolve, reverse

    from content.pdf import render_procedure_pdf
    from tests.content.test_pdf import pdf_text

    url = reverse("eforms:start", kwargs={"code": procedure_page.code})
    assert url == "/nop-ho-so/1.001193/"  # the public contract (DESIGN.md)
    match = resolve(url)
    assert match.view_name == "eforms:start"
    assert match.kwargs == {"code": "1.001193"}

    assert procedure_page.submit_url == url
    html = client.get(procedure_page.url).content.decode()
    assert html.count(f'href="{url}"') == 2
    assert html.count("Nộp hồ sơ trực tuyến") == 2
    pdf = "".join(pdf_text(render_procedure_pdf(procedure_page))).replace("\r", "").replace("\n", "")
    assert "Nộp hồ sơ trực tuyến tại: " + settings.PORTAL_BASE_URL.rstrip("/") + url in pdf


@pytest.mark.django_db
def test_submit_url_follows_the_eform_url_name(procedure_page, settings):
    settings.ROOT_URLCONF = "tests.content.moved_eform_urls"
    assert procedure_page.submit_url == "/dang-ky-truc-tuyen/1.001193/"


@pytest.mark.django_db
def test_unreversible_code_renders_the_sheet_without_the_button_and_logs(client, procedure_page, caplog):
    """A code the e-form URL pattern refuses (here one with a slash, which
    only a write around validation can store) must not 500 the sheet: no
    button, an error in the log."""
    from content.models import ProcedurePage

    ProcedurePage.objects.filter(pk=procedure_page.pk).update(code="1.001193/x")
    with caplog.at_level("ERROR", logger="content.models.catalogue"):
        response = client.get(procedure_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nộp hồ sơ trực tuyến" not in html
    assert "/nop-ho-so/" not in html
    assert [r.message for r in caplog.records] == ["content.submit_url.no_reverse_match"] * len(caplog.records)
    assert caplog.records, "the failed reversal is logged"


@pytest.mark.django_db
def test_information_only_procedure_has_no_submit_button(client, catalogue):
    from content.models import ProcedurePage

    page = ProcedurePage.objects.get(code="1.000656")
    html = client.get(page.url).content.decode()
    assert "/nop-ho-so/" not in html
    assert "chưa nhận hồ sơ trực tuyến" in html


@pytest.mark.django_db
def test_fee_and_coordinating_agencies(client, catalogue):
    from content.models import ProcedurePage

    html = client.get(ProcedurePage.objects.get(code="3.000333").url).content.decode()
    assert "200.000 đồng" in html
    html = client.get(ProcedurePage.objects.get(code="1.009994").url).content.decode()
    assert "Cơ quan phối hợp" in html and "Sở Tư pháp tỉnh Lâm Đồng" in html
    assert "Công dân Việt Nam / cá nhân, Tổ chức" in html


@pytest.mark.django_db
def test_procedure_sheet_in_english(client, procedure_page):
    html = client.get(procedure_page.url + "?lang=en").content.decode()
    assert "Dossier components" in html
    assert "Submit online" in html


@pytest.mark.django_db
def test_home_page_sections(client, catalogue):
    from content.demo_loader import set_featured
    from content.models import HomePage, NewsPage

    home = HomePage.objects.get()
    news_index = catalogue["tin-tuc"]
    news_index.add_child(
        instance=NewsPage(
            title="Tiếp nhận hồ sơ không phụ thuộc địa giới hành chính", slug="tin-1", intro="Từ 01/7/2025."
        )
    )
    assert set_featured(home) == 4  # kết hôn, khai sinh, lý lịch tư pháp, xây dựng
    html = client.get("/").content.decode()
    assert 'action="/tim-kiem/"' in html and 'name="q"' in html
    assert "Thủ tục được dùng nhiều" in html
    assert html.index("Đăng ký kết hôn") < html.index("Đăng ký khai sinh")
    assert "Thủ tục theo lĩnh vực" in html and "/thu-tuc/?field=ho-tich" in html
    assert "Tiếp nhận hồ sơ không phụ thuộc" in html
    assert 'href="/thong-ke/"' in html
    # figures: 5 procedures, 4 online, 3 agencies
    assert '<span class="stat__value">5</span>' in html
    assert '<span class="stat__value">4</span>' in html
    assert '<span class="stat__value">3</span>' in html


@pytest.mark.django_db
def test_agency_and_field_pages_list_their_procedures(client, catalogue):
    html = client.get("/co-quan/stp/").content.decode()
    assert "Sở Tư pháp tỉnh Lâm Đồng" in html and "Cấp Phiếu lý lịch tư pháp" in html
    assert "0263 3 822 111" in html
    assert "Đăng ký khai sinh" not in html
    html = client.get("/linh-vuc/ho-tich/").content.decode()
    assert "Đăng ký khai sinh" in html and "Cấp giấy phép xây dựng" not in html
    assert client.get("/co-quan/").status_code == 200
    assert client.get("/linh-vuc/").status_code == 200


@pytest.mark.django_db
def test_news_and_guide_pages_render_every_body_block(client, catalogue):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from content.models import NewsPage

    document = get_document_model().objects.create(
        title="Mẫu tờ khai", file=ContentFile(b"%PDF-1.4", name="to-khai.pdf")
    )
    news = NewsPage(
        title="Thông báo lịch tiếp nhận",
        slug="lich",
        intro="Lịch mới.",
        body=[
            ("heading", {"text": "Lịch tiếp nhận", "size": "h2"}),
            ("paragraph", "<p>Sáng thứ Bảy <b>có</b> tiếp nhận.</p>"),
            ("quote", {"text": "Phục vụ nhân dân.", "attribution": "Trung tâm"}),
            ("document", {"document": document, "title": "Tải mẫu tờ khai"}),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [["Ngày", "Giờ"], ["Thứ Bảy", "7h30–11h30"]],
                },
            ),
        ],
    )
    catalogue["tin-tuc"].add_child(instance=news)
    html = client.get(news.url).content.decode()
    assert '<h2 class="block-heading">Lịch tiếp nhận</h2>' in html
    assert "<b>có</b>" in html
    assert "Phục vụ nhân dân." in html
    assert "Tải mẫu tờ khai" in html and document.url in html
    assert '<th scope="col">Ngày</th>' in html and "7h30–11h30" in html
    listing = client.get("/tin-tuc/").content.decode()
    assert "Thông báo lịch tiếp nhận" in listing
    guide = client.get("/huong-dan/").content.decode()
    assert "Nộp hồ sơ trực tuyến trong 4 bước" in guide


@pytest.mark.django_db
def test_news_image_has_responsive_srcset(client, catalogue):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from content.models import NewsPage

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), (164, 22, 26)).save(buffer, "JPEG")
    image = get_image_model().objects.create(title="Quầy tiếp nhận", file=ImageFile(buffer, name="quay.jpg"))
    news = NewsPage(
        title="Có ảnh",
        slug="co-anh",
        image=image,
        body=[("image", {"image": image, "alt_text": "Quầy tiếp nhận hồ sơ", "caption": "Quầy số 1"})],
    )
    catalogue["tin-tuc"].add_child(instance=news)
    html = client.get(news.url).content.decode()
    assert "<picture" in html and "srcset=" in html and "480w" in html
    assert 'alt="Quầy tiếp nhận hồ sơ"' in html
    listing = client.get("/tin-tuc/").content.decode()
    assert "srcset=" in listing


@pytest.mark.django_db
def test_sitemap_lists_procedures(client, procedure_page):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/thu-tuc/dang-ky-khai-sinh-1-001193/" in body
    assert "/co-quan/stp/" in body


@pytest.mark.django_db
def test_portal_identity_setting_overrides_defaults(client, catalogue, settings):
    from wagtail.models import Site

    from content.models import PortalIdentity

    html = client.get("/").content.decode()
    assert settings.PORTAL_CENTER_NAME in html
    identity = PortalIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.center_name = "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm"
    identity.hotline = "1900 9999"
    identity.save()
    html = client.get("/").content.decode()
    assert "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm" in html
    assert "1900 9999" in html
    assert settings.PORTAL_PROVINCE_NAME in html  # empty field keeps the default


def test_pages_read_the_identity_once_until_it_or_the_site_changes(client, catalogue):
    """The identity every page shows costs no query once read; saving the
    setting or the site shows the new values on the next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from content.models import PortalIdentity

    client.get("/tim-kiem/", {"q": "khai sinh"})
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/tim-kiem/", {"q": "khai sinh"}).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "content_portalidentity" not in tables and "wagtailcore_site" not in tables

    site = Site.objects.get(is_default_site=True)
    identity = PortalIdentity.for_site(site)
    identity.hotline = "1900 8888"
    identity.save()
    assert "1900 8888" in client.get("/tim-kiem/", {"q": "khai sinh"}).content.decode()
    site.site_name = "Cổng thử nghiệm"
    site.save()
    identity.delete()
    assert "1900 8888" not in client.get("/tim-kiem/", {"q": "khai sinh"}).content.decode()
