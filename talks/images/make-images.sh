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

# A queue dashboard standing in for a screenshot at full HD: window chrome, a side bar,
# a bar chart of consumer lag and a few figures (PNG, flat colours, so it stays small).
bars=""
x=520
for h in 180 210 260 240 300 360 420 470 520 500 430 380 330 290 250 230 210 200 190; do
    bars="$bars rectangle $x,$((860 - h)) $((x + 48)),860"
    x=$((x + 70))
done
convert -size 1920x1080 xc:'#f4f5f7' \
    -fill '#2d3340' -draw 'rectangle 0,0 1919,72' \
    -fill '#ff5f57' -draw 'circle 40,36 52,36' -fill '#febc2e' -draw 'circle 80,36 92,36' \
    -fill '#28c840' -draw 'circle 120,36 132,36' \
    -fill '#eceef2' -font DejaVu-Sans -pointsize 30 -annotate +180+48 'queue-dashboard — orders.events' \
    -fill '#e3e6eb' -draw 'rectangle 0,73 400,1079' \
    -fill '#2d3340' -font DejaVu-Sans-Bold -pointsize 34 -annotate +40+150 'Topics' \
    -font DejaVu-Sans -pointsize 30 -fill '#4a5160' \
    -annotate +40+220 'orders.events' -annotate +40+280 'payments' -annotate +40+340 'shipping' \
    -annotate +40+400 'audit.log' \
    -fill '#5cc8ff' -draw 'rectangle 24,186 32,232' \
    -fill '#2d3340' -font DejaVu-Sans-Bold -pointsize 44 -annotate +480+150 'Consumer lag, last 19 minutes' \
    -fill '#ffffff' -stroke '#d5d9e0' -strokewidth 2 -draw 'rectangle 480,190 1880,900' -stroke none \
    -fill '#d5d9e0' -draw 'line 500,860 1860,860' -draw 'line 500,700 1860,700' \
    -draw 'line 500,540 1860,540' -draw 'line 500,380 1860,380' \
    -fill '#3a7bd5' -draw "$bars" \
    -fill '#ff8a3d' -draw 'rectangle 1080,340 1128,860' \
    -fill '#4a5160' -font DejaVu-Sans -pointsize 28 -annotate +1150+330 'deploy at 12:00' \
    -fill '#2d3340' -font DejaVu-Sans -pointsize 30 \
    -annotate +480+960 'consumer   lag     rate/s   state' \
    -fill '#4a5160' -annotate +480+1010 'billing    12,480  3,100    catching up' \
    -annotate +1180+960 'p99 latency   480 ms' -annotate +1180+1010 'partitions    24' \
    -depth 8 -strip PNG24:dashboard.png
