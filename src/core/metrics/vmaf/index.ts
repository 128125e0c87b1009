/**
 * Public entry of the CPU VMAF engine: integer feature extraction exactly as libvmaf's default models use it
 * (integer_vif/integer_adm/integer_motion, bit-exact), float feature extraction (libvmaf float VIF/ADM/motion, for
 * vmaf_float_v0.6.1 and the WebGPU twin), and the SVM models vmaf_v0.6.1, vmaf_float_v0.6.1, vmaf_v0.6.1neg and
 * vmaf_4k_v0.6.1 (Netflix/vmaf @ v3.0.0). Model JSONs ship in public/models/ (BSD-2-Clause-Patent, Netflix).
 */
export type { VmafModelId, VmafFeatures, VmafModel, VmafFeatureName } from './svm.ts';
export { parseVmafModel, predictVmaf } from './svm.ts';
export { VmafExtractor } from './extractor.ts';
export * from './integer/index.ts';
