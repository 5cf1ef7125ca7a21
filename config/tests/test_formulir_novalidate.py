"""The server speaks, not the browser (issue 17 b): a required field left empty gets our
Indonesian message beside it, never Chromium's own English "Please fill out this field"
bubble, which stops the form before the server sees it. One rule, one home: every form of
the app carries `novalidate` (the server validates every field anyway)."""

from pathlib import Path
import re

import pytest

from accounts.tests.factories import PASSWORD

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FORM = re.compile(r"<form\b[^>]*>", re.S)


def test_every_form_of_the_app_leaves_validation_to_the_server():
    tanpa = [
        f"{path.relative_to(TEMPLATES)}: {tag[:80]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for tag in FORM.findall(path.read_text())
        if "novalidate" not in tag
    ]
    assert tanpa == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_empty_rk_gets_the_servers_indonesian_message_in_chromium(live_server, page, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("NIP").fill(cast.pegawai.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/skp/")
    page.get_by_role("button", name=f"Mulai menyusun SKP {cast.periode.tahun}").click()
    page.wait_for_url("**/skp/*/")
    teks = page.locator("#id_rk-utama-teks")
    assert teks.get_attribute("required") is not None  # the field is required…
    page.get_by_role("button", name="Simpan rencana kinerja").first.click()
    # …and the server answers in Indonesian beside it: the browser did not stop the form.
    pesan = page.locator("#bagian-utama .invalid-feedback").first
    pesan.wait_for()
    assert "Please" not in pesan.inner_text()
    assert page.locator("#bagian-utama").get_by_text("tidak boleh kosong").first.is_visible()
