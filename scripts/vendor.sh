#!/usr/bin/env bash
# Front-end assets from the npm registry (exact versions in package-lock.json), copied into
# the ignored static/vendor/. Nothing third-party is committed; nothing is served from a CDN.
# devDependencies (axe-core, for the accessibility browser test) stay in node_modules: the
# test injects axe.min.js from there, and nothing serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
rm -rf static/vendor
mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/bootstrap-icons/font
cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/css/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/js/
cp -r node_modules/bootstrap-icons/font/fonts node_modules/bootstrap-icons/font/bootstrap-icons.min.css \
  static/vendor/bootstrap-icons/font/
cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/LICENSE
cp node_modules/bootstrap-icons/LICENSE static/vendor/bootstrap-icons/LICENSE
touch static/vendor/.installed
