"""Real Chromium: the validator's item dropdown cuts a long RK at a word, and once chosen the
RK's full text is shown beneath the select (issue 17.5)."""

import pytest

from accounts.tests.factories import PASSWORD
from skp.models import StatusSkp
from skp.tests.bantuan_workflow import bawa_ke

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANJANG = (
    "Terlaksananya rencana aksi strategis dalam rangka pencapaian sasaran dan indikator "
    "kinerja utama organisasi dalam perjanjian kerja"
)


def test_the_chosen_item_shows_its_full_text_beneath_the_dropdown(live_server, page, cast, skp):
    rk = skp.rencana_kinerja.get()
    rk.teks = PANJANG
    rk.save(update_fields=["teks"])
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    page.goto(f"{live_server.url}/accounts/login/?next=/skp/{skp.pk}/tinjau/")
    page.get_by_label("NIP").fill(cast.atasan_langsung.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    pilihan = page.get_by_label("Butir yang dikomentari")
    pilihan.select_option(f"rk-{rk.pk}")
    assert page.locator(".teks-utuh").inner_text() == f"A.1 {PANJANG}"
    label = pilihan.locator("option:checked").inner_text()
    assert label.endswith("sasaran…") and len(label) < len(PANJANG)
