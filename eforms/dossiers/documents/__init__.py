"""The official documents of a dossier, from one pipeline.

Each document is one module with one function ``dossier (or record) →
PDF bytes``; the forms are those of Phụ lục I of Circular 03/2025/TT-VPCP
(guiding Decree 118/2025/NĐ-CP; they replace the forms of Circular
01/2018/TT-VPCP, which guided Decree 61/2018/NĐ-CP):

- ``receipt`` — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01), with
  the register book and number, the tracking QR code and the barcode of
  the dossier code;
- ``supplement`` — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu số 02),
  from a ``SupplementRequest``;
- ``refusal`` — Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu số 03), for a
  dossier in status 3, with the reason of its history row;
- ``apology`` — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
  (Mẫu số 04);
- ``stop`` — Thông báo dừng giải quyết hồ sơ (Mẫu số 05), for a dossier in
  status 8, with the reason of its history row and the legal basis;
- ``control`` — Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 06):
  every step of the history, who handed over, who received, when, on time
  or late;
- ``register_sheet`` — Sổ theo dõi hồ sơ (Mẫu số 07) of an agency and a
  period, PDF and XLSX; ``register`` holds its book, running numbers
  (shared with the receipt), rows and period parsing;
- ``submission`` — Tờ khai hồ sơ đã nộp: the dossier as submitted, its
  answers rendered by ``eforms.dossiers.rendering``;
- ``applications`` — the procedure's own application form (Tờ khai đăng ký
  khai sinh, kết hôn, Mẫu CT01, Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp,
  or a generic "đơn/tờ khai"), printed from the e-form's answers and
  attached at submission as that dossier component;
- ``archive`` — the dossier as a ZIP (JSON, submission sheet, files) for a
  back office.

The pipeline: ``portal.pdf`` holds the one font setup (DejaVu from
``themes/base/pdf-fonts``), the styles, the paragraph helper, header
lines fitted to a column (shrunk, then cut between words only), tables,
signature blocks, the official header (national title and motto) and the
build (upright or landscape A4); ``issuer`` derives the header of the
issuing body (Decree 30/2020: parent body, body, place name of the
dateline) from the agency; ``base`` adds what every dossier document
shares (local times in the forms' wording, ``document_header``). A new
document is a new module on ``base``, never a new font setup.

Signatures: Mẫu 01–07 leave ``base.center_signed`` with the center's PAdES
signature (``portal.signing``; unsigned, and logged, when no key is
configured); ``results.sign_results`` signs the PDF results of a dossier
with its agency's certificate when the result is returned (status 10).
"""
