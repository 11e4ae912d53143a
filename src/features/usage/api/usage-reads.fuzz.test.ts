import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiReadUrl } from '../../../lib/api/api-url';
import { usageQuerySchema } from '../../../protocol/api-queries';
import { parseUsageParams, usageParamsToSearch } from '../utils/usage-params';
import { usageRead, usageViewFirstQueries } from './usage-reads';

// The Cost page's URL is read without zod (the early entry reads it before zod has
// loaded), so nothing but this holds it to the API: whatever a hand-edited URL says,
// the reads it leads to are ones the API accepts, and reading never throws.

const keys = ['range', 'from', 'to', 'group', 'metric', 'stack', 'tab', 'source', 'model', 'session', 'agent', 'label', 'demo', 'rows'];
const near = ['24h', '7d', 'custom', 'session', 'cost', 'root', 'rlm_subcall,root', '0', '1', '500', '100000', '100001', '-1', '1e3', ' 7 ', '12.5', '99999999999999999', 'include', ',,', 'a'.repeat(201)];
const value = fc.oneof(fc.constantFrom(...near), fc.string({ maxLength: 40 }), fc.stringMatching(/^\d{1,18}$/));
const search = fc.dictionary(fc.constantFrom(...keys), value).map((entries) => new URLSearchParams(entries));

describe('the Cost page URL', () => {
  it('leads only to reads the API accepts, whatever it says', () => {
    fc.assert(
      fc.property(search, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2100, 0, 1) }), (params, nowMs) => {
        for (const query of usageViewFirstQueries(params, nowMs)) {
          const url = new URL(apiReadUrl(usageRead(query)), 'http://x');
          const parsed = usageQuerySchema.safeParse(Object.fromEntries(url.searchParams));
          expect(parsed.error?.issues ?? []).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(search, (params) => {
        const parsed = parseUsageParams(params);
        expect(parseUsageParams(usageParamsToSearch(parsed))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });
});
