// `waymark import dfe-statistics FILE.csv`: load a DfE Explore Education Statistics file.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, printJson, withContext } from '../../cli/context.js';
import { ValidationError } from '../../platform/errors.js';

export function registerIndicatorCommands(program: Command): void {
  const imports =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('Load published data');
  imports
    .command('dfe-statistics')
    .description(
      'Load a DfE Explore Education Statistics file (.csv): national, regional and council figures, all or nothing',
    )
    .argument('<file>', 'the .csv file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`There is no file ${file}`);
      const text = fs.readFileSync(file, 'utf8');
      await withContext(async ({ services, actor }) => {
        try {
          const result = await services.indicators.importDfeStatistics(actor, text, path.basename(file));
          if (opts.json) printJson(result);
          else
            process.stdout.write(
              `Imported ${result.figures} figures (${result.rows} rows × ${result.measures.length} measures) as the ${result.file} file\n`,
            );
        } catch (error) {
          if (error instanceof ValidationError)
            throw new CliError(
              [
                `${file}: ${error.message}`,
                ...error.details.map((d) => `${file}: ${d.path}: ${d.message}`),
              ].join('\n'),
            );
          throw error;
        }
      });
    });
}
