"""Who signs: the center (receipts and the other official forms) or an
agency (the results it issues). Plain values, so the layers above pass
their agency's code and name without this package knowing their models."""

from dataclasses import dataclass

from django.conf import settings

from portal.signing import conf


@dataclass(frozen=True)
class SignerIdentity:
    key: str  # conf.CENTER or the agency's code
    name: str  # the common name of the certificate (the sandbox issues it so)
    organisation: str

    @property
    def suffix(self):
        """The signer's part of the env var names (``CENTER``, ``STP``)."""
        return conf.signer_suffix(self.key)

    @property
    def stem(self):
        """The signer's file name in the sandbox CA (``center``, ``agency-stp``)."""
        return "center" if self.suffix == conf.CENTER else f"agency-{self.suffix.lower()}"


def center():
    name = settings.PORTAL_CENTER_NAME
    return SignerIdentity(conf.CENTER, name, name)


def agency(code, name):
    """An agency's signer; without a code, the center signs."""
    if not code:
        return center()
    return SignerIdentity(code, name or code, name or code)
