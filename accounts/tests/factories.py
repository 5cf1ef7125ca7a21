"""Small factories for tests: valid, unique NIPs and pegawai built through the real manager."""

import datetime
import itertools

from accounts.models import JenisJabatan, Pegawai, UnitKerja

PASSWORD = "Rahasia-Kuat-2026"
_counter = itertools.count(1)


def nip_baru(*, perempuan: bool = False) -> str:
    """A fresh valid PNS NIP (birth date, TMT 2015-01, gender, sequence)."""
    n = next(_counter)
    lahir = datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 999)
    return f"{lahir:%Y%m%d}201501{2 if perempuan else 1}{n % 999 + 1:03d}"


def buat_unit(nama: str, induk: UnitKerja | None = None, kepala: Pegawai | None = None):
    return UnitKerja.objects.create(nama=nama, induk=induk, kepala=kepala)


def buat_pegawai(nama: str = "Pegawai Uji", **fields) -> Pegawai:
    fields.setdefault("golongan", "III/a")
    fields.setdefault("jabatan", "Pranata Komputer")
    fields.setdefault("jenis_jabatan", JenisJabatan.FUNGSIONAL)
    return Pegawai.objects.create_user(
        fields.pop("nip", None) or nip_baru(), PASSWORD, nama=nama, **fields
    )
