"""Import and export of the procedure catalogue (JSON, CSV, XLSX).

``import_procedures(path_or_file)`` validates a whole file, then creates or
updates procedures by code inside one transaction (all or nothing) and
returns an ``ImportReport``; ``export_procedures(path)`` writes the same
formats. Export → import → export is lossless.
"""

from .exporting import export_procedures
from .importing import import_procedures
from .report import ImportReport

__all__ = ["ImportReport", "export_procedures", "import_procedures"]
