"""The public postal service in real headless Chromium on a 375 px phone: a
citizen chooses to send the paper dossier and receive the result by post,
sees the postage as its own lines, pays it with the fee in the sandbox bank;
the sandbox post office collects the parcel and delivers it to the center
(its signed callbacks reach the portal); the dossier, channel 3, shows its
parcel's item code and status history on the tracking page."""

import os

import pytest

from eforms.dossiers.constants import Channel, PaymentStatus
from eforms.dossiers.models import Dossier
from eforms.formdefs import divisions
from eforms.postal.constants import OrderKind, ParcelStatus
from eforms.postal.models import PostalOrder
from tests.eforms.factories import PDF_BYTES, procedure_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def procedure(transactional_db, home_page, settings, live_server):
    from tests.eforms.factories import ensure_wagtail_root

    ensure_wagtail_root()
    settings.PORTAL_BASE_URL = live_server.url
    settings.POSTAL_BACKEND = "sandbox"
    return procedure_page(
        home_page,
        title="Cấp bản sao trích lục hộ tịch",
        online_level="full",
        fee_vnd=50000,
        components=(("Tờ khai đề nghị cấp bản sao trích lục", 1, 0, True),),
    )


def shot(page, screenshot_dir, name):
    page.screenshot(path=os.path.join(screenshot_dir, f"postal-{name}.png"), full_page=True)


def fill_the_form(page, live_server, procedure, tmp_path):
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.goto(live_server.url + f"/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")
    page.get_by_label("Họ, chữ đệm và tên").fill("Trần Thị Ngọc Ánh")
    page.get_by_label("Số định danh cá nhân / CCCD").fill("068190001234")
    page.get_by_label("Ngày sinh").fill("1990-05-17")
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.get_by_label("Thư điện tử").fill("anh@example.vn")
    page.get_by_label("Tỉnh, thành phố").select_option("68")
    ward = next(str(c) for c, n in divisions.wards_of(68) if n == "Phường Xuân Hương - Đà Lạt")
    page.wait_for_selector(f'#id_applicant_address_ward option[value="{ward}"]', state="attached")
    page.get_by_label("Phường, xã, đặc khu").select_option(ward)
    page.get_by_label("Số nhà, đường, thôn, tổ dân phố").fill("36 Trần Phú")
    page.get_by_role("button", name="Tiếp tục").last.click()
    page.wait_for_url("**/buoc/2/")
    page.get_by_label("Nội dung đề nghị").fill("Xin cấp 02 bản sao trích lục khai sinh.")
    page.get_by_role("button", name="Tiếp tục").last.click()
    page.wait_for_url("**/buoc/3/")
    page.get_by_label("Tờ khai đề nghị cấp bản sao trích lục").set_input_files(str(pdf))
    page.get_by_role("button", name="Xem lại hồ sơ").click()
    page.wait_for_url("**/xem-lai/")


def test_citizen_sends_by_post_pays_postage_and_tracks_the_parcel(
    page, live_server, procedure, screenshot_dir, tmp_path
):
    page.set_viewport_size(PHONE)
    fill_the_form(page, live_server, procedure, tmp_path)

    # the postal choice on the review page, quoted by the (sandbox) operator
    postal = page.locator("#buu-chinh")
    assert postal.get_by_text("Dịch vụ bưu chính công ích").first.is_visible()
    page.get_by_label("Gửi hồ sơ giấy qua dịch vụ bưu chính công ích", exact=False).check()
    page.get_by_label("Nhận kết quả qua dịch vụ bưu chính công ích", exact=False).check()
    assert page.get_by_label("Địa chỉ nhận, gửi bưu gửi", exact=False).input_value().startswith("36 Trần Phú")
    page.get_by_role("button", name="Lưu lựa chọn và tính cước bưu chính").click()
    page.wait_for_url("**/xem-lai/")
    postal = page.locator("#buu-chinh")
    assert postal.get_by_text("Cước bưu chính công ích: gửi hồ sơ giấy").is_visible()
    assert postal.get_by_text("Cước bưu chính công ích: chuyển phát kết quả").is_visible()
    assert postal.locator("[data-amount-due]").inner_text() == "86.000 đ"
    assert page.locator("[data-fee-total]").inner_text() == "50.000 đ"  # phí, lệ phí on their own
    postal.scroll_into_view_if_needed()
    shot(page, screenshot_dir, "review-375")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the review page scrolls sideways by {overflow} px at 375 px"

    # submit, then pay fee and postage together in the sandbox bank
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/nop-ho-so/ho-so/**")
    assert page.get_by_text("Cước bưu chính công ích: gửi hồ sơ giấy").is_visible()
    shot(page, screenshot_dir, "confirmation-375")
    page.get_by_role("button", name="Thanh toán 86.000 đ").click()
    page.wait_for_url("**/thanh-toan/sandbox/**")
    page.get_by_role("button", name="Thanh toán thành công").click()
    page.wait_for_url("**/thanh-toan/ket-qua/**")
    dossier = Dossier.objects.get()
    assert dossier.payment_status == PaymentStatus.PAID and dossier.channel == Channel.POSTAL
    assert dossier.payments.get().amount_vnd == 86000
    pickup = PostalOrder.objects.get(dossier=dossier, kind=OrderKind.PICKUP)
    assert pickup.item_code

    # the sandbox post office collects the paper dossier and brings it to the center
    page.goto(live_server.url + "/sandbox/buu-chinh/")
    assert page.get_by_text("Môi trường thử nghiệm (sandbox)").is_visible()
    for label in ("Đã nhận bưu gửi từ người gửi", "Đang vận chuyển", "Đã giao hồ sơ cho Trung tâm"):
        page.get_by_role("button", name=label, exact=False).first.click()
        page.wait_for_load_state()
    shot(page, screenshot_dir, "sandbox-console-375")
    pickup.refresh_from_db()
    assert pickup.status == ParcelStatus.DELIVERED_TO_CENTER

    # the tracking page shows the parcel's item code and its history
    page.goto(live_server.url + f"/tra-cuu-ho-so/?ma={dossier.code}&mtc={dossier.lookup_secret}")
    parcels = page.locator("#buu-gui")
    assert parcels.get_by_text(pickup.item_code).is_visible()
    for label in ("Bưu điện đã nhận đơn", "Đã nhận bưu gửi từ người gửi", "Đang vận chuyển"):
        assert parcels.get_by_text(label, exact=False).first.is_visible()
    assert parcels.get_by_text("Đã giao hồ sơ cho Trung tâm Phục vụ hành chính công").first.is_visible()
    assert parcels.get_by_text("Sẽ gửi khi có kết quả giải quyết").is_visible()
    parcels.scroll_into_view_if_needed()
    shot(page, screenshot_dir, "tracking-375")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the tracking page scrolls sideways by {overflow} px at 375 px"


def test_officer_receives_a_dossier_by_post_at_the_counter(page, live_server, procedure, screenshot_dir):
    from eforms.postal.operators import protocol
    from tests.browser.test_officer_browser import log_in, make_officer

    _user, device = make_officer("canbo-buuchinh", procedure.agency)
    item_code = protocol.make_item_code(26120101)
    page.set_viewport_size(PHONE)
    log_in(
        page,
        live_server.url,
        "canbo-buuchinh",
        device,
        next_path=f"/can-bo/tiep-nhan-tai-quay/?thu-tuc={procedure.code}",
    )
    page.wait_for_url("**/tiep-nhan-tai-quay/**")
    page.get_by_label("Họ và tên người nộp").fill("Lê Văn Bình")
    page.get_by_label("Bưu chính công ích", exact=True).check()
    page.get_by_label("Số hiệu bưu gửi", exact=False).fill(item_code)
    page.locator(".ws-postal-channel").scroll_into_view_if_needed()
    shot(page, screenshot_dir, "counter-375")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_url("**/can-bo/ho-so/**")
    dossier = Dossier.objects.get(applicant_name="Lê Văn Bình")
    assert dossier.channel == Channel.POSTAL
    assert page.get_by_text(item_code).first.is_visible()
    shot(page, screenshot_dir, "officer-detail-375")

    # the applicant tracks it: the parcel that brought the dossier, delivered to the center
    citizen = page.context.browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    citizen.goto(live_server.url + f"/tra-cuu-ho-so/?ma={dossier.code}&mtc={dossier.lookup_secret}")
    parcels = citizen.locator("#buu-gui")
    assert parcels.get_by_text(item_code).is_visible()
    assert parcels.get_by_text("Hồ sơ nhận qua bưu chính tại quầy").is_visible()
    assert parcels.get_by_text("Đã giao hồ sơ cho Trung tâm Phục vụ hành chính công").first.is_visible()
    citizen.context.close()
