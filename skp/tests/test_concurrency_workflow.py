"""Concurrent actors on PostgreSQL with real threads: whatever the interleaving, exactly one
transition and one audit row per successful action, and never a state the table forbids."""

import datetime
import threading
import time

from django.db import connection, transaction
import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai
from periode.models import Periode, today_local
from periode.services import tetapkan_supervisi
from skp.exceptions import SkpError
from skp.models import Skp, SkpTransisi, SkpVersi, StatusSkp
from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, skp_siap

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
S = StatusSkp


def serentak(*aksi):
    """Run the callables at the same instant in threads; return their results or errors."""
    barrier = threading.Barrier(len(aksi))
    hasil = [None] * len(aksi)

    def jalan(i, fn):
        try:
            barrier.wait()
            hasil[i] = fn()
        except Exception as exc:  # collected and asserted by the test
            hasil[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=jalan, args=(i, fn)) for i, fn in enumerate(aksi)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return hasil


def audit_count(skp) -> int:
    return AuditLog.objects.filter(objek_tipe="skp.skp", objek_id=str(skp.pk)).count()


def test_double_submit_makes_one_transition_one_version_one_audit(cast, skp):
    hasil = serentak(
        lambda: ajukan_skp(skp, oleh=cast.pegawai), lambda: ajukan_skp(skp, oleh=cast.pegawai)
    )
    assert sum(isinstance(h, Skp) for h in hasil) == 1
    assert sum(isinstance(h, SkpError) for h in hasil) == 1, hasil
    assert SkpTransisi.objects.filter(skp=skp).count() == 1
    assert SkpVersi.objects.filter(skp=skp).count() == 1
    assert audit_count(skp) == 1


def test_approve_and_return_at_once_by_the_atasan_langsung_makes_one_transition(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    hasil = serentak(
        lambda: setujui_skp(skp, oleh=cast.atasan_langsung),
        lambda: kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN),
    )
    assert sum(isinstance(h, Skp) for h in hasil) == 1
    skp.refresh_from_db()
    assert skp.status in (S.DISETUJUI_ATASAN_LANGSUNG, S.DIKEMBALIKAN)
    assert SkpTransisi.objects.filter(skp=skp).count() == 2
    assert audit_count(skp) == 2


def test_two_validators_at_once_on_the_second_step_make_one_transition(cast, skp):
    # The atasan penilai ditetapkan while a second validator (the atasan langsung, still
    # validator at the step before) tries to return it: only the current step's validator wins.
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    hasil = serentak(
        lambda: setujui_skp(skp, oleh=cast.atasan_penilai),
        lambda: kembalikan_skp(skp, oleh=cast.atasan_penilai, catatan=CATATAN),
        lambda: kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN),
    )
    assert sum(isinstance(h, Skp) for h in hasil) == 1
    assert isinstance(hasil[2], SkpError)
    assert SkpTransisi.objects.filter(skp=skp).count() == 3
    assert audit_count(skp) == 3


def test_staff_submitting_while_the_admin_closes_the_window_never_slip_through(cast):
    staf = [cast.pegawai]
    for i in range(3):
        p = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        staf.append(p)
    skps = [skp_siap(p, cast.periode) for p in staf]
    kemarin = today_local() - datetime.timedelta(days=1)
    mulai = threading.Event()

    def admin_menutup():
        # The admin's change holds its row lock for a while before committing: submissions
        # that read the window meanwhile must wait for it, then see it closed.
        with transaction.atomic():
            Periode.objects.filter(pk=cast.periode.pk).update(penyusunan_selesai=kemarin)
            mulai.set()
            time.sleep(0.5)
        return "ditutup"

    def ajukan(skp, pegawai):
        def fn():
            mulai.wait(5)
            return ajukan_skp(skp, oleh=pegawai)

        return fn

    hasil = serentak(admin_menutup, *[ajukan(s, p) for s, p in zip(skps, staf, strict=True)])
    assert hasil[0] == "ditutup"
    assert all(isinstance(h, SkpError) and "berakhir" in str(h) for h in hasil[1:]), hasil
    assert not SkpTransisi.objects.exists()
    assert set(Skp.objects.values_list("status", flat=True)) == {S.DRAF}


def test_staff_and_admin_racing_each_end_with_one_transition_per_success(cast):
    staf = [cast.pegawai]
    for i in range(3):
        p = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        staf.append(p)
    skps = [skp_siap(p, cast.periode) for p in staf]
    kemarin = today_local() - datetime.timedelta(days=1)

    def admin_menutup():
        Periode.objects.filter(pk=cast.periode.pk).update(penyusunan_selesai=kemarin)
        return "ditutup"

    hasil = serentak(
        admin_menutup,
        *[lambda s=s, p=p: ajukan_skp(s, oleh=p) for s, p in zip(skps, staf, strict=True)],
    )
    berhasil = [h for h in hasil[1:] if isinstance(h, Skp)]
    assert all(isinstance(h, Skp | SkpError) for h in hasil[1:]), hasil
    assert SkpTransisi.objects.count() == len(berhasil)
    assert AuditLog.objects.filter(aksi="skp.ajukan").count() == len(berhasil)
    assert Skp.objects.filter(status=S.DIAJUKAN).count() == len(berhasil)
