"""Charges paid together with the phí/lệ phí, each its own line (e.g. the
postage of the public postal service). Parts above the payments register a
function ``lines(dossier) -> [(label, amount_vnd)]``; the amount to pay is
the dossier's fee plus those lines (``amount_due``), never mixed into
``Dossier.fee_vnd``."""

_CHARGES = {}


def register_charge(key, lines):
    _CHARGES[key] = lines


def extra_lines(dossier):
    """``[(label, amount_vnd)]`` of every registered charge of ``dossier``."""
    lines = []
    for key in sorted(_CHARGES):
        lines.extend(_CHARGES[key](dossier))
    return [(label, int(amount)) for label, amount in lines if amount]


def amount_due(dossier):
    """What the citizen pays online: phí, lệ phí plus the extra lines."""
    return int(dossier.fee_vnd or 0) + sum(amount for _label, amount in extra_lines(dossier))
