import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config';

// The settings issue 13 added (nesting, unread replies, time limits, bodies in flight, allowed hosts): defaults as documented in README's table, refusals naming the setting.

describe('ingest and host settings', () => {
  it('have the documented defaults', () => {
    expect(resolveConfig({}, {})).toMatchObject({
      maxBodyBytes: 16 << 20,
      maxBodyBytesInFlight: 64 << 20,
      maxEventDepth: 128,
      ingestSendBufferBytes: 4 << 20,
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 10_000,
      connectionTimeoutMs: 0,
      allowedHosts: [],
    });
  });

  it('read allowed hosts as a lower-case comma-separated list, from the flag or the variable', () => {
    expect(resolveConfig({}, { TETHER_ALLOWED_HOSTS: ' Tether.Example.com, 10.0.0.5 ,[::2]' }).allowedHosts).toEqual(['tether.example.com', '10.0.0.5', '[::2]']);
    expect(resolveConfig({ allowedHosts: '*' }, { TETHER_ALLOWED_HOSTS: 'ignored.example' }).allowedHosts).toEqual(['*']);
    expect(() => resolveConfig({}, { TETHER_ALLOWED_HOSTS: 'tether.example.com:8787' })).toThrow(/TETHER_ALLOWED_HOSTS: expected host names/);
    expect(() => resolveConfig({ allowedHosts: 'https://tether.example.com' }, {})).toThrow(/--allowed-hosts/);
  });

  it('refuse settings that contradict each other or would break the readers, naming them', () => {
    expect(() => resolveConfig({}, { TETHER_HEADERS_TIMEOUT_MS: '90000' })).toThrow(/TETHER_HEADERS_TIMEOUT_MS: must not be over requestTimeoutMs \(60000\)/);
    expect(() => resolveConfig({}, { TETHER_MAX_BODY_BYTES_IN_FLIGHT: String(1 << 20) })).toThrow(/TETHER_MAX_BODY_BYTES_IN_FLIGHT: must be at least maxBodyBytes/);
    expect(() => resolveConfig({}, { TETHER_MAX_EVENT_DEPTH: '5000' })).toThrow(/TETHER_MAX_EVENT_DEPTH/);
    expect(() => resolveConfig({}, { TETHER_MAX_EVENT_DEPTH: '4' })).toThrow(/TETHER_MAX_EVENT_DEPTH/);
  });
});
