import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idMapSchema } from './id-map-schema';

const hostileIds = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('idMapSchema', () => {
  it('keeps every id of a JSON object as an entry, Object.prototype names included', () => {
    const json = `{${hostileIds.map((id, i) => `"${id}":${i}`).join(',')},"s1":9}`;
    const map = idMapSchema(z.number()).parse(JSON.parse(json));
    expect([...map.entries()]).toEqual([...hostileIds.map((id, i) => [id, i]), ['s1', 9]]);
    expect(map.get('valueOf')).toBeUndefined();
  });

  it('names the id of an entry that breaks the value schema', () => {
    const result = idMapSchema(z.object({ n: z.number() })).safeParse(JSON.parse('{"ok":{"n":1},"constructor":{"n":"x"}}'));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['constructor', 'n']);
  });

  it('refuses what is not an object', () => {
    expect(idMapSchema(z.number()).safeParse([1]).success).toBe(false);
    expect(idMapSchema(z.number()).safeParse(null).success).toBe(false);
  });
});
