"""The demo command (once, whatever the number of runs), the read-only
admin listing for administrators, and a receipt queued once per item."""

import pytest
from django.core.management import call_command

from eforms.feedback import notify
from eforms.feedback.constants import FeedbackState
from eforms.feedback.models import Feedback
from eforms.notifications.models import NotificationLog
from eforms.workspace.models import OfficerMembership, OfficerRole

from ..factories import login
from ..workspace.conftest import make_officer

pytestmark = pytest.mark.django_db


def test_demo_feedback_is_loaded_once(stp, sxd):
    make_officer("canbo-stp", stp)
    leader = make_officer("lanhdao", stp, role="leader")
    OfficerMembership.objects.create(user=leader, agency=sxd, role=OfficerRole.LEADER)
    call_command("load_demo_feedback")
    count = Feedback.objects.count()
    assert count == 5  # the agency of Công an tỉnh is not in this test
    assert Feedback.objects.published().count() == 2
    assert Feedback.objects.filter(agency__isnull=True, state=FeedbackState.NEW).count() == 1
    assert Feedback.objects.overdue().exists()
    call_command("load_demo_feedback")
    assert Feedback.objects.count() == count


def test_receipt_is_queued_once_per_item(make_item):
    item = make_item()
    before = NotificationLog.objects.filter(key__startswith=f"feedback:{item.code}:").count()
    assert before == 2
    assert notify.received(item) == []  # already queued (and sent): nothing more
    assert NotificationLog.objects.filter(key__startswith=f"feedback:{item.code}:").count() == before


def test_admin_lists_feedback_read_only(client, make_item, django_user_model):
    item = make_item()
    admin = django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "x")
    login(client, admin)
    listing = client.get("/admin/phan-anh-kien-nghi/")
    assert listing.status_code == 200 and item.code in listing.content.decode()
    assert client.get(f"/admin/phan-anh-kien-nghi/inspect/{item.pk}/").status_code == 200
    assert client.get(f"/admin/phan-anh-kien-nghi/edit/{item.pk}/").status_code in (302, 403)
