"""Demo counters of the reception hall for the demo agencies (idempotent):
each counter serves the fields of its agency's live procedures."""

from content.models import AgencyPage, FieldPage
from eforms.lobby.models import Counter

# agency code → [(counter number, name)]; numbers are unique per agency and,
# in the demo hall, across agencies too (the board shows "Quầy 5").
DEMO_COUNTERS = {
    "cong-an-tinh": [(1, "Lý lịch tư pháp, căn cước"), (2, "Giấy phép lái xe, hộ chiếu")],
    "stp": [(3, "Tư pháp, hộ tịch")],
    "sxd": [(4, "Xây dựng")],
    "ubnd-xuan-huong": [(5, "Hộ tịch, chứng thực"), (6, "Đất đai, kinh doanh")],
}


def load_demo_counters():
    """``[(agency title, counter number, created)]``."""
    made = []
    for code, counters in DEMO_COUNTERS.items():
        agency = AgencyPage.objects.filter(code=code).first()
        if agency is None:
            continue
        fields = FieldPage.objects.filter(procedure_pages__agency=agency, procedure_pages__live=True).distinct()
        for number, name in counters:
            counter, created = Counter.objects.get_or_create(agency=agency, number=number, defaults={"name": name})
            if created:
                counter.fields.set(fields)
            made.append((agency.title, number, created))
    return made
