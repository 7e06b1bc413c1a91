"""HTTP hardening: Content-Security-Policy on every page, and the HTTPS settings.

The HTTPS switch is read from the environment when settings load, so those tests start a
process with the environment an operator would set.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from kogame.liveserver import serve

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "kogame").glob("**/templates/**/*.html"))
PAGES = [
    "/",
    "/play/snek/main/",
    "/leaderboard/snek/",
    "/leaderboard/snek/today/",
    "/leaderboard/snek/main/",
    "/accounts/login/",
    "/accounts/register/",
    "/accounts/logout/",
    "/admin/login/",
    "/no-such-page/",
]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "connect-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_content_security_policy(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert _directives(response["Content-Security-Policy"]) == POLICY


def test_the_templates_have_no_inline_script_style_or_handler() -> None:
    assert len(TEMPLATES) > 10, "found the templates"
    for template in TEMPLATES:
        text = template.read_text()
        for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            assert "src=" in script.group(1), f"inline script in {template}"
            assert not script.group(2).strip(), f"inline script in {template}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"event handler attribute in {template}"
        assert not re.search(r"\sstyle\s*=", text), f"style attribute in {template}"
        assert "<style" not in text, f"style element in {template}"
        assert "javascript:" not in text, f"javascript: URL in {template}"


# --- HTTPS ---------------------------------------------------------------------------------

PRODUCTION = {
    "KOGAME_DEBUG": "false",
    "KOGAME_HTTPS": "true",
    "KOGAME_ALLOWED_HOSTS": "games.example.com",
    "KOGAME_CSRF_TRUSTED_ORIGINS": "https://games.example.com",
}
HTTPS_SETTINGS = ("KOGAME_HTTPS", "KOGAME_SECURE_COOKIES", "KOGAME_DEBUG", "DATABASE_URL")

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
def seen(path, secure):
    response = client.get(path, secure=secure)
    return {"status": response.status_code, "location": response.get("Location"),
            "hsts": response.get("Strict-Transport-Security"),
            "cookie": str(response.cookies.get("csrftoken", ""))}
print(json.dumps({f"{p} {s}": seen(p, s) for p in ("/accounts/login/", "/healthz", "/metrics")
                  for s in (True, False)}))
"""


def _environment(tmp_path: Path, **env: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in HTTPS_SETTINGS}
    return base | {"KOGAME_DATA_DIR": str(tmp_path / "var")} | env


def _probe(tmp_path: Path, **env: str) -> dict[str, dict[str, str | int | None]]:
    environ = _environment(tmp_path, KOGAME_ALLOWED_HOSTS="testserver", **env)
    command = [sys.executable, "-c", PROBE]
    done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    seen: dict[str, dict[str, str | int | None]] = json.loads(done.stdout)
    return seen


@pytest.mark.parametrize("switch", ["KOGAME_HTTPS", "KOGAME_SECURE_COOKIES"])
def test_over_https_the_site_sends_hsts_redirects_and_sends_cookies_securely(
    tmp_path: Path, switch: str
) -> None:
    seen = _probe(tmp_path, **{switch: "true"})
    page = seen["/accounts/login/ True"]
    assert page["status"] == 200
    assert page["hsts"] == "max-age=31536000"
    assert "Secure" in str(page["cookie"])
    plain = seen["/accounts/login/ False"]
    assert plain["status"] == 301
    assert plain["location"] == "https://testserver/accounts/login/"
    for probe in ("/healthz False", "/metrics False"):
        assert seen[probe]["status"] == 200, "probes and scrapers speak plain HTTP"


def test_hsts_may_cover_subdomains(tmp_path: Path) -> None:
    seen = _probe(tmp_path, KOGAME_HTTPS="true", KOGAME_HSTS_INCLUDE_SUBDOMAINS="true")
    assert seen["/accounts/login/ True"]["hsts"] == "max-age=31536000; includeSubDomains"


def test_without_https_there_is_no_hsts_and_no_redirect(tmp_path: Path) -> None:
    seen = _probe(tmp_path)
    assert seen["/accounts/login/ True"]["hsts"] is None
    assert seen["/accounts/login/ False"]["status"] == 200
    assert "Secure" not in str(seen["/accounts/login/ False"]["cookie"])


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    environ = _environment(tmp_path, KOGAME_SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr
    readme = (ROOT / "README.md").read_text()
    for name, value in PRODUCTION.items():
        assert f"{name}={value}" in readme, f"README's production configuration sets {name}"


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_behind_a_tls_proxy_uvicorn_takes_the_scheme_from_x_forwarded_proto(
    tmp_path: Path,
) -> None:
    """No SECURE_PROXY_SSL_HEADER: the server trusts X-Forwarded-Proto from its proxy only."""
    settings = {"KOGAME_HTTPS": "true", "KOGAME_ALLOWED_HOSTS": "127.0.0.1"}
    with serve(tmp_path, tmp_path / "server.log", settings) as (port, _):
        proxied = _get(port, "/accounts/login/", {"X-Forwarded-Proto": "https"})
        assert proxied.status == 200
        assert proxied.getheader("Strict-Transport-Security") == "max-age=31536000"
        direct = _get(port, "/accounts/login/", {})
        assert direct.status == 301
        assert direct.getheader("Location") == f"https://127.0.0.1:{port}/accounts/login/"
        assert _get(port, "/healthz", {}).status == 200
