"""Workflow emails (console backend in development). Sent after commit; a failing mail server
is logged and never undoes or blocks a transition."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from accounts.models import Pegawai, Supervisi
from skp.models import AksiSkp, SkpTransisi, StatusSkp

logger = logging.getLogger(__name__)


def _tautan(path: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}" if base else path


def kirim(penerima: list[Pegawai], subjek: str, isi: str) -> int:
    """Send one message to those with an email address; return how many were sent."""
    alamat = sorted({p.email for p in penerima if p and p.email})
    if not alamat:
        return 0
    try:
        return send_mail(subjek, isi, None, alamat, fail_silently=False)
    except Exception:  # any transport error: the transition is already committed
        logger.exception("Gagal mengirim email %r ke %s", subjek, alamat)
        return 0


def kabari_transisi(transisi_id: int) -> int:
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
            f"Tinjau dan setujui atau kembalikan: {_tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
        )
    if t.aksi == AksiSkp.KEMBALIKAN:
        return kirim(
            [pegawai],
            f"SKP {tahun} Anda dikembalikan untuk diperbaiki",
            f"SKP {tahun} Anda dikembalikan oleh {t.aktor}.\n\nCatatan:\n{t.catatan}\n\n"
            f"Perbaiki lalu ajukan kembali: {_tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
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
            f"penetapan Anda: {_tautan(reverse('skp:tinjau', args=[skp.pk]))}\n",
        )
    return kirim(
        [pegawai],
        f"SKP {tahun} Anda {t.get_ke_display().lower()}",
        f"SKP {tahun} Anda {t.get_ke_display().lower()} oleh {t.aktor}.\n"
        f"Lihat riwayatnya: {_tautan(reverse('skp:riwayat', args=[skp.pk]))}\n",
    )
