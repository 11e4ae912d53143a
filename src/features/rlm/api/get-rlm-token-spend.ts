import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { usageReplySchema } from '../../../protocol/cost-schemas';
import { spendByModel, type ModelSpend } from '../utils/spend-by-model';
import { rlmKeys, type RlmFilters } from './rlm-query-keys';

/** `GET /api/v1/usage` for the RLM sources only, by model and source: what RLM spent on which model. */
export async function getRlmTokenSpend(filters: RlmFilters, signal?: AbortSignal): Promise<ModelSpend[]> {
  const reply = await apiGet('/usage', usageReplySchema, {
    params: { ...filters, source: ['rlm_iteration', 'rlm_subcall'], group_by: ['model', 'source'] },
    signal,
  });
  return spendByModel(reply.rows);
}

export function rlmTokenSpendQueryOptions(filters: RlmFilters) {
  return queryOptions({
    queryKey: rlmKeys.spend(filters),
    queryFn: ({ signal }) => getRlmTokenSpend(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRlmTokenSpend(filters: RlmFilters) {
  return useQuery(rlmTokenSpendQueryOptions(filters));
}
