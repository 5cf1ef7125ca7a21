"""The admin kepegawaian's presets page of the Lampiran SKP (issue 15): only the admin reaches
it; presets are added, edited, reordered and deleted, each audited; bad input comes back with
the message and nothing written; a stale edit is refused with the current content."""

import uuid

from django.urls import reverse
import pytest

from accounts.models import AuditLog
from skp.models import ButirLampiran, PresetLampiran
from skp.services.drafting import mulai_skp
from skp.tests.bantuan_lampiran import DSD, KONSEKUENSI, SKEMA, jadikan_6_2022, preset

DAFTAR = "/lampiran/preset/"


def _tambah(client, teks, jenis=DSD, bawaan=False, kunci=None):
    data = {"jenis": jenis, "teks": teks, "kunci_kirim": str(kunci or uuid.uuid4())}
    if bawaan:
        data["is_bawaan"] = "on"
    return client.post(reverse("skp:preset_lampiran_tambah"), data)


def _urutan(jenis=DSD) -> list[str]:
    return list(
        PresetLampiran.objects.filter(jenis=jenis)
        .order_by("urutan", "pk")
        .values_list("teks", flat=True)
    )


@pytest.fixture
def p(cast):
    return preset(cast.admin, DSD, "Anggaran DIPA unit kerja")


def test_only_the_admin_kepegawaian_reaches_the_presets(client, cast, p):
    urls_post = [
        (reverse("skp:preset_lampiran_tambah"), {"jenis": DSD, "teks": "X"}),
        (reverse("skp:preset_lampiran_ubah", args=[p.pk]), {"teks": "X", "revisi": "0"}),
        (reverse("skp:preset_lampiran_hapus", args=[p.pk]), {}),
        (reverse("skp:preset_lampiran_pindah", args=[p.pk]), {"arah": "naik"}),
    ]
    assert "/accounts/login/" in client.get(DAFTAR)["Location"]
    for orang in (cast.pegawai, cast.atasan_langsung, cast.atasan_penilai):
        client.force_login(orang)
        assert client.get(DAFTAR).status_code == 403
        assert client.get(reverse("skp:preset_lampiran_ubah", args=[p.pk])).status_code == 403
        for url, data in urls_post:
            assert client.post(url, data).status_code == 403, url
    client.force_login(cast.admin)
    page = client.get(DAFTAR)
    assert page.status_code == 200 and "Anggaran DIPA unit kerja" in page.text
    assert 'href="/lampiran/preset/"' in page.text  # the menu names the page
    for url, _ in urls_post[2:]:
        assert client.get(url).status_code == 405
    assert client.get(reverse("skp:preset_lampiran_ubah", args=[p.pk + 99])).status_code == 404
    assert _urutan() == ["Anggaran DIPA unit kerja"]
    assert not AuditLog.objects.filter(aksi__startswith="skp.preset_lampiran.", aktor=cast.pegawai)
    client.force_login(cast.pegawai)
    assert 'href="/lampiran/preset/"' not in client.get("/").text


def test_the_admin_adds_edits_reorders_and_deletes_presets(client, cast, p):
    client.force_login(cast.admin)
    response = _tambah(client, "Akses server UPT TIK", bawaan=True)
    baru = PresetLampiran.objects.get(teks="Akses server UPT TIK")
    assert response.status_code == 302 and response["Location"].endswith(f"#preset-{baru.pk}")
    assert baru.is_bawaan and _urutan() == ["Anggaran DIPA unit kerja", "Akses server UPT TIK"]
    halaman = client.get(DAFTAR).text
    assert "Preset Dukungan Sumber Daya ditambahkan." in halaman and "isian awal" in halaman

    url = reverse("skp:preset_lampiran_ubah", args=[p.pk])
    form = client.get(url).text
    assert "Anggaran DIPA unit kerja</textarea>" in form and 'name="revisi" value="0"' in form
    data = {"teks": "Anggaran BLU", "is_bawaan": "on", "revisi": "0"}
    assert client.post(url, data).status_code == 302
    p.refresh_from_db()
    assert (p.teks, p.is_bawaan, p.revisi) == ("Anggaran BLU", True, 1)

    pindah = client.post(reverse("skp:preset_lampiran_pindah", args=[baru.pk]), {"arah": "naik"})
    assert pindah.status_code == 302
    assert _urutan() == ["Akses server UPT TIK", "Anggaran BLU"]

    assert client.post(reverse("skp:preset_lampiran_hapus", args=[baru.pk])).status_code == 302
    assert _urutan() == ["Anggaran BLU"]
    again = client.post(reverse("skp:preset_lampiran_hapus", args=[baru.pk]), follow=True)
    assert "sudah dihapus di tab atau perangkat lain" in again.text
    aksi = set(
        AuditLog.objects.filter(
            aksi__startswith="skp.preset_lampiran.", aktor=cast.admin
        ).values_list("aksi", flat=True)
    )
    assert aksi == {
        "skp.preset_lampiran.tambah",
        "skp.preset_lampiran.ubah",
        "skp.preset_lampiran.pindah",
        "skp.preset_lampiran.hapus",
    }


@pytest.mark.parametrize(
    ("teks", "jenis", "pesan"),
    [
        ("  ", DSD, "Tuliskan isi butir lampiran"),
        ("z" * 1001, DSD, "paling banyak 1.000 karakter"),
        ("Anggaran DIPA unit kerja", DSD, "Preset ini sudah ada di daftar Dukungan Sumber Daya."),
        ("Apa saja", "lainnya", "Pilih daftar lampiran: Dukungan Sumber Daya"),
    ],
)
def test_bad_input_comes_back_with_the_message_and_nothing_is_written(
    client, cast, p, teks, jenis, pesan
):
    client.force_login(cast.admin)
    audit = AuditLog.objects.count()
    response = _tambah(client, teks, jenis)
    assert response.status_code == 200 and pesan in response.text
    if jenis == DSD and teks != p.teks:  # the edit form has no list to choose, nor a twin
        edit = client.post(
            reverse("skp:preset_lampiran_ubah", args=[p.pk]), {"teks": teks, "revisi": "0"}
        )
        assert edit.status_code == 200 and pesan in edit.text
    assert PresetLampiran.objects.count() == 1 and _urutan() == ["Anggaran DIPA unit kerja"]
    assert AuditLog.objects.count() == audit


def test_a_stale_edit_is_refused_with_the_current_content(client, cast, p):
    client.force_login(cast.admin)
    url = reverse("skp:preset_lampiran_ubah", args=[p.pk])
    assert client.post(url, {"teks": "Versi tab satu", "revisi": "0"}).status_code == 302
    kedua = client.post(url, {"teks": "Versi tab dua", "revisi": "0"})
    assert kedua.status_code == 409 and "sudah diubah di tab atau perangkat lain" in kedua.text
    assert "Versi tab satu</textarea>" in kedua.text and "Versi tab dua" in kedua.text
    assert _urutan() == ["Versi tab satu"]


def test_a_double_submitted_add_form_adds_one_preset(client, cast):
    client.force_login(cast.admin)
    kunci = uuid.uuid4()
    for _ in range(2):
        assert _tambah(client, "Laporan bulanan", SKEMA, kunci=kunci).status_code == 302
    assert _urutan(SKEMA) == ["Laporan bulanan"]


def test_deleting_a_preset_keeps_the_items_skps_took_from_it(client, cast):
    jadikan_6_2022(cast.periode)
    dipakai = preset(cast.admin, KONSEKUENSI, "Dasar tunjangan kinerja", bawaan=True)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    client.force_login(cast.admin)
    assert client.post(reverse("skp:preset_lampiran_hapus", args=[dipakai.pk])).status_code == 302
    assert list(ButirLampiran.objects.filter(skp=skp).values_list("teks", flat=True)) == [
        "Dasar tunjangan kinerja"
    ]
