import type { OtlpAttributes, OtlpValue } from './otlp-records';
import type { WireAnyValue, WireInt64, WireKeyValue } from './otlp-wire';

/**
 * Deepest AnyValue (arrays and key-value lists inside each other) a record may
 * hold. Telemetry attributes are flat or shallow; far deeper nesting is an attack
 * or a bug, and the stored event could not hold it anyway (events are refused past
 * their own depth limit), so the record is refused here, with the reason.
 */
export const maxAnyValueDepth = 128;

/** A record the receiver cannot turn into an OtlpLogRecord / OtlpSpan; the message becomes its partial_success reason. */
export class UnusableRecordError extends Error {}

const hasOwn = Object.prototype.hasOwnProperty;
const TWO_32 = 0x1_0000_0000;

/** int64 as a number when exact, else its decimal string (OtlpValue's rule). */
export function int64Value(v: WireInt64): number | string {
  if (typeof v === 'number') return v;
  // A safe integer has at most 21 significant bits in the high word.
  if (v.high < 0x20_0000 && (v.unsigned ? v.high >= 0 : v.high >= -0x20_0000)) return v.high * TWO_32 + (v.low >>> 0);
  return v.toString();
}

/** fixed64 nanoseconds as an exact decimal string; '0' when unset. */
export function nanosString(v: WireInt64): string {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : BigInt(Math.trunc(v)).toString();
  if (v.high === 0 && v.low === 0) return '0';
  return ((BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)).toString();
}

export function hexOf(bytes: Uint8Array | null | undefined): string {
  if (bytes == null || bytes.length === 0) return '';
  return Buffer.isBuffer(bytes) ? bytes.toString('hex') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** An AnyValue as plain data; an unset value (an empty AnyValue) is null. */
export function anyValue(v: WireAnyValue | null | undefined, where: string, depth = 1): OtlpValue {
  if (v == null) return null;
  if (depth > maxAnyValueDepth) throw new UnusableRecordError(`${where} is nested more than ${maxAnyValueDepth} levels deep`);
  // Own properties only: protobufjs puts every member's default on the prototype.
  if (hasOwn.call(v, 'stringValue')) return v.stringValue!;
  if (hasOwn.call(v, 'intValue')) return int64Value(v.intValue!);
  if (hasOwn.call(v, 'doubleValue')) return v.doubleValue!;
  if (hasOwn.call(v, 'boolValue')) return v.boolValue!;
  if (hasOwn.call(v, 'arrayValue')) return (v.arrayValue?.values ?? []).map((item) => anyValue(item, where, depth + 1));
  if (hasOwn.call(v, 'kvlistValue')) {
    const list: Record<string, OtlpValue> = Object.create(null) as Record<string, OtlpValue>;
    for (const kv of v.kvlistValue?.values ?? []) list[kv.key] = anyValue(kv.value, where, depth + 1);
    return list;
  }
  if (hasOwn.call(v, 'bytesValue')) return hexOf(v.bytesValue);
  return null;
}

/** Attributes by key; a repeated key keeps its last value. */
export function attributesOf(list: readonly WireKeyValue[] | null | undefined, where: string): OtlpAttributes {
  const attributes = new Map<string, OtlpValue>();
  if (list == null) return attributes;
  for (const kv of list) attributes.set(kv.key, anyValue(kv.value, `${where} attribute \`${kv.key}\``));
  return attributes;
}
