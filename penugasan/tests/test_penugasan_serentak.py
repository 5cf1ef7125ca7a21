"""Penugasan decisions at the same instant on PostgreSQL with real threads: one decision per
assignee, the places of an opportunity never overbooked, one version per acceptance."""

import datetime

from django.db import connection
import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai
from penugasan.models import AnggotaPenugasan, JenisPenugasan, StatusAnggota
from penugasan.services import (
    IsianTugas,
    PenugasanError,
    ajukan_diri,
    buat_penugasan,
    putuskan_penilai,
    terima_ke_skp,
)
from periode.services import tetapkan_supervisi
from skp.models import RencanaKinerja, SkpVersi, StatusSkp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap
from skp.tests.test_concurrency_workflow import serentak

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
S = StatusAnggota


def _isian(cast, *anggota, **lain):
    tahun = cast.periode.tahun
    nilai = {
        "judul": "Panitia UTBK",
        "hasil": "Terlaksananya tugas Panitia UTBK",
        "iki_teks": "Jumlah sesi ujian yang didukung",
        "target": "12",
        "satuan": "sesi",
        "mulai": datetime.date(tahun, 1, 1),
        "selesai": datetime.date(tahun, 12, 31),
        "anggota": [(p, "Anggota") for p in anggota],
    }
    nilai.update(lain)
    return IsianTugas(**nilai)


def test_agreeing_and_declining_at_once_leave_one_decision(cast):
    skp_siap(cast.pegawai, cast.periode)
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_penilai)
    a = AnggotaPenugasan.objects.get(penugasan=p)
    hasil = serentak(
        lambda: putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=True),
        lambda: putuskan_penilai(a, oleh=cast.atasan_langsung, setuju=False, alasan="Penuh"),
    )
    assert sum(isinstance(h, AnggotaPenugasan) for h in hasil) == 1
    assert sum(isinstance(h, PenugasanError) for h in hasil) == 1, hasil
    a.refresh_from_db()
    assert a.status in (S.DI_SKP, S.DITOLAK)
    jumlah_rk = RencanaKinerja.objects.filter(skp__pegawai=cast.pegawai, asal="penugasan").count()
    assert jumlah_rk == (1 if a.status == S.DI_SKP else 0)
    assert AuditLog.objects.filter(aksi="penugasan.putuskan").count() == 1


def test_two_volunteers_for_the_last_place_leave_one_in_line(cast):
    ketiga = buat_pegawai("Pegawai Tiga", unit_kerja=cast.unit_a)
    tetapkan_supervisi(
        ketiga, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    peluang = buat_penugasan(
        cast.periode, _isian(cast, jenis=JenisPenugasan.PELUANG, kuota=1), oleh=cast.atasan_lain
    )
    hasil = serentak(
        lambda: ajukan_diri(peluang, oleh=cast.pegawai),
        lambda: ajukan_diri(peluang, oleh=ketiga),
    )
    assert sum(isinstance(h, AnggotaPenugasan) for h in hasil) == 1
    assert sum(isinstance(h, PenugasanError) for h in hasil) == 1, hasil
    assert AnggotaPenugasan.objects.filter(penugasan=peluang).count() == 1


def test_accepting_into_a_ditetapkan_skp_twice_at_once_makes_one_version(cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_penilai)
    a = putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=p), oleh=cast.atasan_langsung, setuju=True
    )
    assert a.status == S.MENUNGGU_SKP
    hasil = serentak(
        lambda: terima_ke_skp(a, oleh=cast.atasan_langsung),
        lambda: terima_ke_skp(a, oleh=cast.atasan_langsung),
    )
    assert sum(isinstance(h, AnggotaPenugasan) for h in hasil) == 1, hasil
    assert SkpVersi.objects.filter(skp=skp).count() == 2
    assert skp.rencana_kinerja.filter(asal="penugasan").count() == 1


def test_a_withdrawal_racing_the_acceptance_leaves_the_work_out_of_the_skp_either_way(cast):
    from penugasan.services import tarik_penugasan

    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), StatusSkp.DITETAPKAN, cast)
    p = buat_penugasan(cast.periode, _isian(cast, cast.pegawai), oleh=cast.atasan_lain)
    a = putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=p), oleh=cast.atasan_langsung, setuju=True
    )
    hasil = serentak(
        lambda: terima_ke_skp(a, oleh=cast.atasan_langsung),
        lambda: tarik_penugasan(p, oleh=cast.atasan_lain, alasan="Batal."),
    )
    assert any(isinstance(h, list) for h in hasil), hasil  # the withdrawal always holds
    a.refresh_from_db()
    assert a.status == S.DITARIK
    assert skp.rencana_kinerja.filter(asal="penugasan").count() == 0
    # Accepted first: a version in and a version out; withdrawn first: no version at all.
    assert SkpVersi.objects.filter(skp=skp).count() in (1, 3)


def test_two_withdrawals_at_once_withdraw_once(cast):
    from penugasan.services import tarik_penugasan

    p = buat_penugasan(
        cast.periode, _isian(cast, cast.pegawai, cast.pegawai_lain), oleh=cast.atasan_penilai
    )
    hasil = serentak(
        lambda: tarik_penugasan(p, oleh=cast.atasan_penilai, alasan="Batal."),
        lambda: tarik_penugasan(p, oleh=cast.atasan_penilai, alasan="Batal juga."),
    )
    assert sum(isinstance(h, list) for h in hasil) == 1
    assert sum(isinstance(h, PenugasanError) for h in hasil) == 1, hasil
    assert AuditLog.objects.filter(aksi="penugasan.tarik").count() == 1
