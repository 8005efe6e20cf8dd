"""The citizen's side: drafts, steps, uploads and scanning, review, submit,
confirmation, tracking, payment pages."""
