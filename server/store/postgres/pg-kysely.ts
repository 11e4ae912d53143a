import type pg from 'pg';
import { Kysely, OperationNodeTransformer, PostgresDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type PrimitiveValueListNode, type QueryResult, type RootOperationNode, type UnknownRow, type ValueNode } from 'kysely';
import type { StoreDatabase } from '../store-database';
import type { SqlSteps } from '../sql-steps';
import { postgresDialect, type StoreSql } from '../store-sql';
import { pgText } from './pg-sql';

/** Every string parameter (alone or in a list) as pgText stores it, so a NUL in a filter finds what was stored. */
class PgTextParameters extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const { value } = node;
    if (typeof value === 'string') return value.includes('\u0000') ? { ...node, value: pgText(value) } : node;
    if (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.includes('\u0000'))) {
      return { ...node, value: value.map((v: unknown) => (typeof v === 'string' ? pgText(v) : v)) };
    }
    return node;
  }

  // A multi-row insert's values, and a literal list in `IN (...)`, arrive as one node of plain values.
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (!node.values.some((v) => typeof v === 'string' && v.includes('\u0000'))) return node;
    return { ...node, values: node.values.map((v: unknown) => (typeof v === 'string' ? pgText(v) : v)) };
  }
}

const pgTextPlugin: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => new PgTextParameters().transformNode(args.node),
  transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
};

/**
 * The shared query builder over this store's pool (whose parsers read BIGINT and
 * NUMERIC as numbers: open-pool.ts). The store ends the pool itself (never through Kysely).
 */
export function postgresStoreSql(pool: pg.Pool): StoreSql {
  return {
    db: new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }), plugins: [pgTextPlugin] }),
    dialect: postgresDialect,
  };
}

/**
 * Drives shared statements (../sql-steps.ts) in order: on a client inside its transaction,
 * they are one; on the pool (steps of one statement), each is a transaction of its own.
 */
export async function runStepsOn<T>(client: pg.ClientBase | pg.Pool, steps: SqlSteps<T>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    const { rows, rowCount } = await client.query(step.value.sql, step.value.parameters as unknown[]);
    step = steps.next({ rows, changes: rowCount ?? 0 });
  }
  return step.value;
}
