"""The one rate limiter: fixed windows in the cache, per scope and key."""

import logging
import time

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal import ratelimit


def request(remote="203.0.113.7", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@pytest.fixture
def clock(monkeypatch, settings):
    """time.time() under the test's control, and counters in a local-memory
    cache, which expires keys by that clock (Redis has its own)."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit-clock": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clock"},
    }
    settings.RATELIMIT_CACHE = "ratelimit-clock"
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    yield now
    caches["ratelimit-clock"].clear()


@pytest.mark.every_stack
def test_counts_up_to_the_limit_then_refuses(settings):
    settings.RATE_LIMITS = {"lookup": (3, 600)}
    req = request()
    assert [ratelimit.hit(req, "lookup") for _ in range(5)] == [False, False, False, True, True]
    assert ratelimit.count(req, "lookup") == 5


@pytest.mark.every_stack
def test_limit_strings_of_the_old_eforms_setting_are_accepted(settings):
    settings.RATE_LIMITS = {"lookup": "2/600"}
    assert ratelimit.limit_for("lookup") == (2, 600)
    req = request()
    assert [ratelimit.hit(req, "lookup") for _ in range(3)] == [False, False, True]


@pytest.mark.every_stack
def test_window_expiry(settings, clock):
    settings.RATE_LIMITS = {"lookup": (2, 60)}
    req = request()
    assert not ratelimit.hit(req, "lookup")
    clock[0] += 30
    assert not ratelimit.hit(req, "lookup")
    assert ratelimit.hit(req, "lookup")
    clock[0] += 29  # still the window that began with the first hit
    assert ratelimit.hit(req, "lookup")
    clock[0] += 2  # 61 s after the first hit
    assert ratelimit.count(req, "lookup") == 0
    assert not ratelimit.hit(req, "lookup")


@pytest.mark.every_stack
def test_scopes_and_addresses_do_not_interfere(settings):
    settings.RATE_LIMITS = {"lookup": (1, 600), "submit": (1, 600)}
    a, b = request("203.0.113.7"), request("203.0.113.8")
    assert not ratelimit.hit(a, "lookup")
    assert ratelimit.hit(a, "lookup")
    assert not ratelimit.hit(a, "submit")
    assert not ratelimit.hit(b, "lookup")


@pytest.mark.every_stack
def test_explicit_keys_do_not_interfere(settings):
    settings.RATE_LIMITS = {"twofactor_verify": (2, 900)}
    req = request()
    for _ in range(2):
        ratelimit.hit(req, "twofactor_verify", key=1)
    assert ratelimit.blocked(req, "twofactor_verify", key=1)
    assert not ratelimit.blocked(req, "twofactor_verify", key=2)
    assert not ratelimit.blocked(req, "twofactor_verify")  # the address's own counter
    assert not ratelimit.blocked(req, "twofactor_verify", key=(1, "x"))
    # An explicit key works without a request.
    assert ratelimit.blocked(None, "twofactor_verify", key=1)


@pytest.mark.every_stack
def test_the_key_follows_the_client_address_policy(settings):
    settings.RATE_LIMITS = {"lookup": (1, 600)}
    settings.TRUSTED_PROXIES = []
    assert not ratelimit.hit(request("203.0.113.7", "1.1.1.1"), "lookup")
    # A spoofed X-Forwarded-For does not buy a fresh counter.
    assert ratelimit.hit(request("203.0.113.7", "2.2.2.2"), "lookup")
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert not ratelimit.hit(request("10.0.0.2", "198.51.100.1"), "lookup")
    assert not ratelimit.hit(request("10.0.0.2", "198.51.100.2"), "lookup")
    assert ratelimit.hit(request("10.0.0.2", "6.6.6.6, 198.51.100.1"), "lookup")


@pytest.mark.every_stack
def test_ipv6_spellings_share_one_counter(settings):
    settings.RATE_LIMITS = {"lookup": (1, 600)}
    assert not ratelimit.hit(request("2001:db8::1"), "lookup")
    assert ratelimit.hit(request("2001:DB8:0:0:0:0:0:1"), "lookup")


@pytest.mark.every_stack
def test_blocked_and_reset_count_failures_only(settings):
    settings.RATE_LIMITS = {"twofactor_login": (3, 900)}
    req = request()
    key = ("203.0.113.7", "quantri")
    for _ in range(3):
        assert not ratelimit.blocked(req, "twofactor_login", key=key)
        ratelimit.hit(req, "twofactor_login", key=key)
    assert ratelimit.blocked(req, "twofactor_login", key=key)
    ratelimit.reset(req, "twofactor_login", key=key)
    assert not ratelimit.blocked(req, "twofactor_login", key=key)
    assert ratelimit.count(req, "twofactor_login", key=key) == 0


@pytest.mark.every_stack
def test_call_site_limit_and_window(settings, clock):
    req = request()
    assert not ratelimit.hit(req, "ad-hoc", limit=1, window=10)
    assert ratelimit.hit(req, "ad-hoc", limit=1, window=10)
    assert ratelimit.blocked(req, "ad-hoc", limit=1)
    clock[0] += 11
    assert not ratelimit.hit(req, "ad-hoc", limit=1, window=10)


def test_defaults_keep_the_limits_of_both_old_limiters():
    assert ratelimit.DEFAULT_RATE_LIMITS == {
        "draft": (60, 3600),
        "step": (1200, 3600),
        "submit": (30, 3600),
        "lookup": (30, 600),
        "api_status": (60, 600),
        "resume_email": (5, 3600),
        "payment": (30, 3600),
        "result_download": (20, 600),  # citizens downloading a level-4 result (issue 10)
        "rating": (30, 600),  # the satisfaction rating of a returned dossier (issue 15)
        "ticket": (300, 3600),  # queue tickets at one kiosk (issue 15)
        "feedback_submit": (10, 3600),
        "feedback_lookup": (30, 600),
        "verify_signature": (30, 600),  # /xac-thuc-van-ban/ (issue 16)
        "appointment_book": (20, 3600),
        "appointment_manage": (30, 600),
        "appointment_checkin": (30, 600),
        "citizen_sign_in": (30, 600),
        "citizen_claim": (5, 3600),
        "twofactor_login": (5, 900),
        "twofactor_login_ip": (50, 900),
        "twofactor_verify": (10, 900),
    }


def test_settings_override_one_scope_and_keep_the_others(settings):
    settings.RATE_LIMITS = {"lookup": (3, 60)}
    assert ratelimit.limit_for("lookup") == (3, 60)
    assert ratelimit.limit_for("submit") == (30, 3600)


@pytest.mark.parametrize("value", ["many", "3", (3,), (3, 0), (-1, 60), None])
def test_bad_limits_are_configuration_errors(settings, value):
    settings.RATE_LIMITS = {"lookup": value}
    with pytest.raises(ImproperlyConfigured):
        ratelimit.hit(request(), "lookup")


def test_unknown_scope_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        ratelimit.hit(request(), "no-such-scope")


@pytest.mark.every_stack
def test_namespace_starts_every_counter_from_zero(settings):
    settings.RATE_LIMITS = {"lookup": (1, 600)}
    assert not ratelimit.hit(request(), "lookup")
    settings.RATELIMIT_NAMESPACE = "another"
    assert not ratelimit.hit(request(), "lookup")


def test_keys_are_hashed(settings):
    key = ratelimit.cache_key(request(), "twofactor_login", key=("203.0.113.7", "quantri"))
    assert "quantri" not in key and "203.0.113.7" not in key
    assert ratelimit.cache_key(None, "lookup", key="ĐĐ\udcff")  # any text, never raises


@pytest.mark.every_stack
def test_logs_once_per_window(settings, caplog):
    settings.RATE_LIMITS = {"lookup": (1, 600)}
    with caplog.at_level(logging.WARNING, logger="portal.ratelimit"):
        for _ in range(4):
            ratelimit.hit(request(), "lookup")
    records = [r for r in caplog.records if r.name == "portal.ratelimit"]
    assert [r.getMessage() for r in records] == ["ratelimit_exceeded"]
    assert records[0].scope == "lookup" and records[0].client == "203.0.113.7" and records[0].limit == 1


@pytest.mark.django_db
def test_database_cache_keeps_the_window(settings, clock):
    """The database cache's incr() would reset the expiry; the limiter keeps
    the window's end itself there."""
    from django.core.management import call_command

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_ratelimit_cache"},
    }
    settings.RATELIMIT_CACHE = "ratelimit"
    call_command("createcachetable", "test_ratelimit_cache", verbosity=0)
    settings.RATE_LIMITS = {"lookup": (2, 3600)}
    req = request()
    assert not ratelimit.hit(req, "lookup")
    clock[0] += 1000  # longer than the cache's default timeout (300 s)
    assert not ratelimit.hit(req, "lookup")
    clock[0] += 1000
    assert ratelimit.hit(req, "lookup")
    assert ratelimit.count(req, "lookup") == 3
    clock[0] += 1601  # the window ends 3600 s after the first hit
    assert ratelimit.count(req, "lookup") == 0
    assert not ratelimit.hit(req, "lookup")
    caches["ratelimit"].clear()


def test_embedded_stack_counts_in_a_cache_all_web_workers_share(settings):
    """Without CACHE_URL the counters live in files under var/ (gunicorn's
    workers are separate processes; local memory would count per worker)."""
    if settings.CACHE_URL.startswith(("redis://", "rediss://")):
        assert settings.RATELIMIT_CACHE == "default"
        return
    assert settings.RATELIMIT_CACHE == "ratelimit"
    assert settings.CACHES["ratelimit"]["BACKEND"].endswith("FileBasedCache")


def test_redis_recreated_key_gets_an_expiry(settings, monkeypatch):
    """Redis' incr() can re-create a key that expired after add() failed,
    without expiry; the limiter then sets it."""
    settings.RATELIMIT_CACHE = "default"
    cache = caches["default"]
    touched = []
    monkeypatch.setattr(type(cache), "add", lambda self, *a, **k: False)
    monkeypatch.setattr(type(cache), "incr", lambda self, *a, **k: 1)
    monkeypatch.setattr(type(cache), "touch", lambda self, key, timeout=None, **k: touched.append(timeout))
    assert not ratelimit.hit(request(), "lookup", limit=5, window=77)
    assert touched == [77]
