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


def email_antre() -> list:
    """The messages waiting in the app's mail queue, oldest first, each with its `penerima`,
    `subjek` and `isi`. The queue is Django's task table (django-tasks-db); the task that sends
    belongs to a higher layer (skp.notifikasi.kirim_email), read here by its path only."""
    from types import SimpleNamespace

    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from accounts.models import Pegawai

    tugas = DBTaskResult.objects.filter(
        task_path="skp.notifikasi.kirim_email",
        status=TaskResultStatus.READY,
    ).order_by("enqueued_at")
    pesan = [t.args_kwargs["kwargs"] for t in tugas]
    orang = Pegawai.objects.in_bulk([p["penerima_id"] for p in pesan])
    return [
        SimpleNamespace(penerima=orang[p["penerima_id"]], subjek=p["subjek"], isi=p["isi"])
        for p in pesan
    ]
