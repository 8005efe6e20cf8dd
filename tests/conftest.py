"""Shared fixtures. Package-specific fixtures live in each tests/<pkg>/conftest.py."""
import pytest
from wagtail.models import Page, Site


@pytest.fixture
def home_page(db):
    """A Wagtail site whose root is our HomePage (only what a test needs)."""
    from content.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Cổng dịch vụ công"},
    )
    return home


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate limits, cached statistics
    boards, autocomplete), whether it is local memory or Redis."""
    from django.core.cache import cache

    cache.clear()
    yield
