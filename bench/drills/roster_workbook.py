"""Build a roster workbook that changes much of the drill database's roster.

    DATABASE_URL=... .venv/bin/python bench/drills/roster_workbook.py OUT.xlsx [--new 15000]

Starts from the export of the current roster (periode.roster.baris_ekspor, which the
import reads back unchanged), toggles the golongan of every III/b ↔ III/c pegawai, and appends
--new pegawai (NIPs not yet in the database) in a new bidang under the first Dinas, reporting
to that Dinas's kepala. Run in its own process so the caller holds no connection to the DB.
"""

import argparse
import datetime
import os
from pathlib import Path
import sys
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from accounts.models import Pegawai, UnitKerja  # noqa: E402
from accounts.spreadsheets import tulis_roster  # noqa: E402
from periode.models import Periode  # noqa: E402
from periode.roster import baris_ekspor  # noqa: E402

GANTI = {"III/b": "III/c", "III/c": "III/b"}


def nip_baru(ada: set[str], jumlah: int):
    """Valid PNS NIPs (birth date, TMT year+month, gender, sequence) not in `ada`."""
    k = 0
    while jumlah:
        lahir = datetime.date(1985, 1, 1) + datetime.timedelta(days=k // 1998)
        nip = f"{lahir:%Y%m%d}2010{k % 12 + 1:02d}{k % 2 + 1}{k // 24 % 83 + 1:03d}"
        k += 1
        if nip not in ada:
            ada.add(nip)
            jumlah -= 1
            yield nip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--new", type=int, default=15000)
    args = parser.parse_args()
    started = time.perf_counter()
    periode = Periode.objects.berjalan()
    rows = list(baris_ekspor(periode))
    diubah = 0
    for row in rows:  # NAMA_KOLOM order: golongan is column 5
        if row[5] in GANTI:
            row[5] = GANTI[row[5]]
            diubah += 1
    paths = UnitKerja.objects.paths()
    dinas = UnitKerja.objects.filter(induk__induk__isnull=True, induk__isnull=False).order_by("pk")
    dinas = dinas.exclude(kepala=None).first()
    unit = f"{paths[dinas.pk]} > Bidang Drill {int(time.time())}"
    ada = set(Pegawai.objects.values_list("nip", flat=True))
    for nip in nip_baru(ada, args.new):
        rows.append(
            [
                nip,
                f"Pegawai Drill {nip[-6:]}",
                "",
                "S.Kom.",
                "PNS",
                "III/a",
                "Pranata Komputer Ahli Pertama",
                "Fungsional",
                "Ahli Pertama",
                unit,
                dinas.kepala.nip,
                "",
                f"p{nip}@drill.example.go.id",
                "Aktif",
            ]
        )
    with open(args.out, "wb") as handle:
        tulis_roster(rows, handle)
    print(
        f"{args.out}: {len(rows)} rows ({diubah} golongan changed, {args.new} new in '{unit}'),"
        f" {Path(args.out).stat().st_size / 1048576:.1f} MB, {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
