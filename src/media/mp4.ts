/**
 * MP4/MOV index reader built on mp4box 2.4.1: scans the top-level boxes of a Blob by their headers (nothing else is
 * read), parses only `ftyp` + `moov` with mp4box, and returns the first video track with its sample table (offsets,
 * sizes, timestamps, sync flags), its decoder configuration record and its colour/aspect tags. Sample data is then
 * read from the Blob on demand (`readSamples`), so memory stays bounded by the read window, whatever the file size.
 * Truncated files (a box that runs past the end, no `moov`, samples beyond EOF) raise a `MediaError`.
 */
import { createFile, MP4BoxBuffer, type Movie, type Sample, type Track, type VisualSampleEntry, type Box } from 'mp4box';
import { MediaError } from './errors.ts';
import { concatBytes } from '../core/bytes.ts';

/** One top-level box as found by the header scan. */
export interface TopBox {
  type: string;
  /** Absolute byte offset of the box header. */
  offset: number;
  /** Declared box size in bytes (size 0 = to end of file resolved). */
  size: number;
}

/** The video track of an MP4 and what decoders and the probe need. */
export interface Mp4Index {
  movie: Movie;
  track: Track;
  sampleEntry: VisualSampleEntry;
  /** Sample entry four-cc: avc1, avc3, hvc1, hev1, vp09, av01, ... */
  fourcc: string;
  /** Decoder configuration record payload (avcC/hvcC/vpcC/av1C without its 8-byte box header), if any. */
  description: Uint8Array | null;
  /** Samples in decode order (offset/size refer to the original file). */
  samples: Sample[];
  boxes: TopBox[];
}

const BOX_NAMES_ISO = /^[\x20-\x7e]{4}$/;

/**
 * Scans the top-level boxes by reading only their 8/16-byte headers.
 * @throws MediaError when a box runs past the end of the file or a header is garbage.
 */
export async function scanTopLevelBoxes(file: Blob, fileName: string): Promise<TopBox[]> {
  const boxes: TopBox[] = [];
  let pos = 0;
  while (pos < file.size) {
    if (file.size - pos < 8)
      throw new MediaError(fileName, `truncated MP4: ${file.size - pos} stray bytes at offset ${pos} after the last complete box (file cut short?)`);
    const h = new DataView(await file.slice(pos, Math.min(pos + 16, file.size)).arrayBuffer());
    let size = h.getUint32(0);
    const type = String.fromCharCode(h.getUint8(4), h.getUint8(5), h.getUint8(6), h.getUint8(7));
    if (!BOX_NAMES_ISO.test(type)) throw new MediaError(fileName, `not a valid MP4: garbage box header at offset ${pos}`);
    if (size === 1) {
      if (h.byteLength < 16) throw new MediaError(fileName, `truncated MP4: the 64-bit header of box '${type}' at offset ${pos} is cut`);
      size = Number(h.getBigUint64(8));
    } else if (size === 0) size = file.size - pos;
    if (size < 8) throw new MediaError(fileName, `not a valid MP4: box '${type}' at offset ${pos} declares ${size} bytes`);
    if (pos + size > file.size) {
      throw new MediaError(
        fileName,
        `truncated MP4: box '${type}' at offset ${pos} declares ${size} bytes but only ${file.size - pos} remain (the file is ${file.size} bytes; it was cut short${type === 'mdat' ? ', media data is missing' : ''})`,
      );
    }
    boxes.push({ type, offset: pos, size });
    pos += size;
  }
  return boxes;
}

function findChild(box: Box, type: string): Box | undefined {
  return box.boxes?.find((b) => b.type === type);
}

/**
 * Parses the MP4's index and picks the first video track (or video track `videoTrack`, 0-based: a removal item's
 * served input carries its mask as video stream 1).
 * @throws MediaError for a missing moov, no video track, fragmented files (use the ffmpeg path), and samples
 *   that point past the end of the file.
 */
export async function readMp4Index(file: Blob, fileName: string, videoTrack = 0): Promise<Mp4Index> {
  const boxes = await scanTopLevelBoxes(file, fileName);
  const moovBox = boxes.find((b) => b.type === 'moov');
  if (!moovBox) {
    const found = boxes.map((b) => b.type).join(', ') || 'no boxes';
    throw new MediaError(
      fileName,
      `truncated or incomplete MP4: no 'moov' box (the index) was found; top-level boxes: ${found}. The file was probably cut short before its index was written`,
    );
  }
  const ftypBox = boxes.find((b) => b.type === 'ftyp');
  // mp4box parses sequentially, so give it a synthetic file: ftyp + moov, contiguous. Sample offsets inside moov
  // stay absolute offsets of the original file, which is where readSamples reads them.
  const parts: Uint8Array[] = [];
  if (ftypBox) parts.push(new Uint8Array(await file.slice(ftypBox.offset, ftypBox.offset + ftypBox.size).arrayBuffer()));
  const moovBytes = new Uint8Array(await file.slice(moovBox.offset, moovBox.offset + moovBox.size).arrayBuffer());
  parts.push(moovBytes);
  const joined = concatBytes(parts);
  const moovStart = joined.length - moovBytes.length;

  const mp4 = createFile();
  let movie: Movie | null = null;
  let parseError: string | null = null;
  mp4.onReady = (info) => {
    movie = info;
  };
  mp4.onError = (module, message) => {
    parseError = `${module}: ${message}`;
  };
  try {
    mp4.appendBuffer(MP4BoxBuffer.fromArrayBuffer(joined.buffer, 0), true);
    mp4.flush();
  } catch (e) {
    throw new MediaError(fileName, `corrupt MP4 index ('moov'): ${(e as Error).message}`, { cause: e });
  }
  if (!movie) throw new MediaError(fileName, `corrupt MP4 index ('moov' could not be parsed${parseError ? `: ${parseError}` : ''})`);
  const mv = movie as Movie;
  if (videoTrack > 0 && mv.videoTracks.length > 0 && !mv.videoTracks[videoTrack]) {
    throw new MediaError(fileName, `MP4 has ${mv.videoTracks.length} video track${mv.videoTracks.length === 1 ? '' : 's'}, no video stream ${videoTrack}`);
  }
  const track = mv.videoTracks[videoTrack];
  if (!track) {
    const kinds = mv.tracks.map((t) => `${t.type ?? 'unknown'} (${t.codec})`).join(', ') || 'no tracks';
    throw new MediaError(fileName, `MP4 has no video track; found ${kinds}`);
  }
  const trak = mp4.getTrackById(track.id);
  const entry = trak.mdia.minf.stbl.stsd.entries[0] as VisualSampleEntry;
  const fourcc = entry.type;
  const samples = mp4.getTrackSamplesInfo(track.id);
  if (samples.length === 0 || mv.isFragmented) {
    throw new MediaError(fileName, `fragmented MP4 (samples in 'moof' boxes) is not handled by the MP4 reader`);
  }
  let end = 0;
  let beyond = 0;
  for (const s of samples) {
    end = Math.max(end, s.offset + s.size);
    if (s.offset + s.size > file.size) beyond++;
  }
  if (beyond > 0) {
    throw new MediaError(
      fileName,
      `truncated MP4: ${beyond} of ${samples.length} video samples lie beyond the end of the file (needs ${end} bytes, has ${file.size}); the media data was cut`,
    );
  }
  const config = entry.avcC ?? entry.hvcC ?? entry.vpcC ?? entry.av1C;
  let description: Uint8Array | null = null;
  if (config && config.start !== undefined && config.hdr_size !== undefined) {
    const from = config.start - moovStart + config.hdr_size;
    const to = config.start - moovStart + config.size;
    // vpcC is a full box: skip its 4-byte version/flags too (WebCodecs does not take vp9 descriptions anyway).
    description = fourcc.startsWith('vp0') ? null : moovBytes.slice(from, to);
  }
  return { movie: mv, track, sampleEntry: entry, fourcc, description, samples, boxes };
}

/** The sample entry's `colr` (nclx) and `pasp` boxes, when present. */
export function mp4ColourAndAspect(entry: VisualSampleEntry): {
  colr: { primaries: number; transfer: number; matrix: number; fullRange: boolean } | null;
  pasp: { num: number; den: number } | null;
} {
  const colr = findChild(entry, 'colr') as
    | (Box & { colour_type: string; colour_primaries: number; transfer_characteristics: number; matrix_coefficients: number; full_range_flag: number })
    | undefined;
  const pasp = findChild(entry, 'pasp') as (Box & { hSpacing: number; vSpacing: number }) | undefined;
  return {
    colr:
      colr && (colr.colour_type === 'nclx' || colr.colour_type === 'nclc')
        ? { primaries: colr.colour_primaries, transfer: colr.transfer_characteristics, matrix: colr.matrix_coefficients, fullRange: colr.full_range_flag === 1 }
        : null,
    pasp: pasp ? { num: pasp.hSpacing, den: pasp.vSpacing } : null,
  };
}

/**
 * Reads sample payloads in the given order through a sliding read window of at most `windowBytes` (default 4 MiB),
 * so contiguous samples cost one Blob read per window. Yields [sample, bytes] pairs; `bytes` is a view valid until the
 * next iteration step (copy it to keep it; EncodedVideoChunk copies).
 */
export async function* readSamples(file: Blob, samples: Iterable<Sample>, windowBytes = 4 << 20): AsyncGenerator<[Sample, Uint8Array]> {
  let winStart = 0;
  let win = new Uint8Array(0);
  for (const s of samples) {
    if (s.offset < winStart || s.offset + s.size > winStart + win.length) {
      winStart = s.offset;
      const end = Math.min(file.size, Math.max(s.offset + s.size, s.offset + windowBytes));
      win = new Uint8Array(await file.slice(winStart, end).arrayBuffer());
    }
    yield [s, win.subarray(s.offset - winStart, s.offset - winStart + s.size)];
  }
}
