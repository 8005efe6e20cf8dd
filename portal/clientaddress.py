"""The one client-address policy of the portal.

The client is ``REMOTE_ADDR``, the peer of the TCP connection, unless that
peer is one of ``settings.TRUSTED_PROXIES`` (IP addresses or CIDR networks;
empty by default). Only then is ``X-Forwarded-For`` read, from the right,
skipping further trusted proxies: the first untrusted address is the client.
Entries to the left of it were written by the client and are never believed.

Rate limits, the two-factor throttles and the audit log all use
:func:`client_address`. :func:`forwarded_for` gives the raw header, cut to a
safe length, for the audit log to keep *beside* the trusted address.

Nothing here raises on request data: a header that is garbage, non-ASCII or
too long gives ``REMOTE_ADDR``. Only a bad ``TRUSTED_PROXIES`` entry raises
(``ImproperlyConfigured``), since that is a deployment mistake.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# At most this many characters from the right end of X-Forwarded-For are read;
# the entries that trusted proxies append are at that end.
MAX_FORWARDED_CHARS = 1024
# At most this many hops are walked before giving up (and using REMOTE_ADDR).
MAX_HOPS = 16
# The longest textual address we parse ("[" IPv6 with a zone "]:port").
_MAX_ENTRY_CHARS = 80
# forwarded_for() default: fits a CharField(max_length=300) like user_agent.
FORWARDED_FOR_MAX_LENGTH = 300


def parse_networks(entries):
    """``TRUSTED_PROXIES`` entries (a list, or one comma-separated string) as
    networks; a bare address is a one-address network."""
    if isinstance(entries, str):
        entries = entries.split(",")
    networks = []
    for entry in entries:
        entry = str(entry).strip()
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP address or CIDR network.") from exc
        networks.append(network)
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks_of(entries):
    return parse_networks(entries)


def trusted_networks():
    entries = getattr(settings, "TRUSTED_PROXIES", ()) or ()
    if isinstance(entries, str):
        entries = entries.split(",")
    return _networks_of(tuple(entries))


def parse_address(value):
    """An ``ipaddress`` address from one header entry or ``REMOTE_ADDR``, or
    ``None``. Accepts ``1.2.3.4``, ``1.2.3.4:port``, ``2001:db8::1``,
    ``[2001:db8::1]:port``; drops an IPv6 zone; IPv4-mapped IPv6 gives IPv4."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_ENTRY_CHARS or not text.isascii():
        return None
    if text.startswith("["):
        end = text.find("]")
        rest = text[end + 1 :] if end > 0 else None
        if rest is None or (rest and not (rest[0] == ":" and rest[1:].isdigit())):
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port
        text, port = text.split(":")
        if not port.isdigit():
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6:
        if address.scope_id:  # fe80::1%eth0: the zone names our interface, not the client
            address = ipaddress.IPv6Address(text.split("%", 1)[0])
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
    return address


def _trusted(address, networks):
    return any(address.version == network.version and address in network for network in networks)


def client_address(request):
    """The client's IP address as a normalised string ("" when even
    ``REMOTE_ADDR`` is not an IP address, e.g. a Unix socket)."""
    meta = getattr(request, "META", None) or {}
    remote = parse_address(meta.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    networks = trusted_networks()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    header = meta.get("HTTP_X_FORWARDED_FOR", "")
    if not isinstance(header, str) or not header:
        return str(remote)
    entries = header[-MAX_FORWARDED_CHARS:].split(",")
    if len(header) > MAX_FORWARDED_CHARS:
        entries = entries[1:]  # the leftmost piece may be cut in half
    for entry in reversed(entries[-MAX_HOPS:]):
        address = parse_address(entry)
        if address is None:  # a broken chain: believe nobody
            return str(remote)
        if not _trusted(address, networks):
            return str(address)
    return str(remote)  # only trusted proxies (or too many hops)


def forwarded_for(request, max_length=FORWARDED_FOR_MAX_LENGTH):
    """The raw ``X-Forwarded-For`` as received, for the audit log only (it
    is what the client and the proxies *claimed*, never the client address):
    printable ASCII (anything else becomes ``?``), at most ``max_length``
    characters, keeping the right end (the proxies' part) when cut."""
    meta = getattr(request, "META", None) or {}
    header = meta.get("HTTP_X_FORWARDED_FOR", "")
    if not isinstance(header, str) or not header or max_length <= 0:
        return ""
    cut = len(header) > max_length
    if cut:
        header = header[len(header) - (max_length - 1) :]
    clean = "".join(c if " " <= c <= "~" else "?" for c in header)
    return "…" + clean if cut else clean
