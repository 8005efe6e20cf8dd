"""Build the few catalogue objects a hand-off test needs (no demo catalogue)."""
import itertools
import uuid

from django.utils import timezone
from wagtail.models import Page

_counter = itertools.count(1)


def _root():
    from django.conf import settings
    from wagtail.models import Locale

    # A transactional test's flush also empties the page tree and locales.
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def _home():
    from content.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = _root().add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    return home


def agency_index():
    from content.models import AgencyIndexPage

    index = AgencyIndexPage.objects.first()
    if index is None:
        index = _home().add_child(instance=AgencyIndexPage(title="Cơ quan", slug="co-quan"))
    return index


def procedure_index():
    from content.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.first()
    if index is None:
        index = _home().add_child(instance=ProcedureIndexPage(title="Thủ tục", slug="thu-tuc"))
    return index


def make_agency(code=None, title=None, **fields):
    from content.models import AgencyPage

    code = code or f"cq{uuid.uuid4().hex[:8]}"
    return agency_index().add_child(
        instance=AgencyPage(title=title or f"Sở thử nghiệm {code}", slug=code.lower(), code=code, **fields)
    )


def make_procedure(agency, coordinating=(), code=None, title="Đăng ký kết hôn"):
    from content.models import ProcedurePage

    n = next(_counter)
    code = code or f"1.{uuid.uuid4().int % 1_000_000:06d}"
    page = procedure_index().add_child(
        instance=ProcedurePage(title=f"{title} {n}", slug=f"thu-tuc-{code.replace('.', '-')}-{n}", code=code, agency=agency)
    )
    if coordinating:
        page.coordinating_agencies.set(coordinating)
        page.save()
    return page


def make_dossier(procedure, agency=None, **fields):
    from eforms.dossiers.models import Dossier

    n = next(_counter)
    defaults = {
        "code": f"000.00.00.H41-{timezone.localdate():%y%m%d}-{uuid.uuid4().int % 10**8:08d}",
        "lookup_secret": "ACDEFGHJ",
        "procedure": procedure,
        "procedure_code": procedure.code,
        "procedure_name": procedure.title,
        "agency": agency if agency is not None else procedure.agency,
        "applicant_name": f"Nguyễn Văn An {n}",
        "applicant_id_number": "079090001234",
        "applicant_email": "an@example.vn",
        "form_data": {"ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-01-01"},
        "received_at": timezone.now(),
    }
    defaults.update(fields)
    return Dossier.objects.create(**defaults)
