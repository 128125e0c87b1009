/**
 * The competition functions against vectors/validator-vidaio-competition.json (expected values from an independent
 * Python transcription of the upstream code, scripts/vectors/competition-vectors.py; tolerance 1e-12, the schema default),
 * plus Python `math.fsum` and `Decimal` edge cases whose values were printed by CPython 3.11.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packs } from '../index.ts';
import { runVectorFile, type VectorFile } from '../vectors.ts';
import { competitionFunctions } from './competition-functions.ts';
import { decDiv, decMul, decParse, decToNumber, fsum } from './competition-decimal.ts';
import { dedupIpKey, place } from './competition.ts';

const file = JSON.parse(readFileSync(new URL('../../../../vectors/validator-vidaio-competition.json', import.meta.url), 'utf8')) as VectorFile;

describe('competition vectors (tolerance 1e-12)', () => {
  it('covers every competition function with at least five cases, each citing its source', () => {
    for (const name of Object.keys(competitionFunctions)) expect(file.cases.filter((c) => c.fn === name).length, name).toBeGreaterThanOrEqual(5);
    for (const c of file.cases) expect(String((c as { source?: string }).source)).toMatch(/validator-vidaio .*@(e76b503|a264696)/);
  });
  it('is exactly what scripts/vectors/competition-vectors.py writes (python3)', () => {
    const run = spawnSync('python3', [fileURLToPath(new URL('../../../../scripts/vectors/competition-vectors.py', import.meta.url)), '--check'], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr || run.stdout).toBe(0);
  });
  it('passes through the registered v3 pack', () => {
    expect(Object.keys(packs.find((p) => p.id === file.pack)?.functions ?? {})).toContain('competition.place');
    const failures = runVectorFile(packs, file).filter((r) => !r.passed);
    expect(failures.map((f) => `${f.id}: ${JSON.stringify(f.mismatches.slice(0, 3))}`)).toEqual([]);
  });
});

describe('math.fsum (values printed by CPython 3.11)', () => {
  it('is exact where a running sum is not', () => {
    expect(fsum(new Array(10).fill(0.1))).toBe(1);
    expect(fsum([1e100, 1, -1e100])).toBe(1);
    expect(fsum([1e-16, 1, 1e16])).toBe(10000000000000002);
    expect(fsum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(fsum([])).toBe(0);
  });
  it('handles infinities and NaN like CPython', () => {
    expect(fsum([Infinity, 1])).toBe(Infinity);
    expect(Number.isNaN(fsum([NaN, 1]))).toBe(true);
    expect(() => fsum([Infinity, -Infinity])).toThrow(/-inf \+ inf/);
    expect(() => fsum([1.7e308, 1.7e308])).toThrow(/overflow/);
  });
});

describe('Decimal (28 digits, half even)', () => {
  it('rounds products and quotients as the default context does', () => {
    // Decimal('0.1234567890123456') * Decimal('1.000000000000001') = 0.1234567890123457234567890123 (28 digits)
    expect(decMul(decParse('0.1234567890123456'), decParse('1.000000000000001'))).toEqual(decParse('0.1234567890123457234567890123'));
    // Decimal(1) / Decimal(3) = 0.3333333333333333333333333333
    expect(decDiv(decParse('1'), decParse('3'))).toEqual(decParse('0.3333333333333333333333333333'));
    // Decimal(2) / Decimal(3) = 0.6666666666666666666666666667
    expect(decDiv(decParse('2'), decParse('3'))).toEqual(decParse('0.6666666666666666666666666667'));
    expect(decToNumber(decDiv(decParse('0.9'), decParse('0.97')))).toBe(0.9278350515463918);
  });
});

describe('dedup IP keys (Python ipaddress)', () => {
  it('canonicalises like str(ip_address(...))', () => {
    expect(dedupIpKey(' 2001:0DB8:0000:0000:0001:0000:0000:0001 ')).toBe('2001:db8::1:0:0:1');
    expect(dedupIpKey('::ffff:0.0.0.0')).toBeNull();
    expect(dedupIpKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(dedupIpKey('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(dedupIpKey('1::2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(dedupIpKey('256.1.1.1')).toBe('256.1.1.1');
  });
});

describe('place', () => {
  it('reports the bars it decides with', () => {
    const r = place({
      contenders: [{ hotkey: 'a', uid: 1, score: 0.9 }],
      baselineScore: 0.5,
      hasBaseline: true,
      rules: { crownMargin: 0.05, podiumMinMargin: 0.02, podiumMinScore: 0.3 },
      appliedAt: '2026-09-27T00:00:00Z',
    });
    expect(r.crownBar).toBe(0.525);
    expect(r.podiumBar).toBe(0.51);
    expect(r.emissionByHotkey).toEqual({ a: 1 });
  });
});
