"""Accounts: temporary passwords from the admin, and the forced change at the next login.

Imported pegawai get no usable password (hashing tens of thousands of Argon2 passwords at
import would take minutes and mail them nowhere); the admin kepegawaian hands each one a
temporary password that must be replaced at the first login (Peraturan BSSN 4/2021), one by
one or in a batch printed as slips."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
import secrets
import string

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Q

from accounts.models import AuditLog, Pegawai, StatusKepegawaian, UnitKerja
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


# --- Many accounts at once -------------------------------------------------------------------

# Argon2id costs ~21 ms per password: 250 keep the request under ~6 s and the PDF at 25 pages.
MAKS_AKUN_PER_BATCH = 250
AKSI_AKTIVASI_MASSAL = "akun.aktivasi_massal"


class BatchSudahDibuat(KepegawaianError):
    """The one-time key of this batch was used already (a double click, a resent form)."""

    def __init__(self, audit: AuditLog):
        super().__init__(
            "Batch ini sudah dibuat dan slipnya sudah diunduh sekali; kata sandinya tidak dapat "
            "ditampilkan lagi."
        )
        self.audit = audit


@dataclass(frozen=True)
class SasaranAktivasi:
    """Whom a batch would activate, and how many of the chosen it leaves out and why."""

    akun: list[Pegawai]
    diganti: int  # of `akun`, those whose current password stops working
    dilewati_hak: int  # rights equal to or above the admin's (`Pegawai.can_manage_account`)
    dilewati_berkata_sandi: int  # already have a password and resetting was not asked for
    dilewati_nonaktif: int  # may not log in at all
    # Not Aktif (Tugas Belajar, CLTN, MPP…): they owe no SKP (DOMAIN.md §2), so no slip to
    # hand out; the label of each such status met, with how many.
    dilewati_status: dict[str, int] = field(default_factory=dict)
    dikecualikan: int = 0  # unticked on the batch page


def _berkata_sandi(pegawai: Pegawai) -> bool:
    # make_password(None) (the roster import) stores "!" and a random tail.
    return bool(pegawai.password) and not pegawai.password.startswith(UNUSABLE_PASSWORD_PREFIX)


def sasaran_aktivasi(
    oleh: Pegawai,
    *,
    unit_ids: Iterable[int] = (),
    nips: Iterable[str] = (),
    atur_ulang_berkata_sandi: bool = False,
    kunci_baris: bool = False,
    hanya_nip: Iterable[str] | None = None,
) -> SasaranAktivasi:
    """The pegawai of the units' subtrees and the chosen NIPs whose accounts `oleh` may
    activate: by default only those without a usable password, never `oleh`'s own, and only
    Aktif pegawai (the others owe no SKP this season: DOMAIN.md §2; the pegawai's own page
    still gives one a temporary password). `hanya_nip`: the rows left ticked on the batch
    page (None: all)."""
    hanya = set(hanya_nip) if hanya_nip is not None else None
    pilihan = Q(nip__in=list(nips))
    unit_ids = list(unit_ids)
    if unit_ids:
        pilihan |= Q(unit_kerja_id__in=UnitKerja.objects.subtree_ids(unit_ids))
    qs = Pegawai.objects.filter(pilihan).exclude(pk=oleh.pk).select_related("unit_kerja")
    if kunci_baris:
        qs = qs.select_for_update(of=("self",))
    akun, diganti, hak, berkata_sandi, nonaktif, kecuali = [], 0, 0, 0, 0, 0
    status = Counter()
    for pegawai in qs.order_by("pk"):
        berkata_sandi_ini = _berkata_sandi(pegawai)
        if not pegawai.is_active:
            nonaktif += 1
        elif not oleh.can_manage_account(pegawai):
            hak += 1
        elif pegawai.status_kepegawaian != StatusKepegawaian.AKTIF:
            status[pegawai.get_status_kepegawaian_display()] += 1
        elif berkata_sandi_ini and not atur_ulang_berkata_sandi:
            berkata_sandi += 1
        elif hanya is not None and pegawai.nip not in hanya:
            kecuali += 1
        else:
            diganti += berkata_sandi_ini
            akun.append(pegawai)
    akun.sort(key=lambda p: (p.nama.casefold(), p.nip))
    return SasaranAktivasi(
        akun, diganti, hak, berkata_sandi, nonaktif, dict(sorted(status.items())), kecuali
    )


def batch_dengan_kunci(kunci: str) -> AuditLog | None:
    """The batch already made with this one-time key, if any."""
    return AuditLog.objects.filter(aksi=AKSI_AKTIVASI_MASSAL, data__kunci=kunci).first()


@transaction.atomic
def aktifkan_akun_massal(
    oleh: Pegawai,
    *,
    kunci: str,
    unit_ids: Iterable[int] = (),
    nips: Iterable[str] = (),
    atur_ulang_berkata_sandi: bool = False,
    hanya_nip: Iterable[str] | None = None,
) -> list[tuple[Pegawai, str]]:
    """Give every account of the choice (see `sasaran_aktivasi`) a temporary password that
    must be changed at the first login; returns (pegawai, password) once, for the slips. One
    audit row per batch, without a password. `kunci` is the form's one-time key: a second
    request with it (a double click) changes nothing and raises `BatchSudahDibuat`, so the
    passwords of the first answer stay the valid ones."""
    if not oleh.can_manage_kepegawaian:
        raise KepegawaianError("Hanya admin kepegawaian yang dapat mengaktifkan akun.")
    # Batches of one admin run one after the other: the second request of a double click
    # waits here for the first to commit, then finds its key used.
    Pegawai.objects.select_for_update().filter(pk=oleh.pk).first()
    sudah = batch_dengan_kunci(kunci)
    if sudah is not None:
        raise BatchSudahDibuat(sudah)
    unit_ids, nips = list(unit_ids), list(nips)
    sasaran = sasaran_aktivasi(
        oleh,
        unit_ids=unit_ids,
        nips=nips,
        atur_ulang_berkata_sandi=atur_ulang_berkata_sandi,
        kunci_baris=True,
        hanya_nip=hanya_nip,
    )
    if not sasaran.akun and sasaran.dikecualikan:
        raise KepegawaianError(
            "Tidak ada akun yang dicentang. Centang minimal satu akun yang akan diaktifkan."
        )
    if not sasaran.akun:
        raise KepegawaianError(
            "Tidak ada akun yang dapat diaktifkan pada pilihan ini: semuanya sudah memiliki kata "
            "sandi, tidak aktif, tidak berstatus kepegawaian Aktif, atau berhak akses setara "
            "dengan Anda."
        )
    if len(sasaran.akun) > MAKS_AKUN_PER_BATCH:
        raise KepegawaianError(
            f"Pilihan ini berisi {len(sasaran.akun)} akun; satu batch paling banyak "
            f"{MAKS_AKUN_PER_BATCH}. Pilih unit yang lebih kecil atau bagi dalam beberapa batch."
        )
    hasil = []
    for pegawai in sasaran.akun:
        kata_sandi = _kata_sandi_acak()
        pegawai.set_password(kata_sandi)
        pegawai.harus_ganti_kata_sandi = True
        hasil.append((pegawai, kata_sandi))
    Pegawai.objects.bulk_update(sasaran.akun, ["password", "harus_ganti_kata_sandi"])
    paths = UnitKerja.objects.paths()
    unit_dipilih = [paths[pk] for pk in unit_ids if pk in paths]
    per_unit = Counter(paths.get(p.unit_kerja_id, "(tanpa unit)") for p in sasaran.akun)
    asal = [f"{path} beserta sub-unitnya" for path in unit_dipilih]
    if nips:
        asal.append(f"{len(nips)} pegawai pilihan")
    catat_audit(
        AKSI_AKTIVASI_MASSAL,
        aktor=oleh,
        ringkasan=(
            f"{len(hasil)} akun diaktifkan dengan kata sandi sementara ({'; '.join(asal)})"
            + (
                f", {sasaran.diganti} di antaranya kata sandi lamanya diganti."
                if sasaran.diganti
                else "."
            )
        ),
        kunci=kunci,
        jumlah=len(hasil),
        diganti=sasaran.diganti,
        unit=unit_dipilih,
        unit_akun=dict(sorted(per_unit.items())),
        nip=[p.nip for p in sasaran.akun],
        dikecualikan=sasaran.dikecualikan,
        dilewati_status=sasaran.dilewati_status,
    )
    return hasil


AKSI_HAK_ADMIN = "akun.hak_admin_kepegawaian"


@transaction.atomic
def atur_admin_kepegawaian(pegawai: Pegawai, *, oleh: Pegawai, jadikan: bool) -> bool:
    """Grant (`jadikan`) or revoke the admin kepegawaian role; a superuser's decision only (an
    admin kepegawaian may not make another: `Pegawai.can_manage_account`). Audited with the
    old and new value. Returns False when the account already is as asked (nothing written).
    The role's pages check it fresh on each request; the menu follows within a minute."""
    if not (oleh.is_active and oleh.is_superuser):
        raise KepegawaianError(
            "Hanya superuser yang dapat memberi atau mencabut peran admin kepegawaian."
        )
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    nama = pegawai.nama_lengkap
    if pegawai.pk == oleh.pk:
        raise KepegawaianError("Peran akun Anda sendiri tidak diubah di halaman ini.")
    if pegawai.is_superuser:
        raise KepegawaianError(
            f"{nama} adalah superuser: hak admin kepegawaian sudah termasuk di dalamnya."
        )
    if jadikan and not pegawai.is_active:
        raise KepegawaianError(
            f"Akun {nama} tidak aktif (tidak dapat masuk); aktifkan akunnya lebih dahulu."
        )
    if pegawai.is_admin_kepegawaian == jadikan:
        return False
    pegawai.is_admin_kepegawaian = jadikan
    pegawai.save(update_fields=["is_admin_kepegawaian"])
    catat_audit(
        AKSI_HAK_ADMIN,
        aktor=oleh,
        objek=pegawai,
        ringkasan=(
            f"{nama} (NIP {pegawai.nip}) dijadikan admin kepegawaian."
            if jadikan
            else f"Peran admin kepegawaian {nama} (NIP {pegawai.nip}) dicabut."
        ),
        nip=pegawai.nip,
        sebelum={"is_admin_kepegawaian": not jadikan},
        sesudah={"is_admin_kepegawaian": jadikan},
    )
    return True
