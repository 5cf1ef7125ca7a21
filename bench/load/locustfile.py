"""Deadline-day load: logged-in sessions with CSRF against gunicorn + PostgreSQL on loopback.

Users come from bench/out/users.csv (bench/load/generate.py). Profiles, by weight:
- Pegawai (most): log in, dashboard, open their SKP, edit an RK, submit once, sometimes a PDF.
- Atasan: inbox, review a waiting SKP, approve it.
- Admin: the rekap.
Select a single page with LOAD_ONLY=skp|healthz for the throughput runs.

At the end the run prints p50/p95/p99 per group (pages, login, documents), over the whole run
and after the first LOAD_SETELAH seconds (the ramp), since the targets are per group.
"""

import csv
import itertools
import os
from pathlib import Path
import random
import re
import threading
import time

from locust import FastHttpUser, between, constant, events, task

USERS = Path(
    os.environ.get("LOAD_USERS", Path(__file__).resolve().parents[1] / "out" / "users.csv")
)
TAHUN = os.environ.get("LOAD_TAHUN", "2026")
# Think time multiplier: 1 = a click every 1-4 s (pegawai), a hurried user; 4 = every 4-16 s,
# nearer to someone reading and typing an RK. Report which one a figure was measured with.
KALI = float(os.environ.get("LOAD_JEDA_KALI", "1"))
PASSWORD = "demo1234"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISI = re.compile(r'name="((?:[\w-]+-)?revisi)" value="(\d+)"')

with USERS.open() as handle:
    ROWS = list(csv.DictReader(handle))
_pools = {
    role: itertools.cycle([r for r in ROWS if r["role"] == role])
    for role in ("pegawai", "atasan", "admin")
}
SKP_SEMUA = [r["skp_id"] for r in ROWS if r["skp_id"]]
_lock = threading.Lock()
# The SKPs waiting for each atasan, shared by the simulated users who log in as that atasan
# (there are more Atasan users than atasan rows): each SKP is approved once, as in life.
_menunggu = {r["nip"]: r["menunggu"].split() for r in ROWS if r["role"] == "atasan"}


# (time, group, ms) of every request, for the per-group percentiles printed at the end.
_waktu: list[tuple[float, str, float]] = []
DOKUMEN = re.compile(r"\b(pdf|xlsx|unduh)\b")


def _kelompok(name: str) -> str:
    if name.startswith("login"):
        return "login"
    return "dokumen" if DOKUMEN.search(name) else "halaman"


@events.request.add_listener
def _catat(request_type, name, response_time, response_length, exception=None, **kwargs):
    _waktu.append((time.monotonic(), _kelompok(name), response_time))


@events.quitting.add_listener
def _ringkas(environment, **kwargs):
    if not _waktu:
        return
    mulai, setelah = _waktu[0][0], float(os.environ.get("LOAD_SETELAH", "0"))

    def pct(xs, p):
        return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else float("nan")

    print("group      window        n     p50     p95     p99 (ms)")
    for label, dari in (("all", 0.0), (f"after {setelah:.0f}s", setelah)):
        for group in ("halaman", "login", "dokumen"):
            xs = sorted(ms for t, g, ms in _waktu if g == group and t - mulai >= dari)
            if xs:
                print(
                    f"{group:10s} {label:11s} {len(xs):6d} {pct(xs, 0.5):7.0f} "
                    f"{pct(xs, 0.95):7.0f} {pct(xs, 0.99):7.0f}"
                )


def next_row(role: str) -> dict:
    with _lock:
        return next(_pools[role])


def next_waiting(nip: str) -> str | None:
    with _lock:
        antrean = _menunggu.get(nip)
        return antrean.pop() if antrean else None


class Sesi(FastHttpUser):
    abstract = True
    role = "pegawai"

    def on_start(self):
        self.row = next_row(self.role)
        page = self.client.get("/accounts/login/", name="login (form)")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.row["nip"], "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name="login (post)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused: {response.status_code}")

    def csrf(self, url: str, name: str) -> tuple[str, str]:
        """The form page's CSRF token and text."""
        with self.client.get(url, name=name, catch_response=True) as page:
            if page.status_code == 409:  # a legal refusal page ("already submitted")
                page.success()
            text = page.text or ""
        match = CSRF.search(text)
        return (match.group(1) if match else ""), text

    def post(self, url: str, data: dict, name: str, ok=(302,), syarat: str = "", halaman: str = ""):
        """GET the form page, then POST with its token; skipped when the page lacks `syarat`
        (the SKP was submitted in an earlier run: its RK can no longer be edited)."""
        token, text = self.csrf(halaman or url, f"{name} (form)")
        if syarat and syarat not in text:
            self.submitted = True
            return
        # The version the page showed (an SKP's or an RK's revisi): without it the app refuses
        # the action as made on a page it never showed.
        revisi = dict(REVISI.findall(text))
        with self.client.post(
            url,
            data={**revisi, **data, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}{url}"},
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            # 409: a legal refusal (already submitted / approved by a colleague).
            if response.status_code in ok:
                response.success()  # else locust counts a 409 as failed
            else:
                response.failure(f"{name}: {response.status_code}")


class Pegawai(Sesi):
    weight = 16
    wait_time = between(1 * KALI, 4 * KALI)
    submitted = False

    @task(3)
    def beranda(self):
        self.client.get("/", name="beranda")

    @task(4)
    def buka_skp(self):
        self.client.get(f"/skp/{self.row['skp_id']}/", name="skp (halaman)")

    @task(2)
    def ubah_rk(self):
        skp, rk = self.row["skp_id"], self.row["rk_id"]
        if not self.submitted:
            self.post(
                f"/skp/{skp}/rk/{rk}/ubah/",
                {
                    f"rk-{rk}-jenis": "utama",
                    f"rk-{rk}-teks": f"Terselenggaranya layanan prima {random.randint(1, 999)}",
                    f"rk-{rk}-intervensi": self.row["intervensi_id"],
                    f"rk-{rk}-intervensi_teks_bebas": "",
                },
                "rk (ubah)",
                ok=(302,),
                syarat=f'name="rk-{rk}-teks"',
                halaman=f"/skp/{skp}/?ubah_rk={rk}",
            )

    @task(1)
    def ajukan(self):
        if not self.submitted:
            self.post(f"/skp/{self.row['skp_id']}/ajukan/", {}, "skp (ajukan)", ok=(302, 409))
            self.submitted = True

    @task(1)
    def pdf(self):
        if random.random() < 0.2:
            self.client.get(f"/skp/{self.row['skp_id']}/pdf/", name="skp (pdf)")


class Atasan(Sesi):
    role = "atasan"
    weight = 3
    wait_time = between(2 * KALI, 6 * KALI)

    @task(2)
    def kotak_validasi(self):
        self.client.get("/validasi/", name="validasi (kotak)")

    @task(3)
    def setujui(self):
        skp = next_waiting(self.row["nip"])
        if skp:
            self.client.get(f"/skp/{skp}/tinjau/", name="skp (tinjau)")
            self.post(f"/skp/{skp}/setujui/", {}, "skp (setujui)", ok=(302, 409))


class Admin(Sesi):
    role = "admin"
    weight = 1
    fixed_count = 1
    wait_time = between(5, 10)

    @task
    def rekap(self):
        self.client.get(f"/rekap/{TAHUN}/", name="rekap")


class Halaman(Sesi):
    """One page as fast as it goes (LOAD_ONLY=skp|healthz|pdf). For the PDF storm run it
    beside the other profiles with LOAD_FIXED=50: fifty users downloading PDFs at once. The
    storm's users are the admin opening any pegawai's Form SKP at random, so nearly every
    download is a fresh render (a pegawai's own unchanged PDF comes from the cache)."""

    abstract = not os.environ.get("LOAD_ONLY")
    weight = 1000
    fixed_count = int(os.environ.get("LOAD_FIXED", "0"))
    wait_time = constant(0)

    def on_start(self):
        halaman = os.environ.get("LOAD_ONLY")
        if halaman == "pdf":
            self.role = "admin"
        if halaman in ("skp", "pdf"):
            super().on_start()

    @task
    def satu_halaman(self):
        halaman = os.environ.get("LOAD_ONLY")
        if halaman == "skp":
            self.client.get(f"/skp/{self.row['skp_id']}/", name="skp (halaman)")
        elif halaman == "pdf":
            skp = random.choice(SKP_SEMUA)
            self.client.get(f"/skp/{skp}/pdf/", name="skp (pdf, badai)")
        else:
            self.client.get("/healthz", name="healthz")
