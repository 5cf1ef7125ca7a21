from django.core.management import call_command
import pytest

from kpi.models import Kpi, MatriksPeranHasil, PeranHasil
from periode.demo import KEPALA_UPT_NIP
from skp.models import AsalRencanaKinerja, RencanaKinerja

pytestmark = pytest.mark.django_db


def counts():
    return (
        Kpi.objects.count(),
        MatriksPeranHasil.objects.count(),
        PeranHasil.objects.count(),
        RencanaKinerja.objects.count(),
    )


def test_seed_demo_cascades_the_kepala_upt_results_two_levels_down(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    upt = MatriksPeranHasil.objects.get(ketua__nip=KEPALA_UPT_NIP)
    si = MatriksPeranHasil.objects.get(nama="Tim Divisi Sistem Informasi")
    assert upt.diterapkan_pada and si.diterapkan_pada
    assert Kpi.objects.filter(unit_kerja__nama="UPT TIK", pernyataan__startswith="Pelatihan IT")
    staf_rk = RencanaKinerja.objects.filter(
        skp__pegawai__in=si.anggota.values("pegawai"), asal=AsalRencanaKinerja.MATRIKS
    )
    # Six results for three staff; the demo submits one of them first (Diajukan), and the
    # matriks leaves a submitted SKP alone, as it must.
    assert staf_rk.count() == 4
    linked = staf_rk.exclude(intervensi=None).first()
    assert linked.intervensi.skp.pegawai == si.ketua
    assert linked.intervensi.intervensi.skp.pegawai.nip == KEPALA_UPT_NIP
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
