"""The SKP page as the `skp` load target sees it: `python bench/load/halaman.py [users.csv]`.

Opens the first pegawai's SKP of the users file through Django's test client, against the
database of DATABASE_URL, and prints its shape (RK × IKI, editable), HTML size, number of
<form>s and of SQL queries (a warm second request, as on a busy worker).
"""

import csv
import os
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
for name, value in (
    ("DJANGO_ALLOWED_HOSTS", "testserver"),
    ("DJANGO_SECURE_SSL_REDIRECT", "false"),
):
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Pegawai  # noqa: E402
from skp.models import Indikator, RencanaKinerja  # noqa: E402


def main() -> None:
    users = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "out" / "users.csv")
    with users.open() as handle:
        row = next(r for r in csv.DictReader(handle) if r["role"] == "pegawai")
    client = Client()
    client.force_login(Pegawai.objects.get(nip=row["nip"]))
    url = f"/skp/{row['skp_id']}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    rk = RencanaKinerja.objects.filter(skp_id=row["skp_id"]).count()
    iki = Indikator.objects.filter(rencana_kinerja__skp_id=row["skp_id"]).count()
    print(
        f"{url}: {response.status_code}, {rk} RK x {iki / max(rk, 1):.0f} IKI, "
        f"editable={'Simpan' in html or 'ubah_rk=' in html}, {len(response.content) / 1024:.1f} KB, "
        f"{html.count('<form')} forms, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
