"""Views of the officer workspace (``/can-bo/``) and its public pages."""
