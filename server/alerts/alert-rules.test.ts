import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '#protocol/api-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import { eventClassOf } from '#protocol/event-class';
import { sessionEvents } from '../test-support/event-factory';
import { emptySummary } from '../store/session-summary';
import type { IngestItem } from '../ingest/ingest-item';
import { approvalSteps, dailySpendSteps, eventSteps, silenceSteps, utcDayOf } from './alert-conditions';
import { alertSettingsOf, kindSettingsFor, readAlertsFile } from './alert-settings';
import { nextPendingApprovals } from './approval-watch';
import { backoffMs } from './webhook-sender';
import { webhookBody, webhookSignature } from './webhook-payload';

// The pure rules behind the alerts: settings and their per-agent overrides,
// the approval watch, the time-based conditions at exact instants, back-off.

const config = { alertWebhooks: [], abandonedAfterMin: 30 };
const itemOf = (event: SessionEvent): IngestItem => ({ event, known: true, eventClass: eventClassOf(event.type), tsMs: Number(event.ts), json: JSON.stringify(event) });
const summary = (over: Partial<SessionSummary> = {}): SessionSummary => ({ ...emptySummary('s-1', 0), ...over });

describe('alert settings', () => {
  it('defaults, then the file globally, then per agent', () => {
    const settings = alertSettingsOf(config, { kinds: { stalled: { after_ms: 120_000 } }, agents: { coder: { stalled: { enabled: false }, approval_waiting: { after_ms: 60_000 } } } }, 'http://127.0.0.1:1/');
    expect(kindSettingsFor(settings, 'abandoned', null)).toEqual({ enabled: true, afterMs: 30 * 60_000 });
    expect(kindSettingsFor(settings, 'stalled', null)).toEqual({ enabled: true, afterMs: 120_000 });
    expect(kindSettingsFor(settings, 'stalled', 'coder')).toEqual({ enabled: false, afterMs: 120_000 });
    expect(kindSettingsFor(settings, 'approval_waiting', 'coder').afterMs).toBe(60_000);
    expect(kindSettingsFor(settings, 'approval_waiting', 'other').afterMs).toBe(0);
    expect(settings.publicUrl).toBe('http://127.0.0.1:1');
    // `constructor` is an agent name like any other, not a key of Object.prototype.
    expect(kindSettingsFor(settings, 'stalled', 'constructor').enabled).toBe(true);
  });

  it('a wrong alerts file names the file, the field and why', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alerts-file-'));
    const file = path.join(dir, 'alerts.json');
    fs.writeFileSync(file, JSON.stringify({ kinds: { stalled: { after_ms: -1 } }, agents: { a: { daily_spend: {} } } }));
    expect(() => readAlertsFile(file)).toThrow(/alerts\.json: kinds\.stalled\.after_ms: .*>=0.*; agents\.a: Unrecognized key: "daily_spend"/);
    fs.writeFileSync(file, '{ not json');
    expect(() => readAlertsFile(file)).toThrow(/alerts\.json: .*JSON/);
  });
});

describe('approval watch', () => {
  it('settles by decision, by the call it guards, by new text, and by the end', () => {
    const e = sessionEvents('s-1');
    const asked = nextPendingApprovals([], [itemOf(e('approval_request', { approval_id: 'a', tool_call_id: 'c1' })), itemOf(e('approval_request', { approval_id: 'b', tool_call_id: 'c2' }))]);
    expect(asked.map((p) => p.approval_id)).toEqual(['a', 'b']);
    expect(nextPendingApprovals(asked, [itemOf(e('approval_decision', { approval_id: 'a' }))]).map((p) => p.approval_id)).toEqual(['b']);
    expect(nextPendingApprovals(asked, [itemOf(e('tool_call_complete', { tool_call_id: 'c2' }))]).map((p) => p.approval_id)).toEqual(['a']);
    expect(nextPendingApprovals(asked, [itemOf(e('text_complete'))])).toEqual([]);
    expect(nextPendingApprovals(asked, [itemOf(e('done'))])).toEqual([]);
    expect(nextPendingApprovals(asked, [itemOf(e('tool_heartbeat'))])).toEqual(asked);
  });

  it('fires only once the delay has passed', () => {
    const settings = alertSettingsOf(config, { kinds: { approval_waiting: { after_ms: 60_000 } } }, 'http://x');
    const pending = { since_ms: 1_000_000, tool: 'bash' };
    expect(approvalSteps(summary(), pending, 1_059_999, settings)).toEqual([]);
    expect(approvalSteps(summary(), pending, 1_060_000, settings)[0]).toMatchObject({ op: 'fire', draft: { kind: 'approval_waiting' } });
    expect(approvalSteps(summary(), null, 1_060_000, settings)).toEqual([{ op: 'clear', kind: 'approval_waiting', key: 's-1' }]);
  });
});

describe('time-based conditions', () => {
  const settings = alertSettingsOf(config, {}, 'http://x');
  it('stalled after 5 minutes (not while an approval waits), abandoned after 30, neither once ended', () => {
    const quiet = summary({ last_seen_ms: 0 });
    const kindsAt = (now: number, s = quiet, approval = false) => silenceSteps(s, now, settings, approval).filter((st) => st.op === 'fire').map((st) => (st.op === 'fire' ? st.draft.kind : null));
    expect(kindsAt(300_000)).toEqual([]);
    expect(kindsAt(300_001)).toEqual(['stalled']);
    expect(kindsAt(300_001, quiet, true)).toEqual([]);
    expect(kindsAt(1_800_001)).toEqual(['stalled', 'abandoned']);
    expect(kindsAt(1_800_001, summary({ last_seen_ms: 0, status: 'done' }))).toEqual([]);
  });

  it('a backfill of old events or long-silent sessions pages nobody', () => {
    const now = Date.UTC(2026, 11, 3, 12);
    const e = sessionEvents('s-1');
    const errored = summary({ status: 'error', last_seq: 1 });
    const fires = (tsMs: number) => eventSteps(errored, [{ ...itemOf(e('error', { seq: 1 })), tsMs }], now, settings, () => undefined).filter((st) => st.op === 'fire');
    expect(fires(now - 60 * 60_000)).toHaveLength(1);
    expect(fires(now - 60 * 60_000 - 1)).toEqual([]);
    const longSilent = silenceSteps(summary({ last_seen_ms: now - 24 * 3_600_000 - 1 }), now, settings, false);
    expect(longSilent.filter((st) => st.op === 'fire')).toEqual([]);
  });

  it('daily_spend is per UTC day: yesterday clears at midnight, today fires at the threshold', () => {
    const withThreshold = alertSettingsOf({ ...config, alertDailySpendUsd: 10 }, {}, 'http://x');
    const midnight = Date.UTC(2026, 11, 4);
    expect(utcDayOf(midnight - 1).key).toBe('2026-12-03');
    expect(dailySpendSteps(9.99, midnight, withThreshold, ['2026-12-03'])).toEqual([
      { op: 'clear', kind: 'daily_spend', key: '2026-12-03' },
      { op: 'clear', kind: 'daily_spend', key: '2026-12-04' },
    ]);
    expect(dailySpendSteps(10, midnight, withThreshold, [])[0]).toMatchObject({ op: 'fire', draft: { key: '2026-12-04', session_id: null } });
  });
});

describe('webhooks', () => {
  it('back-off doubles from the base up to 5 minutes', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(1000, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(1000, 30)).toBe(300_000);
  });

  it('signs the exact body (a known HMAC-SHA256 vector) and links daily_spend to the Cost page', () => {
    // RFC 4231 test case 2.
    expect(webhookSignature('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const body = JSON.parse(webhookBody({ id: 1, kind: 'daily_spend', session_id: null, agent: null, ts_ms: 0, message: 'a <b> & c', cleared_ms: null, acked_ms: null }, 'https://t.example')) as Record<string, string>;
    expect(body.url).toBe('https://t.example/usage');
    expect(body.ts).toBe('1970-01-01T00:00:00.000Z');
    expect(body.text).toBe(':rotating_light: a &lt;b&gt; &amp; c <https://t.example/usage|Open in Tether Watch>');
  });
});
