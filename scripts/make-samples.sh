#!/usr/bin/env bash
# Makes the bundled sample task in public/samples/ from a shared reference clip (megamind_540p, CGI trailer frames
# from Debian's opencv-doc; see ../shared/reference/clips/README.md). Needs Debian's ffmpeg (libx264, libsvtav1).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=../shared/reference/clips/megamind_540p__ref.mp4
OUT=public/samples
FF="ffmpeg -nostdin -v error -y"
TAGS="-color_primaries bt709 -color_trc bt709 -colorspace bt709"
mkdir -p "$OUT"
# reference: 640x360, 30 frames at 23.976 fps, near-lossless H.264 (the miner's input / the validator's reference)
$FF -i "$SRC" -vf "select=gte(n\,2),scale=640:360:flags=lanczos,setsar=1,format=yuv420p" -frames:v 30 -c:v libx264 -preset slow -crf 12 -profile:v high $TAGS -movflags +faststart "$OUT/reference.mp4"
# compression task: the miner's AV1 encode of the reference
$FF -i "$OUT/reference.mp4" -c:v libsvtav1 -crf 32 -preset 8 -pix_fmt yuv420p $TAGS -movflags +faststart "$OUT/compressed-av1.mp4"
# upscaling task: the 2x-downscaled payload, and the miner's 2x upscale of it (lanczos), encoded as AV1
$FF -i "$OUT/reference.mp4" -vf "scale=320:180:flags=lanczos,setsar=1" -c:v libx264 -crf 18 -profile:v high -pix_fmt yuv420p $TAGS -movflags +faststart "$OUT/payload-320x180.mp4"
$FF -i "$OUT/payload-320x180.mp4" -vf "scale=640:360:flags=lanczos,setsar=1" -c:v libsvtav1 -crf 30 -preset 8 -pix_fmt yuv420p $TAGS -movflags +faststart "$OUT/upscaled-av1.mp4"
ls -l "$OUT"
