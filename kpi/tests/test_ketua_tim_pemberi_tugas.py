"""A ketua tim holds a position that may give penugasan (DOMAIN.md §10): kpi tells penugasan."""

import pytest

from kpi.models import MatriksPeranHasil
from penugasan.services import boleh_memberi_tugas

pytestmark = pytest.mark.django_db


def test_a_ketua_tim_may_assign_work_and_a_plain_member_may_not(cast):
    assert not boleh_memberi_tugas(cast.pegawai, cast.periode)
    MatriksPeranHasil.objects.create(periode=cast.periode, nama="Tim Aplikasi", ketua=cast.pegawai)
    assert boleh_memberi_tugas(cast.pegawai, cast.periode)
    assert not boleh_memberi_tugas(cast.pegawai_lain, cast.periode)
