#!/usr/bin/env bash
# Run every fault drill and summarise: bench/drills/run_all.sh [--prepare] [--skip-pg-restart]
#   --prepare          recreate skp_drill first (also done when it or out/users.csv is missing)
#   --skip-pg-restart  leave out drill 1 (it restarts the shared PostgreSQL cluster)
# Exit status: the number of drills that failed (0 = all passed). Output also in out/run_all.log.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
prepare=0 pg=1
for arg in "$@"; do
  case "$arg" in
    --prepare) prepare=1 ;;
    --skip-pg-restart) pg=0 ;;
    *) sed -n 2,5p "$0"; exit 2 ;;
  esac
done
mkdir -p bench/drills/out
exec > >(tee bench/drills/out/run_all.log) 2>&1
has_db=$(psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '${DRILL_DB:-skp_drill}'")
if [ "$prepare" = 1 ] || [ ! -f bench/drills/out/users.csv ] || [ "$has_db" != 1 ]; then
  $PY bench/drills/prepare.py || exit 99
fi
drills=(kill_import mail_down)
[ "$pg" = 1 ] && drills+=(pg_restart)  # last: it briefly interrupts everyone's PostgreSQL
failed=0
declare -A verdict
for drill in "${drills[@]}"; do
  echo; echo "######## $drill  ($(date -u '+%F %T') UTC)"
  start=$SECONDS
  if $PY "bench/drills/$drill.py"; then verdict[$drill]=PASS; else verdict[$drill]=FAIL; failed=$((failed + 1)); fi
  verdict[$drill]="${verdict[$drill]} ($((SECONDS - start)) s)"
done
echo; echo "######## summary"
for drill in "${drills[@]}"; do printf '  %-12s %s\n' "$drill" "${verdict[$drill]}"; done
exit "$failed"
