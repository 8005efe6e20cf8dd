"""Public postal service (bưu chính công ích, channel 3).

The citizen sends the paper dossier and/or receives the result by post; the
portal orders the pickup or the delivery from a postal operator
(``operators/``: the interface, a sandbox that speaks the operator's protocol
and an HTTP client for the real one) through its own outbox (``delivery``),
adds the postage to the amount to pay as its own line (``charges``), takes
the operator's signed status callbacks (``callbacks``) and shows the parcel
and its status history on the tracking page.
"""
