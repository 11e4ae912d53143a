import { describe, expect, it } from 'vitest';
import { liveSocketUrl } from './live-url';

describe('liveSocketUrl', () => {
  it('follows the page scheme and host', () => {
    expect(liveSocketUrl({ protocol: 'http:', host: 'localhost:8787' }, null)).toBe('ws://localhost:8787/api/v1/live');
    expect(liveSocketUrl({ protocol: 'https:', host: 'watch.example' }, null)).toBe('wss://watch.example/api/v1/live');
  });

  it('resumes after a cursor', () => {
    expect(liveSocketUrl({ protocol: 'http:', host: 'h' }, 42)).toBe('ws://h/api/v1/live?cursor=42');
    expect(liveSocketUrl({ protocol: 'http:', host: 'h' }, 0)).toBe('ws://h/api/v1/live?cursor=0');
  });

  it('carries a token as ?token= (encoded) when one is given', () => {
    expect(liveSocketUrl({ protocol: 'http:', host: 'h' }, 7, 'abc+/=def')).toBe('ws://h/api/v1/live?cursor=7&token=abc%2B%2F%3Ddef');
    expect(liveSocketUrl({ protocol: 'http:', host: 'h' }, null, 'tok')).toBe('ws://h/api/v1/live?token=tok');
    expect(liveSocketUrl({ protocol: 'http:', host: 'h' }, null, null)).toBe('ws://h/api/v1/live');
  });
});
