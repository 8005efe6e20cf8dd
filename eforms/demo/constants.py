"""Marks and limits shared by the demo data modules."""

DEMO_KEY = "demo"
DEMO_MARK = {"label": "Hồ sơ mẫu (dữ liệu minh họa, không phải hồ sơ thật)", "value": True}
EMAIL_DOMAIN = "example.vn"
WINDOW_DAYS = 75
DEMO_WORKER = "load_demo_dossiers"
