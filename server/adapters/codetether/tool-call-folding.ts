import { isObject, textOf, type JsonObject } from './source-values';

// codetether-agent writes one tool call as several records: for `bash`
// tool.started + command.started, then tool.completed + command.completed; for
// `apply_patch` tool.started + patch.started (patch_id = the call id),
// tool.metadata, patch.completed, then tool.completed (session/thread_events/
// tool_events.rs, tool_metadata.rs). The thread log and `codetether run --format
// jsonl` carry the same records, so both mappings fold them here: one
// tool_call_start and one tool_call_complete per call, and what the extra
// records add (command and cwd, the patch's files, hunks and preview) as
// tool_call_metadata of that same call.

/** What is remembered of one tool call between its records. */
interface CallState {
  name: string;
  startedMs: number;
  completed: boolean;
  /** A tool.metadata arrived: patch.completed (derived from it by the agent) adds nothing. */
  metadataSeen: boolean;
  /** The files an apply_patch touches, for its approval's resource. */
  patchFiles: string[] | null;
}

/** The agent's tool names for shell commands and edits (tool/bash.rs, tool/patch). */
export const BASH_TOOL = 'bash';
export const PATCH_TOOL = 'apply_patch';

/** Calls of one turn are few; a log that never ends its calls must not grow this without bound. */
const MAX_CALLS = 10_000;

export type Emit = (type: string, fields?: JsonObject) => void;

/** The calls of the current turn (or run), by tool call id. */
export class ToolCallLedger {
  private readonly calls = new Map<string, CallState>();

  get(id: string): CallState | undefined {
    return this.calls.get(id);
  }

  open(id: string, name: string, startedMs: number): CallState {
    if (this.calls.size >= MAX_CALLS) this.calls.delete(this.calls.keys().next().value as string);
    const call: CallState = { name, startedMs, completed: false, metadataSeen: false, patchFiles: null };
    this.calls.set(id, call);
    return call;
  }

  /** A new turn: the previous turn's calls get no more records. */
  clear(): void {
    this.calls.clear();
  }
}

/** Where a record is being mapped: its time and what to emit into. */
export interface FoldContext {
  ledger: ToolCallLedger;
  emit: Emit;
  timestampMs: number;
}

const stringList = (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null);

function nameOf(ctx: FoldContext, id: string, given: unknown): string {
  if (typeof given === 'string' && given !== '') return given;
  return ctx.ledger.get(id)?.name ?? 'tool';
}

/** tool.started: the call's one start (a second start of an open call adds nothing). */
export function foldToolStarted(ctx: FoldContext, id: string, name: string, args: string): void {
  const open = ctx.ledger.get(id);
  if (open && !open.completed) return;
  ctx.ledger.open(id, name, ctx.timestampMs);
  ctx.emit('tool_call_start', { tool_call_id: id, name, arguments: args });
}

/** command.started: the command and cwd of the bash call it belongs to (or the start of a call seen only as a command). */
export function foldCommandStarted(ctx: FoldContext, id: string, command: unknown, cwd: unknown): void {
  const fields = { command: typeof command === 'string' ? command : null, cwd: typeof cwd === 'string' ? cwd : null };
  const open = ctx.ledger.get(id);
  if (open && !open.completed) {
    ctx.emit('tool_call_metadata', { tool_call_id: id, name: open.name, metadata: fields });
    return;
  }
  foldToolStarted(ctx, id, BASH_TOOL, JSON.stringify(fields));
}

/** patch.started: nothing beyond its tool.started (same id, same arguments), unless that was missed. */
export function foldPatchStarted(ctx: FoldContext, id: string, args: unknown): void {
  const open = ctx.ledger.get(id);
  if (open && !open.completed) return;
  foldToolStarted(ctx, id, PATCH_TOOL, typeof args === 'string' ? args : JSON.stringify(args ?? {}));
}

/** tool.metadata: as it is (exit code, sandbox, patch files...), remembered for the records after it. */
export function foldToolMetadata(ctx: FoldContext, id: string, name: unknown, metadata: unknown): void {
  const call = ctx.ledger.get(id);
  if (call) {
    call.metadataSeen = true;
    if (isObject(metadata)) call.patchFiles = stringList(metadata.patch_files) ?? call.patchFiles;
  }
  ctx.emit('tool_call_metadata', { tool_call_id: id, name: nameOf(ctx, id, name), metadata: metadata ?? null });
}

/**
 * patch.completed `{approval_required, files, hunks, patch_id, preview}`: the
 * agent derives it from the call's tool.metadata, so it adds nothing after one;
 * alone, it becomes that metadata (under the tool's own key names).
 */
export function foldPatchCompleted(ctx: FoldContext, id: string, payload: JsonObject): void {
  const call = ctx.ledger.get(id);
  const files = stringList(payload.files);
  if (call && files) call.patchFiles = files;
  if (call?.metadataSeen) return;
  const metadata = { patch_files: payload.files ?? null, patch_hunks: payload.hunks ?? null, patch_preview: payload.preview ?? null, approval_required: payload.approval_required ?? null };
  ctx.emit('tool_call_metadata', { tool_call_id: id, name: nameOf(ctx, id, PATCH_TOOL), metadata });
  if (call) call.metadataSeen = true;
}

export interface Completion {
  name?: unknown;
  output: string;
  success: boolean;
  /** Its own duration, else the time since the call's start. */
  durationMs?: number | null;
}

/** tool.completed: the call's one completion (a repeated one adds nothing). */
export function foldToolCompleted(ctx: FoldContext, id: string, completion: Completion): void {
  const call = ctx.ledger.get(id);
  if (call?.completed) return;
  const name = nameOf(ctx, id, completion.name);
  const own = completion.durationMs;
  const duration = typeof own === 'number' && own >= 0 ? own : call ? Math.max(0, ctx.timestampMs - call.startedMs) : 0;
  ctx.emit('tool_call_complete', { tool_call_id: id, name, output: completion.output, success: completion.success, duration_ms: duration });
  (call ?? ctx.ledger.open(id, name, ctx.timestampMs)).completed = true;
}

/** command.completed `{success, duration_ms}` (no output): after its tool.completed, nothing. */
export function foldCommandCompleted(ctx: FoldContext, id: string, success: boolean, durationMs: unknown): void {
  if (ctx.ledger.get(id)?.completed) return;
  foldToolCompleted(ctx, id, { output: '', success, durationMs: typeof durationMs === 'number' ? durationMs : null });
}

/** The resource of an apply_patch approval, as the agent names it (tool/patch/approval.rs `resource`). */
export function patchResource(files: readonly string[] | null): string {
  if (!files || files.length === 0) return 'workspace';
  return files.join(',');
}

/**
 * patch.approval_required `{approval_id, patch_id}`: the patch tool asked the
 * approval store (tool "apply_patch", action "write", reason "patch write",
 * tool/patch/approval.rs) before writing; the request id is `approval_id`.
 */
export function foldPatchApprovalRequired(ctx: FoldContext, approvalId: string, patchId: string): void {
  const call = ctx.ledger.get(patchId);
  ctx.emit('approval_request', {
    approval_id: approvalId,
    tool_call_id: patchId,
    tool: call?.name ?? PATCH_TOOL,
    action: 'write',
    resource: patchResource(call?.patchFiles ?? null),
    reason: 'patch write',
  });
}

/** approval.requested / run.approval_requested -> approval_request; a missing text field becomes "" rather than losing the request. */
export function approvalRequestFields(p: JsonObject): JsonObject {
  const fields: JsonObject = {
    approval_id: textOf(p.approval_id),
    tool_call_id: textOf(p.tool_call_id),
    tool: textOf(p.tool),
    action: textOf(p.action),
    resource: textOf(p.resource),
    reason: textOf(p.reason),
  };
  const amendment = stringList(p.proposed_execpolicy_amendment);
  if (amendment) fields.proposed_execpolicy_amendment = amendment;
  if (Array.isArray(p.available_decisions)) fields.available_decisions = p.available_decisions;
  return fields;
}

/** approval.decided / run.approval_decided -> approval_decision; a pending or unknown status is no decision. */
export function approvalDecisionFields(p: JsonObject): JsonObject | null {
  if (p.status !== 'approved' && p.status !== 'denied') return null;
  const fields: JsonObject = { approval_id: textOf(p.approval_id), status: p.status };
  if (typeof p.decided_by === 'string') fields.decided_by = p.decided_by;
  if (typeof p.reason === 'string') fields.reason = p.reason;
  return fields;
}
