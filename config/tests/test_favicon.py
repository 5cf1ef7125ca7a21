"""The site's icon (issue 17.10): linked from every page, and /favicon.ico, which browsers
ask for whatever the page links, leads to it instead of a logged 404."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("favicon.ico")
    assert client.head("/favicon.ico").status_code == 302
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_links_the_svg_and_ico_icons_which_exist(client):
    html = client.get("/accounts/login/").text
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in html
    assert f'<link rel="icon" href="{static("favicon.ico")}" sizes="16x16 32x32">' in html
    ico = finders.find("favicon.ico")
    svg = finders.find("favicon.svg")
    assert ico and Path(ico).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert svg and Path(svg).read_text().startswith("<svg")
    assert str(settings.BASE_DIR / "static") in ico
