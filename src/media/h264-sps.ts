/**
 * Minimal H.264 sequence parameter set reader (ITU-T H.264 §7.3.2.1.1 and Annex E VUI): profile, chroma format,
 * bit depth, sample aspect ratio and the colour description, which the probe needs when the MP4 has no `colr`/`pasp`
 * box. Also the ffmpeg names for profiles and colour enums (tables from ffmpeg libavcodec/profiles.c and
 * libavutil/pixdesc.c; the code points are those of ITU-T H.273).
 */

/** What the probe needs from one SPS. */
export interface H264SpsInfo {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /** Sample aspect ratio, null when the VUI gives none. */
  sar: { num: number; den: number } | null;
  fullRange: boolean | null;
  colourPrimaries: number | null;
  transferCharacteristics: number | null;
  matrixCoefficients: number | null;
}

class BitReader {
  private pos = 0;
  constructor(private readonly b: Uint8Array) {}
  bit(): number {
    const byte = this.b[this.pos >> 3];
    if (byte === undefined) throw new RangeError('SPS ends early');
    const v = (byte >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return v;
  }
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      if (++zeros > 31) throw new RangeError('bad Exp-Golomb code in SPS');
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }
  se(): number {
    const k = this.ue();
    return k & 1 ? (k + 1) / 2 : -k / 2;
  }
}

/** Removes emulation-prevention bytes (00 00 03 → 00 00). */
function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let n = 0;
  let zeros = 0;
  for (const b of nal) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[n++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, n);
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);
/** H.264 Table E-1, aspect_ratio_idc 1..16. */
const SAR_TABLE: ReadonlyArray<[number, number]> = [
  [0, 0],
  [1, 1],
  [12, 11],
  [10, 11],
  [16, 11],
  [40, 33],
  [24, 11],
  [20, 11],
  [32, 11],
  [80, 33],
  [18, 11],
  [15, 11],
  [64, 33],
  [160, 99],
  [4, 3],
  [3, 2],
  [2, 1],
];

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/**
 * Parses one SPS NAL unit (starting with its 1-byte NAL header, type 7).
 * @throws RangeError when the bytes are not a complete SPS.
 */
export function parseH264Sps(nal: Uint8Array): H264SpsInfo {
  if (nal.length < 4 || (nal[0]! & 0x1f) !== 7) throw new RangeError('not an SPS NAL unit');
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profileIdc = r.bits(8);
  const constraintFlags = r.bits(8);
  const levelIdc = r.bits(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) r.bit(); // separate_colour_plane_flag
    bitDepthLuma = r.ue() + 8;
    bitDepthChroma = r.ue() + 8;
    r.bit(); // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) {
      const lists = chromaFormatIdc !== 3 ? 8 : 12;
      for (let i = 0; i < lists; i++) if (r.bit()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.bit();
    r.se();
    r.se();
    const n = r.ue();
    for (let i = 0; i < n; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.bit(); // gaps_in_frame_num_value_allowed_flag
  r.ue(); // pic_width_in_mbs_minus1
  r.ue(); // pic_height_in_map_units_minus1
  if (!r.bit()) r.bit(); // frame_mbs_only_flag, mb_adaptive_frame_field_flag
  r.bit(); // direct_8x8_inference_flag
  if (r.bit()) {
    r.ue();
    r.ue();
    r.ue();
    r.ue();
  } // frame cropping
  const info: H264SpsInfo = {
    profileIdc,
    constraintFlags,
    levelIdc,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    sar: null,
    fullRange: null,
    colourPrimaries: null,
    transferCharacteristics: null,
    matrixCoefficients: null,
  };
  if (!r.bit()) return info; // vui_parameters_present_flag
  if (r.bit()) {
    const idc = r.bits(8);
    if (idc === 255) info.sar = { num: r.bits(16), den: r.bits(16) };
    else if (idc >= 1 && idc < SAR_TABLE.length) info.sar = { num: SAR_TABLE[idc]![0], den: SAR_TABLE[idc]![1] };
  }
  if (r.bit()) r.bit(); // overscan
  if (r.bit()) {
    r.bits(3); // video_format
    info.fullRange = r.bit() === 1;
    if (r.bit()) {
      info.colourPrimaries = r.bits(8);
      info.transferCharacteristics = r.bits(8);
      info.matrixCoefficients = r.bits(8);
    }
  }
  return info;
}

/** ffmpeg's profile name for an H.264 profile_idc (libavcodec/profiles.c). */
export function h264ProfileName(profileIdc: number, constraintFlags: number): string {
  const set1 = (constraintFlags & 0x40) !== 0;
  const set3 = (constraintFlags & 0x10) !== 0;
  switch (profileIdc) {
    case 66:
      return set1 ? 'Constrained Baseline' : 'Baseline';
    case 77:
      return 'Main';
    case 88:
      return 'Extended';
    case 100:
      return 'High';
    case 110:
      return set3 ? 'High 10 Intra' : 'High 10';
    case 122:
      return set3 ? 'High 4:2:2 Intra' : 'High 4:2:2';
    case 244:
      return set3 ? 'High 4:4:4 Intra' : 'High 4:4:4 Predictive';
    case 44:
      return 'CAVLC 4:4:4';
    default:
      return `profile ${profileIdc}`;
  }
}

/** ffmpeg name of an H.273 colour_primaries code (null for 2 = unspecified and unknown codes). */
export function primariesName(code: number | null | undefined): string | null {
  const names: Record<number, string> = {
    1: 'bt709',
    4: 'bt470m',
    5: 'bt470bg',
    6: 'smpte170m',
    7: 'smpte240m',
    8: 'film',
    9: 'bt2020',
    10: 'smpte428',
    11: 'smpte431',
    12: 'smpte432',
    22: 'jedec-p22',
  };
  return code == null ? null : (names[code] ?? null);
}

/** ffmpeg name of an H.273 transfer_characteristics code (null when unspecified). */
export function transferName(code: number | null | undefined): string | null {
  const names: Record<number, string> = {
    1: 'bt709',
    4: 'gamma22',
    5: 'gamma28',
    6: 'smpte170m',
    7: 'smpte240m',
    8: 'linear',
    9: 'log100',
    10: 'log316',
    11: 'iec61966-2-4',
    12: 'bt1361e',
    13: 'iec61966-2-1',
    14: 'bt2020-10',
    15: 'bt2020-12',
    16: 'smpte2084',
    17: 'smpte428',
    18: 'arib-std-b67',
  };
  return code == null ? null : (names[code] ?? null);
}

/** ffmpeg name of an H.273 matrix_coefficients code (null when unspecified). */
export function matrixName(code: number | null | undefined): string | null {
  const names: Record<number, string> = {
    0: 'gbr',
    1: 'bt709',
    4: 'fcc',
    5: 'bt470bg',
    6: 'smpte170m',
    7: 'smpte240m',
    8: 'ycgco',
    9: 'bt2020nc',
    10: 'bt2020c',
    11: 'smpte2085',
    12: 'chroma-derived-nc',
    13: 'chroma-derived-c',
    14: 'ictcp',
  };
  return code == null ? null : (names[code] ?? null);
}

/** ffmpeg pix_fmt name for a chroma format (0..3) and bit depth, e.g. yuv420p, yuv420p10le, gray. */
export function pixFmtName(chromaFormatIdc: number, bitDepth: number, fullRange = false): string {
  const base = ['gray', 'yuv420p', 'yuv422p', 'yuv444p'][chromaFormatIdc] ?? `chroma${chromaFormatIdc}`;
  if (bitDepth > 8) return chromaFormatIdc === 0 ? `gray${bitDepth}le` : `${base}${bitDepth}le`;
  if (fullRange && chromaFormatIdc >= 1) return base.replace('yuv', 'yuvj');
  return base;
}
