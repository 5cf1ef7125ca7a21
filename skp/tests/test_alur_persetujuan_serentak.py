"""The admin switching a periode to one step while atasan approve, on PostgreSQL with real
threads: whatever the interleaving, no SKP is left waiting for an atasan penilai in a
one-step periode (the switch is refused, or the approvals after it end in Ditetapkan)."""

import threading
import time

from django.db import connection, transaction
import pytest

from accounts.tests.factories import buat_pegawai
from periode.models import AlurPersetujuan, Periode
from periode.services import FIELD_PERIODE, PeriodeError, simpan_periode, tetapkan_supervisi
from skp.models import Skp, SkpTransisi, StatusSkp
from skp.services.workflow import ajukan_skp, setujui_skp
from skp.tests.bantuan_workflow import skp_siap
from skp.tests.test_concurrency_workflow import serentak

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
S, SATU = StatusSkp, AlurPersetujuan.SATU_TAHAP


def _diajukan(cast, jumlah: int) -> list[Skp]:
    staf = [cast.pegawai]
    for i in range(jumlah - 1):
        p = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        staf.append(p)
    skps = [skp_siap(p, cast.periode) for p in staf]
    for skp, p in zip(skps, staf, strict=True):
        ajukan_skp(skp, oleh=p)
    return skps


def _satu_tahap(cast):
    def fn():
        periode = Periode.objects.get(pk=cast.periode.pk)
        data = {f: getattr(periode, f) for f in FIELD_PERIODE} | {"alur_persetujuan": SATU}
        return simpan_periode(data, oleh=cast.admin, periode=periode)

    return fn


def _tidak_ada_yang_tersangkut():
    periode = Periode.objects.get()
    tersangkut = Skp.objects.filter(status=S.DISETUJUI_ATASAN_LANGSUNG).count()
    assert periode.is_dua_tahap or tersangkut == 0, (periode.alur_persetujuan, tersangkut)


def test_approvals_racing_the_switch_never_leave_an_skp_at_the_second_step(cast):
    skps = _diajukan(cast, 4)
    hasil = serentak(
        _satu_tahap(cast),
        *[lambda s=s: setujui_skp(s, oleh=cast.atasan_langsung) for s in skps],
    )
    assert all(isinstance(h, Skp) for h in hasil[1:]), hasil
    assert isinstance(hasil[0], Periode | PeriodeError), hasil[0]
    _tidak_ada_yang_tersangkut()
    assert SkpTransisi.objects.filter(aksi="setujui").count() == 4


def test_an_approval_committing_meanwhile_makes_the_switch_refused(cast):
    (skp,) = _diajukan(cast, 1)
    disetujui = threading.Event()

    def menyetujui_lambat():
        # The approval holds its share lock on the periode until it commits: the admin's
        # change waits for it, then counts the SKP it left at the second step.
        with transaction.atomic():
            setujui_skp(skp, oleh=cast.atasan_langsung)
            disetujui.set()
            time.sleep(0.5)
        return "disetujui"

    def menunggu_lalu_ubah():
        disetujui.wait(5)
        return _satu_tahap(cast)()

    hasil = serentak(menyetujui_lambat, menunggu_lalu_ubah)
    assert hasil[0] == "disetujui"
    assert isinstance(hasil[1], PeriodeError) and "menunggu penetapan" in str(hasil[1])
    assert Periode.objects.get().is_dua_tahap
    _tidak_ada_yang_tersangkut()


def test_approvals_waiting_for_the_switch_end_in_ditetapkan(cast):
    skps = _diajukan(cast, 3)
    diubah = threading.Event()

    def ubah_lambat():
        with transaction.atomic():
            _satu_tahap(cast)()
            diubah.set()
            time.sleep(0.5)
        return "diubah"

    def setujui(skp):
        def fn():
            diubah.wait(5)
            return setujui_skp(skp, oleh=cast.atasan_langsung)

        return fn

    hasil = serentak(ubah_lambat, *[setujui(s) for s in skps])
    assert hasil[0] == "diubah"
    assert [h.status for h in hasil[1:]] == [S.DITETAPKAN] * 3, hasil
    _tidak_ada_yang_tersangkut()
