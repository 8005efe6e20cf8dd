"""The interface every hand-off backend implements."""


class DeliveryError(Exception):
    """The receiver did not take the dossier; the branch is retried.

    ``status_code`` and ``response_excerpt`` go into the attempt's receipt.
    """

    def __init__(self, message, *, status_code=None, response_excerpt=""):
        super().__init__(message)
        self.status_code = status_code
        self.response_excerpt = response_excerpt


class BaseBackend:
    """Deliver one branch (``HandOff``) to its agency.

    ``deliver`` runs on the worker, outside any database transaction, and
    may be called more than once for the same branch (a worker killed after
    the receiver took the dossier but before the receipt was written): it
    sends ``handoff.uuid`` as the delivery id so the receiver can drop
    duplicates. It returns a receipt (a JSON-serialisable dict, optionally
    with ``status_code`` and ``response_excerpt``) or raises
    ``DeliveryError``; any other exception is also a failed attempt.

    A ``transactional`` backend only records into the portal's database
    (nothing leaves the portal): its ``deliver`` runs inside the transaction
    that claims the branch and records the receipt, so the branch is
    delivered exactly once or not at all. It must write nothing before
    raising.
    """

    identifier = ""
    label = ""
    transactional = False

    def deliver(self, handoff):  # pragma: no cover - interface
        raise NotImplementedError
