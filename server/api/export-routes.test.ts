import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenUsageRecordSchema, recordPageSchema, type TokenUsageRecord } from '#protocol/api-schemas';
import { usageQuerySchema } from '#protocol/api-queries';
import { cataloguePrices } from '../pricing/price-source';
import { priceTokenUsageRecord, pricedUsage } from '../pricing/priced-usage';
import { parseCsv } from '../test-support/parse-csv';
import { postNdjson, testServers } from '../test-support/test-server';
import { exportPageSize } from './export-views';

const servers = testServers(afterEach);
const T0 = Date.UTC(2026, 10, 24, 13);
const recordCount = 1200; // more than two store pages of exportPageSize (500)

const ndjson = (events: readonly object[]) => events.map((e) => JSON.stringify(e)).join('\n');

/** token_usage events over two sessions, with model names that need quoting in CSV. */
function tokenUsageEvents(count: number) {
  const models = ['anthropic/claude-sonnet-4-5', 'vendor/model, "beta" ✨', 'line\nbreak/model'];
  return Array.from({ length: count }, (_, i) => ({
    session_id: i % 3 === 0 ? 'export-b' : 'export-a',
    seq: i + 1,
    ts: T0 + i * 1000,
    type: 'token_usage',
    source: i % 2 === 0 ? 'root' : 'rlm_subcall',
    model: models[i % models.length],
    prompt_tokens: 1000 + i,
    completion_tokens: i,
    ...(i % 4 === 0 ? { cache_read_tokens: 7 } : {}),
    duration_ms: 100 + i / 8,
  }));
}

async function exportText(url: string, path: string) {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The token usage records as the read API serves them, each with its cost as server/pricing prices it. */
async function storedTokenUsage(url: string, filters = '') {
  const res = await fetch(`${url}/api/v1/token-usage?limit=5000${filters}`);
  const prices = cataloguePrices.current();
  return recordPageSchema(tokenUsageRecordSchema)
    .parse(await res.json())
    .records.map((record: TokenUsageRecord) => ({ ...record, cost_usd: priceTokenUsageRecord(prices, record).cost_usd }));
}
/** The export's columns: the record's, `ts` (RFC 3339) right after `ts_ms`, then the cost. */
const tokenUsageColumns = [...Object.keys(tokenUsageRecordSchema.shape).flatMap((c) => (c === 'ts_ms' ? [c, 'ts'] : [c])), 'cost_usd'];

/** A record as an export writes it: each instant followed by its RFC 3339 twin, dollars to 10 decimal places (no float noise). */
function asExported(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = typeof value === 'number' && key.endsWith('_usd') ? Number(value.toFixed(10)) : value;
    if (key === 'ts_ms') out.ts = new Date(value as number).toISOString();
    if (key === 'bucket_start_ms') out.bucket_start = new Date(value as number).toISOString();
  }
  return out;
}

/** What the CSV export must read back as: a header, then every column of every record as text. */
const asCsvRows = (columns: readonly string[], records: readonly Record<string, unknown>[]) => [
  [...columns],
  ...records.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
];

describe('GET /api/v1/export/:view', () => {
  it('streams every token usage record, over several store pages, in both formats', async () => {
    const { url, server } = await servers.start();
    expect((await postNdjson(url, ndjson(tokenUsageEvents(recordCount)))).body).toMatchObject({ accepted: recordCount });
    const served = await storedTokenUsage(url);
    const stored = served.map(asExported);
    expect(stored).toHaveLength(recordCount);
    // The catalogue prices the Claude model and nothing else: a cost, or null (never a made-up 0).
    expect(stored[0]!.cost_usd).toBeGreaterThan(0);
    expect(stored[1]!.cost_usd).toBeNull();
    const columns = tokenUsageColumns;

    const reads = vi.spyOn(server.store, 'tokenUsage');
    const csv = await exportText(url, `/api/v1/export/token-usage?format=csv&from=${T0}&to=${T0 + 2 * 3_600_000}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="tether-watch-token-usage-20261124T130000Z-to-20261124T150000Z.csv"',
    );
    const csvRows = parseCsv(csv.text);
    expect(csvRows).toEqual(asCsvRows(columns, stored));
    // Summed per-token prices carry binary noise (0.13996060000000002): the export writes at most 10 decimals.
    expect(served.some((r) => r.cost_usd !== null && /\.\d{11,}/.test(String(r.cost_usd)))).toBe(true);
    const costColumn = columns.indexOf('cost_usd');
    for (const row of csvRows.slice(1)) expect(row[costColumn]).toMatch(/^(\d+(\.\d{1,10})?)?$/);
    expect(csvRows[1]![columns.indexOf('ts')]).toBe('2026-11-24T13:00:00.000Z');
    // Three reads of a page each (500 + 500 + 200), the first without a cursor.
    expect(reads.mock.calls.map(([q]) => [q.limit, q.after === undefined])).toEqual([
      [exportPageSize, true],
      [exportPageSize, false],
      [exportPageSize, false],
    ]);

    const jsonl = await exportText(url, '/api/v1/export/token-usage?format=jsonl');
    expect(jsonl.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    // An open range ends at the moment of the export, named in the file (never "now").
    expect(jsonl.headers.get('content-disposition')).toMatch(/^attachment; filename="tether-watch-token-usage-start-to-\d{8}T\d{6}Z\.jsonl"$/);
    expect(jsonl.text.endsWith('\n')).toBe(true);
    const lines = jsonl.text.trimEnd().split('\n');
    expect(lines.map((line) => Object.keys(JSON.parse(line) as object))).toEqual(stored.map(() => columns));
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(stored);
  });

  it("applies the view's filters, and a session's export pages like the rest", async () => {
    const { url } = await servers.start();
    await postNdjson(url, ndjson(tokenUsageEvents(recordCount)));
    const filters = `&session=export-a&source=root&from=${T0 + 100_000}`;
    const expected = (await storedTokenUsage(url, filters)).map(asExported);
    expect(expected.length).toBeGreaterThan(0);
    const jsonl = await exportText(url, `/api/v1/export/token-usage?format=jsonl${filters}`);
    expect(jsonl.text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(expected);
    // Defaults to CSV; an empty result is the header alone.
    const empty = await exportText(url, '/api/v1/export/token-usage?session=nobody');
    expect(empty.text).toBe(`${tokenUsageColumns.join(',')}\r\n`);
  });

  it("follows a view with several sessions and models and an agent (the Cost page's filters)", async () => {
    const { url } = await servers.start();
    const events = tokenUsageEvents(90);
    const agentSync = { session_id: 'export-a', seq: 10_000, ts: T0, type: 'session_sync', session: { id: 'export-a', agent: 'build' } };
    expect((await postNdjson(url, ndjson([...events, agentSync]))).body).toMatchObject({ accepted: 91 });
    const models = ['anthropic/claude-sonnet-4-5', 'line\nbreak/model'];
    const query = `session=export-a,export-b&model=${models.map(encodeURIComponent).join(',')}`;
    const seqsOf = (text: string) => text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { seq: number }).seq);

    const bothSessions = await exportText(url, `/api/v1/export/token-usage?format=jsonl&${query}`);
    expect(seqsOf(bothSessions.text)).toEqual(events.filter((e) => models.includes(e.model!)).map((e) => e.seq));
    // Only export-a named its agent: export-b's records drop out.
    const byAgent = await exportText(url, `/api/v1/export/token-usage?format=jsonl&${query}&agent=build`);
    expect(seqsOf(byAgent.text)).toEqual(events.filter((e) => models.includes(e.model!) && e.session_id === 'export-a').map((e) => e.seq));
  });

  it("prices token usage with the server's price overrides", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-export-'));
    servers.defer(() => fs.rmSync(dir, { recursive: true, force: true })); // deferred first, so it runs after the server closes
    const pricesFile = path.join(dir, 'prices.json');
    fs.writeFileSync(pricesFile, JSON.stringify([{ model: 'vendor/*', input_per_mtok: 2, output_per_mtok: 10 }]));
    const { url } = await servers.start({ dir, config: { pricesFile } });
    const usage = { session_id: 'priced', ts: T0, type: 'token_usage', source: 'root', model: 'vendor/x', duration_ms: 5 };
    await postNdjson(url, ndjson([{ ...usage, seq: 1, prompt_tokens: 1000, completion_tokens: 100 }, { ...usage, seq: 2, model: 'other/y', prompt_tokens: 1, completion_tokens: 1 }]));
    const jsonl = await exportText(url, '/api/v1/export/token-usage?format=jsonl');
    // 1000 x $2 + 100 x $10 per million tokens; the other model has no price.
    expect(jsonl.text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { cost_usd: unknown }).cost_usd)).toEqual([0.003, null]);
  });

  it('exports the priced usage aggregate with the columns its grouping fills', async () => {
    const { url, server } = await servers.start();
    await postNdjson(url, ndjson(tokenUsageEvents(300)));
    const query = { group_by: 'model,session', bucket: '1h', from: String(T0) };
    const expected = (await pricedUsage(server.store, cataloguePrices.current(), usageQuerySchema.parse(query))).rows.map(asExported);
    expect(expected.length).toBeGreaterThan(2);
    const search = new URLSearchParams(query).toString();
    const jsonl = await exportText(url, `/api/v1/export/usage?format=jsonl&${search}`);
    expect(jsonl.text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(expected);
    const csv = parseCsv((await exportText(url, `/api/v1/export/usage?${search}`)).text);
    // Grouped by session, each row names its session too.
    const columns = ['bucket_start_ms', 'bucket_start', 'model', 'session_id', 'session_title', 'session_agent', 'session_producer', 'prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens', 'calls', 'usage_report_calls', 'reported_cost_usd', 'cost_usd', 'unpriced_tokens', 'cache_read_cost_usd', 'cache_write_cost_usd'];
    expect(csv).toEqual(asCsvRows(columns, expected));
  });

  it('exports RLM completions, fallbacks and compactions as the read API serves them, text guarded', async () => {
    const { url } = await servers.start();
    const base = { session_id: 'export-rlm', ts: T0 };
    const events = [
      { ...base, seq: 1, type: 'rlm_complete', trace_id: 't1', outcome: 'converged', iterations: 3, subcalls: 2, input_tokens: 900,
        output_tokens: 90, elapsed_ms: 1234.5, reason: null, root_model: 'm/root' },
      { ...base, seq: 2, type: 'rlm_subcall_fallback', requested_model: 'a/big', fallback_model: 'a/small', reason: 'said "no", then\nretried 🚀' },
      { ...base, seq: 3, type: 'rlm_subcall_fallback', requested_model: 'a/big', fallback_model: 'a/small', reason: '=HYPERLINK("http://x")' },
      { ...base, seq: 4, type: 'compaction_started', trace_id: 'c1', reason: 'over budget', before_tokens: 180000, budget: 150000 },
      { ...base, seq: 5, type: 'context_truncated', trace_id: 'c1', dropped_tokens: 4000, kept_messages: 3, archive_ref: null },
    ];
    await postNdjson(url, ndjson(events));
    for (const [view, readPath] of [['rlm-completions', 'rlm-completions'], ['rlm-fallbacks', 'rlm-fallbacks'], ['compactions', 'compactions']]) {
      const served = ((await (await fetch(`${url}/api/v1/${readPath}`)).json()) as { records: Record<string, unknown>[] }).records.map(asExported);
      expect(served.length).toBeGreaterThan(0);
      const jsonl = await exportText(url, `/api/v1/export/${view}?format=jsonl`);
      expect(jsonl.text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(served);
      const csv = parseCsv((await exportText(url, `/api/v1/export/${view}`)).text);
      expect(csv[0]).toEqual(Object.keys(served[0]!));
      expect(csv).toHaveLength(served.length + 1);
    }
    const fallbacks = parseCsv((await exportText(url, '/api/v1/export/rlm-fallbacks')).text);
    expect(fallbacks.map((row) => row.at(-1))).toEqual(['reason', 'said "no", then\nretried 🚀', "'=HYPERLINK(\"http://x\")"]);
  });

  it('answers a bad view, format or filter with 400 naming the parameter', async () => {
    const { url } = await servers.start();
    const cases = [
      ['/api/v1/export/sessions', 'view'],
      ['/api/v1/export/token-usage?format=xml', 'format'],
      ['/api/v1/export/token-usage?from=yesterday', 'from'],
      ['/api/v1/export/rlm-completions?limit=10', 'limit'],
      ['/api/v1/export/compactions?source=root', 'source'],
    ];
    for (const [path, parameter] of cases) {
      const res = await fetch(`${url}${path}`);
      const body = (await res.json()) as { issues: { parameter: string }[] };
      expect([path, res.status, body.issues.map((issue) => issue.parameter)]).toEqual([path, 400, [parameter]]);
    }
  });
});
