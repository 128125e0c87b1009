/** The PieAPP architecture table against the counts of metrics.md §5.1 / §5.5. */
import { describe, expect, it } from 'vitest';
import { CONV_LAYERS, FEATURE_MS_SIZE, PARAMETER_COUNT, TAP_SIZES, TENSOR_SPECS, X11_SIZE, elementCount } from './spec.ts';

describe('PieAPP spec', () => {
  it('has 68,376,580 parameters (convolutions 5,459,968; fc1_score 61,866,496)', () => {
    expect(PARAMETER_COUNT).toBe(68_376_580);
    const conv = TENSOR_SPECS.filter((t) => t.name.startsWith('conv')).reduce((s, t) => s + elementCount(t.shape), 0);
    expect(conv).toBe(5_459_968);
    const fc1 = TENSOR_SPECS.filter((t) => t.name.startsWith('fc1_score')).reduce((s, t) => s + elementCount(t.shape), 0);
    expect(fc1).toBe(61_866_496);
  });

  it('names every state-dict tensor, ref_score_subtract.weight with shape [1]', () => {
    expect(TENSOR_SPECS).toHaveLength(32);
    expect(TENSOR_SPECS[0]).toEqual({ name: 'conv1.weight', shape: [64, 3, 3, 3] });
    expect(TENSOR_SPECS.find((t) => t.name === 'conv11.weight')!.shape).toEqual([512, 512, 3, 3]);
    expect(TENSOR_SPECS.find((t) => t.name === 'fc1_score.weight')!.shape).toEqual([512, 120_832]);
    expect(TENSOR_SPECS.find((t) => t.name === 'fc1_weight.weight')!.shape).toEqual([512, 2048]);
    expect(TENSOR_SPECS.find((t) => t.name === 'fc2_weight.bias')!.shape).toEqual([1]);
    expect(TENSOR_SPECS.find((t) => t.name === 'ref_score_subtract.weight')!.shape).toEqual([1]);
    expect(TENSOR_SPECS.at(-1)).toEqual({ name: 'ref_score_subtract.bias', shape: [1] });
    expect(new Set(TENSOR_SPECS.map((t) => t.name)).size).toBe(32);
  });

  it('multi-scale features are x3, x5, x7, x9, x11 = 120,832 values, x11 last (2,048)', () => {
    expect(CONV_LAYERS.filter((l) => l.tap).map((l) => l.name)).toEqual(['conv3', 'conv5', 'conv7', 'conv9', 'conv11']);
    expect(CONV_LAYERS.filter((l) => l.poolAfter).map((l) => l.name)).toEqual(['conv2', 'conv4', 'conv6', 'conv8', 'conv10']);
    expect(TAP_SIZES.reduce((a, b) => a + b, 0)).toBe(FEATURE_MS_SIZE);
    expect(FEATURE_MS_SIZE).toBe(120_832);
    expect(TAP_SIZES.at(-1)).toBe(X11_SIZE);
    // Channel chain: each layer's input is the previous layer's output.
    for (let i = 1; i < CONV_LAYERS.length; i++) expect(CONV_LAYERS[i]!.inChannels).toBe(CONV_LAYERS[i - 1]!.outChannels);
  });
});
