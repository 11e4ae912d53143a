import { describe, expect, it } from 'vitest';
import type { OtlpLogRecord } from '../otlp-records';
import { createOtlpMapper } from './create-otlp-mapper';
import { MAX_SEQ_MS, SLOTS_PER_MS, eventSeq, parseUnixNano, recordBucket } from './event-seq';
import { fixtureLogRecords, fixtureSpans } from '../../test-support/otlp-mapping-fixtures';
import { sanitiseSessionId } from './session-identity';

const identities = (events: Record<string, unknown>[]) => events.filter((e) => e.type !== 'session_sync').map((e) => `${String(e.session_id)}#${String(e.seq)}`);

describe('deterministic identity of mapped events', () => {
  const fixtures = ['claude-code-logs.json', 'codex-logs.json', 'gemini-cli-logs.json'];

  it.each(fixtures)('%s: a re-sent export gives the same (session_id, seq) for every event, to a new mapper or the same one', (name) => {
    const records = fixtureLogRecords(name);
    const mapper = createOtlpMapper();
    const first = mapper.mapLogs(records).events;
    expect(identities(mapper.mapLogs(records).events)).toEqual(identities(first));
    expect(identities(createOtlpMapper().mapLogs(fixtureLogRecords(name)).events)).toEqual(identities(first));
  });

  it.each(fixtures)('%s: seqs are unique and grow with the records\' time', (name) => {
    const events = createOtlpMapper().mapLogs(fixtureLogRecords(name)).events.filter((e) => e.type !== 'session_sync');
    const seqs = events.map((e) => e.seq as number);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.every((s) => Number.isSafeInteger(s) && s >= 1)).toBe(true);
  });

  it('spans: the same export twice gives the same identities', () => {
    const first = createOtlpMapper().mapSpans(fixtureSpans('genai-spans.json')).events;
    expect(identities(createOtlpMapper().mapSpans(fixtureSpans('genai-spans.json')).events)).toEqual(identities(first));
  });

  it('orders records of one millisecond by Claude Code\'s event.sequence, and by their nanoseconds when the time has them', () => {
    const [prompt] = fixtureLogRecords('claude-code-logs.json');
    const at = (sequence: number): OtlpLogRecord => ({ ...prompt!, attributes: new Map(prompt!.attributes).set('event.sequence', sequence) });
    const seqOf = (record: OtlpLogRecord) => createOtlpMapper().mapLogs([record]).events[0]!.seq as number;
    expect(seqOf(at(7))).toBeLessThan(seqOf(at(8)));
    expect(seqOf(at(255))).toBeGreaterThan(seqOf(at(256))); // 256 events apart in one millisecond wrap: documented
    const ms = { ms: 1_796_310_000_000, subMsNanos: 0 };
    expect(recordBucket({ ...ms, subMsNanos: 1_000 }, 3, 'x')).toBeLessThan(recordBucket({ ...ms, subMsNanos: 999_000 }, 1, 'y'));
  });

  it('keeps every seq below Number.MAX_SAFE_INTEGER and refuses a time past the last usable millisecond', () => {
    expect(eventSeq(MAX_SEQ_MS, 255, 7)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(eventSeq(1, 0, 0)).toBe(SLOTS_PER_MS);
    expect(parseUnixNano(String(BigInt(MAX_SEQ_MS + 1) * 1_000_000n))).toBeNull();
    expect(parseUnixNano('0')).toBeNull();
    const [prompt] = fixtureLogRecords('claude-code-logs.json');
    const far = { ...prompt!, timeUnixNano: '99999999999999999999999', observedTimeUnixNano: '0', attributes: new Map(prompt!.attributes).set('event.timestamp', 'never') };
    expect(createOtlpMapper().mapLogs([far]).unusable).toEqual([{ index: prompt!.index, reason: expect.stringContaining('no usable time') }]);
  });

  it('falls back to event.timestamp when the record has no time, and to the trace id when no session is named', () => {
    const [prompt] = fixtureLogRecords('claude-code-logs.json');
    const untimed = { ...prompt!, timeUnixNano: '0', observedTimeUnixNano: '0' };
    expect(createOtlpMapper().mapLogs([untimed]).events[0]).toMatchObject({ ts: Date.parse(prompt!.attributes.get('event.timestamp') as string) });
    const anonymous = { ...prompt!, attributes: new Map([...prompt!.attributes].filter(([k]) => k !== 'session.id')), traceId: '4BF92F3577B34DA6A3CE929D0E0E4736' };
    expect(createOtlpMapper().mapLogs([anonymous]).events[0]).toMatchObject({ session_id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    const lost = { ...anonymous, traceId: '' };
    expect(createOtlpMapper().mapLogs([lost]).unusable[0]!.reason).toContain('no session');
  });
});

describe('sanitiseSessionId', () => {
  it('keeps a valid id and makes any other valid without merging two ids', () => {
    expect(sanitiseSessionId('3f1c2a9e-5b7d-4e21-9c0a-8d6f4b2e1a37')).toBe('3f1c2a9e-5b7d-4e21-9c0a-8d6f4b2e1a37');
    const a = sanitiseSessionId('user:42/thread.7');
    const b = sanitiseSessionId('user/42:thread.7');
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
    expect(a).not.toBe(b);
    expect(sanitiseSessionId('x'.repeat(500))).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
  });
});
