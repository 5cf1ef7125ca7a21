"""Roster import benchmark (issue 3): import time beside a bare openpyxl read of the same file,
SQL query count and peak memory, for generated rosters of 10,000 and 50,000 rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skp_bench .venv/bin/python bench/roster/run.py

Each measurement runs in its own process on a throwaway test database (`test_<name>`), so peak
memory is not polluted by the previous run. Not a test: nothing here asserts.
"""

import argparse
import datetime
import json
import os
from pathlib import Path
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")


def nip(i: int) -> str:
    lahir = datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 9000)
    return f"{lahir:%Y%m%d}{2000 + i % 20}{i % 12 + 1:02d}{i % 2 + 1}{i // 9000 % 999 + 1:03d}"


def roster_rows(n: int, ubah: bool = False):
    """A province: 1 root, 40 OPD, 8 bidang each; heads report up, staff to their head."""
    units = ["Pemerintah Provinsi Contoh"]
    units += [f"Pemerintah Provinsi Contoh > OPD {o:02d}" for o in range(40)]
    units += [
        f"Pemerintah Provinsi Contoh > OPD {o:02d} > Bidang {b}"
        for o in range(40)
        for b in range(8)
    ]
    kepala = {}
    rows = []
    for i in range(n):
        unit_index = i if i < len(units) else len(units) - 1 - (i % 320)
        unit = units[unit_index]
        induk = unit.rsplit(" > ", 1)[0] if " > " in unit else None
        if unit not in kepala:
            kepala[unit] = nip(i)
            atasan = kepala.get(induk, "")
            jenis = "JPT Pratama" if unit.count(">") == 1 else "Administrator"
            jabatan = f"Kepala {unit.rsplit(' > ', 1)[-1]}"
        else:
            atasan, jenis, jabatan = kepala[unit], "Fungsional", "Pranata Komputer Ahli Pertama"
        golongan = "III/b" if ubah and i % 10 == 0 else "III/a"
        rows.append(
            [
                nip(i),
                f"Pegawai {i}",
                "",
                "S.Kom.",
                "PNS",
                golongan,
                jabatan,
                jenis,
                "Ahli Pertama" if jenis == "Fungsional" else "",
                unit,
                atasan,
                "",
                f"p{i}@contoh.go.id",
                "Aktif",
            ]
        )
    return rows


def tulis(n: int, path: Path, ubah: bool = False) -> None:
    import django

    django.setup()
    from accounts.spreadsheets import tulis_roster

    with path.open("wb") as f:
        tulis_roster(roster_rows(n, ubah), f)


def bare_read(path: Path) -> float:
    import openpyxl

    mulai = time.perf_counter()
    buku = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for _ in buku.worksheets[0].iter_rows(values_only=True):
        pass
    buku.close()
    return time.perf_counter() - mulai


def ukur(args) -> dict:
    """One scenario in this process: set up a test DB, optionally preload, import, measure."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

    from periode.models import Periode
    from periode.roster import impor_roster

    old = setup_databases(verbosity=0, interactive=False)
    try:
        periode = Periode.objects.create(
            tahun=2026,
            tanggal_mulai=datetime.date(2026, 1, 1),
            tanggal_selesai=datetime.date(2026, 12, 31),
            penyusunan_mulai=datetime.date(2026, 1, 1),
            penyusunan_selesai=datetime.date(2026, 1, 31),
            validasi_mulai=datetime.date(2026, 1, 1),
            validasi_selesai=datetime.date(2026, 1, 31),
        )
        if args.preload:
            with open(args.preload, "rb") as f:
                assert impor_roster(f, periode=periode, oleh=None).diterapkan
        baca = bare_read(Path(args.file))
        rss_awal = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.tracemalloc:
            tracemalloc.start()
        mulai = time.perf_counter()
        with CaptureQueriesContext(connection) as queries, open(args.file, "rb") as f:
            hasil = impor_roster(f, periode=periode, oleh=None, nama_file="bench.xlsx")
        durasi = time.perf_counter() - mulai
        puncak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
        assert hasil.diterapkan, hasil.masalah[:5]
        return {
            "bare_read_s": round(baca, 2),
            "import_s": round(durasi, 2),
            "ratio": round(durasi / baca, 2),
            "queries": len(queries),
            "counts": [hasil.baru, hasil.berubah, hasil.tetap],
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_import_mb": round(rss_awal / 1024, 1),
            "tracemalloc_peak_mb": round(puncak / 1048576, 1) if puncak else None,
        }
    finally:
        teardown_databases(old, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--file")
    parser.add_argument("--preload")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    if args.file:  # child process
        print(json.dumps(ukur(args)))
        return
    folder = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    print(
        f"{'rows':>7} {'scenario':<10} {'file MB':>7} {'bare read':>9} {'import':>7} "
        f"{'ratio':>5} {'queries':>7} {'peak RSS':>9} {'tracemalloc':>11}"
    )
    for n in args.rows:
        asli, ubah = folder / f"roster-{n}.xlsx", folder / f"roster-{n}-ubah.xlsx"
        tulis(n, asli)
        tulis(n, ubah, ubah=True)
        skenario = [
            ("baru", asli, None),  # empty database: every row created
            ("tetap", asli, asli),  # the same file again: nothing to write
            ("10% ubah", ubah, asli),  # one row in ten changes golongan
        ]
        for nama, berkas, preload in skenario:
            cmd = [sys.executable, __file__, "--file", str(berkas)]
            if preload:
                cmd += ["--preload", str(preload)]
            hasil = json.loads(subprocess.check_output(cmd, text=True).strip().splitlines()[-1])
            mem = json.loads(
                subprocess.check_output(cmd + ["--tracemalloc"], text=True).strip().splitlines()[-1]
            )
            print(
                f"{n:>7} {nama:<10} {berkas.stat().st_size / 1048576:>7.1f} "
                f"{hasil['bare_read_s']:>8}s {hasil['import_s']:>6}s {hasil['ratio']:>5} "
                f"{hasil['queries']:>7} {hasil['peak_rss_mb']:>6} MB "
                f"{mem['tracemalloc_peak_mb']:>8} MB   counts={hasil['counts']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
