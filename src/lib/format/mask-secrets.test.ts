import { describe, expect, it } from 'vitest';
import { isSecretKey, maskSecrets, maskSecretsInJson, SECRET_MASK } from './mask-secrets';

describe('isSecretKey', () => {
  it('matches credential names in any case and spelling', () => {
    for (const key of ['token', 'GITHUB_TOKEN', 'client_secret', 'password', 'Authorization', 'api_key', 'apiKey', 'x-api-key', 'AWS_ACCESS_KEY_ID', 'private_key', 'privateKey']) {
      expect(isSecretKey(key), key).toBe(true);
    }
  });

  it('leaves ordinary names alone', () => {
    for (const key of ['command', 'path', 'model', 'key', 'description', 'cwd']) expect(isSecretKey(key), key).toBe(false);
  });
});

describe('maskSecrets', () => {
  it('masks values under secret keys at any depth, keeping nothing of them', () => {
    const masked = maskSecrets({
      command: 'deploy',
      env: { API_KEY: 'sk-live-1234567890', region: 'eu' },
      headers: [{ Authorization: 'Bearer abcdef' }],
      credentials: { token: { value: 'tok-9876', expires: 3600 } },
    });
    expect(masked).toEqual({
      command: 'deploy',
      env: { API_KEY: SECRET_MASK, region: 'eu' },
      headers: [{ Authorization: SECRET_MASK }],
      credentials: { token: { value: SECRET_MASK, expires: 3600 } },
    });
    expect(JSON.stringify(masked)).not.toMatch(/7890|abcdef|9876/);
  });

  it('keeps token counts and other numbers, null and booleans', () => {
    expect(maskSecrets({ max_tokens: 4096, token: null, secret_ok: true })).toEqual({ max_tokens: 4096, token: null, secret_ok: true });
    expect(maskSecrets({ limit: 10, prompt: 'hi' })).toEqual({ limit: 10, prompt: 'hi' });
  });

  it('masks Bearer and Basic credentials written inside any string', () => {
    expect(maskSecrets({ command: 'curl -H "Authorization: Bearer sk-abc.def" https://x' })).toEqual({
      command: `curl -H "Authorization: Bearer ${SECRET_MASK}" https://x`,
    });
  });

  it('does not change its input', () => {
    const input = { token: 'abc' };
    maskSecrets(input);
    expect(input).toEqual({ token: 'abc' });
  });
});

describe('maskSecretsInJson', () => {
  it('masks JSON-encoded arguments and re-encodes them with the indent asked for', () => {
    const text = JSON.stringify({ url: 'https://api', auth: { apiKey: 'sk-1234' } });
    expect(maskSecretsInJson(text)).toBe(`{"url":"https://api","auth":{"apiKey":"${SECRET_MASK}"}}`);
    expect(maskSecretsInJson(text, 2)).toContain(`"apiKey": "${SECRET_MASK}"`);
  });

  it('returns text with nothing to mask exactly as sent', () => {
    expect(maskSecretsInJson('{"cmd": "ls"}')).toBe('{"cmd": "ls"}');
  });

  it('masks what it can in truncated JSON', () => {
    expect(maskSecretsInJson('{"cmd":"ls","password":"hunter2","note":"x')).toBe(`{"cmd":"ls","password":"${SECRET_MASK}","note":"x`);
    expect(maskSecretsInJson('{"cmd":"ls","token":"abc12')).toBe(`{"cmd":"ls","token":"${SECRET_MASK}`);
  });
});
