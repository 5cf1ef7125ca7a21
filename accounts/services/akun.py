"""Accounts: temporary passwords from the admin, and the forced change at the next login.

Imported pegawai get no usable password (hashing tens of thousands of Argon2 passwords at
import would take minutes and mail them nowhere); the admin kepegawaian hands each one a
temporary password that must be replaced at the first login (Peraturan BSSN 4/2021)."""

import secrets
import string

from django.db import transaction

from accounts.models import Pegawai
from accounts.services import PESAN_HAK_SETARA, KepegawaianError, catat_audit

# Read aloud or copied by hand from the admin's screen: no look-alikes (0/O/o, 1/l/I) and
# symbols that are easy to name.
_HURUF = "".join(c for c in string.ascii_letters + string.digits if c not in "0Oo1lI")
_ANGKA = "23456789"
_SIMBOL = "-_+*#"


def _kata_sandi_acak(panjang: int = 14) -> str:
    """Random, with every character class BSSN asks for (lower, upper, digit, symbol)."""
    while True:
        chars = [secrets.choice(_HURUF) for _ in range(panjang - 2)]
        chars += [secrets.choice(_SIMBOL), secrets.choice(_ANGKA)]
        secrets.SystemRandom().shuffle(chars)
        text = "".join(chars)
        if any(c.islower() for c in text) and any(c.isupper() for c in text):
            return text


@transaction.atomic
def buat_kata_sandi_sementara(pegawai: Pegawai, *, oleh: Pegawai) -> str:
    """Set a random temporary password that must be changed at the next login; returns it
    once (it is stored only as a hash, and never in the audit log)."""
    if not oleh.can_manage_kepegawaian:
        raise KepegawaianError("Hanya admin kepegawaian yang dapat membuat kata sandi sementara.")
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    kata_sandi = _kata_sandi_acak()
    pegawai.set_password(kata_sandi)
    pegawai.harus_ganti_kata_sandi = True
    pegawai.save(update_fields=["password", "harus_ganti_kata_sandi"])
    catat_audit(
        "akun.kata_sandi_sementara",
        aktor=oleh,
        objek=pegawai,
        ringkasan=f"Kata sandi sementara dibuat untuk {pegawai.nama_lengkap}.",
    )
    return kata_sandi


def tandai_kata_sandi_diganti(pegawai: Pegawai) -> None:
    """The pegawai chose their own password: lift the forced change."""
    if pegawai.harus_ganti_kata_sandi:
        pegawai.harus_ganti_kata_sandi = False
        pegawai.save(update_fields=["harus_ganti_kata_sandi"])
        catat_audit(
            "akun.kata_sandi_diganti",
            aktor=pegawai,
            objek=pegawai,
            ringkasan=f"{pegawai.nama_lengkap} mengganti kata sandi sementara.",
        )
