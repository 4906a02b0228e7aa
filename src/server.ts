// Starts Waymark: configuration, database (with its folder lock), demo seed, HTTP listener, graceful shutdown.
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirLockedError } from './db/lock.js';
import { describeDataDirError } from './db/errors.js';
import { closePdfBrowser } from './features/governance/pack/pdf.js';
import { createServices } from './services.js';
import { createApp } from './app.js';
import { describeDemoSignIn, seedDemo } from './db/seed/demo.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    if (!config.databaseUrl) {
      const described = describeDataDirError(error, config.dataDir);
      if (described) fail(described);
    }
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    fail(
      `Waymark could not open its database (${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}): ${message}`,
    );
  }

  const services = createServices(database, config);
  const app = await createApp({ config, services });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await services.jobs.stop();
      await app.close();
      services.mailer.close();
      await closePdfBrowser();
    } finally {
      await database.close();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.demo) {
    const result = await seedDemo(services, config.demoPassword);
    process.stdout.write(describeDemoSignIn(result, config.baseUrl));
  }
  if (config.sessionSecretGenerated) {
    app.log.warn(
      'SESSION_SECRET is not set: a random one is used, so forms left open across a restart must be reloaded. Set it (32+ characters) when running several instances',
    );
  }
  await app.listen({ host: config.host, port: config.port });
  if (config.jobs) {
    services.reminders.register(services.jobs);
    services.jobs.start(15_000, (error) => app.log.error({ err: error }, 'background jobs failed'));
  }
  process.stdout.write(`Waymark is running at ${config.baseUrl} (database: ${database.kind})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Waymark failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
