import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { deserializeFrameResult, validateFrame, validateFrameSerialized, type FrameResult } from './frame-validation';
import { FrameValidator } from './frame-validator';

// Large frames are validated on a worker thread, small ones in place: both must
// give the same items, refusals and messages.

const log = pino({ level: 'silent' });
const validators: FrameValidator[] = [];
afterEach(async () => {
  for (const v of validators.splice(0)) await v.close();
});

/** A validator that sends every frame to its worker, once the worker is up. */
async function offloadingValidator(): Promise<FrameValidator> {
  const validator = new FrameValidator(log, 1);
  validators.push(validator);
  await validator.whenReady(20_000);
  return validator;
}

const samples = Object.values(sampleEvents);
const frames: Record<string, string> = {
  'one event': JSON.stringify(sampleEvents.token_usage),
  'every sample': JSON.stringify(samples),
  'keys in another order, extra fields': JSON.stringify([{ extra: [1, { a: null }], ...sampleEvents.token_usage, session_id: 'reordered' }]),
  'valid and invalid elements': JSON.stringify([sampleEvents.done, { ...sampleEvents.token_usage, prompt_tokens: 'many' }, 7, null, [], sampleEvents.error]),
  'an unknown type': JSON.stringify({ session_id: 's', seq: 3, ts: '2026-11-24T13:00:00.123Z', type: 'future_variant', payload: { x: 1 } }),
  'malformed JSON': '[{"session_id": "s",',
  'a byte order mark': `\uFEFF${JSON.stringify(sampleEvents.done)}`,
  'non-ASCII text': JSON.stringify({ ...sampleEvents.text_complete, text: 'Éclair 😀 \u2028 done' }),
  'an empty array': '[]',
};

/** Items compared by what the rest of the server sees of them, key order included. */
const comparable = (result: FrameResult) =>
  result.kind === 'malformed'
    ? result
    : { rejected: result.rejected, items: result.items.map((i) => ({ ...i, eventJson: JSON.stringify(i.event) })) };

describe('frame validation', () => {
  it.each(Object.entries(frames))('gives the same result through the serialized form for %s', (_name, text) => {
    const direct = validateFrame(text);
    const roundTripped = deserializeFrameResult(structuredClone(validateFrameSerialized(text)));
    expect(comparable(roundTripped)).toEqual(comparable(direct));
  });

  it('gives the same result on the worker as in place', async () => {
    const validator = await offloadingValidator();
    for (const [name, text] of Object.entries(frames)) {
      const result = validator.validate(Buffer.from(text));
      expect(result, name).toBeInstanceOf(Promise);
      expect(comparable(await result), name).toEqual(comparable(validateFrame(text)));
    }
  });

  it('drops a leading byte-order mark from a frame, as from the first line of an NDJSON body', () => {
    const withMark = validateFrame(`\uFEFF${JSON.stringify(sampleEvents.done)}`);
    expect(withMark).toMatchObject({ kind: 'events', rejected: [] });
    expect(comparable(withMark)).toEqual(comparable(validateFrame(JSON.stringify(sampleEvents.done))));
  });

  it('validates small frames in place', () => {
    const validator = new FrameValidator(log);
    validators.push(validator);
    const result = validator.validate(Buffer.from(frames['one event']!));
    expect(result).not.toBeInstanceOf(Promise);
  });

  it('still answers every frame it held when its worker stops', async () => {
    const validator = await offloadingValidator();
    const texts = Array.from({ length: 20 }, (_, i) => JSON.stringify({ ...sampleEvents.done, seq: i + 1 }));
    const pending = texts.map((text) => validator.validate(Buffer.from(text)));
    await validator.close();
    const results = await Promise.all(pending);
    expect(results.map((r) => (r.kind === 'events' ? r.items[0]!.event.seq : null))).toEqual(texts.map((_, i) => i + 1));
    // Closed: from now on everything is validated in place.
    expect(validator.validate(Buffer.from(texts[0]!))).not.toBeInstanceOf(Promise);
  });
});
