"""Benchmark of the Form SKP PDF (issues 7 and 15).

1. One 20-RK JA/JF SKP through our whole path (query, susun_dokumen, template, locked-down
   fetcher, WeasyPrint) beside WeasyPrint rendering the same HTML saved as a static file:
   the difference is our overhead. Done for the 8/2021 form and for the 6/2022 form (20 RHK,
   kuantitatif and kualitatif, with the seven perilaku expectations and a Lampiran); issue 15
   asks the 6/2022 one to stay within 1.5x of WeasyPrint alone.
2. A 100-SKP unit batch built by the task worker (`db_worker --batch`).

Runs in a throw-away PostgreSQL database (`<DATABASE_URL name>_bench`), dropped at the end:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skp_wt7 .venv/bin/python bench/pdf/run.py
"""

import io
import os
from pathlib import Path
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_RUNS = 5


def _waktu(fn, runs=N_RUNS):
    hasil = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        hasil.append(time.perf_counter() - start)
    return statistics.median(hasil), min(hasil)


def _banding(judul: str, skp_id: int) -> None:
    """Our whole path for one SKP beside WeasyPrint on the same HTML saved as a file."""
    import weasyprint

    from skp.cetak import html_skp, pdf_skp_by_id
    from skp.dokumen import susun_dokumen
    from skp.models import Skp

    html = html_skp(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp_id)))
    static_file = Path(tempfile.mkdtemp()) / "skp.html"
    static_file.write_text(html, encoding="utf-8")
    pdf_skp_by_id(skp_id)  # warm up: import, fonts
    weasyprint.HTML(filename=str(static_file)).write_pdf()

    ours, ours_min = _waktu(lambda: pdf_skp_by_id(skp_id))
    static, static_min = _waktu(lambda: weasyprint.HTML(filename=str(static_file)).write_pdf())
    pages = len(__import__("pypdf").PdfReader(io.BytesIO(pdf_skp_by_id(skp_id))).pages)
    print(f"{judul} ({pages} pages), median of {N_RUNS}:")
    print(
        f"  our path (DB + template + fetcher + WeasyPrint): {ours * 1000:7.0f} ms "
        f"(min {ours_min * 1000:.0f})"
    )
    print(
        f"  WeasyPrint on the static HTML file:              {static * 1000:7.0f} ms "
        f"(min {static_min * 1000:.0f})"
    )
    print(
        f"  overhead: {(ours - static) * 1000:.0f} ms ({(ours / static - 1) * 100:.1f} %), "
        f"ratio {ours / static:.2f}x"
    )


def main():
    setup_test_environment()
    test = settings.DATABASES["default"].setdefault("TEST", {})
    test["NAME"] = settings.DATABASES["default"]["NAME"] + "_bench"
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-media-"))
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import datetime

        from accounts.tests.factories import buat_pegawai
        from periode.models import Periode, ProfilRegulasi, today_local
        from periode.services import tetapkan_supervisi
        from skp.models import BatchDokumen, Pendekatan, Skp
        from skp.services.dokumen import minta_batch_dokumen
        from skp.tests.cetak_6_2022_data import buat_skp_staf_6_2022
        from skp.tests.cetak_data import buat_skp_staf, buat_upt

        today = today_local()
        periode = Periode.objects.create(
            tahun=today.year,
            tanggal_mulai=datetime.date(today.year, 1, 1),
            tanggal_selesai=datetime.date(today.year, 12, 31),
            penyusunan_mulai=today,
            penyusunan_selesai=today,
            validasi_mulai=today,
            validasi_selesai=today,
        )
        root, upt, divisi, warek, kepala_upt, kepala_divisi = buat_upt(periode)
        skp20 = buat_skp_staf(kepala_divisi, periode, 20)

        _banding("20-RK SKP, PermenPANRB 8/2021", skp20.pk)

        # The 6/2022 form: its own periode (the profile is per periode), the same people.
        periode6 = Periode.objects.create(
            tahun=today.year + 1,
            profil_regulasi=ProfilRegulasi.PERMENPANRB_6_2022,
            tanggal_mulai=datetime.date(today.year + 1, 1, 1),
            tanggal_selesai=datetime.date(today.year + 1, 12, 31),
            penyusunan_mulai=today,
            penyusunan_selesai=today,
            validasi_mulai=today,
            validasi_selesai=today,
        )
        tetapkan_supervisi(
            kepala_divisi, periode6, atasan_langsung=kepala_upt, atasan_penilai=warek
        )
        tetapkan_supervisi(kepala_upt, periode6, atasan_langsung=warek, atasan_penilai=None)
        for pendekatan in Pendekatan:
            pegawai = kepala_divisi if pendekatan == Pendekatan.KUANTITATIF else kepala_upt
            skp6 = buat_skp_staf_6_2022(pegawai, periode6, 20, pendekatan=pendekatan)
            _banding(
                f"20-RHK SKP, PermenPANRB 6/2022, {pendekatan.label.lower()}, "
                "7 expectations and a Lampiran",
                skp6.pk,
            )

        for n in range(
            100 - Skp.objects.filter(pegawai__unit_kerja=divisi, periode=periode).count()
        ):
            pegawai = buat_pegawai(f"Staf Bench {n:03d}", unit_kerja=divisi)
            # The batch holds only SKPs its requester may read: he is their atasan langsung.
            tetapkan_supervisi(
                pegawai, periode, atasan_langsung=kepala_divisi, atasan_penilai=kepala_upt
            )
            buat_skp_staf(pegawai, periode, 5)
        batch = minta_batch_dokumen(oleh=kepala_divisi, unit=divisi, periode=periode)
        start = time.perf_counter()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        elapsed = time.perf_counter() - start
        batch = BatchDokumen.objects.get(pk=batch.pk)
        size = batch.berkas.size
        print(
            f"Batch of {batch.jumlah_selesai} SKPs (5 RK each, 1 with 20): {elapsed:.1f} s, "
            f"{elapsed / batch.jumlah_selesai * 1000:.0f} ms per PDF, ZIP {size / 1024:.0f} KiB, "
            f"status {batch.get_status_display()}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
