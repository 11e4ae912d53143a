import { afterEach, describe, expect, it } from 'vitest';
import { compactionStatsSchema, contextSeriesSchema, recordPageSchema, rlmFallbackRecordSchema, rlmStatsSchema } from '#protocol/api-schemas';
import { openProducer, postNdjson, testServers } from '../test-support/test-server';

const servers = testServers(afterEach);
const T0 = Date.UTC(2026, 10, 24, 13);
const minute = 60_000;
const hour = 60 * minute;

const ndjson = (events: readonly object[]) => events.map((e) => JSON.stringify(e)).join('\n');
const rlmComplete = (session: string, seq: number, ts: number, outcome: string, iterations: number, elapsed: number) => ({
  session_id: session, seq, ts, type: 'rlm_complete', trace_id: `t-${session}-${seq}`, outcome, iterations, subcalls: 1,
  input_tokens: 100 * iterations, output_tokens: 10 * iterations, elapsed_ms: elapsed, reason: null, root_model: 'm/root',
});
const fallback = (session: string, seq: number, ts: number, requested: string) => ({
  session_id: session, seq, ts, type: 'rlm_subcall_fallback', requested_model: requested, fallback_model: 'm/small', reason: 'rate limited',
});

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('analytics API', () => {
  it('serves RLM stats, fallbacks and compaction stats computed over what was ingested', async () => {
    const { url } = await servers.start();
    await postNdjson(url, ndjson([
      rlmComplete('an-a', 1, T0, 'converged', 2, 1000),
      rlmComplete('an-a', 2, T0 + 30 * minute, 'aborted', 6, 8000),
      rlmComplete('an-b', 1, T0 + hour, 'converged', 4, 3000),
      fallback('an-a', 3, T0 + minute, 'm/big'),
      fallback('an-b', 2, T0 + hour, 'm/big'),
      { session_id: 'an-b', seq: 3, ts: T0 + hour, type: 'compaction_completed', trace_id: 'c', strategy: 'rlm', before_tokens: 9000, after_tokens: 3000, kept_messages: 4 },
      { session_id: 'an-b', seq: 4, ts: T0 + hour, type: 'compaction_failed', trace_id: 'c', fell_back_to: null, reason: 'x', after_tokens: 3000, budget: 2000 },
    ]));

    const rlm = await getJson(`${url}/api/v1/rlm/stats?bucket=1h&from=${T0}`);
    expect(rlm.status).toBe(200);
    expect(rlmStatsSchema.parse(rlm.body)).toEqual({
      totals: { completions: 3, by_outcome: { aborted: 1, converged: 2 }, input_tokens: 1200, output_tokens: 120, median_iterations: 4, median_elapsed_ms: 3000 },
      outcomes_over_time: [
        { bucket_start_ms: T0, outcome: 'aborted', count: 1 },
        { bucket_start_ms: T0, outcome: 'converged', count: 1 },
        { bucket_start_ms: T0 + hour, outcome: 'converged', count: 1 },
      ],
      iterations: [{ iterations: 2, count: 1 }, { iterations: 4, count: 1 }, { iterations: 6, count: 1 }],
      fallbacks: [{ requested_model: 'm/big', fallback_model: 'm/small', count: 2, sessions: 2, last_ts_ms: T0 + hour }],
    });
    const onlyA = rlmStatsSchema.parse((await getJson(`${url}/api/v1/rlm/stats?session=an-a`)).body);
    expect(onlyA.totals).toMatchObject({ completions: 2, median_iterations: 4, median_elapsed_ms: 4500 });

    const fallbacks = recordPageSchema(rlmFallbackRecordSchema).parse((await getJson(`${url}/api/v1/rlm-fallbacks?session=an-b`)).body);
    expect(fallbacks.records).toEqual([
      { cursor: expect.any(Number), session_id: 'an-b', seq: 2, ts_ms: T0 + hour, requested_model: 'm/big', fallback_model: 'm/small', reason: 'rate limited' },
    ]);

    const compactions = compactionStatsSchema.parse((await getJson(`${url}/api/v1/compactions/stats?bucket=1d`)).body);
    expect(compactions).toEqual({
      totals: { started: 0, completed: 1, failed: 1, truncated: 0, before_tokens: 9000, after_tokens: 3000, dropped_tokens: 0 },
      strategies_over_time: [
        { bucket_start_ms: T0 - 13 * hour, strategy: 'failed:none', count: 1 },
        { bucket_start_ms: T0 - 13 * hour, strategy: 'rlm', count: 1 },
      ],
    });
  });

  it("serves a session's sampled context window with its compaction markers", async () => {
    const { url, wsUrl } = await servers.start();
    const producer = await openProducer(wsUrl);
    const estimate = (seq: number, ts: number, request_tokens: number) => ({
      session_id: 'ctx-api', seq, ts, type: 'token_estimate', model: 'm/sonnet', request_tokens, budget: 100000,
    });
    await producer.send([estimate(1, T0, 1000), estimate(2, T0 + 2000, 2000), estimate(3, T0 + 6000, 3000)]);
    await producer.send([
      { session_id: 'ctx-api', seq: 4, ts: T0 + 7000, type: 'context_truncated', trace_id: 'c', dropped_tokens: 500, kept_messages: 2, archive_ref: 'a/1' },
      estimate(5, T0 + 11_000, 800),
    ]);
    producer.socket.close();

    const series = await getJson(`${url}/api/v1/sessions/ctx-api/context`);
    expect(series.status).toBe(200);
    const parsed = contextSeriesSchema.parse(series.body);
    expect(parsed.samples.map((s) => [s.ts_ms, s.request_tokens])).toEqual([[T0, 1000], [T0 + 6000, 3000], [T0 + 11_000, 800]]);
    expect(parsed.markers).toMatchObject([{ kind: 'truncated', dropped_tokens: 500, archive_ref: 'a/1' }]);
  });

  it('answers 404 for an unknown session and 400 naming a bad parameter', async () => {
    const { url } = await servers.start();
    expect((await getJson(`${url}/api/v1/sessions/nobody/context`)).status).toBe(404);
    for (const [path, parameter] of [
      ['/api/v1/rlm/stats?bucket=fortnight', 'bucket'],
      ['/api/v1/compactions/stats?to=-1', 'to'],
      ['/api/v1/rlm-fallbacks?limit=0', 'limit'],
      ['/api/v1/rlm/stats?after=3', 'after'],
    ]) {
      const reply = await getJson(`${url}${path}`);
      expect([path, reply.status, (reply.body as { issues: { parameter: string }[] }).issues.map((i) => i.parameter)]).toEqual([path, 400, [parameter]]);
    }
  });
});
