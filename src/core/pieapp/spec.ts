/**
 * The PieAPP v0.1 network as data: every tensor of the state dict with its shape, and the conv stack layout.
 * Architecture facts from ../shared/reference/metrics.md §5.1 (pyiqa `pyiqa/archs/pieapp_arch.py@v0.1.14.1`,
 * identical to the original PieAPP PyTorch port): eleven 3×3 convolutions (pad 1, bias, ReLU), 2×2 max-pools after
 * conv2, conv4, conv6, conv8 and conv10, multi-scale features x3, x5, x7, x9, x11 flattened (C,H,W) and concatenated
 * (120,832 values), a score head fc1_score 120832→512 → fc2_score 512→1 and a weight head fc1_weight 2048→512 →
 * fc2_weight 512→1, and `ref_score_subtract`, a scalar affine 1→1 whose weight has shape [1] in the published file.
 */

/** Patch side in pixels (pyiqa `patch_size`). */
export const PATCH_SIZE = 64;
/** Patch stride in pixels (pyiqa `stride`, "sparse" mode of the original). */
export const PATCH_STRIDE = 27;

/** One 3×3 convolution layer. `poolAfter`: a 2×2 max-pool follows its ReLU. `tap`: its output is a multi-scale feature. */
export interface ConvLayerSpec {
  name: string;
  inChannels: number;
  outChannels: number;
  poolAfter: boolean;
  tap: boolean;
}

export const CONV_LAYERS: readonly ConvLayerSpec[] = [
  { name: 'conv1', inChannels: 3, outChannels: 64, poolAfter: false, tap: false },
  { name: 'conv2', inChannels: 64, outChannels: 64, poolAfter: true, tap: false },
  { name: 'conv3', inChannels: 64, outChannels: 64, poolAfter: false, tap: true },
  { name: 'conv4', inChannels: 64, outChannels: 128, poolAfter: true, tap: false },
  { name: 'conv5', inChannels: 128, outChannels: 128, poolAfter: false, tap: true },
  { name: 'conv6', inChannels: 128, outChannels: 128, poolAfter: true, tap: false },
  { name: 'conv7', inChannels: 128, outChannels: 256, poolAfter: false, tap: true },
  { name: 'conv8', inChannels: 256, outChannels: 256, poolAfter: true, tap: false },
  { name: 'conv9', inChannels: 256, outChannels: 256, poolAfter: false, tap: true },
  { name: 'conv10', inChannels: 256, outChannels: 512, poolAfter: true, tap: false },
  { name: 'conv11', inChannels: 512, outChannels: 512, poolAfter: false, tap: true },
];

/** Sizes of the tapped features x3, x5, x7, x9, x11 (C·H·W each) and their concatenation. */
export const TAP_SIZES: readonly number[] = [64 * 32 * 32, 128 * 16 * 16, 256 * 8 * 8, 256 * 4 * 4, 512 * 2 * 2];
export const FEATURE_MS_SIZE = 120_832;
/** Size of flatten(x11), the input of the weight head. */
export const X11_SIZE = 2048;
/** Hidden width of both heads. */
export const HIDDEN = 512;
/** Added to every patch weight (pyiqa: `+ 1e-6`). */
export const WEIGHT_EPSILON = 1e-6;
/** Scale applied to fc2_score's output before ref_score_subtract (pyiqa: `0.01 *`). */
export const SCORE_SCALE = 0.01;

/** A tensor of the state dict: PyTorch name and shape. */
export interface TensorSpec {
  name: string;
  shape: readonly number[];
}

function buildTensorSpecs(): TensorSpec[] {
  const out: TensorSpec[] = [];
  for (const l of CONV_LAYERS) {
    out.push({ name: `${l.name}.weight`, shape: [l.outChannels, l.inChannels, 3, 3] });
    out.push({ name: `${l.name}.bias`, shape: [l.outChannels] });
  }
  const linear = (name: string, inF: number, outF: number) => {
    out.push({ name: `${name}.weight`, shape: [outF, inF] });
    out.push({ name: `${name}.bias`, shape: [outF] });
  };
  linear('fc1_score', FEATURE_MS_SIZE, HIDDEN);
  linear('fc2_score', HIDDEN, 1);
  linear('fc1_weight', X11_SIZE, HIDDEN);
  linear('fc2_weight', HIDDEN, 1);
  out.push({ name: 'ref_score_subtract.weight', shape: [1] });
  out.push({ name: 'ref_score_subtract.bias', shape: [1] });
  return out;
}

/** Every tensor of the PieAPP state dict, in a fixed order (convs, score head, weight head, ref_score_subtract). */
export const TENSOR_SPECS: readonly TensorSpec[] = buildTensorSpecs();

/** Number of elements of a shape. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Total parameter count of the network (68,376,580 per metrics.md §5.1). */
export const PARAMETER_COUNT = TENSOR_SPECS.reduce((s, t) => s + elementCount(t.shape), 0);
