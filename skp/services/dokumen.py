"""Official documents: the unit batch of Form SKP PDFs (request, build, clean up).

The web request writes a job row and enqueues its task (`bangun_batch_dokumen`) in the same
transaction; the worker builds the ZIP outside any transaction, updating the progress row as it
goes. The task claims its row from "antri" to "berjalan" in one UPDATE, so a job enqueued twice
(a rescue after a silent worker) is still built once at a time."""

import datetime
import io
import logging
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import Pegawai, UnitKerja
from accounts.services import catat_audit
from accounts.spreadsheets import sel_aman
from periode.models import Periode
from skp.cetak import nama_berkas, pdf_skp
from skp.dokumen import susun_dokumen
from skp.exceptions import SkpError
from skp.models import BatchDokumen, Skp, StatusBatch

logger = logging.getLogger(__name__)

# A worker that has not touched its job for this long is presumed dead; the job is queued
# again (`pulihkan_batch_macet`, run every few minutes by the worker: skp/jadwal.py).
BATAS_DIAM = datetime.timedelta(minutes=10)
# A finished ZIP is kept this long, then deleted by the worker (`bersihkan_batch_lama`).
BATCH_SIMPAN = datetime.timedelta(days=7)


def unit_batch_untuk(pegawai: Pegawai):
    """Units whose batch `pegawai` may request: all for the admin, else the subtree of every
    unit they head (empty for everyone else)."""
    if pegawai.can_manage_kepegawaian:
        return UnitKerja.objects.all()
    dipimpin = list(UnitKerja.objects.filter(kepala=pegawai).values_list("pk", flat=True))
    if not dipimpin:
        return UnitKerja.objects.none()
    return UnitKerja.objects.filter(pk__in=UnitKerja.objects.subtree_ids(dipimpin))


def can_request_batch(pegawai: Pegawai) -> bool:
    return pegawai.is_active and (
        pegawai.can_manage_kepegawaian or UnitKerja.objects.filter(kepala=pegawai).exists()
    )


def _skp_unit(unit: UnitKerja, periode: Periode):
    return Skp.objects.filter(
        periode=periode, pegawai__unit_kerja_id__in=UnitKerja.objects.subtree_ids([unit.pk])
    )


def pesan_batch_kosong(unit: UnitKerja, periode: Periode) -> str:
    """Why a batch of `unit` would hold no SKP: the unit has none in the periode, or it has
    some and none is the requester's to read."""
    if not _skp_unit(unit, periode).exists():
        return (
            f"{unit.nama} beserta sub-unitnya belum memiliki SKP pada periode {periode.tahun}: "
            "tidak ada dokumen yang dapat disiapkan. Pilih unit atau periode lain."
        )
    return (
        "Tidak ada SKP pada unit dan periode ini yang dapat Anda buka. Berkas hanya memuat "
        "SKP yang dapat Anda buka satu per satu: milik Anda dan milik pegawai yang Anda "
        "nilai sebagai atasan langsung atau atasan penilai. Pilih unit atau periode lain."
    )


def skp_batch(unit: UnitKerja, periode: Periode, pembaca: Pegawai):
    """The SKPs a batch holds: those of the periode whose owner sits in the unit's subtree
    and that `pembaca` may read one by one (`Skp.objects.terlihat_oleh`). Heading the unit
    adds none: a kepala gets his own SKP and those of the pegawai he supervises."""
    return (
        _skp_unit(unit, periode)
        .terlihat_oleh(pembaca)
        .order_by("pegawai__unit_kerja__nama", "pegawai__nama", "pk")
    )


@transaction.atomic
def minta_batch_dokumen(*, oleh: Pegawai, unit: UnitKerja, periode: Periode) -> BatchDokumen:
    """Queue the ZIP of all Form SKP PDFs of `unit` (and its sub-units) for `periode`."""
    if not unit_batch_untuk(oleh).filter(pk=unit.pk).exists():
        raise SkpError(
            "Anda hanya dapat mengunduh dokumen SKP unit yang Anda pimpin beserta sub-unitnya."
        )
    # Lock the requester's row so a double click cannot queue the same batch twice.
    Pegawai.objects.select_for_update().filter(pk=oleh.pk).first()
    if BatchDokumen.objects.filter(
        diminta_oleh=oleh, unit_kerja=unit, periode=periode, status__in=StatusBatch.aktif()
    ).exists():
        raise SkpError(
            "Dokumen unit dan periode ini sedang disiapkan. Tunggu hingga selesai, lalu unduh "
            "dari daftar di bawah."
        )
    jumlah = skp_batch(unit, periode, oleh).count()
    if not jumlah:
        raise SkpError(pesan_batch_kosong(unit, periode))
    batch = BatchDokumen.objects.create(
        diminta_oleh=oleh, unit_kerja=unit, periode=periode, jumlah_total=jumlah
    )
    bangun_batch_dokumen.enqueue(batch_id=batch.pk)  # runs once this transaction commits
    catat_audit(
        "skp.batch_diminta",
        aktor=oleh,
        objek=batch,
        ringkasan=f"Meminta batch dokumen SKP {unit.nama} periode {periode.tahun}",
        unit_kerja=unit.pk,
        periode=periode.tahun,
    )
    return batch


@task()
def bangun_batch_dokumen(*, batch_id: int) -> str:
    """The task of one batch: claim the job (antri → berjalan) and build its ZIP. A job that
    is gone, already taken or finished is left alone."""
    sekarang = timezone.now()
    diambil = BatchDokumen.objects.filter(pk=batch_id, status=StatusBatch.ANTRI).update(
        status=StatusBatch.BERJALAN, mulai=sekarang, diperbarui=sekarang, jumlah_selesai=0
    )
    if not diambil:
        return "dilewati"
    batch = BatchDokumen.objects.select_related("unit_kerja", "periode").get(pk=batch_id)
    return bangun_batch(batch).status


def pulihkan_batch_macet(sekarang: datetime.datetime | None = None) -> list[int]:
    """Jobs "berjalan" whose worker went silent for BATAS_DIAM (killed mid-batch, its machine
    gone) go back to "antri" with a new task. Returns their ids."""
    batas = (sekarang or timezone.now()) - BATAS_DIAM
    with transaction.atomic():
        macet = list(
            BatchDokumen.objects.select_for_update(skip_locked=True)
            .filter(status=StatusBatch.BERJALAN, diperbarui__lt=batas)
            .values_list("pk", flat=True)
        )
        for pk in macet:
            BatchDokumen.objects.filter(pk=pk).update(
                status=StatusBatch.ANTRI, jumlah_selesai=0, diperbarui=timezone.now()
            )
            bangun_batch_dokumen.enqueue(batch_id=pk)
            logger.warning("Batch dokumen SKP %s macet: pekerjanya diam, diantrekan lagi", pk)
    return macet


NAMA_DAFTAR_ISI = "DAFTAR_ISI.xlsx"
_KOLOM_DAFTAR_ISI = [
    ("NIP", 22),
    ("Nama", 36),
    ("Unit Kerja", 40),
    ("Status SKP", 26),
    ("Berkas", 60),
]


def _daftar_isi(baris: list[list[str]]) -> bytes:
    """The ZIP's index as .xlsx: a CSV's 18-digit NIP opens in Excel as 1.98E+17. NIP is a
    text cell and every value a string cell (no formula from a name or a unit)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buku = Workbook(write_only=True)
    lembar = buku.create_sheet("Daftar Isi")
    for i, (_, lebar) in enumerate(_KOLOM_DAFTAR_ISI, start=1):
        lembar.column_dimensions[get_column_letter(i)].width = lebar
    lembar.freeze_panes = "A2"
    judul = []
    for nama, _ in _KOLOM_DAFTAR_ISI:
        sel = sel_aman(lembar, nama)
        sel.font = Font(bold=True)
        judul.append(sel)
    lembar.append(judul)
    for nip, *lain in baris:
        lembar.append([sel_aman(lembar, nip, teks=True), *(sel_aman(lembar, v) for v in lain)])
    out = io.BytesIO()
    buku.save(out)
    return out.getvalue()


def bangun_batch(batch: BatchDokumen) -> BatchDokumen:
    """Render every PDF of the batch into one ZIP under MEDIA_ROOT; record progress per PDF.
    What the requester may read is asked again now: supervision may have changed since the
    request: when none is left to read, the job fails with the reason and no ZIP is made."""
    try:
        pembaca = Pegawai.objects.get(pk=batch.diminta_oleh_id)
        ids = list(skp_batch(batch.unit_kerja, batch.periode, pembaca).values_list("pk", flat=True))
        if not ids:
            return _gagal(batch, pesan_batch_kosong(batch.unit_kerja, batch.periode))
        BatchDokumen.objects.filter(pk=batch.pk).update(
            jumlah_total=len(ids), diperbarui=timezone.now()
        )
        isi = []
        with tempfile.TemporaryFile() as tmp:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for selesai, pk in enumerate(ids, start=1):
                    skp = Skp.objects.dengan_isi().get(pk=pk)
                    dokumen = susun_dokumen(skp)
                    nama = nama_berkas(skp, "pdf")
                    zf.writestr(nama, pdf_skp(dokumen))
                    isi.append(
                        [
                            skp.pegawai.nip,
                            dokumen.header.pegawai.nama,
                            dokumen.header.pegawai.unit_kerja,
                            skp.get_status_display(),
                            nama,
                        ]
                    )
                    BatchDokumen.objects.filter(pk=batch.pk).update(
                        jumlah_selesai=selesai, diperbarui=timezone.now()
                    )
                zf.writestr(NAMA_DAFTAR_ISI, _daftar_isi(isi))
            tmp.seek(0)
            batch.refresh_from_db()
            nama_zip = f"SKP_{batch.periode.tahun}_{batch.unit_kerja.pk}_{batch.pk}.zip"
            batch.berkas.save(nama_zip, File(tmp), save=False)
        batch.isi.set(ids)
        batch.status = StatusBatch.SELESAI
        batch.rampung = batch.diperbarui = timezone.now()
        batch.save(update_fields=["berkas", "status", "rampung", "diperbarui"])
    except Exception:
        logger.exception("Batch dokumen SKP %s gagal", batch.pk)
        return _gagal(
            batch,
            "Terjadi kesalahan saat membuat dokumen. Minta ulang; bila terulang, "
            "hubungi admin kepegawaian.",
        )
    return batch


def _gagal(batch: BatchDokumen, pesan: str) -> BatchDokumen:
    sekarang = timezone.now()
    BatchDokumen.objects.filter(pk=batch.pk).update(
        status=StatusBatch.GAGAL, rampung=sekarang, diperbarui=sekarang, pesan_galat=pesan
    )
    batch.refresh_from_db()
    return batch


def bersihkan_batch_lama(sekarang: datetime.datetime | None = None) -> int:
    """Delete the ZIPs of batches finished more than BATCH_SIMPAN ago (they hold every PDF of
    a unit: personal data, and a disk that fills up). The row stays, shown as expired.
    Returns how many files were removed."""
    batas = (sekarang or timezone.now()) - BATCH_SIMPAN
    lama = BatchDokumen.objects.filter(status=StatusBatch.SELESAI, rampung__lt=batas).exclude(
        berkas=""
    )
    jumlah = 0
    for batch in lama:
        batch.berkas.delete(save=False)
        BatchDokumen.objects.filter(pk=batch.pk).update(berkas="")
        jumlah += 1
    return jumlah
