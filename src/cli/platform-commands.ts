// `waymark seed` and `waymark audit verify`.
import type { Command } from 'commander';
import { CliError, printJson, withContext } from './context.js';
import { describeDemoSignIn, seedDemo } from '../db/seed/demo.js';

export function registerPlatformCommands(program: Command): void {
  program
    .command('seed')
    .description('Add demo data')
    .option('--demo', 'add the synthetic "Demo Borough Council" if it is not there yet')
    .action(async (opts: { demo?: boolean }) => {
      if (!opts.demo) throw new CliError('Say what to seed: waymark seed --demo');
      await withContext(async ({ services, config }) => {
        const result = await seedDemo(services, config.demoPassword);
        process.stdout.write(
          result.created
            ? describeDemoSignIn(result, config.baseUrl)
            : 'The demo organisation already exists; nothing was changed.\n',
        );
      });
    });

  const audit = program.command('audit').description('The audit trail');
  audit
    .command('verify')
    .description('Check every hash chain of the audit trail and name the first broken link')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async ({ services, database }) => {
        const result = await services.audit.verify(database.db);
        if (opts.json) printJson(result);
        else if (result.ok)
          process.stdout.write(`Audit trail intact: ${result.events} events in ${result.chains} chains\n`);
        else {
          const b = result.firstBroken!;
          process.stdout.write(
            `Audit trail BROKEN in chain ${b.chain} at event ${b.seq} (id ${b.id}): ${b.reason}\n`,
          );
        }
        if (!result.ok) process.exitCode = 1;
      });
    });
}
