"""A team on top of the fixed cast: the atasan langsung of Unit A leads a matriks whose
columns are two RK of his SKP; the pegawai (Unit A) and the pegawai of Unit B are members."""

from types import SimpleNamespace

import pytest

from kpi.services import DataPeranHasil, buat_matriks, simpan_sel, tambah_anggota, tambah_kolom
from skp.models import RencanaKinerja, Skp


@pytest.fixture
def tim(cast):
    skp_ketua = Skp.objects.create(pegawai=cast.atasan_langsung, periode=cast.periode)
    rk1 = RencanaKinerja.objects.create(skp=skp_ketua, teks="Terkelolanya layanan TIK", urutan=1)
    rk2 = RencanaKinerja.objects.create(skp=skp_ketua, teks="Tersedianya data terpadu", urutan=2)
    ketua = cast.atasan_langsung
    matriks = buat_matriks(
        periode=cast.periode,
        nama="Tim Unit A",
        ketua=ketua,
        unit_kerja=cast.unit_a,
        isi_anggota_unit=True,
        oleh=ketua,
    )
    lain = tambah_anggota(matriks, cast.pegawai_lain, oleh=ketua)
    k1 = tambah_kolom(matriks, rencana_kinerja=rk1, oleh=ketua)
    k2 = tambah_kolom(matriks, rencana_kinerja=rk2, oleh=ketua)
    sendiri = matriks.anggota.get(pegawai=cast.pegawai)
    return SimpleNamespace(
        matriks=matriks,
        ketua=ketua,
        rk1=rk1,
        rk2=rk2,
        k1=k1,
        k2=k2,
        anggota=sendiri,
        anggota_lain=lain,
        skp_ketua=skp_ketua,
    )


def isi(tim, anggota, kolom, *teks, na=False, **extra):
    if extra.get("target") is not None:  # a target belongs to an indicator
        extra.setdefault("indikator", "Jumlah laporan")
    return simpan_sel(
        tim.matriks,
        anggota,
        kolom,
        is_na=na,
        peran_hasil=[DataPeranHasil(t, **extra) for t in teks],
        oleh=tim.ketua,
    )
