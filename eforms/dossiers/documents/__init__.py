"""The official documents of a dossier, from one pipeline.

Each document is one module with one function ``dossier (or letter) →
PDF bytes``:

- ``receipt`` — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01), with
  the tracking QR code and the barcode of the dossier code;
- ``submission`` — Tờ khai hồ sơ đã nộp: the dossier as submitted, its
  answers rendered by ``eforms.dossiers.rendering`` (the same text as the
  citizen's review and the officer's page);
- ``apology`` — Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04);
- ``archive`` — the dossier as a ZIP (JSON, submission sheet, files) for a
  back office.

The pipeline: ``portal.pdf`` holds the one font setup (DejaVu from
``themes/base/pdf-fonts``), the styles, the paragraph helper, tables,
signature blocks, the official header (national title and motto) and the
build; ``base`` adds what every dossier document shares (issuing agency,
local times, ``document_header``). A new document (supplement request,
refusal, control sheet) is a new module on ``base``, never a new font setup.
"""
