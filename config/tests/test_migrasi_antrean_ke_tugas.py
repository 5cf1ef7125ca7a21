"""skp 0020 retires the home-made outbox: every email still to be sent becomes a task due when
its row's next attempt was (attempts carried on), every batch job queued or left running gets
its task, sent and given-up rows go; then the worker sends and builds them. Backwards, the
waiting email tasks become outbox rows again."""

import datetime

from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]

SEBELUM = [("skp", "0019_rk_penugasan")]


def _keadaan_sebelum(executor):
    """The models as they were just before skp 0020 (the other apps as they are now)."""
    executor.loader.build_graph()
    simpul = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "skp"] + SEBELUM
    return executor.loader.project_state(simpul).apps


def _isi_lama(apps) -> dict:
    UnitKerja = apps.get_model("accounts", "UnitKerja")
    Pegawai = apps.get_model("accounts", "Pegawai")
    Periode = apps.get_model("periode", "Periode")
    Skp = apps.get_model("skp", "Skp")
    SkpTransisi = apps.get_model("skp", "SkpTransisi")
    AntreanEmail = apps.get_model("skp", "AntreanEmail")
    BatchDokumen = apps.get_model("skp", "BatchDokumen")
    unit = UnitKerja.objects.create(nama="UPT TIK")
    atasan, pegawai = (
        Pegawai.objects.create(
            nip=f"19900101201901100{i}",
            nama=nama,
            password="!",
            unit_kerja=unit,
            email=f"{nama.lower()}@contoh.ac.id",
        )
        for i, nama in ((1, "Atasan"), (2, "Pegawai"))
    )
    tahun = timezone.localdate().year
    periode = Periode.objects.create(
        tahun=tahun,
        tanggal_mulai=datetime.date(tahun, 1, 1),
        tanggal_selesai=datetime.date(tahun, 12, 31),
        penyusunan_mulai=datetime.date(tahun, 1, 1),
        penyusunan_selesai=datetime.date(tahun, 12, 31),
        validasi_mulai=datetime.date(tahun, 1, 1),
        validasi_selesai=datetime.date(tahun, 12, 31),
    )
    skp = Skp.objects.create(pegawai=pegawai, periode=periode, status="diajukan")
    transisi = [
        SkpTransisi.objects.create(
            skp=skp, aksi="ajukan", dari="draf", ke="diajukan", aktor=pegawai
        )
        for _ in range(2)
    ]
    lalu = timezone.now() - datetime.timedelta(minutes=3)
    AntreanEmail.objects.create(transisi=transisi[0], coba_pada=lalu)  # never tried
    AntreanEmail.objects.create(  # tried twice, waiting for its third attempt
        penerima=pegawai, subjek="Matriks mengubah SKP Anda", isi="Isi", coba_pada=lalu, percobaan=2
    )
    AntreanEmail.objects.create(  # already sent
        transisi=transisi[1], coba_pada=lalu, percobaan=1, terkirim_pada=lalu
    )
    AntreanEmail.objects.create(  # given up
        penerima=atasan, subjek="Lama", isi="Isi", coba_pada=lalu, percobaan=7, menyerah=True
    )
    batch = BatchDokumen.objects.create(
        diminta_oleh=atasan, unit_kerja=unit, periode=periode, status="berjalan", jumlah_total=1
    )
    sup = apps.get_model("periode", "Supervisi")
    sup.objects.create(pegawai=pegawai, periode=periode, atasan_langsung=atasan)
    return {"transisi": transisi[0].pk, "pegawai": pegawai.pk, "batch": batch.pk}


def test_unsent_emails_and_active_batches_become_tasks_that_the_worker_runs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    executor = MigrationExecutor(connection)
    terakhir = executor.loader.graph.leaf_nodes()
    executor.migrate(SEBELUM)
    ada = _isi_lama(_keadaan_sebelum(executor))
    executor = MigrationExecutor(connection)
    executor.migrate(terakhir)

    from django_tasks_db.models import DBTaskResult

    from skp.models import BatchDokumen, StatusBatch
    from skp.tests.bantuan_tugas import email_menunggu, jalankan_pekerja

    kwargs = sorted((t.args_kwargs["kwargs"] for t in email_menunggu()), key=len)
    assert kwargs == [
        {"transisi_id": ada["transisi"], "percobaan": 1},
        {
            "penerima_id": ada["pegawai"],
            "subjek": "Matriks mengubah SKP Anda",
            "isi": "Isi",
            "percobaan": 3,
        },
    ]
    assert DBTaskResult.objects.count() == 3  # two emails and the batch
    assert BatchDokumen.objects.get(pk=ada["batch"]).status == StatusBatch.ANTRI
    assert connection.introspection.table_names().count("skp_antreanemail") == 0

    jalankan_pekerja()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan@contoh.ac.id",  # the transition's: the pegawai submitted
        "pegawai@contoh.ac.id",
    ]
    batch = BatchDokumen.objects.get(pk=ada["batch"])  # built again from the start
    assert batch.status == StatusBatch.SELESAI and batch.berkas and batch.jumlah_selesai == 1


def test_going_back_turns_waiting_email_tasks_into_outbox_rows():
    from skp.notifikasi import kirim_email

    executor = MigrationExecutor(connection)
    terakhir = executor.loader.graph.leaf_nodes()
    from accounts.tests.factories import buat_pegawai

    penerima = buat_pegawai("Penerima")
    kirim_email.enqueue(penerima_id=penerima.pk, subjek="Subjek", isi="Isi", percobaan=2)
    executor.migrate(SEBELUM)
    AntreanEmail = _keadaan_sebelum(executor).get_model("skp", "AntreanEmail")
    (baris,) = AntreanEmail.objects.all()
    assert (baris.penerima_id, baris.subjek, baris.percobaan) == (penerima.pk, "Subjek", 1)
    executor = MigrationExecutor(connection)
    executor.migrate(terakhir)
