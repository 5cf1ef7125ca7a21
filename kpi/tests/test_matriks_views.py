"""The matriks pages: who sees, who edits, bad input, query counts."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
import pytest

from accounts.tests.factories import buat_pegawai
from kpi.models import AnggotaMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil
from kpi.services import tambah_anggota, tambah_kolom
from kpi.tests.conftest import isi
from periode.models import ProfilRegulasi
from skp.models import Indikator, RencanaKinerja, Skp
from skp.services.drafting import IsianIndikator, hapus_rencana_kinerja, ubah_indikator

HX = {"HX-Request": "true"}


def url(tim, suffix=""):
    return f"/matriks/{tim.matriks.pk}/{suffix}"


def test_anonymous_is_sent_to_login(client, tim):
    response = client.get(url(tim))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_ketua_member_and_atasan_of_other_unit_member_see_the_matrix(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    isi(tim, tim.anggota_lain, tim.k1, "Terpasangnya jaringan")
    for user in [tim.ketua, cast.pegawai, cast.pegawai_lain]:
        client.force_login(user)
        text = client.get(url(tim)).text
        assert "Tersusunnya laporan layanan" in text and "Terpasangnya jaringan" in text
    client.force_login(cast.atasan_lain)  # atasan langsung of Pegawai Lain (Unit B)
    response = client.get(url(tim))
    assert response.status_code == 200
    assert "Terpasangnya jaringan" in response.text
    assert "Tersusunnya laporan layanan" not in response.text  # not his people


def test_member_sees_own_row_highlighted_and_no_edit_controls(client, tim, cast):
    client.force_login(cast.pegawai)
    text = client.get(url(tim)).text
    assert "matriks-milik-saya" in text and "Terapkan ke SKP" not in text
    assert "/ubah/" not in text


@pytest.mark.parametrize("who", ["atasan_penilai", "admin", "pegawai_baru"])
def test_others_get_404(client, tim, cast, who):
    user = buat_pegawai("Orang Lain") if who == "pegawai_baru" else getattr(cast, who)
    client.force_login(user)
    assert client.get(url(tim)).status_code == 404
    assert client.post(url(tim, "terapkan/")).status_code == 404
    assert client.get(url(tim, "terapkan/")).status_code == 404
    assert client.get(url(tim, "matriks.xlsx")).status_code == 404


@pytest.mark.parametrize("who", ["pegawai", "atasan_lain"])
def test_members_and_their_atasan_get_403_on_changes(client, tim, cast, who):
    client.force_login(getattr(cast, who))
    sel = url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/ubah/")
    assert client.get(sel).status_code == 403
    assert (
        client.post(
            sel, {"ph-TOTAL_FORMS": "1", "ph-INITIAL_FORMS": "0", "ph-0-teks": "Hasil"}
        ).status_code
        == 403
    )
    assert client.post(url(tim, "terapkan/")).status_code == 403
    assert client.get(url(tim, "terapkan/")).status_code == 403
    assert client.post(url(tim, "kolom/"), {"judul": "X"}).status_code == 403
    assert client.post(url(tim, f"anggota/{tim.anggota.pk}/hapus/")).status_code == 403
    assert not PeranHasil.objects.exists() and AnggotaMatriks.objects.count() == 2


def test_post_only_urls_refuse_get(client, tim):
    client.force_login(tim.ketua)
    for suffix in ["kolom/", "anggota/", f"kolom/{tim.k1.pk}/hapus/"]:
        assert client.get(url(tim, suffix)).status_code == 405


def test_ketua_fills_a_cell_with_htmx_and_gets_the_cell_back(client, tim, cast):
    client.force_login(tim.ketua)
    sel = url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/ubah/")
    form = client.get(sel, headers={"HX-Request": "true"})
    assert "<form" in form.text and "<html" not in form.text
    response = client.post(
        sel,
        {
            "ph-TOTAL_FORMS": "2",
            "ph-INITIAL_FORMS": "0",
            "ph-0-teks": "Tersusunnya laporan layanan",
            "ph-0-indikator": "Jumlah laporan layanan",
            "ph-0-target": "2,5",
            "ph-0-satuan": "laporan",
            "ph-1-teks": "",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Tersusunnya laporan layanan" in response.text
    assert "2,5 laporan" in response.text
    item = PeranHasil.objects.get()
    assert str(item.target) == "2.50"


def _kirim_sel(client, tim, **isian):
    sel = url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/ubah/")
    data = {"ph-TOTAL_FORMS": "1", "ph-INITIAL_FORMS": "0", "ph-0-teks": "Tersedianya layanan"}
    data.update({f"ph-0-{k}": v for k, v in isian.items()})
    return client.post(sel, data, headers={"HX-Request": "true"})


def test_a_cell_takes_a_range_target_as_the_skp_editor_does(client, tim):
    client.force_login(tim.ketua)
    response = _kirim_sel(client, tim, indikator="Persentase layanan tepat waktu", target="80-90 %")
    assert response.status_code == 200 and "target 80–90%" in response.text
    item = PeranHasil.objects.get()
    assert (item.target, item.target_max, item.satuan) == (Decimal(80), Decimal(90), "%")
    form = client.get(url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/ubah/"))
    assert 'value="80–90"' in form.text  # typed back as written, the satuan in its own field


def test_a_cell_refuses_a_descriptive_or_reversed_target_with_a_message(client, tim):
    client.force_login(tim.ketua)
    # htmx swaps only 2xx answers: the form comes back with its message as a 200.
    response = _kirim_sel(client, tim, indikator="Laporan", target="Setiap minggu")
    assert "berupa angka atau rentang" in response.text
    response = _kirim_sel(client, tim, indikator="Laporan", target="90-80", satuan="%")
    assert "kecil ke besar" in response.text
    response = _kirim_sel(client, tim, target="5", satuan="laporan")
    assert "Tuliskan indikator kuantitas" in response.text
    assert not PeranHasil.objects.exists()


def test_cell_bad_input_comes_back_with_message_and_writes_nothing(client, tim):
    client.force_login(tim.ketua)
    sel = url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/ubah/")
    response = client.post(
        sel, {"ph-TOTAL_FORMS": "1", "ph-INITIAL_FORMS": "0", "ph-0-teks": "Hasil", "is_na": "on"}
    )
    assert response.status_code == 400 and "Sel N/A tidak boleh berisi" in response.text
    response = client.post(
        sel,
        {
            "ph-TOTAL_FORMS": "1",
            "ph-INITIAL_FORMS": "0",
            "ph-0-teks": "Hasil",
            "ph-0-target": "lima",
        },
    )
    assert response.status_code == 400
    assert "target" in response.context["form"].items.forms[0].errors
    response = client.post(
        sel,
        {
            "ph-TOTAL_FORMS": "1",
            "ph-INITIAL_FORMS": "0",
            "ph-0-teks": "Hasil",
            "ph-0-indikator": "Jumlah hasil",
            "ph-0-target": "5",
        },
    )
    assert response.status_code == 400 and "Isi satuan target" in response.text
    assert not PeranHasil.objects.exists()


def test_a_forged_form_count_builds_no_more_than_five_rows(client, tim):
    """Fuzz finding (issue 8): TOTAL_FORMS=10**20 made one request render 1,005 forms (3 MB)."""
    client.force_login(tim.ketua)
    sel = url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/ubah/")
    response = client.post(
        sel,
        {"ph-TOTAL_FORMS": "99999999999999999999", "ph-INITIAL_FORMS": "0", "ph-0-teks": "Hasil"},
    )
    assert response.status_code == 400
    assert len(response.context["form"].items.forms) <= 5
    assert len(response.content) < 200_000
    assert not PeranHasil.objects.exists()


def test_ketua_adds_and_removes_columns_and_members(client, tim, cast):
    client.force_login(tim.ketua)
    baru = buat_pegawai("Anggota Lintas Unit", unit_kerja=cast.unit_b)
    response = client.post(url(tim, "anggota/"), {"nip": baru.nip_tampil})
    assert response.status_code == 302
    assert AnggotaMatriks.objects.filter(matriks=tim.matriks, pegawai=baru).exists()
    response = client.post(url(tim, "kolom/"), {"judul": "Terselenggaranya layanan helpdesk"})
    assert (
        response.status_code == 302
        and KolomMatriks.objects.filter(judul="Terselenggaranya layanan helpdesk").exists()
    )
    assert client.post(url(tim, f"kolom/{tim.k2.pk}/hapus/")).status_code == 302
    assert client.post(url(tim, f"anggota/{tim.anggota_lain.pk}/hapus/")).status_code == 302
    assert not KolomMatriks.objects.filter(pk=tim.k2.pk).exists()
    assert not AnggotaMatriks.objects.filter(pk=tim.anggota_lain.pk).exists()


def test_bad_member_and_column_input_is_refused_with_a_message(client, tim, cast):
    client.force_login(tim.ketua)
    response = client.post(url(tim, "anggota/"), {"nip": "123"})
    assert response.status_code == 400 and "Tidak ada pegawai aktif" in response.text
    response = client.post(url(tim, "anggota/"), {"nip": cast.pegawai.nip})
    assert response.status_code == 400 and "sudah menjadi anggota" in response.text
    rk3 = RencanaKinerja.objects.create(skp=tim.skp_ketua, teks="Terlaksananya layanan")
    response = client.post(url(tim, "kolom/"), {"judul": "A", "rencana_kinerja": rk3.pk})
    assert response.status_code == 400 and "tepat satu sumber" in response.text
    other_skp = Skp.objects.create(pegawai=cast.pegawai_lain, periode=cast.periode)
    rk_lain = RencanaKinerja.objects.create(skp=other_skp, teks="Bukan milik ketua")
    response = client.post(url(tim, "kolom/"), {"rencana_kinerja": rk_lain.pk})
    assert response.status_code == 400  # an RK of someone else is not offered
    assert AnggotaMatriks.objects.count() == 2 and KolomMatriks.objects.count() == 2


def test_apply_shows_a_preview_that_writes_nothing_then_applies_on_confirm(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    client.force_login(tim.ketua)
    assert f'href="/matriks/{tim.matriks.pk}/terapkan/"' in client.get(url(tim)).text
    response = client.get(url(tim, "terapkan/"))
    assert response.status_code == 200
    assert "1 akan dibuat" in response.text and "Tersusunnya laporan layanan" in response.text
    assert not RencanaKinerja.objects.filter(skp__pegawai=cast.pegawai).exists()

    sidik = response.context["rencana"].sidik
    response = client.post(url(tim, "terapkan/"), {"sidik": sidik}, follow=True)
    assert "1 rencana kinerja dibuat" in response.text
    assert response.redirect_chain[-1][0] == url(tim)
    assert RencanaKinerja.objects.filter(skp__pegawai=cast.pegawai, intervensi=tim.rk1).exists()


def test_a_confirm_without_the_previews_fingerprint_applies_nothing(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    client.force_login(tim.ketua)
    for data in [{}, {"sidik": "x" * 5000}, {"sidik": "\x00"}]:
        response = client.post(url(tim, "terapkan/"), data, follow=True)
        assert response.status_code == 200 and "berubah sejak pratinjau" in response.text
    assert not Skp.objects.filter(pegawai=cast.pegawai).exists()


def test_a_matriks_changed_after_the_preview_is_refused_and_the_new_plan_shown(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    client.force_login(tim.ketua)
    sidik = client.get(url(tim, "terapkan/")).context["rencana"].sidik
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan")  # another tab
    response = client.post(url(tim, "terapkan/"), {"sidik": sidik}, follow=True)
    assert response.redirect_chain[-1][0] == url(tim, "terapkan/")
    assert "Matriks atau SKP anggota berubah sejak pratinjau dibuka" in response.text
    assert "Tersusunnya laporan layanan bulanan" in response.text
    assert not Skp.objects.filter(pegawai=cast.pegawai).exists()


def _terapkan(client, tim):
    sidik = client.get(url(tim, "terapkan/")).context["rencana"].sidik
    return client.post(url(tim, "terapkan/"), {"sidik": sidik}, follow=True)


def test_ketua_sees_a_member_edited_rk_as_a_conflict_beside_the_cell(client, tim, cast):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    client.force_login(tim.ketua)
    _terapkan(client, tim)
    iki = Indikator.objects.get(rencana_kinerja__skp__pegawai=cast.pegawai)
    ubah_indikator(
        iki,
        oleh=cast.pegawai,
        isian=IsianIndikator(
            aspek=iki.aspek, teks=iki.teks, target_min=Decimal(6), satuan="laporan"
        ),
    )
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(7), satuan="laporan"
    )

    sel = client.get(url(tim)).text
    assert "konflik" in sel and f"{cast.pegawai.nama} telah mengubah target di SKP-nya" in sel
    assert "1 peran hasil berkonflik" in sel  # above the grid too, for a narrow screen
    pratinjau = client.get(url(tim, "terapkan/")).text
    assert (
        "1 konflik" in pratinjau and "Pemiliknya telah mengubah target. Tidak ditimpa." in pratinjau
    )
    assert "6 laporan" in pratinjau and "7 laporan" in pratinjau
    response = _terapkan(client, tim)
    assert "1 tidak diubah karena telah disunting pemiliknya" in response.text
    iki.refresh_from_db()
    assert iki.target_min == Decimal(6)

    client.force_login(cast.pegawai)
    skp = iki.rencana_kinerja.skp
    text = client.get(f"/skp/{skp.pk}/").text
    assert "Terima usulan" in text and "“6 laporan” → “7 laporan”" in text
    terima = f"/skp/{skp.pk}/rk/{iki.rencana_kinerja_id}/usulan-matriks/terima/"
    assert client.post(terima).status_code == 302
    iki.refresh_from_db()
    assert iki.target_min == Decimal(7)
    response = client.post(terima, follow=True)  # twice: nothing to take any more
    assert "Tidak ada usulan matriks" in response.text


def test_the_owner_sees_what_the_matriks_changed_beside_the_rk_and_can_dismiss_it(
    client, tim, cast
):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    client.force_login(tim.ketua)
    _terapkan(client, tim)
    skp = Skp.objects.get(pegawai=cast.pegawai)
    client.force_login(cast.pegawai)
    halaman = f"/skp/{skp.pk}/"
    assert "rk-kabar-matriks" not in client.get(halaman).text  # its card is now cached

    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(8), satuan="laporan"
    )
    client.force_login(tim.ketua)
    _terapkan(client, tim)
    client.force_login(cast.pegawai)
    text = client.get(halaman).text
    assert "rk-kabar-matriks" in text and "“5 laporan” → “8 laporan”" in text

    rk = RencanaKinerja.objects.get(skp=skp)
    tutup = f"/skp/{skp.pk}/rk/{rk.pk}/kabar-matriks/tutup/"
    client.force_login(tim.ketua)  # also the pegawai's atasan: sees the SKP, may not change it
    assert client.post(tutup).status_code == 403
    client.force_login(cast.pegawai_lain)
    assert client.post(tutup).status_code == 404
    client.force_login(cast.pegawai)
    assert client.get(tutup).status_code == 405
    assert client.post(tutup).status_code == 302
    assert "rk-kabar-matriks" not in client.get(halaman).text


def test_matriks_page_queries_do_not_grow_with_members_and_columns(client, tim, cast):
    client.force_login(tim.ketua)
    isi(tim, tim.anggota, tim.k1, "A", "B")
    client.get(url(tim))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(tim)).status_code == 200
    for i in range(4):
        anggota = tambah_anggota(tim.matriks, buat_pegawai(f"Anggota {i}"), oleh=tim.ketua)
        kolom = tambah_kolom(tim.matriks, judul=f"Hasil {i}", oleh=tim.ketua)
        isi(tim, anggota, kolom, f"Peran {i}", "Kedua")
        isi(tim, anggota, tim.k2, na=True)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url(tim)).status_code == 200
    assert len(big) == len(small)


def test_list_shows_my_teams_with_a_fixed_number_of_queries(client, tim, cast):
    client.force_login(cast.pegawai)
    client.get("/matriks/")  # warm: the menu's roles are remembered from the first page on
    with CaptureQueriesContext(connection) as one:
        response = client.get("/matriks/")
    assert "Tim Unit A" in response.text and "Anggota" in response.text
    MatriksPeranHasil.objects.create(periode=cast.periode, nama="Tim Dua", ketua=cast.pegawai)
    with CaptureQueriesContext(connection) as two:
        response = client.get("/matriks/")
    assert "Tim Dua" in response.text and len(two) == len(one)
    client.force_login(cast.atasan_lain)
    assert "Tim Unit A" in client.get("/matriks/").text
    client.force_login(cast.atasan_penilai)
    assert "Tim Unit A" not in client.get("/matriks/").text


def test_kepala_unit_creates_a_matrix_of_his_unit(client, cast):
    client.force_login(cast.atasan_langsung)
    response = client.post(
        "/matriks/buat/",
        {
            "nama": "Tim Unit A",
            "periode": cast.periode.pk,
            "unit_kerja": cast.unit_a.pk,
            "isi_anggota_unit": "on",
        },
    )
    matriks = MatriksPeranHasil.objects.get()
    assert response.status_code == 302 and response.url == f"/matriks/{matriks.pk}/"
    assert [a.pegawai for a in matriks.anggota.all()] == [cast.pegawai]
    response = client.post("/matriks/buat/", {"nama": "Tim Unit A", "periode": cast.periode.pk})
    assert response.status_code == 400 and "sudah memiliki matriks" in response.text
    response = client.post(
        "/matriks/buat/", {"nama": "X", "periode": cast.periode.pk, "unit_kerja": cast.unit_b.pk}
    )
    assert response.status_code == 400 and MatriksPeranHasil.objects.count() == 1


def test_ketua_sees_an_rk_its_owner_deleted_beside_the_cell_and_in_the_preview(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    client.force_login(tim.ketua)
    _terapkan(client, tim)
    hapus_rencana_kinerja(RencanaKinerja.objects.get(skp__pegawai=cast.pegawai), oleh=cast.pegawai)
    assert "dihapus pemiliknya" in client.get(url(tim)).text
    pratinjau = client.get(url(tim, "terapkan/"))
    assert (
        "1 dihapus pemiliknya" in pratinjau.text and not pratinjau.context["rencana"].ada_tindakan
    )


def test_a_6_2022_matriks_speaks_of_rhk_and_an_8_2021_one_of_rencana_kinerja(client, tim, cast):
    client.force_login(cast.pegawai)
    assert "menjadi rencana kinerja utama di SKP Anda" in client.get(url(tim)).text
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    cast.periode.save(update_fields=["profil_regulasi"])
    text = client.get(url(tim)).text
    assert "menjadi rencana hasil kerja utama di SKP Anda" in text
    assert "rencana kinerja" not in text.lower()


def test_columns_from_the_ketuas_rk_add_no_query_each(client, tim, cast):
    """Each column names its source in the periode's words (RK or RHK) without a read."""
    client.force_login(tim.ketua)
    client.get(url(tim))
    with CaptureQueriesContext(connection) as dua:
        assert client.get(url(tim)).status_code == 200
    for i in range(3):
        rk = RencanaKinerja.objects.create(skp=tim.rk1.skp, teks=f"Hasil ketua {i}", urutan=10 + i)
        tambah_kolom(tim.matriks, rencana_kinerja=rk, oleh=tim.ketua)
    with CaptureQueriesContext(connection) as lima:
        html = client.get(url(tim)).text
    assert html.count('fw-normal">Rencana kinerja ketua tim</span>') == 5
    assert len(lima) == len(dua)


def test_the_di_skp_badge_goes_when_the_cell_changes_after_the_apply_and_comes_back_with_it(
    client, tim, cast
):
    isi(
        tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5), satuan="laporan"
    )
    client.force_login(tim.ketua)
    _terapkan(client, tim)
    sel = url(tim, f"sel/{tim.anggota.pk}/{tim.k1.pk}/")
    assert "di SKP</span>" in client.get(sel, headers=HX).text
    # The target cleared (left to the member): the RK still reads the same, but the SKP is
    # not "as the cell" until the next apply.
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", indikator="Jumlah laporan")
    html = client.get(sel, headers=HX).text
    assert "di SKP</span>" not in html and "belum diterapkan" in html
    assert client.get(url(tim, "terapkan/")).context["rencana"].ada_tindakan
    _terapkan(client, tim)
    assert "di SKP</span>" in client.get(sel, headers=HX).text
    iki = Indikator.objects.get(rencana_kinerja__skp__pegawai=cast.pegawai)
    assert iki.target_min == Decimal(5)  # nothing written over the member's target
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan bulanan", indikator="Jumlah")
    assert "di SKP</span>" not in client.get(sel, headers=HX).text
