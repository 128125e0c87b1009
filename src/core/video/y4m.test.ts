/** Streaming y4m parser: chunking, colour spaces, truncation errors, against the tiny reference clips. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseY4mHeader, Y4mParser, y4mFrames, y4mFramesAt, Y4mError, Y4M_MAX_SIDE, type Y4mSource } from './y4m.ts';
import { concatBytes as concat } from '../bytes.ts';
import { sharedReference } from '../../../test-support/index.ts';

const CLIP = sharedReference('clips/tiny_vtest_320x240__ref.y4m');
const bytes = new Uint8Array(readFileSync(CLIP));
const enc = (s: string) => new TextEncoder().encode(s);

async function collect(chunks: Uint8Array[]) {
  const frames = [];
  for await (const f of y4mFrames(chunks)) frames.push(f);
  return frames;
}

/** An in-memory random-access source that logs its reads and hands out a fresh copy per read (as a Blob does). */
function memorySource(data: Uint8Array) {
  const reads: [number, number][] = [];
  const source: Y4mSource = {
    size: data.length,
    read: async (offset, length) => {
      expect(length).toBeGreaterThanOrEqual(1);
      expect(offset + length).toBeLessThanOrEqual(data.length);
      reads.push([offset, length]);
      return data.slice(offset, offset + length);
    },
  };
  return { source, reads };
}

async function collectAt(data: Uint8Array, skip = 0, more: { count?: number; minReadBytes?: number } = {}) {
  const { source, reads } = memorySource(data);
  const frames = [];
  for await (const f of y4mFramesAt(source, { skip, ...more })) frames.push(f);
  return { frames, reads };
}

/** A small 4:2:0 clip (W6 H4: 24 + 2·6 = 36 payload bytes) whose frame k holds bytes k·37 + i, with the given FRAME lines. */
function synthetic(frameLines: string[]): Uint8Array {
  const parts = [enc('YUV4MPEG2 W6 H4 F25:1 Ip C420jpeg XYSCSS=420JPEG\n')];
  frameLines.forEach((line, k) => {
    parts.push(enc(line + '\n'));
    parts.push(Uint8Array.from({ length: 36 }, (_, i) => (k * 37 + i) & 255));
  });
  return concat(parts);
}
const planes = (f: { y: Uint8Array; u: Uint8Array; v: Uint8Array }) => [...f.y, ...f.u, ...f.v];

describe('y4m parser', () => {
  it('parses the tiny 320x240 clip: header fields and 5 frames of 115200 bytes', async () => {
    let header;
    const frames = [];
    for await (const f of y4mFrames([bytes], (h) => {
      header = h;
    }))
      frames.push(f);
    expect(header).toMatchObject({
      width: 320,
      height: 240,
      fpsNum: 10,
      fpsDen: 1,
      aspectNum: 0,
      aspectDen: 0,
      interlace: 'p',
      colorspace: '420jpeg',
      mono: false,
    });
    expect(frames.length).toBe(5);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(frames[0]!.chromaWidth).toBe(160);
    expect(frames[0]!.y.length + frames[0]!.u.length + frames[0]!.v.length).toBe(115200);
    // The header is 72 bytes + "FRAME\n": first luma byte and last V byte of frame 4 come straight from the file.
    const hdr = bytes.indexOf(10) + 1;
    expect(frames[0]!.y[0]).toBe(bytes[hdr + 6]);
    expect(frames[4]!.v[frames[4]!.v.length - 1]).toBe(bytes[bytes.length - 1]);
  });

  it('gives identical frames for any chunking (1, 7, 4096-byte and random chunks)', async () => {
    const whole = await collect([bytes]);
    for (const size of [1, 7, 4096, 65521]) {
      const chunks: Uint8Array[] = [];
      for (let o = 0; o < bytes.length; o += size) chunks.push(bytes.subarray(o, o + size));
      const got = size === 1 ? await collect(chunks.slice(0, 200).concat([bytes.subarray(200)])) : await collect(chunks);
      expect(got.length).toBe(5);
      got.forEach((f, i) => {
        expect(f.y).toEqual(whole[i]!.y);
        expect(f.v).toEqual(whole[i]!.v);
      });
    }
  });

  it('accepts C420, C420paldv, C420mpeg2, missing C (420jpeg) and Cmono (chroma 128)', async () => {
    for (const c of [' C420', ' C420paldv', ' C420mpeg2', '']) {
      const f = await collect([enc(`YUV4MPEG2 W4 H2 F25:1${c}\nFRAME\n`), new Uint8Array(8 + 2 + 2).fill(7)]);
      expect(f.length).toBe(1);
      expect(f[0]!.u.length).toBe(2);
    }
    const mono = await collect([enc('YUV4MPEG2 W3 H3 Cmono\nFRAME\n'), new Uint8Array(9).fill(50), enc('FRAME\n'), new Uint8Array(9).fill(60)]);
    expect(mono.length).toBe(2);
    expect(Array.from(mono[1]!.y)).toEqual(new Array(9).fill(60));
    expect(Array.from(mono[0]!.u)).toEqual([128, 128, 128, 128]);
    expect(mono[0]!.chromaWidth).toBe(2);
  });

  it('rejects 10-bit, 4:2:2, 4:4:4 naming the colour space', () => {
    for (const c of ['420p10', '422', '444', '444alpha']) {
      expect(() => parseY4mHeader(`YUV4MPEG2 W4 H4 C${c}`)).toThrow(new RegExp(`C${c} is not supported`));
    }
    expect(() => parseY4mHeader('YUV4MPEG2 H4 C420')).toThrow(Y4mError);
    expect(() => new Y4mParser().push(enc('RIFF....WAVEfmt junk junk\n'))).toThrow(/not a y4m stream/);
  });

  it('refuses absurd frame sizes in the header before allocating anything (issue 13, item 6)', () => {
    for (const h of ['W99999 H99999', 'W2147483647 H2', 'W2 H4294967297', 'W16385 H16', 'W16384 H16384', 'W9999999999 H1']) {
      expect(() => parseY4mHeader(`YUV4MPEG2 ${h} C420`), h).toThrow(/is beyond what Preflight accepts \(at most 16384 per side and 67108864 pixels/);
      expect(() => new Y4mParser().push(enc(`YUV4MPEG2 ${h} C420\nFRAME\n`)), h).toThrow(Y4mError);
    }
    for (const h of ['W1e3 H2', 'W0x10 H2', 'W-4 H2', 'W4.5 H2', 'W H2', 'W99999999999 H2']) {
      expect(() => parseY4mHeader(`YUV4MPEG2 ${h} C420`), h).toThrow(/bad frame size W/);
    }
    expect(() => parseY4mHeader('YUV4MPEG2 W4 H4 F99999999999:1')).toThrow(/bad F value/);
    expect(parseY4mHeader(`YUV4MPEG2 W${Y4M_MAX_SIDE} H4096 C420`).width).toBe(16384);
  });

  it('names the frame index of a truncated frame', async () => {
    const cut = bytes.subarray(0, bytes.length - 1000);
    await expect(collect([cut])).rejects.toThrow(/frame 4 is truncated: 114200 of 115200 bytes/);
    const p = new Y4mParser();
    p.push(concat([enc('YUV4MPEG2 W4 H2\nFRAME\n'), new Uint8Array(12), enc('FRA')]));
    expect(() => p.end()).toThrow(/frame 1 is truncated inside its FRAME line/);
    expect(() => new Y4mParser().end()).toThrow(/empty stream/);
  });

  it('rejects a payload of the wrong size at the next FRAME line', () => {
    const p = new Y4mParser();
    expect(() => p.push(concat([enc('YUV4MPEG2 W4 H2\nFRAME\n'), new Uint8Array(13), enc('FRAME\n')]))).toThrow(/frame 1: expected a FRAME line/);
  });

  it('hands out a frame that lies whole in one chunk as a view into it, and copies a split one', () => {
    const data = synthetic(['FRAME', 'FRAME']);
    const p = new Y4mParser();
    const cut = data.length - 10; // frame 0 whole in the first chunk, frame 1 split
    const a = data.slice(0, cut);
    const b = data.slice(cut);
    const first = p.push(a);
    const second = p.push(b);
    p.end();
    expect(first.length).toBe(1);
    expect(first[0]!.y.buffer).toBe(a.buffer);
    expect(first[0]!.v.buffer).toBe(a.buffer);
    expect(second.length).toBe(1);
    expect(second[0]!.y.buffer).not.toBe(a.buffer);
    expect(second[0]!.y.buffer).not.toBe(b.buffer);
    expect(planes(first[0]!)).toEqual(Array.from({ length: 36 }, (_, i) => i));
    expect(planes(second[0]!)).toEqual(Array.from({ length: 36 }, (_, i) => 37 + i));
  });

  it('gives the same frames for a split into two or three chunks at every position (FRAME lines with parameters)', async () => {
    const data = synthetic(['FRAME', 'FRAME Ip XKEY=1', 'FRAME']);
    const want = (await collect([data])).map(planes);
    expect(want.length).toBe(3);
    expect(want[1]).toEqual(Array.from({ length: 36 }, (_, i) => 37 + i));
    for (let i = 1; i < data.length; i++) {
      expect((await collect([data.slice(0, i), data.slice(i)])).map(planes), `split at ${i}`).toEqual(want);
      const j = Math.min(data.length - 1, i + 1 + (i % 41));
      if (j > i) expect((await collect([data.slice(0, i), data.slice(i, j), data.slice(j)])).map(planes), `split at ${i}, ${j}`).toEqual(want);
    }
  });

  it('y4mFramesAt reads the header line, then one read per frame, each frame a view into its read', async () => {
    const { frames, reads } = await collectAt(bytes);
    const whole = await collect([bytes]);
    expect(frames.map(planes)).toEqual(whole.map(planes));
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    const hdr = bytes.indexOf(10) + 1;
    expect(reads[1]).toEqual([hdr, 6 + 115200]);
    expect(reads.length).toBe(1 + 5);
    // One fresh buffer per frame: no frame shares its memory with another.
    expect(new Set(frames.map((f) => f.y.buffer)).size).toBe(5);
  });

  it('y4mFramesAt handles FRAME lines with parameters of varying length, reading and skipping (the read size follows the last line)', async () => {
    const lines = ['FRAME', 'FRAME Ip', 'FRAME Ip', 'FRAME', 'FRAME XA=1 XB=22', 'FRAME'];
    const data = synthetic(lines);
    const { frames } = await collectAt(data);
    expect(frames.map(planes)).toEqual((await collect([data])).map(planes));
    expect(frames.length).toBe(6);
    for (const skip of [1, 2, 4, 5, 6]) {
      const s = await collectAt(data, skip);
      expect(s.frames.map((f) => f.index)).toEqual(frames.slice(skip).map((f) => f.index));
      expect(s.frames.map(planes)).toEqual(frames.slice(skip).map(planes));
    }
  });

  it('y4mFramesAt skips the first frames without reading their payloads', async () => {
    const { frames, reads } = await collectAt(bytes, 3);
    expect(frames.map((f) => f.index)).toEqual([3, 4]);
    const whole = await collect([bytes]);
    expect(frames.map(planes)).toEqual(whole.slice(3).map(planes));
    const read = reads.reduce((s, [, n]) => s + n, 0);
    expect(read).toBeLessThan(bytes.length - 3 * 115200 + 4096 + 1);
  });

  it('y4mFramesAt: a truncated last frame gives the same error as the stream parser, also when it is skipped', async () => {
    const cut = bytes.subarray(0, bytes.length - 1000);
    await expect(collectAt(cut)).rejects.toThrow(/^y4m: frame 4 is truncated: 114200 of 115200 bytes$/);
    await expect(collectAt(cut, 5)).rejects.toThrow(/^y4m: frame 4 is truncated: 114200 of 115200 bytes$/);
    await expect(collectAt(bytes.subarray(0, bytes.length - 115200 - 3))).rejects.toThrow(/frame 4 is truncated inside its FRAME line/);
    await expect(collectAt(new Uint8Array(0))).rejects.toThrow(/empty stream/);
    await expect(collectAt(enc('YUV4MPEG2 W4 H2'))).rejects.toThrow(/stream header line is truncated/);
    await expect(collectAt(new Uint8Array(5000).fill(65))).rejects.toThrow(/not a y4m stream/);
    const frameless = await collectAt(enc('YUV4MPEG2 W4 H2\n'));
    expect(frameless.frames.length).toBe(0);
  });

  it('y4mFramesAt with minReadBytes: the first wanted frame alone, then reads of several whole frames sharing a buffer', async () => {
    const whole = (await collect([bytes])).map(planes);
    const stride = 6 + 115200;
    const { frames, reads } = await collectAt(bytes, 0, { minReadBytes: 2 * stride + 100 });
    expect(frames.map(planes)).toEqual(whole);
    const hdr = bytes.indexOf(10) + 1;
    expect(reads.slice(1)).toEqual([
      [hdr, stride],
      [hdr + stride, 2 * stride],
      [hdr + 3 * stride, 2 * stride],
    ]);
    expect(frames[1]!.y.buffer).toBe(frames[2]!.y.buffer);
    expect(frames[3]!.y.buffer).toBe(frames[4]!.y.buffer);
    expect(frames[3]!.y.buffer).not.toBe(frames[2]!.y.buffer);
    // FRAME lines of varying length: whatever the read sizes, the same frames (some copied), skipping or not.
    const data = synthetic(['FRAME', 'FRAME Ip', 'FRAME Ip', 'FRAME', 'FRAME XA=1 XB=22', 'FRAME', 'FRAME']);
    const want = (await collect([data])).map(planes);
    for (const minReadBytes of [1, 40, 43, 90, 130, 1000])
      for (const skip of [0, 1, 3]) {
        const got = await collectAt(data, skip, { minReadBytes });
        expect(got.frames.map(planes), `minReadBytes ${minReadBytes}, skip ${skip}`).toEqual(want.slice(skip));
      }
  });

  it('y4mFramesAt with count: reads nothing beyond the wanted frames, so a damaged tail does not matter', async () => {
    const cut = bytes.subarray(0, bytes.length - 1000);
    const { frames, reads } = await collectAt(cut, 1, { count: 2, minReadBytes: 1 << 20 });
    expect(frames.map((f) => f.index)).toEqual([1, 2]);
    const end = Math.max(...reads.map(([o, n]) => o + n));
    expect(end).toBe(bytes.indexOf(10) + 1 + 3 * (6 + 115200));
    await expect(collectAt(cut, 1, { count: 4 })).rejects.toThrow(/frame 4 is truncated/);
  });
});
