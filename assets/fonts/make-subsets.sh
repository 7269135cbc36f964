#!/bin/sh
# Rebuilds the bundled font subsets from Debian's packages. Run by hand, not in CI:
# the outputs are committed. Needs: fonts-noto-cjk fonts-noto-core fonts-noto-mono
# python3-fonttools (Debian 12: fonttools 4.38.0).
set -eu
cd "$(dirname "$0")"
subset() { python3 -m fontTools.subset "$@"; }
NOTO=/usr/share/fonts/truetype/noto
CJK=/usr/share/fonts/opentype/noto

# Latin, punctuation and symbols every face gets.
LATIN="U+0020-007E,U+00A0-00FF,U+0100-017F,U+2000-206F,U+20A0-20CF,U+2122,U+FFFD"
# What Korean and English slides use around the text, from the CJK face: Greek,
# super/subscripts, letterlike symbols, number forms, arrows, maths operators,
# technical symbols, enclosed numbers, box drawing, block elements, geometric shapes,
# misc symbols, dingbats. Small, so an English slide parses only this part.
CJK_LATIN="$LATIN,U+0370-03FF,U+2070-209F,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-257F,U+2580-259F,U+25A0-25FF,U+2600-26FF,U+2700-27BF"
# Hangul from the same face, in two parts. The common part: the 2,350 syllables of
# KS X 1001 (those EUC-KR encodes in two bytes; Python's codec writes the other 8,822 as
# eight-byte jamo sequences), CJK punctuation, compatibility jamo and full-width forms.
# The rare part: the other syllables. Both keep the space, so a run of Korean words
# stays one run in one font.
syllables() {
  python3 -c '
import sys
common = sys.argv[1] == "common"
cps = [c for c in range(0xAC00, 0xD7A4) if (len(chr(c).encode("euc-kr")) == 2) == common]
runs = []
for c in cps:
    if runs and runs[-1][1] == c - 1:
        runs[-1][1] = c
    else:
        runs.append([c, c])
print(",".join("U+%04X" % a if a == b else "U+%04X-%04X" % (a, b) for a, b in runs))
' "$1"
}
HANGUL="U+0020,U+3000-303F,U+3130-318F,$(syllables common),U+FF00-FFEF"
HANGUL_RARE="U+0020,$(syllables rare)"
# The layout engine does no shaping: keep the legacy kerning only, drop hinting.
OPTS="--layout-features= --no-hinting --name-IDs=* --name-languages=* --notdef-outline"

# Each CJK face is split in three files from the same source face, so every glyph and
# metric is the CJK face's own: fontdue parses every outline of a file it loads, and
# parsing 11,000 Hangul syllables costs most of a start-up. An English deck parses only
# the Latin part, a Korean one the Latin and common Hangul parts.
for weight in Regular Bold; do
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=1 --unicodes="$CJK_LATIN" $OPTS \
    --output-file="NotoSansCJKkr-$weight-latin.otf"
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=1 --unicodes="$HANGUL" $OPTS \
    --output-file="NotoSansCJKkr-$weight-hangul.otf"
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=1 --unicodes="$HANGUL_RARE" $OPTS \
    --output-file="NotoSansCJKkr-$weight-hangul-rare.otf"
done
subset "$NOTO/NotoSansMono-Regular.ttf" --unicodes="$LATIN,U+0370-03FF,U+2190-21FF,U+2200-22FF,U+2500-257F,U+2580-259F,U+25A0-25FF" $OPTS \
  --output-file=NotoSansMono-Regular-subset.ttf
subset "$NOTO/NotoSans-Italic.ttf" --unicodes="$LATIN,U+0370-03FF" $OPTS \
  --output-file=NotoSans-Italic-subset.ttf
subset "$NOTO/NotoSans-BoldItalic.ttf" --unicodes="$LATIN,U+0370-03FF" $OPTS \
  --output-file=NotoSans-BoldItalic-subset.ttf
# Ticks, crosses, ballot boxes and triangles the CJK face lacks (✗ ▸ ☐ ☑ …).
subset "$NOTO/NotoSansSymbols2-Regular.ttf" --unicodes="U+2190-21FF,U+2300-23FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+2B00-2BFF" $OPTS \
  --output-file=NotoSansSymbols2-Regular-subset.ttf
