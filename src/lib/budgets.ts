import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { budgetsReplySchema, type Budget, type BudgetsReply } from '../protocol/api-schemas';
import { apiGet, apiSend } from './api-client';
import { effectiveBudget, noBudget } from './budget';
import { costKeys } from './cost-query-keys';

/** `GET /api/v1/budgets`: the global default and the per-session overrides. */
export function getBudgets(signal?: AbortSignal): Promise<BudgetsReply> {
  return apiGet('/budgets', budgetsReplySchema, { signal });
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
export function budgetFor(budgets: BudgetsReply | undefined, sessionId: string): Budget {
  if (!budgets) return noBudget;
  return effectiveBudget(budgets.global, budgets.sessions[sessionId]);
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
      queryClient.setQueryData(costKeys.budgets(), (previous: BudgetsReply | undefined) => {
        if (!previous) return previous;
        const sessions = { ...previous.sessions };
        if (budget.warn_usd === null && budget.limit_usd === null) delete sessions[sessionId];
        else sessions[sessionId] = budget;
        return { ...previous, sessions };
      });
      void queryClient.invalidateQueries({ queryKey: costKeys.budgets() });
    },
  });
}
