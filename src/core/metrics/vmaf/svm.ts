/**
 * VMAF model parsing and prediction: libsvm nu-SVR with an RBF kernel over six linearly rescaled
 * features, then de-normalisation and the score clip (Netflix/vmaf libvmaf/src/predict.c,
 * read_json_model.c and libsvm svm.cpp @ v3.0.0; formulas in ../shared/reference/metrics.md §1.4).
 * `score_transform` is deliberately NOT applied: libvmaf only applies it with `enable_transform`.
 */

export type VmafModelId = 'vmaf_v0.6.1' | 'vmaf_float_v0.6.1' | 'vmaf_v0.6.1neg' | 'vmaf_4k_v0.6.1';

/** Feature names the models can read (libvmaf names, float extractor). */
export type VmafFeatureName =
  | 'vif_scale0'
  | 'vif_scale1'
  | 'vif_scale2'
  | 'vif_scale3'
  | 'adm2'
  | 'motion2'
  | 'vif_scale0_egl_1'
  | 'vif_scale1_egl_1'
  | 'vif_scale2_egl_1'
  | 'vif_scale3_egl_1'
  | 'adm2_egl_1';

/** Float features of one frame, libvmaf names. `_egl_1` variants only when the extractor was built with neg: true. */
export interface VmafFeatures {
  vif_scale0: number;
  vif_scale1: number;
  vif_scale2: number;
  vif_scale3: number;
  adm2: number;
  motion2: number;
  motion: number;
  vif_scale0_egl_1?: number;
  vif_scale1_egl_1?: number;
  vif_scale2_egl_1?: number;
  vif_scale3_egl_1?: number;
  adm2_egl_1?: number;
}

/** A parsed VMAF model, ready for `predictVmaf`. */
export interface VmafModel {
  id: VmafModelId;
  /** Feature read for SVM index k+1 (libvmaf order = sorted model feature names). */
  features: VmafFeatureName[];
  /** slopes[0]/intercepts[0]: output; [k+1]: feature k. */
  slopes: number[];
  intercepts: number[];
  scoreClip: [number, number] | null;
  gamma: number;
  rho: number;
  /** coefficients, one per support vector */
  coefs: Float64Array;
  /** support vectors, dense row-major nSv × nFeatures (missing sparse entries = 0) */
  sv: Float64Array;
  nSv: number;
}

function fail(msg: string): never {
  throw new Error(`parseVmafModel: ${msg}`);
}

function numArray(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) fail(`${what} must be a number array`);
  return v as number[];
}

/**
 * Parses a libvmaf JSON model (`{ param_dict, model_dict }`, e.g. vmaf_v0.6.1.json).
 * Feature names like `VMAF_integer_feature_adm2_score` map to the float feature `adm2`; a feature whose
 * `feature_opts_dicts` entry sets an enhancement-gain limit of 1.0 maps to its `_egl_1` variant.
 */
export function parseVmafModel(id: VmafModelId, json: unknown): VmafModel {
  if (typeof json !== 'object' || json === null) fail('not an object');
  const md = (json as { model_dict?: unknown }).model_dict;
  if (typeof md !== 'object' || md === null) fail('missing model_dict');
  const m = md as Record<string, unknown>;
  if (m.model_type !== 'LIBSVMNUSVR') fail(`unsupported model_type ${String(m.model_type)}`);
  if (m.norm_type !== 'linear_rescale') fail(`unsupported norm_type ${String(m.norm_type)}`);
  const names = m.feature_names;
  if (!Array.isArray(names) || names.length !== 6) fail('feature_names must list 6 features');
  const opts = Array.isArray(m.feature_opts_dicts) ? (m.feature_opts_dicts as unknown[]) : [];
  const features: VmafFeatureName[] = names.map((n, k) => {
    const match = /feature_(vif_scale[0-3]|adm2|motion2)_score$/.exec(String(n));
    if (!match) fail(`unknown feature ${String(n)}`);
    const base = match[1] as 'vif_scale0' | 'adm2' | 'motion2';
    const o = (opts[k] ?? {}) as Record<string, unknown>;
    const limit = o.adm_enhn_gain_limit ?? o.vif_enhn_gain_limit;
    if (limit === undefined || limit === 100) return base;
    if (limit === 1 && base !== 'motion2') return `${base}_egl_1` as VmafFeatureName;
    return fail(`unsupported gain limit ${String(limit)}`);
  });
  const slopes = numArray(m.slopes, 'slopes');
  const intercepts = numArray(m.intercepts, 'intercepts');
  if (slopes.length !== 7 || intercepts.length !== 7) fail('slopes/intercepts must have 7 entries');
  let scoreClip: [number, number] | null = null;
  if (m.score_clip !== undefined) {
    const c = numArray(m.score_clip, 'score_clip');
    scoreClip = [c[0]!, c[1]!];
  }
  if (typeof m.model !== 'string') fail('model must be a libsvm text');
  const lines = m.model.split('\n');
  let gamma = NaN;
  let rho = NaN;
  let k = 0;
  for (; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (line === 'SV') {
      k++;
      break;
    }
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'kernel_type' && rest[0] !== 'rbf') fail('kernel must be rbf');
    if (key === 'gamma') gamma = Number(rest[0]);
    if (key === 'rho') rho = Number(rest[0]);
  }
  if (!Number.isFinite(gamma) || !Number.isFinite(rho)) fail('missing gamma or rho');
  const coefs: number[] = [];
  const sv: number[] = [];
  for (; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    coefs.push(Number(parts[0]));
    const row = [0, 0, 0, 0, 0, 0];
    for (let p = 1; p < parts.length; p++) {
      const [idx, val] = parts[p]!.split(':');
      const ix = Number(idx);
      if (!(ix >= 1 && ix <= 6)) fail(`bad SV index ${idx}`);
      row[ix - 1] = Number(val);
    }
    sv.push(...row);
  }
  return {
    id,
    features,
    slopes,
    intercepts,
    scoreClip,
    gamma,
    rho,
    coefs: Float64Array.from(coefs),
    sv: Float64Array.from(sv),
    nSv: coefs.length,
  };
}

/**
 * VMAF score of one frame (0..100 after the clip). NEG models read the `_egl_1` features, which must then
 * be present (extractor built with `neg: true`); throws otherwise.
 */
export function predictVmaf(model: VmafModel, f: VmafFeatures): number {
  const x0 = scaled(model, f, 0),
    x1 = scaled(model, f, 1),
    x2 = scaled(model, f, 2);
  const x3 = scaled(model, f, 3),
    x4 = scaled(model, f, 4),
    x5 = scaled(model, f, 5);
  const sv = model.sv;
  const g = model.gamma;
  let s = 0;
  for (let i = 0, o = 0; i < model.nSv; i++, o += 6) {
    const d0 = x0 - sv[o]!,
      d1 = x1 - sv[o + 1]!,
      d2 = x2 - sv[o + 2]!;
    const d3 = x3 - sv[o + 3]!,
      d4 = x4 - sv[o + 4]!,
      d5 = x5 - sv[o + 5]!;
    s += model.coefs[i]! * Math.exp(-g * (d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3 + d4 * d4 + d5 * d5));
  }
  s -= model.rho;
  let score = (s - model.intercepts[0]!) / model.slopes[0]!;
  if (model.scoreClip) {
    if (score < model.scoreClip[0]) score = model.scoreClip[0];
    if (score > model.scoreClip[1]) score = model.scoreClip[1];
  }
  return score;
}

function scaled(model: VmafModel, f: VmafFeatures, k: number): number {
  const name = model.features[k]!;
  const v = f[name];
  if (v === undefined) throw new Error(`predictVmaf: model ${model.id} needs feature ${name} (build the extractor with neg: true)`);
  return model.slopes[k + 1]! * v + model.intercepts[k + 1]!;
}
