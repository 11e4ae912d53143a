import type { Expression, SqlBool } from 'kysely';
import { alertKindSchema, alertRecordSchema, type AlertKind, type AlertPage, type AlertRecord } from '#protocol/alert-schemas';
import type { AlertListQuery } from '#protocol/api-queries';
import { changesOf, rowsOf, type SqlSteps } from '../store/sql-steps';
import type { AlertDraft } from './alert-conditions';
import type { AlertRecordsTable, AlertSql } from './alert-database';
import type { OpenAlert } from './alert-store';

// The alerts themselves, for both alert stores: firing (with its deliveries),
// clearing, listing and acknowledging.

/** The record's fields in the order its REST schema lists them (the order of the reply's keys); each is a column. */
const recordColumns = Object.keys(alertRecordSchema.shape) as (keyof AlertRecord & keyof AlertRecordsTable)[];

type RecordRow = Omit<AlertRecord, 'kind'> & { kind: string };

const recordOf = (row: RecordRow): AlertRecord => ({ ...row, kind: alertKindSchema.parse(row.kind) });

export async function openAlerts({ db, dialect }: AlertSql): Promise<OpenAlert[]> {
  const rows = await db.selectFrom('alert_records').select(['id', 'kind', 'key', 'detail']).where('cleared_ms', 'is', null).execute();
  return rows.map((row) => ({ id: row.id, kind: alertKindSchema.parse(row.kind), key: row.key, detail: dialect.detailOf(row.detail) }));
}

/**
 * The alert and one delivery per URL, to run as one transaction; null, storing
 * nothing, when an alert of that kind and key is still open. The body is made
 * once, from the stored record, so every delivery and every retry sends the same bytes.
 */
export function* fireAlert({ db }: AlertSql, draft: AlertDraft, webhookUrls: readonly string[], bodyOf: (record: AlertRecord) => string): SqlSteps<AlertRecord | null> {
  const [row] = yield* rowsOf(
    db
      .insertInto('alert_records')
      .values({ kind: draft.kind, key: draft.key, session_id: draft.session_id, agent: draft.agent, ts_ms: draft.ts_ms, message: draft.message, detail: JSON.stringify(draft.detail) })
      // The partial unique index decides "still open", also between replicas firing at the same moment.
      .onConflict((conflict) => conflict.columns(['kind', 'key']).where('cleared_ms', 'is', null).doNothing())
      .returning(recordColumns),
  );
  if (row === undefined) return null;
  const record = recordOf(row);
  if (webhookUrls.length > 0) {
    const body = bodyOf(record);
    yield* changesOf(db.insertInto('alert_deliveries').values(webhookUrls.map((url) => ({ alert_id: record.id, url, body, next_attempt_ms: draft.ts_ms }))));
  }
  return record;
}

export async function clearAlert({ db }: AlertSql, kind: AlertKind, key: string, clearedMs: number): Promise<boolean> {
  const result = await db
    .updateTable('alert_records')
    .set({ cleared_ms: clearedMs })
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('cleared_ms', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Newest first. One row more than the limit is read to tell whether older ones
 * are left: only then is there a `next_cursor` (the page's last id, passed back as `before`).
 */
export async function listAlerts({ db, dialect }: AlertSql, query: AlertListQuery): Promise<AlertPage> {
  const rows = await db
    .selectFrom('alert_records')
    .select(recordColumns)
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [];
      if (query.kind !== undefined) conditions.push(dialect.inList('kind', query.kind));
      if (query.session !== undefined) conditions.push(eb('session_id', '=', query.session));
      if (query.since !== undefined) conditions.push(eb('ts_ms', '>=', query.since));
      if (query.unread === true) conditions.push(eb('acked_ms', 'is', null));
      if (query.before !== undefined) conditions.push(eb('id', '<', query.before));
      return eb.and(conditions);
    })
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const records = rows.slice(0, query.limit).map(recordOf);
  const unread = await db
    .selectFrom('alert_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('acked_ms', 'is', null)
    .executeTakeFirstOrThrow();
  return { records, next_cursor: more ? records[records.length - 1]!.id : null, unread: unread.n };
}

/** The first acknowledgement's time stays: acking again changes nothing. */
export async function ackAlert({ db }: AlertSql, id: number, ackedMs: number): Promise<AlertRecord | null> {
  const row = await db
    .updateTable('alert_records')
    .set((eb) => ({ acked_ms: eb.fn.coalesce('acked_ms', eb.val(ackedMs)) }))
    .where('id', '=', id)
    .returning(recordColumns)
    .executeTakeFirst();
  return row === undefined ? null : recordOf(row);
}
