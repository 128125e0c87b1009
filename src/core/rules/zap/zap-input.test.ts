import { describe, expect, it } from 'vitest';
import { jitterFromArrivals, parseZapInputs } from './zap-input.ts';
import { InputError } from '../../errors.ts';

describe('Zap input files', () => {
  it('parses JSON and CSV to the same inputs', () => {
    const json = parseZapInputs('{"vmaf":94,"ssim":0.97,"rttMs":12,"jitterMs":1.2,"uptime":0.998,"sessionCompletion":0.995,"challengeResponse":1}');
    const csv = parseZapInputs('field,value\nvmaf,94\nssim,0.97\nrttMs,12\njitterMs,1.2\nuptime,0.998\nsessionCompletion,0.995\nchallengeResponse,1\n');
    expect(json).toEqual(csv);
    expect(json.vmaf).toBe(94);
  });
  it('computes jitter from frame arrivals (σ of intervals)', () => {
    expect(jitterFromArrivals([0, 16, 32, 48])).toBe(0);
    expect(jitterFromArrivals([0, 10, 30])).toBe(5);
  });
  it.each([
    ['{"vmaf":"high","ssim":0.9,"rttMs":1,"jitterMs":1,"uptime":1,"sessionCompletion":1,"challengeResponse":1}', 'field vmaf: "vmaf" must be a number'],
    ['vmaf,94\nssim,1.4\nrttMs,12\njitterMs,1\nuptime,1\nsessionCompletion,1\nchallengeResponse,1', 'line 2: "ssim" must be in 0…1'],
    ['vmaf,94\nssim', 'line 2: expected "field,value"'],
    ['{"vmaf":94}', 'missing field "ssim"'],
    ['{"vmaf":94,"ssim":0.9,"rttMs":1,"uptime":1,"sessionCompletion":1,"challengeResponse":1,"color":2}', 'unknown field "color"'],
    ['{oops', 'not valid JSON'],
  ])('names the problem: %s', (text, msg) => {
    expect(() => parseZapInputs(text, 'zap.json')).toThrow(InputError);
    expect(() => parseZapInputs(text, 'zap.json')).toThrow(msg);
  });
  it('the error carries where: file, field and line', () => {
    let err: unknown;
    try {
      parseZapInputs('vmaf,94\nssim,1.4\nrttMs,12\njitterMs,1\nuptime,1\nsessionCompletion,1\nchallengeResponse,1', 'z.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: 'InputError', file: 'z.csv', field: 'ssim', row: 2 });
  });
});
