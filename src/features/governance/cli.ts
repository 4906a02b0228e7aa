// `waymark report board-pack`: a board pack from the live record as at a date, to a file.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, printJson, withContext } from '../../cli/context.js';
import { isValidIsoDate } from '../../platform/validation.js';
import { londonDay } from '../plan/derive.js';
import { PACK_FORMATS, type PackFormat } from './service.js';

export function registerGovernanceCommands(program: Command): void {
  const report = program.command('report').description('Reports: board packs');
  report
    .command('board-pack')
    .description('Write a board pack, built from the live record as at a date, to a file')
    .requiredOption('--org <slug>', 'the organisation')
    .requiredOption('--out <file>', 'where to write the pack')
    .option('--as-at <date>', 'the date the data is as at, YYYY-MM-DD (default: today)')
    .option('--format <format>', `one of ${PACK_FORMATS.join(', ')} (default: from the file name, else html)`)
    .option('--board <name>', "the board whose sections to use (default: the Improvement Board's)")
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        org: string;
        out: string;
        asAt?: string;
        format?: string;
        board?: string;
        json?: boolean;
      }) => {
        const asAt = opts.asAt ?? londonDay(new Date());
        if (!isValidIsoDate(asAt))
          throw new CliError(`--as-at must be a real date written YYYY-MM-DD, not "${asAt}"`);
        if (asAt > londonDay(new Date()))
          throw new CliError(`--as-at ${asAt} is in the future: a pack reports what has happened`);
        const fromName = path.extname(opts.out).slice(1).toLowerCase();
        const format = (
          opts.format ?? ((PACK_FORMATS as readonly string[]).includes(fromName) ? fromName : 'html')
        ).toLowerCase();
        if (!(PACK_FORMATS as readonly string[]).includes(format))
          throw new CliError(`--format must be one of ${PACK_FORMATS.join(', ')}, not "${format}"`);
        const dir = path.dirname(path.resolve(opts.out));
        if (!fs.existsSync(dir)) throw new CliError(`The folder ${dir} does not exist`);
        await withContext(async ({ services }) => {
          const org = await services.organisations.bySlug(opts.org);
          if (!org) throw new CliError(`There is no organisation with the slug "${opts.org}"`);
          let boardId: string | null = null;
          if (opts.board) {
            const boards = await services.governance.boards(org.id);
            const match = boards.find((b) => b.board.name.toLowerCase() === opts.board!.toLowerCase());
            if (!match)
              throw new CliError(
                `${opts.org} has no board called "${opts.board}"${boards.length ? `; its boards are: ${boards.map((b) => b.board.name).join(', ')}` : ''}`,
              );
            boardId = match.board.id;
          }
          const started = Date.now();
          const pack = await services.governance.adhocPack(org, {
            boardId,
            asAt,
            format: format as PackFormat,
          });
          fs.writeFileSync(opts.out, pack.data);
          const result = {
            file: path.resolve(opts.out),
            format,
            bytes: pack.data.length,
            asAt,
            board: pack.model.board.name,
            sections: pack.model.sections,
            milliseconds: Date.now() - started,
          };
          if (opts.json) printJson(result);
          else
            process.stdout.write(
              `Wrote the ${result.board} pack as at ${asAt} (${format.toUpperCase()}, ${result.bytes} bytes) to ${result.file}\n`,
            );
        });
      },
    );
}
