"""The demo's penugasan (issue 18.7): the circular's three panitia (Panitia UTBK from the
Wakil Rektor, outside UPT TIK, to a squad across two divisions; Panitia SMBJM from the Kepala
UPT to a pegawai whose SKP is already ditetapkan, waiting to become its version 2; Panitia PPG
recorded by the admin for an official of another instansi), and one open opportunity. Built
through the services, so every row is as the app would make it. Safe to run again."""

import datetime

from accounts.models import Pegawai
from penugasan.models import AnggotaPenugasan, JenisPenugasan, Penugasan, StatusAnggota
from penugasan.services import IsianTugas, buat_penugasan, putuskan_penilai

WAKIL_REKTOR = "197203041998021001"
KEPALA_UPT = "198412012012121002"
ADMIN = "198803152014042001"
KADIV_SI, KADIV_KONTEN, KADIV_DATA = (
    "198703222010121003",
    "198511072011012008",
    "198609132012121004",
)
STAF_SI = "199105172019031012"  # the demo pegawai: a Draf, the work goes straight in
STAF_DATA = "199201262018031013"  # waits for the Kepala Divisi Data's decision
STAF_KONTEN_DITETAPKAN = "199511302021022003"


def _tanggal(periode, bulan: int, hari: int) -> datetime.date:
    return datetime.date(periode.tahun, bulan, hari)


def load_demo(periode) -> None:
    if Penugasan.objects.filter(periode=periode).exists():
        return
    orang = {p.nip: p for p in Pegawai.objects.filter(nip__in=_SEMUA)}
    wr = orang[WAKIL_REKTOR]
    if not wr.is_pemberi_tugas:  # a Wakil Rektor heads no unit here: the admin marks him
        wr.is_pemberi_tugas = True
        wr.save(update_fields=["is_pemberi_tugas"])

    # Panitia UTBK: two staff of two divisions; the Kepala Divisi SI agrees, the Kepala
    # Divisi Data has not decided yet.
    utbk = buat_penugasan(
        periode,
        IsianTugas(
            judul=f"Panitia UTBK-SNBT {periode.tahun}",
            uraian=(
                "Menyiapkan ruang dan perangkat ujian berbasis komputer di lokasi Undiksha,\n"
                "mendampingi pengawas selama sesi ujian, dan menangani gangguan teknis."
            ),
            hasil=f"Terlaksananya tugas Panitia UTBK-SNBT {periode.tahun} di lokasi Undiksha",
            iki_teks="Jumlah sesi ujian yang didukung tanpa gangguan teknis",
            target="12",
            satuan="sesi",
            nomor_sk=f"245/UN48/KP/{periode.tahun}",
            tanggal_sk=_tanggal(periode, 3, 10),
            mulai=_tanggal(periode, 4, 1),
            selesai=_tanggal(periode, 5, 31),
            anggota=[(orang[STAF_SI], "Teknisi ruang ujian"), (orang[STAF_DATA], "Operator data")],
        ),
        oleh=wr,
    )
    putuskan_penilai(
        AnggotaPenugasan.objects.get(penugasan=utbk, pegawai=orang[STAF_SI]),
        oleh=orang[KADIV_SI],
        setuju=True,
    )

    # Panitia SMBJM: the pegawai's SKP is ditetapkan; her pejabat penilai agreed, and accepts
    # it into version 2 (left for the walk).
    smbjm = buat_penugasan(
        periode,
        IsianTugas(
            judul=f"Panitia Seleksi Mandiri (SMBJM) {periode.tahun}",
            hasil="Terdukungnya publikasi dan dokumentasi Seleksi Mandiri Undiksha",
            iki_teks="Jumlah materi publikasi seleksi mandiri yang terbit",
            target="8",
            satuan="materi",
            nomor_sk=f"301/UN48.21/KP/{periode.tahun}",
            tanggal_sk=_tanggal(periode, 5, 20),
            mulai=_tanggal(periode, 6, 1),
            selesai=_tanggal(periode, 8, 31),
            anggota=[(orang[STAF_KONTEN_DITETAPKAN], "Anggota bidang publikasi")],
        ),
        oleh=orang[KEPALA_UPT],
    )
    a = AnggotaPenugasan.objects.get(penugasan=smbjm)
    if a.status == StatusAnggota.MENUNGGU_PENILAI:
        putuskan_penilai(a, oleh=orang[KADIV_KONTEN], setuju=True)

    # Panitia PPG: from an official of another instansi, recorded by the admin; waits for
    # the Kepala UPT (the Kepala Divisi SI's pejabat penilai).
    buat_penugasan(
        periode,
        IsianTugas(
            judul=f"Tim Teknis Uji Kompetensi PPG {periode.tahun}",
            hasil="Tersedianya layanan teknis uji kompetensi PPG di Undiksha",
            iki_teks="Jumlah gelombang uji kompetensi yang didukung",
            target="2",
            satuan="gelombang",
            nomor_sk=f"1120/B/GT.03/{periode.tahun}",
            tanggal_sk=_tanggal(periode, 7, 1),
            mulai=_tanggal(periode, 7, 15),
            selesai=_tanggal(periode, 11, 30),
            pemberi_nama="Ketua Panitia Nasional PPG",
            pemberi_jabatan="Ketua Panitia Nasional PPG, Kemendikdasmen",
            anggota=[(orang[KADIV_SI], "Koordinator teknis")],
        ),
        oleh=orang[ADMIN],
    )

    # An opportunity any unit's staff may ask to join.
    buat_penugasan(
        periode,
        IsianTugas(
            jenis=JenisPenugasan.PELUANG,
            judul="Tim Dokumentasi Dies Natalis Undiksha",
            uraian="Foto, video, dan siaran langsung rangkaian Dies Natalis; dua tempat.",
            hasil="Terdokumentasikannya rangkaian Dies Natalis Undiksha",
            iki_teks="Jumlah acara yang terdokumentasi",
            target="5",
            satuan="acara",
            mulai=_tanggal(periode, 12, 1),
            selesai=_tanggal(periode, 12, 31),
            kuota=2,
        ),
        oleh=orang[KADIV_KONTEN],
    )


_SEMUA = [
    WAKIL_REKTOR,
    KEPALA_UPT,
    ADMIN,
    KADIV_SI,
    KADIV_KONTEN,
    KADIV_DATA,
    STAF_SI,
    STAF_DATA,
    STAF_KONTEN_DITETAPKAN,
]
