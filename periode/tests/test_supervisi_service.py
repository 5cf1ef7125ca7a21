import pytest

from accounts.models import AuditLog
from accounts.services import KepegawaianError
from periode.services import tetapkan_supervisi


def test_nobody_supervises_themselves(cast):
    with pytest.raises(KepegawaianError, match="atasan dirinya sendiri"):
        tetapkan_supervisi(
            cast.pegawai, cast.periode, atasan_langsung=cast.pegawai, atasan_penilai=None
        )


def test_a_cycle_in_the_atasan_chain_is_refused(cast):
    with pytest.raises(KepegawaianError, match="berputar"):
        tetapkan_supervisi(
            cast.atasan_langsung, cast.periode, atasan_langsung=cast.pegawai, atasan_penilai=None
        )
    assert cast.atasan_langsung.supervisi.get().atasan_langsung == cast.atasan_penilai


def test_a_change_is_audited_and_a_repeat_is_not(cast):
    before = AuditLog.objects.filter(aksi="supervisi.tetapkan").count()
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_lain,
        atasan_penilai=cast.atasan_penilai,
        oleh=cast.admin,
    )
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_lain,
        atasan_penilai=cast.atasan_penilai,
        oleh=cast.admin,
    )
    rows = AuditLog.objects.filter(aksi="supervisi.tetapkan")
    assert rows.count() == before + 1
    assert rows.first().aktor == cast.admin
