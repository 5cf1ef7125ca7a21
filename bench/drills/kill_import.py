"""Drill 2: kill -9 during a roster import (web confirm through gunicorn, and the CLI).

    .venv/bin/python bench/drills/kill_import.py [--new 15000] [--variants web,cli]
                                                 [--web-kill-at supervisi] [--cli-kill-at pegawai]

Per variant, on a fresh copy of skp_drill (skp_drill_roster, dropped at the end, so skp_drill
is never changed and runs repeat): build a workbook that changes the whole roster (every
golongan III/b↔III/c plus --new new pegawai in a new bidang; bench/drills/roster_workbook.py);
copy again (CREATE DATABASE skp_drill_ref TEMPLATE skp_drill_roster) and import the workbook
there to get the expected after-state; fingerprint the before-state. Then:

- web: gunicorn (3 sync workers) on :8200; the admin (users.csv role admin) uploads the file,
  opens the preview and POSTs the confirm; while that request is inside the import's
  transaction and has started writing (a backend holding the periode row lock and a
  RowExclusiveLock on accounts_<table>, table = --web-kill-at), every gunicorn worker (the
  master's children) gets SIGKILL. Then the same confirm is POSTed again (a user retrying).
- cli: `manage.py import_roster FILE` gets SIGKILL at the same kind of moment; then it is run
  again to completion.

Fingerprint: md5 over ordered rows of Pegawai (NIP and every roster field, the unit as its
path), UnitKerja (path, kepala/koordinator/sub-koordinator NIPs) and Supervisi (NIPs, tahun):
natural keys only, because ids, password hashes and date_joined differ between two imports.

Pass criteria, per variant:
  (a) after the kill the roster equals the before-state or exactly the reference after-state
      (and the roster.impor audit rows agree: +0 or +1), never anything else;
  (b) no orphaned transaction: the import's backend is gone and holds no lock;
  (c) the re-run succeeds and gives exactly the reference after-state, with one more
      roster.impor audit row;
  (d) web only: the gunicorn master (same pid) respawned its workers and /healthz answers 200.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

from common import (
    DB,
    OUT,
    PY,
    ROOT,
    Client,
    Gunicorn,
    Verdict,
    app_env,
    connect,
    copy_database,
    ensure_migrated,
    query,
    users,
)

WORK = f"{DB}_roster"  # a fresh copy of skp_drill per variant: runs repeat, skp_drill stays as is
REF = f"{DB}_ref"

FINGERPRINT = """
WITH RECURSIVE jalur(id, path) AS (
    SELECT id, nama::text FROM accounts_unitkerja WHERE induk_id IS NULL
    UNION ALL
    SELECT u.id, j.path || ' > ' || u.nama FROM accounts_unitkerja u JOIN jalur j ON u.induk_id = j.id
), p AS (SELECT id, nip FROM accounts_pegawai)
SELECT
  (SELECT count(*) FROM accounts_pegawai),
  (SELECT count(*) FROM accounts_unitkerja),
  (SELECT count(*) FROM accounts_supervisi),
  (SELECT md5(string_agg(concat_ws('|', x.nip, x.nama, x.gelar_depan, x.gelar_belakang,
        x.jenis_asn, x.golongan, x.jabatan, x.jenis_jabatan, x.jenjang,
        coalesce(j.path, '∅'), x.email, x.status_kepegawaian, x.is_active,
        x.is_admin_kepegawaian), E'\\n' ORDER BY x.nip))
     FROM accounts_pegawai x LEFT JOIN jalur j ON j.id = x.unit_kerja_id),
  (SELECT md5(string_agg(concat_ws('|', j.path, coalesce(k.nip, '∅'), coalesce(ko.nip, '∅'),
        coalesce(sk.nip, '∅')), E'\\n' ORDER BY j.path, coalesce(k.nip, '')))
     FROM accounts_unitkerja u JOIN jalur j ON j.id = u.id
     LEFT JOIN p k ON k.id = u.kepala_id LEFT JOIN p ko ON ko.id = u.koordinator_id
     LEFT JOIN p sk ON sk.id = u.sub_koordinator_id),
  (SELECT md5(string_agg(concat_ws('|', pg.nip, pr.tahun, coalesce(al.nip, '∅'),
        coalesce(ap.nip, '∅')), E'\\n' ORDER BY pg.nip, pr.tahun))
     FROM accounts_supervisi s JOIN p pg ON pg.id = s.pegawai_id
     JOIN skp_periode pr ON pr.id = s.periode_id
     LEFT JOIN p al ON al.id = s.atasan_langsung_id LEFT JOIN p ap ON ap.id = s.atasan_penilai_id),
  (SELECT count(*) FROM accounts_auditlog WHERE aksi = 'roster.impor')
"""

# The import's transaction: it holds the periode row lock (SELECT … FOR UPDATE → RowShareLock
# on skp_periode) and, once it writes a table, RowExclusiveLock on that table.
WRITER = """
SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE a.datname = %s AND l.locktype = 'relation' AND l.mode = 'RowExclusiveLock'
  AND l.relation = %s::regclass AND l.pid <> pg_backend_pid()
  AND EXISTS (SELECT 1 FROM pg_locks p WHERE p.pid = l.pid AND p.locktype = 'relation'
              AND p.relation = 'skp_periode'::regclass AND p.mode = 'RowShareLock')
"""


class Fingerprint(tuple):
    def roster(self):
        return self[:6]

    def audit(self):
        return self[6]

    def __str__(self):
        return (
            f"{self[0]} pegawai, {self[1]} unit, {self[2]} supervisi, "
            f"md5 {self[3][:8]}/{self[4][:8]}/{self[5][:8]}, roster.impor audit {self[6]}"
        )


def fingerprint(db: str = WORK) -> Fingerprint:
    return Fingerprint(query(FINGERPRINT, db=db)[0])


T0 = time.monotonic()


def say(message: str) -> None:
    print(f"  [{time.monotonic() - T0:6.1f} s] {message}", flush=True)


def build_reference(workbook, new: int) -> tuple[Fingerprint, float]:
    """A fresh work copy of skp_drill, a workbook from it, and the state a successful import
    produces (imported on a second copy)."""
    copy_database(DB, WORK)
    say(f"copied {DB} to {WORK}")
    subprocess.run(
        [PY, str(ROOT / "bench/drills/roster_workbook.py"), str(workbook), "--new", str(new)],
        cwd=ROOT,
        env=app_env(WORK),
        check=True,
    )
    copy_database(WORK, REF)
    say(f"workbook built; copied {WORK} to {REF}")
    try:
        started = time.perf_counter()
        subprocess.run(
            [PY, "manage.py", "import_roster", str(workbook), "-v0"],
            cwd=ROOT,
            env=app_env(REF),
            check=True,
        )
        took = time.perf_counter() - started
        return fingerprint(REF), took
    finally:
        query(f'DROP DATABASE IF EXISTS "{REF}" WITH (FORCE)', db="postgres")
        say("reference import done")


def wait_for_writer(table: str, timeout: float, stop: threading.Event | None = None):
    """Poll every 10 ms for the import backend writing `table`; (pid, seconds waited)."""
    conn = connect(WORK)
    started = time.monotonic()
    try:
        with conn.cursor() as cur:
            while time.monotonic() - started < timeout and not (stop and stop.is_set()):
                cur.execute(WRITER, [WORK, f"accounts_{table}"])
                row = cur.fetchone()
                if row:
                    return row[0], time.monotonic() - started
                time.sleep(0.01)
    finally:
        conn.close()
    return None, time.monotonic() - started


def wait_backend_gone(pid: int, timeout: float = 60) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not query("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid], db="postgres"):
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def check_backend_gone(verdict, where: str, pid: int) -> None:
    """(b): the killed import's database backend ended and left no lock behind."""
    gone = wait_backend_gone(pid)
    verdict.check(
        f"{where} (b) the killed import's backend ended, no lock left",
        gone is not None and idle_in_transaction() == 0,
        f"backend {pid} gone {gone:.2f} s after the kill"
        if gone is not None
        else f"backend {pid} still there after 60 s",
    )


def idle_in_transaction() -> int:
    return query(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
        "AND state LIKE 'idle in transaction%%'",
        [WORK],
        db="postgres",
    )[0][0]


def judge(verdict, name, before, after, got):
    if got.roster() == before.roster():
        which, audit_ok = "before-state", got.audit() == before.audit()
    elif got.roster() == after.roster():
        which, audit_ok = "after-state", got.audit() == before.audit() + 1
    else:
        which, audit_ok = "NEITHER (half-written)", False
    verdict.check(
        f"{name} (a) roster after kill = before or after, nothing half-written",
        which != "NEITHER (half-written)" and audit_ok,
        f"{which}: {got}",
    )
    return which


def web_variant(args, verdict, workbook, before, after):
    admin = users("admin")[0]["nip"]
    periode = query("SELECT id FROM skp_periode ORDER BY tahun DESC LIMIT 1", db=WORK)[0][0]
    gunicorn = Gunicorn(args.port, app_env(WORK), workers=3, timeout=120, name="kill_import")
    gunicorn.start()
    try:
        master, workers = gunicorn.master, gunicorn.workers_pids()
        client = Client(args.port)
        assert client.login(admin), "admin login failed"
        token, _ = client.token("/accounts/pegawai/impor/")
        status, headers, *_ = client.post_file(
            "/accounts/pegawai/impor/",
            {"periode": periode},
            "berkas",
            "roster-drill.xlsx",
            workbook.read_bytes(),
            token,
        )
        match = re.search(r"/accounts/pegawai/impor/([0-9a-f]+)/$", headers.get("Location", ""))
        assert status == 302 and match, f"upload refused: {status} {headers}"
        upload = match.group(1)
        token, (status, _, body, preview_s) = client.token(f"/accounts/pegawai/impor/{upload}/")
        assert status == 200 and token, f"preview: {status}"
        confirm = f"/accounts/pegawai/impor/{upload}/terapkan/"
        say(f"web: uploaded {workbook.name}, preview {preview_s:.1f} s; POST {confirm}")

        result = {}
        stop = threading.Event()

        def post():
            result["r"] = client.post(confirm, {}, token, timeout=120)
            stop.set()

        t0 = time.monotonic()
        thread = threading.Thread(target=post)
        thread.start()
        pid, waited = wait_for_writer(args.web_kill_at, 90, stop)
        killed = []
        if pid:
            for worker in gunicorn.workers_pids():
                os.kill(worker, signal.SIGKILL)
                killed.append(worker)
        kill_at = time.monotonic() - t0
        thread.join()
        status, _, body, _ = result["r"]
        say(
            f"web: writer backend {pid} seen {waited:.2f} s after the POST; SIGKILL to "
            f"workers {killed} at {kill_at:.2f} s; client got "
            f"{status or body.decode()[:80]}"
        )
        if not pid:
            verdict.check(
                "web: kill landed inside the import",
                False,
                f"no writer seen; the confirm answered {status} first",
            )
            return
        check_backend_gone(verdict, "web", pid)
        healthy_at = time.monotonic()
        respawned = False
        while time.monotonic() - healthy_at < 30:
            new = gunicorn.workers_pids()
            if len(new) == 3 and not set(new) & set(killed):
                respawned = True
                break
            time.sleep(0.1)
        health = Client(args.port).get("/healthz")[0]
        verdict.check(
            "web (d) master respawned workers, /healthz 200",
            respawned and gunicorn.master == master and health == 200,
            f"master {master}→{gunicorn.master}; workers {workers}→"
            f"{gunicorn.workers_pids()} in {time.monotonic() - healthy_at:.2f} s; "
            f"/healthz {health}",
        )
        judge(verdict, "web", before, after, fingerprint())

        started = time.perf_counter()
        status, headers, *_ = client.post(confirm, {}, token, timeout=120)
        took = time.perf_counter() - started
        got = fingerprint()
        verdict.check(
            "web (c) re-run of the confirm succeeds and gives the after-state",
            status == 302
            and "/accounts/pegawai/" in headers.get("Location", "")
            and got.roster() == after.roster()
            and got.audit() == before.audit() + 1,
            f"HTTP {status} → {headers.get('Location')} in {took:.1f} s; {got}",
        )
    finally:
        gunicorn.stop()
        say("gunicorn stopped")


def cli_variant(args, verdict, workbook, before, after):
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [PY, "manage.py", "import_roster", str(workbook), "-v0"],
        cwd=ROOT,
        env=app_env(WORK),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    stop = threading.Event()
    threading.Thread(target=lambda: (proc.wait(), stop.set()), daemon=True).start()
    pid, waited = wait_for_writer(args.cli_kill_at, 90, stop)
    if pid:
        proc.send_signal(signal.SIGKILL)
    rc = proc.wait()
    say(
        f"cli: writer backend {pid} seen {waited:.2f} s after start; SIGKILL to "
        f"{proc.pid} at {time.monotonic() - t0:.2f} s; exit {rc}"
    )
    if not pid:
        verdict.check(
            "cli: kill landed inside the import", False, f"no writer seen; import exited {rc} first"
        )
        return
    check_backend_gone(verdict, "cli", pid)
    judge(verdict, "cli", before, after, fingerprint())
    started = time.perf_counter()
    rerun = subprocess.run(
        [PY, "manage.py", "import_roster", str(workbook), "-v0"],
        cwd=ROOT,
        env=app_env(WORK),
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    got = fingerprint()
    verdict.check(
        "cli (c) re-run succeeds and gives the after-state",
        rerun.returncode == 0
        and got.roster() == after.roster()
        and got.audit() == before.audit() + 1,
        f"exit {rerun.returncode} in {took:.1f} s "
        f"({(rerun.stdout.strip() or rerun.stderr.strip())[-300:]}); "
        f"{got}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--new", type=int, default=15000)
    parser.add_argument("--variants", default="web,cli")
    parser.add_argument(
        "--web-kill-at", default="supervisi", choices=["unitkerja", "pegawai", "supervisi"]
    )
    parser.add_argument(
        "--cli-kill-at", default="pegawai", choices=["unitkerja", "pegawai", "supervisi"]
    )
    parser.add_argument("--port", type=int, default=8200)
    args = parser.parse_args()
    verdict = Verdict("kill_import")
    ensure_migrated()
    try:
        for variant in args.variants.split(","):
            workbook = OUT / f"roster-{variant}.xlsx"
            print(f"\n== {variant}: fresh copy {WORK}, workbook, reference after-state")
            after, ref_s = build_reference(workbook, args.new)
            before = fingerprint()
            say("before-state fingerprinted")
            print(f"  before: {before}\n  after:  {after} (reference import {ref_s:.1f} s)")
            drill = web_variant if variant == "web" else cli_variant
            drill(args, verdict, workbook, before, after)
    finally:
        query(f'DROP DATABASE IF EXISTS "{WORK}" WITH (FORCE)', db="postgres")
    return verdict.finish()


if __name__ == "__main__":
    sys.exit(main())
