"""A member may intervene the RK of the ketua tim of a matriks they belong to (DOMAIN.md §4)."""

import datetime

from periode.models import Periode
from skp.models import RencanaKinerja, Skp
from skp.services.drafting import mulai_skp, salin_dari_periode_sebelumnya


def test_member_from_another_unit_may_choose_the_ketua_tims_rk(tim, cast):
    skp_atasan_sendiri = Skp.objects.create(pegawai=cast.atasan_lain, periode=cast.periode)
    rk_atasan = RencanaKinerja.objects.create(skp=skp_atasan_sendiri, teks="Terlayaninya unit B")
    skp = Skp.objects.create(pegawai=cast.pegawai_lain, periode=cast.periode)
    pilihan = set(RencanaKinerja.objects.pilihan_intervensi(skp))
    assert pilihan == {rk_atasan, tim.rk1, tim.rk2}


def test_a_pegawai_outside_the_team_sees_only_the_atasan_langsungs_rk(tim, cast):
    tim.matriks.anggota.filter(pegawai=cast.pegawai_lain).delete()
    skp = Skp.objects.create(pegawai=cast.pegawai_lain, periode=cast.periode)
    assert list(RencanaKinerja.objects.pilihan_intervensi(skp)) == []


def test_a_copy_of_last_year_keeps_intervening_the_ketua_tims_rk(tim, cast):
    """Last year the member of Unit B intervened the ketua tim's result; this year both the
    ketua tim and their own atasan write that text: the copy stays with the same pimpinan."""
    tahun = cast.periode.tahun - 1
    lalu = Periode.objects.create(
        tahun=tahun,
        tanggal_mulai=datetime.date(tahun, 1, 1),
        tanggal_selesai=datetime.date(tahun, 12, 31),
        penyusunan_mulai=datetime.date(tahun, 5, 1),
        penyusunan_selesai=datetime.date(tahun, 5, 7),
        validasi_mulai=datetime.date(tahun, 5, 7),
        validasi_selesai=datetime.date(tahun, 5, 10),
    )
    ketua_lalu = Skp.objects.create(pegawai=tim.ketua, periode=lalu)
    rk_ketua_lalu = RencanaKinerja.objects.create(skp=ketua_lalu, teks=tim.rk1.teks)
    skp_lalu = Skp.objects.create(pegawai=cast.pegawai_lain, periode=lalu)
    RencanaKinerja.objects.create(
        skp=skp_lalu, teks="Terdukungnya layanan TIK unit B", intervensi=rk_ketua_lalu
    )
    skp_atasan = Skp.objects.create(pegawai=cast.atasan_lain, periode=cast.periode)
    RencanaKinerja.objects.create(skp=skp_atasan, teks=tim.rk1.teks)
    skp = mulai_skp(cast.pegawai_lain, cast.periode, oleh=cast.pegawai_lain)

    hasil = salin_dari_periode_sebelumnya(skp, oleh=cast.pegawai_lain)

    assert skp.rencana_kinerja.get().intervensi == tim.rk1
    assert (hasil.intervensi_tetap, hasil.perlu_dipilih) == (1, 0)
