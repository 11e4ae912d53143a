import { describe, expect, it } from 'vitest';
import { createOtlpMapper } from './create-otlp-mapper';
import { fixtureLogRecords } from '../../test-support/otlp-mapping-fixtures';
import { ofType, validEvents } from './mapped-events.test-helpers';

describe('Gemini CLI log events', () => {
  const records = fixtureLogRecords('gemini-cli-logs.json');
  const result = createOtlpMapper().mapLogs(records);
  const events = validEvents(result);

  it('maps the session under session.id, every event marked gemini_cli', () => {
    expect(result.unusable).toEqual([]);
    expect(events.every((e) => e.session_id === 'c8b3f0e2-1d4a-4f6b-a7c9-5e2d8b1f3a60' && e.producer === 'gemini_cli')).toBe(true);
  });

  it('counts api_response usage once (not again from its gen_ai operation-details twin): thoughts are output, cached is part of input', () => {
    expect(ofType(events, 'token_usage').map((e) => [e.source, e.label, e.model, e.prompt_tokens, e.cache_read_tokens, e.completion_tokens])).toEqual([
      ['root', 'main', 'gemini-2.5-pro', 9000, 6000, 650],
      ['tool_embedded', 'subagent', 'gemini-2.5-flash', 3040, 0, 120],
    ]);
  });

  it('shows prompt and reply text, a card per tool call and one for the subagent run', () => {
    expect(ofType(events, 'text_complete').map((e) => [e.role ?? 'agent', e.text])).toEqual([
      ['user', 'Summarise the open TODO items'],
      ['agent', 'There are three TODO items in src/.'],
    ]);
    const completes = ofType(events, 'tool_call_complete');
    expect(completes.map((e) => [e.name, e.success])).toEqual([
      ['read_file', true],
      ['agent codebase_investigator', true],
    ]);
    const starts = ofType(events, 'tool_call_start');
    expect(starts.map((e) => e.tool_call_id)).toEqual(completes.map((e) => e.tool_call_id));
    expect(JSON.parse(starts[0]!.arguments as string)).toEqual({ absolute_path: '/repo/src/todo.ts' });
  });

  it('turns chat_compression into a compaction pair, api_error into an error, conversation_finished into done', () => {
    expect(ofType(events, 'compaction_completed')).toEqual([expect.objectContaining({ before_tokens: 120000, after_tokens: 24000 })]);
    expect(ofType(events, 'error').map((e) => e.error)).toEqual(['API error 429: Resource exhausted (gemini-2.5-pro)']);
    expect(ofType(events, 'done')).toHaveLength(1);
    expect(ofType(events, 'gemini_cli.slash_command')).toHaveLength(1);
  });

  it('gives records of one millisecond distinct seqs although Gemini has no event.sequence', () => {
    const seqs = events.map((e) => e.seq as number);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});
