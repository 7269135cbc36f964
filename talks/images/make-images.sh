#!/bin/sh
# Rebuilds the demo's pictures with ImageMagick 6 (`convert`) and DejaVu fonts.
# Metadata is stripped so the files do not change from run to run.
set -eu
cd "$(dirname "$0")"

# An evening sky behind the title slide (JPEG, drawn as a background with `bg`).
convert -size 1280x720 gradient:'#2b1055'-'#ff7e5f' -strip -quality 78 stage-evening.jpg

# Plasma clouds standing in for a photo; the seed keeps it the same every time (JPEG).
convert -seed 42 -size 640x360 plasma:'#1d3557'-'#a8dadc' -blur 0x2 -strip -quality 78 clouds.jpg

# The countdown dial at 1:00 left: a grey ring with the amber last minute on top.
convert -size 600x600 xc:'#14161c' -fill none -strokewidth 36 -stroke '#3a3f4b' \
    -draw "circle 300,300 300,70" \
    \( -size 600x600 xc:'#14161c' -fill none -strokewidth 36 -stroke '#ffb020' \
       -draw "circle 300,300 300,70" \) \
    \( -size 600x600 xc:black -fill white -stroke none \
       -draw "polygon 300,300 300,0 600,0 600,202" \) \
    -composite \
    -stroke none -fill '#eceef2' -font DejaVu-Sans-Bold -pointsize 120 -gravity center \
    -annotate +0+0 '1:00' +repage -depth 8 -strip PNG24:countdown.png

# The dark theme's colours: background, text, accent, wrap-up amber, final red.
convert -size 160x160 xc:'#14161c' xc:'#eceef2' xc:'#5cc8ff' xc:'#ffb020' xc:'#ff4a3d' \
    +append -bordercolor '#14161c' -border 8 +repage -depth 8 -strip PNG24:palette.png

# Light text on dark against grey text on white, as a projector shows them.
convert \( -size 480x270 xc:'#14161c' -fill '#eceef2' -font DejaVu-Sans-Bold -pointsize 56 \
           -gravity center -annotate +0+0 'dark' \) \
        \( -size 480x270 xc:'#fafafa' -fill '#9aa0aa' -font DejaVu-Sans -pointsize 56 \
           -gravity center -annotate +0+0 'washed' \) \
    +append +repage -depth 8 -strip PNG24:contrast.png
