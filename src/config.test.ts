import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({}, () => 'x'.repeat(40));
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, null);
    assert.match(config.dataDir, /\/data$/);
    assert.equal(config.demo, true);
    assert.equal(config.baseUrl, 'http://127.0.0.1:3000');
    assert.equal(config.sessionSecretGenerated, true);
  });

  it('names the variable when a value is wrong', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'PORT' && /whole number/.test(e.message),
    );
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be between 0 and 65535/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must start with postgres/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of/);
    assert.throws(() => loadConfig({ WAYMARK_DEMO: 'maybe' }), /WAYMARK_DEMO must be 1 or 0/);
    assert.throws(() => loadConfig({ BASE_URL: 'ftp://x' }), /BASE_URL must be an http/);
    assert.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /SESSION_SECRET must be at least 32/);
    assert.throws(
      () => loadConfig({ WAYMARK_DEMO_PASSWORD: 'short' }),
      /WAYMARK_DEMO_PASSWORD must be at least 12/,
    );
  });

  it('refuses to run in production without a session secret', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      /SESSION_SECRET must be set when NODE_ENV=production/,
    );
  });

  it('reads PostgreSQL and other settings', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/waymark',
      PORT: '8080',
      HOST: '0.0.0.0',
      BASE_URL: 'https://waymark.example.gov.uk/',
      WAYMARK_DEMO: '0',
      SESSION_SECRET: 's'.repeat(32),
    });
    assert.equal(config.databaseUrl, 'postgres://u@db:5432/waymark');
    assert.equal(config.port, 8080);
    assert.equal(config.baseUrl, 'https://waymark.example.gov.uk');
    assert.equal(config.demo, false);
    assert.equal(config.sessionSecretGenerated, false);
  });
});
