// `waymark seed` and `waymark audit verify`.
import type { Command } from 'commander';
import { CliError, printJson, withContext } from './context.js';
import { describeDemoSignIn, seedDemo } from '../db/seed/demo.js';
import { backupDatabase, restoreDatabase } from '../platform/backup/service.js';

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

  program
    .command('backup')
    .description('Write a consistent backup of the whole database to a file (gzipped JSON lines)')
    .requiredOption('--out <file>', 'where to write the backup')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { out: string; json?: boolean }) => {
      await withContext(async ({ database }) => {
        const result = await backupDatabase(database, opts.out);
        if (opts.json) printJson({ file: opts.out, ...result });
        else
          process.stdout.write(`Backed up ${result.rows} rows from ${result.tables} tables to ${opts.out}\n`);
      });
    });

  program
    .command('restore')
    .description(
      'Restore a backup into this database, all or nothing (the database must be empty, or use --replace)',
    )
    .argument('<file>', 'a file written by waymark backup')
    .option('--replace', 'delete everything in the database first')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { replace?: boolean; json?: boolean }) => {
      await withContext(async ({ database }) => {
        let lastTable = '';
        const result = await restoreDatabase(database, file, {
          replace: opts.replace ?? false,
          // Progress goes to stderr, so --json output stays one document on stdout.
          onProgress: (table, rows) => {
            if (table !== lastTable) process.stderr.write(`Restoring ${table}… (${rows} rows so far)\n`);
            lastTable = table;
          },
        });
        if (opts.json) printJson({ file, ...result });
        else process.stdout.write(`Restored ${result.rows} rows into ${result.tables} tables from ${file}\n`);
      });
    });
}
