"""Satisfaction ratings of returned dossiers (issue 15): the citizen rates a
dossier once, on the criteria of the national service index, at
``/danh-gia/`` with the dossier code and look-up secret."""
