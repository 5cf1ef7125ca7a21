"""A mutasi (issue 16.3) after a submission: the submitted SKP keeps the header it was
submitted with, while a draft SKP shows the new position and its new pejabat penilai."""

import datetime

from django.urls import reverse
from django.utils import timezone
import pytest

from skp.dokumen import susun_dokumen
from skp.models import Skp, StatusSkp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

pytestmark = pytest.mark.django_db


def _mutasi(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("kepegawaian:pegawai_mutasi", args=[cast.pegawai.nip]),
        {
            "tanggal_berlaku": f"{timezone.localdate():%Y-%m-%d}",
            "unit_kerja": str(cast.unit_b.pk),
            "jabatan": "Analis Sistem Informasi",
            "jenis_jabatan": "pelaksana",
        },
    )
    assert response.status_code == 302


def test_a_submitted_skp_keeps_its_header_through_a_mutasi(client, cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    _mutasi(client, cast)
    header = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)).header
    assert header.pegawai.jabatan == "Pranata Komputer"
    assert "Unit A" in header.pegawai.unit_kerja
    assert header.pejabat_penilai.nama == "Atasan Langsung"


def test_a_draft_skp_shows_the_new_position_and_its_new_pejabat_penilai(client, cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    _mutasi(client, cast)
    header = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)).header
    assert header.pegawai.jabatan == "Analis Sistem Informasi"
    assert "Unit B" in header.pegawai.unit_kerja
    assert header.pejabat_penilai.nama == "Atasan Lain"


def _mulai_jabatan_baru(client, cast):
    client.force_login(cast.pegawai)
    return client.post(reverse("skp:mulai"), {"periode": str(cast.periode.pk), "jabatan_baru": "1"})


def test_after_a_mutasi_the_pegawai_starts_an_skp_for_the_new_position(client, cast):
    lama = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    _mutasi(client, cast)
    client.force_login(cast.pegawai)
    halaman = client.get(reverse("skp:daftar")).content.decode()
    assert "SKP untuk jabatan baru" in halaman and "Analis Sistem Informasi" in halaman
    response = _mulai_jabatan_baru(client, cast)
    baru = Skp.objects.get(pegawai=cast.pegawai, periode=cast.periode, mutasi__isnull=False)
    assert response["Location"] == reverse("skp:detail", args=[baru.pk])
    hari_ini = timezone.localdate()
    assert (baru.status, baru.berlaku_mulai) == (StatusSkp.DRAF, hari_ini)
    lama.refresh_from_db()
    assert lama.berlaku_sampai == max(
        hari_ini - datetime.timedelta(days=1), cast.periode.tanggal_mulai
    )
    assert lama.status == StatusSkp.DIAJUKAN  # the old position's SKP goes on as it was
    assert Skp.objects.terkini_untuk(cast.pegawai, cast.periode) == baru
    # The new SKP's form names its own part of the periode.
    dokumen = susun_dokumen(Skp.objects.dengan_isi().get(pk=baru.pk))
    assert dokumen.periode_penilaian.startswith("PERIODE PENILAIAN: ")
    assert str(hari_ini.day) in dokumen.periode_penilaian
    # Nothing more to start: the offer is gone, and a second click returns the same SKP.
    assert "SKP untuk jabatan baru" not in client.get(reverse("skp:daftar")).content.decode()
    _mulai_jabatan_baru(client, cast)
    assert Skp.objects.filter(pegawai=cast.pegawai, periode=cast.periode).count() == 2


def test_without_a_mutasi_there_is_no_second_skp(client, cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    response = _mulai_jabatan_baru(client, cast)
    assert response["Location"] == reverse("skp:detail", args=[skp.pk])
    assert Skp.objects.filter(pegawai=cast.pegawai).count() == 1


def test_a_mutasi_recorded_before_the_first_skp_needs_no_second_one(client, cast):
    _mutasi(client, cast)
    skp_siap(cast.pegawai, cast.periode)
    assert Skp.objects.mutasi_tertunda(cast.pegawai, cast.periode) is None


def test_the_database_still_holds_one_skp_per_periode_without_a_mutasi(cast):
    from django.db import IntegrityError, transaction

    Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)
    with pytest.raises(IntegrityError), transaction.atomic():
        Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)


def test_the_dashboard_and_the_rekap_follow_the_skp_of_the_new_position(client, cast):
    bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    _mutasi(client, cast)
    _mulai_jabatan_baru(client, cast)
    baru = Skp.objects.terkini_untuk(cast.pegawai, cast.periode)
    client.force_login(cast.pegawai)
    beranda = client.get(reverse("beranda")).content.decode()
    assert reverse("skp:detail", args=[baru.pk]) in beranda
    from skp.rekap import susun_rekap

    rekap = susun_rekap(cast.periode)
    baris = [b for b in rekap.baris if b.pegawai.pk == cast.pegawai.pk]
    assert [b.status for b in baris] == [StatusSkp.DRAF]
