/**
 * The mask worker of the BitMind segmenter page: decodes mask files (PNG through createImageBitmap + OffscreenCanvas
 * to grey levels 0…1, or JSON arrays) and scores a prediction/ground-truth pair with the selected pack's `iou.mask`.
 * Exposed with Comlink; the parsing and the IoU live in src/core (segmenter-data.ts and the rule packs).
 */
import * as Comlink from 'comlink';
import { callPackFunction, hasFunction } from '../src/core/rules/call.ts';
import { getPack } from '../src/core/rules/index.ts';
import { checkSameShape, greyFromRgba, parseMaskJson, toRows, truthRows, type MaskData, type MaskPair } from '../src/core/rules/bitmind/segmenter-data.ts';

export interface MaskFile {
  name: string;
  blob: Blob;
}

export interface PairScore {
  key: string;
  ok: boolean;
  /** `iou.mask` result when ok (iou may be NaN; v3.3.1 adds a status). */
  iou?: number | null;
  status?: string;
  warnings?: string[];
  width?: number;
  height?: number;
  /** Why the pair was rejected (names the file, row or cell). */
  error?: string;
}

export interface DecodedPair {
  width: number;
  height: number;
  /** Prediction values (row-major) and ground-truth values (row-major, 0/1). */
  pred: Float64Array;
  gt: Float64Array;
}

/** Decodes one mask file to row-major values: PNG → grey g/255 (red channel), JSON → numbers as written. */
async function decode(file: MaskFile): Promise<MaskData> {
  if (/\.json$/i.test(file.name)) return parseMaskJson(await file.blob.text(), file.name);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file.blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new Error(`${file.name}: not a decodable PNG image`);
  }
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return { width, height, values: greyFromRgba(rgba, width, height) };
}

const api = {
  /** Decodes both masks of a pair, checks their shapes and runs `iou.mask` of `packId`. Never throws. */
  async scorePair(packId: string, key: string, pred: MaskFile, gt: MaskFile): Promise<PairScore> {
    try {
      const pair: MaskPair = { key, pred: pred.name, gt: gt.name };
      const [p, g] = await Promise.all([decode(pred), decode(gt)]);
      checkSameShape(pair, p, g);
      const pack = getPack(packId, 'bitmind');
      if (!pack || !hasFunction(pack, 'iou.mask')) throw new Error(`${packId} has no iou.mask`);
      const result = callPackFunction(pack, 'iou.mask', { prediction: toRows(p), groundTruth: truthRows(g, gt.name) });
      return {
        key,
        ok: true,
        iou: result.iou,
        status: 'status' in result ? result.status : undefined,
        warnings: result.warnings,
        width: p.width,
        height: p.height,
      };
    } catch (err) {
      return { key, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  },
  /** Decodes a pair for display (prediction values and 0/1 truth), transferring the buffers. */
  async decodePair(pred: MaskFile, gt: MaskFile): Promise<DecodedPair> {
    const [p, g] = await Promise.all([decode(pred), decode(gt)]);
    checkSameShape({ key: '', pred: pred.name, gt: gt.name }, p, g);
    const predValues = Float64Array.from(p.values);
    const gtValues = Float64Array.from(truthRows(g, gt.name).flat());
    return Comlink.transfer({ width: p.width, height: p.height, pred: predValues, gt: gtValues }, [predValues.buffer, gtValues.buffer]);
  },
};

export type MasksApi = typeof api;
Comlink.expose(api);
