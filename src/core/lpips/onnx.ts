/**
 * Builds an ONNX model (ir_version 8, opset 17) of LPIPS-VGG from `LpipsWeights`, with the protobuf writer of
 * src/core/pieapp/onnx.ts. The graph mirrors the CPU twin (`network.ts`) step for step:
 *   inputs `a`, `b`: [N, 3, H, W] float32 RGB 0..255 (H, W ≥ 16, dynamic; a batch is N pairs of one size);
 *   x/127.5 − 1, − shift, / scale ([1,3,1,1] constants); VGG16 convs (pad 1) + Relu, MaxPool 2×2/2 before
 *   convs 5, 10, 17, 24; at relu1_2 … relu5_3: ReduceSumSquare over channels → Sqrt → + 1e−10 → Div; squared
 *   difference; the head as a 1×1 Conv without bias; ReduceMean over H, W; sum of the five; output `distance` [N].
 * As in the PIE-APP graph, the trunk initializers exist once and feed two node chains (no batch Concat/Split).
 */
import { Msg, floatTensor, int64Tensor, node, valueInfo } from '../pieapp/onnx.ts';
import { LPIPS_EPS, LPIPS_SCALE, LPIPS_SHIFT } from './network.ts';
import { LPIPS_CHANNELS, VGG16_CONVS, validateLpipsWeights, type LpipsWeights } from './weights.ts';

/** Input and output names of the graph. */
export const LPIPS_ONNX_INPUTS = ['a', 'b'] as const;
export const LPIPS_ONNX_OUTPUT = 'distance';

/**
 * Serialises LPIPS-VGG as ONNX bytes (about 59 MB for the real weights). The weights are validated first.
 */
export function buildLpipsOnnx(weightsIn: ReadonlyMap<string, { shape: number[]; data: Float32Array }>, options: { producer?: string } = {}): Uint8Array {
  const weights: LpipsWeights = validateLpipsWeights(weightsIn);
  const nodes: Msg[] = [];
  const inits: Msg[] = [];
  for (const [name, t] of weights) inits.push(floatTensor(name, t.shape, t.data));
  inits.push(floatTensor('c_127_5', [1], Float32Array.of(127.5)));
  inits.push(floatTensor('c_1', [1], Float32Array.of(1)));
  inits.push(floatTensor('shift', [1, 3, 1, 1], Float32Array.from(LPIPS_SHIFT)));
  inits.push(floatTensor('scale', [1, 3, 1, 1], Float32Array.from(LPIPS_SCALE)));
  inits.push(floatTensor('eps', [1], Float32Array.of(LPIPS_EPS)));
  inits.push(int64Tensor('shape_flat', [-1]));

  const chain = (input: string): string[] => {
    const t = input;
    nodes.push(node('Div', [input, 'c_127_5'], [`${t}_s1`], `${t}_div_127_5`));
    nodes.push(node('Sub', [`${t}_s1`, 'c_1'], [`${t}_s2`], `${t}_sub_1`));
    nodes.push(node('Sub', [`${t}_s2`, 'shift'], [`${t}_s3`], `${t}_sub_shift`));
    nodes.push(node('Div', [`${t}_s3`, 'scale'], [`${t}_in`], `${t}_div_scale`));
    let x = `${t}_in`;
    const taps: string[] = [];
    for (const l of VGG16_CONVS) {
      if (l.poolBefore) {
        const p = `${t}_pool${l.index - 1}`;
        nodes.push(
          node('MaxPool', [x], [p], p, [
            { name: 'kernel_shape', ints: [2, 2] },
            { name: 'strides', ints: [2, 2] },
          ]),
        );
        x = p;
      }
      const c = `${t}_conv${l.index}`;
      nodes.push(
        node('Conv', [x, `features.${l.index}.weight`, `features.${l.index}.bias`], [c], c, [
          { name: 'kernel_shape', ints: [3, 3] },
          { name: 'pads', ints: [1, 1, 1, 1] },
          { name: 'strides', ints: [1, 1] },
        ]),
      );
      const r = `${t}_relu${l.index + 1}`;
      nodes.push(node('Relu', [c], [r], r));
      x = r;
      if (l.tap) {
        const k = taps.length;
        nodes.push(
          node('ReduceSumSquare', [x], [`${t}_ss${k}`], `${t}_ss${k}`, [
            { name: 'axes', ints: [1] },
            { name: 'keepdims', int: 1 },
          ]),
        );
        nodes.push(node('Sqrt', [`${t}_ss${k}`], [`${t}_norm${k}`], `${t}_norm${k}`));
        nodes.push(node('Add', [`${t}_norm${k}`, 'eps'], [`${t}_norme${k}`], `${t}_norm_eps${k}`));
        nodes.push(node('Div', [x, `${t}_norme${k}`], [`${t}_unit${k}`], `${t}_unit${k}`));
        taps.push(`${t}_unit${k}`);
      }
    }
    return taps;
  };
  const ta = chain('a');
  const tb = chain('b');
  const layerOut: string[] = [];
  for (let k = 0; k < LPIPS_CHANNELS.length; k++) {
    nodes.push(node('Sub', [ta[k]!, tb[k]!], [`diff${k}`], `diff${k}`));
    nodes.push(node('Mul', [`diff${k}`, `diff${k}`], [`sq${k}`], `sq${k}`));
    nodes.push(node('Conv', [`sq${k}`, `lin${k}.model.1.weight`], [`lin${k}`], `lin${k}`, [{ name: 'kernel_shape', ints: [1, 1] }]));
    nodes.push(
      node('ReduceMean', [`lin${k}`], [`layer${k}`], `layer${k}`, [
        { name: 'axes', ints: [2, 3] },
        { name: 'keepdims', int: 0 },
      ]),
    );
    layerOut.push(`layer${k}`);
  }
  let sum = layerOut[0]!;
  for (let k = 1; k < layerOut.length; k++) {
    const s = `sum${k}`;
    nodes.push(node('Add', [sum, layerOut[k]!], [s], s));
    sum = s;
  }
  nodes.push(node('Reshape', [sum, 'shape_flat'], [LPIPS_ONNX_OUTPUT], 'distance_flat'));

  const graph = new Msg();
  for (const n of nodes) graph.message(1, n);
  graph.string(2, 'lpips_vgg_v0_1');
  for (const t of inits) graph.message(5, t);
  for (const name of LPIPS_ONNX_INPUTS) graph.message(11, valueInfo(name, ['N', 3, 'H', 'W']));
  graph.message(12, valueInfo(LPIPS_ONNX_OUTPUT, ['N']));
  return new Msg()
    .int(1, 8)
    .string(2, options.producer ?? 'preflight')
    .string(3, '0.1.0')
    .message(7, graph)
    .message(8, new Msg().string(1, '').int(2, 17))
    .toBytes();
}
