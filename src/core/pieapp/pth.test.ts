/**
 * The .pth reader on files written by scripts/fixtures/make-pth.py (python3 standard library, no torch) into a
 * temporary folder: zip layout with any folder name, protocols 2 and 4, the legacy stream layout, a wrapping dict,
 * a non-contiguous tensor, a storage offset and a float16 storage; then damaged files, and one full-size PieAPP
 * state dict (≈ 273 MB, generated once, deleted afterwards) through parsing and validation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPieappPth, readTorchTensors, halfToFloat, PIEAPP_MAX_UNZIPPED_BYTES } from './pth.ts';
import { zipSync } from 'fflate';
import { PARAMETER_COUNT } from './spec.ts';

const SCRIPT = resolve(__dirname, '../../../scripts/fixtures/make-pth.py');
const dir = mkdtempSync(join(tmpdir(), 'pieapp-pth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function make(name: string, ...args: string[]): { bytes: Uint8Array; expected: Record<string, any> } {
  const out = join(dir, name);
  execFileSync('python3', [SCRIPT, ...args.slice(0, 1), out, ...args.slice(1)]);
  return { bytes: new Uint8Array(readFileSync(out)), expected: JSON.parse(readFileSync(out + '.expected.json', 'utf8')) };
}

describe('readTorchTensors on small fixtures', () => {
  const cases: [string, string[]][] = [
    ['zip, folder my_weights, protocol 2', ['small', '--folder', 'my_weights']],
    ['zip, protocol 4 (FRAME, MEMOIZE, SHORT_BINUNICODE)', ['small', '--protocol', '4']],
    ['zip, wrapped in {state_dict: …}', ['small', '--wrap', '--folder', 'x']],
    ['legacy stream layout, wrapped', ['small', '--layout', 'legacy', '--wrap']],
  ];
  cases.forEach(([label, args], i) => {
    it(`${label}: names, shapes, strided and offset values exactly`, () => {
      const { bytes, expected } = make(`small${i}.pth`, ...args);
      const tensors = readTorchTensors(bytes);
      expect([...tensors.keys()]).toEqual(Object.keys(expected));
      for (const [name, e] of Object.entries(expected)) {
        const t = tensors.get(name)!;
        expect(t.shape, name).toEqual(e.shape);
        expect(Array.from(t.data), name).toEqual(e.values);
      }
      // b.weight is the transpose view (stride [1, 2]) of storage 0: copied into row-major order.
      expect(Array.from(tensors.get('b.weight')!.data)).toEqual([0.5, 2.5, 4.5, 1.5, 3.5, 5.5]);
      expect(Array.from(tensors.get('c.bias')!.data)).toEqual([7.5, 8.5, 9.5]);
    });
  });

  it('a small state dict is not PieAPP: the first missing tensor is named', () => {
    const { bytes } = make('notpieapp.pth', 'small');
    expect(() => loadPieappPth(bytes)).toThrow(
      /not PieAPP weights: tensor conv1\.weight \[64, 3, 3, 3\] is missing \(the file has 5 tensors, e\.g\. a\.weight/,
    );
  });

  it('damaged files get clear messages', () => {
    const { bytes } = make('cut.pth', 'small');
    expect(() => readTorchTensors(bytes.subarray(0, bytes.length - 30))).toThrow(/zip archive is truncated.*download is incomplete/);
    const legacy = make('cutlegacy.pth', 'small', '--layout', 'legacy').bytes;
    expect(() => readTorchTensors(legacy.subarray(0, legacy.length - 10))).toThrow(/truncated/);
    expect(() => readTorchTensors(legacy.subarray(0, 200))).toThrow(/truncated/);
    expect(() => readTorchTensors(new TextEncoder().encode('<html>404 Not Found</html>'))).toThrow(/not a PyTorch file/);
    expect(() => readTorchTensors(new Uint8Array(0))).toThrow(/empty/);
  });

  it('float16 bits decode exactly', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
  });
});

describe('full-size PieAPP state dict', () => {
  it('parses and validates (68,376,580 values) with the probe values of the generator', () => {
    const { bytes, expected } = make('PieAPPv0.1.pth', 'pieapp', '--seed', '11', '--folder', 'PieAPPv0.1');
    const t0 = performance.now();
    const weights = loadPieappPth(bytes);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`parsed ${(bytes.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
    expect(weights.size).toBe(32);
    let total = 0;
    for (const [name, e] of Object.entries(expected)) {
      const t = weights.get(name)!;
      expect(t.shape, name).toEqual(e.shape);
      total += t.data.length;
      for (const [index, value] of Object.entries(e.probes as Record<string, number>)) expect(t.data[Number(index)], `${name}[${index}]`).toBe(value);
    }
    expect(total).toBe(PARAMETER_COUNT);
    // A download cut in the middle of fc1_score.
    expect(() => loadPieappPth(bytes.subarray(0, 150_000_000))).toThrow(/truncated/);
  });
});

describe('zip bombs are refused from the declared sizes, before inflating (issue 13 item 8)', () => {
  /** A zip whose central directory (and local header) declares `declared` bytes for data/0; the real content is tiny. */
  function lyingZip(declared: number): Uint8Array {
    const zip = zipSync({ 'archive/data.pkl': new Uint8Array([0x80, 2, 0x7d, 0x2e]), 'archive/data/0': new Uint8Array(4096) }, { level: 9 });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true);
      const nameAt = sig === 0x02014b50 ? i + 46 : sig === 0x04034b50 ? i + 30 : -1;
      if (nameAt < 0) continue;
      const nameLen = view.getUint16(sig === 0x02014b50 ? i + 28 : i + 26, true);
      if (new TextDecoder().decode(zip.subarray(nameAt, nameAt + nameLen)) === 'archive/data/0')
        view.setUint32(sig === 0x02014b50 ? i + 24 : i + 22, declared, true);
    }
    return zip;
  }
  it('a 2.2 GB declared entry is refused by loadPieappPth with the sizes named', () => {
    expect(PIEAPP_MAX_UNZIPPED_BYTES).toBeLessThan(700 * 1048576);
    expect(() => loadPieappPth(lyingZip(2.2e9))).toThrow(
      /the zip archive declares 2098 MiB or more of content \(at entry archive\/data\/0\); these weights need at most \d+ MiB, so it was not unpacked/,
    );
  });
  it('readTorchTensors takes the bound as an option', () => {
    expect(() => readTorchTensors(lyingZip(10_000), { maxUncompressedBytes: 5000 })).toThrow(/declares 10\d\d\d bytes or more .*at most 5000 bytes/);
  });
});
