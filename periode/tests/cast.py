"""The fixed cast (STYLE.md): a pegawai, their atasan langsung and atasan penilai, a pegawai
and an atasan of another unit, and the admin kepegawaian; built through the real services."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.tests.factories import buat_pegawai, buat_unit
from periode.models import Periode, ProfilRegulasi, today_local
from periode.services import tetapkan_supervisi


@pytest.fixture
def periode(db):
    today = today_local()
    # The suite was written for the seed's rule; the 6/2022 tests ask for their profile.
    return Periode.objects.create(
        tahun=today.year,
        profil_regulasi=ProfilRegulasi.PERMENPANRB_8_2021,
        tanggal_mulai=datetime.date(today.year, 1, 1),
        tanggal_selesai=datetime.date(today.year, 12, 31),
        penyusunan_mulai=today - datetime.timedelta(days=3),
        penyusunan_selesai=today + datetime.timedelta(days=3),
        validasi_mulai=today - datetime.timedelta(days=3),
        validasi_selesai=today + datetime.timedelta(days=7),
    )


@pytest.fixture
def cast(db, periode):
    root = buat_unit("Universitas Contoh")
    unit_a = buat_unit("Unit A", root)
    unit_b = buat_unit("Unit B", root)
    atasan_penilai = buat_pegawai("Atasan Penilai", jabatan="Wakil Rektor", unit_kerja=root)
    atasan_langsung = buat_pegawai("Atasan Langsung", jabatan="Kepala Unit A", unit_kerja=unit_a)
    pegawai = buat_pegawai("Pegawai Satu", gelar_belakang="S.Kom.", unit_kerja=unit_a)
    atasan_lain = buat_pegawai("Atasan Lain", jabatan="Kepala Unit B", unit_kerja=unit_b)
    pegawai_lain = buat_pegawai("Pegawai Lain", unit_kerja=unit_b)
    admin = buat_pegawai("Admin Kepegawaian", unit_kerja=root, is_admin_kepegawaian=True)
    for unit, kepala in [(root, atasan_penilai), (unit_a, atasan_langsung), (unit_b, atasan_lain)]:
        unit.kepala = kepala
        unit.save(update_fields=["kepala"])
    for bawahan, langsung, penilai in [
        (atasan_langsung, atasan_penilai, None),
        (atasan_lain, atasan_penilai, None),
        (pegawai, atasan_langsung, atasan_penilai),
        (pegawai_lain, atasan_lain, atasan_penilai),
    ]:
        tetapkan_supervisi(bawahan, periode, atasan_langsung=langsung, atasan_penilai=penilai)
    return SimpleNamespace(
        periode=periode,
        root=root,
        unit_a=unit_a,
        unit_b=unit_b,
        pegawai=pegawai,
        atasan_langsung=atasan_langsung,
        atasan_penilai=atasan_penilai,
        pegawai_lain=pegawai_lain,
        atasan_lain=atasan_lain,
        admin=admin,
    )
