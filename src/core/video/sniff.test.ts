/** sniffBytes: each container by its magic bytes (never by name), text vs binary, and the empty file. */
import { describe, expect, it } from 'vitest';
import { sniffBytes, type SniffedKind } from './sniff.ts';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('sniffBytes', () => {
  it.each<[string, Uint8Array, SniffedKind]>([
    ['empty file', bytes(), 'empty'],
    ['YUV4MPEG2 header', bytes('YUV4MPEG2 W320 H240 F10:1\n'), 'y4m'],
    ['"YUV4MPEG2" without the space is text', bytes('YUV4MPEG2'), 'text'],
    ['EBML magic (Matroska/WebM)', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42]), 'matroska'],
    ['ftyp box', bytes([0, 0, 0, 0x20], 'ftypisom'), 'mp4'],
    ['moov box first (QuickTime)', bytes([0, 0, 0x10, 0], 'moov'), 'mp4'],
    ['unknown box type', bytes([0, 0, 0, 0x20], 'abcd'), 'unknown'],
    ['plain text with tabs and CRLF', bytes('this is\tnot a video\r\n'), 'text'],
    ['UTF-8 text', bytes('größe: 1080p\n'), 'text'],
    ['a control byte', bytes('abc', [0x01], 'def'), 'unknown'],
    ['DEL', bytes('abc', [0x7f]), 'unknown'],
  ])('%s', (_, head, kind) => {
    expect(sniffBytes(head)).toBe(kind);
  });
});
