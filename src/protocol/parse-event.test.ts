import { describe, expect, it } from 'vitest';
import { eventClassOf } from './event-class';
import { knownEventTypes } from './event-schemas';
import { parseEvent, parseEventJson } from './parse-event';
import { sampleEvents } from './sample-events';

const envelope = { session_id: '3f0c-a', seq: 17, ts: '2026-11-24T13:00:00.123Z' };

describe('parseEvent', () => {
  it('accepts the protocol example verbatim', () => {
    const r = parseEventJson(
      '{"session_id":"3f0c","seq":17,"ts":"2026-11-24T13:00:00.123Z","type":"token_usage","source":"rlm_subcall","model":"anthropic/claude-haiku-4-5","prompt_tokens":1200,"completion_tokens":340,"duration_ms":820}',
    );
    expect(r).toMatchObject({ ok: true, known: true, event: { type: 'token_usage', prompt_tokens: 1200 } });
  });

  it('accepts a sample of every known variant', () => {
    expect(Object.keys(sampleEvents).sort()).toEqual([...knownEventTypes].sort());
    for (const [type, event] of Object.entries(sampleEvents)) {
      const r = parseEvent(event);
      expect(r.ok ? 'ok' : r.error, type).toBe('ok');
    }
  });

  it('accepts integer millisecond timestamps and keeps unknown extra fields', () => {
    const r = parseEvent({ ...envelope, ts: 1764000000123, type: 'done', extra: { a: 1 } });
    expect(r).toMatchObject({ ok: true, event: { ts: 1764000000123, extra: { a: 1 } } });
  });

  it('accepts and flags an unknown type with a valid envelope', () => {
    const r = parseEvent({ ...envelope, type: 'brand_new_variant', payload: [1, 2] });
    expect(r).toMatchObject({ ok: true, known: false });
    expect(eventClassOf('brand_new_variant')).toBe('ephemeral');
  });

  it('names the field, what was expected and what came', () => {
    const r = parseEvent({ ...envelope, type: 'token_usage', source: 'root', model: 'm', prompt_tokens: '12', completion_tokens: 1, duration_ms: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('token_usage');
      expect(r.error).toContain('`prompt_tokens`');
      expect(r.error).toMatch(/expected number, received string/);
    }
  });

  it.each([
    [{ ...envelope, session_id: 'bad id!', type: 'done' }, '`session_id`'],
    [{ ...envelope, seq: 0, type: 'done' }, '`seq`'],
    [{ ...envelope, seq: 1.5, type: 'done' }, '`seq`'],
    [{ ...envelope, ts: 'yesterday', type: 'done' }, '`ts`'],
    [{ ...envelope, type: 'text_chunk' }, 'exactly one of'],
    [{ ...envelope, type: 'text_chunk', text: 'a', delta: 'b' }, 'exactly one of'],
    [{ ...envelope, type: 'compaction_failed', trace_id: 't', reason: 'r', after_tokens: 1, budget: 2 }, '`fell_back_to`'],
    [{ ...envelope, type: 'token_usage', source: 'elsewhere', model: 'm', prompt_tokens: 1, completion_tokens: 1, duration_ms: 1 }, '`source`'],
    [{ seq: 1, ts: envelope.ts, type: 'x' }, '`session_id`'],
    [[envelope], 'expected a JSON object, got an array'],
    [null, 'got null'],
    ['text', 'got string'],
  ])('rejects %j with a reason naming %s', (value, fragment) => {
    const r = parseEvent(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(fragment);
  });

  it('reports malformed JSON without throwing', () => {
    const r = parseEventJson('{"session_id": "a", ');
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toMatch(/^malformed JSON/);
  });
});
