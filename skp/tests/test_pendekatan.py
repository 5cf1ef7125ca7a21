"""Pendekatan hasil kerja under PermenPANRB 6/2022 (issue 15.2): chosen when the SKP is
started, changeable while it is editable; a kualitatif RHK carries its narrative ukuran
keberhasilan instead of IKI rows, and the checks, the version, the history, the page and the
preview follow the pendekatan in force. Under 8/2021 every SKP stays kuantitatif."""

from django.urls import reverse
import pytest

from skp.exceptions import SkpBerubah, SkpError
from skp.models import Indikator, Pendekatan, RencanaKinerja, Skp, SkpVersi, StatusSkp
from skp.profil import PERMENPANRB_6_2022
from skp.riwayat import bandingkan_versi, riwayat_skp
from skp.services import drafting
from skp.services.dasar import IsianError
from skp.services.workflow import (
    IsiBelumLengkap,
    ajukan_skp,
    isi_versi,
    kekurangan_isi,
    kembalikan_skp,
)
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.drafting_helpers import kuantitas, tambah_rk

NARASI = (
    "Aplikasi layanan surat daring dipakai seluruh fakultas paling lambat Juni 2026.\n"
    "Keluhan pengguna ditanggapi dalam 1 hari kerja."
)


@pytest.fixture
def skp_kualitatif(cast):
    jadikan_6_2022(cast.periode)
    return drafting.mulai_skp(
        cast.pegawai, cast.periode, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF
    )


def _rhk(skp, teks="Terselenggaranya layanan surat daring", **kwargs):
    kwargs.setdefault("intervensi_teks_bebas", "Meningkatnya layanan TIK universitas")
    return drafting.tambah_rencana_kinerja(
        skp, oleh=skp.pegawai, jenis="utama", teks=teks, **kwargs
    )


# --- Choosing it ------------------------------------------------------------------------------


def test_a_6_2022_skp_starts_with_the_pendekatan_the_pegawai_chose(skp_kualitatif):
    assert skp_kualitatif.pendekatan == Pendekatan.KUALITATIF
    assert skp_kualitatif.is_kualitatif


def test_under_8_2021_an_skp_is_always_kuantitatif(cast):
    skp = drafting.mulai_skp(
        cast.pegawai, cast.periode, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF
    )
    assert skp.pendekatan == Pendekatan.KUANTITATIF and not skp.is_kualitatif
    with pytest.raises(SkpError, match="tidak mengenal pilihan pendekatan"):
        drafting.ubah_pendekatan(skp, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF)


def test_an_unknown_pendekatan_starts_nothing(cast):
    jadikan_6_2022(cast.periode)
    with pytest.raises(IsianError, match="Pilih pendekatan hasil kerja"):
        drafting.mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai, pendekatan="campuran")
    assert not Skp.objects.filter(pegawai=cast.pegawai).exists()


def test_the_start_page_offers_the_choice_only_under_6_2022(client, cast):
    client.force_login(cast.pegawai)
    assert 'name="pendekatan"' not in client.get(reverse("skp:daftar")).text
    jadikan_6_2022(cast.periode)
    html = client.get(reverse("skp:daftar")).text
    assert 'value="kuantitatif" checked' in html and 'value="kualitatif"' in html
    response = client.post(
        reverse("skp:mulai"), {"periode": cast.periode.pk, "pendekatan": "kualitatif"}
    )
    skp = Skp.objects.get(pegawai=cast.pegawai)
    assert response.url == reverse("skp:detail", args=[skp.pk])
    assert skp.pendekatan == Pendekatan.KUALITATIF


# --- Kualitatif RHK ---------------------------------------------------------------------------


def test_a_kualitatif_rhk_keeps_its_narrative_with_its_line_breaks_and_no_iki(skp_kualitatif):
    rk = _rhk(skp_kualitatif, ukuran_keberhasilan="  Baris satu.  \r\n\r\n\r\n\r\nBaris dua.  ")
    assert rk.ukuran_keberhasilan == "Baris satu.\n\nBaris dua."
    assert not rk.indikator.exists()


@pytest.mark.parametrize(
    "teks, pesan", [("   \n ", "Tuliskan ukuran keberhasilan"), ("x" * 2001, "paling banyak")]
)
def test_a_kualitatif_rhk_without_a_fitting_narrative_is_refused(skp_kualitatif, teks, pesan):
    with pytest.raises(IsianError, match=pesan):
        _rhk(skp_kualitatif, ukuran_keberhasilan=teks)
    assert not RencanaKinerja.objects.filter(skp=skp_kualitatif).exists()


def test_iki_cannot_be_added_to_a_kualitatif_skp(skp_kualitatif):
    rk = _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    with pytest.raises(SkpError, match="pendekatan kualitatif"):
        drafting.tambah_indikator(rk, oleh=skp_kualitatif.pegawai, isian=kuantitas())
    assert not Indikator.objects.filter(rencana_kinerja=rk).exists()


def test_a_kualitatif_skp_is_not_submitted_while_an_rhk_lacks_its_narrative(skp_kualitatif):
    rk = _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    drafting.ubah_pendekatan(
        skp_kualitatif, oleh=skp_kualitatif.pegawai, pendekatan=Pendekatan.KUANTITATIF
    )
    tambah_rk(skp_kualitatif, teks="Tersedianya laporan layanan", intervensi_teks_bebas="X")
    skp = drafting.ubah_pendekatan(
        Skp.objects.get(pk=skp_kualitatif.pk),
        oleh=skp_kualitatif.pegawai,
        pendekatan=Pendekatan.KUALITATIF,
    )
    assert kekurangan_isi(skp) == [
        "Rencana hasil kerja A.2 «Tersedianya laporan layanan»: Tuliskan ukuran keberhasilan "
        "(indikator dan target) rencana hasil kerja ini."
    ]
    with pytest.raises(IsiBelumLengkap):
        ajukan_skp(skp, oleh=skp.pegawai)
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.DRAF
    assert rk.pk  # the first RHK, with its narrative, was never the problem


def test_a_kuantitatif_skp_still_needs_a_kuantitas_iki(skp_kualitatif):
    _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    skp = drafting.ubah_pendekatan(
        skp_kualitatif, oleh=skp_kualitatif.pegawai, pendekatan=Pendekatan.KUANTITATIF
    )
    assert "minimal satu indikator aspek Kuantitas" in " ".join(kekurangan_isi(skp))


# --- Changing it ------------------------------------------------------------------------------


def test_switching_pendekatan_loses_neither_the_iki_nor_the_narrative(cast):
    jadikan_6_2022(cast.periode)
    skp = drafting.mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    rk = tambah_rk(skp, intervensi_teks_bebas="Meningkatnya layanan TIK")
    skp = drafting.ubah_pendekatan(skp, oleh=cast.pegawai, pendekatan=Pendekatan.KUALITATIF)
    drafting.ubah_rencana_kinerja(
        rk,
        oleh=cast.pegawai,
        jenis="utama",
        teks=rk.teks,
        intervensi_teks_bebas="Meningkatnya layanan TIK",
        ukuran_keberhasilan=NARASI,
    )
    skp = drafting.ubah_pendekatan(skp, oleh=cast.pegawai, pendekatan=Pendekatan.KUANTITATIF)
    rk.refresh_from_db()
    assert rk.ukuran_keberhasilan == NARASI and rk.indikator.count() == 1
    assert kekurangan_isi(skp) == []


def test_a_stale_page_does_not_switch_pendekatan(skp_kualitatif):
    with pytest.raises(SkpBerubah):
        drafting.ubah_pendekatan(
            skp_kualitatif,
            oleh=skp_kualitatif.pegawai,
            pendekatan=Pendekatan.KUANTITATIF,
            revisi=skp_kualitatif.revisi + 5,
        )
    assert Skp.objects.get(pk=skp_kualitatif.pk).pendekatan == Pendekatan.KUALITATIF


def test_a_submitted_skp_keeps_its_pendekatan(skp_kualitatif):
    _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    ajukan_skp(skp_kualitatif, oleh=skp_kualitatif.pegawai)
    with pytest.raises(SkpError):
        drafting.ubah_pendekatan(
            Skp.objects.get(pk=skp_kualitatif.pk),
            oleh=skp_kualitatif.pegawai,
            pendekatan=Pendekatan.KUANTITATIF,
        )
    assert Skp.objects.get(pk=skp_kualitatif.pk).pendekatan == Pendekatan.KUALITATIF


def test_only_the_owner_switches_pendekatan(client, cast, skp_kualitatif):
    url = reverse("skp:pendekatan", args=[skp_kualitatif.pk])
    data = {"pendekatan": "kuantitatif", "revisi": skp_kualitatif.revisi}
    client.force_login(cast.atasan_langsung)  # may read it, may not change it
    assert client.post(url, data).status_code == 403
    client.force_login(cast.pegawai_lain)
    assert client.post(url, data).status_code == 404
    assert Skp.objects.get(pk=skp_kualitatif.pk).pendekatan == Pendekatan.KUALITATIF
    client.force_login(cast.pegawai)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Skp.objects.get(pk=skp_kualitatif.pk).pendekatan == Pendekatan.KUANTITATIF


def test_a_garbled_pendekatan_post_changes_nothing(client, cast, skp_kualitatif):
    client.force_login(cast.pegawai)
    url = reverse("skp:pendekatan", args=[skp_kualitatif.pk])
    response = client.post(url, {"pendekatan": "<b>x</b>", "revisi": "0"}, follow=True)
    assert "Pilih pendekatan kuantitatif atau kualitatif." in response.text
    assert Skp.objects.get(pk=skp_kualitatif.pk).pendekatan == Pendekatan.KUALITATIF


# --- What is kept and shown -------------------------------------------------------------------


def test_the_version_keeps_the_narrative_and_the_history_names_the_switch(cast, skp_kualitatif):
    rk = _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    tambah_rk_iki = Indikator(rencana_kinerja=rk, aspek="kuantitas", teks="tersembunyi")
    tambah_rk_iki.save()  # a hidden IKI from an earlier kuantitatif draft
    assert isi_versi(skp_kualitatif)[0]["ukuran_keberhasilan"] == NARASI
    assert isi_versi(skp_kualitatif)[0]["indikator"] == []
    ajukan_skp(skp_kualitatif, oleh=cast.pegawai)
    assert SkpVersi.objects.get(skp=skp_kualitatif).pendekatan == Pendekatan.KUALITATIF
    skp = Skp.objects.get(pk=skp_kualitatif.pk)
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan="Pakai indikator terukur.")
    skp = drafting.ubah_pendekatan(
        Skp.objects.get(pk=skp.pk), oleh=cast.pegawai, pendekatan=Pendekatan.KUANTITATIF
    )
    tambah_rk_iki.delete()
    drafting.tambah_indikator(rk, oleh=cast.pegawai, isian=kuantitas())
    ajukan_skp(Skp.objects.get(pk=skp.pk), oleh=cast.pegawai)
    _, versi = riwayat_skp(skp)
    teks = [p.teks for p in versi[0].perubahan]
    assert teks[0] == "Pendekatan kualitatif menjadi kuantitatif"
    assert any("Jumlah laporan yang tersusun" in t for t in teks)


def test_the_page_shows_the_narrative_the_switch_and_a_narrative_field(client, skp_kualitatif):
    rk = _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    client.force_login(skp_kualitatif.pegawai)
    url = reverse("skp:detail", args=[skp_kualitatif.pk])
    html = client.get(f"{url}?tambah_rk=tambahan").text
    assert (
        "Aplikasi layanan surat daring dipakai seluruh fakultas paling lambat Juni 2026.<br>"
        in html
    )
    assert 'id="pendekatan-kualitatif" value="kualitatif" autocomplete="off" checked' in html
    assert 'name="rk-tambahan-ukuran_keberhasilan"' in html
    assert 'name="rk-tambahan-iki_teks"' not in html
    assert "Tambah indikator" not in html
    pratinjau = client.get(f"{url}?pratinjau=1", HTTP_HX_REQUEST="true").text
    assert "UKURAN KEBERHASILAN / INDIKATOR KINERJA INDIVIDU, DAN TARGET" in pratinjau
    # The preview opens with the 6/2022 form's title lines, instansi and periode penilaian.
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in pratinjau
    assert "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL" in pratinjau
    assert "UNIVERSITAS CONTOH" in pratinjau and "PERIODE PENILAIAN: 1 JANUARI SD" in pratinjau
    assert "ASPEK" not in pratinjau
    assert rk.pk


def test_an_rhk_added_through_the_page_of_a_kualitatif_skp(client, skp_kualitatif):
    client.force_login(skp_kualitatif.pegawai)
    url = reverse("skp:rk_tambah", args=[skp_kualitatif.pk, "utama"])
    data = {
        "rk-utama-teks": "Terselenggaranya layanan surat daring",
        "rk-utama-intervensi_teks_bebas": "Meningkatnya layanan TIK universitas",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Tuliskan ukuran keberhasilan" in response.text
    assert not RencanaKinerja.objects.filter(skp=skp_kualitatif).exists()
    response = client.post(url, {**data, "rk-utama-ukuran_keberhasilan": NARASI})
    assert response.status_code == 302
    assert RencanaKinerja.objects.get(skp=skp_kualitatif).ukuran_keberhasilan == NARASI


def test_the_switch_applies_from_a_page_an_in_place_edit_left_behind(client, skp_kualitatif):
    client.force_login(skp_kualitatif.pegawai)
    url = reverse("skp:detail", args=[skp_kualitatif.pk])
    assert 'name="revisi"' not in client.get(url).text.split('id="skp-pendekatan"')[1][:2000]
    _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)  # an edit that swapped only its card
    response = client.post(
        reverse("skp:pendekatan", args=[skp_kualitatif.pk]),
        {"pendekatan": "kuantitatif"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Pendekatan kuantitatif:" in response.text
    assert Skp.objects.get(pk=skp_kualitatif.pk).pendekatan == Pendekatan.KUANTITATIF


def test_a_second_tabs_narrative_is_shown_back_to_copy_not_lost(client, skp_kualitatif):
    rk = _rhk(skp_kualitatif, ukuran_keberhasilan=NARASI)
    drafting.ubah_rencana_kinerja(
        rk,
        oleh=rk.skp.pegawai,
        jenis="utama",
        teks=rk.teks,
        intervensi_teks_bebas=rk.intervensi_teks_bebas,
        ukuran_keberhasilan="Versi tab A.",
    )
    client.force_login(skp_kualitatif.pegawai)
    p = f"rk-{rk.pk}"
    response = client.post(
        reverse("skp:rk_ubah", args=[skp_kualitatif.pk, rk.pk]),
        {
            f"{p}-jenis": "utama",
            f"{p}-teks": rk.teks,
            f"{p}-intervensi_teks_bebas": rk.intervensi_teks_bebas,
            f"{p}-ukuran_keberhasilan": "TAB B: versi lain\nbaris kedua",
            f"{p}-revisi": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "TAB B: versi lain" in response.text
    assert RencanaKinerja.objects.get(pk=rk.pk).ukuran_keberhasilan == "Versi tab A."


def test_the_history_names_the_lines_a_narrative_gained_and_lost():
    awal = "Seluruh aturan firewall ditinjau setiap bulan.\nSegmentasi VLAN diterapkan."
    kini = (
        "Seluruh aturan firewall ditinjau setiap bulan.\nSegmentasi VLAN diterapkan.\n"
        "Pemindaian kerentanan dilakukan 1 kali setiap triwulan."
    )
    rk = {"id": 1, "jenis": "utama", "teks": "Terjaganya jaringan", "indikator": []}
    [perubahan] = bandingkan_versi(
        [{**rk, "ukuran_keberhasilan": awal}], [{**rk, "ukuran_keberhasilan": kini}]
    )
    assert perubahan.teks == (
        "Ukuran keberhasilan «Terjaganya jaringan»: ditambahkan «Pemindaian kerentanan "
        "dilakukan 1 kali setiap triwulan.»"
    )


def test_the_history_of_a_6_2022_skp_speaks_of_rhk():
    rk = {"id": 2, "jenis": "tambahan", "teks": "Terdokumentasikannya kegiatan", "indikator": []}
    [baru] = bandingkan_versi([], [rk], PERMENPANRB_6_2022.istilah)
    assert (
        baru.teks
        == "Rencana hasil kerja baru (Hasil Kerja Tambahan): «Terdokumentasikannya kegiatan»"
    )
    [hapus] = bandingkan_versi([rk], [], PERMENPANRB_6_2022.istilah)
    assert hapus.teks == "Rencana hasil kerja «Terdokumentasikannya kegiatan»"


def test_an_rhk_text_past_the_cap_says_how_long_it_is_and_keeps_it(client, skp_kualitatif):
    client.force_login(skp_kualitatif.pegawai)
    panjang = "Terselenggaranya " + "layanan " * 300
    response = client.post(
        reverse("skp:rk_tambah", args=[skp_kualitatif.pk, "utama"]),
        {
            "rk-utama-teks": panjang,
            "rk-utama-intervensi_teks_bebas": "Meningkatnya layanan TIK",
            "rk-utama-ukuran_keberhasilan": NARASI,
        },
    )
    assert response.status_code == 200
    assert f"Paling banyak 2000 karakter (saat ini {len(panjang.strip())})" in response.text
    assert "layanan layanan" in response.text  # what was typed stays in the form
    assert not RencanaKinerja.objects.filter(skp=skp_kualitatif).exists()
