/**
 * How a Vidaio pack's validator measures: VMAF model and pooling per task, frame sampling, the delta gate, the
 * thresholds it draws, how S_Q comes from PIE-APP, which media checks run and which formula family the pack's
 * functions follow. Each Vidaio pack carries one of these as its `metrics` field (read by ./evaluate.ts, the pages
 * and the CLI), so that a new pack brings its own measurement facts (see shared/reference/rules/vidaio.md §1.3,
 * §2.4, §7).
 */

export type VmafPooling = 'harmonic-positive' | 'mean' | 'harmonic-libvmaf';

export interface MetricPolicy {
  upscalingModel: 'vmaf_v0.6.1';
  upscalingPooling: VmafPooling;
  /** Random skip K ∈ [0, fps) and subsample N ∈ [20, 29] (fea3779 only). */
  upscalingRandomSampling: boolean;
  compressionModel: 'vmaf_v0.6.1neg' | 'vmaf_v0.6.1';
  compressionPooling: VmafPooling;
  deltaGate: boolean;
  /** Thresholds the validator draws; the first is the default in the UI. */
  thresholds: number[];
  /** How S_Q comes from PIE-APP under this pack. */
  pieapp: 'fea3779' | 'validator-vidaio' | 'seed-borrows-fea3779';
  /** Which media checks the pack's validator runs (the seed document defines none). */
  checks: 'fea3779' | 'validator-vidaio' | 'none';
  /** Which formulas the pack's scores follow, for the worked formula and the headroom hints. */
  formulas: 'vidaio-subnet' | 'validator-vidaio' | 'seed';
  /** The largest upscaling S_F, shown as the card's range: 1 when clamped, else S_F at S_Q = S_L = 1. */
  upscalingMaxSF: number;
  note: string;
}

/** vidaio-subnet@fea3779. */
export const SUBNET_METRICS: MetricPolicy = {
  upscalingModel: 'vmaf_v0.6.1',
  upscalingPooling: 'harmonic-positive',
  upscalingRandomSampling: true,
  compressionModel: 'vmaf_v0.6.1neg',
  compressionPooling: 'harmonic-positive',
  deltaGate: true,
  thresholds: [89, 85, 93],
  pieapp: 'fea3779',
  checks: 'fea3779',
  formulas: 'vidaio-subnet',
  upscalingMaxSF: 0.1 * Math.exp(6.979 * 0.5),
  note: 'VMAF as the validator pools it: harmonic mean of per-frame scores > 0 (vmaf_metric.py:388-399); compression scores the NEG model over every frame, upscaling gates on v0.6.1 after a random skip and subsample.',
};

/** validator-vidaio@b71f22d (launch). */
export const VALIDATOR_METRICS: MetricPolicy = {
  upscalingModel: 'vmaf_v0.6.1',
  upscalingPooling: 'mean',
  upscalingRandomSampling: false,
  compressionModel: 'vmaf_v0.6.1',
  compressionPooling: 'mean',
  deltaGate: true,
  thresholds: [90, 85, 89, 93],
  pieapp: 'validator-vidaio',
  checks: 'validator-vidaio',
  formulas: 'validator-vidaio',
  upscalingMaxSF: 1,
  note: "validator-vidaio reads libvmaf's pooled arithmetic mean of vmaf_v0.6.1 over every frame (pool=mean); default threshold 90.",
};

/** Later validator-vidaio releases measure as the launch did; the compression VMAF basis differs (688b671 on: served input). */
export const VALIDATOR_PRISTINE_METRICS: MetricPolicy = {
  ...VALIDATOR_METRICS,
  note: "validator-vidaio reads libvmaf's pooled arithmetic mean of vmaf_v0.6.1 over every frame (pool=mean); compression VMAF is measured against the sealed pristine source, which a miner does not have: the number here (against your reference) is an estimate; default threshold 90.",
};
export const VALIDATOR_SERVED_INPUT_METRICS: MetricPolicy = {
  ...VALIDATOR_METRICS,
  note: "validator-vidaio reads libvmaf's pooled arithmetic mean of vmaf_v0.6.1 over every frame (pool=mean); compression VMAF is measured against the served input (the file you received), so the number here is the one the validator scores; default threshold 90.",
};

/** vidaio-seed. */
export const SEED_METRICS: MetricPolicy = {
  upscalingModel: 'vmaf_v0.6.1',
  upscalingPooling: 'harmonic-libvmaf',
  upscalingRandomSampling: false,
  compressionModel: 'vmaf_v0.6.1',
  compressionPooling: 'harmonic-libvmaf',
  deltaGate: false,
  thresholds: [89, 85, 93, 70],
  pieapp: 'seed-borrows-fea3779',
  checks: 'none',
  formulas: 'seed',
  upscalingMaxSF: 0.1 * Math.exp(6.979 * 0.5),
  note: "The seed names neither the VMAF model nor the pooling: Preflight uses vmaf_v0.6.1 with libvmaf's harmonic mean. The seed gives no PIE-APP → S_Q mapping: S_Q is typed in, or taken from vidaio-subnet@fea3779's mapping (labelled).",
};
