import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
import pytest

from accounts.models import AuditLog, Pegawai
from accounts.tests.factories import buat_pegawai, nip_baru
from periode.models import Supervisi
from periode.tests.roster_files import baris, xlsx


def masuk(client, pegawai):
    client.force_login(pegawai)
    return client


def urls(cast):
    nip, tahun = cast.pegawai.nip, cast.periode.tahun
    return [
        reverse("kepegawaian:pegawai_daftar"),
        reverse("kepegawaian:pegawai_detail", args=[nip]),
        reverse("kepegawaian:pegawai_ubah", args=[nip]),
        reverse("kepegawaian:supervisi_ubah", args=[nip, tahun]),
        reverse("kepegawaian:unit_daftar"),
        reverse("kepegawaian:roster_impor"),
        reverse("kepegawaian:roster_ekspor", args=[tahun]),
        reverse("kepegawaian:roster_templat"),
    ]


def test_anonymous_is_sent_to_login(client, cast):
    for url in urls(cast):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("siapa", ["pegawai", "atasan_langsung", "atasan_penilai"])
def test_staff_who_are_not_admin_get_403_everywhere(client, cast, siapa):
    masuk(client, getattr(cast, siapa))
    for url in urls(cast):
        assert client.get(url).status_code == 403, url


def test_admin_and_superuser_can_open_every_page(client, cast):
    superuser = buat_pegawai("Super", is_superuser=True)
    for pegawai in (cast.admin, superuser):
        masuk(client, pegawai)
        for url in urls(cast):
            assert client.get(url).status_code == 200, url


def test_unknown_pegawai_or_periode_is_404_for_the_admin(client, cast):
    masuk(client, cast.admin)
    assert (
        client.get(reverse("kepegawaian:pegawai_detail", args=["199901012020011001"])).status_code
        == 404
    )
    url = reverse("kepegawaian:supervisi_ubah", args=[cast.pegawai.nip, 1999])
    assert client.get(url).status_code == 404


def test_post_only_urls_refuse_get(client, cast):
    masuk(client, cast.admin)
    assert client.get(reverse("kepegawaian:roster_terapkan", args=["abc"])).status_code == 405
    assert client.get(reverse("kepegawaian:roster_batal", args=["abc"])).status_code == 405


def test_list_searches_by_nip_with_spaces_and_by_name(client, cast):
    masuk(client, cast.admin)
    nip = cast.pegawai.nip
    response = client.get(
        reverse("kepegawaian:pegawai_daftar"), {"q": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"}
    )
    assert list(response.context["halaman"]) == [cast.pegawai]
    response = client.get(reverse("kepegawaian:pegawai_daftar"), {"q": "pegawai lain"})
    assert list(response.context["halaman"]) == [cast.pegawai_lain]


def test_list_filters_by_unit_subtree_status_and_jenis(client, cast):
    masuk(client, cast.admin)
    response = client.get(reverse("kepegawaian:pegawai_daftar"), {"unit": cast.unit_b.pk})
    assert set(response.context["halaman"]) == {cast.atasan_lain, cast.pegawai_lain}
    response = client.get(reverse("kepegawaian:pegawai_daftar"), {"status": "cltn"})
    assert list(response.context["halaman"]) == []
    response = client.get(reverse("kepegawaian:pegawai_daftar"), {"jenis_jabatan": "fungsional"})
    assert response.context["halaman"].paginator.count == 6


def test_list_query_count_does_not_grow_with_rows(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_daftar")
    client.get(url)
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    for _ in range(30):
        pegawai = buat_pegawai(unit_kerja=cast.unit_a)
        Supervisi.objects.create(
            pegawai=pegawai, periode=cast.periode, atasan_langsung=cast.atasan_langsung
        )
    with CaptureQueriesContext(connection) as banyak:
        response = client.get(url)
    assert len(response.context["halaman"]) == 36
    assert len(banyak) == len(sedikit)


def test_unit_tree_query_count_does_not_grow_with_units(client, cast):
    from accounts.tests.factories import buat_unit

    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_daftar")
    client.get(url)  # warm: the menu's roles are remembered from the first page on
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    for i in range(10):
        buat_unit(f"Sub {i}", cast.unit_a)
    with CaptureQueriesContext(connection) as banyak:
        response = client.get(url)
    assert [u.nama for u in response.context["pohon"]][:3] == [
        "Universitas Contoh",
        "Unit A",
        "Sub 0",
    ]
    assert len(banyak) == len(sedikit)


def test_admin_edits_a_pegawai_and_the_change_is_audited(client, cast):
    masuk(client, cast.admin)
    data = {
        "nama": "Pegawai  Satu",
        "gelar_belakang": "S.Kom., M.T.",
        "jenis_asn": "PNS",
        "golongan": "Penata Muda Tk. I, III/b",
        "jabatan": "Pranata Komputer",
        "jenis_jabatan": "fungsional",
        "jenjang": "ahli_pertama",
        "unit_kerja": cast.unit_b.pk,
        "email": "satu@contoh.ac.id",
        "status_kepegawaian": "aktif",
    }
    response = client.post(reverse("kepegawaian:pegawai_ubah", args=[cast.pegawai.nip]), data)
    assert response.status_code == 302
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.golongan == "III/b"
    assert cast.pegawai.unit_kerja == cast.unit_a  # a move is a mutasi, not an edit
    assert cast.pegawai.nama == "Pegawai Satu"
    audit = AuditLog.objects.get(aksi="pegawai.ubah")
    assert audit.aktor == cast.admin and "golongan" in audit.data["perubahan"]


def test_bad_pegawai_edit_shows_the_form_again_and_changes_nothing(client, cast):
    masuk(client, cast.admin)
    data = {
        "nama": "",
        "jenis_asn": "PNS",
        "golongan": "III/z",
        "jabatan": "X",
        "jenis_jabatan": "pelaksana",
        "jenjang": "ahli_muda",
        "unit_kerja": cast.unit_a.pk,
        "status_kepegawaian": "aktif",
    }
    response = client.post(reverse("kepegawaian:pegawai_ubah", args=[cast.pegawai.nip]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"nama", "golongan", "jenjang"} <= set(errors)
    cast.pegawai.refresh_from_db()
    assert cast.pegawai.golongan == "III/a"
    assert not AuditLog.objects.filter(aksi="pegawai.ubah").exists()


def test_admin_sets_supervision_and_the_penilai_defaults_to_the_atasans_atasan(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:supervisi_ubah", args=[cast.pegawai.nip, cast.periode.tahun])
    nip = cast.atasan_lain.nip
    response = client.post(url, {"atasan_langsung": f"{nip[:8]} {nip[8:]}", "atasan_penilai": ""})
    assert response.status_code == 302
    supervisi = cast.pegawai.supervisi.get(periode=cast.periode)
    assert supervisi.atasan_langsung == cast.atasan_lain
    assert supervisi.atasan_penilai == cast.atasan_penilai


@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [
        ("pegawai", "dirinya sendiri"),
        ("199901012020011001", "tidak ditemukan"),
        ("bawahan", "berputar"),
    ],
)
def test_bad_supervision_is_refused_with_a_message(client, cast, nilai, pesan):
    masuk(client, cast.admin)
    nip = {"pegawai": cast.atasan_langsung.nip, "bawahan": cast.pegawai.nip}.get(nilai, nilai)
    url = reverse("kepegawaian:supervisi_ubah", args=[cast.atasan_langsung.nip, cast.periode.tahun])
    response = client.post(url, {"atasan_langsung": nip})
    assert response.status_code == 200
    assert pesan in str(response.context["form"].errors)
    assert cast.atasan_langsung.supervisi.get().atasan_langsung == cast.atasan_penilai


def test_upload_preview_and_confirm_imports_the_roster(client, cast):
    masuk(client, cast.admin)
    nip = nip_baru()
    berkas = xlsx([baris(nip, NIP_Atasan_Langsung=cast.atasan_langsung.nip)])
    berkas.name = "roster.xlsx"
    response = client.post(
        reverse("kepegawaian:roster_impor"), {"berkas": berkas, "periode": cast.periode.pk}
    )
    assert response.status_code == 302
    pratinjau = client.get(response["Location"])
    assert pratinjau.context["hasil"].baru == 1
    assert not Pegawai.objects.filter(nip=nip).exists()
    token = pratinjau.context["token"]
    sidik = {"sidik": pratinjau.context["hasil"].sidik}
    response = client.post(reverse("kepegawaian:roster_terapkan", args=[token]), sidik)
    assert response.status_code == 302 and response["Location"] == reverse(
        "kepegawaian:pegawai_daftar"
    )
    assert Pegawai.objects.filter(nip=nip).exists()
    assert AuditLog.objects.get(aksi="roster.impor").data["nama_file"] == "roster.xlsx"
    # The stored upload is gone; confirming twice is not possible.
    assert (
        client.post(reverse("kepegawaian:roster_terapkan", args=[token]), sidik).status_code == 404
    )


def test_a_preview_with_problems_lists_them_all_and_cannot_be_applied(client, cast):
    masuk(client, cast.admin)
    berkas = xlsx([baris(nip_baru(), Golongan="?"), baris("123")])
    berkas.name = "salah.xlsx"
    response = client.post(
        reverse("kepegawaian:roster_impor"),
        {"berkas": berkas, "periode": cast.periode.pk},
        follow=True,
    )
    hasil = response.context["hasil"]
    assert len(hasil.masalah) == 2
    assert (
        b"Baris 2, kolom Golongan" in response.content and b"Baris 3, kolom NIP" in response.content
    )
    before = Pegawai.objects.count()
    client.post(reverse("kepegawaian:roster_terapkan", args=[response.context["token"]]))
    assert Pegawai.objects.count() == before


def test_a_hostile_upload_is_refused_on_the_form(client, cast):
    masuk(client, cast.admin)
    berkas = io.BytesIO(b"NIP;Nama\n1;2\n")
    berkas.name = "roster.xlsx"
    response = client.post(
        reverse("kepegawaian:roster_impor"), {"berkas": berkas, "periode": cast.periode.pk}
    )
    assert response.status_code == 200
    assert "bukan file Excel" in str(response.context["form"].errors)


def test_another_admin_cannot_use_my_upload_token(client, cast):
    masuk(client, cast.admin)
    berkas = xlsx([baris(nip_baru())])
    berkas.name = "r.xlsx"
    lokasi = client.post(
        reverse("kepegawaian:roster_impor"), {"berkas": berkas, "periode": cast.periode.pk}
    )["Location"]
    admin_lain = buat_pegawai("Admin Lain", is_admin_kepegawaian=True)
    client.logout()
    masuk(client, admin_lain)
    assert client.get(lokasi).status_code == 404


def test_export_download_is_text_nip_and_formula_safe(client, cast):
    buat_pegawai('=HYPERLINK("http://x")', unit_kerja=cast.unit_a)
    masuk(client, cast.admin)
    response = client.get(reverse("kepegawaian:roster_ekspor", args=[cast.periode.tahun]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    lembar = load_workbook(io.BytesIO(response.content)).worksheets[0]
    sel_rumus = [c for c in lembar["B"] if str(c.value).startswith("=")]
    assert sel_rumus and all(c.data_type == "s" for c in sel_rumus)
    assert all(c.number_format == "@" and isinstance(c.value, str) for c in lembar["A"][1:])
    assert AuditLog.objects.filter(aksi="roster.ekspor").exists()


def test_template_has_drop_down_lists(client, cast):
    masuk(client, cast.admin)
    response = client.get(reverse("kepegawaian:roster_templat"))
    buku = load_workbook(io.BytesIO(response.content))
    validasi = buku["Pegawai"].data_validations.dataValidation
    kolom = {str(v.sqref).split(":")[0] for v in validasi}
    assert {"F2", "H2", "N2"} <= kolom  # Golongan, Jenis Jabatan, Status
    assert "Penata Tingkat I" not in [c.value for c in buku["Daftar Pilihan"]["A"]]
    assert "III/d" in [c.value for c in buku["Daftar Pilihan"]["A"]]
