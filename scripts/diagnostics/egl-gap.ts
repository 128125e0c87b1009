/**
 * Diagnostic (not part of the product, not a test): locates where the float `vif_scaleN_egl_1` features (gain
 * limit 1.0) depart from libvmaf's integer ones, on one frame of a tiny_vtest_320x240 pair (default: frame 0 of
 * down2_up_bicubic). It recomputes, per pixel and per scale, the float statistic (Netflix/vmaf
 * libvmaf/src/feature/vif_tools.c `vif_statistic_s` @ 332dde62) and the integer one (integer_vif.c
 * `vif_statistic` @ 332dde62, as ported in ../integer/vif.ts), checks the totals against the product classes,
 * attributes the num/den gap to pixel classes (branch, g, border band), and runs counterfactuals: float on
 * reflect-101 borders; the float formula on the exact integer moments; the float formula on moments that keep
 * only the integer Q8 pyramid rounding, or the Q8 pyramid plus the Q8 rounding of the vertical-pass mean; and
 * the resulting vmaf_v0.6.1neg score. Run: `npx tsx src/core/metrics/vmaf/diagnostics/egl-gap.ts [dist] [frame]`.
 */
import { readFileSync } from 'node:fs';
import { parseY4m } from '../../src/core/metrics/vmaf/test-y4m.ts';
import { VifComputer } from '../../src/core/metrics/vmaf/vif.ts';
import { IntegerVifComputer } from '../../src/core/metrics/vmaf/integer/vif.ts';
import { VmafExtractor, parseVmafModel, predictVmaf } from '../../src/core/metrics/vmaf/index.ts';
import { sharedReferenceUrl } from '../../test-support/index.ts';

const REF = sharedReferenceUrl('');
const dist = process.argv[2] ?? 'down2_up_bicubic';
const frameIdx = Number(process.argv[3] ?? 0);
const readY4m = (name: string) => parseY4m(new Uint8Array(readFileSync(new URL(`clips/${name}.y4m`, REF))));
const refClip = readY4m('tiny_vtest_320x240__ref');
const disClip = readY4m(`tiny_vtest_320x240__${dist}`);
const W = refClip.width;
const H = refClip.height;
const refY = refClip.frames[frameIdx]!.y;
const disY = disClip.frames[frameIdx]!.y;

// ---------------------------------------------------------------- float (per pixel) -----------------------
const FF: Float32Array[] = [
  [0.00745626912, 0.0142655009, 0.0250313189, 0.0402820669, 0.0594526194, 0.0804751068, 0.0999041125, 0.113746084, 0.118773937],
  [0.0189780835, 0.0558981746, 0.120920904, 0.192116052, 0.224173605],
  [0.054488685, 0.244201347, 0.402619958],
  [0.166378498, 0.667243004],
].map((h) => Float32Array.from([...h, ...h.slice(0, -1).reverse()]));

type Border = 'libvmaf' | 'reflect101';
function mirrorF(i: number, n: number, b: Border): number {
  if (i < 0) return -i;
  if (i >= n) return b === 'libvmaf' ? 2 * n - i - 1 : 2 * n - 2 - i;
  return i;
}

/** Separable filter of `src` (optionally the product of two planes), float32 stores. */
function filt(f: Float32Array, a: Float32Array, b: Float32Array | null, w: number, h: number, bd: Border): Float32Array {
  const n = f.length,
    r = n >> 1;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) {
        const idx = mirrorF(i - r + k, h, bd) * w + j;
        acc = Math.fround(acc + Math.fround(f[k]! * (b ? Math.fround(a[idx]! * b[idx]!) : a[idx]!)));
      }
      tmp[i * w + j] = acc;
    }
  }
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc = Math.fround(acc + Math.fround(f[k]! * tmp[i * w + mirrorF(j - r + k, w, bd)]!));
      out[i * w + j] = acc;
    }
  }
  return out;
}

/** Per-pixel moments (pixel² units) of one scale. */
interface Moments {
  w: number;
  h: number;
  s1: Float64Array;
  s2: Float64Array;
  s12: Float64Array;
  ref: Float64Array;
  dis: Float64Array;
}

function floatMoments(bd: Border): Moments[] {
  let ref = Float32Array.from(refY, (v) => v - 128);
  let dis = Float32Array.from(disY, (v) => v - 128);
  let w = W,
    h = H;
  const out: Moments[] = [];
  for (let s = 0; s < 4; s++) {
    const f = FF[s]!;
    if (s > 0) {
      const m1 = filt(f, ref, null, w, h, bd);
      const m2 = filt(f, dis, null, w, h, bd);
      const dw = w >> 1,
        dh = h >> 1;
      ref = new Float32Array(dw * dh);
      dis = new Float32Array(dw * dh);
      for (let i = 0; i < dh; i++)
        for (let j = 0; j < dw; j++) {
          ref[i * dw + j] = m1[2 * i * w + 2 * j]!;
          dis[i * dw + j] = m2[2 * i * w + 2 * j]!;
        }
      w = dw;
      h = dh;
    }
    const mu1 = filt(f, ref, null, w, h, bd),
      mu2 = filt(f, dis, null, w, h, bd);
    const xx = filt(f, ref, ref, w, h, bd),
      yy = filt(f, dis, dis, w, h, bd),
      xy = filt(f, ref, dis, w, h, bd);
    const n = w * h;
    const m: Moments = {
      w,
      h,
      s1: new Float64Array(n),
      s2: new Float64Array(n),
      s12: new Float64Array(n),
      ref: Float64Array.from(ref),
      dis: Float64Array.from(dis),
    };
    for (let p = 0; p < n; p++) {
      m.s1[p] = Math.fround(xx[p]! - Math.fround(mu1[p]! * mu1[p]!));
      m.s2[p] = Math.fround(yy[p]! - Math.fround(mu2[p]! * mu2[p]!));
      m.s12[p] = Math.fround(xy[p]! - Math.fround(mu1[p]! * mu2[p]!));
    }
    out.push(m);
  }
  return out;
}

/** libvmaf float statistic for one pixel (pixel² units). Returns num (egl 100), numEgl (egl 1), den, g. */
function floatStat(s1in: number, s2in: number, s12: number) {
  const eps = 1e-10,
    nsq = 2,
    maxInv = 4 / (255 * 255);
  let s1 = Math.max(s1in, 0);
  const s2 = Math.max(s2in, 0);
  let g = s12 / (s1 + eps);
  let sv = s2 - g * s12;
  if (s1 < eps) {
    g = 0;
    sv = s2;
    s1 = 0;
  }
  if (s2 < eps) {
    g = 0;
    sv = 0;
  }
  if (g < 0) {
    sv = s2;
    g = 0;
  }
  sv = Math.max(sv, eps);
  const gRaw = g;
  const nums = [100, 1].map((lim) => {
    const gl = Math.min(g, lim);
    let v = Math.log2(1 + (gl * gl * s1) / (sv + nsq));
    if (s12 < 0) v = 0;
    if (s1 < nsq) v = 1 - s2 * maxInv;
    return v;
  });
  const den = s1 < nsq ? 1 : Math.log2(1 + s1 / nsq);
  return { num: nums[0]!, numEgl: nums[1]!, den, g: gRaw, sv, low: s1 < nsq };
}

// ---------------------------------------------------------------- integer (per pixel) ---------------------
const IF = [
  [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
  [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
  [3571, 16004, 26386, 16004, 3571],
  [10904, 43728, 10904],
];
const r101 = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
const mulRound32 = (a: number, b: number) => {
  const bh = Math.floor(b / 65536),
    bl = b - bh * 65536;
  return Math.floor((a * bh + Math.floor((a * bl + 2147483648) / 65536)) / 65536);
};
const LOG = new Uint16Array(65536);
for (let i = 32767; i < 65536; i++) LOG[i] = Math.round(Math.fround(Math.log2(i)) * 2048);
const log32 = (x: number) => {
  const k = 16 - Math.clz32(x);
  return LOG[x >>> k]! + 2048 * k;
};
const log64 = (x: number) => {
  if (x < 4294967296) return log32(x);
  const k = 48 - Math.clz32(Math.floor(x / 4294967296));
  return LOG[Math.floor(x / 2 ** k)]! + 2048 * k;
};

/** Integer moments, Q16 pixel² (as int32 values). */
type IntMode = 'libvmaf' | 'muOnly' | 'pyrOnly';
function integerMoments(mode: IntMode = 'libvmaf'): Moments[] {
  let ref: ArrayLike<number> = refY,
    dis: ArrayLike<number> = disY;
  let w = W,
    h = H;
  const out: Moments[] = [];
  for (let s = 0; s < 4; s++) {
    const f = IF[s]!,
      n = f.length,
      r = n >> 1;
    if (s > 0) {
      const dw = w >> 1,
        dh = h >> 1;
      const nr = new Uint16Array(dw * dh),
        nd = new Uint16Array(dw * dh);
      const vr = new Float64Array(w),
        vd = new Float64Array(w);
      for (let oi = 0; oi < dh; oi++) {
        for (let j = 0; j < w; j++) {
          let ar = 0,
            ad = 0;
          for (let k = 0; k < n; k++) {
            const idx = r101(2 * oi - r + k, h) * w + j;
            ar += f[k]! * ref[idx]!;
            ad += f[k]! * dis[idx]!;
          }
          if (s === 1) {
            vr[j] = (ar + 128) >>> 8;
            vd[j] = (ad + 128) >>> 8;
          } else {
            vr[j] = ((ar + 32768) >>> 16) & 0xffff;
            vd[j] = ((ad + 32768) >>> 16) & 0xffff;
          }
        }
        for (let oj = 0; oj < dw; oj++) {
          let ar = 0,
            ad = 0;
          for (let k = 0; k < n; k++) {
            const c = r101(2 * oj - r + k, w);
            ar += f[k]! * vr[c]!;
            ad += f[k]! * vd[c]!;
          }
          nr[oi * dw + oj] = (ar + 32768) >>> 16;
          nd[oi * dw + oj] = (ad + 32768) >>> 16;
        }
      }
      ref = nr;
      dis = nd;
      w = dw;
      h = dh;
    }
    const N = w * h;
    // scale images in float units (pixel − 128): 8-bit at scale 0, Q8 above
    const toF = (v: number) => (s === 0 ? v : v / 256) - 128;
    const m: Moments = {
      w,
      h,
      s1: new Float64Array(N),
      s2: new Float64Array(N),
      s12: new Float64Array(N),
      ref: Float64Array.from(Array.from(ref as ArrayLike<number>, toF)),
      dis: Float64Array.from(Array.from(dis as ArrayLike<number>, toF)),
    };
    const t = [0, 1, 2, 3, 4].map(() => new Float64Array(w));
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        let m1 = 0,
          m2 = 0,
          xx = 0,
          yy = 0,
          xy = 0;
        for (let k = 0; k < n; k++) {
          const idx = r101(i - r + k, h) * w + j;
          const a = ref[idx]!,
            b = dis[idx]!,
            fa = f[k]! * a,
            fb = f[k]! * b;
          m1 += fa;
          m2 += fb;
          xx += fa * a;
          yy += fb * b;
          xy += fa * b;
        }
        if (mode === 'pyrOnly') {
          const q = s === 0 ? 256 : 65536;
          t[0]![j] = m1 / q;
          t[1]![j] = m2 / q;
          t[2]![j] = s === 0 ? xx : xx / 65536;
          t[3]![j] = s === 0 ? yy : yy / 65536;
          t[4]![j] = s === 0 ? xy : xy / 65536;
        } else if (mode === 'muOnly' && s > 0) {
          t[0]![j] = ((m1 + 32768) >>> 16) & 0xffff;
          t[1]![j] = ((m2 + 32768) >>> 16) & 0xffff;
          t[2]![j] = xx / 65536;
          t[3]![j] = yy / 65536;
          t[4]![j] = xy / 65536;
        } else if (s === 0) {
          t[0]![j] = (m1 + 128) >>> 8;
          t[1]![j] = (m2 + 128) >>> 8;
          t[2]![j] = xx;
          t[3]![j] = yy;
          t[4]![j] = xy;
        } else {
          t[0]![j] = ((m1 + 32768) >>> 16) & 0xffff;
          t[1]![j] = ((m2 + 32768) >>> 16) & 0xffff;
          t[2]![j] = Math.floor((xx + 32768) / 65536);
          t[3]![j] = Math.floor((yy + 32768) / 65536);
          t[4]![j] = Math.floor((xy + 32768) / 65536);
        }
      }
      for (let j = 0; j < w; j++) {
        let m1 = 0,
          m2 = 0,
          xx = 0,
          yy = 0,
          xy = 0;
        for (let k = 0; k < n; k++) {
          const c = r101(j - r + k, w),
            fk = f[k]!;
          m1 += fk * t[0]![c]!;
          m2 += fk * t[1]![c]!;
          xx += fk * t[2]![c]!;
          yy += fk * t[3]![c]!;
          xy += fk * t[4]![c]!;
        }
        const p = i * w + j;
        if (mode !== 'libvmaf') {
          m.s1[p] = xx / 65536 - (m1 * m1) / 4294967296;
          m.s2[p] = yy / 65536 - (m2 * m2) / 4294967296;
          m.s12[p] = xy / 65536 - (m1 * m2) / 4294967296;
          continue;
        }
        m.s1[p] = (Math.floor((xx + 32768) / 65536) - mulRound32(m1, m1)) | 0;
        m.s2[p] = (Math.floor((yy + 32768) / 65536) - mulRound32(m2, m2)) | 0;
        m.s12[p] = (Math.floor((xy + 32768) / 65536) - mulRound32(m1, m2)) | 0;
      }
    }
    out.push(m);
  }
  return out;
}

/** libvmaf integer statistic for one pixel (Q16 moments); num/den in log2 units (table /2048). */
function intStat(s1: number, s2in: number, s12: number) {
  const NSQ = 131072;
  const s2 = Math.max(s2in, 0);
  if (s1 < NSQ) return { num: 1 - s2 / 16384 / 65025, numEgl: 1 - s2 / 16384 / 65025, den: 1, low: true, g: 0, sv: 0 };
  const den = (log32((NSQ + s1) >>> 0) - 2048 * 17) / 2048;
  if (!(s12 > 0 && s2 > 0)) return { num: 0, numEgl: 0, den, low: false, g: 0, sv: 0 };
  const g = s12 / (s1 + 65536e-10);
  let sv = Math.trunc(s2 - g * s12) | 0;
  if (sv < 0) sv = 0;
  const n1 = sv + NSQ,
    l1 = log64(n1);
  const gl = Math.min(g, 100),
    ge = Math.min(g, 1);
  return {
    num: (log64(Math.trunc(gl * gl * s1) + n1) - l1) / 2048,
    numEgl: (log64(Math.trunc(ge * ge * s1) + n1) - l1) / 2048,
    den,
    low: false,
    g,
    sv,
  };
}

// ---------------------------------------------------------------- analysis --------------------------------
const f32 = Math.fround;
const fmt = (x: number, d = 6) => (x >= 0 ? ' ' : '') + x.toFixed(d);

const fm = floatMoments('libvmaf');
const fm101 = floatMoments('reflect101');
const im = integerMoments();
const imMu = integerMoments('muOnly');
const imPyr = integerMoments('pyrOnly');

// sanity: totals vs the product classes
const vc = new VifComputer(W, H, true);
const prod = vc.compute(
  Float32Array.from(refY, (v) => v - 128),
  Float32Array.from(disY, (v) => v - 128),
);
const iprod = new IntegerVifComputer(W, H).compute(refY, disY);

const pf = JSON.parse(readFileSync(new URL(`scores/tiny_vtest_320x240__${dist}.json`, REF), 'utf8').replace(/\bInfinity\b/g, '1e999')).libvmaf_pinned.per_frame;

interface Tot {
  num: number;
  numEgl: number;
  den: number;
}
const sumF = (m: Moments, idx?: (p: number) => boolean): Tot => {
  const t = { num: 0, numEgl: 0, den: 0 };
  for (let p = 0; p < m.s1.length; p++) {
    if (idx && !idx(p)) continue;
    const r = floatStat(m.s1[p]!, m.s2[p]!, m.s12[p]!);
    t.num += r.num;
    t.numEgl += r.numEgl;
    t.den += r.den;
  }
  return t;
};

const emuEgl: number[] = [];
for (let s = 0; s < 4; s++) {
  const F = fm[s]!,
    I = im[s]!,
    w = F.w,
    h = F.h,
    n = w * h;
  const rad = IF[s]!.length >> 1;
  console.log(`\n=== scale ${s} (${w}x${h}, filter radius ${rad}) ===`);
  // per pixel
  const fr = Array.from({ length: n }, (_, p) => floatStat(F.s1[p]!, F.s2[p]!, F.s12[p]!));
  const ir = Array.from({ length: n }, (_, p) => intStat(I.s1[p]!, I.s2[p]!, I.s12[p]!));
  const tf = fr.reduce((a, r) => ({ num: a.num + r.num, numEgl: a.numEgl + r.numEgl, den: a.den + r.den }), { num: 0, numEgl: 0, den: 0 });
  const ti = ir.reduce((a, r) => ({ num: a.num + r.num, numEgl: a.numEgl + r.numEgl, den: a.den + r.den }), { num: 0, numEgl: 0, den: 0 });
  console.log(
    `float  num ${tf.num.toFixed(3)} numEgl ${tf.numEgl.toFixed(3)} den ${tf.den.toFixed(3)} | product ${prod.num[s]!.toFixed(3)} ${prod.numEgl[s]!.toFixed(3)} ${prod.den[s]!.toFixed(3)}`,
  );
  console.log(`int    num ${ti.num.toFixed(3)} numEgl ${ti.numEgl.toFixed(3)} den ${ti.den.toFixed(3)}`);
  const featF = [tf.num / tf.den, tf.numEgl / tf.den],
    featI = [f32(f32(ti.num) / f32(ti.den)), f32(f32(ti.numEgl) / f32(ti.den))];
  console.log(
    `feature egl100: float ${fmt(featF[0]!)} (libvmaf float ${pf[`vif_scale${s}`][frameIdx]}) int ${fmt(featI[0]!)} (product ${fmt(iprod.scores[s]!)}, libvmaf ${pf[`integer_vif_scale${s}`][frameIdx]})  gap ${fmt(featF[0]! - featI[0]!)}`,
  );
  console.log(
    `feature egl1  : float ${fmt(featF[1]!)} int ${fmt(featI[1]!)} (product ${fmt(iprod.scoresEgl[s]!)}, libvmaf ${pf[`integer_vif_scale${s}_egl_1`][frameIdx]})  gap ${fmt(featF[1]! - featI[1]!)}`,
  );

  // attribution by pixel class. Gap in feature ≈ Δnum/den − num·Δden/den².
  const border = (p: number) => {
    const i = Math.floor(p / w),
      j = p % w;
    return i < rad || j < rad || i >= h - rad * 2 || j >= w - rad * 2;
  };
  const classes: [string, (p: number) => boolean][] = [
    ['low-var both', (p) => fr[p]!.low && ir[p]!.low],
    ['branch mismatch', (p) => fr[p]!.low !== ir[p]!.low],
    ['log, g<=1 (float)', (p) => !fr[p]!.low && !ir[p]!.low && fr[p]!.g <= 1],
    ['log, g>1 (float)', (p) => !fr[p]!.low && !ir[p]!.low && fr[p]!.g > 1],
  ];
  const D = ti.den;
  console.log('class                 pixels  Δnum100/den  ΔnumEgl/den   Δden·numEgl/den²  (of which border band)');
  for (const [name, pred] of classes) {
    let c = 0,
      dn = 0,
      de = 0,
      dd = 0,
      cb = 0,
      deB = 0;
    for (let p = 0; p < n; p++) {
      if (!pred(p)) continue;
      c++;
      dn += fr[p]!.num - ir[p]!.num;
      de += fr[p]!.numEgl - ir[p]!.numEgl;
      dd += fr[p]!.den - ir[p]!.den;
      if (border(p)) {
        cb++;
        deB += fr[p]!.numEgl - ir[p]!.numEgl;
      }
    }
    console.log(
      `${name.padEnd(20)} ${String(c).padStart(7)} ${fmt(dn / D)} ${fmt(de / D)} ${fmt((-dd * ti.numEgl) / D / D)}   (${cb} px, ΔnumEgl/den ${fmt(deB / D)})`,
    );
  }
  // g>1 pixels: compare sv, s1 in pixel² units
  let cnt = 0,
    dsv = 0,
    ds1 = 0,
    ds2 = 0,
    ds12 = 0,
    svZeroI = 0,
    svTinyF = 0;
  for (let p = 0; p < n; p++) {
    if (fr[p]!.low || ir[p]!.low || fr[p]!.g <= 1) continue;
    cnt++;
    dsv += fr[p]!.sv - ir[p]!.sv / 65536;
    ds1 += F.s1[p]! - I.s1[p]! / 65536;
    ds2 += F.s2[p]! - I.s2[p]! / 65536;
    ds12 += F.s12[p]! - I.s12[p]! / 65536;
    if (ir[p]!.sv === 0) svZeroI++;
    if (fr[p]!.sv < 1e-3) svTinyF++;
  }
  if (cnt)
    console.log(
      `g>1 pixels: mean Δsv ${fmt(dsv / cnt, 4)} Δσ1² ${fmt(ds1 / cnt, 4)} Δσ2² ${fmt(ds2 / cnt, 4)} Δσ12 ${fmt(ds12 / cnt, 4)} (float−int, pixel²); int sv==0: ${svZeroI}, float sv<1e-3: ${svTinyF}`,
    );

  // scale images and moment sums, float vs integer
  {
    let dr = 0,
      adr = 0,
      s1f = 0,
      s1i = 0,
      s2f = 0,
      s2i = 0;
    for (let p = 0; p < n; p++) {
      dr += F.ref[p]! - I.ref[p]!;
      adr += Math.abs(F.ref[p]! - I.ref[p]!);
      s1f += F.s1[p]!;
      s1i += I.s1[p]! / 65536;
      s2f += F.s2[p]!;
      s2i += I.s2[p]! / 65536;
    }
    console.log(
      `scale image ref: mean (float − int) ${fmt(dr / n, 5)} mean |Δ| ${fmt(adr / n, 5)} px; Σσ1² int/float ${fmt(s1i / s1f, 5)}  Σσ2² int/float ${fmt(s2i / s2f, 5)}  mean σ1² float ${fmt(s1f / n, 2)}`,
    );
  }
  // exact (float64) σ1² from each path's own scale image and its own borders, to see which path is biased
  {
    const f = FF[s]!,
      r = f.length >> 1;
    const exact = (img: Float64Array, bd: Border) => {
      let tot = 0;
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          let m = 0,
            xx = 0;
          for (let a = 0; a < f.length; a++)
            for (let b = 0; b < f.length; b++) {
              const v = img[mirrorF(i - r + a, h, bd) * w + mirrorF(j - r + b, w, bd)]!;
              const c = f[a]! * f[b]!;
              m += c * v;
              xx += c * v * v;
            }
          tot += xx - m * m;
        }
      return tot;
    };
    let s1f = 0,
      s1i = 0;
    for (let p = 0; p < n; p++) {
      s1f += F.s1[p]!;
      s1i += I.s1[p]! / 65536;
    }
    const ef = exact(F.ref, 'libvmaf'),
      ei = exact(I.ref, 'reflect101');
    console.log(
      `Σσ1²: float path ${s1f.toFixed(1)} vs exact-on-float-image ${ef.toFixed(1)} | int path ${s1i.toFixed(1)} vs exact-on-int-image ${ei.toFixed(1)}`,
    );
  }
  // counterfactuals
  const t101 = sumF(fm101[s]!);
  const tIF = { num: 0, numEgl: 0, den: 0 };
  for (let p = 0; p < n; p++) {
    const r = floatStat(I.s1[p]! / 65536, I.s2[p]! / 65536, I.s12[p]! / 65536);
    tIF.num += r.num;
    tIF.numEgl += r.numEgl;
    tIF.den += r.den;
  }
  {
    let a = 0;
    for (let p = 0; p < n; p++) a += fm101[s]!.s1[p]!;
    console.log(`float reflect-101: Σσ1² ${a.toFixed(1)} num ${t101.num.toFixed(3)} numEgl ${t101.numEgl.toFixed(3)} den ${t101.den.toFixed(3)}`);
  }
  if (s >= 1) {
    // largest per-pixel egl-1 numerator differences, float (reflect-101, to remove border effects) − integer
    const G = fm101[s]!;
    const rows: { p: number; d: number; d100: number }[] = [];
    let sumPos = 0,
      sumNeg = 0;
    for (let p = 0; p < n; p++) {
      const a = floatStat(G.s1[p]!, G.s2[p]!, G.s12[p]!),
        b = ir[p]!;
      const d = a.numEgl - b.numEgl;
      if (d > 0) sumPos += d;
      else sumNeg += d;
      rows.push({ p, d, d100: a.num - b.num });
    }
    rows.sort((x, y) => Math.abs(y.d) - Math.abs(x.d));
    console.log(`per-pixel ΔnumEgl (float101 − int): Σ+ ${sumPos.toFixed(3)} Σ− ${sumNeg.toFixed(3)}; top 8:`);
    for (const { p, d, d100 } of rows.slice(0, 8)) {
      const a = floatStat(G.s1[p]!, G.s2[p]!, G.s12[p]!),
        b = ir[p]!;
      console.log(
        `  (${Math.floor(p / w)},${p % w}) ΔnumEgl ${fmt(d, 4)} Δnum100 ${fmt(d100, 4)} | float σ1² ${G.s1[p]!.toFixed(3)} σ2² ${G.s2[p]!.toFixed(3)} σ12 ${G.s12[p]!.toFixed(3)} g ${a.g.toFixed(4)} sv ${a.sv.toFixed(4)} | int σ1² ${(I.s1[p]! / 65536).toFixed(3)} σ2² ${(I.s2[p]! / 65536).toFixed(3)} σ12 ${(I.s12[p]! / 65536).toFixed(3)} g ${b.g.toFixed(4)} sv ${(b.sv / 65536).toFixed(4)}`,
      );
    }
  }
  console.log(
    `counterfactual float on reflect-101 borders: egl100 ${fmt(t101.num / t101.den)} egl1 ${fmt(t101.numEgl / t101.den)}  gap egl1 ${fmt(t101.numEgl / t101.den - featI[1]!)}`,
  );
  for (const [name, M] of [
    ['Q8 pyramid + Q8 vertical mu only', imMu],
    ['Q8 pyramid only', imPyr],
  ] as const) {
    const t = { num: 0, numEgl: 0, den: 0 };
    for (let p = 0; p < n; p++) {
      const r = floatStat(M[s]!.s1[p]! / 65536, M[s]!.s2[p]! / 65536, M[s]!.s12[p]! / 65536);
      t.num += r.num;
      t.numEgl += r.numEgl;
      t.den += r.den;
    }
    if (name.includes('mu')) emuEgl.push(t.numEgl / t.den);
    console.log(
      `counterfactual integer moments with ${name} rounding: egl100 ${fmt(t.num / t.den)} egl1 ${fmt(t.numEgl / t.den)}  gap vs int egl100 ${fmt(t.num / t.den - featI[0]!)} egl1 ${fmt(t.numEgl / t.den - featI[1]!)}`,
    );
  }
  {
    // where the egl-1 gap sits: Σ ΔnumEgl (float101 − int) by the float g of the pixel
    const G = fm101[s]!;
    const b = [0, 0, 0, 0];
    for (let p = 0; p < n; p++) {
      const a = floatStat(G.s1[p]!, G.s2[p]!, G.s12[p]!);
      const d = a.numEgl - ir[p]!.numEgl;
      const k = a.low ? 0 : a.g < 0.9 ? 1 : a.g <= 1.1 ? 2 : 3;
      b[k]! += d;
    }
    console.log(
      `ΔnumEgl/den (float101 − int) by float g: low-var ${fmt(b[0]! / ti.den)} g<0.9 ${fmt(b[1]! / ti.den)} 0.9≤g≤1.1 ${fmt(b[2]! / ti.den)} g>1.1 ${fmt(b[3]! / ti.den)}`,
    );
  }
  console.log(
    `counterfactual float formula on INTEGER moments: egl100 ${fmt(tIF.num / tIF.den)} egl1 ${fmt(tIF.numEgl / tIF.den)}  gap egl1 vs int ${fmt(tIF.numEgl / tIF.den - featI[1]!)}`,
  );
}

// VMAF NEG impact on this frame: product float features vs the same with the egl-1 VIF features replaced by the
// "Q8 pyramid + Q8 vertical mu" emulation above (what a float path that mimicked that rounding would report).
{
  const ex = new VmafExtractor(W, H, { neg: true });
  const feats = [];
  for (let i = 0; i < refClip.frames.length; i++) feats.push(...ex.push(refClip.frames[i]!.y, disClip.frames[i]!.y));
  feats.push(...ex.flush());
  const f0 = feats[frameIdx]!;
  const model = parseVmafModel('vmaf_v0.6.1neg', JSON.parse(readFileSync(new URL('vmaf/vmaf_v0.6.1neg.json', REF), 'utf8')));
  const emu = { ...f0, vif_scale0_egl_1: emuEgl[0]!, vif_scale1_egl_1: emuEgl[1]!, vif_scale2_egl_1: emuEgl[2]!, vif_scale3_egl_1: emuEgl[3]! };
  console.log(
    `\nvmaf_neg frame ${frameIdx}: libvmaf ${pf.vmaf_neg[frameIdx]} | ours (float egl features) ${predictVmaf(model, f0).toFixed(4)} | with emulated-rounding egl VIF ${predictVmaf(model, emu).toFixed(4)}`,
  );
}
