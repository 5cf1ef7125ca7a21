#!/usr/bin/env bash
# Install the Debian packages the app needs, or say exactly which apt line to run.
# Usage: scripts/os-deps.sh run|test
set -euo pipefail
mode=${1:-run}
missing=()

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v npm >/dev/null || missing+=(nodejs npm)
# WeasyPrint's native libraries and fonts for the PDF forms (Noto Color Emoji: an emoji typed
# into an RK prints as itself, not as a box).
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core fonts-liberation2 \
           fonts-noto-color-emoji; do
  have_pkg "$pkg" || missing+=("$pkg")
done
if [ "$mode" = test ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # PostgreSQL binaries, for a throwaway cluster when no server answers (scripts/with-postgres.sh).
  if [ -z "${DATABASE_URL:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null \
     && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
  fi
fi

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Memasang paket sistem: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Paket sistem belum terpasang. Jalankan sebagai root:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
