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
      loginFailuresPerAccount: 10,
      loginPauseMinutes: 15,
      tls: undefined,
      diskReserveBytes: 64 * 1024 * 1024,
    });
  });

  it('reads TRUST_PROXY as a list of the proxies’ addresses, and refuses to believe everyone', () => {
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true is not accepted.*loopback/);
    expect(() => readConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY=1 is not accepted/);
    expect(readConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(readConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16 ,::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
  });

  it('reads TLS_CERT and TLS_KEY as files from the working folder, and wants both', () => {
    expect(readConfig({ TLS_CERT: 'tls/cert.pem', TLS_KEY: '/etc/siang/key.pem' }, '/srv/siang').tls).toEqual({
      certFile: '/srv/siang/tls/cert.pem',
      keyFile: '/etc/siang/key.pem',
    });
    expect(() => readConfig({ TLS_CERT: 'cert.pem' })).toThrow(/TLS_CERT and TLS_KEY go together/);
    expect(() => readConfig({ TLS_KEY: 'key.pem' })).toThrow(/TLS_CERT and TLS_KEY go together/);
  });

  it('stops with a message naming the setting when a value is wrong', () => {
    expect(() => readConfig({ DISK_RESERVE_MB: '-1' })).toThrow(/DISK_RESERVE_MB/);
    expect(() => readConfig({ TRUST_PROXY: 'nginx.local' })).toThrow(/TRUST_PROXY .*"nginx.local"/);
    expect(() => readConfig({ PORT: '80a' })).toThrow('PORT must be a whole number from 0 to 65535, not "80a"');
    expect(() => readConfig({ LOGIN_PER_MINUTE: '0' })).toThrow(/LOGIN_PER_MINUTE/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
  });
});
