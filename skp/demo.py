"""Demo periods: the seed's 2022 (with its real windows) and the current year, open today."""

import datetime

from periode.models import AlurPersetujuan, Periode, ProfilRegulasi, today_local

# The seed's university keeps the atasan penilai's second step under 6/2022 too (DOMAIN.md
# §9): both demo periodes approve in two steps.
ALUR_DEMO = AlurPersetujuan.DUA_TAHAP


def load_periode() -> list[Periode]:
    today = today_local()
    seed_2022, _ = Periode.objects.get_or_create(
        tahun=2022,
        defaults={
            # The seed's circular of 2022 cites PermenPANRB 8/2021.
            "profil_regulasi": ProfilRegulasi.PERMENPANRB_8_2021,
            "alur_persetujuan": ALUR_DEMO,
            "tanggal_mulai": datetime.date(2022, 1, 1),
            "tanggal_selesai": datetime.date(2022, 12, 31),
            "penyusunan_mulai": datetime.date(2022, 5, 20),
            "penyusunan_selesai": datetime.date(2022, 5, 27),
            "validasi_mulai": datetime.date(2022, 5, 27),
            "validasi_selesai": datetime.date(2022, 5, 31),
        },
    )
    # The current year's windows are both open today so every screen can be tried at once.
    start = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=7))
    end = min(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=14))
    current, _ = Periode.objects.get_or_create(
        tahun=today.year,
        defaults={
            "profil_regulasi": ProfilRegulasi.PERMENPANRB_6_2022,
            "alur_persetujuan": ALUR_DEMO,
            "tanggal_mulai": datetime.date(today.year, 1, 1),
            "tanggal_selesai": datetime.date(today.year, 12, 31),
            "penyusunan_mulai": start,
            "penyusunan_selesai": end,
            "validasi_mulai": start,
            "validasi_selesai": end,
        },
    )
    return [seed_2022, current]


# The seed's JPT form of the Kepala UPT TIK, 2022 (DOMAIN.md §4): (RK, [(IKI, target, satuan)]).
SKP_KEPALA_UPT = [
    (
        "Persentase Penyelesaian Modernisasi Pengelolaan BLU",
        [
            ("Pengembangan teknologi informasi dan komunikasi", 5, ""),
            ("Pengelolaan teknologi informasi dan komunikasi", 30, ""),
            ("Pemberian layanan di bidang teknologi informasi dan komunikasi", 180, ""),
        ],
    ),
    (
        "Terlaksananya rencana aksi/inisiatif strategis dalam rangka pencapaian sasaran dan "
        "indikator kinerja utama organisasi dalam perjanjian kerja",
        [
            ("Meningkatnya tata kelola UPT TIK", 90, "%"),
            (
                "Meningkatnya Efektivitas Tata kelola dari perencanaan, program, anggaran, dan laporan "
                "UPT TIK",
                8,
                "",
            ),
            (
                "Meningkatnya pengelolaan manajemen melalui peningkatan ketrampilan dan pengetahuan",
                25,
                "",
            ),
        ],
    ),
]

KEPALA_DIVISI_SI = "198703222010121003"
STAF_SI = "199105172019031012"


def _bawah(target):
    if isinstance(target, str) and "-" in target:
        return int(target.split("-")[0])
    return None


def _atas(target):
    if isinstance(target, str) and "-" in target:
        return int(target.split("-")[1])
    return None


def tulis_rencana(skp, rencana, jenis="utama", intervensi=None):
    """Write RK rows straight into a demo SKP (the loader bypasses the window on purpose).
    `rencana`: [(teks, [(iki, target, satuan[, aspek[, lebih_rendah_lebih_baik]])])]; a target
    is a number, a range "80-90" or a text; `intervensi`: the RK each one intervenes."""
    from skp.models import Aspek, Indikator, RencanaKinerja

    dibuat = []
    for urutan, (teks, indikator) in enumerate(rencana):
        rk = RencanaKinerja.objects.create(
            skp=skp,
            jenis=jenis,
            urutan=urutan,
            teks=teks,
            intervensi=intervensi[urutan] if intervensi else None,
        )
        for nomor, item in enumerate(indikator):
            iki_teks, target, satuan, *lain = item
            aspek = lain[0] if lain else Aspek.KUANTITAS
            lebih_rendah = lain[1] if len(lain) > 1 else aspek in (Aspek.WAKTU, Aspek.BIAYA)
            Indikator.objects.create(
                rencana_kinerja=rk,
                urutan=nomor,
                aspek=aspek,
                teks=iki_teks,
                satuan=satuan,
                target_min=target if isinstance(target, int) else _bawah(target),
                target_max=_atas(target),
                target_teks=target if isinstance(target, str) and _bawah(target) is None else "",
                lebih_rendah_lebih_baik=lebih_rendah,
            )
        dibuat.append(rk)
    return dibuat


def load_skp_demo(periode_list, people) -> None:
    """Demo SKPs, created once: the Kepala UPT's 2022 SKP from the seed (JPT model, ditetapkan)
    and current-year drafts cascading Kepala UPT → Kepala Divisi SI → one of his staff.
    Other staff have no SKP yet, so "start an SKP" can be tried at once."""
    from django.db import transaction

    from periode.demo import KEPALA_UPT_NIP
    from skp.dokumen import header_live
    from skp.models import Aspek, ModelForm, Perspektif, Skp, StatusSkp

    seed_2022, current = periode_list
    kepala_upt, kadiv, staf = people[KEPALA_UPT_NIP], people[KEPALA_DIVISI_SI], people[STAF_SI]
    with transaction.atomic():
        skp_2022, created = Skp.objects.get_or_create(
            pegawai=kepala_upt, periode=seed_2022, defaults={"model_form": ModelForm.JPT}
        )
        if created:
            tulis_rencana(skp_2022, SKP_KEPALA_UPT)
            skp_2022.status = StatusSkp.DITETAPKAN
            skp_2022.snapshot_header = header_live(skp_2022).as_json()
            skp_2022.diajukan_pada = datetime.datetime(2022, 5, 25, 10, 0, tzinfo=datetime.UTC)
            skp_2022.save(update_fields=["status", "snapshot_header", "diajukan_pada"])
        if current.tahun == seed_2022.tahun:
            return
        skp_upt, created = Skp.objects.get_or_create(
            pegawai=kepala_upt, periode=current, defaults={"model_form": ModelForm.JPT}
        )
        if not created:
            return
        rk_upt = tulis_rencana(skp_upt, SKP_KEPALA_UPT)
        # A JPT's RHK under 6/2022 names its perspektif (DOMAIN.md §9); the 2022 form has none.
        perspektif_upt = [Perspektif.PROSES_BISNIS, Perspektif.PENGUATAN_INTERNAL]
        for rk, perspektif in zip(rk_upt, perspektif_upt, strict=True):
            rk.perspektif = perspektif
            rk.save(update_fields=["perspektif"])
        skp_kadiv = Skp.objects.create(pegawai=kadiv, periode=current)
        rk_kadiv = tulis_rencana(
            skp_kadiv,
            [
                (
                    "Terselesaikannya pengembangan sistem informasi layanan akademik yang aman dan "
                    "tepat waktu",
                    [
                        ("Jumlah modul sistem informasi yang dirilis", 6, "modul"),
                        ("Persentase modul lolos uji keamanan", "80-90", "%", Aspek.KUALITAS),
                        ("Rilis terakhir", "Minggu kedua bulan November", "", Aspek.WAKTU),
                    ],
                ),
                (
                    "Tersedianya SOP dan instruksi kerja Divisi Sistem Informasi",
                    [
                        ("Jumlah SOP yang ditetapkan", 4, "dokumen"),
                    ],
                ),
            ],
            intervensi=rk_upt,
        )
        tulis_rencana(
            skp_kadiv,
            [
                (
                    "Terlaksananya tugas Panitia UTBK",
                    [
                        ("Jumlah sesi ujian yang didukung", 12, "sesi"),
                    ],
                )
            ],
            jenis="tambahan",
        )
        skp_staf = Skp.objects.create(pegawai=staf, periode=current)
        tulis_rencana(
            skp_staf,
            [
                (
                    "Tersedianya modul pendaftaran wisuda daring",
                    [
                        ("Jumlah modul yang dirilis", 1, "modul"),
                        ("Waktu penyelesaian", 3, "bulan", Aspek.WAKTU),
                    ],
                ),
                (
                    "Terselesaikannya perbaikan aplikasi layanan akademik yang dilaporkan pengguna",
                    [
                        ("Jumlah tiket perbaikan aplikasi yang diselesaikan", 60, "tiket"),
                        (
                            "Tiket perbaikan diselesaikan",
                            "Paling lambat 3 hari kerja sejak tiket diterima",
                            "",
                            Aspek.WAKTU,
                        ),
                    ],
                ),
            ],
            intervensi=[rk_kadiv[0], rk_kadiv[0]],
        )
