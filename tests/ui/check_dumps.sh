#!/usr/bin/env bash
# check_dumps.sh - what every screen dump in a folder must show (docs/ui.md):
# touch targets of at least 96x96 design units, no text under 32, nothing
# outside the screen, no two touch targets overlapping, no text reaching under a
# touch target (a tile's own note inside it is fine), no character the
# font cannot draw, and the layout of the screen's orientation. Prints each failure and
# exits 1 if there is any.
#   usage: check_dumps.sh SHOTS_DIR W H
shots=${1:?usage: check_dumps.sh SHOTS_DIR W H}; W=${2:?}; H=${3:?}
fail=0
for f in "$shots"/*.json; do
  bad=$(jq -r '
    (.design) as [$dw, $dh] |
    def meets(a; b): a.rect[0] < b.rect[0] + b.rect[2] and b.rect[0] < a.rect[0] + a.rect[2] and
                     a.rect[1] < b.rect[1] + b.rect[3] and b.rect[1] < a.rect[1] + a.rect[3];
    def inside(a; b): a.rect[0] >= b.rect[0] and a.rect[1] >= b.rect[1] and
                      a.rect[0] + a.rect[2] <= b.rect[0] + b.rect[2] and a.rect[1] + a.rect[3] <= b.rect[1] + b.rect[3];
    [.elements[] | select(.tappable) | select(.rect[2] < 96 or .rect[3] < 96) | "small touch target \(.id) \(.rect)"] +
    [.elements[] | select(.size != null and .size < 32) | "text under 32: \(.id) (\(.size))"] +
    [.elements[] | select((.kind == "button" or .kind == "input") and .text_h != null and .text_h > .rect[3]) |
                   "text taller than its box: \(.id) \(.text_h) > \(.rect[3]) (\(.text))"] +
    ([.elements[] | select(.tappable and (.modal | not))] as $t |
     [.elements[] | select(.kind == "qr" or .kind == "image") as $p | $t[] | select(meets($p; .)) |
      "picture under a touch target: \($p.id) \($p.rect) and \(.id) \(.rect)"]) +
    [.elements[] | select(.missing_glyphs != null) | "no glyph in the font (tofu): \(.id) \(.missing_glyphs)"] +
    [.elements[] | select(.rect[0] < 0 or .rect[1] < 0 or .rect[0] + .rect[2] > $dw or .rect[1] + .rect[3] > $dh)
                 | "outside the \($dw)x\($dh) screen: \(.id) \(.rect)"] +
    ([.elements[] | select(.tappable)] as $t |
     [range(0; $t | length) as $i | range($i + 1; $t | length) as $j | [$t[$i], $t[$j]] | select(meets(.[0]; .[1])) |
      "touch targets overlap: \(.[0].id) \(.[0].rect) and \(.[1].id) \(.[1].rect)"]) +
    ([.elements[] | select(.tappable)] as $t |
     [.elements[] | select(.kind == "label" and .text != "" and (.modal | not)) as $l | $t[] |
      select((.modal | not) and meets($l; .) and (inside($l; .) | not)) | "text under a touch target: \($l.id) \($l.rect) and \(.id) \(.rect)"]) |
    .[]' "$f")
  if [ -n "$bad" ]; then
    echo "FAIL: $(basename "$f"):"
    echo "$bad" | sed 's/^/  /'
    fail=1
  fi
done
want_orient=$([ "$W" -gt "$H" ] && echo landscape || echo portrait)
if jq -e --arg o "$want_orient" 'select(.orientation != $o)' "$shots"/*.json >/dev/null; then
  echo "FAIL: a screen was not laid out for $want_orient"
  fail=1
fi
exit $fail
