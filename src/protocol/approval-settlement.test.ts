import { describe, expect, it } from 'vitest';
import { sampleEvents } from './sample-events';
import { settlesApproval } from './approval-settlement';
import type { KnownSessionEvent } from './event-schemas';

describe('settlesApproval', () => {
  const settles = (event: KnownSessionEvent) => settlesApproval('ap-1', 'call-2', event);

  it('ends the wait on its decision, its call going ahead, new text or the end', () => {
    expect(settles({ ...sampleEvents.approval_decision, approval_id: 'ap-1' })).toBe(true);
    expect(settles({ ...sampleEvents.tool_call_complete, tool_call_id: 'call-2' })).toBe(true);
    expect(settles({ ...sampleEvents.tool_output_chunk, tool_call_id: 'call-2' })).toBe(true);
    for (const type of ['text_chunk', 'text_complete', 'done', 'error'] as const) expect(settles(sampleEvents[type]), type).toBe(true);
  });

  it('keeps waiting for another approval, another call or a record', () => {
    expect(settles({ ...sampleEvents.approval_decision, approval_id: 'ap-2' })).toBe(false);
    expect(settles({ ...sampleEvents.tool_call_complete, tool_call_id: 'call-9' })).toBe(false);
    expect(settles({ ...sampleEvents.tool_call_complete, tool_call_id: undefined })).toBe(false);
    for (const type of ['session_sync', 'token_usage', 'tool_heartbeat', 'tool_call_metadata', 'thinking'] as const) expect(settles(sampleEvents[type]), type).toBe(false);
  });
});
