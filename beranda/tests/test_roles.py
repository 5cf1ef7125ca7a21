"""The menu's role facts come with the current periode in one query, and say what the
separate checks say."""

import datetime

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from beranda.roles import peran_request, peran_untuk
from periode.models import Periode


def _peran(pegawai):
    request = RequestFactory().get("/")
    request.user = pegawai
    with CaptureQueriesContext(connection) as queries:
        hasil = peran_request(request)
    return hasil, len(queries.captured_queries)


def test_each_role_is_seen_as_the_separate_checks_see_it(cast):
    for orang in (cast.pegawai, cast.atasan_langsung, cast.atasan_penilai, cast.admin):
        (peran, periode), jumlah_query = _peran(orang)
        assert peran == peran_untuk(orang, cast.periode)
        assert periode == cast.periode and jumlah_query == 1
    assert _peran(cast.atasan_penilai)[0][0].is_atasan  # penilai only: still a validator
    assert _peran(cast.atasan_langsung)[0][0].is_kepala_unit
    assert not _peran(cast.pegawai)[0][0].is_atasan


def test_the_current_year_wins_over_a_later_periode(cast):
    tahun = cast.periode.tahun + 1
    Periode.objects.create(
        tahun=tahun,
        tanggal_mulai=datetime.date(tahun, 1, 1),
        tanggal_selesai=datetime.date(tahun, 12, 31),
        penyusunan_mulai=datetime.date(tahun, 1, 1),
        penyusunan_selesai=datetime.date(tahun, 1, 31),
        validasi_mulai=datetime.date(tahun, 1, 1),
        validasi_selesai=datetime.date(tahun, 2, 28),
    )
    assert _peran(cast.pegawai)[0][1] == cast.periode == Periode.objects.berjalan()


def test_without_any_periode_nobody_validates(db):
    from accounts.tests.factories import buat_pegawai, buat_unit

    pegawai = buat_pegawai("Sendiri", unit_kerja=buat_unit("Unit"))
    (peran, periode), _ = _peran(pegawai)
    assert periode is None and not peran.is_atasan


def _menu_request(pegawai):
    request = RequestFactory().get("/")
    request.user = pegawai
    return request


def test_menu_roles_are_remembered_for_a_minute_then_read_again(cast):
    import time
    from unittest import mock

    from beranda.roles import PERAN_MENU_DETIK, peran_menu
    from periode.services import tetapkan_supervisi

    assert not peran_menu(_menu_request(cast.pegawai_lain)).is_atasan
    tetapkan_supervisi(
        cast.pegawai, cast.periode, atasan_langsung=cast.pegawai_lain, atasan_penilai=None
    )
    with CaptureQueriesContext(connection) as queries:
        assert not peran_menu(_menu_request(cast.pegawai_lain)).is_atasan  # remembered
    assert len(queries.captured_queries) == 0
    nanti = time.time() + PERAN_MENU_DETIK + 1
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=nanti):
        assert peran_menu(_menu_request(cast.pegawai_lain)).is_atasan
