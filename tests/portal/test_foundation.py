"""The foundation: settings from the environment, security headers,
languages, error pages, production hardening."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy_check import deploy_check, prod_var_dir

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides=None, settings_module="portal.settings.production"):
    # A clean environment: nothing the test process set for itself (e.g. the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) may leak into the deploy check.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DJANGO_", "DEBUG", "ALLOWED_HOSTS"))}
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, "PORTAL_VAR_DIR": prod_var_dir()})
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.every_stack
def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env_overrides={"ALLOWED_HOSTS": "dichvucong.example.gov.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
    assert "dev-only" not in result.stderr


@pytest.mark.every_stack
def test_production_settings_pass_the_deploy_check_without_warnings():
    # a deployment sets its own receiving-unit code (the default is a demo value: dossiers.W004)
    result = deploy_check(PORTAL_RECEIVING_UNIT_CODE="000.00.00.H49")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.every_stack
def test_environment_selects_services():
    # The suite itself runs on whatever the env points at; the settings must
    # reflect it (this is what lets CI run the same suite on PostgreSQL).
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if os.environ.get("CACHE_URL", "").startswith("redis"):
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    assert settings.CELERY_BROKER_URL == broker
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_ACKS_LATE is True


@pytest.mark.every_stack
def test_celery_app_is_json_only_and_routes_by_queue():
    from portal.celery import app

    app.loader.import_default_modules()  # what a worker does at start-up
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_default_queue == "default"
    assert "portal.health_check" in app.tasks


@pytest.mark.django_db
def test_health_check_task_runs_and_reaches_the_database():
    from portal.tasks import health_check

    result = health_check.delay("ping").get(timeout=10)
    assert result["token"] == "ping"
    assert result["database"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default_even_for_english_browsers(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Cổng dịch vụ công" in html
    assert "Bỏ qua, đến nội dung chính" in html  # skip link
    assert "Thủ tục hành chính" in html
    assert settings.PORTAL_HOTLINE in html
    assert response["Content-Language"] == "vi"
    assert "Cookie" in response["Vary"]  # caches keep the languages apart


@pytest.mark.django_db
def test_language_switcher_sets_english(client, home_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Administrative procedures" in html
    assert "Lam Dong Province" in html and "tỉnh Lâm Đồng" not in html.split("<main", 1)[0]
    # and back
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_language_falls_back_to_vietnamese(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-evil<script>"
    html = client.get("/?lang=%00%ff").content.decode()
    assert '<html lang="vi">' in html


@pytest.mark.django_db
def test_security_headers_on_public_pages(client, home_page):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_page_loads_nothing_from_another_origin(client, home_page):
    import re

    html = client.get("/").content.decode()
    external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', html)
    assert external == []


@pytest.mark.django_db
def test_unknown_page_gives_a_vietnamese_404(client, home_page):
    response = client.get("/khong-ton-tai-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.every_stack
def test_theme_selection_rejects_unknown_theme():
    result = run_manage("check", settings_module="portal.settings.dev", env_overrides={"PORTAL_THEME": "khong-co"})
    assert result.returncode != 0
    assert "PORTAL_THEME='khong-co'" in result.stderr


def test_static_assets_ship_with_the_project():
    static = ROOT / "themes" / "base" / "static"
    assert (static / "fonts" / "be-vietnam-pro-vietnamese-400-normal.woff2").stat().st_size > 5000
    assert (static / "img" / "emblem.svg").read_text().startswith("<svg")
    css = (static / "css" / "portal.css").read_text()
    assert "http://" not in css and "https://" not in css


@pytest.mark.every_stack
def test_portal_theme_overrides_base_theme_files():
    code = (
        "import django; django.setup();"
        "from django.contrib.staticfiles import finders;"
        "print(finders.find('css/theme.css')); print(finders.find('css/portal.css'))"
    )
    env = dict(
        os.environ,
        PORTAL_THEME="khanhhoa",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_VAR_DIR=prod_var_dir("theme-var"),
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    theme_css, portal_css = result.stdout.split()
    assert theme_css.endswith("themes/khanhhoa/static/css/theme.css")
    assert portal_css.endswith("themes/base/static/css/portal.css")
