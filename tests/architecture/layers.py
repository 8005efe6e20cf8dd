"""The layers of DESIGN.md as data: which package may import which.

A module belongs to the first layer whose prefix it starts with. A layer may
import itself and the layers it lists; anything else is a violation. A new
sub-package of ``eforms`` (ratings, feedback, lobby …) gets the default row:
the dossier core and the outbox, plus what it names here.
"""

PROJECT_MODULES = (
    "portal.urls",
    "portal.api",
    "portal.views",
    "portal.wsgi",
    "portal.asgi",
    "portal.context_processors",
    "portal.management",
)

BASE = ("portal", "content")
EFORMS_CORE = (*BASE, "eforms.formdefs", "eforms.dossiers")

ALLOWED = {
    # the project (urls, api mounts, commands) sees everything
    "project": None,
    "portal": (),
    "themes": ("portal",),
    "content": ("portal",),
    "search": BASE,
    "eforms.formdefs": BASE,
    "eforms.dossiers": (*BASE, "eforms.formdefs"),
    # internal processes of procedures and the steps of each dossier
    "eforms.processes": EFORMS_CORE,
    "eforms.outbox": EFORMS_CORE,
    "eforms.payments": (*EFORMS_CORE, "eforms.outbox"),
    "eforms.submission": (*EFORMS_CORE, "eforms.outbox", "eforms.payments", "eforms.postal"),
    "eforms.handoff": (*EFORMS_CORE, "eforms.outbox"),
    "eforms.notifications": (*EFORMS_CORE, "eforms.outbox"),
    # satisfaction ratings of returned dossiers (issue 15)
    "eforms.ratings": (*EFORMS_CORE, "eforms.outbox", "eforms.notifications"),
    # citizens' accounts (OIDC sign-in, "Hồ sơ của tôi"); the e-form asks them through
    # eforms.submission.identity, a provider registered at start-up
    "eforms.citizens": (*EFORMS_CORE, "eforms.outbox", "eforms.payments", "eforms.submission", "eforms.ratings"),
    # public postal service: orders, parcels, callbacks; postage through the payments' charges (issue 15)
    "eforms.postal": (*EFORMS_CORE, "eforms.outbox", "eforms.payments"),
    "eforms.workspace": (
        *EFORMS_CORE,
        "eforms.outbox",
        "eforms.payments",
        "eforms.submission",
        "eforms.handoff",
        "eforms.notifications",
        "eforms.processes",
        "eforms.ratings",
        "eforms.postal",
    ),
    # kiosk, queue tickets and the lobby board (issue 15): the board reads the
    # workspace's statistics and access rules, the kiosk the search services
    "eforms.lobby": (
        *EFORMS_CORE,
        "search",
        "eforms.outbox",
        "eforms.submission",
        "eforms.ratings",
        "eforms.workspace",
    ),
    # synchronisation with the national public-service portal (issue 16)
    "eforms.national": (*EFORMS_CORE, "eforms.outbox"),
    # feedback and complaints (issue 15): officers' pages on the workspace's
    # access rules and template; the leader board shows its section by hook
    "eforms.feedback": (*EFORMS_CORE, "eforms.outbox", "eforms.notifications", "eforms.workspace"),
    # appointments (issue 15): SMS on the notifications' outbox, check-in through
    # the lobby's tickets, officers' pages on the workspace's access rules and
    # template; the leader board shows its section by hook
    "eforms.appointments": (
        *EFORMS_CORE,
        "eforms.outbox",
        "eforms.notifications",
        "eforms.lobby",
        "eforms.workspace",
    ),
    # demo data and the ``eforms`` app shell (apps, models, admin menu) sit on top
    "eforms.demo": None,
    "eforms": None,
}
DEFAULT_EFORMS_FEATURE = (*EFORMS_CORE, "eforms.outbox")


def layer(module):
    if module.startswith(PROJECT_MODULES):
        return "project"
    parts = module.split(".")
    if parts[0] == "eforms" and len(parts) > 1:
        sub = f"eforms.{parts[1]}"
        if (sub in ALLOWED) or _is_package(parts):
            return sub
    return parts[0]


def _is_package(parts):
    from .imports import ROOT

    return (ROOT / parts[0] / parts[1] / "__init__.py").exists()


def allowed(source_layer, target_layer):
    if source_layer == target_layer:
        return True
    rule = ALLOWED.get(source_layer, DEFAULT_EFORMS_FEATURE if source_layer.startswith("eforms.") else ())
    if rule is None:
        return True
    return target_layer in rule


def violations(edges, layer_of=layer):
    """``"a:line imports b"`` for every import against the layers."""
    found = []
    for source, targets in sorted(edges.items()):
        for target, line in sorted(targets):
            if not allowed(layer_of(source), layer_of(target)):
                found.append(f"{source}:{line} imports {target} ({layer_of(source)} → {layer_of(target)})")
    return found
