"""System checks of the receiving-unit identifier codes that start every
dossier code (Circular 01/2018/TT-VPCP art. 19, Decision 20/2020/QĐ-TTg).

- ``dossiers.E001``: ``PORTAL_RECEIVING_UNIT_CODE`` is not an identifier code.
- ``dossiers.W001``: two agencies share a receiving-unit code.
- ``dossiers.W002``: an agency's code is not an identifier code.
- ``dossiers.W003``: several agencies have no code and so share the default.
- ``dossiers.W004`` (``check --deploy``): the default is still the demo value.

The agency checks read the database, so they run where Django passes
``databases`` (``migrate``, ``check --database default``); they only warn, so
an editor's mistake never blocks a deployment.
"""

from collections import defaultdict

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from content.models import AgencyPage
from eforms.dossiers.codes import DEMO_LEVEL1_CODE, RECEIVING_UNIT_CODE_RE

SETTING = "PORTAL_RECEIVING_UNIT_CODE"


def normalize_unit_code(value):
    return (value or "").strip().upper()


def is_demo_code(code):
    return normalize_unit_code(code).endswith("." + DEMO_LEVEL1_CODE)


@checks.register()
def check_default_unit_code(app_configs=None, **kwargs):
    code = getattr(settings, SETTING, "")
    if RECEIVING_UNIT_CODE_RE.match(code or ""):
        return []
    return [
        checks.Error(
            f"{SETTING}={code!r} is not a receiving-unit identifier code.",
            hint="Use the unit's code under Decision 20/2020/QĐ-TTg, e.g. 000.00.00.H49 (NNN.NN.NN.Xnn).",
            id="dossiers.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_demo_unit_code_in_production(app_configs=None, **kwargs):
    code = getattr(settings, SETTING, "")
    if not is_demo_code(code):
        return []
    return [
        checks.Warning(
            f"{SETTING} is the demo value {code}: dossier codes would not identify the receiving unit.",
            hint=(
                f"Set {SETTING} to the identifier code of the province's receiving unit "
                "(Decision 20/2020/QĐ-TTg) and give every agency its own code in the admin."
            ),
            id="dossiers.W004",
        )
    ]


@checks.register(checks.Tags.database)
def check_agency_unit_codes(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    try:
        rows = list(AgencyPage.objects.order_by("title").values_list("title", "receiving_unit_code"))
    except DatabaseError:  # tables not migrated yet
        return []
    return agency_code_problems(rows, getattr(settings, SETTING, ""))


def agency_code_problems(rows, default_code):
    """Warnings for ``[(title, receiving_unit_code)]``: shared codes, codes
    not in the format, agencies that fall back to the same default."""
    problems = []
    by_code = defaultdict(list)
    without = []
    for title, raw in rows:
        code = normalize_unit_code(raw)
        if not code:
            without.append(title)
            continue
        by_code[code].append(title)
        if not RECEIVING_UNIT_CODE_RE.match(code):
            problems.append(
                checks.Warning(
                    f"Agency “{title}” has the receiving-unit code {raw!r}, not an identifier code.",
                    hint="Use the format NNN.NN.NN.Xnn of Decision 20/2020/QĐ-TTg, e.g. 000.00.05.H49.",
                    id="dossiers.W002",
                )
            )
    default = normalize_unit_code(default_code)
    if without and (len(without) > 1 or default in by_code):
        problems.append(
            checks.Warning(
                f"{len(without)} agencies have no receiving-unit code and all use {SETTING} ({default}): "
                + ", ".join(f"“{t}”" for t in without[:10])
                + ("…" if len(without) > 10 else ""),
                hint="Give every agency its own identifier code (admin: the agency page, “Mã định danh đơn vị”).",
                id="dossiers.W003",
            )
        )
    for code, titles in sorted(by_code.items()):
        if len(titles) > 1:
            problems.append(
                checks.Warning(
                    f"{len(titles)} agencies share the receiving-unit code {code}: "
                    + ", ".join(f"“{t}”" for t in titles),
                    hint="Each body has its own identifier code; dossier codes must tell them apart.",
                    id="dossiers.W001",
                )
            )
    return problems
