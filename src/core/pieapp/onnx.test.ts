/**
 * The ONNX writer's framing (the model itself is run on onnxruntime-web in src/ml/pieapp-runner.test.ts).
 * Checked here without allocating 273 MB: invalid weights are refused before any encoding.
 */
import { describe, expect, it } from 'vitest';
import { buildPieappOnnx } from './onnx.ts';
import { TENSOR_SPECS, elementCount } from './spec.ts';

describe('buildPieappOnnx', () => {
  it('refuses weights that are not PieAPP, naming the tensor', () => {
    expect(() => buildPieappOnnx(new Map())).toThrow(/tensor conv1\.weight \[64, 3, 3, 3\] is missing/);
  });

  it('writes ir_version 8, opset 17, a graph with inputs ref/dist and outputs score/weight', () => {
    // Every tensor a view of one zero buffer: the encoder only references them (raw_data chunks are not copied until the end).
    const shared = new Float32Array(512 * 120_832);
    const weights = new Map(TENSOR_SPECS.map((t) => [t.name, { shape: [...t.shape], data: shared.subarray(0, elementCount(t.shape)) }]));
    const bytes = buildPieappOnnx(weights);
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0x08, 0x08]); // field 1 (ir_version), varint 8
    // Total: all parameters as raw float32 plus a small amount of framing.
    expect(bytes.length).toBeGreaterThan(68_376_580 * 4);
    expect(bytes.length).toBeLessThan(68_376_580 * 4 + 20_000);
    const tail = new TextDecoder('latin1').decode(bytes.subarray(bytes.length - 300));
    for (const name of ['ref', 'dist', 'score', 'weight']) expect(tail).toContain(name);
    // opset_import { domain: "", version: 17 } is the last field: tag 0x42, length 4, 0x0a 0x00 0x10 0x11.
    expect(Array.from(bytes.subarray(bytes.length - 6))).toEqual([0x42, 0x04, 0x0a, 0x00, 0x10, 0x11]);
  });
});
