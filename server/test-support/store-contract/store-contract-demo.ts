import { describe, expect, it } from 'vitest';
import {
  analyticsQuerySchema,
  compactionQuerySchema,
  rlmFallbackQuerySchema,
  rlmQuerySchema,
  sessionEventsQuerySchema,
  tokenUsageQuerySchema,
  usageQuerySchema,
} from '#protocol/api-queries';
import { DEMO_PRODUCER } from '#protocol/demo-producer';
import type { EventStore, UsageTotalsRow } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { fixtureStartMs, hourMs, makeItem, minuteMs, tokenUsageItem } from '../store-test-events';

// The built-in demo's sessions (./demo-sessions.ts), part of describeStoreContract
// (store-contract.ts): marked where they are stored, left out of every cost and
// analytics read unless `include_demo=true` (or named), removable in one step.

const T0 = fixtureStartMs;
const demo = { producer: DEMO_PRODUCER };

/** One real session and one demo session, each with usage (one model, one hour) and one of every typed record. */
function mixedFixture(): IngestItem[] {
  const sessionOf = (id: string, extra: Record<string, unknown>, prompt: number): IngestItem[] => [
    makeItem('session_sync', id, 1, T0, { session: { id, title: id, agent: 'coder' }, ...extra }),
    makeItem('token_usage', id, 2, T0 + minuteMs, { source: 'root', model: 'openai/gpt-5', prompt_tokens: prompt, completion_tokens: prompt / 10, duration_ms: 5, ...extra }),
    makeItem('token_usage', id, 3, T0 + 2 * minuteMs, { source: 'rlm_subcall', model: 'openai/gpt-5', prompt_tokens: prompt, completion_tokens: prompt / 10, duration_ms: 5, label: 'probe', ...extra }),
    makeItem('rlm_complete', id, 4, T0 + 3 * minuteMs, { trace_id: `rlm-${id}`, ...extra }),
    makeItem('compaction_completed', id, 5, T0 + 4 * minuteMs, { trace_id: `cmp-${id}`, ...extra }),
    makeItem('rlm_subcall_fallback', id, 6, T0 + 5 * minuteMs, extra),
    makeItem('token_estimate', id, 7, T0 + 6 * minuteMs, extra),
  ];
  return [...sessionOf('real-1', {}, 100), ...sessionOf('demo-1', demo, 1000)];
}

const usage = (store: EventStore, q: Record<string, string> = {}) => store.usage(usageQuerySchema.parse(q));
const promptOf = (rows: readonly UsageTotalsRow[]) => rows.reduce((sum, row) => sum + row.prompt_tokens, 0);
const sessionsOf = (records: readonly { session_id: string }[]) => [...new Set(records.map((r) => r.session_id))].sort();

/** Every shape of the usage aggregate: session-less rollup, its exact rows, per-session rollup, raw rows. */
const usageShapes: Record<string, Record<string, string>> = {
  'no grouping (session-less rollup)': {},
  'hourly by source and model (its rows as they are)': { bucket: '1h', group_by: 'source,model' },
  'by session (per-session rollup)': { group_by: 'session' },
  'hourly by source, model and session (its rows as they are)': { bucket: '1h', group_by: 'source,model,session' },
  'by agent': { group_by: 'agent' },
  'by minute (raw rows)': { bucket: '1m', group_by: 'model' },
  'by label (raw rows)': { group_by: 'label' },
  'a window off the hour (raw rows)': { from: String(T0 + 30_000), to: String(T0 + hourMs) },
};

export function describeDemoData(getStore: () => EventStore): void {
  describe('demo data', () => {
    it('marks a session whose events name the demo as their producer, and only those', async () => {
      const store = getStore();
      await store.ingest(mixedFixture());
      expect(await store.demoSessionCount()).toBe(1);
      expect((await store.getSession('demo-1'))?.producer).toBe(DEMO_PRODUCER);
      expect((await store.getSession('real-1'))?.producer).toBeNull();
      // A later batch of the same session is still demo (counted once), even where an event names no producer.
      await store.ingest([tokenUsageItem('demo-1', 8, T0 + 7 * minuteMs, { model: 'openai/gpt-5', prompt_tokens: 5, completion_tokens: 1 })]);
      expect(await store.demoSessionCount()).toBe(1);
      expect(promptOf(await usage(store))).toBe(200);
      // Another producer's session is not demo, whatever its later events say.
      await store.ingest([makeItem('text_complete', 'other-1', 1, T0, { producer: 'otlp' }), makeItem('text_complete', 'other-1', 2, T0, demo)]);
      expect(await store.demoSessionCount()).toBe(1);
    });

    for (const [shape, q] of Object.entries(usageShapes)) {
      it(`leaves demo usage out of the usage aggregate unless include_demo: ${shape}`, async () => {
        const store = getStore();
        await store.ingest(mixedFixture());
        const real = promptOf(await usage(store, q));
        const all = promptOf(await usage(store, { ...q, include_demo: 'true' }));
        expect(real).toBe(200);
        expect(all).toBe(2200);
        expect(promptOf(await usage(store, { ...q, include_demo: 'false' }))).toBe(200);
      });
    }

    it('keeps a named demo session in its own usage and records', async () => {
      const store = getStore();
      await store.ingest(mixedFixture());
      expect(promptOf(await usage(store, { session: 'demo-1' }))).toBe(2000);
      expect(promptOf(await usage(store, { session: 'demo-1', group_by: 'session', bucket: '1h' }))).toBe(2000);
      expect((await store.tokenUsage(tokenUsageQuerySchema.parse({ session: 'demo-1' }))).records).toHaveLength(2);
      expect((await store.rlmCompletions(rlmQuerySchema.parse({ session: 'demo-1' }))).records).toHaveLength(1);
    });

    it('leaves demo sessions out of records and analytics unless include_demo', async () => {
      const store = getStore();
      await store.ingest(mixedFixture());
      const both = ['demo-1', 'real-1'];
      const reads = {
        tokenUsage: (q: Record<string, string>) => store.tokenUsage(tokenUsageQuerySchema.parse(q)),
        rlmCompletions: (q: Record<string, string>) => store.rlmCompletions(rlmQuerySchema.parse(q)),
        compactions: (q: Record<string, string>) => store.compactions(compactionQuerySchema.parse(q)),
        rlmFallbacks: (q: Record<string, string>) => store.rlmFallbacks(rlmFallbackQuerySchema.parse(q)),
      };
      for (const [name, read] of Object.entries(reads)) {
        expect(sessionsOf((await read({})).records), name).toEqual(['real-1']);
        expect(sessionsOf((await read({ include_demo: 'true' })).records), name).toEqual(both);
      }
      const analytics = (q: Record<string, string>) => analyticsQuerySchema.parse({ bucket: '1h', ...q });
      expect((await store.rlmStats(analytics({}))).totals.completions).toBe(1);
      expect((await store.rlmStats(analytics({}))).fallbacks.reduce((n, f) => n + f.count, 0)).toBe(1);
      expect((await store.rlmStats(analytics({ include_demo: 'true' }))).totals.completions).toBe(2);
      expect((await store.compactionStats(analytics({}))).totals.completed).toBe(1);
      expect((await store.compactionStats(analytics({ include_demo: 'true' }))).totals.completed).toBe(2);
    });

    it('removes every demo session in one step and leaves the others as they were', async () => {
      const store = getStore();
      await store.ingest(mixedFixture());
      await store.setBudget('demo-1', { warn_usd: 1, limit_usd: 2 });
      await store.setBudget('real-1', { warn_usd: 3, limit_usd: null });
      const realBefore = await store.getSession('real-1');

      const removed = await store.removeDemoData();
      expect(removed).toMatchObject({ sessions: 1, events: 5, sessionIds: ['demo-1'] });

      expect(await store.demoSessionCount()).toBe(0);
      expect(await store.getSession('demo-1')).toBeNull();
      expect(await store.sessionCount()).toBe(1);
      expect((await store.sessionEvents('demo-1', sessionEventsQuerySchema.parse({}))).events).toEqual([]);
      expect((await store.eventsAfter(0, null, 100)).map((e) => e.event.session_id)).not.toContain('demo-1');
      for (const q of Object.values(usageShapes)) expect(promptOf(await usage(store, { ...q, include_demo: 'true' }))).toBe(200);
      expect(promptOf(await usage(store, { session: 'demo-1' }))).toBe(0);
      expect(sessionsOf((await store.tokenUsage(tokenUsageQuerySchema.parse({ include_demo: 'true' }))).records)).toEqual(['real-1']);
      expect(sessionsOf((await store.compactions(compactionQuerySchema.parse({ include_demo: 'true' }))).records)).toEqual(['real-1']);
      expect((await store.rlmStats(analyticsQuerySchema.parse({ include_demo: 'true' }))).totals.completions).toBe(1);
      expect(await store.contextSeries('demo-1')).toEqual({ samples: [], markers: [] });
      expect(await store.budgets()).toEqual({ 'real-1': { warn_usd: 3, limit_usd: null } });
      expect(await store.getSession('real-1')).toEqual(realBefore);

      // Nothing left: removing again is not an error.
      expect(await store.removeDemoData()).toMatchObject({ sessions: 0, events: 0 });
      // A new demo session is marked again, and its usage kept apart as before.
      await store.ingest([tokenUsageItem('demo-2', 1, T0, { model: 'openai/gpt-5', prompt_tokens: 7, completion_tokens: 1 })].map((item) => withProducer(item)));
      expect(await store.demoSessionCount()).toBe(1);
      expect(promptOf(await usage(store))).toBe(200);
      expect(promptOf(await usage(store, { include_demo: 'true' }))).toBe(207);
    });
  });
}

/** The same item as the demo sends it. */
function withProducer(item: IngestItem): IngestItem {
  const event = { ...item.event, producer: DEMO_PRODUCER };
  return { ...item, event, json: JSON.stringify(event) };
}
