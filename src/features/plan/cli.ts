// `waymark plan export|import`: the plan to and from Excel, from the command line.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, printJson, withContext } from '../../cli/context.js';
import { ValidationError } from '../../platform/errors.js';
import type { Caller } from './service.js';

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('The improvement plan');
  plan
    .command('export')
    .description('Write the live plan (or --version N) to an Excel workbook in the template layout')
    .requiredOption('--org <slug>', 'the organisation')
    .requiredOption('--out <file>', 'where to write the .xlsx file')
    .option('--version <n>', 'a version number other than the live one')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { org: string; out: string; version?: string; json?: boolean }) => {
      const versionNumber = opts.version === undefined ? undefined : Number(opts.version);
      if (versionNumber !== undefined && !(Number.isInteger(versionNumber) && versionNumber > 0))
        throw new CliError(`--version must be a version number, like 2, not "${opts.version}"`);
      await withContext(async ({ services }) => {
        const org = await services.organisations.bySlug(opts.org);
        if (!org) throw new CliError(`There is no organisation with the slug "${opts.org}"`);
        const resolved = await services.plan.resolve(org.id, versionNumber);
        if (!resolved.plan)
          throw new CliError(
            versionNumber
              ? `${opts.org} has no version ${versionNumber} of its plan`
              : `${opts.org} has no improvement plan yet`,
          );
        const data = await services.planTransfer.exportWorkbook(org.id, resolved.plan.id);
        fs.writeFileSync(opts.out, data);
        const result = {
          file: path.resolve(opts.out),
          bytes: data.length,
          versionNumber: resolved.plan.versionNumber,
        };
        if (opts.json) printJson(result);
        else process.stdout.write(`Wrote version ${result.versionNumber} of the plan to ${result.file}\n`);
      });
    });
  plan
    .command('import')
    .description("Import a plan workbook in Waymark's template into the draft version: all or nothing")
    .argument('<file>', 'the .xlsx file')
    .requiredOption('--org <slug>', 'the organisation')
    .option('--dry-run', 'check the file and show what would change, saving nothing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { org: string; dryRun?: boolean; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`There is no file ${file}`);
      const data = fs.readFileSync(file);
      await withContext(async ({ services, actor }) => {
        const org = await services.organisations.bySlug(opts.org);
        if (!org) throw new CliError(`There is no organisation with the slug "${opts.org}"`);
        const caller: Caller = { actor, userId: null, email: '', canEdit: true };
        const preview = await services.planTransfer.preview(org.id, data);
        const errors = [...preview.read.errors, ...preview.errors];
        const problems = errors.map((e) =>
          e.row
            ? `${file}: row ${e.row}, column ${e.column} (${e.header}): ${e.message}`
            : `${file}: ${e.message}`,
        );
        if (errors.length) {
          if (opts.json) printJson({ saved: false, errors, warnings: preview.warnings });
          throw new CliError(
            `${problems.join('\n')}\n${errors.length === 1 ? 'One problem' : `${errors.length} problems`}: nothing was saved`,
          );
        }
        if (opts.dryRun) {
          if (opts.json)
            printJson({
              saved: false,
              dryRun: true,
              counts: preview.counts,
              changes: preview.changes,
              warnings: preview.warnings,
            });
          else {
            process.stdout.write(
              `Dry run: ${preview.changes.length} change(s) to ${preview.target?.creating ? 'a new plan' : `draft version ${preview.target?.versionNumber}`}; nothing saved\n`,
            );
            for (const c of preview.changes)
              process.stdout.write(`  ${c.change} ${c.kind} ${c.ref}: ${c.title}\n`);
          }
          return;
        }
        try {
          const result = await services.planTransfer.save(caller, org.id, data, path.basename(file));
          const summary = {
            saved: true,
            versionNumber: result.plan.versionNumber,
            added: result.added,
            changed: result.changed,
            removed: result.removed,
          };
          if (opts.json) printJson(summary);
          else
            process.stdout.write(
              `Imported into draft version ${summary.versionNumber}: ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed\n`,
            );
        } catch (error) {
          if (error instanceof ValidationError)
            throw new CliError([error.message, ...error.details.map((d) => d.message)].join('\n'));
          throw error;
        }
      });
    });
}
