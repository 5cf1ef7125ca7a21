"""What the dashboard (Beranda) shows each role: who I am, the periode, what to do next."""

from dataclasses import dataclass, field
import datetime

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from accounts.formatting import tanggal_panjang
from accounts.models import Pegawai, StatusKepegawaian, UnitKerja
from beranda.roles import PeranMenu
from periode.jendela import batas_akhir_terkini, jendela_terbuka
from periode.models import Periode, Supervisi, TahapJendela, today_local
from skp.models import Skp, SkpTransisi, StatusSkp
from skp.workflow import atasan_tahap_kedua


@dataclass
class Langkah:
    """One next step on the dashboard."""

    judul: str
    teks: str
    url: str | None = None
    tombol: str = ""
    nada: str = "primary"  # a Bootstrap colour: primary, warning, success, secondary


@dataclass
class Beranda:
    pegawai: Pegawai
    peran: PeranMenu
    periode: Periode | None
    supervisi: Supervisi | None
    nama_unit: str | None = None
    jumlah_bawahan: int = 0
    langkah: list[Langkah] = field(default_factory=list)
    statistik_admin: dict | None = None


def _satu(queryset):
    """The one row a (pegawai, periode) pair can have, or None: get(), not first(), so that
    no ORDER BY is built and compiled for it."""
    try:
        return queryset.order_by().get()
    except queryset.model.DoesNotExist:
        return None


def _nama_unit(pegawai: Pegawai) -> str | None:
    """The name of the pegawai's unit from the tree the worker remembers for the SKP page
    (`pohon_tampilan`, seconds old at most): a query less on every dashboard view."""
    if pegawai.unit_kerja_id is None:
        return None
    dikenal = UnitKerja.objects.pohon_tampilan().get(pegawai.unit_kerja_id)
    return dikenal[0] if dikenal else pegawai.unit_kerja.nama


# What the dashboard shows of the two atasan.
_KOLOM_ATASAN = [
    f"{atasan}__{kolom}"
    for atasan in ("atasan_langsung", "atasan_penilai")
    for kolom in ("nama", "gelar_depan", "gelar_belakang", "jabatan")
]


def _sisa_hari(sampai: datetime.date, today: datetime.date) -> str:
    sisa = (sampai - today).days
    return "hari ini hari terakhir" if sisa == 0 else f"sisa {sisa} hari"


def _langkah_pegawai(
    pegawai: Pegawai, periode: Periode, supervisi: Supervisi | None, today: datetime.date
) -> list[Langkah]:
    """The pegawai's own next step, from their SKP's status and their own (dispensasi) dates:
    two queries (the SKP with its latest return, the dispensasi)."""
    if pegawai.status_kepegawaian != StatusKepegawaian.AKTIF:
        return [
            Langkah(
                "Tidak wajib menyusun SKP",
                f"Status kepegawaian Anda {pegawai.get_status_kepegawaian_display()}; "
                "pegawai berstatus Aktif saja yang wajib menyusun SKP.",
                nada="secondary",
            )
        ]
    if today < periode.penyusunan_mulai:
        return [
            Langkah(
                f"Penyusunan SKP {periode.tahun} belum dibuka",
                f"Penyusunan dibuka {tanggal_panjang(periode.penyusunan_mulai)} s.d. "
                f"{tanggal_panjang(periode.penyusunan_selesai)}. Siapkan uraian tugas Anda.",
                nada="secondary",
            )
        ]
    # Its status and last return note only, not the header JSON.
    # The last one started: after a mutasi a second SKP serves the new position.
    skp = (
        Skp.objects.filter(pegawai=pegawai, periode=periode)
        .only("status")
        .annotate(
            catatan_kembali=Subquery(
                SkpTransisi.objects.filter(skp=OuterRef("pk"), ke=StatusSkp.DIKEMBALIKAN)
                .order_by("-waktu", "-pk")
                .values("catatan")[:1]
            )
        )
        .order_by("-pk")
        .first()
    )
    daftar_url = reverse("skp:daftar")
    skp_url = reverse("skp:detail", args=[skp.pk]) if skp else daftar_url
    tahun = periode.tahun
    kedua = supervisi and atasan_tahap_kedua(
        periode, supervisi.atasan_langsung, supervisi.atasan_penilai
    )
    if skp is not None and skp.status == StatusSkp.DITETAPKAN:
        penetap = "atasan penilai" if kedua else "pejabat penilai kinerja"
        return [
            Langkah(
                f"SKP {tahun} sudah ditetapkan",
                f"SKP Anda telah ditetapkan oleh {penetap}. Tidak ada yang perlu dilakukan "
                "sekarang.",
                url=skp_url,
                tombol="Lihat SKP",
                nada="success",
            )
        ]
    if skp is not None and skp.status in (
        StatusSkp.DIAJUKAN,
        StatusSkp.DISETUJUI_ATASAN_LANGSUNG,
    ):
        if skp.status == StatusSkp.DIAJUKAN:
            atasan = supervisi.atasan_langsung if supervisi else None
        else:
            atasan = kedua or (supervisi.atasan_langsung if supervisi else None)
        nama = atasan.nama_lengkap if atasan else "atasan Anda"
        return [
            Langkah(
                f"Menunggu validasi {nama}",
                f"SKP {tahun} Anda berstatus {skp.get_status_display()}. Anda akan diberi tahu "
                "bila SKP disetujui atau dikembalikan.",
                url=skp_url,
                tombol="Lihat SKP",
                nada="secondary",
            )
        ]
    if skp is not None and skp.status == StatusSkp.DIKEMBALIKAN:
        sampai = batas_akhir_terkini(periode, TahapJendela.VALIDASI, pegawai, today)
        waktu = (
            f"Perbaiki paling lambat {tanggal_panjang(sampai)} pukul 23.59 WITA "
            f"({_sisa_hari(sampai, today)})."
            if today <= sampai
            else f"Masa validasi berakhir {tanggal_panjang(sampai)}; hubungi admin kepegawaian."
        )
        catatan = ""
        if skp.catatan_kembali:
            # The note as written (its line breaks are kept by the page), one full stop.
            isi = skp.catatan_kembali.strip()
            catatan = f"Catatan atasan: “{isi}”{'' if isi[-1:] in '.!?' else '.'} "
        return [
            Langkah(
                "SKP dikembalikan: perbaiki dan ajukan ulang",
                f"{catatan}{waktu}",
                url=skp_url,
                tombol="Perbaiki SKP",
                nada="danger",
            )
        ]
    sampai = batas_akhir_terkini(periode, TahapJendela.PENYUSUNAN, pegawai, today)
    if today > sampai:
        return [
            Langkah(
                f"Penyusunan SKP {tahun} sudah ditutup",
                f"Penyusunan ditutup {tanggal_panjang(sampai)}. Lihat status SKP Anda.",
                url=skp_url,
                tombol="Lihat SKP Saya",
                nada="secondary",
            )
        ]
    batas = f"Batas penyusunan Anda {tanggal_panjang(sampai)} pukul 23.59 WITA ({_sisa_hari(sampai, today)})."
    if skp is None:
        return [
            Langkah(
                f"Mulai menyusun SKP {tahun}",
                f"{batas} Pegawai yang tidak menyusun SKP dinyatakan tidak berkinerja.",
                url=daftar_url,
                tombol="Mulai menyusun",
                nada="primary",
            )
        ]
    return [
        Langkah(
            f"Lengkapi dan ajukan SKP {tahun}",
            f"SKP Anda masih Draf. {batas}",
            url=skp_url,
            tombol="Lanjutkan SKP",
            nada="primary",
        )
    ]


def _langkah_atasan(
    jumlah_bawahan: int, periode: Periode, pegawai: Pegawai, today: datetime.date
) -> list[Langkah]:
    url = reverse("skp:validasi")
    if not jumlah_bawahan and not periode.is_dua_tahap:
        # Only an atasan penilai, in a periode without the second step (skp/workflow.py).
        return [
            Langkah(
                "Pegawai yang Anda nilai",
                f"Periode {periode.tahun} memakai persetujuan satu tahap: SKP ditetapkan oleh "
                "atasan langsung (pejabat penilai kinerja). Sebagai atasan penilai Anda dapat "
                "membaca SKP pegawai yang Anda nilai; tidak ada yang perlu Anda validasi.",
                url=url,
                tombol="Lihat",
                nada="secondary",
            )
        ]
    # The atasan's own dispensasi counts, as it does when they act (periode/jendela.py).
    sampai = batas_akhir_terkini(periode, TahapJendela.VALIDASI, pegawai, today)
    if jendela_terbuka(periode, TahapJendela.VALIDASI, pegawai, today):
        return [
            Langkah(
                "Validasi SKP bawahan",
                f"Anda menilai {jumlah_bawahan} pegawai. Validasi dibuka s.d. "
                f"{tanggal_panjang(sampai)} pukul 23.59 WITA ({_sisa_hari(sampai, today)}).",
                url=url,
                tombol="Buka kotak validasi",
                nada="warning",
            )
        ]
    waktu = (
        f"dibuka {tanggal_panjang(periode.validasi_mulai)}"
        if today < periode.validasi_mulai
        else f"ditutup {tanggal_panjang(sampai)}"
    )
    return [
        Langkah(
            "Pegawai yang Anda nilai",
            f"Anda atasan dari {jumlah_bawahan} pegawai pada periode {periode.tahun}. "
            f"Validasi SKP {waktu}.",
            url=url,
            tombol="Lihat",
            nada="secondary",
        )
    ]


def _statistik_admin(periode: Periode | None) -> dict:
    aktif = Pegawai.objects.aktif().pegawai_sungguhan()
    stats = {
        "pegawai_aktif": aktif.count(),
        "unit": UnitKerja.objects.count(),
        "tanpa_atasan": 0,
    }
    if periode:
        stats["tanpa_atasan"] = aktif.exclude(
            supervisi__periode=periode, supervisi__atasan_langsung__isnull=False
        ).count()
    return stats


def _langkah_admin(stats: dict, periode: Periode | None) -> list[Langkah]:
    langkah = []
    if periode is None:
        langkah.append(
            Langkah(
                "Buat periode penilaian",
                "Belum ada periode. Buat periode tahun ini beserta jadwal penyusunan dan validasi.",
                url=reverse("periode:periode_daftar"),
                tombol="Buat periode",
                nada="warning",
            )
        )
    if stats["pegawai_aktif"] == 0:
        langkah.append(
            Langkah(
                "Impor daftar pegawai",
                "Belum ada pegawai. Unggah daftar pegawai dari Excel untuk memulai siklus.",
                url=reverse("kepegawaian:roster_impor"),
                tombol="Impor pegawai",
                nada="warning",
            )
        )
    elif stats["tanpa_atasan"]:
        langkah.append(
            Langkah(
                "Lengkapi atasan pegawai",
                f"{stats['tanpa_atasan']} pegawai aktif belum punya atasan langsung pada periode "
                "berjalan (wajar hanya untuk pimpinan tertinggi).",
                url=reverse("kepegawaian:pegawai_daftar"),
                tombol="Lihat pegawai",
                nada="secondary",
            )
        )
    rekap = reverse("skp:rekap", args=[periode.tahun]) if periode else None
    if rekap:
        langkah.append(
            Langkah(
                f"Rekap SKP {periode.tahun}",
                "Lihat siapa yang belum menyusun dan SKP yang masih menunggu validasi.",
                url=rekap,
                tombol="Buka rekap",
                nada="primary",
            )
        )
    return langkah


def beranda_untuk(
    pegawai: Pegawai, peran: PeranMenu, periode: Periode | None, today: datetime.date | None = None
) -> Beranda:
    today = today or today_local()
    supervisi = None
    data = Beranda(
        pegawai=pegawai,
        peran=peran,
        periode=periode,
        supervisi=None,
        nama_unit=_nama_unit(pegawai),
    )
    if periode:
        supervisi = _satu(
            Supervisi.objects.filter(pegawai=pegawai, periode=periode)
            .select_related("atasan_langsung", "atasan_penilai")
            .only("atasan_langsung_id", "atasan_penilai_id", *_KOLOM_ATASAN)
        )
        data.supervisi = supervisi
        data.langkah += _langkah_pegawai(pegawai, periode, supervisi, today)
        if peran.is_atasan:
            data.jumlah_bawahan = Supervisi.objects.filter(
                periode=periode, atasan_langsung=pegawai
            ).count()
            data.langkah += _langkah_atasan(data.jumlah_bawahan, periode, pegawai, today)
    elif not peran.is_admin:
        data.langkah.append(
            Langkah(
                "Belum ada periode penilaian",
                "Admin kepegawaian belum membuka periode SKP. Silakan periksa kembali nanti.",
                nada="secondary",
            )
        )
    if peran.is_admin:
        data.statistik_admin = _statistik_admin(periode)
        data.langkah += _langkah_admin(data.statistik_admin, periode)
    return data
