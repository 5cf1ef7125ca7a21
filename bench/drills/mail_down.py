"""Drill 3: the mail server is down while people submit and approve.

    .venv/bin/python bench/drills/mail_down.py [--variants control,refused,blackhole]
        [--submits 3] [--approvals 2] [--max-latency 2] [--drain-wait 25]

Per variant, gunicorn (3 sync workers, :8200) runs with DJANGO_EMAIL_BACKEND=smtp,
DJANGO_EMAIL_HOST=127.0.0.1 and:

- control:   a working SMTP sink on :8201 (counts messages: proves mail is really attempted);
- refused:   :8202, where nothing listens (connection refused);
- blackhole: a TCP server on :8203 that accepts and never answers (EMAIL_TIMEOUT applies:
             config/settings.py DJANGO_EMAIL_TIMEOUT, default 10 s).

prepare.py gives every pegawai an email address, so every transition sends mail: a submit one
message (to the atasan langsung), an approval by the atasan langsung two (atasan penilai and
pegawai). In each variant: --submits pegawai submit one after another (POST
/skp/<id>/ajukan/), --approvals atasan approve a waiting SKP (POST /skp/<id>/setujui/), then
a burst of 3 concurrent submits (one per gunicorn worker) while /healthz is probed every 0.25 s.

The drill follows the app's design. If the database has the task table
(django_tasks_database_dbtaskresult: a transition enqueues its `skp.notifikasi.kirim_email`
task, the task worker sends it), the worker (`manage.py db_worker`: the periodic jobs of
`manage.py pekerja` are not part of this drill) runs beside gunicorn with the same mail
settings and the email tasks of the drill's transitions are checked; otherwise the email is
sent inside the request (transaction.on_commit) and gunicorn's log is checked.

An email task that fails enqueues its next attempt (1 min, then 5…) and fails itself; after one
failure the worker leaves the mail server alone for that pause, so the other emails due then
are put off to it without an attempt (a black hole costs one EMAIL_TIMEOUT, not one each).

Pass criteria, per variant:
  (a) every transition answers 302 and is committed: status changed, exactly one SkpTransisi
      and one AuditLog row (and, with tasks, exactly one live email: waiting, running or
      sent, never two);
  (b) mail attempted as expected and nothing lost. In-request: control: the sink received
      every message; refused/blackhole: every failure logged. Tasks: control: every email
      sent (sink got every message) within --drain-wait s; refused: an attempt failed with
      its error and every email waits for a retry; blackhole: at least one attempt in
      --drain-wait s, every email still waiting or running, none sent or given up;
  (c) latency: every transition and /healthz during the burst ≤ --max-latency s (default 2):
      a mail outage must not make the site slow. --max-latency 1000 judges correctness only.
With tasks, finally:
  recovery: the emails the refused and blackhole variants kept are made due (skipping the
      retry pause) and a new worker runs against a working sink: every one must be delivered.
Email tasks left waiting by an earlier run are set aside (marked failed) first, so they cannot
reach this run's sink.
"""

import argparse
import re
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import threading
import time

from common import (
    OUT,
    PY,
    ROOT,
    Client,
    Gunicorn,
    Verdict,
    app_env,
    ensure_migrated,
    query,
    users,
)

PORTS = {"control": 8201, "refused": 8202, "blackhole": 8203}


class Sink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server that accepts every message."""

    allow_reuse_address = daemon_threads = True

    def __init__(self, port):
        self.messages = 0
        self.connections = 0
        super().__init__(("127.0.0.1", port), SinkHandler)


class SinkHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.server.connections += 1
        self.wfile.write(b"220 drill sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.server.messages += 1
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class BlackHole(socketserver.ThreadingTCPServer):
    """Accepts connections and never answers."""

    allow_reuse_address = daemon_threads = True

    def __init__(self, port):
        self.connections = 0
        super().__init__(("127.0.0.1", port), BlackHoleHandler)


class BlackHoleHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections += 1
        self.request.settimeout(120)
        try:
            while self.request.recv(4096):
                pass
        except OSError:
            pass


class Worker:
    """The task worker (`manage.py db_worker`) with the variant's mail settings."""

    def __init__(self, env, name):
        self.log = OUT / f"worker-{name}.log"
        self.handle = self.log.open("w")
        self.proc = subprocess.Popen(
            [
                PY,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.25",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.handle.close()


TUGAS = "django_tasks_database_dbtaskresult"
EMAIL = "skp.notifikasi.kirim_email"


def has_outbox() -> bool:
    """Emails as tasks (the task table exists) rather than sent inside the request."""
    return query(f"SELECT to_regclass('{TUGAS}') IS NOT NULL")[0][0]


def nothing_listens(port) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def pick_work(n_submit, n_approve):
    draf = {sid for (sid,) in query("SELECT id FROM skp_skp WHERE status = 'draf'")}
    pegawai = [r for r in users("pegawai") if int(r["skp_id"]) in draf]
    waiting = query("""
        SELECT s.id, al.nip FROM skp_skp s
        JOIN accounts_supervisi sv ON sv.pegawai_id = s.pegawai_id AND sv.periode_id = s.periode_id
        JOIN accounts_pegawai al ON al.id = sv.atasan_langsung_id
        JOIN accounts_pegawai p ON p.id = s.pegawai_id
        WHERE s.status = 'diajukan' AND sv.atasan_penilai_id IS NOT NULL
          AND al.email <> '' AND p.email <> ''
        ORDER BY s.id""")
    if len(pegawai) < n_submit or len(waiting) < n_approve:
        sys.exit("not enough draft or waiting SKP left: run bench/drills/prepare.py again")
    seen, approvals = set(), []
    for skp_id, nip in waiting:  # one approval per atasan: distinct people
        if nip not in seen and len(approvals) < n_approve:
            seen.add(nip)
            approvals.append((skp_id, nip))
    return pegawai[:n_submit], approvals


REVISI = re.compile(r'name="revisi" value="(\d+)"')


def confirmation(client, path) -> tuple[str, dict]:
    """The CSRF token and the fields of an action's confirmation form: the revisi it showed
    (an action on an SKP that changed since is refused with 409, skp/revisi.py)."""
    token, (_, _, body, _) = client.token(path)
    match = REVISI.search(body.decode("utf-8", "replace"))
    return token, ({"revisi": match.group(1)} if match else {})


def submit(port, row):
    client = Client(port)
    assert client.login(row["nip"]), row["nip"]
    skp = row["skp_id"]
    token, fields = confirmation(client, f"/skp/{skp}/ajukan/")
    status, _, _, seconds = client.post(f"/skp/{skp}/ajukan/", fields, token, timeout=120)
    return ("ajukan", int(skp), status, seconds)


def approve(port, skp_id, nip):
    client = Client(port)
    assert client.login(nip), nip
    token, fields = confirmation(client, f"/skp/{skp_id}/setujui/")
    status, _, _, seconds = client.post(f"/skp/{skp_id}/setujui/", fields, token, timeout=120)
    return ("setujui", skp_id, status, seconds)


def transitions(results) -> list[tuple[int, str]]:
    found = []
    for aksi, skp_id, _, _ in results:
        found += [
            (pk, aksi)
            for (pk,) in query(
                "SELECT id FROM skp_skptransisi WHERE skp_id = %s AND aksi = %s", [skp_id, aksi]
            )
        ]
    return found


def transition_ids(results) -> list[int]:
    return [pk for pk, _ in transitions(results)]


def retire_stale_outbox() -> int:
    """Emails still waiting from an earlier run would reach this run's sink: set them aside."""
    return len(
        query(
            f"""UPDATE {TUGAS} SET status = 'FAILED', finished_at = now(),
                   exception_class_path = 'drill: waiting from an earlier drill run'
                 WHERE task_path = %s AND status IN ('READY', 'RUNNING') RETURNING id""",
            [EMAIL],
        )
    )


def recovery(args, verdict, expected: dict[int, int]) -> None:
    """The mail server is back: the rows kept by the refused and blackhole variants must all
    be delivered. Their retry pause (1 min, then 5…) is skipped by making them due now."""
    ids = list(expected)
    query(
        f"UPDATE {TUGAS} SET run_after = now() WHERE task_path = %s AND status = 'READY' "
        "AND (args_kwargs->'kwargs'->>'transisi_id')::int = ANY(%s)",
        [EMAIL, ids],
    )
    sink = Sink(PORTS["control"])
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = app_env(
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(PORTS["control"]),
    )
    print(f"\n== recovery: {len(ids)} emails kept during the outage, a working SMTP sink again")
    worker = Worker(env, "recovery")
    started = time.monotonic()
    try:
        while time.monotonic() - started < args.drain_wait:
            rows = outbox_rows(ids)
            if sum(r[2] for r in rows) == len(ids):
                break
            time.sleep(0.25)
        took = time.monotonic() - started
        time.sleep(0.3)
    finally:
        worker.stop()
        sink.shutdown()
        sink.server_close()
    rows = outbox_rows(ids)
    sent = sum(r[2] for r in rows)
    messages = sum(expected.values())
    verdict.check(
        "recovery: every email kept during the outage is delivered",
        sent == len(ids) and sink.messages == messages,
        f"{sent}/{len(ids)} emails sent in {took:.1f} s; sink received "
        f"{sink.messages}/{messages} messages; given up "
        f"{sum(r[3] for r in rows)}",
    )


def committed(results, outbox) -> list[str]:
    """Transitions the client saw that are not (fully) in the database."""
    problems = []
    for aksi, skp_id, status, _ in results:
        ke = "diajukan" if aksi == "ajukan" else "disetujui_atasan_langsung"
        # One live email per transition: waiting or running, or sent (a put-off attempt
        # returns 0 and its successor waits): never none, never two.
        queued = (
            f"(SELECT count(*) FROM {TUGAS} q JOIN skp_skptransisi t "
            "ON t.id = (q.args_kwargs->'kwargs'->>'transisi_id')::int "
            f"WHERE q.task_path = '{EMAIL}' AND t.skp_id = s.id AND t.aksi = %s "
            "AND (q.status IN ('READY', 'RUNNING') OR (q.status = 'SUCCESSFUL' "
            "AND q.return_value::text NOT IN ('0', 'null'))))"
            if outbox
            else "(SELECT 1 WHERE %s IS NOT NULL)"
        )
        ((st, n_t, n_a, n_q),) = query(
            f"""
            SELECT s.status,
              (SELECT count(*) FROM skp_skptransisi t WHERE t.skp_id = s.id AND t.aksi = %s
                 AND t.ke = %s),
              (SELECT count(*) FROM accounts_auditlog a WHERE a.objek_tipe = 'skp.skp'
                 AND a.objek_id = s.id::text AND a.aksi = %s),
              {queued}
            FROM skp_skp s WHERE s.id = %s""",
            [aksi, ke, f"skp.{aksi}", aksi, skp_id],
        )
        if status != 302 or st != ke or n_t != 1 or n_a != 1 or n_q != 1:
            problems.append(
                f"{aksi} SKP {skp_id}: HTTP {status}, status {st}, {n_t} transition,"
                f" {n_a} audit" + (f", {n_q} live emails" if outbox else "")
            )
    return problems


def outbox_rows(ids):
    """Per drill transition with an email task: (transisi, attempts that failed, sent, given
    up, the errors, still waiting or running)."""
    return query(
        f"""SELECT (args_kwargs->'kwargs'->>'transisi_id')::int AS transisi,
              count(*) FILTER (WHERE status = 'FAILED'),
              bool_or(status = 'SUCCESSFUL' AND return_value::text NOT IN ('0', 'null')),
              bool_or(status = 'FAILED' AND (args_kwargs->'kwargs'->>'percobaan')::int > 6),
              coalesce(string_agg(DISTINCT exception_class_path, ',')
                       FILTER (WHERE status = 'FAILED'), ''),
              bool_or(status IN ('READY', 'RUNNING'))
            FROM {TUGAS}
           WHERE task_path = %s AND (args_kwargs->'kwargs'->>'transisi_id')::int = ANY(%s)
           GROUP BY 1""",
        [EMAIL, ids],
    )


def drain(name, ids, wait, started) -> tuple[list, float, float]:
    """Wait until the worker is done with the drill's rows (as far as this variant can tell);
    returns the rows, the seconds it took and the longest open transaction seen meanwhile."""
    longest_tx = 0.0
    while True:
        rows = outbox_rows(ids)
        longest_tx = max(
            longest_tx,
            query(
                "SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%%'"
            )[0][0],
        )
        sent = sum(r[2] for r in rows)
        attempted = sum(r[1] > 0 for r in rows)
        # Refused or black hole: once one attempt has failed, the others are put off to the
        # same pause without an attempt.
        done = sent == len(ids) if name == "control" else attempted >= 1
        if done or time.monotonic() - started > wait:
            return rows, time.monotonic() - started, float(longest_tx)
        time.sleep(0.25)


def summary(values):
    if not values:
        return "-"
    return (
        f"n={len(values)} min {min(values):.2f} s, median {statistics.median(values):.2f} s, "
        f"max {max(values):.2f} s"
    )


def run_variant(name, args, verdict, outbox):
    port = PORTS[name]
    server = None
    if name == "control":
        server = Sink(port)
    elif name == "blackhole":
        server = BlackHole(port)
    elif not nothing_listens(port):
        sys.exit(f"something listens on {port}; the refused variant needs a closed port")
    if server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    env = app_env(
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(port),
    )
    gunicorn = Gunicorn(args.port, env, workers=3, timeout=120, name=f"mail_down-{name}")
    pegawai, approvals = pick_work(args.submits + 3, args.approvals)
    kind = {"control": "sink", "refused": "nothing listening", "blackhole": "black hole"}[name]
    print(
        f"\n== {name}: SMTP 127.0.0.1:{port} ({kind}); "
        f"{'email tasks + db_worker' if outbox else 'sent inside the request'}"
    )
    gunicorn.start()
    worker = Worker(env, name) if outbox else None
    results, health = [], []
    try:
        for row in pegawai[: args.submits]:
            results.append(submit(args.port, row))
            print(
                f"  ajukan  SKP {results[-1][1]}: HTTP {results[-1][2]} in {results[-1][3]:.2f} s",
                flush=True,
            )
        for skp_id, nip in approvals:
            results.append(approve(args.port, skp_id, nip))
            print(
                f"  setujui SKP {skp_id}: HTTP {results[-1][2]} in {results[-1][3]:.2f} s",
                flush=True,
            )
        # The burst: one submit per worker at once, /healthz probed meanwhile.
        clients = []
        for row in pegawai[args.submits :]:
            c = Client(args.port)
            assert c.login(row["nip"])
            clients.append((c, row["skp_id"], *confirmation(c, f"/skp/{row['skp_id']}/ajukan/")))
        burst = []
        stop = threading.Event()

        def probe():
            while not stop.is_set():
                status, _, _, seconds = Client(args.port).get("/healthz", timeout=120)
                health.append((status, seconds))
                time.sleep(0.25)

        def one(c, skp, token, fields):
            status, _, _, seconds = c.post(f"/skp/{skp}/ajukan/", fields, token, timeout=120)
            burst.append(("ajukan", int(skp), status, seconds))

        prober = threading.Thread(target=probe)
        prober.start()
        time.sleep(0.3)
        threads = [threading.Thread(target=one, args=c) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(0.3)
        stop.set()
        prober.join()
        results += burst
        print(
            f"  burst of {len(burst)} concurrent ajukan: {summary([b[3] for b in burst])}; "
            f"/healthz meanwhile: {summary([h[1] for h in health])}, statuses "
            f"{sorted({h[0] for h in health})}"
        )
        ids = transition_ids(results)
        if outbox:
            rows, drained, longest_tx = drain(name, ids, args.drain_wait, time.monotonic())
        else:
            time.sleep(0.5)
    finally:
        if worker:
            worker.stop()
        gunicorn.stop()
        if server:
            server.shutdown()
            server.server_close()

    expected_mail = sum(1 if r[0] == "ajukan" else 2 for r in results)
    problems = committed(results, outbox)
    verdict.check(
        f"{name} (a) every transition 302 and committed",
        not problems,
        f"{len(results)} transitions ({sum(r[0] == 'ajukan' for r in results)} ajukan, "
        f"{sum(r[0] == 'setujui' for r in results)} setujui); problems: {problems or 0}",
    )
    if outbox:
        sent = sum(r[2] for r in rows)
        attempted = sum(r[1] > 0 for r in rows)
        given_up = sum(r[3] for r in rows)
        waiting = sum(r[5] for r in rows)
        errors = sorted({e for r in rows for e in r[4].split(",") if e})
        facts = (
            f"{len(rows)}/{len(ids)} transitions with an email task; after {drained:.1f} s: "
            f"{attempted} attempted, {sent} sent, {waiting} waiting, {given_up} given up, "
            f"errors {errors}; longest open worker transaction {longest_tx:.1f} s"
        )
        if name == "control":
            ok = sent == len(ids) == len(rows) and server.messages == expected_mail
            facts += f"; sink received {server.messages}/{expected_mail} messages"
        elif name == "refused":
            ok = (
                attempted >= 1
                and waiting == len(ids) == len(rows)
                and sent == 0
                and given_up == 0
                and errors
            )
        else:
            ok = attempted >= 1 and waiting == len(ids) == len(rows) and sent == 0
            ok = ok and given_up == 0
            facts += f"; black hole accepted {server.connections} connections in {drained:.1f} s"
    else:
        log = gunicorn.log.read_text(errors="replace")
        failures_logged = log.count("Gagal mengirim email")
        if name == "control":
            ok = server.messages == expected_mail and failures_logged == 0
            facts = (
                f"sink received {server.messages}/{expected_mail} messages; "
                f"{failures_logged} send failures logged"
            )
        elif name == "refused":
            ok = failures_logged == expected_mail
            facts = f"{failures_logged}/{expected_mail} send failures logged (connection refused)"
        else:
            ok = server.connections == expected_mail and failures_logged == expected_mail
            facts = (
                f"black hole accepted {server.connections}/{expected_mail} connections; "
                f"{failures_logged} send failures logged (timeout)"
            )
    verdict.check(f"{name} (b) mail attempted as expected, nothing lost", ok, facts)
    lat = {a: [r[3] for r in results if r[0] == a] for a in ("ajukan", "setujui")}
    worst = max(r[3] for r in results)
    worst_health = max((h[1] for h in health), default=0)
    verdict.check(
        f"{name} (c) latency ≤ {args.max_latency:g} s",
        worst <= args.max_latency and worst_health <= args.max_latency,
        f"ajukan {summary(lat['ajukan'])}; setujui {summary(lat['setujui'])}; "
        f"/healthz during burst max {worst_health:.2f} s",
    )
    expected = {tid: 1 if aksi == "ajukan" else 2 for tid, aksi in transitions(results)}
    return lat, worst_health, expected


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", default="control,refused,blackhole")
    parser.add_argument("--submits", type=int, default=3)
    parser.add_argument("--approvals", type=int, default=2)
    parser.add_argument("--max-latency", type=float, default=2.0)
    parser.add_argument("--drain-wait", type=float, default=25.0)
    parser.add_argument("--port", type=int, default=8200)
    args = parser.parse_args()
    ensure_migrated()
    outbox = has_outbox()
    timeout = app_env().get("DJANGO_EMAIL_TIMEOUT", "10 (config/settings.py default)")
    print(
        f"EMAIL_TIMEOUT = {timeout}; email design: "
        f"{'email tasks (' + TUGAS + ') run by manage.py db_worker' if outbox else 'sent inside the request after commit'}"
    )
    verdict = Verdict("mail_down")
    if outbox:
        print(f"set aside {retire_stale_outbox()} email tasks waiting from earlier runs")
    table = {}
    for name in args.variants.split(","):
        table[name] = run_variant(name, args, verdict, outbox)
    kept = {
        tid: n
        for name in ("refused", "blackhole")
        if name in table
        for tid, n in table[name][2].items()
    }
    if outbox and kept:
        recovery(args, verdict, kept)
    print("\nLatency per transition (seconds):")
    print(
        f"  {'variant':<10} {'ajukan median/max':>18} {'setujui median/max':>19} "
        f"{'healthz max':>12}"
    )
    for name, (lat, h, _) in table.items():
        a, s = lat["ajukan"], lat["setujui"]
        print(
            f"  {name:<10} {statistics.median(a):>8.2f}/{max(a):<8.2f} "
            f"{statistics.median(s) if s else 0:>9.2f}/{max(s) if s else 0:<8.2f} {h:>12.2f}"
        )
    return verdict.finish()


if __name__ == "__main__":
    sys.exit(main())
