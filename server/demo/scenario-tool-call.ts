import type { EventDraft } from './event-draft';
import type { ScenarioContext, Steps } from './scenario-context';
import type { PlannedToolCall } from './tool-catalogue';
import { callDurationMs, tokenUsage } from './token-usage';

export interface ToolCallResult {
  success: boolean;
  /** Tokens the result adds to the context before any condensing. */
  outputTokens: number;
}

const HEARTBEAT_EVERY_MS = 10_000;

/**
 * One tool call from start to completion: the approval it may wait for, the
 * output it streams, heartbeats while it runs long, the model it may call
 * itself, and its metadata.
 */
export function* toolCall(ctx: ScenarioContext, call: PlannedToolCall): Steps<ToolCallResult> {
  const { rng, profile } = ctx;
  const toolCallId = ctx.toolCallId();
  ctx.toolCalls++;
  yield ctx.at({ type: 'tool_call_start', tool_call_id: toolCallId, name: call.name, arguments: JSON.stringify(call.args) });

  if (call.approval) {
    ctx.wait(rng.int(80, 300));
    const approvalId = `apr_${rng.hex(16)}`;
    yield ctx.at({
      type: 'approval_request',
      approval_id: approvalId,
      tool_call_id: toolCallId,
      tool: call.name,
      action: call.approval.action,
      resource: call.approval.resource,
      reason: call.approval.reason,
      ...(call.approval.amendment ? { proposed_execpolicy_amendment: call.approval.amendment } : {}),
      available_decisions: ['approve', 'approve_for_session', 'deny'],
    });
    // A person reads the request and decides.
    const waitedMs = rng.int(2_500, 15_000);
    ctx.wait(waitedMs);
    const denied = rng.chance(0.15);
    yield ctx.at({ type: 'approval_decision', approval_id: approvalId, status: denied ? 'denied' : 'approved', decided_by: 'operator', decision: denied ? 'deny' : 'approve' });
    if (denied) {
      const output = `Permission denied by user: ${call.approval.action} ${call.approval.resource}`;
      yield ctx.at({ type: 'tool_call_complete', tool_call_id: toolCallId, name: call.name, output, success: false, duration_ms: waitedMs });
      return { success: false, outputTokens: 30 };
    }
  }

  const startedAtMs = ctx.clockMs;
  const during: { offsetMs: number; event: EventDraft }[] = [];
  call.streamed.forEach(({ stream, chunk }, i) => {
    const offsetMs = Math.round(((i + rng.float(0.6, 1)) / (call.streamed.length + 1)) * call.durationMs);
    during.push({ offsetMs, event: { type: 'tool_output_chunk', tool_call_id: toolCallId, name: call.name, stream, chunk } });
  });
  for (let elapsedMs = HEARTBEAT_EVERY_MS; elapsedMs < call.durationMs; elapsedMs += HEARTBEAT_EVERY_MS) {
    during.push({ offsetMs: elapsedMs, event: { type: 'tool_heartbeat', tool_call_id: toolCallId, name: call.name, elapsed_secs: elapsedMs / 1000 } });
  }
  during.sort((a, b) => a.offsetMs - b.offsetMs);
  for (const { offsetMs, event } of during) {
    ctx.wait(startedAtMs + offsetMs - ctx.clockMs);
    yield ctx.at(event);
  }
  ctx.wait(startedAtMs + call.durationMs - ctx.clockMs);

  if (call.callsModel) {
    // A page summariser runs on the small model; a sub-agent on the session's own model.
    const model = call.name === 'task' ? profile.model : profile.subcallModel;
    const completionTokens = Math.max(80, Math.round(call.outputTokens * rng.float(0.4, 1.2)));
    const promptTokens = call.name === 'task' ? rng.int(8_000, 42_000) : Math.round(call.outputTokens * rng.float(2, 3.5));
    yield ctx.at(
      tokenUsage(ctx, {
        source: 'tool_embedded',
        model,
        promptTokens,
        completionTokens,
        durationMs: Math.min(call.durationMs, callDurationMs(ctx, model, completionTokens)),
        cachedPrefix: rng.chance(0.5) ? rng.int(0, 4_000) : 0,
      }),
    );
  }
  if (call.metadata && rng.chance(0.6)) {
    yield ctx.at({ type: 'tool_call_metadata', tool_call_id: toolCallId, name: call.name, metadata: call.metadata });
  }
  yield ctx.at({
    type: 'tool_call_complete',
    tool_call_id: toolCallId,
    name: call.name,
    output: call.output,
    success: call.success,
    duration_ms: ctx.clockMs - startedAtMs,
  });
  return { success: call.success, outputTokens: call.outputTokens };
}
