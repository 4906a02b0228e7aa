// `waymark org add|list`.
import type { Command } from 'commander';
import { CliError, printJson, printTable, withContext } from '../../cli/context.js';

export function registerOrganisationCommands(program: Command): void {
  const org = program.command('org').description('Organisations (local authorities)');

  org
    .command('add')
    .description('Add an organisation')
    .requiredOption('--slug <slug>', 'short name used in addresses, e.g. "kent"')
    .requiredOption('--name <name>', 'full name, e.g. "Kent County Council"')
    .option('--la-number <number>', 'DfE three-digit LA number, e.g. 886')
    .option('--gss-code <code>', 'GSS code, e.g. E10000016')
    .option('--region <region>', 'region name')
    .option('--colour <hex>', 'brand colour, e.g. "#1d70b8"')
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        slug: string;
        name: string;
        laNumber?: string;
        gssCode?: string;
        region?: string;
        colour?: string;
        json?: boolean;
      }) => {
        if (opts.laNumber !== undefined && !/^\d{3}$/.test(opts.laNumber)) {
          throw new CliError(`--la-number must be a three-digit number, got "${opts.laNumber}"`);
        }
        await withContext(async ({ services, actor }) => {
          const created = await services.organisations.create(actor, {
            slug: opts.slug,
            name: opts.name,
            laNumber: opts.laNumber ? Number(opts.laNumber) : null,
            gssCode: opts.gssCode ?? null,
            region: opts.region ?? null,
            ...(opts.colour ? { brandColour: opts.colour } : {}),
          });
          if (opts.json) printJson({ id: created.id, slug: created.slug, name: created.name });
          else process.stdout.write(`Added ${created.name} (${created.slug})\n`);
        });
      },
    );

  org
    .command('list')
    .description('List organisations')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async ({ services }) => {
        const rows = (await services.organisations.list()).map((o) => ({
          slug: o.slug,
          name: o.name,
          laNumber: o.laNumber,
          region: o.region,
        }));
        if (opts.json) printJson(rows);
        else printTable(rows, ['slug', 'name', 'laNumber', 'region']);
      });
    });
}
