"""Synchronisation with the national public-service portal (Cổng Dịch vụ
công quốc gia) behind ``gateway.NationalPortalGateway``.

- Status push: every ``DossierStatusChange`` gets one ``StatusSync`` row in
  the transaction that wrote it (``delivery.record_change``, a ``post_save``
  receiver); the row is delivered on the shared outbox (``eforms.outbox``:
  lease, attempts, back-off, dead letters), in order per dossier, with an
  idempotency key the receiver uses to ignore a repeat.
- Catalogue: ``catalogue.refresh`` reads the national procedure records
  (``LayDanhSachTTHC``), maps them onto the portal's exchange records and
  imports them by code (``content.catalogue_io``), keeping what editors added
  locally; each run stores a ``CatalogueRefresh`` report.
- ``sandbox/``: a receiver speaking the same protocol, mounted only when
  ``NATIONAL_PORTAL_SANDBOX`` is on.
"""
