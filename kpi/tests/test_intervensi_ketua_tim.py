"""A member may intervene the RK of the ketua tim of a matriks they belong to (DOMAIN.md §4)."""

from skp.models import RencanaKinerja, Skp


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
