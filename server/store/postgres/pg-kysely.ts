import type pg from 'pg';
import { Kysely, OperationNodeTransformer, PostgresDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow, type ValueNode } from 'kysely';
import type { StoreDatabase } from '../store-database';
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
