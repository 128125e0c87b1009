#!/bin/sh
# Builds the small removal media under e2e/fixtures-media/removal/ from the synthetic cases of
# scripts/removal/make-fixtures.py (../shared/reference/clips/tiny_vtest_320x240__ref.y4m, 160x96, 8 frames), for the
# CLI's test (src/cli/commands/removal.test.ts) and the removal page's e2e: one served input with two video streams
# (stream 0 = the input with the occluder, stream 1 = the mask as gray, as validator-vidaio serves it), the clean
# reference, candidates, and bad inputs. Every stream is FFV1 (lossless) in Matroska, so the decoded frames are the
# exact bytes of the Python reference (fixtures/removal-reference.json) and the numbers can be compared exactly.
#
# Needs Debian's /usr/bin/python3 (numpy, cv2) and a native ffmpeg. Run from the repository root:
#   sh scripts/removal/make-media.sh
set -eu
OUT=e2e/fixtures-media/removal
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 - "$TMP" <<'PY'
import importlib.util, os, sys
import numpy as np
tmp = sys.argv[1]
spec = importlib.util.spec_from_file_location('mf', os.path.join('scripts', 'removal', 'make-fixtures.py'))
mf = importlib.util.module_from_spec(spec); spec.loader.exec_module(mf)
src = mf.read_y4m(mf.CLIP)
ref = mf.reference_frames(src)

def y4m(name, frames, mono=False, w=mf.W, h=mf.H):
    with open(os.path.join(tmp, name), 'wb') as f:
        f.write(f"YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 {'Cmono' if mono else 'C420jpeg'}\n".encode())
        for fr in frames:
            f.write(b'FRAME\n')
            if mono:
                f.write(np.ascontiguousarray(fr).tobytes())
            else:
                for p in fr:
                    f.write(np.ascontiguousarray(p).tobytes())

masks = mf.make_masks(mf.MASKS['moving'])
served = mf.composite(ref, masks)
y4m('reference.y4m', ref)
y4m('served.y4m', served)
y4m('mask.y4m', [m.astype(np.uint8) * 255 for m in masks], mono=True)
y4m('mask-small.y4m', [m[::2, ::2].astype(np.uint8) * 255 for m in masks], mono=True, w=mf.W // 2, h=mf.H // 2)
for kind, name in (('good', 'candidate-good'), ('outside_frame3', 'candidate-outside'), ('blur', 'candidate-blur')):
    y4m(name + '.y4m', mf.candidate(kind, ref, served, masks))
y4m('candidate-short.y4m', mf.candidate('good', ref, served, masks)[:5])
PY
FF="ffmpeg -nostdin -v error -y"
V="-c:v ffv1 -level 3 -g 1 -slices 4 -slicecrc 0"
mkdir -p "$OUT"
$FF -i "$TMP/served.y4m" -i "$TMP/mask.y4m" -map 0:v -map 1:v $V -pix_fmt:v:0 yuv420p -pix_fmt:v:1 gray "$OUT/served.mkv"
$FF -i "$TMP/served.y4m" -map 0:v $V -pix_fmt yuv420p "$OUT/served-no-mask.mkv"
$FF -i "$TMP/mask.y4m" -map 0:v $V -pix_fmt gray "$OUT/mask.mkv"
$FF -i "$TMP/mask-small.y4m" -map 0:v $V -pix_fmt gray "$OUT/mask-80x48.mkv"
for n in reference candidate-good candidate-outside candidate-blur candidate-short; do
  $FF -i "$TMP/$n.y4m" -map 0:v $V -pix_fmt yuv420p "$OUT/$n.mkv"
done
ls -l "$OUT"
du -sh "$OUT"
