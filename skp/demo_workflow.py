"""Demo SKPs in every workflow state (current periode) and the seed's 2022 year: the Kepala
UPT's SKP (the seed's content) ditetapkan, the Kepala Divisi Data's still waiting, and the
staff without an SKP, so the rekap shows who is tidak berkinerja.

Idempotent: an SKP that exists is left as it is. The minimal content is written with the
models directly; the transitions of the current periode go through the real services."""

import datetime
from decimal import Decimal
import logging
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import Pegawai
from accounts.services import catat_audit
from periode.demo import KEPALA_UPT_NIP
from periode.models import Periode
from skp.demo import SKP_KEPALA_UPT, tulis_rencana  # the seed's content, kept once
from skp.demo_6_2022 import lengkapi
from skp.dokumen import header_snapshot
from skp.exceptions import SkpError
from skp.models import (
    AksiSkp,
    Aspek,
    Indikator,
    JenisRencanaKinerja,
    ModelForm,
    RencanaKinerja,
    Skp,
    SkpTransisi,
    SkpVersi,
    StatusSkp,
)
from skp.services.workflow import ajukan_skp, isi_versi, kembalikan_skp, setujui_skp

logger = logging.getLogger(__name__)
WITA = ZoneInfo("Asia/Makassar")

WAKIL_REKTOR, REKTOR = "197203041998021001", "196605121990031002"
KADIV_SI, KADIV_KONTEN, KADIV_DATA = (
    "198703222010121003",
    "198511072011012008",
    "198609132012121004",
)


SKP_KEPALA_DIVISI = {
    KADIV_SI: [
        (
            "Tersedianya sistem informasi yang tepat waktu, aman, dan sesuai kebutuhan",
            "Sistem informasi yang dikembangkan",
            4,
            "aplikasi",
        )
    ],
    KADIV_KONTEN: [
        (
            "Terkelolanya konten web dan multimedia Undiksha yang mutakhir",
            "Web unit di lingkungan Undiksha yang terupdate",
            40,
            "web",
        )
    ],
    KADIV_DATA: [
        (
            "Terintegrasinya sistem informasi melalui data center",
            "Sistem informasi yang terintegrasi",
            12,
            "sistem",
        )
    ],
}

# The current year's plans (PermenPANRB 6/2022), from the KPI divisi of DOMAIN.md §7, in the
# form of skp.demo.tulis_rencana: (RHK, [(IKI, target, satuan[, aspek[, lower is better]])]).
# The 2022 demo keeps SKP_KEPALA_DIVISI and SKP_STAF as they were.
W, KL = Aspek.WAKTU, Aspek.KUALITAS
PANITIA_UTBK = ("Terlaksananya tugas Panitia UTBK", [("Laporan kepanitiaan", 1, "laporan")])
RHK_KEPALA_DIVISI = {
    # The Kepala Divisi Sistem Informasi's SKP is skp.demo's. Each RHK intervenes the Kepala
    # UPT's RHK of that index.
    KADIV_KONTEN: [
        (
            "Termutakhirkannya konten web di lingkungan Undiksha",
            [
                (
                    "Jumlah situs unit yang diperbarui berita dan informasinya setiap bulan",
                    40,
                    "situs",
                ),
                (
                    "Berita kegiatan universitas terbit",
                    "Paling lambat 1 hari kerja setelah kegiatan",
                    "",
                    W,
                ),
            ],
            0,
        ),
        (
            "Meningkatnya peringkat Webometrics dan 4ICU Undiksha",
            [
                (
                    "Peringkat Undiksha pada Webometrics tingkat nasional",
                    45,
                    "",
                    Aspek.KUANTITAS,
                    True,
                ),
                ("Peringkat Undiksha pada 4ICU tingkat nasional", 45, "", Aspek.KUANTITAS, True),
            ],
            1,
        ),
        (
            "Tersedianya video panduan untuk setiap sistem informasi",
            [("Jumlah video panduan yang dipublikasikan", 10, "video")],
            0,
        ),
    ],
    KADIV_DATA: [
        (
            "Terintegrasinya sistem informasi melalui data center",
            [
                ("Jumlah sistem informasi yang terintegrasi", 12, "sistem"),
                ("Waktu sinkronisasi data antarsistem", 15, "menit", W),
            ],
            0,
        ),
        (
            "Terstandarnya proses rilis dan deployment sistem informasi",
            [
                (
                    "Jumlah sistem informasi yang dirilis melalui pipeline deployment terstandar",
                    8,
                    "sistem",
                ),
                ("Standar rilis dan deployment ditetapkan", "Minggu kedua bulan Maret", "", W),
            ],
            1,
        ),
    ],
}
TAMBAHAN_KEPALA_DIVISI = {
    KADIV_KONTEN: [PANITIA_UTBK],
    KADIV_DATA: [("Terlaksananya tugas Panitia SMBJM", [("Laporan kepanitiaan", 1, "laporan")])],
}
MODUL_AKADEMIK = (
    "Tersedianya modul aplikasi layanan akademik yang siap digunakan",
    [
        ("Jumlah modul aplikasi yang dirilis ke lingkungan produksi", 3, "modul"),
        ("Waktu penyelesaian", 12, "bulan", W),
    ],
    0,
)
# Staff (NIP) → (RHK each intervening their kepala divisi's RHK of that index, tambahan).
RHK_STAF = {
    "199402112020121006": (
        [
            MODUL_AKADEMIK,
            (
                "Terselesaikannya penanganan insiden sistem informasi sesuai skala prioritas",
                [
                    ("Jumlah laporan penanganan insiden", 24, "laporan"),
                    (
                        "Insiden prioritas tinggi ditangani",
                        "Paling lambat 1 × 24 jam sejak dilaporkan",
                        "",
                        W,
                    ),
                ],
                0,
            ),
        ],
        [PANITIA_UTBK],
    ),
    # Returned by her kepala divisi: the module target is too low for a year (the note).
    "199608232022032014": (
        [
            MODUL_AKADEMIK,
            (
                "Terkelolanya layanan SSO dan hak akses pengguna sistem informasi",
                [
                    ("Jumlah permintaan layanan SSO yang diselesaikan", 300, "tiket"),
                    ("Permintaan reset akun diselesaikan", "Paling lambat 2 jam kerja", "", W),
                ],
                0,
            ),
        ],
        [],
    ),
    "199302142019031009": (
        [
            (
                "Termutakhirkannya berita dan informasi pada portal Undiksha",
                [
                    ("Jumlah berita dan pengumuman yang diunggah", 120, "berita"),
                    (
                        "Berita kegiatan diunggah",
                        "Paling lambat 1 hari kerja setelah bahan lengkap",
                        "",
                        W,
                    ),
                ],
                0,
            ),
            (
                "Terpeliharanya situs web unit di lingkungan Undiksha",
                [("Jumlah situs unit yang diperbarui ke versi CMS terbaru", 20, "situs")],
                0,
            ),
            (
                "Teroptimasinya halaman portal Undiksha untuk mesin pencari",
                [("Jumlah halaman portal yang dioptimasi", 50, "halaman")],
                1,
            ),
        ],
        [PANITIA_UTBK],
    ),
    "199511302021022003": (
        [
            (
                "Tersedianya video panduan penggunaan sistem informasi",
                [
                    ("Jumlah video panduan yang dipublikasikan", 8, "video"),
                    (
                        "Kesesuaian dengan pedoman identitas visual Undiksha",
                        "Lolos telaah Kepala Divisi Konten dan Multimedia sebelum dipublikasikan",
                        "",
                        KL,
                    ),
                ],
                2,
            ),
            (
                "Tersedianya materi desain publikasi layanan UPT TIK",
                [("Jumlah poster dan infografis yang diterbitkan", 24, "materi")],
                0,
            ),
        ],
        [
            (
                "Terdokumentasikannya kegiatan Dies Natalis Undiksha",
                [("Paket dokumentasi foto dan video yang diserahkan", 1, "paket")],
            )
        ],
    ),
}

SKP_STAF = [
    (
        "Tersedianya modul aplikasi layanan akademik yang siap digunakan",
        "Modul aplikasi",
        3,
        "modul",
    ),
    (
        "Terselesaikannya penanganan insiden sistem informasi sesuai prioritas",
        "Insiden yang ditangani",
        24,
        "laporan",
    ),
]


def _rk(skp: Skp, urutan: int, teks: str, *, intervensi=None, jenis=JenisRencanaKinerja.UTAMA):
    return RencanaKinerja.objects.create(
        skp=skp, jenis=jenis, urutan=urutan, teks=teks, intervensi=intervensi
    )


def _iki(rk, urutan, teks, target, satuan, aspek=Aspek.KUANTITAS):
    Indikator.objects.create(
        rencana_kinerja=rk,
        aspek=aspek,
        urutan=urutan,
        teks=teks,
        target_min=Decimal(target),
        satuan=satuan,
    )


def _skp_kepala_upt(pegawai: Pegawai, periode: Periode) -> Skp:
    skp = Skp.objects.create(pegawai=pegawai, periode=periode, model_form=ModelForm.JPT)
    for n, (teks, indikator) in enumerate(SKP_KEPALA_UPT, start=1):
        rk = _rk(skp, n, teks)
        for m, (iki, target, satuan) in enumerate(indikator, start=1):
            _iki(rk, m, iki, target, satuan)
    return skp


def _skp_berisi(pegawai, periode, isi, intervensi) -> Skp:
    skp = Skp.objects.create(pegawai=pegawai, periode=periode)
    for n, (teks, iki, target, satuan) in enumerate(isi, start=1):
        rk = _rk(skp, n, teks, intervensi=intervensi)
        _iki(rk, 1, iki, target, satuan)
        Indikator.objects.create(
            rencana_kinerja=rk,
            aspek=Aspek.WAKTU,
            urutan=2,
            teks="Waktu penyelesaian",
            target_min=Decimal(12),
            satuan="bulan",
            lebih_rendah_lebih_baik=True,
        )
    tambahan = _rk(skp, 1, "Terlaksananya tugas Panitia UTBK", jenis=JenisRencanaKinerja.TAMBAHAN)
    _iki(tambahan, 1, "Laporan kepanitiaan", 1, "laporan")
    return skp


def _skp_berjalan(pegawai, periode, utama, tambahan, rk_atasan) -> Skp:
    """A current-year SKP with its RHK (each intervening `rk_atasan[index]`) and tambahan,
    and the expectations and Lampiran of skp.demo_6_2022, before any workflow step."""
    skp = Skp.objects.create(pegawai=pegawai, periode=periode)
    tulis_rencana(
        skp, [(teks, iki) for teks, iki, _ in utama], intervensi=[rk_atasan[i] for *_, i in utama]
    )
    tulis_rencana(skp, tambahan, jenis=JenisRencanaKinerja.TAMBAHAN)
    lengkapi(skp)
    return skp


def _jalankan(skp: Skp, langkah: list) -> None:
    """Take the workflow steps through the real services; stop quietly if a window is shut."""
    try:
        for fungsi, oleh, kwargs in langkah:
            fungsi(skp, oleh=oleh, **kwargs)
    except SkpError as exc:
        logger.warning("Demo SKP %s berhenti di %s: %s", skp.pk, skp.status, exc)


def _periode_berjalan(periode: Periode, orang: dict[str, Pegawai]) -> None:
    kupt = orang[KEPALA_UPT_NIP]
    ajukan = (ajukan_skp, None, {})
    setujui = (setujui_skp, None, {})

    def oleh(step, pegawai, **kwargs):
        return (step[0], pegawai, kwargs or step[2])

    if not Skp.objects.filter(pegawai=kupt, periode=periode).exists():
        skp = _skp_kepala_upt(kupt, periode)
        lengkapi(skp)
        _jalankan(
            skp,
            [oleh(ajukan, kupt), oleh(setujui, orang[WAKIL_REKTOR]), oleh(setujui, orang[REKTOR])],
        )
    rk_kupt = list(
        RencanaKinerja.objects.filter(skp__pegawai=kupt, skp__periode=periode).order_by(
            "jenis", "urutan", "pk"
        )
    )
    kadiv_rk = {}
    for nip, isi in SKP_KEPALA_DIVISI.items():
        kadiv = orang[nip]
        skp = Skp.objects.filter(pegawai=kadiv, periode=periode).first()
        if skp is None:
            if nip in RHK_KEPALA_DIVISI:
                skp = _skp_berjalan(
                    kadiv, periode, RHK_KEPALA_DIVISI[nip], TAMBAHAN_KEPALA_DIVISI[nip], rk_kupt
                )
            else:
                skp = _skp_berisi(kadiv, periode, isi, rk_kupt[0])
                lengkapi(skp)
            langkah = [oleh(ajukan, kadiv)]
            if nip == KADIV_SI:  # waits for the Wakil Rektor as atasan penilai
                langkah.append(oleh(setujui, kupt))
            _jalankan(skp, langkah)
        kadiv_rk[nip] = list(
            skp.rencana_kinerja.filter(jenis=JenisRencanaKinerja.UTAMA).order_by("urutan", "pk")
        )

    staf = {
        # Divisi Sistem Informasi: the demo pegawai's SKP is a complete Draf, ready to submit.
        "199105172019031012": (KADIV_SI, []),
        "199402112020121006": (KADIV_SI, [ajukan]),
        "199608232022032014": (KADIV_SI, [ajukan, ("kembalikan", KADIV_SI)]),
        # Divisi Konten dan Multimedia: one waiting for the Kepala UPT, one ditetapkan.
        "199302142019031009": (KADIV_KONTEN, [ajukan, ("setujui", KADIV_KONTEN)]),
        "199511302021022003": (
            KADIV_KONTEN,
            [ajukan, ("setujui", KADIV_KONTEN), ("setujui", KEPALA_UPT_NIP)],
        ),
    }
    for nip, (kadiv, rencana) in staf.items():
        pegawai = orang[nip]
        if Skp.objects.filter(pegawai=pegawai, periode=periode).exists():
            continue
        utama, tambahan = RHK_STAF.get(nip, ([MODUL_AKADEMIK], []))
        skp = _skp_berjalan(pegawai, periode, utama, tambahan, kadiv_rk[kadiv])
        langkah = []
        for step in rencana:
            if step is ajukan:
                langkah.append(oleh(ajukan, pegawai))
            elif step[0] == "kembalikan":
                langkah.append(
                    (
                        kembalikan_skp,
                        orang[step[1]],
                        {
                            "catatan": (
                                "Target modul aplikasi terlalu rendah untuk satu tahun; naikkan menjadi "
                                "minimal 4 modul dan rinci waktu penyelesaiannya per triwulan."
                            )
                        },
                    )
                )
            else:
                langkah.append(oleh(setujui, orang[step[1]]))
        _jalankan(skp, langkah)


def _riwayat_lampau(skp: Skp, langkah: list[tuple], aktor_demo: Pegawai | None) -> None:
    """A past periode's history (its windows are long shut): written as it happened."""
    status = StatusSkp.DRAF
    for aksi, ke, aktor, waktu in langkah:
        versi = None
        if aksi == AksiSkp.AJUKAN:
            header = header_snapshot(skp)
            versi = SkpVersi.objects.create(
                skp=skp,
                nomor=skp.versi.count() + 1,
                header=header,
                isi=isi_versi(skp),
                dibuat=waktu,
            )
            skp.snapshot_header, skp.diajukan_pada = header, waktu
        SkpTransisi.objects.create(
            skp=skp, aksi=aksi, dari=status, ke=ke, aktor=aktor, waktu=waktu, versi=versi
        )
        status = ke
    skp.status = status
    skp.save(update_fields=["status", "snapshot_header", "diajukan_pada"])
    catat_audit(
        "skp.demo_riwayat",
        aktor=aktor_demo,
        objek=skp,
        ringkasan=f"Data demo: riwayat SKP {skp.periode.tahun} {skp.pegawai.nama_lengkap}.",
    )


def _periode_2022(periode: Periode, orang: dict[str, Pegawai]) -> None:
    kupt = orang[KEPALA_UPT_NIP]

    def waktu(hari, jam):
        return datetime.datetime(2022, 5, hari, jam, 0, tzinfo=WITA)

    if not Skp.objects.filter(pegawai=kupt, periode=periode).exists():
        skp = _skp_kepala_upt(kupt, periode)
        _riwayat_lampau(
            skp,
            [
                (AksiSkp.AJUKAN, StatusSkp.DIAJUKAN, kupt, waktu(25, 10)),
                (
                    AksiSkp.SETUJUI,
                    StatusSkp.DISETUJUI_ATASAN_LANGSUNG,
                    orang[WAKIL_REKTOR],
                    waktu(28, 9),
                ),
                (AksiSkp.TETAPKAN, StatusSkp.DITETAPKAN, orang[REKTOR], waktu(30, 14)),
            ],
            None,
        )
    kadiv = orang[KADIV_DATA]
    if not Skp.objects.filter(pegawai=kadiv, periode=periode).exists():
        rk = RencanaKinerja.objects.filter(skp__pegawai=kupt, skp__periode=periode).first()
        skp = _skp_berisi(kadiv, periode, SKP_KEPALA_DIVISI[KADIV_DATA], rk)
        _riwayat_lampau(skp, [(AksiSkp.AJUKAN, StatusSkp.DIAJUKAN, kadiv, waktu(27, 21))], None)


def load_workflow(periode_list: list[Periode]) -> None:
    """Demo SKPs for 2022 and the current periode; the rest of the staff have none."""
    orang = {p.nip: p for p in Pegawai.objects.all()}
    for periode in periode_list:
        with transaction.atomic():
            if periode.tahun == 2022:
                _periode_2022(periode, orang)
            elif periode.is_penyusunan_open():
                _periode_berjalan(periode, orang)
