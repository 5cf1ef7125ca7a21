"""The matriks is the team's plan, not a way into members' SKPs (issue 13.3): it shows which
cells have become an RK, but no member's SKP status, to the ketua tim nor to the other
members; who reads an SKP is `Skp.objects.terlihat_oleh`."""

from kpi.services import terapkan_ke_skp
from kpi.tests.conftest import isi


def test_the_matriks_marks_applied_cells_without_any_members_skp_status(client, tim, cast):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan")
    isi(tim, tim.anggota_lain, tim.k1, "Terpasangnya jaringan")
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    for user in [cast.pegawai_lain, cast.pegawai, tim.ketua]:
        client.force_login(user)
        text = client.get(f"/matriks/{tim.matriks.pk}/").text
        assert text.count("di SKP</span>") == 2
        assert "Draf" not in text, user
