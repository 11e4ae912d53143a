import { describe, expect, it } from 'vitest';
import { createOtlpMapper } from './create-otlp-mapper';
import { fixtureLogRecords } from '../../test-support/otlp-mapping-fixtures';
import { ofType, validEvents } from './mapped-events.test-helpers';

const SESSION = '3f1c2a9e-5b7d-4e21-9c0a-8d6f4b2e1a37';

describe('Claude Code log events', () => {
  const records = fixtureLogRecords('claude-code-logs.json');
  const result = createOtlpMapper().mapLogs(records);
  const events = validEvents(result);

  it('maps every record of the session (nothing unusable), each event marked claude_code', () => {
    expect(result.unusable).toEqual([]);
    expect(events.every((e) => e.session_id === SESSION && e.producer === 'claude_code')).toBe(true);
  });

  it('counts the whole input: input_tokens EXCLUDES cache, so prompt = input + cache read + cache creation', () => {
    const [main, subagent] = ofType(events, 'token_usage');
    expect(main).toMatchObject({
      source: 'root',
      label: 'repl_main_thread',
      model: 'claude-sonnet-4-5-20250929',
      prompt_tokens: 12 + 15000 + 2000, // input_tokens arrived as the string "12"
      completion_tokens: 340,
      cache_read_tokens: 15000,
      cache_write_tokens: 2000,
      duration_ms: 4100,
      reported_cost_usd: 0.0123,
    });
    // A named subagent's request runs inside the Agent tool call: tool_embedded, labelled by the agent.
    expect(subagent).toMatchObject({ source: 'tool_embedded', label: 'Explore', prompt_tokens: 2000, completion_tokens: 150, reported_cost_usd: 0.0021 });
  });

  it('shows the prompt (role user), the reply, and one card per tool call', () => {
    expect(ofType(events, 'text_complete').map((e) => [e.role ?? 'agent', e.text])).toEqual([
      ['user', 'Fix the failing test in parser.ts'],
      ['agent', 'The test passes now: the lexer skipped tabs.'],
    ]);
    const starts = ofType(events, 'tool_call_start');
    const completes = ofType(events, 'tool_call_complete');
    expect(starts.map((e) => e.tool_call_id)).toEqual(['toolu_01A', 'toolu_02B', 'toolu_03C']);
    expect(completes.map((e) => [e.tool_call_id, e.success])).toEqual([
      ['toolu_01A', true],
      ['toolu_02B', true],
      ['toolu_03C', false],
    ]);
    expect(JSON.parse(starts[0]!.arguments as string)).toMatchObject({ full_command: 'npm test -- parser' });
    expect(completes[0]).toMatchObject({ name: 'Bash', duration_ms: 820 });
    // The user's own answers are approval decisions; a config decision is not one.
    expect(ofType(events, 'approval_decision').map((e) => [e.approval_id, e.status, e.reason])).toEqual([
      ['toolu_02B', 'approved', 'user_temporary'],
      ['toolu_03C', 'denied', 'user_reject'],
    ]);
  });

  it('turns compaction into a started/completed pair sharing one trace id', () => {
    const [started] = ofType(events, 'compaction_started');
    const [completed] = ofType(events, 'compaction_completed');
    expect(started).toMatchObject({ before_tokens: 150000, reason: 'auto compaction' });
    expect(completed).toMatchObject({ trace_id: started!.trace_id, before_tokens: 150000, after_tokens: 30000 });
    expect(completed!.seq).toBeGreaterThan(started!.seq as number);
  });

  it('makes api_error the turn\'s error, and passes api_retries_exhausted and other events through as shown-not-stored types', () => {
    expect(ofType(events, 'error').map((e) => e.error)).toEqual(['API error 529: Overloaded (claude-sonnet-4-5-20250929, 11 attempts)']);
    expect(ofType(events, 'claude_code.api_retries_exhausted')).toHaveLength(1);
    expect(ofType(events, 'claude_code.hook_registered')[0]).toMatchObject({ attributes: { hook_event: 'PreToolUse' } });
    expect(ofType(events, 'claude_code.subagent_completed')).toHaveLength(1);
  });

  it('names the session with session_sync: the agent (service) on first sight, again once the model is known', () => {
    expect(ofType(events, 'session_sync').map((e) => e.session)).toEqual([
      { id: SESSION, agent: 'claude-code' },
      { id: SESSION, agent: 'claude-code', metadata: { model: 'claude-sonnet-4-5-20250929' } },
    ]);
  });

  it('a prompt the user did not allow to be logged gives only `thinking`', () => {
    const [prompt] = records;
    const redacted = { ...prompt!, attributes: new Map(prompt!.attributes).set('prompt', '<REDACTED>') };
    expect(createOtlpMapper().mapLogs([redacted]).events.map((e) => e.type)).toEqual(['thinking', 'session_sync']);
  });
});
