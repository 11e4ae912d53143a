import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

describe('server logger', () => {
  it('never writes an Authorization header, cookie or token parameter', () => {
    const { lines, log } = capture();
    log.error(
      { req: { method: 'GET', url: '/api/v1/live?cursor=3&token=s3cret-read', headers: { authorization: 'Bearer s3cret-ingest', cookie: 'a=s3cret' }, query: { token: 's3cret-read' } } },
      'request failed',
    );
    const written = lines.join('');
    expect(written).not.toContain('s3cret');
    expect(written).toContain('/api/v1/live?cursor=3&token=[redacted]');
  });

  it('masks the token parameter wherever it stands in a URL', () => {
    expect(redactUrl('/download?token=abc')).toBe('/download?token=[redacted]');
    expect(redactUrl('/x?a=1&TOKEN=abc&b=2')).toBe('/x?a=1&TOKEN=[redacted]&b=2');
    expect(redactUrl('/x?tokens=5')).toBe('/x?tokens=5');
  });
});
