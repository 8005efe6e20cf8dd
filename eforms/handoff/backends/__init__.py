"""Hand-off backends: how a dossier reaches an agency (see ``registry``)."""
