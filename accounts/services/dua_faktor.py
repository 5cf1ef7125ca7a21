"""Two-factor sign-in: enrolling an authenticator app, recovery codes, checking a code at
sign-in, and the admin's reset for a lost device (accounts/dua_faktor.py decides who must).

Devices are django-otp's: one TOTPDevice (the authenticator app) and one StaticDevice (ten
single-use recovery codes) per account. Codes are shown once and never written to the log."""

from base64 import b32encode
from binascii import unhexlify
import logging
import re

from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.dua_faktor import wajib_dua_faktor
from accounts.models import Pegawai
from accounts.services import PESAN_HAK_SETARA, KepegawaianError, catat_audit

security_log = logging.getLogger("skp.security")

JUMLAH_KODE_PEMULIHAN = 10
NAMA_APLIKASI = "Aplikasi autentikator"
NAMA_KODE = "Kode pemulihan"
_BUKAN_HURUF_ANGKA = re.compile(r"[^0-9a-z]")


def kunci_baru() -> str:
    """A fresh TOTP secret (hex, 20 bytes), kept in the session until the first code proves
    the app holds it; no device row exists before that."""
    return random_hex(20)


def rahasia_tampil(kunci: str) -> str:
    """The secret as people type it into an app by hand: base32 in groups of four."""
    teks = b32encode(unhexlify(kunci)).decode()
    return " ".join(teks[i : i + 4] for i in range(0, len(teks), 4))


def alamat_otpauth(pegawai: Pegawai, kunci: str) -> str:
    """The otpauth:// address the QR code carries (issuer OTP_TOTP_ISSUER, label the NIP)."""
    return TOTPDevice(user=pegawai, key=kunci, name=NAMA_APLIKASI).config_url


def _normal(kode: str) -> str:
    return _BUKAN_HURUF_ANGKA.sub("", (kode or "").lower())


def _kode_pemulihan_baru(pegawai: Pegawai) -> list[str]:
    StaticDevice.objects.filter(user=pegawai).delete()
    perangkat = StaticDevice.objects.create(user=pegawai, name=NAMA_KODE, confirmed=True)
    kode = [StaticToken.random_token() for _ in range(JUMLAH_KODE_PEMULIHAN)]
    StaticToken.objects.bulk_create(StaticToken(device=perangkat, token=k) for k in kode)
    return kode


@transaction.atomic
def pasang_dua_faktor(pegawai: Pegawai, *, kunci: str, kode: str) -> tuple[TOTPDevice, list[str]]:
    """Enrol the authenticator app whose secret is `kunci` once `kode` proves it holds it;
    replaces an earlier app and earlier recovery codes. Returns the device and the new codes
    (shown once)."""
    kode = _normal(kode)
    totp = TOTP(unhexlify(kunci))
    if not (len(kode) == 6 and kode.isdigit() and totp.verify(int(kode), tolerance=1)):
        raise KepegawaianError(
            "Kode tidak cocok. Ketik kode 6 angka yang sedang tampil di aplikasi autentikator "
            "(pastikan jam ponsel Anda tepat), lalu coba lagi."
        )
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    sudah = TOTPDevice.objects.filter(user=pegawai).exists()
    TOTPDevice.objects.filter(user=pegawai).delete()
    # last_t: the code just typed must not open the next sign-in too.
    perangkat = TOTPDevice.objects.create(
        user=pegawai,
        key=kunci,
        name=NAMA_APLIKASI,
        confirmed=True,
        drift=totp.drift,
        last_t=totp.t(),
    )
    kode_pemulihan = _kode_pemulihan_baru(pegawai)
    catat_audit(
        "akun.dua_faktor_pasang",
        aktor=pegawai,
        objek=pegawai,
        ringkasan=(
            f"{pegawai.nama_lengkap} {'mengganti' if sudah else 'memasang'} aplikasi "
            "autentikator untuk verifikasi dua langkah."
        ),
    )
    return perangkat, kode_pemulihan


def periksa_kode_masuk(pegawai: Pegawai, kode: str):
    """The device that accepts `kode` at sign-in (6 digits: the app; else a recovery code,
    used up), or raise KepegawaianError. django-otp throttles each device after failures;
    a failure is committed before the error is raised, so the count survives it."""
    kode = _normal(kode)
    if not kode:
        raise KepegawaianError("Isi kode dari aplikasi autentikator atau satu kode pemulihan.")
    with transaction.atomic():
        perangkat, ditahan = _cocokkan(pegawai, kode)
    if perangkat is not None:
        return perangkat
    if ditahan:
        raise KepegawaianError(
            "Terlalu banyak kode salah. Tunggu sebentar (beberapa detik hingga menit) lalu "
            "coba lagi dengan kode yang baru tampil."
        )
    security_log.warning("kode dua langkah salah: nip=%s", pegawai.nip)
    raise KepegawaianError(
        "Kode salah atau sudah pernah dipakai. Ketik kode yang sedang tampil di aplikasi "
        "autentikator, atau satu kode pemulihan yang belum dipakai."
    )


def _cocokkan(pegawai: Pegawai, kode: str):
    """(the device that accepted `kode` or None, whether a throttled device refused to try)."""
    jenis = TOTPDevice if (len(kode) == 6 and kode.isdigit()) else StaticDevice
    ditahan = False
    for perangkat in devices_for_user(pegawai, for_verify=True):
        if not isinstance(perangkat, jenis):
            continue
        if not perangkat.verify_is_allowed()[0]:
            ditahan = True
            continue
        if perangkat.verify_token(kode):
            if jenis is StaticDevice:
                sisa = perangkat.token_set.count()
                catat_audit(
                    "akun.kode_pemulihan_dipakai",
                    aktor=pegawai,
                    objek=pegawai,
                    ringkasan=(
                        f"{pegawai.nama_lengkap} masuk dengan kode pemulihan; sisa {sisa} kode."
                    ),
                    sisa=sisa,
                )
            return perangkat, False
    return None, ditahan


@transaction.atomic
def buat_ulang_kode_pemulihan(pegawai: Pegawai) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=pegawai, confirmed=True).exists():
        raise KepegawaianError("Pasang aplikasi autentikator lebih dahulu.")
    kode = _kode_pemulihan_baru(pegawai)
    catat_audit(
        "akun.kode_pemulihan_baru",
        aktor=pegawai,
        objek=pegawai,
        ringkasan=f"{pegawai.nama_lengkap} membuat kode pemulihan baru.",
    )
    return kode


def _hapus_perangkat(pegawai: Pegawai) -> int:
    return (
        TOTPDevice.objects.filter(user=pegawai).delete()[0]
        + StaticDevice.objects.filter(user=pegawai).delete()[0]
    )


@transaction.atomic
def matikan_dua_faktor(pegawai: Pegawai) -> None:
    """The pegawai turns the second factor off; not allowed where it is required."""
    if wajib_dua_faktor(pegawai):
        raise KepegawaianError(
            "Akun dengan hak akses khusus wajib memakai verifikasi dua langkah; Anda dapat "
            "mengganti aplikasinya, tetapi tidak mematikannya."
        )
    if _hapus_perangkat(pegawai):
        catat_audit(
            "akun.dua_faktor_matikan",
            aktor=pegawai,
            objek=pegawai,
            ringkasan=f"{pegawai.nama_lengkap} mematikan verifikasi dua langkah.",
        )


@transaction.atomic
def atur_ulang_dua_faktor(pegawai: Pegawai, *, oleh: Pegawai) -> None:
    """A lost device: the admin removes the pegawai's app and recovery codes, so the next
    sign-in needs the password only (and an account that must use two factors enrols again).
    The ladder of rights applies (`Pegawai.can_manage_account`)."""
    if not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if not _hapus_perangkat(pegawai):
        raise KepegawaianError(
            f"{pegawai.nama_lengkap} belum memakai verifikasi dua langkah; tidak ada yang perlu "
            "diatur ulang."
        )
    catat_audit(
        "akun.dua_faktor_reset",
        aktor=oleh,
        objek=pegawai,
        ringkasan=(
            f"Verifikasi dua langkah {pegawai.nama_lengkap} diatur ulang (perangkat hilang); "
            "aplikasi dan kode pemulihannya tidak berlaku lagi."
        ),
    )
