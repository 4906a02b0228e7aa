// `waymark import ofsted-overview|statistical-neighbours`: load the national picture from published files.
import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError, printJson, withContext } from '../../cli/context.js';

function readFile(file: string): Buffer {
  if (!fs.existsSync(file)) throw new CliError(`There is no file ${file}`);
  return fs.readFileSync(file);
}

export function registerInspectionCommands(program: Command): void {
  const imports = program.command('import').description('Load published data');
  imports
    .command('ofsted-overview')
    .description(
      "Load every council's latest ILACS grades from Ofsted's overview workbook (.xlsx); replaces the previous load",
    )
    .argument('<file>', 'the .xlsx file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const data = readFile(file);
      await withContext(async ({ services, actor }) => {
        const result = await services.inspections.importOfstedOverview(actor, data);
        if (opts.json) printJson(result);
        else process.stdout.write(`Loaded the latest grades of ${result.councils} councils\n`);
      });
    });
  imports
    .command('statistical-neighbours')
    .description("Load DfE's statistical neighbour groupings (.csv); replaces the previous load")
    .argument('<file>', 'the .csv file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const text = readFile(file).toString('utf8');
      await withContext(async ({ services, actor }) => {
        const result = await services.inspections.importStatisticalNeighbours(actor, text);
        if (opts.json) printJson(result);
        else process.stdout.write(`Loaded ${result.links} neighbour links for ${result.councils} councils\n`);
      });
    });
}
