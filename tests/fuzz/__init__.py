"""Fuzz tests of the public forms and the API (hypothesis, fixed seed)."""
