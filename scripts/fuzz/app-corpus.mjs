/**
 * The app's fuzz corpus (issue 13): hostile and edge-case inputs for every page that reads a user file, generated
 * here (nothing large is stored), each with the one-line message the page must show, or, for the inputs that are
 * valid, the result it must reach. e2e/hardening-fuzz.spec.ts feeds every case through the page's file input and
 * checks the message and that history is unchanged (or grew by exactly one for a valid input).
 *
 * `node scripts/fuzz/app-corpus.mjs` prints the cases (id, page, sizes, expectation) without running them.
 * A case: { id, route, files: [{ name, mimeType, buffer }], expect: { error: string } | { ok: string } }; `ok` names
 * a selector that appears when the result is shown.
 */
import { deflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const text = (name, body, mimeType = 'text/plain') => ({ name, mimeType, buffer: Buffer.from(body) });
const json = (name, value) => text(name, typeof value === 'string' ? value : JSON.stringify(value), 'application/json');

/** A CSV of `v` validators × `m` miners (stake, then weights), values from a small deterministic generator. */
export function yumaCsv(v, m) {
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['stake,' + Array.from({ length: m }, (_, j) => `m${j + 1}`).join(',')];
  for (let i = 0; i < v; i++) lines.push([(1 + next() * 1000).toFixed(3), ...Array.from({ length: m }, () => next().toFixed(6))].join(','));
  return lines.join('\n') + '\n';
}

/** BLY operations: allocations every hour with a refresh every 5th. */
export function blyOps(n) {
  return Array.from({ length: n }, (_, i) =>
    i % 5 === 4
      ? { op: 'refresh', hour: i }
      : { op: 'allocate', bucket: ['inference', 'learning', 'validation', 'dataset'][i % 4], amountBly: 500 + (i % 7) * 100, hour: i },
  );
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const t = Buffer.concat([Buffer.from(type), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc32(t));
  return Buffer.concat([len, t, c]);
}
/** A complete 8-bit grey PNG, every pixel `value` (a 16000 × 16000 one deflates to about 250 KB). */
export function greyPng(w, h, value = 0) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  const row = Buffer.alloc(w + 1, value);
  row[0] = 0;
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) row.copy(raw, y * (w + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const run = (id, extra = {}) => ({
  id,
  createdAt: Date.UTC(2026, 10, 1),
  profileId: 'default',
  mechanism: 'vidaio',
  task: 'compression',
  packId: 'vidaio-subnet@fea3779',
  engine: 'manual',
  inputs: [{ role: 'output', name: 'out.mp4', sizeBytes: 10, sha256: null }],
  metrics: { vmaf: 91 },
  scores: { score: 0.5 },
  reasons: [],
  ...extra,
});
const history = (runs, extra = {}) => ({ format: 'preflight-history', version: 1, exportedAt: 0, profiles: [], runs, ...extra });

export function appCorpus() {
  const cases = [];
  const add = (route, id, files, expect) => cases.push({ route, id, files: Array.isArray(files) ? files : [files], expect });

  // Yuma: stake/weights CSV or JSON.
  add('/yuma', 'yuma 1000×1000 CSV (7 MB)', text('big.csv', yumaCsv(1000, 1000)), {
    error: 'big.csv: too large: 1000 validators × 1000 miners is 2000 UIDs; at most 1024',
  });
  add('/yuma', 'yuma 256×256 CSV (realistic)', text('net.csv', yumaCsv(256, 256)), { ok: '[data-testid="rows-cut"]' });
  add('/yuma', 'yuma stake 1e308 twice', text('s.csv', 'stake,m1,m2\n1e308,0.5,0.5\n1e308,0.2,0.8\n'), {
    error: 's.csv: row 2: stake 1e+308 makes the total stake overflow to Infinity',
  });
  add('/yuma', 'yuma weights summing to Infinity', text('w.csv', '1,1e308,1e308\n1,1,1\n'), { error: 'w.csv: row 1: the weights sum to Infinity' });
  add('/yuma', 'yuma stake 1e999 (Infinity)', text('i.csv', '1e999,1\n1,1\n'), { error: 'i.csv: row 1: stake Infinity is not a finite number' });
  add('/yuma', 'yuma empty file', text('empty.csv', ''), { error: 'empty.csv: no data rows in the CSV text' });
  add('/yuma', 'yuma header only', text('h.csv', 'stake,m1\n'), { error: 'h.csv: no data rows in the CSV text' });
  add('/yuma', 'yuma NaN cell', text('n.csv', '1,NaN\n'), { error: 'n.csv: row 1, cell 2: weight "NaN" is not a number' });
  add('/yuma', 'yuma formula cell', text('f.csv', '1,=1+1\n'), { error: 'f.csv: row 1, cell 2: weight "=1+1" is not a number' });
  add('/yuma', 'yuma negative weight', text('neg.csv', '1,0.5,-0.5\n'), { error: 'neg.csv: row 1, weight 2: negative weight -0.5' });
  add('/yuma', 'yuma ragged JSON', json('r.json', { stake: [1, 2], weights: [[1, 2], [1]] }), {
    error: 'r.json: row 2: ragged row, 1 weights where row 1 has 2',
  });
  add('/yuma', 'yuma JSON size mismatch', json('m.json', { stake: [1, 2], weights: [[1]] }), {
    error: 'm.json: size mismatch: 2 stake values but 1 weight rows',
  });
  add('/yuma', 'yuma JSON array', json('a.json', '[1,2]'), { error: 'a.json: expected an object {"stake": [...], "weights": [[...], ...]}' });
  add('/yuma', 'yuma broken JSON', json('b.json', '{"stake": [1'), { error: 'b.json: not valid JSON' });
  add('/yuma', 'yuma JSON string stake', json('t.json', { stake: ['1'], weights: [[1]] }), { error: 't.json: stake 1: "1" is not a number' });
  add('/yuma', 'yuma JSON __proto__ smuggling', json('p.json', '{"__proto__": {"stake": [1], "weights": [[1]]}}'), {
    error: 'p.json: "stake" must be an array of numbers',
  });
  add('/yuma', 'yuma JSON 600 + 600 UIDs', json('u.json', { stake: new Array(600).fill(1), weights: [new Array(600).fill(0)] }), {
    error: 'u.json: too large: 600 validators × 600 miners is 1200 UIDs',
  });
  add('/yuma', 'yuma zero miners', text('z.csv', '1\n2\n'), { error: 'z.csv: row 1: no weights (expected at least one miner column)' });

  // BLY: scenario JSON.
  add('/bly', 'bly 30k operations', json('30k.json', { operations: blyOps(30_000) }), {
    error: '30k.json: too many operations: 30000; at most 10000 are replayed',
  });
  add('/bly', 'bly 100k operations', json('100k.json', { operations: blyOps(100_000) }), {
    error: '100k.json: too large: 5.7 MiB; a scenario may have at most 4 MiB',
  });
  add('/bly', 'bly 10k operations (the limit)', json('10k.json', { operations: blyOps(10_000) }), { ok: '[data-testid="steps-cut"]' });
  add('/bly', 'bly not JSON', json('x.json', 'operations: []'), { error: 'x.json: not valid JSON' });
  add('/bly', 'bly array', json('arr.json', '[]'), { error: 'arr.json: expected an object {dailyBudgetBly' });
  add('/bly', 'bly operations not an array', json('o.json', { operations: 5 }), {
    error: 'o.json: "operations" must be an array of {op, bucket, amountBly, hour}',
  });
  add('/bly', 'bly unknown bucket', json('bk.json', { operations: [blyOps(1)[0], { op: 'allocate', bucket: 'gpu', amountBly: 1, hour: 2 }] }), {
    error: 'bk.json: scenario: operation 2 (row 2), bucket: expected one of',
  });
  add('/bly', 'bly negative hour', json('nh.json', { operations: [{ op: 'refresh', hour: -1 }] }), { error: 'nh.json: scenario: operation 1 (row 1), hour:' });
  add('/bly', 'bly fractional hour', json('fh.json', { operations: [{ op: 'refresh', hour: 1.5 }] }), {
    error: 'fh.json: scenario: operation 1 (row 1), hour:',
  });
  add('/bly', 'bly amount as text', json('am.json', { operations: [{ op: 'allocate', bucket: 'learning', amountBly: '5', hour: 1 }] }), {
    error: 'am.json: scenario: operation 1 (row 1), amountBly:',
  });
  add('/bly', 'bly unknown op', json('op.json', { operations: [{ op: 'steal', hour: 1 }] }), { error: 'op.json: scenario: operation 1 (row 1)' });

  // BitMind segmenter: mask pairs.
  const big = greyPng(16000, 16000);
  add(
    '/bitmind/segmenter',
    'segmenter 16000×16000 PNG pair',
    [
      { name: 'x.pred.png', mimeType: 'image/png', buffer: big },
      { name: 'x.gt.png', mimeType: 'image/png', buffer: big },
    ],
    { error: 'x.pred.png: the image is 16000 × 16000 pixels; masks of at most 16,777,216 pixels (4096 × 4096) are read, so it was not decoded' },
  );
  add('/bitmind/segmenter', 'segmenter text named .png', [text('t.pred.png', 'hello'), { name: 't.gt.png', mimeType: 'image/png', buffer: greyPng(4, 4) }], {
    error: 't.pred.png: not a PNG image (it does not start with the PNG signature)',
  });
  add(
    '/bitmind/segmenter',
    'segmenter pair of different sizes',
    [
      { name: 'd.pred.png', mimeType: 'image/png', buffer: greyPng(8, 8) },
      { name: 'd.gt.png', mimeType: 'image/png', buffer: greyPng(4, 4) },
    ],
    { error: 'd.pred.png is 8×8 but d.gt.png is 4×4' },
  );
  add('/bitmind/segmenter', 'segmenter unpaired file', [{ name: 'lonely.pred.png', mimeType: 'image/png', buffer: greyPng(4, 4) }], {
    error: 'could not be paired',
  });
  add(
    '/bitmind/segmenter',
    'segmenter 8×8 pair (valid)',
    [
      { name: 'ok.pred.png', mimeType: 'image/png', buffer: greyPng(8, 8, 255) },
      { name: 'ok.gt.png', mimeType: 'image/png', buffer: greyPng(8, 8, 255) },
    ],
    { ok: '[data-key="reward"]' },
  );

  // History import.
  add('/history', 'history createdAt 1e300', json('d.json', history([run('a', { createdAt: 1e300 })])), {
    error: 'runs[0].createdAt: 1e+300 ms is outside the dates a browser can represent',
  });
  add('/history', 'history createdAt NaN-like string', json('s.json', history([run('a', { createdAt: '2026' })])), {
    error: 'runs[0].createdAt: expected a time in milliseconds',
  });
  add('/history', 'history not JSON', json('n.json', 'preflight'), { error: 'not a Preflight history file: the JSON does not parse' });
  add('/history', 'history nested 3000 deep', json('deep.json', '['.repeat(3000) + ']'.repeat(3000)), {
    error: 'not a Preflight history file (expected "format": "preflight-history")',
  });
  add('/history', 'history other format', json('o.json', { format: 'csv' }), { error: 'file: not a Preflight history file' });
  add('/history', 'history version 9', json('v.json', history([], { version: 9 })), { error: 'file.version: unsupported version 9' });
  add('/history', 'history bad sha256', json('h.json', history([run('a', { inputs: [{ role: 'x', name: 'y', sizeBytes: 1, sha256: 'zz' }] })])), {
    error: 'runs[0].inputs[0].sha256: expected 64 hex digits or null',
  });
  add('/history', 'history duplicate ids', json('dup.json', history([run('a'), run('a')])), { error: 'runs (id a): duplicate run id' });
  add('/history', 'history metric as text', json('m.json', history([run('a', { metrics: { vmaf: '91' } })])), {
    error: 'runs[0].metrics.vmaf: expected a number',
  });
  add('/history', 'history unknown mechanism', json('mc.json', history([run('a', { mechanism: '__proto__' })])), {
    error: 'runs[0].mechanism: expected one of vidaio, bitmind, yuma, zap, bly',
  });
  add(
    '/history',
    'history formula payloads (valid, stored as text)',
    json('evil.json', history([run('evil-1', { engine: '=HYPERLINK("http://x","y")', reasons: ['@SUM(A1)'] })])),
    { ok: 'tr[data-run="evil-1"]' },
  );
  return cases;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const c of appCorpus())
    console.log(
      `${c.route.padEnd(20)} ${c.id.padEnd(48)} ${String(c.files.reduce((n, f) => n + f.buffer.length, 0)).padStart(9)} B  ${'error' in c.expect ? `error: ${c.expect.error}` : `ok: ${c.expect.ok}`}`,
    );
}
