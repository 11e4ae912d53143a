import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../protocol/event-schemas';
import { otherMetadata, toolCallFacts } from './tool-call-facts';

const envelope = { session_id: 's', seq: 1, ts: 0 };
const start = (args: string): EventOf<'tool_call_start'> => ({ ...envelope, type: 'tool_call_start', tool_call_id: 'c', name: 'bash', arguments: args });
const meta = (metadata: unknown): EventOf<'tool_call_metadata'> => ({ ...envelope, type: 'tool_call_metadata', tool_call_id: 'c', name: 'bash', metadata });

describe('toolCallFacts', () => {
  it('reads command, cwd and exit code of a bash call from its arguments and its folded metadata', () => {
    const facts = toolCallFacts(start('{"command":"npx vitest run"}'), [meta({ command: 'npx vitest run', cwd: null }), meta({ exit_code: 1, allowed_cwd: '/home/dev/app', sandboxed: false })]);
    expect(facts).toEqual({ command: 'npx vitest run', cwd: '/home/dev/app', exitCode: 1, patch: null });
  });

  it('reads the files, hunks and preview of a patch under either naming', () => {
    expect(toolCallFacts(null, [meta({ patch_files: ['a.ts', 'b.ts'], patch_hunks: 3, patch_preview: '--- a/a.ts' })]).patch).toEqual({ files: ['a.ts', 'b.ts'], hunks: 3, preview: '--- a/a.ts' });
    expect(toolCallFacts(null, [meta({ files: ['a.ts'], hunks: null, preview: null })]).patch).toEqual({ files: ['a.ts'], hunks: null, preview: null });
  });

  it('survives truncated arguments and odd metadata', () => {
    expect(toolCallFacts(start('{"command":"ls'), [meta('text'), meta(null), meta({ exit_code: '1' })])).toEqual({ command: null, cwd: null, exitCode: null, patch: null });
  });

  it('shows credentials in facts and metadata masked, as the raw view does', () => {
    const facts = toolCallFacts(start('{"command":"curl -H \\"Authorization: Bearer BEARER-CMD-7777\\" x"}'), []);
    expect(facts.command).toBe('curl -H "Authorization: Bearer ••••••" x');
    expect(otherMetadata([meta({ env: { GITHUB_TOKEN: 'ghp_META_9999' }, api_key: 'sk-1' })])).toEqual([
      ['env', '{"GITHUB_TOKEN":"••••••"}'],
      ['api_key', '••••••'],
    ]);
  });

  it('lists the rest of the metadata, without what the facts show', () => {
    expect(otherMetadata([meta({ exit_code: 0, sandboxed: false, network_policy: 'host', unsafe_fallback_reason: null })])).toEqual([
      ['sandboxed', 'false'],
      ['network_policy', 'host'],
    ]);
  });
});
