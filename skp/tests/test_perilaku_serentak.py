"""The pimpinan writes an expectation while the pegawai submits, on PostgreSQL with real
threads: whatever the interleaving, the submitted version holds exactly what was written
before it, and nothing is written into a submitted SKP."""

import threading

from django.db import connection
import pytest

from skp.exceptions import SkpError
from skp.models import EkspektasiPerilaku, Skp, SkpVersi, StatusSkp
from skp.services.perilaku import tulis_ekspektasi
from skp.services.workflow import ajukan_skp
from skp.tests.bantuan_perilaku import EKSPEKTASI_AKUNTABEL, jadikan_6_2022

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def serentak(*aksi):
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


@pytest.mark.parametrize("putaran", range(3))
def test_an_expectation_written_during_submission_is_in_the_version_or_refused(cast, skp, putaran):
    jadikan_6_2022(cast.periode)
    skp = Skp.objects.get(pk=skp.pk)
    tulis, ajukan = serentak(
        lambda: tulis_ekspektasi(
            skp, oleh=cast.atasan_langsung, nilai="akuntabel", teks=EKSPEKTASI_AKUNTABEL
        ),
        lambda: ajukan_skp(skp, oleh=cast.pegawai),
    )
    assert isinstance(ajukan, Skp), ajukan
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN
    versi = SkpVersi.objects.get(skp=skp)
    if isinstance(tulis, SkpError):
        assert not EkspektasiPerilaku.objects.filter(skp=skp).exists()
        assert versi.perilaku[1]["teks"] == ""
    else:
        assert isinstance(tulis, EkspektasiPerilaku), tulis
        assert versi.perilaku[1]["teks"] == EKSPEKTASI_AKUNTABEL
