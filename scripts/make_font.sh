#!/usr/bin/env bash
# make_font.sh - regenerates fonts/NotoSansSC-Regular-subset.otf, the font the
# touch UI renders with, and fonts/LICENSE-OFL.txt.
#
# Source: face 2 (Simplified Chinese) of Debian's NotoSansCJK-Regular.ttc
# (package fonts-noto-cjk, SIL OFL 1.1). Kept: ASCII, Latin-1 punctuation and
# signs, every character of GB2312 (the code point list comes from decoding
# each GB2312 double-byte code with Python's codec, so it is exact), CJK and
# full-width punctuation (U+3000-303F, U+FF00-FFEF, which includes the
# full-width yuan sign) and a few general punctuation marks. Hinting, names
# and layout features are kept, so text renders as with the full font at a
# sixth of the size. Needs python3-fonttools (scripts/packages.txt).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
copyright=/usr/share/doc/fonts-noto-cjk/copyright
out="$root/fonts/NotoSansSC-Regular-subset.otf"
licence="$root/fonts/LICENSE-OFL.txt"
python=/usr/bin/python3

[ -r "$src" ] || { echo "make_font.sh: $src is missing: apt-get install fonts-noto-cjk" >&2; exit 1; }
"$python" -c 'import fontTools' 2>/dev/null ||
  { echo "make_font.sh: fontTools is missing: apt-get install python3-fonttools" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The code points, one U+XXXX per line.
"$python" - >"$work/unicodes.txt" <<'EOF'
cps = set(range(0x20, 0x7F))                 # ASCII
cps |= set(range(0xA0, 0xC0))                # Latin-1 punctuation and signs (incl. ¥ · « »)
cps |= {0xD7, 0xF7}                          # × ÷
cps |= set(range(0x2010, 0x2028))            # dashes, quotes, bullet, ellipsis
cps |= set(range(0x2030, 0x203B))            # per mille, primes, angle quotes
cps |= set(range(0x3000, 0x3040))            # CJK punctuation
cps |= set(range(0xFF00, 0xFFF0))            # full-width forms (incl. ￥ U+FFE5)
for lead in range(0xA1, 0xF8):               # GB2312: rows 0xA1..0xF7, cells 0xA1..0xFE
    for trail in range(0xA1, 0xFF):
        try:
            ch = bytes((lead, trail)).decode("gb2312")
        except UnicodeDecodeError:
            continue
        cps.update(ord(c) for c in ch)
for cp in sorted(cps):
    print("U+%04X" % cp)
EOF

"$python" -m fontTools.subset "$src" --font-number=2 \
  --unicodes-file="$work/unicodes.txt" \
  --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
  --output-file="$work/subset.otf"

# The font's own copyright line (name ID 0) heads the licence, as OFL clause 2 asks.
notice=$("$python" - "$work/subset.otf" <<'EOF'
import sys
from fontTools.ttLib import TTFont
print(TTFont(sys.argv[1])["name"].getDebugName(0))
EOF
)
{
  echo "Noto Sans CJK SC, subset for certkiosk by scripts/make_font.sh"
  echo "(face 2 of Debian's fonts-noto-cjk NotoSansCJK-Regular.ttc)."
  echo
  echo "$notice"
  echo
  # The OFL text of Debian's copyright file: the stand-alone paragraph
  # "License: SIL-1.1" (after a blank line; the Files: paragraph only names
  # it), without its header line, with the one-space indent and the "."
  # blank-line markers of the Debian format undone.
  awk 'prev == "" && /^License: SIL-1.1$/ {on = 1} on && !/^ / && !/^License: SIL/ {exit}
       on && /^ / {print} {prev = $0}' "$copyright" |
    sed -e 's/^ \.$//' -e 's/^ //'
} >"$work/LICENSE-OFL.txt"

grep -q 'SIL OPEN FONT LICENSE Version 1.1' "$work/LICENSE-OFL.txt" ||
  { echo "make_font.sh: no OFL text found in $copyright" >&2; exit 1; }

mkdir -p "$root/fonts"
mv "$work/subset.otf" "$out"
mv "$work/LICENSE-OFL.txt" "$licence"
echo "wrote $out ($(stat -c %s "$out") bytes, $(wc -l <"$work/unicodes.txt") code points) and $licence"
