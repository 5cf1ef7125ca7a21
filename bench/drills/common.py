"""Shared helpers for the fault drills: a drill database, gunicorn instances, a small HTTP
client with cookies and CSRF, and verdict printing. Stdlib + psycopg2 (in .venv) only."""

from __future__ import annotations

import csv
import http.client
import os
from pathlib import Path
import re
import signal
import subprocess
import sys
import time
import urllib.parse

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
DRILLS = Path(__file__).resolve().parent
OUT = DRILLS / "out"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
DB = os.environ.get("DRILL_DB", "skp_drill")
PASSWORD = "demo1234"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def db_url(name: str = DB) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def app_env(db: str = DB, **extra: str) -> dict:
    """The environment a production-like instance needs (as bench/load/run.sh), on `db`."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url(db),
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="drill-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-drill",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_HSTS_SECONDS="0",
        # Plain static storage: no collectstatic (and no write into the shared checkout).
        DJANGO_PLAIN_STATIC="true",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def connect(db: str = DB):
    conn = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=db, connect_timeout=5)
    conn.autocommit = True
    return conn


def query(sql: str, params=None, db: str = DB) -> list[tuple]:
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def admin_sql(sql: str) -> None:
    """Statements that cannot run inside a transaction (CREATE/DROP DATABASE)."""
    conn = connect("postgres")
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


def copy_database(source: str, target: str) -> None:
    """CREATE DATABASE target TEMPLATE source; nobody may be connected to `source`."""
    admin_sql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def ensure_migrated(db: str = DB) -> None:
    """The code may have gained migrations since prepare.py: apply them to the drill DB."""
    if not query("SELECT 1 FROM pg_database WHERE datname = %s", [db], db="postgres"):
        sys.exit(f"database {db} does not exist: run .venv/bin/python bench/drills/prepare.py")
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=app_env(db), check=True)


def users(role: str | None = None) -> list[dict]:
    path = OUT / "users.csv"
    if not path.exists():
        sys.exit(f"{path} missing: run bench/drills/prepare.py first")
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if role is None or r["role"] == role]


# --- gunicorn ---------------------------------------------------------------------------


class Gunicorn:
    """One daemonised gunicorn (sync workers) on 127.0.0.1:port, with its own pid and log."""

    def __init__(self, port: int, env: dict, workers: int = 3, timeout: int = 60, name: str = ""):
        self.port, self.env, self.workers, self.timeout = port, env, workers, timeout
        self.pidfile = OUT / f"gunicorn-{port}.pid"
        self.log = OUT / f"gunicorn-{name or port}.log"

    def start(self) -> None:
        OUT.mkdir(exist_ok=True)
        self.stop_stale()
        self.log.write_text("")
        subprocess.run(
            [
                GUNICORN,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--daemon",
                "--pid",
                str(self.pidfile),
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(self.log),
                "--capture-output",
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        if not wait_healthy(self.port, 30):
            raise RuntimeError(f"gunicorn on {self.port} did not answer /healthz; see {self.log}")

    @property
    def master(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if Path(f"/proc/{pid}").exists() else None

    def workers_pids(self) -> list[int]:
        master = self.master
        return children(master) if master else []

    def stop_stale(self) -> None:
        """A master left by an aborted earlier run of this drill (same pid file) is stopped."""
        if self.master:
            self.stop()

    def stop(self) -> None:
        master = self.master
        if not master:
            return
        os.kill(master, signal.SIGTERM)
        for _ in range(100):
            if not Path(f"/proc/{master}").exists():
                break
            time.sleep(0.1)
        self.pidfile.unlink(missing_ok=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def wait_healthy(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, *_ = Client(port).request("GET", "/healthz", timeout=5)
        if status == 200:
            return True
        time.sleep(0.2)
    return False


# --- HTTP client ------------------------------------------------------------------------


class Client:
    """A browser-ish session: cookies, CSRF token from the page, Referer; no redirects
    followed. Each request on a fresh connection (gunicorn sync workers close it anyway)."""

    def __init__(self, port: int):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict | None = None,
        timeout: float = 60,
    ):
        """(status, headers, body, seconds); status 0 and the error text on a transport error."""
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = {"Host": self.host, "User-Agent": "skp-drill"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        hdrs.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=hdrs)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, val = cookie.partition("=")
                    self.cookies[key.strip()] = val.strip()
            return response.status, dict(response.getheaders()), data, time.perf_counter() - started
        except (OSError, http.client.HTTPException) as error:
            return 0, {}, f"{type(error).__name__}: {error}".encode(), time.perf_counter() - started
        finally:
            conn.close()

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def token(self, path: str) -> tuple[str, tuple]:
        result = self.get(path)
        match = CSRF.search(result[2].decode("utf-8", "replace")) if result[0] == 200 else None
        return (match.group(1) if match else ""), result

    def post(self, path: str, fields: dict, token: str, **kw):
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}{path}",
            },
            **kw,
        )

    def post_file(
        self, path: str, fields: dict, name: str, filename: str, data: bytes, token: str, **kw
    ):
        boundary = "----skpdrill" + os.urandom(8).hex()
        parts = []
        for key, value in {**fields, "csrfmiddlewaretoken": token}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
            "\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            "\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"http://{self.host}{path}",
            },
            **kw,
        )

    def login(self, nip: str, password: str = PASSWORD) -> bool:
        token, _ = self.token("/accounts/login/")
        status, headers, *_ = self.post(
            "/accounts/login/", {"username": nip, "password": password}, token
        )
        return status == 302 and "login" not in headers.get("Location", "")


# --- verdicts ---------------------------------------------------------------------------


class Verdict:
    """Named criteria with the facts behind each; prints PASS/FAIL and gives the exit code."""

    def __init__(self, drill: str):
        self.drill = drill
        self.rows: list[tuple[str, bool, str]] = []

    def check(self, name: str, ok: bool, facts: str) -> bool:
        self.rows.append((name, bool(ok), facts))
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}: {facts}", flush=True)
        return ok

    def finish(self) -> int:
        failed = [name for name, ok, _ in self.rows if not ok]
        print()
        if failed:
            print(
                f"{self.drill}: FAIL ({len(failed)} of {len(self.rows)} criteria failed: "
                f"{', '.join(failed)})"
            )
            return 1
        print(f"{self.drill}: PASS ({len(self.rows)} criteria)")
        return 0


def stamp(t: float | None = None) -> str:
    t = time.time() if t is None else t
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1000):03d}Z"
