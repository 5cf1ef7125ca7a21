"""Emails (console backend in development). A transition queues its email in its own
transaction (`antrekan`), any other change its message (`antrekan_pesan`); the `proses_batch`
worker sends the queue (`kirim_antrean`), retrying a failing mail server with growing pauses.
No request ever waits for the mail server."""

import datetime
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.formatting import kalimat
from accounts.links import alamat_situs
from accounts.models import Pegawai
from periode.models import Supervisi
from skp.models import AksiSkp, AntreanEmail, SkpTransisi, StatusSkp

logger = logging.getLogger(__name__)

# Pauses before the 2nd, 3rd, … attempt; after the last the email is given up (and logged).
JEDA_PERCOBAAN = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360)]


def antrekan(transisi: SkpTransisi) -> AntreanEmail:
    """Queue the email of a transition; call inside the transition's transaction."""
    return AntreanEmail.objects.create(transisi=transisi, coba_pada=timezone.now())


def antrekan_pesan(penerima: Pegawai, subjek: str, isi: str) -> AntreanEmail:
    """Queue a message to one pegawai; call inside the transaction of the change it reports."""
    return AntreanEmail.objects.create(
        penerima=penerima, subjek=subjek[:200], isi=isi, coba_pada=timezone.now()
    )


def _kirim_baris(baris: AntreanEmail) -> int:
    if baris.transisi_id:
        return kabari_transisi(baris.transisi_id, gagal_diam=False)
    return kirim([baris.penerima], baris.subjek, baris.isi, gagal_diam=False)


def kirim_antrean(batas: int = 50, *, sekarang: datetime.datetime | None = None) -> int:
    """Send up to `batas` due emails; return how many rows were handled. Rows are claimed
    with SKIP LOCKED, so several workers never send one twice."""
    sekarang = sekarang or timezone.now()
    ditangani = 0
    while ditangani < batas:
        with transaction.atomic():
            baris = (
                AntreanEmail.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("penerima")
                .filter(terkirim_pada__isnull=True, menyerah=False, coba_pada__lte=sekarang)
                .order_by("coba_pada", "pk")
                .first()
            )
            if baris is None:
                return ditangani
            try:
                _kirim_baris(baris)
            except Exception as error:  # any transport error: try again later
                baris.percobaan += 1
                baris.galat = f"{type(error).__name__}: {error}"[:1000]
                if baris.percobaan > len(JEDA_PERCOBAAN):
                    baris.menyerah = True
                    logger.error("Email tidak terkirim, menyerah (%s): %s", baris, baris.galat)
                else:
                    baris.coba_pada = sekarang + JEDA_PERCOBAAN[baris.percobaan - 1]
                    logger.warning(
                        "Gagal mengirim email (%s, percobaan %s): %s",
                        baris,
                        baris.percobaan,
                        baris.galat,
                    )
                baris.save()
                # The server is likely down (or hanging for EMAIL_TIMEOUT): leave the rest of
                # the queue for the next round instead of waiting on it once per email.
                return ditangani + 1
            else:
                baris.percobaan += 1
                baris.terkirim_pada = timezone.now()
            baris.save()
        ditangani += 1
    return ditangani


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
