from collections import Counter

from django.core.management import CommandError, call_command
import pytest

from accounts.models import AuditLog, Pegawai, UnitKerja
from periode.demo import KEPALA_UPT_NIP
from periode.models import Periode, Supervisi
from skp.berakhlak import NilaiBerakhlak
from skp.models import (
    ButirLampiran,
    EkspektasiPerilaku,
    JenisLampiran,
    PresetEkspektasi,
    PresetLampiran,
    Skp,
)

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
    # Everyone has an address on the reserved .example domain: the workflow emails show on
    # the console of `make run` and can reach nobody.
    assert kepala.email == "ketut.arthana@undiksha.example"
    assert not Pegawai.objects.filter(is_superuser=False, email="").exists()
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


def test_seed_demo_fills_the_current_years_perilaku_and_lampiran_and_leaves_2022_alone(
    settings,
):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    # The admin kepegawaian's presets: 2–3 per value, the three lists with isian awal.
    per_nilai = Counter(PresetEkspektasi.objects.values_list("nilai", flat=True))
    assert set(per_nilai) == set(NilaiBerakhlak.values)
    assert all(2 <= n <= 3 for n in per_nilai.values())
    for jenis in JenisLampiran.values:
        presets = PresetLampiran.objects.filter(jenis=jenis)
        assert presets.filter(is_bawaan=True).exists() and presets.filter(is_bawaan=False)
    berjalan = Periode.objects.berjalan()
    staf = Skp.objects.get(pegawai__nip="199105172019031012", periode=berjalan)
    ekspektasi = staf.ekspektasi_perilaku.select_related("ditulis_oleh")
    assert ekspektasi.count() >= 4
    assert {e.ditulis_oleh.nip for e in ekspektasi} == {"198703222010121003"}  # his kepala
    assert ekspektasi.get(nilai="berorientasi_pelayanan").teks.startswith("Menanggapi tiket")
    assert set(staf.lampiran.values_list("jenis", flat=True)) == set(JenisLampiran.values)
    # A submitted demo SKP was filled before it was submitted: its version holds them.
    diajukan = Skp.objects.get(pegawai__nip="199402112020121006", periode=berjalan)
    versi = diajukan.versi.get()
    assert sum(1 for p in versi.perilaku if p["teks"]) >= 4 and len(versi.lampiran) >= 6
    # One kepala divisi's expectations are still to write: the Kepala UPT's inbox shows it.
    infra = Skp.objects.get(pegawai__nip="198201302008011005", periode=berjalan)
    assert not infra.ekspektasi_perilaku.exists() and infra.lampiran.exists()
    # The seed's 2022 (PermenPANRB 8/2021) has neither.
    assert not EkspektasiPerilaku.objects.filter(skp__periode__tahun=2022).exists()
    assert not ButirLampiran.objects.filter(skp__periode__tahun=2022).exists()
    first = (
        list(EkspektasiPerilaku.objects.order_by("pk").values_list("skp", "nilai", "teks")),
        list(ButirLampiran.objects.order_by("pk").values_list("skp", "jenis", "teks")),
        PresetEkspektasi.objects.count(),
        PresetLampiran.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert (
        list(EkspektasiPerilaku.objects.order_by("pk").values_list("skp", "nilai", "teks")),
        list(ButirLampiran.objects.order_by("pk").values_list("skp", "jenis", "teks")),
        PresetEkspektasi.objects.count(),
        PresetLampiran.objects.count(),
    ) == first
