"""The one client-address policy: REMOTE_ADDR unless it is a trusted proxy."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal.clientaddress import (
    MAX_FORWARDED_CHARS,
    client_address,
    forwarded_for,
    parse_address,
)

PROXY = "10.0.0.2"


def request(remote="203.0.113.7", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


# --- no trusted proxy: X-Forwarded-For is never read ---------------------------------


@pytest.mark.parametrize("xff", ["1.1.1.1", "1.1.1.1, 2.2.2.2", "127.0.0.1", "::1", "garbage"])
def test_spoofed_forwarded_for_is_ignored_without_trusted_proxy(settings, xff):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.7", xff)) == "203.0.113.7"


def test_spoofed_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # The peer is not the proxy: a client talking to the app directly.
    assert client_address(request("198.51.100.9", "1.1.1.1")) == "198.51.100.9"


# --- trusted proxies ---------------------------------------------------------------


def test_trusted_proxy_gives_the_address_it_saw(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request(PROXY, "198.51.100.9")) == "198.51.100.9"


def test_client_supplied_entries_left_of_the_proxy_are_not_believed(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended what it saw.
    assert client_address(request(PROXY, "1.1.1.1, 198.51.100.9")) == "198.51.100.9"


def test_chain_of_several_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    # client -> CDN edge 192.0.2.1 -> load balancer 10.1.2.3 -> nginx 10.0.0.2 -> app
    xff = "6.6.6.6, 198.51.100.9, 192.0.2.1, 10.1.2.3"
    assert client_address(request(PROXY, xff)) == "198.51.100.9"


def test_only_trusted_hops_give_remote_addr(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request(PROXY, "10.9.9.9, 10.1.1.1")) == PROXY


def test_no_header_from_a_trusted_proxy_gives_remote_addr(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request(PROXY)) == PROXY
    assert client_address(request(PROXY, "")) == PROXY


def test_trusted_proxies_as_comma_separated_string(settings):
    settings.TRUSTED_PROXIES = "127.0.0.1, ::1"
    assert client_address(request("127.0.0.1", "198.51.100.9")) == "198.51.100.9"
    assert client_address(request("::1", "198.51.100.10")) == "198.51.100.10"


def test_ipv6_everywhere(settings):
    settings.TRUSTED_PROXIES = ["fd00::/8"]
    assert client_address(request("fd00::2", "2001:DB8:0:0::1, fd00::3")) == "2001:db8::1"
    assert client_address(request("fd00::2", "[2001:db8::7]:4711")) == "2001:db8::7"
    assert client_address(request("2001:db8::99", "1.1.1.1")) == "2001:db8::99"


def test_ipv4_mapped_peer_matches_an_ipv4_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request("::ffff:127.0.0.1", "198.51.100.9")) == "198.51.100.9"
    assert client_address(request("::ffff:198.51.100.1")) == "198.51.100.1"


def test_entries_with_ports(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request(PROXY, "198.51.100.9:5123")) == "198.51.100.9"


# --- hostile headers never raise ---------------------------------------------------


@pytest.mark.parametrize(
    "xff",
    [
        "garbage",
        "unknown",
        "1.1.1.1, garbage",
        "198.51.100.9,,",
        ",",
        " ",
        "999.1.1.1",
        "1.1.1.1:port",
        "[2001:db8::1",
        "[2001:db8::1]x",
        "١٢٣.١.١.١",  # Arabic-Indic digits
        "ĐĐ, 198.51.100.9x",
        "198.51.100.9\x00",
        "\u202e1.1.1.1",
        "0x7f.0.0.1",
        "2130706433",
        "1.1.1.1%eth0:80:80",
        "a" * 100_000,
    ],
)
def test_garbage_falls_back_to_remote_addr(settings, xff):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request(PROXY, xff)) == PROXY


def test_garbage_left_of_the_client_does_not_matter(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request(PROXY, "ĐĐ<script>, 198.51.100.9")) == "198.51.100.9"


def test_oversized_header_still_gives_the_address_the_proxy_appended(settings):
    """A client cannot hide from the audit log by padding the header."""
    settings.TRUSTED_PROXIES = [PROXY]
    xff = "1.1.1.1, " * 20_000 + "198.51.100.9"
    assert len(xff) > MAX_FORWARDED_CHARS
    assert client_address(request(PROXY, xff)) == "198.51.100.9"


def test_too_many_trusted_hops_fall_back_to_remote_addr(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    xff = "198.51.100.9, " + ", ".join(["10.0.0.5"] * 40)
    assert client_address(request(PROXY, xff)) == PROXY


@pytest.mark.parametrize("remote", ["", "unix:/run/gunicorn.sock", "garbage", "ĐĐ"])
def test_remote_addr_that_is_no_address_gives_empty_string(settings, remote):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_address(request(remote, "198.51.100.9")) == ""


def test_request_without_meta():
    assert client_address(object()) == ""
    assert forwarded_for(object()) == ""


def test_bad_trusted_proxy_setting_is_a_configuration_error(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "my-proxy.local"]
    with pytest.raises(ImproperlyConfigured):
        client_address(request(PROXY, "198.51.100.9"))


def test_parse_address_normalises():
    assert str(parse_address(" 2001:DB8::0001 ")) == "2001:db8::1"
    assert str(parse_address("fe80::1%eth0")) == "fe80::1"
    assert parse_address(None) is None
    assert parse_address(b"1.1.1.1") is None


# --- the forwarded chain for the audit log ------------------------------------------


def test_forwarded_for_returns_the_raw_chain():
    assert forwarded_for(request(xff="1.1.1.1, 198.51.100.9")) == "1.1.1.1, 198.51.100.9"
    assert forwarded_for(request()) == ""


def test_forwarded_for_is_cut_keeping_the_proxies_end():
    value = forwarded_for(request(xff="1.1.1.1, " * 1000 + "198.51.100.9"), max_length=40)
    assert len(value) == 40
    assert value.startswith("…") and value.endswith("198.51.100.9")
    assert len(forwarded_for(request(xff="x" * 100_000))) == 300


def test_forwarded_for_keeps_only_printable_ascii():
    assert forwarded_for(request(xff="ĐĐ\x00\r\n, 1.1.1.1")) == "?????, 1.1.1.1"
    assert forwarded_for(request(xff="abc"), max_length=1) == "…"
    assert forwarded_for(request(xff="abc"), max_length=0) == ""


def settings_value(name, **environ):
    """A value of portal.settings.base loaded in a fresh process with ``environ``."""
    env = {k: v for k, v in os.environ.items() if k not in ("TRUSTED_PROXIES", "EFORMS_TRUST_X_FORWARDED_FOR")}
    env.update(environ)
    code = f"import portal.settings.base as b; print(repr(b.{name}))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    return done.stdout.strip() if done.returncode == 0 else done.stderr


@pytest.mark.every_stack
def test_deprecated_setting_means_the_loopback_proxy():
    """EFORMS_TRUST_X_FORWARDED_FOR=1 alone trusts a proxy on this host only."""
    assert settings_value("TRUSTED_PROXIES") == "[]"
    assert settings_value("TRUSTED_PROXIES", EFORMS_TRUST_X_FORWARDED_FOR="1") == "['127.0.0.1', '::1']"
    assert settings_value("TRUSTED_PROXIES", EFORMS_TRUST_X_FORWARDED_FOR="1", TRUSTED_PROXIES="10.0.0.2") == (
        "['10.0.0.2']"
    )
    assert settings_value("TRUSTED_PROXIES", TRUSTED_PROXIES="10.0.0.0/8, ::1") == "['10.0.0.0/8', '::1']"
    assert "ImproperlyConfigured" in settings_value("TRUSTED_PROXIES", TRUSTED_PROXIES="my-proxy.local")
