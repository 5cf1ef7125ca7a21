"""Moving Periode, Dispensasi and Supervisi into the periode app (issue 14) keeps every row: a
database at the migrations before the move, with rows in every moved table and in the tables
that point to them, is migrated to the new layout and read back through today's models."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]

SEBELUM = [
    ("periode", None),
    ("accounts", "0003_log_audit_hanya_tambah"),
    ("skp", "0009_rk_asal_matriks_dan_email_pesan"),
    ("kpi", "0003_panjang_teks"),
]


def _isi_lama(apps) -> dict:
    """Rows written with the models as they were before the move (historical models)."""
    UnitKerja = apps.get_model("accounts", "UnitKerja")
    Pegawai = apps.get_model("accounts", "Pegawai")
    Supervisi = apps.get_model("accounts", "Supervisi")
    AuditLog = apps.get_model("accounts", "AuditLog")
    Periode = apps.get_model("skp", "Periode")
    Dispensasi = apps.get_model("skp", "Dispensasi")
    Skp = apps.get_model("skp", "Skp")
    Matriks = apps.get_model("kpi", "MatriksPeranHasil")
    unit = UnitKerja.objects.create(nama="UPT TIK")
    orang = [
        Pegawai.objects.create(
            nip=f"19900101201901100{i}", nama=f"Pegawai {i}", password="!", unit_kerja=unit
        )
        for i in range(1, 4)
    ]
    periode = Periode.objects.create(
        tahun=2026,
        tanggal_mulai=datetime.date(2026, 1, 1),
        tanggal_selesai=datetime.date(2026, 12, 31),
        penyusunan_mulai=datetime.date(2026, 5, 20),
        penyusunan_selesai=datetime.date(2026, 5, 27),
        validasi_mulai=datetime.date(2026, 5, 27),
        validasi_selesai=datetime.date(2026, 5, 31),
    )
    sup = Supervisi.objects.create(
        pegawai=orang[2], periode=periode, atasan_langsung=orang[1], atasan_penilai=orang[0]
    )
    dis = Dispensasi.objects.create(
        periode=periode,
        tahap="penyusunan",
        pegawai=orang[2],
        berlaku_sampai=datetime.date(2026, 6, 3),
        alasan="Sakit",
        diberikan_oleh=orang[0],
    )
    skp = Skp.objects.create(pegawai=orang[2], periode=periode)
    matriks = Matriks.objects.create(periode=periode, nama="Tim Data", ketua=orang[1])
    AuditLog.objects.create(aksi="periode.tambah", objek_tipe="skp.periode", objek_id=periode.pk)
    AuditLog.objects.create(
        aksi="supervisi.tetapkan", objek_tipe="accounts.supervisi", objek_id=sup.pk
    )
    return {
        "orang": [p.pk for p in orang],
        "periode": periode.pk,
        "supervisi": sup.pk,
        "dispensasi": dis.pk,
        "skp": skp.pk,
        "matriks": matriks.pk,
    }


def test_moving_the_models_keeps_every_row_and_relation():
    executor = MigrationExecutor(connection)
    terakhir = executor.loader.graph.leaf_nodes()
    executor.migrate(SEBELUM)
    executor.loader.build_graph()
    ada = _isi_lama(executor.loader.project_state([n for n in SEBELUM if n[1]]).apps)
    executor = MigrationExecutor(connection)
    executor.migrate(terakhir)

    from accounts.models import AuditLog, Pegawai
    from kpi.models import MatriksPeranHasil
    from periode.models import Dispensasi, Periode, Supervisi
    from skp.models import Skp

    periode = Periode.objects.get(pk=ada["periode"])
    assert (periode.tahun, periode.penyusunan_selesai) == (2026, datetime.date(2026, 5, 27))
    sup = Supervisi.objects.get(pk=ada["supervisi"])
    assert (sup.pegawai_id, sup.atasan_langsung_id, sup.atasan_penilai_id, sup.periode_id) == (
        ada["orang"][2],
        ada["orang"][1],
        ada["orang"][0],
        periode.pk,
    )
    dis = Dispensasi.objects.get(pk=ada["dispensasi"])
    assert (dis.periode_id, dis.pegawai_id, dis.alasan) == (periode.pk, ada["orang"][2], "Sakit")
    assert Skp.objects.get(pk=ada["skp"]).periode == periode
    assert MatriksPeranHasil.objects.get(pk=ada["matriks"]).periode == periode
    assert list(Pegawai.objects.get(pk=ada["orang"][2]).supervisi.all()) == [sup]
    # The audit log is append-only: its rows keep the label they were written with.
    assert set(AuditLog.objects.values_list("objek_tipe", flat=True)) >= {
        "skp.periode",
        "accounts.supervisi",
    }
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.get_for_model(Periode).app_label == "periode"
    assert not ContentType.objects.filter(app_label="skp", model="periode").exists()
    # The database constraints came along unchanged: a second relation in one periode is refused.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Supervisi.objects.create(pegawai_id=ada["orang"][2], periode=periode)
