import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokensFile, TokenVerifier } from './auth-tokens';

const ingest = 'ingest-token-0123456789';
const read = 'read-token-0123456789ab';
const both = 'both-scopes-0123456789';

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier({ ingest: [ingest, both], read: [read, both] });

  it('grants the scopes of the matching token, and both for a token in both lists', () => {
    expect([...verifier.scopesOf(ingest)]).toEqual(['ingest']);
    expect([...verifier.scopesOf(read)]).toEqual(['read']);
    expect([...verifier.scopesOf(both)].sort()).toEqual(['ingest', 'read']);
  });

  it('grants nothing to a wrong token, a prefix, an extension or a different case', () => {
    for (const wrong of ['', 'x', read.slice(0, -1), `${read}x`, read.toUpperCase(), ` ${read}`]) {
      expect(verifier.scopesOf(wrong).size, JSON.stringify(wrong)).toBe(0);
    }
  });

  it('is disabled with no tokens, and then grants nothing', () => {
    const open = new TokenVerifier({ ingest: [], read: [] });
    expect(open.enabled).toBe(false);
    expect(open.scopesOf(read).size).toBe(0);
    expect(verifier.enabled).toBe(true);
  });
});

describe('loadTokensFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-tokens-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads both lists, either one optional', () => {
    expect(loadTokensFile(write('ok.json', JSON.stringify({ ingest: [ingest], read: [read] })))).toEqual({ ingest: [ingest], read: [read] });
    expect(loadTokensFile(write('read-only.json', JSON.stringify({ read: [read] })))).toEqual({ ingest: [], read: [read] });
  });

  it('names the file, the entry and why when it is wrong, without echoing the token', () => {
    const short = write('short.json', JSON.stringify({ read: [read, 'short'] }));
    expect(() => loadTokensFile(short)).toThrow(`${short}: read[1]: a token must be at least 16 characters`);
    expect(() => loadTokensFile(short)).not.toThrow(/"short"/);
    expect(() => loadTokensFile(write('extra.json', JSON.stringify({ admin: [read] })))).toThrow(/Unrecognized key.*admin/);
    expect(() => loadTokensFile(write('bad.json', '{ingest:'))).toThrow(/bad\.json: not JSON/);
    expect(() => loadTokensFile(write('space.json', JSON.stringify({ ingest: ['has a space in it 0123'] })))).toThrow(/ingest\[0\]: .*printable ASCII/);
    expect(() => loadTokensFile(path.join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the tokens file \(ENOENT\)/);
  });
});
