"""The ketua applies while the member edits the same RK, on PostgreSQL with real threads:
whatever the interleaving, the member's own value is never lost."""

from decimal import Decimal
import threading

from django.db import connection
import pytest

from kpi.services import terapkan_ke_skp
from kpi.tests.conftest import isi
from skp.models import Indikator
from skp.services.drafting import IsianIndikator, ubah_indikator

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


@pytest.mark.parametrize("putaran", range(4))
def test_a_member_edit_racing_a_reapply_is_never_overwritten(tim, cast, putaran):
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(5),
        satuan="laporan")  # fmt: skip
    terapkan_ke_skp(tim.matriks, oleh=tim.ketua)
    iki = Indikator.objects.get(rencana_kinerja__skp__pegawai=cast.pegawai)
    isi(tim, tim.anggota, tim.k1, "Tersusunnya laporan layanan", target=Decimal(7),
        satuan="laporan")  # fmt: skip

    def sunting():
        return ubah_indikator(iki, oleh=cast.pegawai, isian=IsianIndikator(
            aspek=iki.aspek, teks=iki.teks, target_min=Decimal(6), satuan="laporan"))  # fmt: skip

    hasil = serentak(sunting, lambda: terapkan_ke_skp(tim.matriks, oleh=tim.ketua))
    assert not any(isinstance(h, Exception) for h in hasil), hasil
    iki.refresh_from_db()
    assert iki.target_min == Decimal(6)  # applied first then edited, or edited then a conflict
