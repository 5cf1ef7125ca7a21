"""A pegawai's position and status over time: a mutasi (another unit or jabatan) and a change
of status kepegawaian (DOMAIN.md §2), each recorded with the date it takes effect. The
supervision of the running periode that follows a mutasi is the periode layer's part
(`periode.services.catat_mutasi_pegawai`)."""

import datetime

from django.db import transaction

from accounts.formatting import tanggal_panjang
from accounts.models import (
    JenisJabatan,
    JenisRiwayat,
    Jenjang,
    Pegawai,
    RiwayatPegawai,
    StatusKepegawaian,
    UnitKerja,
)
from accounts.services import PESAN_HAK_SETARA, KepegawaianError, catat_audit

# The statuses under which an account keeps its login unless the admin says otherwise: a
# pegawai on leave or study may still read their SKP; one who left (Nonaktif) may not.
STATUS_TANPA_AKSES = {StatusKepegawaian.NONAKTIF}


class RiwayatError(KepegawaianError):
    """A mutasi or status change refused; `field`: the form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _posisi(pegawai: Pegawai) -> dict[str, str]:
    """What the history keeps of a position, as the roster reads it."""
    return {
        "unit_kerja": UnitKerja.objects.paths().get(pegawai.unit_kerja_id, ""),
        "jabatan": pegawai.jabatan,
        "jenis_jabatan": JenisJabatan(pegawai.jenis_jabatan).label if pegawai.jenis_jabatan else "",
        "jenjang": Jenjang(pegawai.jenjang).label if pegawai.jenjang else "",
    }


def _periksa_tanggal(pegawai: Pegawai, tanggal: datetime.date, jenis: str, hari_ini) -> None:
    if tanggal > hari_ini:
        raise RiwayatError(
            "Tanggal berlaku tidak boleh sesudah hari ini: catat perubahan ini pada atau sesudah "
            "tanggal berlakunya.",
            field="tanggal_berlaku",
        )
    terakhir = (
        RiwayatPegawai.objects.filter(pegawai=pegawai, jenis=jenis)
        .order_by("-tanggal_berlaku", "-pk")
        .first()
    )
    if terakhir is not None and tanggal < terakhir.tanggal_berlaku:
        raise RiwayatError(
            f"Perubahan terakhir yang tercatat berlaku {tanggal_panjang(terakhir.tanggal_berlaku)}; "
            "tanggal berlaku yang baru tidak boleh sebelum itu.",
            field="tanggal_berlaku",
        )


def _kunci_dan_periksa(pegawai: Pegawai, oleh: Pegawai) -> Pegawai:
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    return pegawai


@transaction.atomic
def catat_mutasi(
    pegawai: Pegawai,
    *,
    oleh: Pegawai,
    tanggal_berlaku: datetime.date,
    unit_kerja: UnitKerja,
    jabatan: str,
    jenis_jabatan: str,
    jenjang: str = "",
    keterangan: str = "",
    hari_ini: datetime.date,
) -> RiwayatPegawai:
    """Move `pegawai` to another unit or jabatan from `tanggal_berlaku`: the roster fields
    change now, the history keeps before and after, and the audit row says both."""
    pegawai = _kunci_dan_periksa(pegawai, oleh)
    if pegawai.status_kepegawaian != StatusKepegawaian.AKTIF:
        raise RiwayatError(
            f"{pegawai.nama_lengkap} berstatus {pegawai.get_status_kepegawaian_display()}. "
            "Aktifkan kembali statusnya lebih dahulu, lalu catat mutasinya."
        )
    _periksa_tanggal(pegawai, tanggal_berlaku, JenisRiwayat.MUTASI, hari_ini)
    if jenis_jabatan != JenisJabatan.FUNGSIONAL:
        jenjang = ""
    baru = {
        "unit_kerja_id": unit_kerja.pk,
        "jabatan": jabatan,
        "jenis_jabatan": jenis_jabatan,
        "jenjang": jenjang,
    }
    berubah = [nama for nama, nilai in baru.items() if getattr(pegawai, nama) != nilai]
    if not berubah:
        raise RiwayatError(
            "Unit kerja dan jabatan sama dengan yang tercatat sekarang; tidak ada mutasi untuk "
            "dicatat."
        )
    sebelum = _posisi(pegawai)
    for nama, nilai in baru.items():
        setattr(pegawai, nama, nilai)
    pegawai.save(update_fields=berubah)
    sesudah = _posisi(pegawai)
    riwayat = RiwayatPegawai.objects.create(
        pegawai=pegawai,
        jenis=JenisRiwayat.MUTASI,
        tanggal_berlaku=tanggal_berlaku,
        unit_kerja=unit_kerja,
        sebelum=sebelum,
        sesudah=sesudah,
        keterangan=keterangan,
        dicatat_oleh=oleh,
    )
    catat_audit(
        "pegawai.mutasi",
        aktor=oleh,
        objek=pegawai,
        ringkasan=f"Mutasi {pegawai.nama_lengkap} berlaku {tanggal_panjang(tanggal_berlaku)}: "
        f"{sebelum['jabatan']} ({sebelum['unit_kerja']}) → {sesudah['jabatan']} "
        f"({sesudah['unit_kerja']}).",
        perubahan={
            nama: [sebelum[nama], sesudah[nama]]
            for nama in sebelum
            if sebelum[nama] != sesudah[nama]
        },
        tanggal_berlaku=tanggal_berlaku.isoformat(),
        keterangan=keterangan,
    )
    return riwayat


@transaction.atomic
def ubah_status_kepegawaian(
    pegawai: Pegawai,
    *,
    oleh: Pegawai,
    status: str,
    tanggal_berlaku: datetime.date,
    boleh_masuk: bool,
    keterangan: str,
    hari_ini: datetime.date,
) -> RiwayatPegawai:
    """Set `pegawai`'s status (Aktif again, or one of the statuses that owe no SKP) from
    `tanggal_berlaku`; Nonaktif always closes the login, Aktif always opens it."""
    pegawai = _kunci_dan_periksa(pegawai, oleh)
    if status == pegawai.status_kepegawaian:
        raise RiwayatError(
            f"Status {pegawai.nama_lengkap} sudah {StatusKepegawaian(status).label}.",
            field="status",
        )
    if not keterangan.strip():
        raise RiwayatError(
            "Tuliskan dasar perubahan status (mis. nomor SK); keterangan ini tercatat di riwayat "
            "dan log audit.",
            field="keterangan",
        )
    _periksa_tanggal(pegawai, tanggal_berlaku, JenisRiwayat.STATUS, hari_ini)
    if status == StatusKepegawaian.AKTIF:
        boleh_masuk = True
    elif status in STATUS_TANPA_AKSES:
        boleh_masuk = False
    sebelum = {
        "status": pegawai.get_status_kepegawaian_display(),
        "boleh_masuk": "ya" if pegawai.is_active else "tidak",
    }
    pegawai.status_kepegawaian = status
    pegawai.is_active = boleh_masuk
    pegawai.save(update_fields=["status_kepegawaian", "is_active"])
    sesudah = {
        "status": pegawai.get_status_kepegawaian_display(),
        "boleh_masuk": "ya" if boleh_masuk else "tidak",
    }
    riwayat = RiwayatPegawai.objects.create(
        pegawai=pegawai,
        jenis=JenisRiwayat.STATUS,
        tanggal_berlaku=tanggal_berlaku,
        unit_kerja_id=pegawai.unit_kerja_id,
        sebelum=sebelum,
        sesudah=sesudah,
        keterangan=keterangan.strip(),
        dicatat_oleh=oleh,
    )
    catat_audit(
        "pegawai.status",
        aktor=oleh,
        objek=pegawai,
        ringkasan=f"Status {pegawai.nama_lengkap}: {sebelum['status']} → {sesudah['status']}, "
        f"berlaku {tanggal_panjang(tanggal_berlaku)}.",
        perubahan={
            nama: [sebelum[nama], sesudah[nama]]
            for nama in sebelum
            if sebelum[nama] != sesudah[nama]
        },
        tanggal_berlaku=tanggal_berlaku.isoformat(),
        keterangan=keterangan.strip(),
    )
    return riwayat
