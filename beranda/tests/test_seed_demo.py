from django.core.management import CommandError, call_command
import pytest

from accounts.models import AuditLog, Pegawai, UnitKerja
from periode.demo import KEPALA_UPT_NIP
from periode.models import Periode, Supervisi

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Pegawai.objects.order_by("nip").values_list("nip", "password", "nama", "unit_kerja")),
        list(UnitKerja.objects.order_by("pk").values_list("pk", "nama", "induk", "kepala")),
        list(
            Supervisi.objects.order_by("pk").values_list("pk", "atasan_langsung", "atasan_penilai")
        ),
        list(Periode.objects.order_by("tahun").values()),
        AuditLog.objects.count(),
    )


def test_seed_demo_builds_the_seed_institution(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    kepala = Pegawai.objects.get(nip=KEPALA_UPT_NIP)
    assert kepala.nama_lengkap == "I Ketut Resika Arthana, S.T., M.Kom"
    assert kepala.pangkat_golongan == "Penata Tingkat I, III/d"
    assert kepala.jabatan == "Kepala UPT TIK"
    assert kepala.check_password("demo1234")
    upt = UnitKerja.objects.get(nama="UPT TIK")
    assert upt.induk.nama == "Universitas Pendidikan Ganesha" and upt.kepala == kepala
    divisi = UnitKerja.objects.filter(induk=upt)
    assert divisi.count() == 5
    for unit in divisi:
        assert unit.kepala is not None
        assert unit.pegawai.exclude(pk=unit.kepala_id).count() >= 3
    supervisi = Supervisi.objects.get(pegawai=kepala, periode__tahun=2022)
    assert supervisi.atasan_langsung and supervisi.atasan_penilai
    assert Pegawai.objects.filter(is_admin_kepegawaian=True, is_superuser=False).exists()
    assert Pegawai.objects.filter(is_superuser=True).exists()
    assert set(Periode.objects.values_list("tahun", flat=True)) >= {2022}
    assert Periode.objects.berjalan().is_penyusunan_open()


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


def test_seed_demo_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not Pegawai.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert Pegawai.objects.filter(nip=KEPALA_UPT_NIP).exists()
