"""An acting head (Plt./Plh., issue 16.1) is printed as such on the forms: the pejabat penilai
who heads a unit as Plt. signs as "Plt. Kepala <unit>", live and in the submitted header."""

import pytest

from accounts.models import KepalaSementara, UnitKerja
from skp.dokumen import header_snapshot, susun_dokumen
from skp.models import Skp, StatusSkp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

pytestmark = pytest.mark.django_db


def _plt(cast, sebagai=KepalaSementara.PLT):
    UnitKerja.objects.filter(pk=cast.unit_a.pk).update(kepala_sementara=sebagai)


def test_the_pejabat_penilai_who_heads_a_unit_as_plt_is_named_so(cast):
    _plt(cast)
    skp = skp_siap(cast.pegawai, cast.periode)
    header = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)).header
    assert header.pejabat_penilai.jabatan == "Plt. Kepala Unit A"
    assert header.atasan_penilai.jabatan == "Wakil Rektor"  # a definitive head keeps his own
    assert header.pegawai.jabatan == "Pranata Komputer"


def test_plh_too_and_the_submission_freezes_it(cast):
    _plt(cast, KepalaSementara.PLH)
    assert (
        header_snapshot(skp_siap(cast.pegawai_lain, cast.periode))["pejabat_penilai"]["jabatan"]
        == "Kepala Unit B"
    )
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DIAJUKAN, cast)
    assert skp.snapshot_header["pejabat_penilai"]["jabatan"] == "Plh. Kepala Unit A"
    # Made definitive later: the submitted SKP keeps what it was submitted with.
    _plt(cast, KepalaSementara.DEFINITIF)
    header = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)).header
    assert header.pejabat_penilai.jabatan == "Plh. Kepala Unit A"


def test_the_skp_page_header_names_the_acting_head(client, cast):
    from django.urls import reverse

    _plt(cast)
    skp = skp_siap(cast.pegawai, cast.periode)
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Plt. Kepala Unit A" in html
