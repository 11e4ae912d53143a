import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import type { ParsedItem } from '../../ingest/ingest-item';
import { ApprovalCorrelator } from './approval-correlator';
import { approvalsLineToItems } from './approvals-log';
import { createThreadLogTransform } from './thread-log-transform';

const readLines = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').trimEnd().split('\n');
const threadLines = readLines('thread-log.jsonl');
const approvalLines = readLines('approvals.jsonl');
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';
const FILE = `/data/threads/${SESSION}.jsonl`;
const PATCH_APPROVAL = '5f0e8a14-2b6c-4d3e-8a9f-1c2d3e4f5a6b';
const BASH_APPROVAL = 'c3a9d2e1-7b84-4f65-9e0a-b1c2d3e4f506';

const eventsOf = (items: ParsedItem[]): SessionEvent[] => items.flatMap((p) => (p.ok ? [p.item.event] : []));
const decisionsOf = (items: ParsedItem[]) => eventsOf(items).filter((e) => e.type === 'approval_decision');

function readThread(correlator: ApprovalCorrelator): ParsedItem[] {
  const transform = createThreadLogTransform({ approvals: correlator });
  return threadLines.flatMap((text, i) => transform(text, i + 1, FILE));
}

const readApprovals = (correlator: ApprovalCorrelator): ParsedItem[] => approvalLines.flatMap((text) => approvalsLineToItems(text, correlator));

const expected = [
  // The request is line 16 (patch.approval_required) and line 26 (approval.requested): slot 14 of those lines.
  { session_id: SESSION, seq: 16 * 16 + 14, type: 'approval_decision', approval_id: PATCH_APPROVAL, status: 'approved', decided_by: 'riley', reason: 'looks good', ts: Date.parse('2026-01-05T12:35:42.507Z'), producer: 'codetether' },
  { session_id: SESSION, seq: 26 * 16 + 14, type: 'approval_decision', approval_id: BASH_APPROVAL, status: 'denied', decided_by: 'tui', reason: 'not before review', ts: Date.parse('2026-01-05T12:36:14.902Z'), producer: 'codetether' },
];

describe('approvals.jsonl decisions', () => {
  it('shows each decision in the session whose thread log asked, when the thread log was read first', () => {
    const correlator = new ApprovalCorrelator();
    expect(decisionsOf(readThread(correlator))).toEqual([]);
    const items = readApprovals(correlator);
    expect(items.every((p) => p.ok)).toBe(true);
    const decisions = decisionsOf(items);
    expect(decisions).toMatchObject(expected);
    for (const d of decisions) expect(parseEvent(d)).toMatchObject({ ok: true, known: true });
  });

  it('gives the same events, seqs included, when approvals.jsonl was read first (so a re-reading stores nothing twice)', () => {
    const correlator = new ApprovalCorrelator();
    expect(decisionsOf(readApprovals(correlator))).toEqual([]);
    const decisions = decisionsOf(readThread(correlator));
    expect(decisions).toMatchObject(expected);
    // And every reading after that says the same again.
    expect(decisionsOf(readApprovals(correlator))).toMatchObject(expected);
    expect(decisionsOf(readThread(correlator))).toMatchObject(expected);
  });

  it('refuses damaged lines with the reason, and ignores requests and pending statuses', () => {
    const correlator = new ApprovalCorrelator();
    expect(approvalsLineToItems('{{""eventevent""::""requestrequest""}}', correlator)).toEqual([{ ok: false, error: expect.stringMatching(/^malformed JSON/) }]);
    expect(approvalsLineToItems('[1,2]', correlator)).toEqual([{ ok: false, error: expect.stringContaining('"event" tag') }]);
    expect(approvalsLineToItems(JSON.stringify({ event: 'decision', decision: { id: 'd', request_id: 'r', status: 'approved', decided_by: 'x', reason: '', decided_at: 'yesterday' } }), correlator)).toEqual([
      { ok: false, error: expect.stringContaining('not an RFC 3339 time') },
    ]);
    expect(approvalsLineToItems(JSON.stringify({ event: 'decision', decision: { id: 'd', request_id: 'r', status: 'maybe', decided_at: '2026-01-05T12:00:00Z' } }), correlator)).toEqual([
      { ok: false, error: expect.stringContaining('status') },
    ]);
    expect(approvalsLineToItems(approvalLines[0]!, correlator)).toEqual([]);
    expect(approvalsLineToItems(JSON.stringify({ event: 'decision', decision: { id: 'd', request_id: 'r', status: 'pending', decided_by: 'x', reason: '', decided_at: '2026-01-05T12:00:00Z' } }), correlator)).toEqual([]);
  });

  it('never throws and yields only valid events, whatever the lines (fuzz)', () => {
    const correlator = new ApprovalCorrelator();
    correlator.requestMapped('r', SESSION, 32);
    const decision = fc.record({ id: fc.string(), request_id: fc.constantFrom('r', 'x', ''), status: fc.constantFrom('approved', 'denied', 'pending', 'odd'), decided_by: fc.option(fc.string()), reason: fc.option(fc.string()), decided_at: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) });
    const line = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), decision.map((d) => JSON.stringify({ event: 'decision', decision: d })));
    fc.assert(
      fc.property(line, (text) => {
        for (const item of approvalsLineToItems(text, correlator)) if (item.ok) expect(parseEvent(item.item.event).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
