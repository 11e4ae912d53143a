import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { budgetSchema, budgetsReplySchema, type Budget } from '../../protocol/cost-schemas';
import { apiGet, apiSend } from '../api/api-client';
import { effectiveBudget, noBudget } from './budget-state';
import { costKeys } from './cost-query-keys';
import { idMapSchema } from '../../protocol/id-map-schema';

/** The wire reply, with the overrides read into a Map: a session may be called `__proto__` or `constructor`. */
const budgetsSchema = budgetsReplySchema.extend({ sessions: idMapSchema(budgetSchema) });

/** The global default and the per-session overrides, as the dashboard keeps them. */
export interface Budgets {
  global: Budget;
  sessions: ReadonlyMap<string, Budget>;
}

/** `GET /api/v1/budgets`: the global default and the per-session overrides. */
export function getBudgets(signal?: AbortSignal): Promise<Budgets> {
  return apiGet('/budgets', budgetsSchema, { signal });
}

export function budgetsQueryOptions() {
  return queryOptions({
    queryKey: costKeys.budgets(),
    queryFn: ({ signal }) => getBudgets(signal),
    // Budgets change only when someone edits them here (which updates the cache) or restarts the server.
    staleTime: 60_000,
  });
}

export function useBudgets() {
  return useQuery(budgetsQueryOptions());
}

/** The thresholds in force for a session; none while the budgets are loading or failed. */
export function budgetFor(budgets: Budgets | undefined, sessionId: string): Budget {
  if (!budgets) return noBudget;
  return effectiveBudget(budgets.global, budgets.sessions.get(sessionId));
}

/** `PUT /api/v1/budgets/:session_id`; both thresholds null removes the override. */
export function putSessionBudget(sessionId: string, budget: Budget): Promise<unknown> {
  return apiSend('PUT', `/budgets/${encodeURIComponent(sessionId)}`, budget);
}

/** Saves a session's override and puts it in the cache at once, so the header and the overview recolour without a refetch. */
export function useSetSessionBudget(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (budget: Budget) => putSessionBudget(sessionId, budget),
    onSuccess: (_reply, budget) => {
      queryClient.setQueryData(costKeys.budgets(), (previous: Budgets | undefined) => {
        if (!previous) return previous;
        const sessions = new Map(previous.sessions);
        if (budget.warn_usd === null && budget.limit_usd === null) sessions.delete(sessionId);
        else sessions.set(sessionId, budget);
        return { ...previous, sessions };
      });
      void queryClient.invalidateQueries({ queryKey: costKeys.budgets() });
    },
  });
}
