#!/bin/sh
# Rebuilds the bundled font subsets from Debian's packages. Run by hand, not in CI:
# the outputs are committed. Needs: fonts-noto-cjk fonts-noto-core fonts-noto-mono
# fonts-noto-color-emoji python3-fonttools (Debian 12: fonttools 4.38.0), run with
# Debian's own python3.
set -eu
cd "$(dirname "$0")"
PYTHON=${PYTHON:-/usr/bin/python3}
subset() { "$PYTHON" -m fontTools.subset "$@"; }
NOTO=/usr/share/fonts/truetype/noto
CJK=/usr/share/fonts/opentype/noto

# Latin, punctuation and symbols every face gets.
LATIN="U+0020-007E,U+00A0-00FF,U+0100-017F,U+2000-206F,U+20A0-20CF,U+2122,U+FFFD"
# The rest of Latin (Vietnamese, every European language, IPA, combining accents), Greek
# and Cyrillic: every face takes what its source has of them.
LATIN_MORE="U+0180-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1AB0-1AFF,U+1D00-1DBF,U+1DC0-1DFF,U+1E00-1EFF,U+1F00-1FFF,U+2C60-2C7F,U+2DE0-2DFF,U+A640-A69F,U+A720-A7FF,U+AB30-AB6F"
# What Korean and English slides use around the text, from the CJK face: Greek,
# super/subscripts, letterlike symbols, number forms, arrows, maths operators,
# technical symbols, enclosed numbers, box drawing, block elements, geometric shapes,
# misc symbols, dingbats. Small, so an English slide parses only this part.
CJK_LATIN="$LATIN,$LATIN_MORE,U+0370-03FF,U+2070-209F,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-257F,U+2580-259F,U+25A0-25FF,U+2600-26FF,U+2700-27BF"
# Hangul from the same face, in two parts. The common part: the 2,350 syllables of
# KS X 1001 (those EUC-KR encodes in two bytes; Python's codec writes the other 8,822 as
# eight-byte jamo sequences), CJK punctuation, compatibility jamo and full-width forms.
# The rare part: the other syllables. Both keep the space, so a run of Korean words
# stays one run in one font.
syllables() {
  "$PYTHON" -c '
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
# Han by the national standards, in each language's own face of the same CJK family:
# HAN CODEC FIRST LAST prints the ideographs CODEC writes in two bytes whose first byte
# is in FIRST..LAST (hex): JIS X 0208 level 1 (B0-CF) and level 2 (D0-F4) in EUC-JP,
# GB 2312 level 1 (B0-D7) and level 2 (D8-F7), Big5's common set (A440-C67E).
han() {
  "$PYTHON" -c '
import sys
codec, first, last = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)
cps = []
for c in range(0x4E00, 0xA000):
    try:
        b = chr(c).encode(codec)
    except UnicodeEncodeError:
        continue
    if len(b) == 2 and first <= b[0] <= last and (codec != "big5" or b <= b"\xc6\x7e"):
        cps.append(c)
runs = []
for c in cps:
    if runs and runs[-1][1] == c - 1:
        runs[-1][1] = c
    else:
        runs.append([c, c])
print(",".join("U+%04X" % a if a == b else "U+%04X-%04X" % (a, b) for a, b in runs))
' "$@"
}
# Kana, CJK punctuation and full-width forms go with each language's common part: the
# punctuation sits differently in Japanese, Chinese and Korean.
CJK_PUNCT="U+0020,U+3000-303F,U+FF00-FFEF"
JA="$CJK_PUNCT,U+3040-30FF,U+31F0-31FF,$(han euc_jp B0 CF)"
JA_RARE="U+0020,$(han euc_jp D0 F4)"
ZH_HANS="$CJK_PUNCT,$(han gb2312 B0 D7)"
ZH_HANS_RARE="U+0020,$(han gb2312 D8 F7)"
ZH_HANT="$CJK_PUNCT,U+3100-312F,$(han big5 A4 C6)"
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
  # Face 0 of the collection is Japanese, 2 Simplified Chinese, 3 Traditional Chinese.
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=0 --unicodes="$JA" $OPTS \
    --output-file="NotoSansCJKjp-$weight-ja.otf"
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=0 --unicodes="$JA_RARE" $OPTS \
    --output-file="NotoSansCJKjp-$weight-ja-rare.otf"
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=2 --unicodes="$ZH_HANS" $OPTS \
    --output-file="NotoSansCJKsc-$weight-hans.otf"
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=2 --unicodes="$ZH_HANS_RARE" $OPTS \
    --output-file="NotoSansCJKsc-$weight-hans-rare.otf"
  subset "$CJK/NotoSansCJK-$weight.ttc" --font-number=3 --unicodes="$ZH_HANT" $OPTS \
    --output-file="NotoSansCJKtc-$weight-hant.otf"
  # What the CJK face lacks of Latin, Greek and Cyrillic (Latin Extended-B, Greek
  # Extended, Ukrainian Ґ, …): drawn after the CJK parts, so they only fill its gaps.
  subset "$NOTO/NotoSans-$weight.ttf" --unicodes="U+0020,$LATIN_MORE" $OPTS \
    --output-file="NotoSans-$weight-more.ttf"
done
subset "$NOTO/NotoSansMono-Regular.ttf" --unicodes="$LATIN,$LATIN_MORE,U+2190-21FF,U+2200-22FF,U+2500-257F,U+2580-259F,U+25A0-25FF" $OPTS \
  --output-file=NotoSansMono-Regular-subset.ttf
subset "$NOTO/NotoSans-Italic.ttf" --unicodes="$LATIN,$LATIN_MORE" $OPTS \
  --output-file=NotoSans-Italic-subset.ttf
subset "$NOTO/NotoSans-BoldItalic.ttf" --unicodes="$LATIN,$LATIN_MORE" $OPTS \
  --output-file=NotoSans-BoldItalic-subset.ttf
# Ticks, crosses, ballot boxes and triangles the CJK face lacks (✗ ▸ ☐ ☑ …).
subset "$NOTO/NotoSansSymbols2-Regular.ttf" --unicodes="U+2190-21FF,U+2300-23FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+2B00-2BFF" $OPTS \
  --output-file=NotoSansSymbols2-Regular-subset.ttf

# Scripts that need shaping: they keep their OpenType layout features (joining forms,
# conjuncts, mark positioning), which the shaper (rustybuzz) applies, and the dotted
# circle it draws under a mark with no base. Each keeps the space and the joiners, so a
# sentence stays one run, shaped whole.
SHAPED_OPTS="--layout-features=* --no-hinting --name-IDs=* --name-languages=* --notdef-outline"
JOINERS="U+0020,U+00A0,U+200C-200F,U+25CC"
for weight in Regular Bold; do
  subset "$NOTO/NotoSansArabic-$weight.ttf" \
    --unicodes="$JOINERS,U+060C,U+061B,U+061F,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF" \
    $SHAPED_OPTS --output-file="NotoSansArabic-$weight-subset.ttf"
  subset "$NOTO/NotoSansHebrew-$weight.ttf" --unicodes="$JOINERS,U+0590-05FF,U+FB1D-FB4F" \
    $SHAPED_OPTS --output-file="NotoSansHebrew-$weight-subset.ttf"
  subset "$NOTO/NotoSansDevanagari-$weight.ttf" \
    --unicodes="$JOINERS,U+0900-097F,U+1CD0-1CFF,U+A8E0-A8FF" \
    $SHAPED_OPTS --output-file="NotoSansDevanagari-$weight-subset.ttf"
  subset "$NOTO/NotoSansThai-$weight.ttf" --unicodes="$JOINERS,U+0E00-0E7F" \
    $SHAPED_OPTS --output-file="NotoSansThai-$weight-subset.ttf"
done

# Colour emoji, drawn from their PNG bitmaps (CBDT): every code point of Noto Color Emoji
# with the sequences built from them (ZWJ sequences such as 👩‍💻, flags, keycaps),
# except the five skin-tone modifiers, whose 1,800 combinations would more than double
# the file. Its `ccmp` ligatures are what join a sequence into one picture.
EMOJI_FONT=${EMOJI_FONT:-$NOTO/NotoColorEmoji.ttf}
EMOJI=$("$PYTHON" -c '
import sys
from fontTools.ttLib import TTFont
skin_tones = range(0x1F3FB, 0x1F400)
cps = [c for c in TTFont(sys.argv[1]).getBestCmap() if c not in skin_tones and c >= 0x20]
print(",".join("U+%04X" % c for c in sorted(cps)))
' "$EMOJI_FONT")
subset "$EMOJI_FONT" --unicodes="$EMOJI" --layout-features='*' --no-hinting \
  --name-IDs='*' --name-languages='*' --output-file=NotoColorEmoji-subset.ttf
