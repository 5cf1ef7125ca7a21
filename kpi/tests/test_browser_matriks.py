"""Real Chromium: the ketua tim fills two cells in place (htmx), looks at the preview and
applies the matriks; the member's draft SKP then holds both RK, linked to the ketua's RK.
Then the member edits one and the ketua re-applies: a conflict, and nothing overwritten."""

from decimal import Decimal

import pytest

from accounts.tests.factories import PASSWORD
from kpi.tests.conftest import isi
from skp.models import AsalRencanaKinerja, Indikator, RencanaKinerja
from skp.services.drafting import IsianIndikator, ubah_indikator

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

    page.get_by_role("link", name="Terapkan ke SKP").click()
    page.wait_for_url(f"**/matriks/{tim.matriks.pk}/terapkan/")
    page.get_by_text("2 akan dibuat").wait_for()
    assert not RencanaKinerja.objects.filter(skp__pegawai=cast.pegawai).exists()  # a preview
    page.get_by_role("button", name="Ya, terapkan").click()
    page.get_by_text("2 rencana kinerja dibuat").wait_for()
    assert page.get_by_text("di SKP", exact=True).count() == 2

    rk = RencanaKinerja.objects.filter(skp__pegawai=cast.pegawai).order_by("urutan")
    assert [(r.teks, r.intervensi_id, r.asal) for r in rk] == [
        ("Tersusunnya laporan layanan", tim.rk1.pk, AsalRencanaKinerja.MATRIKS),
        ("Terpetakannya data", tim.rk2.pk, AsalRencanaKinerja.MATRIKS),
    ]


def test_ketua_reapplies_after_a_member_edited_their_rk_and_nothing_is_overwritten(
    live_server, page, tim, cast
):
    from kpi.services import terapkan_ke_skp

    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data", target=Decimal(2), satuan="peta")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    iki = Indikator.objects.get(rencana_kinerja__teks="Tersusunnya laporan layanan")
    ubah_indikator(
        iki,
        oleh=cast.pegawai,
        isian=IsianIndikator(
            aspek=iki.aspek, teks=iki.teks, target_min=Decimal(6), satuan="laporan"
        ),
    )
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(4), satuan="laporan"
    )
    isi(tim, tim.anggota, tim.k2, "Terpetakannya data", target=Decimal(3), satuan="peta")

    page.goto(f"{live_server.url}/matriks/{tim.matriks.pk}/")
    page.get_by_label("NIP").fill(tim.ketua.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"**/matriks/{tim.matriks.pk}/")
    sel = page.locator(f"#sel-{tim.anggota.pk}-{tim.k1.pk}")
    sel.get_by_text("telah mengubah target di SKP-nya").wait_for()

    page.get_by_role("link", name="Terapkan ke SKP").click()
    page.get_by_text("1 konflik").wait_for()
    page.get_by_text("1 akan diperbarui").wait_for()
    page.get_by_role("button", name="Ya, terapkan").click()
    page.get_by_text("1 tidak diubah karena telah disunting pemiliknya").wait_for()

    iki.refresh_from_db()
    assert iki.target_min == Decimal(6)  # the member's own target stands
    assert Indikator.objects.get(rencana_kinerja__teks="Terpetakannya data").target_min == 3
