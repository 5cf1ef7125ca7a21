"""Dispensasi (issue 16, item 5): the admin kepegawaian withdraws one that still runs, chooses
and reads units by their full path, and extending a pegawai's penyusunan offers the matching
validasi for the atasan who validate their SKP."""

import datetime

from django.urls import reverse
import pytest
import time_machine

from accounts.formatting import tanggal_panjang
from accounts.models import AuditLog
from accounts.tests.factories import buat_unit
from periode.jendela import batas_akhir, jendela_terbuka
from periode.models import AlurPersetujuan, Dispensasi, TahapJendela
from periode.services import (
    PeriodeError,
    beri_dispensasi,
    beri_dispensasi_dengan_validasi_atasan,
    cabut_dispensasi,
)

pytestmark = pytest.mark.django_db

HARI = datetime.timedelta(days=1)
P, V = TahapJendela.PENYUSUNAN, TahapJendela.VALIDASI


def dispensasi_untuk(cast, tahap=P, hari=5, **sasaran):
    selesai = cast.periode.penyusunan_selesai if tahap == P else cast.periode.validasi_selesai
    return beri_dispensasi(
        cast.periode,
        oleh=cast.admin,
        tahap=tahap,
        berlaku_sampai=selesai + hari * HARI,
        alasan="Cuti sakit",
        **(sasaran or {"pegawai": cast.pegawai}),
    )


def isian(cast, **extra):
    data = {
        "periode": str(cast.periode.pk),
        "tahap": "penyusunan",
        "nip": cast.pegawai.nip,
        "unit_kerja": "",
        "berlaku_sampai": str(cast.periode.penyusunan_selesai + 5 * HARI),
        "alasan": "Cuti melahirkan",
        "perpanjang_validasi_atasan": "on",
    }
    data.update(extra)
    return data


# --- Withdrawing --------------------------------------------------------------------------


def test_the_admin_withdraws_a_running_dispensasi_and_the_window_goes_back(client, cast):
    d = dispensasi_untuk(cast)
    assert batas_akhir(cast.periode, P, cast.pegawai) == d.berlaku_sampai
    client.force_login(cast.admin)
    response = client.post(reverse("periode:dispensasi_cabut", args=[d.pk]))
    assert response.status_code == 302
    assert not Dispensasi.objects.filter(pk=d.pk).exists()
    assert batas_akhir(cast.periode, P, cast.pegawai) == cast.periode.penyusunan_selesai
    with time_machine.travel(cast.periode.penyusunan_selesai + HARI, tick=False):
        assert not jendela_terbuka(cast.periode, P, cast.pegawai)


def test_a_withdrawal_is_audited_with_the_old_and_new_end_and_the_reason_it_had(cast):
    d = dispensasi_untuk(cast, tahap=V, hari=4)
    cabut_dispensasi(d, oleh=cast.admin)
    row = AuditLog.objects.get(aksi="skp.dispensasi_cabut")
    assert row.aktor == cast.admin and row.objek_id == str(d.pk)
    assert row.data["sebelum"] == {"berlaku_sampai": str(d.berlaku_sampai)}
    assert row.data["sesudah"] == {"berlaku_sampai": str(cast.periode.validasi_selesai)}
    assert row.data["alasan"] == "Cuti sakit" and row.data["pegawai"] == cast.pegawai.pk
    assert "dicabut" in row.ringkasan


def test_a_dispensasi_that_already_ended_is_kept_with_the_reason(client, cast):
    d = dispensasi_untuk(cast, hari=1)
    with (
        time_machine.travel(d.berlaku_sampai + HARI, tick=False),
        pytest.raises(PeriodeError, match="sudah berakhir"),
    ):
        cabut_dispensasi(d, oleh=cast.admin)
    assert Dispensasi.objects.filter(pk=d.pk).exists()
    assert not AuditLog.objects.filter(aksi="skp.dispensasi_cabut").exists()


def test_a_dispensasi_on_its_last_day_can_still_be_withdrawn(cast):
    d = dispensasi_untuk(cast, hari=1)
    with time_machine.travel(d.berlaku_sampai, tick=False):
        cabut_dispensasi(d, oleh=cast.admin)
    assert not Dispensasi.objects.filter(pk=d.pk).exists()


def test_the_list_offers_withdrawal_only_while_a_dispensasi_runs(client, cast):
    d = dispensasi_untuk(cast, hari=1)
    client.force_login(cast.admin)
    url = reverse("periode:dispensasi_cabut", args=[d.pk])
    assert url in client.get(reverse("periode:dispensasi_daftar")).content.decode()
    with time_machine.travel(d.berlaku_sampai + HARI, tick=False):
        client.force_login(cast.admin)  # a session idle since "yesterday" has expired
        html = client.get(reverse("periode:dispensasi_daftar")).content.decode()
    assert url not in html and "berakhir" in html


@pytest.mark.parametrize("peran", ["pegawai", "atasan_langsung", "atasan_penilai", "atasan_lain"])
def test_only_the_admin_kepegawaian_withdraws(client, cast, peran):
    d = dispensasi_untuk(cast)
    client.force_login(getattr(cast, peran))
    assert client.post(reverse("periode:dispensasi_cabut", args=[d.pk])).status_code == 403
    assert Dispensasi.objects.filter(pk=d.pk).exists()
    with pytest.raises(PeriodeError):
        cabut_dispensasi(d, oleh=getattr(cast, peran))
    assert not AuditLog.objects.filter(aksi="skp.dispensasi_cabut").exists()


def test_withdrawing_needs_a_post_and_a_login_and_an_unknown_one_is_404(client, cast):
    d = dispensasi_untuk(cast)
    url = reverse("periode:dispensasi_cabut", args=[d.pk])
    assert "/accounts/login/" in client.post(url)["Location"]
    client.force_login(cast.admin)
    assert client.get(url).status_code == 405
    assert client.post(reverse("periode:dispensasi_cabut", args=[d.pk + 999])).status_code == 404
    assert Dispensasi.objects.filter(pk=d.pk).exists()


def test_a_second_withdrawal_says_it_is_already_withdrawn(client, cast):
    d = dispensasi_untuk(cast)
    cabut_dispensasi(d, oleh=cast.admin)
    with pytest.raises(PeriodeError, match="sudah dicabut"):
        cabut_dispensasi(d, oleh=cast.admin)
    assert AuditLog.objects.filter(aksi="skp.dispensasi_cabut").count() == 1


# --- Units by their full path -------------------------------------------------------------


def test_units_are_offered_and_listed_by_their_full_path(client, cast):
    prodi = buat_unit("Prodi Informatika", cast.unit_a)
    dispensasi_untuk(cast, unit_kerja=prodi)
    client.force_login(cast.admin)
    html = client.get(reverse("periode:dispensasi_daftar")).content.decode()
    jalur = "Universitas Contoh &gt; Unit A &gt; Prodi Informatika"
    assert f'<option value="{prodi.pk}">{jalur}</option>' in html
    assert f"Unit {jalur}" in html
    # A pegawai's row names their unit by path too.
    dispensasi_untuk(cast, tahap=V)
    html = client.get(reverse("periode:dispensasi_daftar")).content.decode()
    assert "Universitas Contoh &gt; Unit A" in html


def test_a_unit_chosen_by_path_gets_the_dispensasi(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:dispensasi_tambah"),
        isian(cast, nip="", unit_kerja=str(cast.unit_b.pk), perpanjang_validasi_atasan=""),
    )
    assert response.status_code == 302
    d = Dispensasi.objects.get()
    assert d.unit_kerja == cast.unit_b and d.pegawai is None


def test_an_unknown_unit_is_refused_beside_the_field_and_nothing_is_written(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:dispensasi_tambah"), isian(cast, nip="", unit_kerja="999999")
    )
    assert response.status_code == 200
    assert "Pilih unit kerja dari daftar." in response.context["form"].errors["unit_kerja"]
    assert not Dispensasi.objects.exists()
    assert not AuditLog.objects.filter(aksi__startswith="skp.dispensasi").exists()


# --- The matching validasi for the atasan -------------------------------------------------


def test_extending_penyusunan_extends_validasi_for_both_atasan_on_the_two_step_alur(client, cast):
    periode = cast.periode
    client.force_login(cast.admin)
    response = client.post(reverse("periode:dispensasi_tambah"), isian(cast), follow=True)
    baru = periode.penyusunan_selesai + 5 * HARI
    # The atasan keep the periode's own gap between penyusunan and validasi closing (4 days).
    sampai = baru + (periode.validasi_selesai - periode.penyusunan_selesai)
    assert batas_akhir(periode, P, cast.pegawai) == baru
    for atasan in (cast.atasan_langsung, cast.atasan_penilai):
        assert batas_akhir(periode, V, atasan) == sampai
        d = Dispensasi.objects.get(tahap=V, pegawai=atasan)
        assert d.alasan.startswith(f"Mengikuti dispensasi penyusunan {cast.pegawai.nama_lengkap}")
    assert AuditLog.objects.filter(aksi="skp.dispensasi").count() == 3
    assert "Masa validasi Atasan Langsung diperpanjang sampai" in response.content.decode()


def test_the_matching_validasi_stops_at_the_end_of_the_periode(cast):
    periode = cast.periode
    akhir = periode.tanggal_selesai
    beri_dispensasi_dengan_validasi_atasan(
        periode, oleh=cast.admin, pegawai=cast.pegawai, berlaku_sampai=akhir - HARI, alasan="Sakit"
    )
    assert batas_akhir(periode, V, cast.atasan_langsung) == akhir


def test_on_the_one_step_alur_only_the_atasan_langsung_gets_validasi(client, cast):
    cast.periode.alur_persetujuan = AlurPersetujuan.SATU_TAHAP
    cast.periode.save(update_fields=["alur_persetujuan"])
    client.force_login(cast.admin)
    client.post(reverse("periode:dispensasi_tambah"), isian(cast))
    assert list(Dispensasi.objects.filter(tahap=V).values_list("pegawai", flat=True)) == [
        cast.atasan_langsung.pk
    ]


def test_unticking_the_offer_extends_only_the_pegawai(client, cast):
    client.force_login(cast.admin)
    client.post(reverse("periode:dispensasi_tambah"), isian(cast, perpanjang_validasi_atasan=""))
    assert list(Dispensasi.objects.values_list("tahap", "pegawai")) == [(P, cast.pegawai.pk)]


def test_an_atasan_whose_validasi_already_reaches_far_enough_gets_no_second_one(client, cast):
    dispensasi_untuk(cast, tahap=V, hari=20, pegawai=cast.atasan_langsung)
    client.force_login(cast.admin)
    client.post(reverse("periode:dispensasi_tambah"), isian(cast))
    assert Dispensasi.objects.filter(tahap=V, pegawai=cast.atasan_langsung).count() == 1
    assert Dispensasi.objects.filter(tahap=V, pegawai=cast.atasan_penilai).count() == 1


def test_the_offer_is_on_by_default_on_the_page(client, cast):
    client.force_login(cast.admin)
    html = client.get(reverse("periode:dispensasi_daftar")).content.decode()
    kotak = html.split('name="perpanjang_validasi_atasan"')[1].split(">")[0]
    assert "checked" in kotak


def test_a_refused_penyusunan_extension_writes_no_validasi_either(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:dispensasi_tambah"),
        isian(cast, berlaku_sampai=str(cast.periode.penyusunan_selesai)),
    )
    assert response.status_code == 200
    assert "dispensasi hanya memperpanjang" in response.content.decode()
    assert not Dispensasi.objects.exists()
    assert not AuditLog.objects.filter(aksi__startswith="skp.dispensasi").exists()


def test_a_pegawai_without_an_atasan_in_the_periode_gets_only_their_own(client, cast):
    client.force_login(cast.admin)
    client.post(reverse("periode:dispensasi_tambah"), isian(cast, nip=cast.atasan_penilai.nip))
    assert list(Dispensasi.objects.values_list("tahap", "pegawai")) == [(P, cast.atasan_penilai.pk)]


@pytest.mark.parametrize("peran", ["pegawai", "atasan_langsung"])
def test_only_the_admin_kepegawaian_grants(client, cast, peran):
    client.force_login(getattr(cast, peran))
    assert client.post(reverse("periode:dispensasi_tambah"), isian(cast)).status_code == 403
    assert client.get(reverse("periode:dispensasi_daftar")).status_code == 403
    assert not Dispensasi.objects.exists()


# --- Followers and duplicates -------------------------------------------------------------


def test_withdrawing_a_penyusunan_dispensasi_withdraws_the_validasi_that_followed_it(client, cast):
    client.force_login(cast.admin)
    client.post(reverse("periode:dispensasi_tambah"), isian(cast))
    pegawai_d = Dispensasi.objects.get(tahap=P, pegawai=cast.pegawai)
    atasan_d = Dispensasi.objects.get(tahap=V, pegawai=cast.atasan_langsung)
    assert atasan_d.mengikuti == pegawai_d
    pengikut = set(pegawai_d.pengikut.values_list("pk", flat=True))
    assert len(pengikut) == 2  # the two-step alur: atasan langsung and atasan penilai
    html = client.get(reverse("periode:dispensasi_daftar")).content.decode()
    assert "Mengikuti dispensasi penyusunan Pegawai Satu, S.Kom." in html
    assert "Dispensasi validasi 2 atasan yang mengikutinya ikut dicabut." in html
    response = client.post(reverse("periode:dispensasi_cabut", args=[pegawai_d.pk]), follow=True)
    assert "ikut dicabut" in str(list(response.context["messages"])[0])
    assert not Dispensasi.objects.exists()
    assert batas_akhir(cast.periode, V, cast.atasan_langsung) == cast.periode.validasi_selesai
    logs = AuditLog.objects.filter(aksi="skp.dispensasi_cabut")
    assert {log.objek_id for log in logs} == {str(pk) for pk in {pegawai_d.pk, *pengikut}}


def test_withdrawing_the_follower_alone_leaves_the_pegawais_dispensasi(cast):
    pegawai_d, atasan_d, *_ = beri_dispensasi_dengan_validasi_atasan(
        cast.periode,
        oleh=cast.admin,
        pegawai=cast.pegawai,
        berlaku_sampai=cast.periode.penyusunan_selesai + 5 * HARI,
        alasan="Sakit",
    )
    assert cabut_dispensasi(atasan_d, oleh=cast.admin) == []
    assert Dispensasi.objects.filter(pk=pegawai_d.pk).exists()


def test_a_second_running_dispensasi_of_the_same_window_is_refused_with_the_way_out(client, cast):
    dispensasi_untuk(cast, hari=3)
    client.force_login(cast.admin)
    response = client.post(reverse("periode:dispensasi_tambah"), isian(cast))
    assert response.status_code == 200
    pesan = " ".join(response.context["form"].non_field_errors())
    assert "sudah mendapat dispensasi penyusunan" in pesan and "cabut dispensasi itu" in pesan
    assert Dispensasi.objects.count() == 1
    # The other window, or a unit, is not a duplicate.
    dispensasi_untuk(cast, tahap=V)
    dispensasi_untuk(cast, unit_kerja=cast.unit_a)
    assert Dispensasi.objects.count() == 3


def test_an_ended_dispensasi_does_not_block_a_new_one(cast):
    lama = dispensasi_untuk(cast, hari=1)
    with time_machine.travel(lama.berlaku_sampai + 2 * HARI, tick=False):
        dispensasi_untuk(cast, hari=9)
    assert Dispensasi.objects.count() == 2


# --- Issue 16 h: a unit's penyusunan and the validasi after it ------------------------------


def test_a_units_penyusunan_extends_validasi_for_the_atasan_of_its_pegawai(client, cast):
    periode = cast.periode
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:dispensasi_tambah"),
        isian(cast, nip="", unit_kerja=str(cast.unit_b.pk)),
        follow=True,
    )
    baru = periode.penyusunan_selesai + 5 * HARI
    sampai = baru + (periode.validasi_selesai - periode.penyusunan_selesai)
    unit = Dispensasi.objects.get(tahap=P)
    assert unit.unit_kerja == cast.unit_b
    # Unit B's pegawai are validated by its kepala and the atasan penilai.
    pengikut = Dispensasi.objects.filter(tahap=V, mengikuti=unit)
    assert {d.pegawai for d in pengikut} == {cast.atasan_lain, cast.atasan_penilai}
    for atasan in (cast.atasan_lain, cast.atasan_penilai):
        assert batas_akhir(periode, V, atasan) == sampai
    assert batas_akhir(periode, V, cast.atasan_langsung) == periode.validasi_selesai
    d = pengikut.first()
    assert d.alasan.startswith("Mengikuti dispensasi penyusunan unit Unit B, Universitas Contoh")
    html = response.content.decode()
    assert (
        f"Masa validasi 2 atasan yang memvalidasi SKP pegawai unit ini diperpanjang sampai "
        f"{tanggal_panjang(sampai)}: Atasan Lain; Atasan Penilai." in html
    )
    assert "Mengikuti dispensasi penyusunan unit Unit B;" in html
    # Withdrawn together.
    dicabut = cabut_dispensasi(unit, oleh=cast.admin)
    assert {x.pegawai for x in dicabut} == {cast.atasan_lain, cast.atasan_penilai}
    assert not Dispensasi.objects.exists()


def test_a_penyusunan_reaching_past_validasi_without_its_extension_is_warned(client, cast):
    periode = cast.periode
    client.force_login(cast.admin)
    sebelum = client.post(
        reverse("periode:dispensasi_tambah"),
        isian(
            cast,
            nip="",
            unit_kerja=str(cast.unit_b.pk),
            berlaku_sampai=str(periode.validasi_selesai - HARI),
            perpanjang_validasi_atasan="",
        ),
        follow=True,
    )
    assert "tidak dapat divalidasi kecuali" not in sebelum.content.decode()
    Dispensasi.objects.all().delete()
    lewat = client.post(
        reverse("periode:dispensasi_tambah"),
        isian(
            cast,
            nip="",
            unit_kerja=str(cast.unit_b.pk),
            berlaku_sampai=str(periode.validasi_selesai + 2 * HARI),
            perpanjang_validasi_atasan="",
        ),
        follow=True,
    )
    html = lewat.content.decode()
    assert "SKP yang diajukan pada hari-hari itu tidak dapat divalidasi kecuali" in html
    assert list(Dispensasi.objects.values_list("tahap", flat=True)) == [P]  # saved, as asked


def test_the_matching_validasi_cut_at_the_periodes_end_says_so(client, cast):
    periode = cast.periode
    client.force_login(cast.admin)
    response = client.post(
        reverse("periode:dispensasi_tambah"),
        isian(cast, berlaku_sampai=str(periode.tanggal_selesai - HARI)),
        follow=True,
    )
    html = response.content.decode()
    assert f"berhenti pada akhir periode {periode.tahun}" in html
    assert batas_akhir(periode, V, cast.atasan_langsung) == periode.tanggal_selesai
    Dispensasi.objects.all().delete()
    cukup = client.post(reverse("periode:dispensasi_tambah"), isian(cast), follow=True)
    assert "berhenti pada akhir periode" not in cukup.content.decode()
