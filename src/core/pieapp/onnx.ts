/**
 * Builds an ONNX model (ir_version 8, opset 17) of PieAPP from `PieappWeights`, with a small hand-written protobuf
 * writer covering only the messages needed (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto with
 * raw_data, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto; field numbers from onnx/onnx.proto).
 *
 * Graph design: inputs `ref` and `dist` are [N, 3, 64, 64] float32 patches in the network's input space (BGR,
 * 0..255); outputs are `score` [N] and `weight` [N], so batching, subsets (quick estimates) and the weighted
 * average happen in TypeScript. The conv initializers exist once and feed two node chains, one for `ref` and one
 * for `dist` (a batch Concat/Split would launch each conv once for both, but onnxruntime-web's WebGPU Split
 * mis-shapes its outputs for a dynamic batch, so the graph avoids it). Each chain flattens and concatenates its five
 * taps to [N, 120832]; the score head runs on F(ref) − F(dist), the weight head on flatten(x11_ref) − flatten(x11_dist)
 * (the last 2,048 columns of the same difference), so each reference patch is extracted once per run and shared
 * by both heads. `ref_score_subtract` (Linear 1→1, weight shape [1]) becomes Mul + Add.
 */
import { CONV_LAYERS, SCORE_SCALE, WEIGHT_EPSILON, PATCH_SIZE } from './spec.ts';
import { validatePieappWeights, type PieappWeights } from './weights.ts';

// ---------------------------------------------------------------------------------------------------------------
// Protobuf writer: a message is a list of byte chunks plus its length, so large raw_data is never copied until the
// single final concatenation.

export class Msg {
  readonly parts: Uint8Array[] = [];
  length = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }

  private static varintBytes(value: number | bigint): Uint8Array {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    return Uint8Array.from(out);
  }

  private tag(field: number, wireType: number): void {
    this.push(Msg.varintBytes((field << 3) | wireType));
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.push(Msg.varintBytes(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.push(Msg.varintBytes(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, child: Msg): this {
    this.tag(field, 2);
    this.push(Msg.varintBytes(child.length));
    for (const p of child.parts) this.push(p);
    return this;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

// onnx.proto enums
const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export type Attr = { name: string; int: number } | { name: string; ints: number[] } | { name: string; float: number };

function attribute(a: Attr): Msg {
  const m = new Msg().string(1, a.name);
  if ('int' in a) m.int(20, ATTR_INT).int(3, a.int);
  else if ('ints' in a) {
    m.int(20, ATTR_INTS);
    for (const v of a.ints) m.int(8, v);
  } else m.int(20, ATTR_FLOAT).float(2, a.float);
  return m;
}

export function node(opType: string, inputs: string[], outputs: string[], name: string, attrs: Attr[] = []): Msg {
  const m = new Msg();
  for (const i of inputs) m.string(1, i);
  for (const o of outputs) m.string(2, o);
  m.string(3, name).string(4, opType);
  for (const a of attrs) m.message(5, attribute(a));
  return m;
}

export function floatTensor(name: string, dims: readonly number[], data: Float32Array): Msg {
  const m = new Msg();
  for (const d of dims) m.int(1, d);
  m.int(2, FLOAT).string(8, name);
  // raw_data is little-endian; typed arrays are in host order, which is little-endian on every target we run on.
  return m.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

export function int64Tensor(name: string, values: readonly number[]): Msg {
  const raw = new BigInt64Array(values.map((v) => BigInt(v)));
  return new Msg().int(1, values.length).int(2, INT64).string(8, name).bytes(9, new Uint8Array(raw.buffer));
}

/** ValueInfo of a float tensor; a string dimension is symbolic (dim_param). */
export function valueInfo(name: string, dims: (number | string)[]): Msg {
  const shape = new Msg();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Msg().int(1, d) : new Msg().string(2, d));
  const tensorType = new Msg().int(1, FLOAT).message(2, shape);
  return new Msg().string(1, name).message(2, new Msg().message(1, tensorType));
}

/** Options of the ONNX export. */
export interface PieappOnnxOptions {
  /** Producer name written in the model (default `preflight`). */
  producer?: string;
}

/**
 * Serialises PieAPP as an ONNX ModelProto (bytes). Inputs `ref`, `dist`: [N, 3, 64, 64] float32, BGR 0..255.
 * Outputs `score`, `weight`: [N] float32 per patch. The weights are validated first; the result is about 273 MB
 * for the real network.
 */
export function buildPieappOnnx(weightsIn: PieappWeights, options: PieappOnnxOptions = {}): Uint8Array {
  const weights = validatePieappWeights(weightsIn);
  const graph = new Msg();
  const nodes: Msg[] = [];
  const inits: Msg[] = [];
  const w = (name: string) => {
    const t = weights.get(name)!;
    inits.push(floatTensor(name, t.shape, t.data));
    return name;
  };

  // The shared feature extractor is applied to `ref` and to `dist` as two node chains over the same initializers
  // (no batch Concat/Split: onnxruntime-web's WebGPU Split mis-shapes its outputs for a dynamic batch).
  const extract = (input: string, tag: string) => {
    let x = input;
    const taps: string[] = [];
    for (const l of CONV_LAYERS) {
      const conv = `${tag}_${l.name}_out`;
      nodes.push(
        node('Conv', [x, `${l.name}.weight`, `${l.name}.bias`], [conv], `${tag}_${l.name}`, [
          { name: 'kernel_shape', ints: [3, 3] },
          { name: 'pads', ints: [1, 1, 1, 1] },
          { name: 'strides', ints: [1, 1] },
        ]),
      );
      const relu = `${tag}_${l.name}_relu`;
      nodes.push(node('Relu', [conv], [relu], relu));
      x = relu;
      if (l.poolAfter) {
        const pool = `${tag}_${l.name}_pool`;
        nodes.push(
          node('MaxPool', [x], [pool], pool, [
            { name: 'kernel_shape', ints: [2, 2] },
            { name: 'strides', ints: [2, 2] },
          ]),
        );
        x = pool;
      }
      if (l.tap) {
        const flat = `${tag}_${l.name}_flat`;
        nodes.push(node('Flatten', [x], [flat], flat, [{ name: 'axis', int: 1 }]));
        taps.push(flat);
      }
    }
    nodes.push(node('Concat', taps, [`${tag}_features`], `${tag}_concat_features`, [{ name: 'axis', int: 1 }]));
    return { features: `${tag}_features`, x11: taps[taps.length - 1]! };
  };
  for (const l of CONV_LAYERS) {
    w(`${l.name}.weight`);
    w(`${l.name}.bias`);
  }
  const r = extract('ref', 'ref');
  const d = extract('dist', 'dist');
  nodes.push(node('Sub', [r.features, d.features], ['diff'], 'diff'));

  /** fc1 → ReLU → fc2 (PyTorch Linear: x·Wᵀ + b), the two layers named after their weights; `h` names the outputs. */
  const head = (input: string, fc1: string, fc2: string, h: string) => {
    nodes.push(node('Gemm', [input, w(`${fc1}.weight`), w(`${fc1}.bias`)], [`${h}1`], fc1, [{ name: 'transB', int: 1 }]));
    nodes.push(node('Relu', [`${h}1`], [`${h}1_relu`], `${fc1}_relu`));
    nodes.push(node('Gemm', [`${h}1_relu`, w(`${fc2}.weight`), w(`${fc2}.bias`)], [`${h}2`], fc2, [{ name: 'transB', int: 1 }]));
  };

  // Score head.
  head('diff', 'fc1_score', 'fc2_score', 's');
  inits.push(floatTensor('score_scale', [1], Float32Array.of(SCORE_SCALE)));
  nodes.push(node('Mul', ['s2', 'score_scale'], ['s3'], 'scale_0_01'));
  nodes.push(node('Mul', ['s3', w('ref_score_subtract.weight')], ['s4'], 'ref_score_subtract_mul'));
  nodes.push(node('Add', ['s4', w('ref_score_subtract.bias')], ['s5'], 'ref_score_subtract_add'));
  inits.push(int64Tensor('shape_flat', [-1]));
  nodes.push(node('Reshape', ['s5', 'shape_flat'], ['score'], 'score_flat'));

  // Weight head on flatten(x11) (the last 2,048 feature columns), taken from the x11 taps.
  nodes.push(node('Sub', [r.x11, d.x11], ['diff_x11'], 'diff_x11'));
  head('diff_x11', 'fc1_weight', 'fc2_weight', 'w');
  inits.push(floatTensor('weight_epsilon', [1], Float32Array.of(WEIGHT_EPSILON)));
  nodes.push(node('Add', ['w2', 'weight_epsilon'], ['w3'], 'weight_epsilon_add'));
  nodes.push(node('Reshape', ['w3', 'shape_flat'], ['weight'], 'weight_flat'));

  for (const n of nodes) graph.message(1, n);
  graph.string(2, 'pieapp');
  for (const t of inits) graph.message(5, t);
  graph.message(11, valueInfo('ref', ['N', 3, PATCH_SIZE, PATCH_SIZE]));
  graph.message(11, valueInfo('dist', ['N', 3, PATCH_SIZE, PATCH_SIZE]));
  graph.message(12, valueInfo('score', ['N']));
  graph.message(12, valueInfo('weight', ['N']));

  const model = new Msg()
    .int(1, 8)
    .string(2, options.producer ?? 'preflight')
    .string(3, '0.1.0')
    .message(7, graph)
    .message(8, new Msg().string(1, '').int(2, 17));
  return model.toBytes();
}
