/**
 * Public entry of the CPU VMAF engine: float feature extraction (libvmaf float VIF/ADM/motion) and the
 * SVM models vmaf_v0.6.1, vmaf_float_v0.6.1, vmaf_v0.6.1neg and vmaf_4k_v0.6.1 (Netflix/vmaf @ v3.0.0).
 * Model JSONs ship in public/models/ (BSD-2-Clause-Patent, Netflix).
 */
export type { VmafModelId, VmafFeatures, VmafModel, VmafFeatureName } from './svm.ts';
export { parseVmafModel, predictVmaf } from './svm.ts';
export { VmafExtractor } from './extractor.ts';
