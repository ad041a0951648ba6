import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/server/config.js';

describe('the server configuration', () => {
  it('has safe defaults', () => {
    const c = readConfig({}, '/srv/siang');
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/siang/data',
      staticDir: '/srv/siang/dist',
      databaseUrl: undefined,
      corsOrigins: [],
      rateLimitPerMinute: 600,
      loginPerMinute: 10,
      trustProxy: false,
    });
  });

  it('reads TRUST_PROXY as true or a list of the proxies’ addresses', () => {
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16 ,::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
  });

  it('stops with a message naming the setting when a value is wrong', () => {
    expect(() => readConfig({ TRUST_PROXY: 'nginx.local' })).toThrow(/TRUST_PROXY .*"nginx.local"/);
    expect(() => readConfig({ PORT: '80a' })).toThrow('PORT must be a whole number from 0 to 65535, not "80a"');
    expect(() => readConfig({ LOGIN_PER_MINUTE: '0' })).toThrow(/LOGIN_PER_MINUTE/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
  });
});
