"""People without a spreadsheet (issue 16.3): add one pegawai by a form with the import's
rules, a mutasi with its effective date that the running periode's atasan follow, a status
change that deactivates, and atasan chosen by a search on name or NIP."""

import datetime

from django.urls import reverse
import pytest

from accounts.models import AuditLog, JenisRiwayat, Pegawai, RiwayatPegawai, StatusKepegawaian
from accounts.tests.factories import buat_pegawai, nip_baru
from periode.models import Supervisi, today_local

pytestmark = pytest.mark.django_db


def masuk(client, pegawai):
    client.force_login(pegawai)
    return client


def _baru(cast, **lain) -> dict:
    return {
        "nip": "19900215 201801 2 003",
        "jenis_asn": "PNS",
        "nama": "Ni Made Sari",
        "gelar_belakang": "S.Kom.",
        "golongan": "Penata Muda Tk. I, III/b",
        "jabatan": "Pranata Komputer Ahli Pertama",
        "jenis_jabatan": "fungsional",
        "jenjang": "ahli_pertama",
        "unit_kerja": str(cast.unit_a.pk),
        "email": "sari@contoh.example",
        **lain,
    }


# ---- Tambah pegawai ------------------------------------------------------------------------


def test_admin_adds_one_pegawai_under_the_head_of_her_unit(client, cast):
    masuk(client, cast.admin)
    response = client.post(reverse("kepegawaian:pegawai_tambah"), _baru(cast))
    pegawai = Pegawai.objects.get(nip="199002152018012003")
    assert response.status_code == 302
    assert response["Location"] == reverse("kepegawaian:pegawai_detail", args=[pegawai.nip])
    assert (pegawai.golongan, pegawai.jenjang, pegawai.unit_kerja) == (
        "III/b",
        "ahli_pertama",
        cast.unit_a,
    )
    assert not pegawai.has_usable_password()
    supervisi = Supervisi.objects.get(pegawai=pegawai, periode=cast.periode)
    # No atasan typed: the kepala of Unit A, and the kepala's own atasan as atasan penilai.
    assert supervisi.atasan_langsung == cast.atasan_langsung
    assert supervisi.atasan_penilai == cast.atasan_penilai
    log = AuditLog.objects.get(aksi="pegawai.tambah")
    assert log.aktor == cast.admin and log.objek_id == str(pegawai.pk)


def test_the_atasan_chosen_in_the_search_box_wins_over_the_unit_head(client, cast):
    masuk(client, cast.admin)
    client.post(
        reverse("kepegawaian:pegawai_tambah"),
        _baru(cast, atasan_langsung=f"{cast.atasan_lain.nip} — {cast.atasan_lain.nama_lengkap}"),
    )
    supervisi = Supervisi.objects.get(pegawai__nip="199002152018012003")
    assert supervisi.atasan_langsung == cast.atasan_lain
    assert supervisi.atasan_penilai == cast.atasan_penilai  # atasan_lain's own atasan


@pytest.mark.parametrize(
    ("ubah", "field", "pesan"),
    [
        ({"nip": "19900215201813 2 003"}, "nip", "Bila pegawai ini PPPK, pilih Jenis ASN PPPK."),
        ({"nip": "1990021520180120"}, "nip", "NIP harus 18 angka"),
        ({"golongan": "IX"}, "golongan", "Bila pegawai ini PPPK, pilih Jenis ASN PPPK."),
        ({"jenis_jabatan": "pelaksana"}, "jenjang", "hanya diisi untuk jabatan Fungsional"),
        ({"unit_kerja": ""}, "unit_kerja", ""),
        ({"atasan_langsung": "Tidak Ada Orangnya"}, "atasan_langsung", "tidak cocok"),
    ],
)
def test_a_bad_new_pegawai_comes_back_with_the_message_and_nothing_is_written(
    client, cast, ubah, field, pesan
):
    masuk(client, cast.admin)
    sebelum = Pegawai.objects.count()
    response = client.post(reverse("kepegawaian:pegawai_tambah"), _baru(cast, **ubah))
    assert response.status_code == 200
    assert pesan in " ".join(response.context["form"].errors[field])
    assert Pegawai.objects.count() == sebelum
    assert not AuditLog.objects.filter(aksi="pegawai.tambah").exists()


def test_a_nip_typed_with_the_apostrophe_the_import_recommends_is_accepted(client, cast):
    masuk(client, cast.admin)
    client.post(reverse("kepegawaian:pegawai_tambah"), _baru(cast, nip="'199002152018012003"))
    assert Pegawai.objects.filter(nip="199002152018012003").exists()


def test_a_nip_already_in_the_roster_names_its_owner(client, cast):
    masuk(client, cast.admin)
    response = client.post(reverse("kepegawaian:pegawai_tambah"), _baru(cast, nip=cast.pegawai.nip))
    assert (
        "sudah terdaftar atas nama Pegawai Satu, S.Kom."
        in response.context["form"].errors["nip"][0]
    )


def test_a_pppk_is_added_with_the_ni_pppk_and_a_roman_golongan(client, cast):
    masuk(client, cast.admin)
    client.post(
        reverse("kepegawaian:pegawai_tambah"),
        _baru(cast, nip="199002152024211003", jenis_asn="PPPK", golongan="ix"),
    )
    pegawai = Pegawai.objects.get(nip="199002152024211003")
    assert (pegawai.jenis_asn, pegawai.golongan) == ("PPPK", "IX")


@pytest.mark.parametrize("peran", ["pegawai", "atasan_langsung"])
def test_only_the_admin_kepegawaian_adds_pegawai(client, cast, peran):
    masuk(client, getattr(cast, peran))
    assert client.get(reverse("kepegawaian:pegawai_tambah")).status_code == 403
    assert client.post(reverse("kepegawaian:pegawai_tambah"), _baru(cast)).status_code == 403
    assert not Pegawai.objects.filter(nip="199002152018012003").exists()


def test_anonymous_is_sent_to_login(client, cast):
    response = client.get(reverse("kepegawaian:pegawai_tambah"))
    assert response.status_code == 302 and "login" in response["Location"]


# ---- Search --------------------------------------------------------------------------------


def test_the_search_offers_active_pegawai_by_name_with_their_unit_path(client, cast):
    buat_pegawai("Pegawai Pensiun", unit_kerja=cast.unit_a, status_kepegawaian="nonaktif")
    masuk(client, cast.admin)
    response = client.get(
        reverse("kepegawaian:pegawai_cari"),
        {"untuk": "atasan_langsung", "atasan_langsung": "pegawai"},
    )
    html = response.content.decode()
    assert f'value="{cast.pegawai.nip} — Pegawai Satu, S.Kom."' in html
    assert "Universitas Contoh &gt; Unit A" in html
    assert "Pegawai Pensiun" not in html


def test_the_search_answers_nothing_for_a_strange_field_name_or_one_letter(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_cari")
    assert client.get(url, {"untuk": "<x>", "<x>": "pegawai"}).content.strip() == b""
    assert client.get(url, {"untuk": "q", "q": "p"}).content.strip() == b""


def test_the_search_is_for_the_admin_only(client, cast):
    masuk(client, cast.pegawai)
    assert (
        client.get(reverse("kepegawaian:pegawai_cari"), {"untuk": "q", "q": "Atasan"}).status_code
        == 403
    )


def test_the_supervision_page_takes_a_name_from_the_search(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:supervisi_ubah", args=[cast.pegawai.nip, cast.periode.tahun])
    page = client.get(url).content.decode()
    assert 'list="opsi-atasan_langsung"' in page and '<datalist id="opsi-atasan_langsung">' in page
    assert f'value="{cast.atasan_langsung.nip} — Atasan Langsung"' in page
    client.post(url, {"atasan_langsung": "Atasan Lain"})
    assert Supervisi.objects.get(pegawai=cast.pegawai).atasan_langsung == cast.atasan_lain


# ---- Mutasi --------------------------------------------------------------------------------


def _mutasi(cast, **lain) -> dict:
    return {
        "tanggal_berlaku": f"{today_local():%Y-%m-%d}",
        "unit_kerja": str(cast.unit_b.pk),
        "jabatan": "Analis Sistem Informasi",
        "jenis_jabatan": "pelaksana",
        "keterangan": "SK Rektor 123/UN48/KP/2026",
        **lain,
    }


def test_a_mutasi_moves_the_pegawai_and_the_running_periode_follows(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai.nip])
    response = client.post(url, _mutasi(cast))
    assert response.status_code == 302
    cast.pegawai.refresh_from_db()
    assert (cast.pegawai.unit_kerja, cast.pegawai.jabatan) == (
        cast.unit_b,
        "Analis Sistem Informasi",
    )
    assert cast.pegawai.jenjang == ""  # a Pelaksana has none
    supervisi = Supervisi.objects.get(pegawai=cast.pegawai, periode=cast.periode)
    assert (supervisi.atasan_langsung, supervisi.atasan_penilai) == (
        cast.atasan_lain,
        cast.atasan_penilai,
    )
    riwayat = RiwayatPegawai.objects.get(pegawai=cast.pegawai)
    assert riwayat.jenis == JenisRiwayat.MUTASI and riwayat.tanggal_berlaku == today_local()
    assert riwayat.sebelum["unit_kerja"] == "Universitas Contoh > Unit A"
    assert riwayat.sesudah["jabatan"] == "Analis Sistem Informasi"
    log = AuditLog.objects.get(aksi="pegawai.mutasi")
    assert log.data["perubahan"]["unit_kerja"] == [
        "Universitas Contoh > Unit A",
        "Universitas Contoh > Unit B",
    ]
    assert AuditLog.objects.filter(aksi="supervisi.tetapkan", aktor=cast.admin).exists()
    detail = client.get(
        reverse("kepegawaian:pegawai_detail", args=[cast.pegawai.nip])
    ).content.decode()
    assert "Riwayat jabatan dan status" in detail and "SK Rektor 123/UN48/KP/2026" in detail


def test_a_mutasi_of_an_earlier_year_leaves_the_running_periode_alone(client, cast):
    masuk(client, cast.admin)
    tanggal = datetime.date(cast.periode.tahun - 1, 7, 1)
    client.post(
        reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai.nip]),
        _mutasi(cast, tanggal_berlaku=f"{tanggal:%Y-%m-%d}"),
    )
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.unit_kerja == cast.unit_b
    assert Supervisi.objects.get(pegawai=cast.pegawai).atasan_langsung == cast.atasan_langsung


@pytest.mark.parametrize(
    ("ubah", "field", "pesan"),
    [
        ({"tanggal_berlaku": "2999-01-01"}, "tanggal_berlaku", "tidak boleh sesudah hari ini"),
        (
            {
                "unit_kerja": "__sama__",
                "jabatan": "Pranata Komputer",
                "jenis_jabatan": "fungsional",
            },
            None,
            "tidak ada mutasi",
        ),
        ({"jenjang": "ahli_muda"}, "jenjang", "hanya diisi untuk jabatan Fungsional"),
        ({"atasan_langsung": "__diri__"}, "atasan_langsung", "dirinya sendiri"),
        ({"tanggal_berlaku": "kemarin"}, "tanggal_berlaku", "TTTT-BB-HH"),
    ],
)
def test_a_bad_mutasi_comes_back_with_the_message_and_nothing_moves(
    client, cast, ubah, field, pesan
):
    if ubah.get("unit_kerja") == "__sama__":
        ubah["unit_kerja"] = str(cast.unit_a.pk)
    if ubah.get("atasan_langsung") == "__diri__":
        ubah["atasan_langsung"] = cast.pegawai.nip
    masuk(client, cast.admin)
    response = client.post(
        reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai.nip]), _mutasi(cast, **ubah)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert pesan in " ".join(errors[field] if field else errors["__all__"])
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.unit_kerja == cast.unit_a
    assert not RiwayatPegawai.objects.exists()
    assert not AuditLog.objects.filter(aksi="pegawai.mutasi").exists()
    assert Supervisi.objects.get(pegawai=cast.pegawai).atasan_langsung == cast.atasan_langsung


def test_a_mutasi_cannot_be_dated_before_the_last_one(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai.nip])
    client.post(url, _mutasi(cast))
    kemarin = today_local() - datetime.timedelta(days=1)
    response = client.post(
        url, _mutasi(cast, unit_kerja=str(cast.unit_a.pk), tanggal_berlaku=f"{kemarin:%Y-%m-%d}")
    )
    assert "tidak boleh sebelum itu" in response.context["form"].errors["tanggal_berlaku"][0]
    assert RiwayatPegawai.objects.count() == 1


def test_a_unit_without_a_head_anywhere_above_asks_for_the_atasan(client, cast):
    from accounts.tests.factories import buat_unit

    lepas = buat_unit("Lembaga Lepas")
    masuk(client, cast.admin)
    response = client.post(
        reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai.nip]),
        _mutasi(cast, unit_kerja=str(lepas.pk)),
    )
    assert "belum memiliki kepala" in response.context["form"].errors["atasan_langsung"][0]
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.unit_kerja == cast.unit_a  # the whole mutasi rolled back
    assert not RiwayatPegawai.objects.exists()


def test_an_admin_cannot_record_a_mutasi_of_another_admin(client, cast):
    admin_lain = buat_pegawai("Admin Lain", unit_kerja=cast.unit_a, is_admin_kepegawaian=True)
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_mutasi", args=[admin_lain.nip])
    assert client.get(url).status_code == 403
    assert client.post(url, _mutasi(cast)).status_code == 403
    assert not RiwayatPegawai.objects.exists()


def test_a_pegawai_cannot_reach_the_mutasi_page(client, cast):
    masuk(client, cast.pegawai)
    url = reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai_lain.nip])
    assert client.post(url, _mutasi(cast)).status_code == 403
    assert reverse(
        "kepegawaian:pegawai_mutasi", args=[nip_baru()]
    )  # unknown NIP: 404 for the admin
    masuk(client, cast.admin)
    assert client.get(reverse("kepegawaian:pegawai_mutasi", args=[nip_baru()])).status_code == 404


# ---- Status --------------------------------------------------------------------------------


def _status(**lain) -> dict:
    return {
        "status": "tugas_belajar",
        "tanggal_berlaku": f"{today_local():%Y-%m-%d}",
        "boleh_masuk": "on",
        "keterangan": "SK Rektor 45/UN48/KP/2026",
        **lain,
    }


def test_tugas_belajar_keeps_the_login_and_takes_the_pegawai_off_the_skp_list(client, cast):
    masuk(client, cast.admin)
    client.post(reverse("kepegawaian:pegawai_status", args=[cast.pegawai.nip]), _status())
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.status_kepegawaian == StatusKepegawaian.TUGAS_BELAJAR
    assert cast.pegawai.is_active
    assert not Pegawai.objects.wajib_skp(cast.periode).filter(pk=cast.pegawai.pk).exists()
    log = AuditLog.objects.get(aksi="pegawai.status")
    assert log.data["perubahan"]["status"] == ["Aktif", "Tugas Belajar"]
    assert log.data["keterangan"] == "SK Rektor 45/UN48/KP/2026"


def test_nonaktif_always_closes_the_login_and_aktif_opens_it_again(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_status", args=[cast.pegawai.nip])
    client.post(url, _status(status="nonaktif"))  # boleh_masuk ticked, but Nonaktif wins
    cast.pegawai.refresh_from_db()
    assert (cast.pegawai.status_kepegawaian, cast.pegawai.is_active) == ("nonaktif", False)
    client.post(url, _status(status="aktif", boleh_masuk=""))
    cast.pegawai.refresh_from_db()
    assert (cast.pegawai.status_kepegawaian, cast.pegawai.is_active) == ("aktif", True)
    assert RiwayatPegawai.objects.filter(jenis=JenisRiwayat.STATUS).count() == 2


def test_deactivating_a_head_says_what_is_left_to_settle(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_status", args=[cast.atasan_langsung.nip])
    halaman = client.get(url).content.decode()
    assert "masih tercatat sebagai kepala Unit A" in halaman
    response = client.post(url, _status(status="mpp"), follow=True)
    pesan = [str(m) for m in response.context["messages"]]
    assert any("1 pegawai beratasan langsung Atasan Langsung" in p for p in pesan)


@pytest.mark.parametrize(
    ("ubah", "field", "pesan"),
    [
        ({"keterangan": ""}, "keterangan", "Tuliskan dasar perubahan status"),
        ({"status": "aktif"}, "status", "Pilih"),  # the current status is not offered
        ({"tanggal_berlaku": "2999-12-31"}, "tanggal_berlaku", "tidak boleh sesudah hari ini"),
    ],
)
def test_a_bad_status_change_comes_back_with_the_message_and_changes_nothing(
    client, cast, ubah, field, pesan
):
    masuk(client, cast.admin)
    response = client.post(
        reverse("kepegawaian:pegawai_status", args=[cast.pegawai.nip]), _status(**ubah)
    )
    assert response.status_code == 200
    assert pesan in " ".join(response.context["form"].errors[field])
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.status_kepegawaian == "aktif" and cast.pegawai.is_active
    assert not RiwayatPegawai.objects.exists()


def test_the_admin_cannot_deactivate_herself(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_status", args=[cast.admin.nip])
    assert client.post(url, _status(status="nonaktif")).status_code == 403
    cast.admin.refresh_from_db()
    assert cast.admin.is_active


def test_the_edit_form_no_longer_changes_the_status_in_passing(client, cast):
    masuk(client, cast.admin)
    page = client.get(reverse("kepegawaian:pegawai_ubah", args=[cast.pegawai.nip])).content.decode()
    assert 'name="status_kepegawaian"' not in page
    assert reverse("kepegawaian:pegawai_status", args=[cast.pegawai.nip]) in page


def test_the_superuser_is_marked_as_a_system_account_in_the_list(client, cast):
    su = Pegawai.objects.create_superuser(nip_baru(), "x", nama="Pengelola Sistem")
    client.force_login(su)
    page = client.get(reverse("kepegawaian:pegawai_daftar"), {"q": "Pengelola"}).content.decode()
    assert "akun sistem" in page
