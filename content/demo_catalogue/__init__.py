"""Demo catalogue of a provincial public-service portal (tỉnh Lâm Đồng).

The data files under ``data/`` follow the formats ``portal.fields/1``,
``portal.agencies/1``, ``portal.procedures/1`` and ``portal.news/1`` and are
read by the ``load_demo_catalogue`` management command. ``synthetic`` makes
any number of extra, plausible procedures in the same format for benchmarks.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

FIELDS_PATH = DATA_DIR / "fields.json"
AGENCIES_PATH = DATA_DIR / "agencies.json"
PROCEDURES_PATH = DATA_DIR / "procedures.json"
NEWS_PATH = DATA_DIR / "news.json"
#: fee schedules keyed by procedure code, merged into the procedures on load
FEES_PATH = DATA_DIR / "fees.json"

__all__ = ["DATA_DIR", "FIELDS_PATH", "AGENCIES_PATH", "PROCEDURES_PATH", "NEWS_PATH", "FEES_PATH"]
