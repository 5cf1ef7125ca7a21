"""The unit tree editor pages (periode/views_unit.py): access, happy paths, bad input."""

from django.urls import reverse
import pytest

from accounts.models import AuditLog, UnitKerja
from accounts.tests.factories import buat_pegawai, buat_unit
from periode.models import Supervisi
from periode.pimpinan_unit import versi_pimpinan


def masuk(client, pegawai):
    client.force_login(pegawai)
    return client


def halaman(cast):
    pk = cast.unit_a.pk
    return [
        reverse("kepegawaian:unit_tambah"),
        reverse("kepegawaian:unit_ubah", args=[pk]),
        reverse("kepegawaian:unit_pimpinan", args=[pk]),
        reverse("kepegawaian:pegawai_cari") + "?untuk=kepala&kepala=Pegawai",
    ]


def test_anonymous_is_sent_to_login(client, cast):
    for url in [*halaman(cast), reverse("kepegawaian:unit_hapus", args=[cast.unit_a.pk])]:
        response = client.post(url) if "hapus" in url else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("siapa", ["pegawai", "atasan_langsung", "atasan_penilai"])
def test_staff_who_are_not_admin_get_403_and_nothing_changes(client, cast, siapa):
    masuk(client, getattr(cast, siapa))
    for url in halaman(cast):
        assert client.get(url).status_code == 403, url
    kosong = buat_unit("Kosong", cast.unit_a)
    assert client.post(reverse("kepegawaian:unit_hapus", args=[kosong.pk])).status_code == 403
    assert client.post(reverse("kepegawaian:unit_tambah"), {"nama": "X"}).status_code == 403
    assert UnitKerja.objects.filter(pk=kosong.pk).exists()
    assert not UnitKerja.objects.filter(nama="X").exists()


def test_admin_opens_every_page_and_an_unknown_unit_is_404(client, cast):
    masuk(client, cast.admin)
    for url in halaman(cast):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("kepegawaian:unit_ubah", args=[99999])).status_code == 404


def test_delete_is_post_only(client, cast):
    masuk(client, cast.admin)
    assert client.get(reverse("kepegawaian:unit_hapus", args=[cast.unit_a.pk])).status_code == 405


def test_the_list_links_to_add_edit_and_leaders(client, cast):
    masuk(client, cast.admin)
    html = client.get(reverse("kepegawaian:unit_daftar")).content.decode()
    assert reverse("kepegawaian:unit_tambah") in html
    assert reverse("kepegawaian:unit_ubah", args=[cast.unit_a.pk]) in html
    assert reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk]) in html


def test_admin_creates_a_unit_under_a_parent_chosen_by_full_path(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_tambah")
    assert "Universitas Contoh &gt; Unit A" in client.get(url).content.decode()
    response = client.post(url, {"nama": "Divisi Data", "induk": str(cast.unit_a.pk)})
    assert response.status_code == 302
    assert UnitKerja.objects.get(nama="Divisi Data").induk == cast.unit_a


def test_a_duplicate_name_comes_back_beside_the_field_and_nothing_is_written(client, cast):
    masuk(client, cast.admin)
    response = client.post(
        reverse("kepegawaian:unit_tambah"), {"nama": "Unit B", "induk": str(cast.root.pk)}
    )
    assert response.status_code == 200
    assert "Sudah ada unit bernama Unit B" in str(response.context["form"].errors["nama"])
    assert UnitKerja.objects.filter(nama="Unit B").count() == 1
    assert not AuditLog.objects.filter(aksi="unit.buat").exists()


def test_the_move_form_does_not_offer_the_unit_s_own_branch_and_refuses_it(client, cast):
    cucu = buat_unit("Divisi Data", cast.unit_a)
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_ubah", args=[cast.unit_a.pk])
    pilihan = dict(client.get(url).context["form"].fields["induk"].choices)
    assert str(cucu.pk) not in pilihan and str(cast.unit_a.pk) not in pilihan
    response = client.post(url, {"nama": "Unit A", "induk": str(cucu.pk)})
    assert response.status_code == 200 and response.context["form"].errors["induk"]
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.induk == cast.root


def test_admin_renames_and_moves_a_unit(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_ubah", args=[cast.unit_b.pk])
    response = client.post(url, {"nama": "Unit Beta", "induk": str(cast.unit_a.pk)})
    assert response.status_code == 302
    cast.unit_b.refresh_from_db()
    assert (cast.unit_b.nama, cast.unit_b.induk) == ("Unit Beta", cast.unit_a)


def test_deleting_a_unit_in_use_says_why_and_keeps_it(client, cast):
    masuk(client, cast.admin)
    response = client.post(reverse("kepegawaian:unit_hapus", args=[cast.unit_a.pk]), follow=True)
    assert "masih dipakai: 2 pegawai" in response.content.decode()
    assert UnitKerja.objects.filter(pk=cast.unit_a.pk).exists()


def test_admin_deletes_an_empty_unit(client, cast):
    kosong = buat_unit("Kosong", cast.unit_a)
    masuk(client, cast.admin)
    response = client.post(reverse("kepegawaian:unit_hapus", args=[kosong.pk]))
    assert response.status_code == 302
    assert not UnitKerja.objects.filter(pk=kosong.pk).exists()


def test_the_search_offers_active_pegawai_by_name_or_nip(client, cast):
    keluar = buat_pegawai("Pegawai Keluar", unit_kerja=cast.unit_a, status_kepegawaian="pensiun")
    masuk(client, cast.admin)
    url = reverse("kepegawaian:pegawai_cari")
    html = client.get(url, {"untuk": "kepala", "kepala": "pegawai"}).content.decode()
    assert cast.pegawai.nip in html and cast.pegawai_lain.nip in html
    assert keluar.nip not in html
    html = client.get(url, {"untuk": "koordinator", "koordinator": cast.pegawai.nip[:10]})
    assert cast.pegawai.nip in html.content.decode()


def test_changing_the_kepala_shows_the_rows_that_follow_and_writes_nothing(client, cast):
    baru = buat_pegawai("Kepala Baru", unit_kerja=cast.unit_a)
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    response = client.post(url, {"kepala": baru.nip})
    assert response.status_code == 200
    # The new kepala (no atasan yet) takes the old one's; the pegawai follows the new kepala,
    # and so does the old kepala, who stays in Unit A.
    assert [i.pegawai for i in response.context["ikut"]] == [
        baru,
        cast.atasan_langsung,
        cast.pegawai,
    ]
    assert "Kepala Baru" in response.content.decode()
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala == cast.atasan_langsung
    assert Supervisi.objects.get(pegawai=cast.pegawai).atasan_langsung == cast.atasan_langsung


def test_confirming_applies_the_new_kepala_and_the_rows(client, cast):
    baru = buat_pegawai("Kepala Baru", unit_kerja=cast.unit_a)
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    response = client.post(
        url,
        {
            "kepala": f"{baru.nip} — Kepala Baru",
            "konfirmasi": "1",
            "versi": versi_pimpinan(cast.unit_a),
        },
    )
    assert response.status_code == 302
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala == baru
    assert Supervisi.objects.get(pegawai=cast.pegawai).atasan_langsung == baru


def test_a_name_that_matches_nobody_or_several_comes_back_beside_the_field(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    for teks, pesan in (
        ("Tidak Ada Orangnya", "tidak cocok dengan tepat satu pegawai"),
        ("Pegawai", "tidak cocok dengan tepat satu pegawai"),
        ("199901012020011001", "NIP 199901012020011001 tidak ditemukan di sistem"),
    ):
        response = client.post(url, {"kepala": teks, "konfirmasi": "1"})
        assert response.status_code == 200
        assert pesan in str(response.context["form"].errors["kepala"])
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala == cast.atasan_langsung
    assert not AuditLog.objects.filter(aksi="unit.pimpinan").exists()


def test_a_new_unit_needs_its_parent_chosen_and_the_top_is_an_explicit_choice(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_tambah")
    response = client.post(url, {"nama": "Kementerian"})
    assert "Pilih unit induk." in str(response.context["form"].errors["induk"])
    assert not UnitKerja.objects.filter(nama="Kementerian").exists()
    assert client.post(url, {"nama": "Kementerian", "induk": "puncak"}).status_code == 302
    assert UnitKerja.objects.get(nama="Kementerian").induk is None


def test_admin_merges_a_unit_from_its_page_and_the_own_branch_is_not_offered(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_gabung", args=[cast.unit_b.pk])
    pilihan = dict(client.get(url).context["form"].fields["ke"].choices)
    assert str(cast.unit_b.pk) not in pilihan and str(cast.unit_a.pk) in pilihan
    response = client.post(url, {"ke": ""})
    assert "Pilih unit tujuan." in str(response.context["form"].errors["ke"])
    assert client.post(url, {"ke": str(cast.unit_a.pk)}).status_code == 302
    assert not UnitKerja.objects.filter(pk=cast.unit_b.pk).exists()


def test_the_merge_page_is_for_the_admin_only(client, cast):
    url = reverse("kepegawaian:unit_gabung", args=[cast.unit_b.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    masuk(client, cast.pegawai)
    assert client.post(url, {"ke": str(cast.unit_a.pk)}).status_code == 403
    assert UnitKerja.objects.filter(pk=cast.unit_b.pk).exists()


def test_plh_is_confirmed_then_shown_in_the_unit_list(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    data = {"kepala": cast.atasan_langsung.nip, "kepala_sementara": "plh"}
    preview = client.post(url, data)
    assert "Plh. (pelaksana harian)" in preview.content.decode()
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala_sementara == ""
    versi = preview.context["versi"]
    assert client.post(url, {**data, "konfirmasi": "1", "versi": versi}).status_code == 302
    html = client.get(reverse("kepegawaian:unit_daftar")).content.decode()
    assert '<span class="badge text-bg-warning me-1">Plh.</span>' in html


def test_plt_without_a_kepala_comes_back_beside_the_field(client, cast):
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    response = client.post(url, {"kepala": "", "kepala_sementara": "plt", "konfirmasi": "1"})
    assert "Isi kepala unit lebih dahulu" in str(
        response.context["form"].errors["kepala_sementara"]
    )
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala == cast.atasan_langsung


def test_a_confirmation_from_a_second_tab_opened_before_another_change_is_refused(client, cast):
    lain = buat_pegawai("Kepala Tab Lain", unit_kerja=cast.unit_a)
    baru = buat_pegawai("Kepala Tab Ini", unit_kerja=cast.unit_a)
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    # Both tabs show their confirmation while the old kepala is in place.
    tab_a = client.post(url, {"kepala": lain.nip}).context["versi"]
    tab_b = client.post(url, {"kepala": baru.nip}).context["versi"]
    assert (
        client.post(url, {"kepala": lain.nip, "konfirmasi": "1", "versi": tab_a}).status_code == 302
    )
    response = client.post(url, {"kepala": baru.nip, "konfirmasi": "1", "versi": tab_b})
    assert response.status_code == 200
    assert "sudah diubah sejak halaman konfirmasi ini dibuka" in str(
        response.context["form"].errors["kepala"]
    )
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala == lain
    assert AuditLog.objects.filter(aksi="unit.pimpinan").count() == 1


def test_the_outgoing_kepala_who_stays_serves_under_the_new_one(client, cast):
    baru = buat_pegawai("Kepala Baru", unit_kerja=cast.unit_a)
    masuk(client, cast.admin)
    url = reverse("kepegawaian:unit_pimpinan", args=[cast.unit_a.pk])
    preview = client.post(url, {"kepala": baru.nip})
    assert any(i.pegawai == cast.atasan_langsung for i in preview.context["ikut"])
    client.post(url, {"kepala": baru.nip, "konfirmasi": "1", "versi": preview.context["versi"]})
    lama = Supervisi.objects.get(pegawai=cast.atasan_langsung, periode=cast.periode)
    assert (lama.atasan_langsung, lama.atasan_penilai) == (baru, cast.atasan_penilai)
    kepala = Supervisi.objects.get(pegawai=baru, periode=cast.periode)
    assert kepala.atasan_langsung == cast.atasan_penilai  # the old kepala's atasan
