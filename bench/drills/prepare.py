"""Create the drill database: `.venv/bin/python bench/drills/prepare.py [--pegawai 1500]`.

Drops and recreates `skp_drill` (DRILL_DB), migrates, runs the load-test generator
(bench/load/generate.py: units, pegawai, supervision, SKP drafts, a third submitted; password
demo1234) writing bench/drills/out/users.csv, and gives every pegawai an email address so that
workflow notifications are really attempted (the generator leaves email empty).
"""

import argparse
import subprocess
import sys
import time

from common import DB, OUT, PY, ROOT, admin_sql, app_env, query


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pegawai", type=int, default=1500)
    args = parser.parse_args()
    started = time.perf_counter()
    OUT.mkdir(exist_ok=True)
    admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DB}"')
    env = app_env()
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            PY,
            "bench/load/generate.py",
            "--pegawai",
            str(args.pegawai),
            "--out",
            str(OUT / "users.csv"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    query(
        "UPDATE accounts_pegawai SET email = 'p' || nip || '@drill.example.go.id' WHERE email = ''"
    )
    ((n, with_email),) = query(
        "SELECT count(*), count(*) FILTER (WHERE email <> '') FROM accounts_pegawai"
    )
    print(f"{DB}: {n} pegawai, {with_email} with email; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
