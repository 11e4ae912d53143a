import { describe, expect, it } from 'vitest';
import { sessionSource } from './session-source';

describe('sessionSource', () => {
  it('names each producer and what it cannot fill', () => {
    expect(sessionSource('claude_code')).toMatchObject({ label: 'Claude Code', via: expect.stringContaining('OTLP') });
    expect(sessionSource('codex').cannotFill.join(' ')).toContain('no response content');
    expect(sessionSource('otlp').cannotFill.join(' ')).toContain('spans arrive when they end');
  });

  it('treats no producer as our own protocol, which fills everything, and shows an unknown name as it is', () => {
    expect(sessionSource(null)).toEqual({ label: 'the Tether Watch protocol', via: 'protocol events sent by the agent', cannotFill: [] });
    expect(sessionSource(undefined).cannotFill).toEqual([]);
    expect(sessionSource('constructor')).toMatchObject({ label: 'constructor', cannotFill: [] });
  });
});
