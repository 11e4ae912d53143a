import { describe, expect, it } from 'vitest';
import { tokenCheckOf } from './verify-token';

describe('tokenCheckOf', () => {
  it('accepts a 2xx and explains each refusal', () => {
    expect(tokenCheckOf(200)).toEqual({ ok: true });
    expect(tokenCheckOf(401)).toEqual({ ok: false, message: expect.stringContaining('not accepted') });
    expect(tokenCheckOf(403)).toEqual({ ok: false, message: expect.stringContaining('ingest token') });
    expect(tokenCheckOf(503)).toEqual({ ok: false, message: expect.stringContaining('503') });
  });
});
