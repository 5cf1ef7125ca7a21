"""Reading the audit log (accounts.AuditLog): the readable names of its action codes and
object types, the old → new values its `data` holds, and its .xlsx export. Every app writes
rows through `catat_audit`; the codes are plain strings, so their labels can live here, in the
lowest layer, without knowing the apps that write them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import json
import re
from typing import IO

from django.apps import apps

from accounts.spreadsheets import sel_aman

# Every code `catat_audit` is called with (beranda/tests/test_audit_labels.py checks that a
# new one gets its label here). A code without one is shown as it is stored.
LABEL_AKSI: dict[str, str] = {
    "akun.kata_sandi_sementara": "Kata sandi sementara dibuat",
    "akun.kata_sandi_diganti": "Kata sandi sementara diganti",
    "akun.aktivasi_massal": "Akun diaktifkan massal (slip kata sandi sementara)",
    "akun.hak_admin_kepegawaian": "Peran admin kepegawaian diberikan atau dicabut",
    "akun.reset_diminta": "Atur ulang kata sandi diminta (tautan email)",
    "akun.reset_selesai": "Kata sandi diatur ulang lewat tautan email",
    "akun.dua_faktor_pasang": "Verifikasi dua langkah dipasang",
    "akun.dua_faktor_matikan": "Verifikasi dua langkah dimatikan",
    "akun.dua_faktor_reset": "Verifikasi dua langkah diatur ulang oleh admin",
    "akun.kode_pemulihan_baru": "Kode pemulihan dibuat ulang",
    "akun.kode_pemulihan_dipakai": "Masuk dengan kode pemulihan",
    "pegawai.ubah": "Data pegawai diubah",
    "pegawai.tambah": "Pegawai ditambahkan",
    "pegawai.mutasi": "Mutasi pegawai dicatat (unit atau jabatan)",
    "pegawai.status": "Status kepegawaian diubah",
    "roster.impor": "Impor daftar pegawai",
    "roster.ekspor": "Ekspor daftar pegawai",
    "supervisi.tetapkan": "Atasan ditetapkan",
    "unit.buat": "Unit kerja dibuat",
    "unit.ubah": "Unit kerja diubah (nama atau induk)",
    "unit.hapus": "Unit kerja dihapus",
    "unit.gabung": "Unit kerja digabungkan ke unit lain",
    "unit.pimpinan": "Pimpinan unit kerja diubah",
    "supervisi.salin": "Relasi atasan disalin dari periode sebelumnya",
    "periode.tambah": "Periode dibuat",
    "periode.ubah": "Periode diubah",
    "skp.dispensasi": "Dispensasi diberikan",
    "skp.dispensasi_cabut": "Dispensasi dicabut",
    "skp.mulai": "SKP dimulai",
    "skp.salin": "SKP disalin dari periode sebelumnya",
    "skp.pendekatan": "Pendekatan hasil kerja diubah",
    "skp.model_form": "Model formulir SKP diubah",
    "skp.ajukan": "SKP diajukan",
    "skp.setujui": "SKP disetujui",
    "skp.tetapkan": "SKP ditetapkan",
    "skp.kembalikan": "SKP dikembalikan",
    "skp.komentar": "Catatan pada SKP",
    "skp.komentar.balas": "Catatan pada SKP dibalas",
    "skp.komentar.selesai": "Catatan pada SKP ditandai selesai",
    "skp.komentar.buka": "Catatan pada SKP dibuka lagi",
    "skp.rk.tambah": "Rencana kinerja ditambahkan",
    "skp.rk.ubah": "Rencana kinerja diubah",
    "skp.rk.hapus": "Rencana kinerja dihapus",
    "skp.rk.pindah": "Urutan rencana kinerja diubah",
    "skp.rk.matriks.buat": "Rencana kinerja dari matriks ditambahkan",
    "skp.rk.penugasan": "Rencana kinerja dari penugasan ditambahkan",
    "skp.rk.penugasan_ditarik": "Rencana kinerja dari penugasan dikeluarkan (penugasan ditarik)",
    "skp.perubahan": "Penugasan diterima ke SKP (versi baru)",
    "penugasan.buat": "Penugasan dibuat",
    "penugasan.putuskan": "Penugasan disetujui/ditolak pejabat penilai",
    "penugasan.ikut": "Pegawai mengajukan diri pada peluang",
    "penugasan.konfirmasi": "Relawan dikonfirmasi/ditolak pembuka peluang",
    "penugasan.masuk_skp": "Penugasan dimasukkan ke SKP",
    "penugasan.tutup": "Peluang ditutup",
    "penugasan.tarik": "Penugasan ditarik pemberi tugas",
    "skp.rk.matriks.perbarui": "Rencana kinerja diperbarui dari matriks",
    "skp.rk.matriks.terima": "Perubahan matriks diterima",
    "skp.iki.tambah": "Indikator ditambahkan",
    "skp.iki.ubah": "Indikator diubah",
    "skp.iki.hapus": "Indikator dihapus",
    "skp.iki.pindah": "Urutan indikator diubah",
    "skp.perilaku.ekspektasi": "Ekspektasi khusus pimpinan ditulis",
    "skp.perilaku.preset.tambah": "Preset ekspektasi ditambahkan",
    "skp.perilaku.preset.ubah": "Preset ekspektasi diubah",
    "skp.perilaku.preset.hapus": "Preset ekspektasi dihapus",
    "skp.perilaku.preset.pindah": "Urutan preset ekspektasi diubah",
    "skp.lampiran.tambah": "Butir lampiran ditambahkan",
    "skp.lampiran.ubah": "Butir lampiran diubah",
    "skp.lampiran.hapus": "Butir lampiran dihapus",
    "skp.lampiran.pindah": "Urutan butir lampiran diubah",
    "skp.lampiran.preset": "Butir lampiran dipilih dari preset",
    "skp.lampiran.awal": "Lampiran diisi dari preset isian awal",
    "skp.preset_lampiran.tambah": "Preset lampiran ditambahkan",
    "skp.preset_lampiran.ubah": "Preset lampiran diubah",
    "skp.preset_lampiran.hapus": "Preset lampiran dihapus",
    "skp.preset_lampiran.pindah": "Urutan preset lampiran diubah",
    "skp.batch_diminta": "Batch dokumen SKP diminta",
    "skp.demo_riwayat": "Data demo",
    "uraian_tugas.simpan": "Uraian tugas disimpan",
    "kpi.buat": "KPI dibuat",
    "kpi.ubah": "KPI diubah",
    "kpi.hapus": "KPI dihapus",
    "matriks.buat": "Matriks peran-hasil dibuat",
    "matriks.anggota.tambah": "Anggota matriks ditambahkan",
    "matriks.anggota.hapus": "Anggota matriks dihapus",
    "matriks.kolom.tambah": "Kolom matriks ditambahkan",
    "matriks.kolom.hapus": "Kolom matriks dihapus",
    "matriks.sel.ubah": "Sel matriks diubah",
    "matriks.terapkan": "Matriks diterapkan ke SKP",
    "audit.ekspor": "Log audit diekspor",
}

# The apps whose models appear as objects of the log.
_APP_KAMI = ("accounts", "periode", "skp", "kpi")


def label_aksi(kode: str) -> str:
    return LABEL_AKSI.get(kode, kode)


def pilihan_aksi() -> list[tuple[str, str]]:
    return sorted(LABEL_AKSI.items(), key=lambda item: item[1])


def pilihan_objek() -> list[tuple[str, str]]:
    """(objek_tipe, readable name) of every model of our apps, as `catat_audit` stores them."""
    pilihan = [
        (model._meta.label_lower, _nama_model(model))
        for nama in _APP_KAMI
        if apps.is_installed(nama)
        for model in apps.get_app_config(nama).get_models()
    ]
    return sorted(pilihan, key=lambda item: item[1])


def _nama_model(model) -> str:
    nama = str(model._meta.verbose_name)
    # Acronyms stay upper case: "butir lampiran skp" reads "Butir lampiran SKP".
    nama = re.sub(r"\b(skp|kpi|iki|rk|rhk)\b", lambda m: m.group(1).upper(), nama)
    return nama[:1].upper() + nama[1:]


def label_objek(tipe: str) -> str:
    if not tipe:
        return ""
    try:
        return _nama_model(apps.get_model(tipe))
    except (LookupError, ValueError):
        return tipe


@dataclass(frozen=True)
class Perubahan:
    nama: str
    lama: str
    baru: str


# Keys of `data` that carry old/new values; the rest is shown as it is.
_KUNCI_PERUBAHAN = {"perubahan", "sebelum", "sesudah", "fields"}


def _teks(nilai) -> str:
    if nilai is None or nilai == "":
        return "–"
    if isinstance(nilai, list | tuple):
        return ", ".join(_teks(v) for v in nilai) or "–"
    if isinstance(nilai, dict):
        return json.dumps(nilai, ensure_ascii=False)
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    return str(nilai)


def perubahan(data: dict) -> list[Perubahan]:
    """The old → new values a row holds, in the shapes the services write them:
    `perubahan={field: [old, new]}`, `sebelum`/`sesudah` as two dicts or two values, or
    `sebelum` alone (the new value is the object's current one: shown as "–")."""
    if not isinstance(data, dict):
        return []
    hasil = []
    for nama, nilai in (data.get("perubahan") or {}).items():
        lama, baru = (list(nilai) + [None, None])[:2] if isinstance(nilai, list) else (nilai, None)
        hasil.append(Perubahan(nama, _teks(lama), _teks(baru)))
    sebelum, sesudah = data.get("sebelum"), data.get("sesudah")
    if isinstance(sebelum, dict) or isinstance(sesudah, dict):
        sebelum, sesudah = sebelum or {}, sesudah or {}
        for nama in [*sebelum, *(k for k in sesudah if k not in sebelum)]:
            hasil.append(Perubahan(nama, _teks(sebelum.get(nama)), _teks(sesudah.get(nama))))
    elif "sebelum" in data or "sesudah" in data:
        hasil.append(Perubahan("nilai", _teks(sebelum), _teks(sesudah)))
    return hasil


def data_lain(data: dict) -> list[tuple[str, str]]:
    """The rest of `data`, key by key, as text."""
    if not isinstance(data, dict):
        return []
    return [(k, _teks(v)) for k, v in data.items() if k not in _KUNCI_PERUBAHAN]


def siapkan_baris(baris: Iterable) -> list:
    """Attach the readable action, object and changes to each row a page shows."""
    baris = list(baris)
    for log in baris:
        log.aksi_label = label_aksi(log.aksi)
        log.objek_label = label_objek(log.objek_tipe)
        log.perubahan = perubahan(log.data)
        log.data_lain = data_lain(log.data)
    return baris


KOLOM_EKSPOR = [
    ("Waktu", 20),
    ("NIP Aktor", 22),
    ("Nama Aktor", 32),
    ("Aksi", 34),
    ("Kode Aksi", 26),
    ("Objek", 22),
    ("ID Objek", 10),
    ("Ringkasan", 60),
    ("Perubahan (lama → baru)", 60),
    ("Data Lain", 50),
]


def tulis_audit(baris: Iterable, tujuan: IO[bytes]) -> None:
    """The rows as .xlsx: NIP as a text cell, every value a string cell (user text never
    becomes a formula), the time in Asia/Makassar as Excel shows it."""
    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buku = Workbook(write_only=True)
    lembar = buku.create_sheet("Log Audit")
    for i, (_, lebar) in enumerate(KOLOM_EKSPOR, start=1):
        lembar.column_dimensions[get_column_letter(i)].width = lebar
    lembar.freeze_panes = "A2"
    judul = []
    for nama, _ in KOLOM_EKSPOR:
        sel = sel_aman(lembar, nama)
        sel.font = Font(bold=True)
        judul.append(sel)
    lembar.append(judul)
    for log in baris:
        aktor = log.aktor
        lembar.append(
            [
                sel_aman(lembar, timezone.localtime(log.waktu).strftime("%Y-%m-%d %H:%M:%S")),
                sel_aman(lembar, aktor.nip if aktor else "", teks=True),
                sel_aman(lembar, aktor.nama_lengkap if aktor else "Sistem"),
                sel_aman(lembar, label_aksi(log.aksi)),
                sel_aman(lembar, log.aksi),
                sel_aman(lembar, label_objek(log.objek_tipe)),
                sel_aman(lembar, log.objek_id, teks=True),
                sel_aman(lembar, log.ringkasan),
                sel_aman(
                    lembar,
                    "\n".join(f"{p.nama}: {p.lama} → {p.baru}" for p in perubahan(log.data)),
                ),
                sel_aman(lembar, "\n".join(f"{k}: {v}" for k, v in data_lain(log.data))),
            ]
        )
    buku.save(tujuan)
