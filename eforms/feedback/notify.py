"""What the sender receives (SMS and e-mail, through the notifications'
outbox): the receipt number when the item is received, and the answer or
the refusal once a leader approved it. Composed in Vietnamese."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from eforms.notifications.services import queue_direct_email, queue_direct_sms


def status_url(item):
    query = urlencode({"ma": item.code, "mtc": item.lookup_secret})
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('feedback:status')}?{query}"


def _context(item):
    return {
        "item": item,
        "status_url": status_url(item),
        "due": timezone.localtime(item.due_at),
        "center_name": settings.PORTAL_CENTER_NAME,
        "hotline": settings.PORTAL_HOTLINE,
    }


def _send(item, event, sms_text):
    """Queue the e-mail (``feedback/email_<event>.txt``) and the SMS, one
    row each per (item, event): a second call sends nothing more."""
    key = f"feedback:{item.code}:{event}"
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        if item.sender_email:
            context = _context(item)
            subject = render_to_string(f"feedback/email_{event}_subject.txt", context)
            body = render_to_string(f"feedback/email_{event}.txt", context)
            rows.append(queue_direct_email(email=item.sender_email, subject=subject, text=body, key=key))
        if item.sender_phone:
            rows.append(queue_direct_sms(phone=item.sender_phone, text=sms_text, key=key))
    return [row for row in rows if row]


def received(item):
    due = timezone.localtime(item.due_at).strftime("%d/%m/%Y")
    sms = f"Da nhan phan anh {item.code} (ma tra cuu {item.lookup_secret}), han tra loi {due}: {status_url(item)}"
    return _send(item, "received", sms)


def answered(item):
    sms = f"Phan anh, kien nghi {item.code} da duoc tra loi. Xem: {status_url(item)}"
    return _send(item, "answered", sms)


def rejected(item):
    sms = f"Phan anh, kien nghi {item.code} khong duoc thu ly. Ly do: {status_url(item)}"
    return _send(item, "rejected", sms)
