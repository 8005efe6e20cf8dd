"""A citizen's browser as a ``requests`` session: follows the sign-in
through the sandbox provider by hand, one redirect at a time."""

import re
from urllib.parse import parse_qs, urlsplit

import requests


def csrf_of(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


class Browser:
    def __init__(self, base):
        self.base = base
        self.http = requests.Session()

    def url(self, path):
        return path if path.startswith("http") else f"{self.base}{path}"

    def get(self, path, **kwargs):
        return self.http.get(self.url(path), allow_redirects=False, timeout=30, **kwargs)

    def post(self, path, data, **kwargs):
        return self.http.post(self.url(path), data=data, allow_redirects=False, timeout=30, **kwargs)

    def start_sign_in(self, next_url="/ca-nhan/ho-so/"):
        """Up to the provider's chooser; returns the authorization URL."""
        page = self.get(f"/dang-nhap/?next={next_url}")
        assert page.status_code == 200, page.text[:500]
        answer = self.post("/dang-nhap/", {"csrfmiddlewaretoken": csrf_of(page.text), "next": next_url})
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]

    def choose(self, authorize_url, account):
        """Pick a demo citizen on the chooser; returns the callback URL."""
        chooser = self.get(authorize_url)
        assert chooser.status_code == 200, chooser.text[:500]
        assert "Môi trường thử nghiệm — không phải VNeID" in chooser.text
        answer = self.post(authorize_url, {"csrfmiddlewaretoken": csrf_of(chooser.text), "citizen": account})
        assert answer.status_code == 302, answer.text[:800]
        return answer.headers["Location"]

    def sign_in(self, account, next_url="/ca-nhan/ho-so/"):
        callback = self.choose(self.start_sign_in(next_url), account)
        return self.get(callback)


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
