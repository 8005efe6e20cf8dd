"""Fuzz of every public form and the JSON API: hostile, malformed, oversized
and missing input never gives a 5xx, and a 4xx HTML page is in Vietnamese.

Hypothesis with Django's test client, a fixed seed (``derandomize``) and a
bounded number of cases per target, so a CI run is reproducible. Each target
counts its cases and its 5xx and prints one line in the CI log; the test
fails after the run (not at the first case: no shrinking time) with the
first offending requests.
"""

import json
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eforms.dossiers.models import Dossier
from eforms.payments.registry import get_provider
from eforms.payments.sandbox import sign
from eforms.submission.models import SubmissionDraft
from eforms.workspace import services as workspace
from portal.api import api
from portal.ratelimit import DEFAULT_RATE_LIMITS
from tests.eforms import helpers
from tests.eforms.factories import (
    OFFICER_PASSWORD,
    PDF_BYTES,
    DossierFactory,
    OfficerFactory,
    PaymentTransactionFactory,
    ensure_wagtail_root,
    procedure_page,
)

pytestmark = pytest.mark.django_db


def fuzz(max_examples):
    return settings(
        derandomize=True,
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- input -------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "ĐĐ",
    "Đăng ký khai sinh",
    "\u202egnp.exe",
    "مرحبا بالعالم",
    "' OR 1=1 --",
    "1; DROP TABLE eforms_dossier;--",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "../../../../etc/passwd",
    "%00%2e%2e%2f",
    "\r\nSet-Cookie: x=1",
    "\ufeff\u200b\u00a0",
    "💥" * 50,
    "A" * 10_000,
    "Đ" * 5_000,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "[]",
    '{"a": [[[[[]]]]]}',
    "2026-02-30",
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
)
maybe_text = st.one_of(st.none(), text)


def either(*valid):
    """A valid value half of the time, hostile text otherwise."""
    return st.one_of(st.sampled_from(valid), text) if valid else text


extra_params = st.dictionaries(st.text(min_size=1, max_size=20), text, max_size=3)


def query(**fields):
    """A dict of the named params (each may be missing) plus a few others."""
    named = st.fixed_dictionaries({}, optional=fields)
    return st.tuples(named, extra_params).map(lambda pair: {**pair[1], **pair[0]})


def uploads():
    return st.lists(
        st.builds(
            lambda name, data, kind: SimpleUploadedFile(name or "x", data, content_type=kind),
            st.one_of(st.sampled_from(["giay-to.pdf", "a.pdf.exe", "../../x.pdf", "\u202efdp.exe", "a\x00.pdf"]), text),
            st.one_of(st.just(PDF_BYTES), st.binary(max_size=2_000), st.just(b"%PDF-" + b"\x00" * 500)),
            st.sampled_from(["application/pdf", "image/png", "text/html", "application/octet-stream", ""]),
        ),
        max_size=2,
    )


# --- counting ----------------------------------------------------------------


class Tally:
    """Cases, statuses and offending requests of one target."""

    def __init__(self, name):
        self.name = name
        self.statuses = Counter()
        self.server_errors = []
        self.not_vietnamese = []

    def check(self, response, method, path, data=None):
        status = self.last_status = response.status_code
        self.last_location = response.get("Location", "")
        self.statuses[status] += 1
        where = f"{method} {path[:200]} {repr(data)[:300]}"
        if status >= 500:
            exc = getattr(response, "exc_info", None)
            self.server_errors.append(f"{status} {where} {exc[1]!r}"[:800] if exc else f"{status} {where}")
        elif status >= 400 and response.get("Content-Type", "").startswith("text/html") and response.content:
            # (an empty body is Django's bare 405 of a method the view refuses)
            if 'lang="vi"' not in response.content.decode("utf-8", "replace"):
                self.not_vietnamese.append(f"{status} {where}")

    @property
    def cases(self):
        return sum(self.statuses.values())

    def report(self, capsys):
        with capsys.disabled():
            print(  # noqa: T201 - figures for the closing note
                f"\nfuzz {self.name}: {self.cases} cases, 5xx={len(self.server_errors)}, "
                f"4xx not Vietnamese={len(self.not_vietnamese)}, statuses={dict(sorted(self.statuses.items()))}"
            )
        assert not self.server_errors, self.server_errors[:5]
        assert not self.not_vietnamese, self.not_vietnamese[:5]


def new_client():
    return Client(raise_request_exception=False)


def get(tally, client, path, data=None, **headers):
    tally.check(client.get(path, data or {}, **headers), "GET", path, data)


def post(tally, client, path, data=None, **headers):
    tally.check(client.post(path, data or {}, **headers), "POST", path, data)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The fuzz reaches the forms, not the 429 of the rate limiter."""
    settings.RATE_LIMITS = dict.fromkeys(DEFAULT_RATE_LIMITS, (10**9, 3600))


@pytest.fixture
def procedure(db, home_page):
    ensure_wagtail_root()
    return procedure_page(home_page, online_level="full", fee_vnd=50000, title="Cấp bản sao trích lục hộ tịch")


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure, submitted=True)


# --- targets -----------------------------------------------------------------


def test_search_page(procedure, capsys):
    tally, client = Tally("search /tim-kiem/"), new_client()
    search = query(
        q=either("khai sinh", "Đăng ký", "hộ tịch", "1.8"),
        field=text,
        agency=either(procedure.agency.code),
        level=either("province", "commune"),
        online_level=either("full", "partial", "info"),
        page=either("1", "2", "10000", "10001"),
        sort=text,
        lang=either("en", "vi"),
    )

    @fuzz(200)
    @given(params=search, path=st.sampled_from(["/tim-kiem/", "/search/"]))
    def run(params, path):
        get(tally, client, path, params)

    run()
    tally.report(capsys)


def api_operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation.get("parameters", [])


@pytest.mark.parametrize(
    ("method", "path", "parameters"),
    list(api_operations()),
    ids=[f"{method} {path}" for method, path, _ in api_operations()],
)
def test_api(method, path, parameters, dossier, capsys):
    tally, client = Tally(f"api {method.upper()} {path}"), new_client()
    real = {
        "code": [dossier.code, dossier.procedure_code],
        "secret": [dossier.lookup_secret],
        "q": ["khai sinh", "hộ tịch"],
        "page": ["1", "2"],
        "online_level": ["full", "partial"],
        "agency": [dossier.procedure.agency.code],
    }
    values = {p["name"]: either(*real.get(p["name"], ["1"])) for p in parameters}

    @fuzz(80)
    @given(params=query(**values))
    def run(params):
        url = path
        for parameter in parameters:
            if parameter["in"] == "path":
                url = url.replace(f"{{{parameter['name']}}}", quote(params.pop(parameter["name"], "x"), safe=""))
        response = client.generic(method.upper(), url, data="", QUERY_STRING=_query_string(params))
        tally.check(response, method.upper(), url, params)
        if response.status_code < 500 and response.status_code != 404:
            json.loads(response.content)  # always JSON, an error too

    run()
    tally.report(capsys)


def test_the_fuzz_covers_every_path_of_the_served_schema(client):
    served = client.get("/api/v1/schema/").json()["paths"]
    fuzzed = {path for _method, path, _parameters in api_operations()}
    assert served and set(served) == fuzzed


def _query_string(params):
    return urlencode(params, doseq=False)


def test_tracking_page(dossier, capsys):
    tally, client = Tally("tracking /tra-cuu-ho-so/ GET+POST"), new_client()
    lookup = query(
        ma=st.one_of(text, st.just(dossier.code)),
        mtc=st.one_of(text, st.just(dossier.lookup_secret), st.just(dossier.lookup_secret.lower())),
        **{"da-bo-sung": st.one_of(text, st.just("1"))},
    )

    @fuzz(200)
    @given(
        params=lookup,
        method=st.sampled_from(["GET", "GET", "GET", "POST"]),
        real=st.booleans(),
        forwarded=st.one_of(st.none(), st.just("1.2.3.4, 10.0.0.1"), text),
    )
    def run(params, method, real, forwarded):
        if real:
            params = {**params, "ma": dossier.code, "mtc": dossier.lookup_secret}
        headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
        (get if method == "GET" else post)(tally, client, "/tra-cuu-ho-so/", params, **headers)

    run()
    tally.report(capsys)


def test_tracking_supplement(procedure, capsys):
    """A supplement is asked once per dossier: a pool of waiting dossiers,
    the next one once a case has been received."""
    tally, client = Tally("supplement /tra-cuu-ho-so/bo-sung/ POST"), new_client()
    officer = OfficerFactory(username="canbo-fuzz", agency=procedure.agency)
    pool = [DossierFactory(procedure=procedure, submitted=True) for _ in range(6)]
    for dossier in pool:
        workspace.accept(dossier, officer)
        workspace.request_supplement(dossier, officer, "Bản sao giấy khai sinh")
    form = query(ma=text, mtc=text, note=text, files=uploads())

    @fuzz(150)
    @given(data=form, real=st.booleans())
    def run(data, real):
        waiting = pool[0]
        if real:
            data = {**data, "ma": waiting.code, "mtc": waiting.lookup_secret}
        post(tally, client, "/tra-cuu-ho-so/bo-sung/", data)
        if tally.last_status == 302 and len(pool) > 1:  # received: the next cases reach another form
            pool.pop(0)

    run()
    tally.report(capsys)


def test_eform_start_and_steps(procedure, capsys):
    tally, client = Tally("e-form /nop-ho-so/ start+steps"), new_client()
    starter = new_client()  # a session remembers 20 drafts: new ones elsewhere
    draft = helpers.start(client, procedure)
    steps = draft.form_version.schema["steps"]
    names = sorted(
        {
            name
            for spec in steps
            for field in spec["fields"]
            if field.get("name")
            for name in (
                [f"{field['name']}_{part}" for part in ("province", "ward", "street")]
                if field["type"] == "address"
                else [field["name"]]
            )
        }
    )
    files = {f["name"] for spec in steps for f in spec["fields"] if f["type"] == "file"}
    answers = query(
        **{name: uploads() if name in files else st.one_of(text, st.lists(text, max_size=3)) for name in names},
        action=st.one_of(st.sampled_from(["next", "back", "save", "refresh", "remove"]), text),
        remove_upload=st.one_of(text, st.uuids().map(str)),
    )
    real_step = st.integers(min_value=1, max_value=len(steps))
    numbers = st.one_of(real_step, real_step, real_step, st.integers(min_value=0, max_value=10**30))

    @fuzz(250)
    @given(data=answers, number=numbers, kind=st.sampled_from(["step", "step", "step", "start", "code"]), code=text)
    def run(data, number, kind, code):
        if kind == "step":
            post(tally, client, helpers.step_url(procedure, draft, 1).replace("/buoc/1/", f"/buoc/{number}/"), data)
        elif kind == "start":
            post(tally, starter, f"/nop-ho-so/{procedure.code}/", data)
        else:
            get(tally, client, f"/nop-ho-so/{quote(code, safe='')}/", data)

    run()
    assert SubmissionDraft.objects.filter(procedure=procedure).exists()
    tally.report(capsys)


VNP_KEYS = [
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_ResponseCode",
    "vnp_TransactionStatus",
    "vnp_TransactionNo",
    "vnp_SecureHash",
    "vnp_SecureHashType",
    "vnp_OrderInfo",
    "vnp_PayDate",
    "vnp_BankCode",
    "vnp_TmnCode",
    "vnp_ReturnUrl",
    "choice",
]


def test_payment_return_and_ipn(procedure, capsys):
    tally, client = Tally("payments /thanh-toan/ return+IPN+sandbox"), new_client()
    paid = DossierFactory(procedure=procedure, submitted=True, paid=True)
    pending = DossierFactory(procedure=procedure, submitted=True, payment_pending=True)
    txn = PaymentTransactionFactory(dossier=pending, state="pending", paid_at=None)
    refs = [txn.txn_ref, paid.payments.get().txn_ref]
    params = query(
        **{key: text for key in VNP_KEYS if key not in ("vnp_TxnRef", "vnp_Amount", "vnp_ResponseCode")},
        vnp_TxnRef=either(*refs),
        vnp_Amount=either("5000000", "5000001", "-5000000", "0"),
        vnp_ResponseCode=either("00", "24"),
    )
    paths = st.sampled_from(
        [
            ("GET", "/thanh-toan/ket-qua/"),
            ("GET", "/thanh-toan/ipn/"),
            ("POST", "/thanh-toan/ipn/"),
            ("GET", "/thanh-toan/sandbox/"),
            ("POST", "/thanh-toan/sandbox/"),
        ]
    )

    provider = get_provider()

    @fuzz(300)
    @given(data=params, where=paths, signed=st.booleans())
    def run(data, where, signed):
        method, path = where
        if signed:  # past the signature check: the values themselves are hostile
            data = {**data, "vnp_SecureHash": sign(data, provider.secret)}
        (get if method == "GET" else post)(tally, client, path, data)

    run()
    assert Dossier.objects.filter(pk=pending.pk, payment_status=pending.payment_status).exists()
    tally.report(capsys)


def test_staff_login(db, capsys):
    tally, client = Tally("login /tai-khoan/dang-nhap/ + /xac-thuc/ POST"), new_client()
    officer = OfficerFactory(username="canbo-fuzz", two_factor=True)
    second_step = new_client()
    second_step.force_login(officer)  # the password step done, the second factor not
    form = query(
        username=st.one_of(text, st.just("canbo-fuzz")),
        password=either(OFFICER_PASSWORD),
        next=either("/can-bo/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"),
    )

    @fuzz(150)
    @given(
        data=form,
        next_in_query=maybe_text,
        token=either("123456", "12345678", "²²²²²²", "١٢٣٤٥٦"),
        verify=st.booleans(),
        real=st.booleans(),
    )
    def run(data, next_in_query, token, verify, real):
        query_string = f"?next={quote(next_in_query, safe='')}" if next_in_query else ""
        if real:
            data = {**data, "username": officer.username, "password": OFFICER_PASSWORD}
        if verify:
            post(tally, second_step, "/tai-khoan/xac-thuc/" + query_string, {**data, "otp_token": token})
        else:
            post(tally, client, "/tai-khoan/dang-nhap/" + query_string, data)
            if tally.last_status == 302:
                assert "evil.example" not in tally.last_location and "javascript:" not in tally.last_location
                client.logout()  # signed in: the next cases start from the form again

    run()
    tally.report(capsys)


def test_public_links(dossier, capsys):
    """Confirmation, receipt, resume, result and payment links with hostile
    secrets and UUIDs; the ward list of any province number."""
    tally, client = Tally("links confirmation/receipt/resume/result/payment/wards"), new_client()
    secrets = st.one_of(text.filter(lambda s: "/" not in s and s.strip()), st.just(dossier.lookup_secret))
    uuids = st.one_of(st.just(dossier.uuid), st.uuids())

    @fuzz(200)
    @given(
        kind=st.integers(min_value=0, max_value=5),
        uuid=uuids,
        other=st.uuids(),
        secret=secrets,
        number=st.integers(0, 10**30),
    )
    def run(kind, uuid, other, secret, number):
        s = quote(secret, safe="")
        paths = [
            ("GET", f"/nop-ho-so/ho-so/{uuid}/{s}/"),
            ("GET", f"/nop-ho-so/ho-so/{uuid}/{s}/giay-tiep-nhan.pdf"),
            ("GET", f"/nop-ho-so/tiep-tuc/{uuid}/{s}/"),
            ("GET", f"/tra-cuu-ho-so/{uuid}/{s}/ket-qua/{other}/"),
            ("POST", f"/thanh-toan/ho-so/{uuid}/{s}/"),
            ("GET", f"/nop-ho-so/dia-ban/{number}/"),
        ]
        method, path = paths[kind]
        (get if method == "GET" else post)(tally, client, path)

    run()
    tally.report(capsys)
