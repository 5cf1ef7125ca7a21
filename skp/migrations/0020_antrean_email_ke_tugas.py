"""The home-made outbox (skp_antreanemail, sent by `proses_batch`) gives way to Django's Tasks
API: every email still to be sent becomes a `skp.notifikasi.kirim_email` task due when its
row's next attempt was (its attempt count carried on), and every batch job still queued or
running gets its `bangun_batch_dokumen` task (a job "berjalan" was left by the old worker,
stopped for the deploy: it starts again). Sent and given-up rows go with the table."""

import uuid

from django.db import migrations

TUGAS_EMAIL = "skp.notifikasi.kirim_email"
TUGAS_BATCH = "skp.services.dokumen.bangun_batch_dokumen"


def _tugas(DBTaskResult, path, kwargs, run_after):
    return DBTaskResult(
        id=uuid.uuid4(),
        status="READY",
        args_kwargs={"args": [], "kwargs": kwargs},
        priority=0,
        task_path=path,
        worker_ids=[],
        queue_name="default",
        backend_name="default",
        run_after=run_after,
        return_value=None,
        exception_class_path="",
        traceback="",
    )


def antrean_ke_tugas(apps, schema_editor):
    AntreanEmail = apps.get_model("skp", "AntreanEmail")
    BatchDokumen = apps.get_model("skp", "BatchDokumen")
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    tugas = []
    for baris in AntreanEmail.objects.filter(terkirim_pada__isnull=True, menyerah=False):
        if baris.transisi_id:
            kwargs = {"transisi_id": baris.transisi_id}
        else:
            kwargs = {"penerima_id": baris.penerima_id, "subjek": baris.subjek, "isi": baris.isi}
        kwargs["percobaan"] = baris.percobaan + 1
        tugas.append(_tugas(DBTaskResult, TUGAS_EMAIL, kwargs, baris.coba_pada))
    aktif = BatchDokumen.objects.filter(status__in=["antri", "berjalan"])
    for batch in aktif.order_by("dibuat", "pk"):
        tugas.append(_tugas(DBTaskResult, TUGAS_BATCH, {"batch_id": batch.pk}, batch.dibuat))
    aktif.update(status="antri", jumlah_selesai=0)
    DBTaskResult.objects.bulk_create(tugas)


def tugas_ke_antrean(apps, schema_editor):
    """Back to the outbox: the email tasks still waiting become rows again."""
    AntreanEmail = apps.get_model("skp", "AntreanEmail")
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    menunggu = DBTaskResult.objects.filter(task_path=TUGAS_EMAIL, status="READY")
    for tugas in menunggu:
        kwargs = tugas.args_kwargs["kwargs"]
        AntreanEmail.objects.create(
            transisi_id=kwargs.get("transisi_id"),
            penerima_id=kwargs.get("penerima_id"),
            subjek=kwargs.get("subjek", ""),
            isi=kwargs.get("isi", ""),
            coba_pada=tugas.run_after,
            percobaan=max(kwargs.get("percobaan", 1) - 1, 0),
        )
    menunggu.delete()
    DBTaskResult.objects.filter(task_path=TUGAS_BATCH, status="READY").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("skp", "0019_rk_penugasan"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(antrean_ke_tugas, tugas_ke_antrean),
        migrations.DeleteModel(name="AntreanEmail"),
    ]
