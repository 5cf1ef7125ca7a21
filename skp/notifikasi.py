"""Emails (console backend in development). A transition enqueues its email in its own
transaction (`antrekan`), any other change its message (`antrekan_pesan`): both are the
`kirim_email` task, which the worker (`manage.py pekerja`) runs once the transaction commits,
retrying a failing mail server with growing pauses. No request ever waits for the mail server."""

import datetime
import logging

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResult, task

from accounts.formatting import kalimat
from accounts.links import alamat_situs
from accounts.models import Pegawai
from periode.models import Supervisi
from skp.models import AksiSkp, SkpTransisi, StatusSkp

logger = logging.getLogger(__name__)

# Pauses before the 2nd, 3rd, … attempt; after the last the email is given up (and logged).
JEDA_PERCOBAAN = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360)]

# Until when this worker process leaves the mail server alone after a failure: the other
# emails due meanwhile wait for the same pause instead of each holding the worker for
# EMAIL_TIMEOUT (a black-holed server) while batch ZIPs queue behind them.
_server_surat = {"jeda_sampai": None}


def antrekan(transisi: SkpTransisi) -> TaskResult:
    """Enqueue the email of a transition; call inside the transition's transaction."""
    return kirim_email.enqueue(transisi_id=transisi.pk)


def antrekan_pesan(penerima: Pegawai, subjek: str, isi: str) -> TaskResult:
    """Enqueue a message to one pegawai; call inside the transaction of the change it reports."""
    return kirim_email.enqueue(penerima_id=penerima.pk, subjek=subjek[:200], isi=isi)


def _kirim_sekali(transisi_id: int | None, penerima_id: int | None, subjek: str, isi: str) -> int:
    if transisi_id:
        return kabari_transisi(transisi_id, gagal_diam=False)
    return kirim(Pegawai.objects.filter(pk=penerima_id), subjek, isi, gagal_diam=False)


@task()
def kirim_email(
    *,
    transisi_id: int | None = None,
    penerima_id: int | None = None,
    subjek: str = "",
    isi: str = "",
    percobaan: int = 1,
) -> int:
    """Send one queued email: a transition's (its text written now) or a message. On a
    transport error the same email is enqueued again after the next pause of JEDA_PERCOBAAN
    and this attempt fails (its traceback stays on the task row); after the last pause the
    email is given up and logged. Returns how many messages left."""
    surat = {"transisi_id": transisi_id, "penerima_id": penerima_id, "subjek": subjek, "isi": isi}
    nama = f"transisi {transisi_id}" if transisi_id else f"“{subjek}”"
    sekarang = timezone.now()
    jeda_sampai = _server_surat["jeda_sampai"]
    if jeda_sampai and sekarang < jeda_sampai:
        kirim_email.using(run_after=jeda_sampai).enqueue(**surat, percobaan=percobaan)
        return 0
    try:
        terkirim = _kirim_sekali(transisi_id, penerima_id, subjek, isi)
    except Exception as error:  # any transport error: try again later
        galat = f"{type(error).__name__}: {error}"[:1000]
        if percobaan > len(JEDA_PERCOBAAN):
            logger.error("Email tidak terkirim, menyerah (email %s): %s", nama, galat)
        else:
            jeda = JEDA_PERCOBAAN[percobaan - 1]
            _server_surat["jeda_sampai"] = timezone.now() + jeda
            kirim_email.using(run_after=timezone.now() + jeda).enqueue(
                **surat, percobaan=percobaan + 1
            )
            logger.warning("Gagal mengirim email %s (percobaan %s): %s", nama, percobaan, galat)
        raise
    _server_surat["jeda_sampai"] = None
    return terkirim


def tautan(path: str) -> str:
    """A link for an email: absolute, on the site's address (the one the printed forms carry
    too), so it opens from a mail client."""
    return alamat_situs(path)


def kirim(penerima: list[Pegawai], subjek: str, isi: str, *, gagal_diam: bool = True) -> int:
    """Send one message to those with an email address; return how many were sent. With
    `gagal_diam` a transport error is logged and counted as 0, else it is raised."""
    alamat = sorted({p.email for p in penerima if p and p.email})
    if not alamat:
        return 0
    try:
        return send_mail(subjek, isi, None, alamat, fail_silently=False)
    except Exception:
        if not gagal_diam:
            raise
        logger.exception("Gagal mengirim email %r ke %s", subjek, alamat)
        return 0


def kabari_transisi(transisi_id: int, *, gagal_diam: bool = True) -> int:
    """Email the people a transition concerns (DOMAIN.md §6 notifications)."""
    t = (
        SkpTransisi.objects.select_related("skp__pegawai", "skp__periode", "aktor")
        .filter(pk=transisi_id)
        .first()
    )
    if t is None:
        return 0
    skp, pegawai = t.skp, t.skp.pegawai
    tahun = skp.periode.tahun
    if t.aksi == AksiSkp.AJUKAN:
        supervisi = (
            Supervisi.objects.filter(pegawai_id=skp.pegawai_id, periode_id=skp.periode_id)
            .select_related("atasan_langsung", "atasan_penilai")
            .first()
        )
        validator = supervisi and (supervisi.atasan_langsung or supervisi.atasan_penilai)
        return kirim(
            [validator],
            f"SKP {tahun} {pegawai.nama_lengkap} menunggu validasi Anda",
            f"{pegawai.nama_lengkap} (NIP {pegawai.nip}) telah mengajukan SKP {tahun}.\n"
            f"Tinjau dan setujui atau kembalikan: {tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
            gagal_diam=gagal_diam,
        )
    if t.aksi == AksiSkp.KEMBALIKAN:
        return kirim(
            [pegawai],
            f"SKP {tahun} Anda dikembalikan untuk diperbaiki",
            f"{kalimat(f'SKP {tahun} Anda dikembalikan oleh {t.aktor}')}\n\n"
            f"Catatan:\n{t.catatan}\n\n"
            # The pegawai acts in the editor, where the notes stand beside each item.
            f"Perbaiki lalu ajukan kembali: {tautan(reverse('skp:detail', args=[skp.pk]))}\n",
            gagal_diam=gagal_diam,
        )
    if t.ke == StatusSkp.DISETUJUI_ATASAN_LANGSUNG:
        supervisi = (
            Supervisi.objects.filter(pegawai_id=skp.pegawai_id, periode_id=skp.periode_id)
            .select_related("atasan_penilai")
            .first()
        )
        kirim(
            [supervisi.atasan_penilai if supervisi else None],
            f"SKP {tahun} {pegawai.nama_lengkap} menunggu penetapan Anda",
            f"SKP {tahun} {pegawai.nama_lengkap} telah disetujui atasan langsung dan menunggu "
            f"penetapan Anda: {tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
            gagal_diam=gagal_diam,
        )
    return kirim(
        [pegawai],
        f"SKP {tahun} Anda {t.get_ke_display().lower()}",
        f"{kalimat(f'SKP {tahun} Anda {t.get_ke_display().lower()} oleh {t.aktor}')}\n"
        f"Lihat riwayatnya: {tautan(reverse('skp:riwayat', args=[skp.pk]))}\n",
        gagal_diam=gagal_diam,
    )
