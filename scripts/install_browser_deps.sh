#!/usr/bin/env bash
# Install what the browser tests need from Debian, only when it is missing:
# chromium (Playwright drives /usr/bin/chromium), Java (the Nu Html Checker)
# and npm (installs axe-core and vnu-jar from package-lock.json); and the DejaVu
# fonts every PDF embeds (tools/sitebuild/pdf.py FONTS: Serif Italic is in -extra).
# Idempotent and quiet: prints nothing when everything is there.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
dejavu=/usr/share/fonts/truetype/dejavu
[ -f $dejavu/DejaVuSerif.ttf ] && [ -f $dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
[ -f $dejavu/DejaVuSerif-Italic.ttf ] && [ -f $dejavu/DejaVuSerif-BoldItalic.ttf ] || missing+=(fonts-dejavu-extra)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
