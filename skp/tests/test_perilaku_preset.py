"""The admin kepegawaian's presets of Ekspektasi Khusus Pimpinan (/perilaku/preset/): only the
admin reaches the page; add, edit, delete and reorder per value, each audited; bad input comes
back with its message and nothing written; an expectation written from a preset keeps its
text when the preset changes or goes."""

import pytest

from accounts.models import AuditLog
from skp.models import PresetEkspektasi, Skp
from skp.services.perilaku import tambah_preset, tulis_ekspektasi
from skp.tests.bantuan_perilaku import jadikan_6_2022

DAFTAR = "/perilaku/preset/"
TEKS = "Hadir dan menyelesaikan tiket layanan sesuai SLA setiap hari kerja."


def _isi(nilai):
    return list(PresetEkspektasi.objects.filter(nilai=nilai).values_list("teks", flat=True))


def _preset(cast, nilai="akuntabel", teks=TEKS):
    return tambah_preset(oleh=cast.admin, nilai=nilai, teks=teks)


@pytest.mark.parametrize(
    "siapa", ["pegawai", "pegawai_lain", "atasan_langsung", "atasan_penilai", "atasan_lain"]
)
def test_only_the_admin_kepegawaian_reaches_the_presets(client, cast, siapa):
    preset = _preset(cast)
    client.force_login(getattr(cast, siapa))
    assert client.get(DAFTAR).status_code == 403
    for url, data in [
        ("/perilaku/preset/tambah/", {"nilai": "loyal", "teks": TEKS}),
        (f"/perilaku/preset/{preset.pk}/ubah/", {"nilai": "loyal", "teks": "Lain"}),
        (f"/perilaku/preset/{preset.pk}/hapus/", {}),
        (f"/perilaku/preset/{preset.pk}/pindah/", {"arah": "turun"}),
        ("/perilaku/preset/999999/hapus/", {}),  # 403 before any lookup: no existence oracle
    ]:
        assert client.post(url, data).status_code == 403, url
    assert _isi("akuntabel") == [TEKS] and not _isi("loyal")
    assert "Preset Perilaku" not in client.get("/").text


def test_anonymous_is_sent_to_login_and_get_on_a_post_url_is_405(client, cast):
    response = client.get(DAFTAR)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(cast.admin)
    assert client.get("/perilaku/preset/tambah/").status_code == 405
    assert client.get(f"/perilaku/preset/{_preset(cast).pk}/hapus/").status_code == 405
    assert client.post("/perilaku/preset/999999/hapus/").status_code == 404


def test_the_admin_adds_presets_per_value_in_order_and_each_is_audited(client, cast):
    client.force_login(cast.admin)
    page = client.get(DAFTAR).text
    assert "Preset Perilaku" in page  # in the menu
    assert page.count("Belum ada preset untuk nilai ini.") == 7
    teks = "Melayani permintaan akun dalam satu hari kerja.\nMenjawab keluhan dengan ramah."
    for isi in (teks.replace("\n", "\r\n"), "Memperbaiki SOP layanan tiap semester."):
        response = client.post(
            "/perilaku/preset/tambah/", {"nilai": "berorientasi_pelayanan", "teks": isi}
        )
        assert response.status_code == 302
        assert response["Location"] == f"{DAFTAR}#nilai-berorientasi_pelayanan"
    assert _isi("berorientasi_pelayanan") == [teks, "Memperbaiki SOP layanan tiap semester."]
    audit = AuditLog.objects.filter(aksi="skp.perilaku.preset.tambah")
    assert audit.count() == 2 and {a.aktor for a in audit} == {cast.admin}
    page = client.get(DAFTAR).text
    assert "satu hari kerja.<br>Menjawab keluhan" in page
    assert page.count("Belum ada preset untuk nilai ini.") == 6


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"nilai": "akuntabel", "teks": "  \r\n "}, "Tuliskan teks preset ekspektasi."),
        ({"nilai": "", "teks": TEKS}, "Pilih nilai BerAKHLAK untuk preset ini."),
        ({"nilai": "integritas", "teks": TEKS}, "Pilih salah satu dari tujuh nilai BerAKHLAK."),
        (
            {"nilai": "akuntabel", "teks": "x" * 1001},
            "paling banyak 1.000 karakter; isian ini 1.001 karakter",
        ),
    ],
)
def test_bad_input_comes_back_with_the_message_and_nothing_is_added(client, cast, data, pesan):
    client.force_login(cast.admin)
    audit = AuditLog.objects.count()
    response = client.post("/perilaku/preset/tambah/", data)
    assert response.status_code == 200 and pesan in response.text
    assert not PresetEkspektasi.objects.exists() and AuditLog.objects.count() == audit


def test_the_admin_edits_a_preset_and_moving_it_to_another_value_puts_it_last(client, cast):
    lama = _preset(cast, "loyal", "Menjaga rahasia jabatan.")
    preset = _preset(cast)
    client.force_login(cast.admin)
    url = f"/perilaku/preset/{preset.pk}/ubah/"
    assert TEKS in client.get(url).text
    response = client.post(url, {"nilai": "loyal", "teks": "Menjaga nama baik instansi."})
    assert response.status_code == 302 and response["Location"].endswith(f"#preset-{preset.pk}")
    assert _isi("loyal") == ["Menjaga rahasia jabatan.", "Menjaga nama baik instansi."]
    assert not _isi("akuntabel")
    audit = AuditLog.objects.get(aksi="skp.perilaku.preset.ubah")
    assert audit.data["sebelum"] == {"nilai": "akuntabel", "teks": TEKS}
    bad = client.post(url, {"nilai": "loyal", "teks": ""})
    assert bad.status_code == 200 and "Tuliskan teks preset ekspektasi." in bad.text
    assert lama.pk and _isi("loyal")[1] == "Menjaga nama baik instansi."


def test_the_admin_reorders_and_deletes_presets_each_audited(client, cast):
    a, b, c = (_preset(cast, teks=t) for t in ("Satu.", "Dua.", "Tiga."))
    client.force_login(cast.admin)
    assert client.post(f"/perilaku/preset/{c.pk}/pindah/", {"arah": "naik"}).status_code == 302
    assert _isi("akuntabel") == ["Satu.", "Tiga.", "Dua."]
    client.post(f"/perilaku/preset/{a.pk}/pindah/", {"arah": "naik"})  # already first
    assert _isi("akuntabel") == ["Satu.", "Tiga.", "Dua."]
    assert AuditLog.objects.filter(aksi="skp.perilaku.preset.pindah").count() == 1
    response = client.post(f"/perilaku/preset/{b.pk}/hapus/")
    assert response.status_code == 302
    assert _isi("akuntabel") == ["Satu.", "Tiga."]
    assert AuditLog.objects.get(aksi="skp.perilaku.preset.hapus").data["teks"] == "Dua."
    assert client.post(f"/perilaku/preset/{b.pk}/hapus/").status_code == 404  # double click


def test_an_expectation_written_from_a_preset_keeps_its_text(client, cast, skp):
    jadikan_6_2022(cast.periode)
    preset = _preset(cast)
    skp = Skp.objects.get(pk=skp.pk)
    e = tulis_ekspektasi(skp, oleh=cast.atasan_langsung, nilai="akuntabel", teks=preset.teks)
    client.force_login(cast.admin)
    client.post(f"/perilaku/preset/{preset.pk}/ubah/", {"nilai": "akuntabel", "teks": "Baru."})
    client.post(f"/perilaku/preset/{preset.pk}/hapus/")
    e.refresh_from_db()
    assert e.teks == TEKS
