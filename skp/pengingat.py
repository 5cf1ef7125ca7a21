"""Reminders, sent every morning by the worker (`skp.jadwal.kirim_pengingat_harian`; preview
with `manage.py kirim_pengingat --dry-run`): pegawai who have not submitted before penyusunan
closes, and validators with SKPs still waiting before validasi closes. Each reminder is an
email task, enqueued together in one transaction and retried like every email."""

from dataclasses import dataclass, field
import datetime

from django.db import transaction
from django.urls import reverse

from accounts.formatting import tanggal_panjang
from periode.models import Periode, today_local
from skp.models import StatusSkp
from skp.notifikasi import antrekan_pesan, tautan
from skp.rekap import BELUM_ADA, susun_rekap


@dataclass
class HasilPengingat:
    pegawai: int = 0
    validator: int = 0
    catatan: list[str] = field(default_factory=list)


@transaction.atomic
def kirim_pengingat(
    *, hari: int = 3, kirim_email: bool = True, today: datetime.date | None = None
) -> HasilPengingat:
    """Remind those whose deadline (dispensasi included) is within `hari` days."""
    today = today or today_local()
    hasil = HasilPengingat()
    periode = Periode.objects.filter(tahun=today.year).first()
    if periode is None:
        return hasil
    rekap = susun_rekap(periode, today=today)
    for b in rekap.baris:
        sisa = (b.batas_penyusunan - today).days
        if (
            b.status in (BELUM_ADA, StatusSkp.DRAF)
            and periode.penyusunan_mulai <= today
            and 0 <= sisa <= hari
        ):
            hasil.pegawai += 1
            hasil.catatan.append(
                f"pegawai {b.pegawai.nip} {b.pegawai.nama_lengkap}: sisa {sisa} hari"
            )
            if kirim_email and b.pegawai.email:
                antrekan_pesan(
                    b.pegawai,
                    f"Pengingat: ajukan SKP {periode.tahun} paling lambat {tanggal_panjang(b.batas_penyusunan)}",
                    f"SKP {periode.tahun} Anda belum diajukan. Batas pengajuan "
                    f"{tanggal_panjang(b.batas_penyusunan)} pukul 23.59 WITA. Pegawai yang tidak "
                    "mengajukan SKP dinyatakan tidak berkinerja.\n"
                    f"{tautan(reverse('beranda'))}\n",
                )
    sisa_validasi = (periode.validasi_selesai - today).days
    if periode.validasi_mulai <= today and 0 <= sisa_validasi <= hari:
        for m in rekap.menunggu:
            if m.validator is None:
                continue
            hasil.validator += 1
            hasil.catatan.append(
                f"validator {m.validator.nip} {m.validator.nama_lengkap}: {len(m.baris)} SKP"
            )
            if kirim_email and m.validator.email:
                nama = "\n".join(f"- {b.pegawai.nama_lengkap} ({b.status_label})" for b in m.baris)
                antrekan_pesan(
                    m.validator,
                    f"Pengingat: {len(m.baris)} SKP menunggu validasi Anda",
                    f"Validasi SKP {periode.tahun} ditutup {tanggal_panjang(periode.validasi_selesai)} "
                    f"pukul 23.59 WITA. SKP yang menunggu tindakan Anda:\n{nama}\n"
                    f"{tautan(reverse('skp:validasi'))}\n",
                )
    return hasil
