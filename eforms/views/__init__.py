"""Public views of the e-forms package (submission, tracking, payments)."""
