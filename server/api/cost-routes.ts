import type { FastifyInstance } from 'fastify';
import { budgetSchema, type Budget, type BudgetsReply } from '../../src/protocol/api-schemas';
import { sessionCostsQuerySchema, usageQuerySchema } from '../../src/protocol/api-queries';
import { sessionIdSchema } from '../../src/protocol/envelope';
import { budgetOrderProblem } from '../pricing/budget-config';
import type { PriceSource } from '../pricing/price-source';
import { pricedUsage } from '../pricing/priced-usage';
import { sessionCosts } from '../pricing/session-costs';
import type { EventStore } from '../store/event-store';
import { parseQuery } from './parse-request';

export interface CostRouteDeps {
  store: EventStore;
  prices: PriceSource;
  /** From configuration; sessions without an override follow it. */
  globalBudget: Budget;
  now?: () => number;
}

/** What costs money: priced usage, per-session costs and burn rates, and budgets. */
export function registerCostRoutes(app: FastifyInstance, deps: CostRouteDeps): void {
  const { store, prices, globalBudget } = deps;
  const now = deps.now ?? Date.now;

  app.get('/api/v1/usage', async (req, reply) => {
    const query = parseQuery(usageQuerySchema, req.query, reply);
    return query && pricedUsage(store, prices.current(), query);
  });

  app.get('/api/v1/session-costs', async (req, reply) => {
    const query = parseQuery(sessionCostsQuerySchema, req.query, reply);
    return query && { sessions: await sessionCosts(store, prices.current(), query, now()) };
  });

  app.get('/api/v1/budgets', async (): Promise<BudgetsReply> => ({ global: globalBudget, sessions: await store.budgets() }));

  app.put<{ Params: { session_id: string } }>('/api/v1/budgets/:session_id', async (req, reply) => {
    if (!sessionIdSchema.safeParse(req.params.session_id).success) {
      return reply.code(400).send({ error: 'invalid session id', issues: [{ field: 'session_id', message: 'not a valid session id' }] });
    }
    const parsed = budgetSchema.strict().safeParse(req.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'invalid budget',
        issues: parsed.error.issues.map((issue) => ({
          field: issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.map(String).join('.') || '(body)',
          message: issue.message,
        })),
      });
    }
    const problem = budgetOrderProblem(parsed.data);
    if (problem !== null) return reply.code(400).send({ error: 'invalid budget', issues: [{ field: 'warn_usd', message: problem }] });
    await store.setBudget(req.params.session_id, parsed.data);
    return parsed.data;
  });
}
