"""Password reset by email (Django's own views and tokens; accounts.views_reset).

A request names a NIP or an email address. Whatever it names, the answer is the same page, and
the request does the same work: one audit row, and for a known account one queued email (the
mail server is never waited on in the request, so its timing tells nothing either). Requests
are counted in the audit log, which every worker shares: per address (RESET_MAKS_PER_ALAMAT,
refused with a message) and per account (RESET_MAKS_PER_AKUN, silently not sent, since saying
so would tell that the account exists). The link itself is never written to the log.

People without an email keep the temporary password from the admin (services/akun.py)."""

from collections.abc import Callable
import datetime

from axes.utils import reset as reset_axes
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.formatting import kalimat
from accounts.models import AuditLog, Pegawai
from accounts.nip import normalize_nip
from accounts.services import KepegawaianError, catat_audit

AKSI_DIMINTA = "akun.reset_diminta"
AKSI_SELESAI = "akun.reset_selesai"


class TerlaluSeringError(KepegawaianError):
    """Too many reset requests from one address within the window."""


def _jendela() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.RESET_JENDELA_MENIT)


def akun_untuk_reset(identitas: str) -> list[Pegawai]:
    """The active accounts a NIP or an email address names that can receive a reset link:
    with an email and a password of their own (an account never activated, or one the admin
    made unusable, is not opened by email: Django's own rule)."""
    identitas = identitas.strip()
    if "@" in identitas:
        pilihan = Pegawai.objects.filter(email__iexact=identitas)
    else:
        nip = normalize_nip(identitas)
        if not nip:
            return []
        pilihan = Pegawai.objects.filter(nip=nip)
    return [p for p in pilihan.filter(is_active=True).exclude(email="") if p.has_usable_password()]


@transaction.atomic
def minta_reset_kata_sandi(
    identitas: str, *, alamat_ip: str, kirim_tautan: Callable[[Pegawai], None]
) -> int:
    """Record a reset request and queue the link for each account it names (`kirim_tautan`
    queues one email; called inside this transaction). Returns how many links were queued;
    raises TerlaluSeringError when the address has asked too often."""
    sejak = _jendela()
    dari_alamat = AuditLog.objects.filter(aksi=AKSI_DIMINTA, waktu__gte=sejak, data__ip=alamat_ip)
    if dari_alamat.count() >= settings.RESET_MAKS_PER_ALAMAT:
        raise TerlaluSeringError(
            "Terlalu banyak permintaan atur ulang kata sandi dari alamat jaringan Anda. Tunggu "
            f"{settings.RESET_JENDELA_MENIT} menit lalu coba lagi, atau hubungi admin kepegawaian."
        )
    akun = akun_untuk_reset(identitas)
    if not akun:
        catat_audit(
            AKSI_DIMINTA,
            ringkasan="Permintaan atur ulang kata sandi yang tidak cocok dengan akun mana pun.",
            ip=alamat_ip,
            identitas=identitas.strip()[:80],
            dikirim=False,
        )
        return 0
    dikirim = 0
    # One request after the other per account, so the per-account count holds under a burst.
    for pegawai in Pegawai.objects.select_for_update().filter(pk__in=[p.pk for p in akun]):
        sudah = AuditLog.objects.filter(
            aksi=AKSI_DIMINTA,
            waktu__gte=sejak,
            objek_tipe=pegawai._meta.label_lower,
            objek_id=str(pegawai.pk),
            data__dikirim=True,
        ).count()
        boleh = sudah < settings.RESET_MAKS_PER_AKUN
        catat_audit(
            AKSI_DIMINTA,
            objek=pegawai,
            ringkasan=(
                kalimat(f"Tautan atur ulang kata sandi dikirim ke email {pegawai.nama_lengkap}")
                if boleh
                else f"Permintaan atur ulang kata sandi {pegawai.nama_lengkap} melebihi batas; "
                "tautan tidak dikirim."
            ),
            ip=alamat_ip,
            identitas=identitas.strip()[:80],
            dikirim=boleh,
        )
        if boleh:
            kirim_tautan(pegawai)
            dikirim += 1
    return dikirim


def catat_reset_selesai(pegawai: Pegawai, *, alamat_ip: str) -> None:
    """The pegawai set a new password from a reset link: audit it, lift a temporary
    password's forced change, and clear the login lockouts of their NIP."""
    with transaction.atomic():
        if pegawai.harus_ganti_kata_sandi:
            pegawai.harus_ganti_kata_sandi = False
            pegawai.save(update_fields=["harus_ganti_kata_sandi"])
        catat_audit(
            AKSI_SELESAI,
            aktor=pegawai,
            objek=pegawai,
            ringkasan=f"{pegawai.nama_lengkap} mengatur ulang kata sandi lewat tautan email.",
            ip=alamat_ip,
        )
    reset_axes(username=pegawai.nip)
