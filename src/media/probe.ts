/**
 * `probe(file)`: the stream facts the Vidaio validator checks (container, codec, profile, pix_fmt, bit depth, SAR,
 * size, average frame rate = frames / duration as ffprobe's avg_frame_rate, frame count, duration, bitrate, colour
 * tags), named as ffprobe names them. MP4/MOV are read through their index with mp4box (no wasm, milliseconds),
 * Y4M through its header, and anything else through ffmpeg.wasm's ffprobe. Runs in workers and on the main thread.
 */
import { MediaError, blobName } from './errors.ts';
import { readHead, sniffBytes, previewText } from './sniff.ts';
import { readMp4Index, mp4ColourAndAspect, type Mp4Index } from './mp4.ts';
import { h264ProfileName, matrixName, parseH264Sps, pixFmtName, primariesName, transferName, type H264SpsInfo } from './h264-sps.ts';
import { ffprobeJson } from './ffmpeg.ts';
import type { MediaProbe, Ratio } from '../core/engine-protocol.ts';

// The probe's shape is shared with the CLI, which reads it from the engine page (src/core/engine-protocol.ts).
export type { MediaProbe, Ratio } from '../core/engine-protocol.ts';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
function reduce(num: number, den: number): Ratio {
  if (!den || !num) return { num: 0, den: den ? 1 : 0 };
  const g = gcd(Math.round(num), Math.round(den));
  return { num: Math.round(num) / g, den: Math.round(den) / g };
}

/**
 * Probes a video file.
 * @param file the file (any Blob; a File's name is used in messages)
 * @param name name for messages, overrides `File.name`
 * @param videoStream which video stream to describe (0-based; a removal item's served input has its mask as stream 1)
 * @throws MediaError for empty files, non-video files (text, unknown data), truncated MP4s, files without a video stream.
 */
export async function probe(file: Blob, name?: string, videoStream = 0): Promise<MediaProbe> {
  const fileName = blobName(file, name);
  const head = await readHead(file);
  const kind = sniffBytes(head);
  switch (kind) {
    case 'empty':
      throw new MediaError(fileName, 'not a video: the file is empty (0 bytes)');
    case 'text':
      throw new MediaError(fileName, `not a video: the file contains plain text (it starts with ${previewText(head)}), not MP4, WebM or Y4M data`);
    case 'mp4':
      return probeMp4(file, fileName, head, videoStream);
    case 'y4m':
      if (videoStream > 0) throw new MediaError(fileName, `a Y4M file has one video stream, no video stream ${videoStream}`);
      return probeY4m(file, fileName, head);
    default:
      return probeFfmpeg(file, fileName, head, videoStream);
  }
}

/** How many video streams a file has (cover art excluded): Y4M 1, MP4 its video tracks, anything else ffprobe's count. */
export async function videoStreamCount(file: Blob, name?: string): Promise<number> {
  const fileName = blobName(file, name);
  const head = await readHead(file);
  const kind = sniffBytes(head);
  if (kind === 'empty' || kind === 'text') return 0;
  if (kind === 'y4m') return 1;
  if (kind === 'mp4') {
    try {
      return (await readMp4Index(file, fileName)).movie.videoTracks.length;
    } catch (e) {
      if (!(e instanceof MediaError && /fragmented/.test(e.message))) throw e;
    }
  }
  const json = await ffprobeJson(file, fileName);
  return (json.streams ?? []).filter(isVideoStream).length;
}

function isVideoStream(x: Record<string, unknown>): boolean {
  return x.codec_type === 'video' && Number((x.disposition as Record<string, number> | undefined)?.attached_pic ?? 0) === 0;
}

function firstSps(avcC: Uint8Array): H264SpsInfo | null {
  // AVCDecoderConfigurationRecord: 5 bytes, then numSPS (low 5 bits), then [u16 length, NAL] each.
  if (avcC.length < 8) return null;
  const n = avcC[5]! & 0x1f;
  if (n < 1) return null;
  const len = (avcC[6]! << 8) | avcC[7]!;
  try {
    return parseH264Sps(avcC.subarray(8, 8 + len));
  } catch {
    return null;
  }
}

const MP4_CODEC: Record<string, string> = {
  avc1: 'h264',
  avc3: 'h264',
  hvc1: 'hevc',
  hev1: 'hevc',
  vp09: 'vp9',
  vp08: 'vp8',
  av01: 'av1',
  mp4v: 'mpeg4',
  encv: 'encrypted',
};

async function probeMp4(file: Blob, fileName: string, head: Uint8Array, videoStream = 0): Promise<MediaProbe> {
  try {
    return probeFromMp4Index(file, fileName, await readMp4Index(file, fileName, videoStream));
  } catch (e) {
    // A fragmented MP4 is described by ffprobe (only needed for a stream other than the first, as before).
    if (videoStream > 0 && e instanceof MediaError && /fragmented/.test(e.message)) return probeFfmpeg(file, fileName, head, videoStream);
    throw e;
  }
}

/** The probe of an MP4 whose index was already read (the decoder uses it to reject 10-bit input up front). */
export function probeFromMp4Index(file: Blob, fileName: string, idx: Mp4Index): MediaProbe {
  const { track, sampleEntry: e, movie } = idx;
  const codec = MP4_CODEC[idx.fourcc] ?? idx.fourcc;
  const { colr, pasp } = mp4ColourAndAspect(e);
  let profile: string | null = null;
  let pixFmt: string | null = null;
  let bitDepth: number | null = null;
  let sar: Ratio | null = pasp ? reduce(pasp.num, pasp.den) : null;
  let prim: number | null = colr?.primaries ?? null;
  let trc: number | null = colr?.transfer ?? null;
  let mat: number | null = colr?.matrix ?? null;
  let fullRange: boolean | null = colr ? colr.fullRange : null;
  if (e.avcC && idx.description) {
    const sps = firstSps(idx.description);
    if (sps) {
      profile = h264ProfileName(sps.profileIdc, sps.constraintFlags);
      bitDepth = sps.bitDepthLuma;
      // The decoder's view (VUI) is what ffprobe reports; the colr box is used when the VUI is silent.
      if (sps.fullRange !== null) fullRange = sps.fullRange;
      pixFmt = pixFmtName(sps.chromaFormatIdc, sps.bitDepthLuma, fullRange === true);
      sar ??= sps.sar && sps.sar.num > 0 ? reduce(sps.sar.num, sps.sar.den) : null;
      prim = sps.colourPrimaries ?? prim;
      trc = sps.transferCharacteristics ?? trc;
      mat = sps.matrixCoefficients ?? mat;
    }
  } else if (e.hvcC) {
    const h = e.hvcC;
    profile =
      ({ 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Rext' } as Record<number, string>)[h.general_profile_idc] ?? `profile ${h.general_profile_idc}`;
    bitDepth = h.bit_depth_luma_minus8 + 8;
    pixFmt = pixFmtName(h.chroma_format_idc, bitDepth);
  } else if (e.vpcC) {
    const v = e.vpcC;
    profile = `Profile ${v.profile}`;
    bitDepth = v.bitDepth;
    pixFmt = pixFmtName(v.chromaSubsampling <= 1 ? 1 : v.chromaSubsampling === 2 ? 2 : 3, v.bitDepth);
    prim ??= v.colourPrimaries;
    trc ??= v.transferCharacteristics;
    mat ??= v.matrixCoefficients;
    fullRange ??= v.videoFullRangeFlag === 1;
  } else if (e.av1C) {
    const a = e.av1C;
    profile = ({ 0: 'Main', 1: 'High', 2: 'Professional' } as Record<number, string>)[a.seq_profile] ?? `profile ${a.seq_profile}`;
    bitDepth = a.twelve_bit ? 12 : a.high_bitdepth ? 10 : 8;
    const chroma = a.monochrome ? 0 : a.chroma_subsampling_x && a.chroma_subsampling_y ? 1 : a.chroma_subsampling_x ? 2 : 3;
    pixFmt = pixFmtName(chroma, bitDepth);
  }
  const sizes = idx.samples.reduce((n, s) => n + s.size, 0);
  const streamDur = track.samples_duration / track.timescale;
  const movieDur = movie.timescale ? movie.duration / movie.timescale : streamDur;
  const fr = reduce(idx.samples.length * track.timescale, track.samples_duration);
  const brands = movie.brands.filter((b, i, all) => all.indexOf(b) === i);
  return {
    fileName,
    sizeBytes: file.size,
    container: 'mp4',
    brands,
    codec,
    codecTag: idx.fourcc,
    profile,
    pixFmt,
    bitDepth,
    width: e.width || track.video?.width || 0,
    height: e.height || track.video?.height || 0,
    sar,
    avgFrameRate: fr,
    fps: fr.den ? fr.num / fr.den : NaN,
    frameCount: idx.samples.length,
    durationSeconds: movieDur || streamDur,
    streamDurationSeconds: streamDur,
    bitRate: streamDur > 0 ? Math.floor((sizes * 8) / streamDur) : null,
    formatBitRate: movieDur > 0 ? Math.floor((file.size * 8) / movieDur) : null,
    colorSpace: matrixName(mat),
    colorTransfer: transferName(trc),
    colorPrimaries: primariesName(prim),
    colorRange: fullRange === null ? null : fullRange ? 'pc' : 'tv',
    source: 'mp4box',
  };
}

/** ffmpeg pix_fmt for a y4m C tag (libavformat/yuv4mpegdec.c names). */
function y4mPixFmt(c: string): { pixFmt: string; bitDepth: number } {
  if (c === 'mono') return { pixFmt: 'gray', bitDepth: 8 };
  const m = /^mono(\d+)$/.exec(c);
  if (m) return { pixFmt: `gray${m[1]}le`, bitDepth: Number(m[1]) };
  const y = /^(420|422|444|411)(?:jpeg|paldv|mpeg2|alpha)?(?:p(\d+))?$/.exec(c);
  if (y) {
    const depth = y[2] ? Number(y[2]) : 8;
    const alpha = c.includes('alpha') ? 'a' : '';
    return { pixFmt: `yuv${alpha}${y[1]}p${depth > 8 ? `${depth}le` : ''}`, bitDepth: depth };
  }
  return { pixFmt: `y4m-${c}`, bitDepth: 8 };
}

async function probeY4m(file: Blob, fileName: string, head: Uint8Array): Promise<MediaProbe> {
  const nl = head.indexOf(10);
  if (nl < 0) throw new MediaError(fileName, 'corrupt Y4M: no end of the header line in the first 4 KiB');
  const tags = String.fromCharCode(...head.subarray(0, nl))
    .split(' ')
    .slice(1)
    .filter(Boolean);
  let width = 0,
    height = 0,
    fpsNum = 0,
    fpsDen = 0,
    sar: Ratio | null = null,
    c = '420jpeg';
  let range: 'tv' | 'pc' | null = null;
  for (const t of tags) {
    const v = t.slice(1);
    if (t[0] === 'W') width = Number(v);
    else if (t[0] === 'H') height = Number(v);
    else if (t[0] === 'F') [fpsNum, fpsDen] = v.split(':').map(Number) as [number, number];
    else if (t[0] === 'A') {
      const [n, d] = v.split(':').map(Number) as [number, number];
      sar = n && d ? reduce(n, d) : null;
    } else if (t[0] === 'C') c = v;
    else if (t === 'XCOLORRANGE=FULL') range = 'pc';
    else if (t === 'XCOLORRANGE=LIMITED') range = 'tv';
  }
  if (!(width > 0 && height > 0)) throw new MediaError(fileName, `corrupt Y4M header: frame size W${width} H${height}`);
  const { pixFmt, bitDepth } = y4mPixFmt(c);
  const bytesPerSample = bitDepth > 8 ? 2 : 1;
  const cw = Math.ceil(width / 2),
    ch = Math.ceil(height / 2);
  const planes = c.startsWith('mono')
    ? width * height
    : c.startsWith('444')
      ? 3 * width * height
      : c.startsWith('422')
        ? width * height + 2 * cw * height
        : width * height + 2 * cw * ch;
  const payload = planes * bytesPerSample * (c.includes('alpha') ? 4 / 3 : 1);
  const headerBytes = nl + 1;
  // Frames are 'FRAME' + optional parameters + '\n' + payload; count assuming bare 'FRAME\n' lines and check the
  // last marker, else walk the markers.
  let frameCount = Math.floor((file.size - headerBytes) / (payload + 6));
  const rem = file.size - headerBytes - frameCount * (payload + 6);
  const lastMarker =
    frameCount > 0
      ? String.fromCharCode(
          ...new Uint8Array(await file.slice(headerBytes + (frameCount - 1) * (payload + 6), headerBytes + (frameCount - 1) * (payload + 6) + 6).arrayBuffer()),
        )
      : '';
  if (rem !== 0 || (frameCount > 0 && lastMarker !== 'FRAME\n')) {
    frameCount = 0;
    let pos = headerBytes;
    while (pos < file.size) {
      const line = new Uint8Array(await file.slice(pos, pos + 256).arrayBuffer());
      const e = line.indexOf(10);
      if (e < 0 || String.fromCharCode(...line.subarray(0, 5)) !== 'FRAME')
        throw new MediaError(fileName, `corrupt Y4M: no FRAME marker at byte ${pos} (frame ${frameCount})`);
      if (pos + e + 1 + payload > file.size) throw new MediaError(fileName, `truncated Y4M: frame ${frameCount} is cut (file ends at ${file.size} bytes)`);
      pos += e + 1 + payload;
      frameCount++;
    }
  }
  const fr = reduce(fpsNum, fpsDen);
  const duration = fr.num ? (frameCount * fr.den) / fr.num : NaN;
  return {
    fileName,
    sizeBytes: file.size,
    container: 'y4m',
    brands: [],
    codec: 'rawvideo',
    codecTag: null,
    profile: null,
    pixFmt,
    bitDepth,
    width,
    height,
    sar,
    avgFrameRate: fr,
    fps: fr.den ? fr.num / fr.den : NaN,
    frameCount,
    durationSeconds: duration,
    streamDurationSeconds: duration,
    bitRate: duration > 0 ? Math.floor((frameCount * payload * 8) / duration) : null,
    formatBitRate: duration > 0 ? Math.floor((file.size * 8) / duration) : null,
    colorSpace: null,
    colorTransfer: null,
    colorPrimaries: null,
    colorRange: range,
    source: 'y4m',
  };
}

function ratio(text: unknown): Ratio | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d+)[/:](\d+)$/.exec(text);
  return m ? { num: Number(m[1]), den: Number(m[2]) } : null;
}
function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' && v !== 'N/A' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
function tag(v: unknown): string | null {
  return typeof v === 'string' && v !== 'unknown' && v !== 'reserved' ? v : null;
}

async function probeFfmpeg(file: Blob, fileName: string, head: Uint8Array, videoStream = 0): Promise<MediaProbe> {
  let json;
  try {
    json = await ffprobeJson(file, fileName);
  } catch (e) {
    if (e instanceof MediaError)
      throw new MediaError(fileName, `not a recognised video (first bytes ${previewText(head, 12)}); ${e.message.slice(fileName.length + 2)}`, { cause: e });
    throw e;
  }
  const videos = json.streams?.filter(isVideoStream) ?? [];
  if (videoStream > 0 && videos.length > 0 && !videos[videoStream])
    throw new MediaError(fileName, `has ${videos.length} video stream${videos.length === 1 ? '' : 's'}, no video stream ${videoStream}`);
  const s = videos[videoStream];
  if (!s) {
    const found = json.streams?.map((x) => `${x.codec_type} (${x.codec_name})`).join(', ') || 'no streams';
    throw new MediaError(fileName, `not a video: no video stream (found ${found}; format ${json.format?.format_name ?? 'unknown'})`);
  }
  const fr = ratio(s.avg_frame_rate) ?? { num: 0, den: 0 };
  const duration = num(json.format?.duration) ?? num(s.duration) ?? NaN;
  const streamDur = num(s.duration) ?? duration;
  const frameCount = num(s.nb_frames) ?? num(s.nb_read_packets) ?? 0;
  const sarR = ratio(s.sample_aspect_ratio);
  const depth = num(s.bits_per_raw_sample);
  const pixFmt = tag(s.pix_fmt);
  const range = tag(s.color_range);
  return {
    fileName,
    sizeBytes: file.size,
    container: String(json.format?.format_name ?? 'unknown'),
    brands: [],
    codec: String(s.codec_name ?? 'unknown'),
    codecTag: tag(s.codec_tag_string) && s.codec_tag_string !== '[0][0][0][0]' ? String(s.codec_tag_string) : null,
    profile: tag(s.profile),
    pixFmt,
    bitDepth: depth ?? (pixFmt ? (/p(\d+)(le|be)$/.exec(pixFmt) ? Number(/p(\d+)(le|be)$/.exec(pixFmt)![1]) : 8) : null),
    width: num(s.width) ?? 0,
    height: num(s.height) ?? 0,
    sar: sarR && sarR.num > 0 ? sarR : null,
    avgFrameRate: fr,
    fps: fr.den ? fr.num / fr.den : NaN,
    frameCount,
    durationSeconds: duration,
    streamDurationSeconds: streamDur,
    bitRate: num(s.bit_rate),
    formatBitRate: num(json.format?.bit_rate),
    colorSpace: tag(s.color_space),
    colorTransfer: tag(s.color_transfer),
    colorPrimaries: tag(s.color_primaries),
    colorRange: range === 'tv' || range === 'pc' ? range : null,
    source: 'ffprobe',
  };
}
