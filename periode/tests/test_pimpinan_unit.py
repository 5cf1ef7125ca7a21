"""A new kepala: which supervision rows of the running periode follow, and only on confirmation
(periode/pimpinan_unit.py)."""

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai, buat_unit
from periode.models import Supervisi
from periode.pimpinan_unit import ganti_pimpinan_unit, supervisi_yang_mengikuti


def atasan(pegawai, periode):
    s = Supervisi.objects.get(pegawai=pegawai, periode=periode)
    return s.atasan_langsung, s.atasan_penilai


def ringkas(ikut):
    return {i.pegawai: (i.langsung_baru, i.penilai_baru) for i in ikut}


def test_a_new_top_kepala_takes_over_every_row_that_named_the_old_one(cast):
    rektor = buat_pegawai("Rektor Baru", unit_kerja=cast.root)
    ikut = supervisi_yang_mengikuti(cast.root, rektor, cast.periode, oleh=cast.admin)
    assert ringkas(ikut) == {
        cast.atasan_langsung: (rektor, None),
        cast.atasan_lain: (rektor, None),
        cast.pegawai: (cast.atasan_langsung, rektor),
        cast.pegawai_lain: (cast.atasan_lain, rektor),
    }


def test_a_staff_member_promoted_to_kepala_takes_the_old_kepala_s_own_atasan(cast):
    ikut = supervisi_yang_mengikuti(cast.unit_a, cast.pegawai, cast.periode, oleh=cast.admin)
    # The old kepala stays in Unit A: he now serves under the new one.
    assert ringkas(ikut) == {
        cast.pegawai: (cast.atasan_penilai, None),
        cast.atasan_langsung: (cast.pegawai, cast.atasan_penilai),
    }


def test_rows_outside_the_unit_do_not_follow(cast):
    baru = buat_pegawai("Kepala Baru", unit_kerja=cast.unit_a)
    ikut = supervisi_yang_mengikuti(cast.unit_a, baru, cast.periode, oleh=cast.admin)
    # Unit B's rows stay; the new kepala without atasan takes the old kepala's.
    assert ringkas(ikut) == {
        baru: (cast.atasan_penilai, None),
        cast.atasan_langsung: (baru, cast.atasan_penilai),
        cast.pegawai: (baru, cast.atasan_penilai),
    }


def test_a_unit_without_kepala_gives_its_members_without_atasan_the_new_kepala(cast):
    unit_c = buat_unit("Unit C", cast.root)
    kepala = buat_pegawai("Kepala C", unit_kerja=unit_c)
    staf = buat_pegawai("Staf C", unit_kerja=unit_c)
    ganti_pimpinan_unit(
        cast.unit_b,
        oleh=cast.admin,
        kepala=cast.atasan_lain,
        koordinator=None,
        sub_koordinator=None,
        periode=cast.periode,
    )
    from periode.services import tetapkan_supervisi

    tetapkan_supervisi(
        kepala, cast.periode, atasan_langsung=cast.atasan_penilai, atasan_penilai=None
    )
    ikut = supervisi_yang_mengikuti(unit_c, kepala, cast.periode, oleh=cast.admin)
    assert ringkas(ikut) == {staf: (kepala, cast.atasan_penilai)}


def test_removing_a_kepala_changes_nobody_s_atasan(cast):
    assert supervisi_yang_mengikuti(cast.unit_a, None, cast.periode, oleh=cast.admin) == []
    ganti_pimpinan_unit(
        cast.unit_a,
        oleh=cast.admin,
        kepala=None,
        koordinator=None,
        sub_koordinator=None,
        periode=cast.periode,
    )
    assert atasan(cast.pegawai, cast.periode) == (cast.atasan_langsung, cast.atasan_penilai)
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.kepala is None


def test_the_change_applies_the_rows_and_audits_each_with_old_and_new(cast):
    baru = buat_pegawai("Kepala Baru", unit_kerja=cast.unit_a)
    berubah, jumlah = ganti_pimpinan_unit(
        cast.unit_a,
        oleh=cast.admin,
        kepala=baru,
        koordinator=None,
        sub_koordinator=None,
        periode=cast.periode,
    )
    assert berubah == {
        "kepala": [
            f"{cast.atasan_langsung.nip} — Atasan Langsung",
            f"{baru.nip} — Kepala Baru",
        ]
    }
    assert jumlah == 3  # the new kepala, the old one who stays, the pegawai
    assert atasan(cast.pegawai, cast.periode) == (baru, cast.atasan_penilai)
    log = AuditLog.objects.get(
        aksi="supervisi.tetapkan",
        aktor=cast.admin,
        objek_id=str(Supervisi.objects.get(pegawai=cast.pegawai, periode=cast.periode).pk),
    )
    # Names with NIPs, never database ids.
    assert log.data["sebelum"] == {
        "atasan_langsung": f"Atasan Langsung ({cast.atasan_langsung.nip})",
        "atasan_penilai": f"Atasan Penilai ({cast.atasan_penilai.nip})",
    }
    assert log.data["sesudah"]["atasan_langsung"] == f"Kepala Baru ({baru.nip})"


def test_a_follower_with_rights_like_the_actor_s_is_shown_but_left_alone(cast):
    rekan = buat_pegawai("Admin Lain", unit_kerja=cast.unit_a, is_admin_kepegawaian=True)
    from periode.services import tetapkan_supervisi

    tetapkan_supervisi(
        rekan, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    baru = buat_pegawai("Kepala Baru", unit_kerja=cast.unit_a)
    ikut = supervisi_yang_mengikuti(cast.unit_a, baru, cast.periode, oleh=cast.admin)
    assert {i.pegawai: i.bisa for i in ikut} == {
        rekan: False,
        cast.pegawai: True,
        baru: True,
        cast.atasan_langsung: True,
    }
    _, jumlah = ganti_pimpinan_unit(
        cast.unit_a,
        oleh=cast.admin,
        kepala=baru,
        koordinator=None,
        sub_koordinator=None,
        periode=cast.periode,
    )
    assert jumlah == 3
    assert atasan(rekan, cast.periode) == (cast.atasan_langsung, None)
