import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { budgetSchema, type Budget, type BudgetsReply } from '#protocol/cost-schemas';
import { sessionCostsQuerySchema, usageQuerySchema } from '#protocol/api-queries';
import { sessionIdSchema } from '#protocol/envelope';
import { budgetOrderProblem } from '../pricing/budget-config';
import { pricedUsage } from '../pricing/priced-usage';
import { sessionCosts } from '../pricing/session-costs';

export interface CostRouteDeps {
  /** From configuration; sessions without an override follow it. */
  globalBudget: Budget;
  now?: () => number;
}

/** A session's budget as `PUT` takes it: both thresholds, nothing else, the warning not above the limit. */
const budgetBodySchema = budgetSchema.strict().superRefine((budget, ctx) => {
  const problem = budgetOrderProblem(budget);
  if (problem !== null) ctx.addIssue({ code: 'custom', path: ['warn_usd'], message: problem });
});

/** What costs money: priced usage, per-session costs and burn rates, and budgets. */
export function registerCostRoutes(app: FastifyInstance, deps: CostRouteDeps): void {
  const { store, prices } = app;
  const { globalBudget } = deps;
  const now = deps.now ?? Date.now;

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/usage', { schema: { querystring: usageQuerySchema } }, async (req) => pricedUsage(store, prices.current(), req.query));

  routes.get('/api/v1/session-costs', { schema: { querystring: sessionCostsQuerySchema } }, async (req) => ({
    sessions: await sessionCosts(store, prices.current(), req.query, now()),
  }));

  app.get('/api/v1/budgets', async (): Promise<BudgetsReply> => ({ global: globalBudget, sessions: await store.budgets() }));

  routes.put(
    '/api/v1/budgets/:session_id',
    { schema: { params: z.strictObject({ session_id: sessionIdSchema }), body: budgetBodySchema } },
    async (req) => {
      await store.setBudget(req.params.session_id, req.body);
      return req.body;
    },
  );
}
