/**
 * LPIPS-VGG weights (lpips 0.1.4, `net="vgg"`, version 0.1; ../shared/reference/rules/vidaio-v3.md §2.4) from the
 * user's two files: torchvision's VGG16 ImageNet checkpoint (`vgg16-397923af.pth`, ~528 MB, of which only the 13
 * convolutions of `features` are read: the classifier is never inflated or decoded) and lpips's v0.1 linear heads
 * (`vgg.pth`, `lin0..lin4.model.1.weight`, shape [1, C, 1, 1]). Every tensor is checked (name, shape, float dtype,
 * finite values) and a wrong file gets one message naming the file and the tensor, or the network it is instead
 * (PIE-APP, VGG16-BN, VGG19, lpips's AlexNet/SqueezeNet heads, the other of the two files).
 * The architecture facts are torchvision's `vgg16` (cfg "D") and lpips's `pretrained_networks.vgg16` slices.
 */
import { readTorchTensors, PthError } from '../pieapp/pth.ts';
import { missingTensorText, stateDictByName, type WeightTensor } from '../pieapp/weights.ts';

export type { WeightTensor };

/** One 3×3 convolution of VGG16's `features`, with the max-pool before it and whether its ReLU output is an LPIPS tap. */
export interface VggConv {
  /** Index in torchvision's `features` Sequential (`features.<index>.weight`). */
  index: number;
  cin: number;
  cout: number;
  /** A 2×2/2 max-pool runs before this convolution. */
  poolBefore: boolean;
  /** relu1_2, relu2_2, relu3_3, relu4_3, relu5_3 are taken after this convolution's ReLU. */
  tap: boolean;
}

const conv = (index: number, cin: number, cout: number, poolBefore = false, tap = false): VggConv => ({ index, cin, cout, poolBefore, tap });

/** VGG16 `features` up to relu5_3 (torchvision cfg "D"; lpips slices [0:4], [4:9], [9:16], [16:23], [23:30]). */
export const VGG16_CONVS: readonly VggConv[] = [
  conv(0, 3, 64),
  conv(2, 64, 64, false, true),
  conv(5, 64, 128, true),
  conv(7, 128, 128, false, true),
  conv(10, 128, 256, true),
  conv(12, 256, 256),
  conv(14, 256, 256, false, true),
  conv(17, 256, 512, true),
  conv(19, 512, 512),
  conv(21, 512, 512, false, true),
  conv(24, 512, 512, true),
  conv(26, 512, 512),
  conv(28, 512, 512, false, true),
];

/** Channels of the five taps, i.e. of the heads lin0..lin4. */
export const LPIPS_CHANNELS: readonly number[] = [64, 128, 256, 512, 512];

/** A named tensor spec. */
export interface LpipsTensorSpec {
  name: string;
  shape: readonly number[];
}

/** The trunk tensors read from the VGG16 checkpoint, in network order. */
export const VGG16_TENSORS: readonly LpipsTensorSpec[] = VGG16_CONVS.flatMap((c) => [
  { name: `features.${c.index}.weight`, shape: [c.cout, c.cin, 3, 3] },
  { name: `features.${c.index}.bias`, shape: [c.cout] },
]);

/** The lpips v0.1 heads (`NetLinLayer`: Dropout then a 1×1 Conv2d without bias, so the weight is `model.1`). */
export const HEAD_TENSORS: readonly LpipsTensorSpec[] = LPIPS_CHANNELS.map((c, k) => ({ name: `lin${k}.model.1.weight`, shape: [1, c, 1, 1] }));

/** Every tensor the network uses: trunk then heads. */
export const LPIPS_TENSORS: readonly LpipsTensorSpec[] = [...VGG16_TENSORS, ...HEAD_TENSORS];

/** Trunk and heads in one map, keyed by the names above. */
export type LpipsWeights = Map<string, WeightTensor>;

/** Which of the two files a problem is in. */
export type LpipsFileKind = 'vgg16' | 'heads';
const FILE_LABEL: Record<LpipsFileKind, string> = { vgg16: 'vgg16 weights', heads: 'lpips heads' };

/** Thrown when a file is not the VGG16 trunk or the lpips v0.1 VGG heads; `file` says which. */
export class LpipsWeightsError extends Error {
  constructor(
    readonly file: LpipsFileKind,
    message: string,
  ) {
    super(`${FILE_LABEL[file]}: ${message}`);
    this.name = 'LpipsWeightsError';
  }
}

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;
const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Names another network's checkpoint from its tensor names/shapes, or returns null. */
function recogniseOther(byName: ReadonlyMap<string, WeightTensor>, expected: LpipsFileKind): string | null {
  const has = (n: string) => byName.has(n);
  if (has('conv1.weight') && (has('fc1_score.weight') || has('ref_score_subtract.weight')))
    return `this is the PIE-APP checkpoint, not ${expected === 'vgg16' ? 'VGG16' : "lpips's VGG heads (vgg.pth)"}`;
  if (expected === 'vgg16' && has('lin0.model.1.weight')) return "this is lpips's heads file (vgg.pth), not the VGG16 trunk (vgg16-397923af.pth)";
  if (expected === 'heads' && has('features.0.weight')) return "this is a VGG trunk checkpoint, not lpips's heads file (vgg.pth)";
  if (expected === 'vgg16' && has('features.34.weight')) return 'this is VGG19, not VGG16';
  if (expected === 'vgg16' && byName.get('features.1.weight')?.shape.length === 1) return 'this is VGG16 with batch norm (vgg16_bn), not plain VGG16';
  if (expected === 'heads' && has('lin5.model.1.weight')) return "these are lpips's SqueezeNet heads (squeeze.pth), not the VGG heads (vgg.pth)";
  if (expected === 'heads' && byName.get('lin1.model.1.weight')?.shape[1] === 192)
    return "these are lpips's AlexNet heads (alex.pth), not the VGG heads (vgg.pth)";
  return null;
}

function validate(tensors: ReadonlyMap<string, WeightTensor>, kind: LpipsFileKind, specs: readonly LpipsTensorSpec[]): LpipsWeights {
  const byName = stateDictByName(tensors);
  const other = recogniseOther(byName, kind);
  if (other) throw new LpipsWeightsError(kind, other);
  const out: LpipsWeights = new Map();
  for (const spec of specs) {
    const t = byName.get(spec.name);
    if (!t) throw new LpipsWeightsError(kind, missingTensorText(spec.name, shapeText(spec.shape), byName, 4));
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i])) {
      throw new LpipsWeightsError(kind, `${spec.name} has shape ${shapeText(t.shape)}, expected ${shapeText(spec.shape)}`);
    }
    if (t.data.length !== count(spec.shape))
      throw new LpipsWeightsError(kind, `${spec.name} holds ${t.data.length} values, its shape ${shapeText(spec.shape)} needs ${count(spec.shape)}`);
    for (let i = 0; i < t.data.length; i++) {
      if (!Number.isFinite(t.data[i]!)) throw new LpipsWeightsError(kind, `${spec.name} has a non-finite value (${t.data[i]}) at element ${i}`);
    }
    out.set(spec.name, { shape: [...spec.shape], data: t.data });
  }
  return out;
}

/** Checks the VGG16 trunk tensors (other tensors, e.g. `classifier.*`, are ignored); returns only the trunk. */
export function validateVgg16(tensors: ReadonlyMap<string, WeightTensor>): LpipsWeights {
  return validate(tensors, 'vgg16', VGG16_TENSORS);
}

/** Checks the lpips v0.1 VGG heads; any other tensor in the file is an error (the heads file holds only lin0..lin4). */
export function validateLpipsHeads(tensors: ReadonlyMap<string, WeightTensor>): LpipsWeights {
  const out = validate(tensors, 'heads', HEAD_TENSORS);
  for (const name of tensors.keys()) {
    const bare = name.startsWith('module.') ? name.slice('module.'.length) : name;
    if (!out.has(bare)) throw new LpipsWeightsError('heads', `unexpected tensor ${name}: not lpips's VGG heads file (vgg.pth)`);
  }
  return out;
}

/** Trunk plus heads as one map, both validated. */
export function combineLpipsWeights(vgg16: ReadonlyMap<string, WeightTensor>, heads: ReadonlyMap<string, WeightTensor>): LpipsWeights {
  return new Map([...validateVgg16(vgg16), ...validateLpipsHeads(heads)]);
}

/** Checks a combined map (trunk and heads) and returns it in network order. */
export function validateLpipsWeights(weights: ReadonlyMap<string, WeightTensor>): LpipsWeights {
  const trunk = new Map([...weights].filter(([k]) => !/^(module\.)?lin\d/.test(k)));
  const heads = new Map([...weights].filter(([k]) => /^(module\.)?lin\d/.test(k)));
  return combineLpipsWeights(trunk, heads);
}

/** Most bytes the selected trunk entries may unpack to (as float64, the widest dtype read) plus 16 MiB for the pickle. */
const VGG16_MAX_UNZIPPED = VGG16_TENSORS.reduce((n, t) => n + 8 * count(t.shape), 0) + 16 * 1048576;

function readFile(bytes: Uint8Array, kind: LpipsFileKind, options: { maxUncompressedBytes?: number; select?: (name: string) => boolean }) {
  try {
    return readTorchTensors(bytes, options);
  } catch (err) {
    if (err instanceof PthError) throw new LpipsWeightsError(kind, err.message);
    throw err;
  }
}

const wanted = new Set(VGG16_TENSORS.map((t) => t.name));
/** Trunk names plus the names `recogniseOther` looks at, so a wrong file is still named. */
const sniffNames = new Set(['conv1.weight', 'fc1_score.weight', 'ref_score_subtract.weight', 'lin0.model.1.weight', 'features.34.weight']);
const selectTrunk = (name: string) => {
  const bare = name.startsWith('module.') ? name.slice('module.'.length) : name;
  return wanted.has(bare) || sniffNames.has(bare) || bare === 'features.1.weight';
};

/**
 * Reads torchvision's VGG16 checkpoint (`vgg16-397923af.pth`; zip or legacy torch.save layout) and returns the 26
 * trunk tensors, validated. Only those storages are inflated/decoded.
 * @throws LpipsWeightsError naming the file and the problem.
 */
export function loadVgg16Pth(bytes: Uint8Array): LpipsWeights {
  return validateVgg16(readFile(bytes, 'vgg16', { maxUncompressedBytes: VGG16_MAX_UNZIPPED, select: selectTrunk }));
}

/**
 * Reads lpips's v0.1 VGG heads (`lpips/weights/v0.1/vgg.pth`) and returns the five tensors, validated.
 * @throws LpipsWeightsError naming the file and the problem.
 */
export function loadLpipsHeadsPth(bytes: Uint8Array): LpipsWeights {
  return validateLpipsHeads(readFile(bytes, 'heads', { maxUncompressedBytes: 64 * 1048576 }));
}

/** Gets a tensor's values; throws when absent (weights not validated). */
export function lpipsTensor(weights: ReadonlyMap<string, WeightTensor>, name: string): Float32Array {
  const t = weights.get(name);
  if (!t) throw new LpipsWeightsError(name.startsWith('lin') ? 'heads' : 'vgg16', `tensor ${name} is missing`);
  return t.data;
}

/** Parameter count of the network (trunk to relu5_3 plus heads): 14,716,160 + 1,472. */
export const LPIPS_PARAMETER_COUNT = LPIPS_TENSORS.reduce((n, t) => n + count(t.shape), 0);
