"""Real Chromium: the ketua tim fills two cells in place (htmx) and applies the matriks;
the member's draft SKP then holds both RK, linked to the ketua's RK."""

import pytest

from accounts.tests.factories import PASSWORD
from skp.models import AsalRencanaKinerja, RencanaKinerja

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ketua_fills_two_cells_and_applies_them(live_server, page, tim, cast):
    page.goto(f"{live_server.url}/matriks/{tim.matriks.pk}/")
    page.get_by_label("NIP").fill(tim.ketua.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"**/matriks/{tim.matriks.pk}/")

    for kolom, teks in [(tim.k1, "Tersusunnya laporan layanan"), (tim.k2, "Terpetakannya data")]:
        cell = page.locator(f"#sel-{tim.anggota.pk}-{kolom.pk}")
        cell.get_by_role("link", name="Ubah").click()
        cell.get_by_label("Peran hasil (rencana kinerja)").first.fill(teks)
        cell.get_by_role("button", name="Simpan sel").click()
        cell.get_by_text(teks).wait_for()
        assert cell.get_by_role("button", name="Simpan sel").count() == 0

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terapkan ke SKP").click()
    page.get_by_text("2 rencana kinerja dibuat").wait_for()
    assert page.get_by_text("di SKP").count() == 2

    rk = RencanaKinerja.objects.filter(skp__pegawai=cast.pegawai).order_by("urutan")
    assert [(r.teks, r.intervensi_id, r.asal) for r in rk] == [
        ("Tersusunnya laporan layanan", tim.rk1.pk, AsalRencanaKinerja.MATRIKS),
        ("Terpetakannya data", tim.rk2.pk, AsalRencanaKinerja.MATRIKS),
    ]
