"""Loading the demo catalogue (``load_demo_catalogue``): site tree, agencies,
fields, procedures (through the importer), news, featured procedures,
editorial groups and demo accounts. Every step is idempotent."""

import json
import logging
import os
import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from portal.twofactor.demo import ensure_demo_two_factor

from . import models
from .catalogue_io import import_procedures
from .models import (
    AgencyPage,
    FieldPage,
    HomePage,
    HomePageFeaturedProcedure,
    NewsPage,
    ProcedurePage,
    StandardPage,
)
from .text import fold

logger = logging.getLogger(__name__)

#: (model name, slug, title) of the home page's sections
SECTIONS = [
    ("ProcedureIndexPage", "thu-tuc", "Thủ tục hành chính"),
    ("AgencyIndexPage", "co-quan", "Cơ quan thực hiện"),
    ("FieldIndexPage", "linh-vuc", "Lĩnh vực"),
    ("NewsIndexPage", "tin-tuc", "Tin tức, thông báo"),
    ("StandardPage", "huong-dan", "Hướng dẫn sử dụng"),
]

#: the most used procedures, in display order: for each, alternative
#: words of the name (folded); a name starting with them wins over one
#: containing them, then the shortest name.
FEATURED = [
    ["dang ky ket hon"],
    ["dang ky khai sinh"],
    ["dang ky thuong tru"],
    ["cap doi giay phep lai xe", "giay phep lai xe"],
    ["cap phieu ly lich tu phap", "ly lich tu phap"],
    ["chung thuc ban sao tu ban chinh"],
    ["dang ky thanh lap ho kinh doanh", "thanh lap ho kinh doanh"],
    ["cap giay phep xay dung nha o rieng le", "giay phep xay dung"],
]


def _pick(procedures, alternatives, taken):
    for words in alternatives:
        for starts in (True, False):
            matches = [
                p
                for p in procedures
                if p.pk not in taken and (fold(p.title).startswith(words) if starts else words in fold(p.title))
            ]
            if matches:
                return min(matches, key=lambda p: (len(p.title), p.code))
    return None


DEMO_USERS = [
    # username, password, first name, last name, group (or "dept:<agency code>")
    ("bientap", "Bientap@2026", "Biên tập", "viên", "editors"),
    ("pheduyet", "Pheduyet@2026", "Người", "phê duyệt", "approvers"),
    ("bientap-congan", "Bientap@2026", "Biên tập", "Công an tỉnh", "dept:cong-an-tinh"),
]

GUIDE_BODY = [
    ("heading", {"text": "Nộp hồ sơ trực tuyến trong 4 bước", "size": "h2"}),
    (
        "paragraph",
        '<ol><li>Tìm thủ tục trong <a href="/thu-tuc/">danh mục thủ tục hành chính</a> hoặc ô tìm kiếm.</li>'
        "<li>Đọc kỹ thành phần hồ sơ, thời hạn giải quyết và phí, lệ phí.</li>"
        "<li>Bấm <b>Nộp hồ sơ trực tuyến</b>, điền tờ khai và đính kèm giấy tờ.</li>"
        "<li>Lưu mã hồ sơ và mã tra cứu để theo dõi tại mục Tra cứu hồ sơ.</li></ol>",
    ),
    (
        "quote",
        {
            "text": "Hồ sơ được tiếp nhận không phụ thuộc vào địa giới hành chính trong phạm vi tỉnh.",
            "attribution": "Nghị định 118/2025/NĐ-CP",
        },
    ),
    (
        "table",
        {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
            "data": [
                ["Mức độ", "Ý nghĩa"],
                ["Chỉ cung cấp thông tin", "Tra cứu thông tin, nộp hồ sơ trực tiếp hoặc qua bưu chính"],
                ["Một phần", "Nộp hồ sơ trực tuyến; nộp phí và nhận kết quả trực tiếp"],
                ["Toàn trình", "Nộp hồ sơ, thanh toán và nhận kết quả hoàn toàn trực tuyến"],
            ],
        },
    ),
]


def _model(name):
    return getattr(models, name)


def _publish(page, user=None):
    page.save_revision(user=user).publish(user=user)
    return page


@transaction.atomic
def ensure_site_tree(out=None):
    """HomePage as the default site's root, with its sections. Returns
    ``{"home": home, "<slug>": section}``."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Trang chủ", slug="trang-chu")
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Cổng dịch vụ công"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's welcome page: a plain Page left at the top with no children.
        if old_root.depth == 2 and old_root.specific_class is Page and old_root.numchild == 0:
            old_root.delete()
    sections = {"home": home}
    for model_name, slug, title in SECTIONS:
        model = _model(model_name)
        section = model.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            kwargs = {"title": title, "slug": slug}
            if model_name == "StandardPage":
                kwargs["intro"] = "Hướng dẫn tra cứu thủ tục, nộp hồ sơ trực tuyến và theo dõi kết quả."
                kwargs["body"] = GUIDE_BODY
                kwargs["show_in_menus"] = True
            section = model(**kwargs)
            home.add_child(instance=section)
            _publish(section)
        sections[slug] = section
    return sections


def _read_json(path, key):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    return document.get(key, []) if isinstance(document, dict) else document


AGENCY_FIELDS = [
    "receiving_unit_code",
    "short_name",
    "kind",
    "level",
    "address",
    "phone",
    "email",
    "website",
    "opening_hours",
    "head_name",
    "head_title",
    "directions",
    "description",
]


def _upsert_directory_pages(parent, model, rows, values_of):
    """Create the missing child pages of ``parent`` (one per row, keyed by
    ``code``) and republish those whose title or values changed; returns
    ``(created, updated)``."""
    created = updated = 0
    existing = {page.code: page for page in model.objects.all()}
    for row in rows:
        values = values_of(row)
        title = row.get("name") or row.get("title")
        page = existing.get(row["code"])
        if page is None:
            page = model(code=row["code"], title=title, slug=slugify(row["code"]), **values)
            parent.add_child(instance=page)
            _publish(page)
            created += 1
        elif page.title != title or any(getattr(page, k) != v for k, v in values.items()):
            page.title = page.draft_title = title
            for key, value in values.items():
                setattr(page, key, value)
            _publish(page)
            updated += 1
    return created, updated


@transaction.atomic
def load_agencies(parent, rows):
    """Create missing agencies, update changed ones; returns (created, updated)."""
    return _upsert_directory_pages(
        parent, AgencyPage, rows, lambda row: {key: row.get(key) or "" for key in AGENCY_FIELDS if key in row}
    )


@transaction.atomic
def load_fields(parent, rows):
    """Create missing fields (lĩnh vực), update changed ones; returns (created, updated)."""
    return _upsert_directory_pages(
        parent, FieldPage, rows, lambda row: {"icon": row.get("icon", ""), "description": row.get("description", "")}
    )


#: keys ``fees.json`` may set on a procedure
FEE_KEYS = ("fees", "fee_exemptions", "payment_pauses_clock")


def demo_fee_schedules(path=None):
    """``{procedure code: {"fees": [...], "fee_exemptions": [...], ...}}``
    from ``data/fees.json`` (empty without the file)."""
    path = path or os.path.join(os.path.dirname(__file__), "demo_catalogue", "data", "fees.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    schedules = document.get("procedures", {}) if isinstance(document, dict) else {}
    return schedules if isinstance(schedules, dict) else {}


def with_fee_schedules(rows, schedules):
    """The procedure rows with the keys of their fee schedule (by code)
    replacing those of ``procedures.json``."""
    merged = []
    for row in rows:
        schedule = schedules.get(row.get("code")) if isinstance(row, dict) else None
        if schedule:
            row = {**row, **{key: schedule[key] for key in FEE_KEYS if key in schedule}}
        merged.append(row)
    return merged


def import_demo_procedures(path, limit=None, codes=None, fees_path=None):
    """Through the importer (all or nothing); ``limit`` keeps the first N,
    ``codes`` only the procedures with these codes (tests). Components'
    ``present_only`` and ``generated_from_eform`` are read from their wording
    when the file does not say (``catalogue_io.parsing``). The fee schedules
    of ``fees.json`` (by code) are merged in first."""
    if not os.path.exists(path):
        return None
    schedules = demo_fee_schedules(fees_path)
    if limit is None and codes is None and not schedules:
        return import_procedures(path)
    rows = _read_json(path, "procedures")
    if codes is not None:
        rows = [row for row in rows if row.get("code") in set(codes)]
    rows = rows[:limit] if limit is not None else rows
    rows = with_fee_schedules(rows, schedules)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump({"format": "portal.procedures/1", "procedures": rows}, handle, ensure_ascii=False)
        temp_path = handle.name
    try:
        report = import_procedures(temp_path)
        report.filename = os.path.basename(path)
        return report
    finally:
        os.unlink(temp_path)


def _news_body(value):
    if not value:
        return []
    if isinstance(value, str):
        return [("paragraph", value if value.lstrip().startswith("<") else f"<p>{value}</p>")]
    blocks = []
    for item in value:
        if isinstance(item, str):
            blocks.append(("paragraph", item if item.lstrip().startswith("<") else f"<p>{item}</p>"))
        elif isinstance(item, dict) and item.get("type"):
            blocks.append((item["type"], item.get("value")))
    return blocks


@transaction.atomic
def load_news(parent, rows):
    created = 0
    existing = set(NewsPage.objects.child_of(parent).values_list("slug", flat=True))
    for row in rows:
        title = row.get("title") or row.get("name")
        if not title:
            continue
        slug = row.get("slug") or slugify(fold(title))[:80]
        if slug in existing:
            continue
        page = NewsPage(
            title=title,
            slug=slug,
            intro=row.get("intro") or row.get("summary") or "",
            body=_news_body(row.get("body")),
        )
        if row.get("date"):
            page.date = row["date"]
        parent.add_child(instance=page)
        _publish(page)
        existing.add(slug)
        created += 1
    return created


@transaction.atomic
def load_guides(parent, rows):
    """Guide pages (StandardPage) under /huong-dan/, by slug; returns the
    number created."""
    created = 0
    existing = set(StandardPage.objects.child_of(parent).values_list("slug", flat=True))
    for row in rows:
        title = row.get("title") or row.get("name")
        if not title:
            continue
        slug = row.get("slug") or slugify(fold(title))[:80]
        if slug in existing:
            continue
        page = StandardPage(
            title=title, slug=slug, intro=row.get("intro") or "", body=_news_body(row.get("body")), show_in_menus=True
        )
        parent.add_child(instance=page)
        _publish(page)
        existing.add(slug)
        created += 1
    return created


@transaction.atomic
def set_featured(home):
    """The home page's most used procedures, once (editors change them later)."""
    if home.featured_procedures.exists():
        return 0
    procedures = list(ProcedurePage.objects.live().only("pk", "title", "folded_name", "code"))
    chosen = []
    for alternatives in FEATURED:
        picked = _pick(procedures, alternatives, {p.pk for p in chosen})
        if picked is not None:
            chosen.append(picked)
    for order, procedure in enumerate(chosen):
        HomePageFeaturedProcedure.objects.create(page=home, procedure=procedure, sort_order=order)
    if chosen:
        home.refresh_from_db()
        _publish(home)
    return len(chosen)


@transaction.atomic
def ensure_demo_users(groups):
    User = get_user_model()
    logins = []
    for username, password, first, last, group_key in DEMO_USERS:
        if group_key.startswith("dept:"):
            group = groups["departments"].get(group_key[5:])
        else:
            group = groups[group_key]
        if group is None:
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@dichvucong.local"},
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(group)
        if settings.DEBUG:
            # Demo only: the shared demo authenticator and backup codes, so a
            # newcomer passes the admin's second factor without enrolling.
            ensure_demo_two_factor(user)
        logins.append((username, password, group.name))
    return logins
