"""A mutasi (issue 16.3) after a submission: the submitted SKP keeps the header it was
submitted with, while a draft SKP shows the new position and its new pejabat penilai."""

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
