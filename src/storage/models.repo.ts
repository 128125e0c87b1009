/**
 * User-installed models in IndexedDB (`models` store, schema v2), keyed by model name: the converted PIE-APP ONNX
 * graph (`pieapp`) and the LPIPS-VGG graph (`lpips-vgg`), each with its metadata.
 * A new model is written in one put after it has been validated and converted completely, so a failed import never
 * replaces a working installed model.
 */
import { openPreflightDb, storageError, type StoredModel } from './db.ts';

export interface InstalledModelMeta {
  name: string;
  /** Where the weights came from: the user's file name. */
  sourceFile: string;
  sourceBytes: number;
  /** 'pth' (converted here) or 'onnx' (used as given). */
  sourceKind: 'pth' | 'onnx';
  installedAt: number;
  parameterCount: number;
  /** Every source file when a model is made from several (LPIPS-VGG: the VGG16 trunk and the lpips heads). Absent on older records. */
  sources?: { role: string; file: string; bytes: number; sha256: string }[];
}

export interface InstalledModel {
  meta: InstalledModelMeta;
  onnx: Uint8Array;
}

export async function getModel(name: string): Promise<InstalledModel | null> {
  const db = await openPreflightDb();
  try {
    const stored = await db.get('models', name);
    if (!stored) return null;
    return { meta: stored.meta, onnx: new Uint8Array(await stored.onnx.arrayBuffer()) };
  } finally {
    db.close();
  }
}

export async function putModel(model: InstalledModel): Promise<void> {
  const db = await openPreflightDb();
  try {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < model.onnx.byteLength * 1.1)
      throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const stored: StoredModel = { meta: model.meta, onnx: new Blob([model.onnx as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }) };
    await db.put('models', stored, model.meta.name);
  } catch (err) {
    throw storageError(err, `the ${model.meta.name} model (${(model.onnx.byteLength / 1e6).toFixed(0)} MB)`);
  } finally {
    db.close();
  }
}

export async function deleteModel(name: string): Promise<void> {
  const db = await openPreflightDb();
  try {
    await db.delete('models', name);
  } finally {
    db.close();
  }
}
