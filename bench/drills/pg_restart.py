"""Drill 1: PostgreSQL restart under load.

    .venv/bin/python bench/drills/pg_restart.py [--threads 20] [--before 10] [--after 20]

Starts gunicorn (3 sync workers) on 127.0.0.1:8200 against skp_drill; N client threads, each
logged in as a distinct pegawai whose SKP is still a draft, loop on GET /skp/<id>/ and submit
their SKP once (GET the ajukan form for the CSRF token, POST /skp/<id>/ajukan/) at a random
moment; a third of the threads read the form before the restart and POST during its first
1.5 s, so that submits are in flight when PostgreSQL goes away (a failed POST is not retried).
After --before seconds
the cluster is restarted with `pg_ctlcluster --skip-systemctl-redirect <ver> main restart`;
load continues --after seconds after PostgreSQL is back. gunicorn is never restarted.

Pass criteria:
  (a) every failed response (transport error, 5xx, or any unexpected status) overlaps the
      restart window [restart start, PostgreSQL back + grace (5 s)];
  (b) after the grace, requests succeed without restarting gunicorn: same master pid, no
      failure after the grace, every thread has successful requests after the grace, and
      /healthz answers 200;
  (c) consistency, per drill SKP: status is Diajukan iff exactly one SkpTransisi(ajukan), one
      SkpVersi and one AuditLog(skp.ajukan) exist (a draft has none of them): nothing
      half-written; every submit the client saw succeed (302) is committed.

`--no-restart` runs the same load without touching PostgreSQL (to test the harness).
Every response is written to bench/drills/out/pg_restart-responses.csv.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import threading
import time

from common import OUT, Client, Gunicorn, Verdict, app_env, ensure_migrated, query, stamp, users
import psycopg2

OK_STATUS = {"page": {200}, "form": {200}, "submit": {302}}


def pg_version() -> str:
    versions = sorted(os.listdir("/etc/postgresql"), key=lambda v: float(v))
    return versions[-1]


def pick_pegawai(n: int) -> list[dict]:
    rows = users("pegawai")
    draf = {sid for (sid,) in query("SELECT id FROM skp_skp WHERE status = 'draf'")}
    chosen = [r for r in rows if int(r["skp_id"]) in draf][:n]
    if len(chosen) < n:
        sys.exit(f"only {len(chosen)} pegawai with a draft SKP left: run prepare.py again")
    return chosen


class Recorder:
    def __init__(self):
        self.rows: list[dict] = []
        self.lock = threading.Lock()

    def add(self, thread: int, kind: str, method: str, url: str, t0: float, result) -> bool:
        status, headers, body, seconds = result
        ok = status in OK_STATUS[kind]
        if ok and kind == "submit" and "/accounts/login" in headers.get("Location", ""):
            ok = False
        note = ""
        if not ok:
            note = (
                body[:160].decode("utf-8", "replace")
                if status == 0
                else headers.get("Location", "")
            )
        with self.lock:
            self.rows.append(
                {
                    "thread": thread,
                    "kind": kind,
                    "method": method,
                    "url": url,
                    "start": t0,
                    "end": t0 + seconds,
                    "status": status,
                    "ok": ok,
                    "note": note,
                }
            )
        return ok


def client_loop(i, row, client, rec, submit_at, aimed, stop, submits):
    skp = row["skp_id"]
    submitted = False
    token = ""
    if aimed:  # the form is read before the restart so that the POST itself meets it
        t0 = time.time()
        token, result = client.token(f"/skp/{skp}/ajukan/")
        rec.add(i, "form", "GET", f"/skp/{skp}/ajukan/", t0, result)
    while not stop.is_set():
        now = time.time()
        if not submitted and now >= submit_at:
            if not token:
                t0 = time.time()
                token, result = client.token(f"/skp/{skp}/ajukan/")
                rec.add(i, "form", "GET", f"/skp/{skp}/ajukan/", t0, result)
            if token:  # no form, no POST: try again on the next turn
                t0 = time.time()
                result = client.post(f"/skp/{skp}/ajukan/", {}, token)
                ok = rec.add(i, "submit", "POST", f"/skp/{skp}/ajukan/", t0, result)
                submits[int(skp)] = (result[0], ok, t0, t0 + result[3])
                submitted = True
        else:
            t0 = time.time()
            rec.add(i, "page", "GET", f"/skp/{skp}/", t0, client.get(f"/skp/{skp}/"))
        time.sleep(random.uniform(0.02, 0.15))


def probe_postgres(stop, down: list):
    """Connect every 100 ms: when PostgreSQL really refused connections."""
    while not stop.is_set():
        t = time.time()
        try:
            psycopg2.connect(
                host="127.0.0.1", user="postgres", dbname="postgres", connect_timeout=2
            ).close()
        except psycopg2.OperationalError:
            down.append(t)
        time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--before", type=float, default=10)
    parser.add_argument("--after", type=float, default=20)
    parser.add_argument("--grace", type=float, default=5)
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--no-restart", action="store_true")
    args = parser.parse_args()
    if args.after < args.grace + 5:
        parser.error("--after must leave at least 5 s of load after the grace")
    verdict = Verdict("pg_restart")
    ensure_migrated()
    chosen = pick_pegawai(args.threads)
    skp_ids = [int(r["skp_id"]) for r in chosen]
    gunicorn = Gunicorn(args.port, app_env(), workers=3, name="pg_restart")
    gunicorn.start()
    try:
        master, workers_before = gunicorn.master, gunicorn.workers_pids()
        clients = []
        for row in chosen:
            client = Client(args.port)
            if not client.login(row["nip"]):
                sys.exit(f"login failed for {row['nip']}")
            clients.append(client)
        rec, stop, submits, pg_down = Recorder(), threading.Event(), {}, []
        t_start = time.time()
        planned = t_start + args.before
        # A third of the threads POST during the first 1.5 s of the restart (a fast restart
        # refuses connections for about a second); the others at any moment of the run.
        aimed = [i % 3 == 0 for i in range(len(chosen))]
        submit_at = [
            planned + random.uniform(0, 1.5)
            if aimed[i]
            else t_start + random.uniform(1, args.before + args.after)
            for i in range(len(chosen))
        ]
        threads = [
            threading.Thread(
                target=client_loop,
                args=(i, row, clients[i], rec, submit_at[i], aimed[i], stop, submits),
            )
            for i, row in enumerate(chosen)
        ]
        probe_stop = threading.Event()
        probe = threading.Thread(target=probe_postgres, args=(probe_stop, pg_down))
        probe.start()
        for t in threads:
            t.start()
        time.sleep(max(0, planned - time.time()))
        r_start = time.time()
        if args.no_restart:
            restart_rc, restart_out = 0, "(skipped: --no-restart)"
        else:
            print(f"restarting PostgreSQL at {stamp(r_start)}", flush=True)
            proc = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "restart"],
                capture_output=True,
                text=True,
            )
            restart_rc, restart_out = proc.returncode, (proc.stdout + proc.stderr).strip()
        r_end = time.time()
        print(
            f"PostgreSQL back at {stamp(r_end)} ({r_end - r_start:.2f} s, rc={restart_rc})",
            flush=True,
        )
        time.sleep(args.after)
        stop.set()
        for t in threads:
            t.join()
        probe_stop.set()
        probe.join()
        health = Client(args.port).get("/healthz")[0]
        master_after, workers_after = gunicorn.master, gunicorn.workers_pids()
    finally:
        gunicorn.stop()

    rows = sorted(rec.rows, key=lambda r: r["start"])
    with (OUT / "pg_restart-responses.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    window_end = r_end + args.grace
    bad = [r for r in rows if not r["ok"]]
    outside = [r for r in bad if r["end"] < r_start or r["start"] > window_end]
    after = [r for r in rows if r["start"] > window_end]
    threads_ok_after = {r["thread"] for r in after if r["ok"]}
    kinds: dict[str, int] = {}
    for r in bad:
        key = f"{r['status'] or r['note'].split(':')[0]}"
        kinds[key] = kinds.get(key, 0) + 1

    print(
        f"\nRestart: {stamp(r_start)} → {stamp(r_end)} ({r_end - r_start:.2f} s, "
        f"rc={restart_rc}) {restart_out[:200]}"
    )
    if pg_down:
        print(
            f"PostgreSQL refused connections from {stamp(min(pg_down))} to {stamp(max(pg_down))}"
            f" ({max(pg_down) - min(pg_down) + 0.1:.1f} s, {len(pg_down)} failed probes)"
        )
    print(f"Requests: {len(rows)} total, {len(bad)} failed {kinds}")
    if bad:
        print(
            f"Failures from {stamp(min(r['start'] for r in bad))} to "
            f"{stamp(max(r['end'] for r in bad))}; relative to restart start: "
            f"{min(r['start'] for r in bad) - r_start:+.2f} s … "
            f"{max(r['end'] for r in bad) - r_start:+.2f} s"
        )
    print()
    verdict.check(
        "(a) failures only inside restart window + grace",
        not outside,
        f"{len(bad)} failed requests, {len(outside)} outside [{stamp(r_start)}, "
        f"{stamp(window_end)}]" + (f"; e.g. {outside[0]}" if outside else ""),
    )
    verdict.check(
        "(b) recovered without restarting gunicorn",
        master_after == master
        and health == 200
        and len(threads_ok_after) == len(chosen)
        and all(r["ok"] for r in after),
        f"master pid {master}→{master_after}; workers {workers_before}→{workers_after}; "
        f"{sum(r['ok'] for r in after)}/{len(after)} requests OK after the grace, "
        f"{len(threads_ok_after)}/{len(chosen)} threads succeeded after it; /healthz {health}",
    )

    state = {
        sid: (status, n_t, n_a, n_v)
        for sid, status, n_t, n_a, n_v in query(
            """SELECT s.id, s.status,
                 (SELECT count(*) FROM skp_skptransisi t WHERE t.skp_id = s.id AND t.aksi = 'ajukan'),
                 (SELECT count(*) FROM accounts_auditlog a WHERE a.aksi = 'skp.ajukan'
                    AND a.objek_tipe = 'skp.skp' AND a.objek_id = s.id::text),
                 (SELECT count(*) FROM skp_skpversi v WHERE v.skp_id = s.id)
               FROM skp_skp s WHERE s.id = ANY(%s)""",
            [skp_ids],
        )
    }
    half = {
        sid: st for sid, st in state.items() if st not in (("diajukan", 1, 1, 1), ("draf", 0, 0, 0))
    }
    seen_ok = [sid for sid, (_, ok, *_) in submits.items() if ok]
    lost = [sid for sid in seen_ok if state[sid][0] != "diajukan"]
    failed_submits = {sid: s for sid, s in submits.items() if not s[1]}
    committed_anyway = [sid for sid in failed_submits if state[sid][0] == "diajukan"]
    never_posted = [sid for sid in skp_ids if sid not in submits]
    diajukan = sum(1 for st in state.values() if st[0] == "diajukan")
    for sid, (status, _, t0, t1) in sorted(failed_submits.items(), key=lambda x: x[1][2]):
        print(
            f"  failed submit SKP {sid}: HTTP {status or 'conn error'} at {t0 - r_start:+.2f}…"
            f"{t1 - r_start:+.2f} s from restart; DB now {state[sid][0]}"
        )
    verdict.check(
        "(c) consistency: status ⇔ transition + version + audit, every 302 committed",
        not half and not lost,
        f"{len(skp_ids)} SKP: {diajukan} Diajukan, {len(skp_ids) - diajukan} Draf; "
        f"half-written {half or 0}; submits seen OK {len(seen_ok)}, of which not committed "
        f"{lost or 0}; submits that failed at the client {len(failed_submits)} (committed "
        f"anyway: {len(committed_anyway)}); never POSTed {len(never_posted)}",
    )
    if not args.no_restart:
        print(f"\nRestart ran at {stamp(r_start)} – {stamp(r_end)} (UTC)")
    return verdict.finish()


if __name__ == "__main__":
    sys.exit(main())
