// `waymark import ofsted-overview|statistical-neighbours`: load the national picture from published files.
import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError, printJson, withContext } from '../../cli/context.js';
import { ReportReadError, extractPdfText } from './reader/pdf-text.js';
import { readInspectionReport } from './reader/report-reader.js';

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

export function registerOfstedCommands(program: Command): void {
  const ofsted = program.command('ofsted').description('Ofsted reports');
  ofsted
    .command('read')
    .description('Read an inspection report PDF and print what it says (nothing is saved)')
    .argument('<file>', 'the report as Ofsted published it (.pdf)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const data = readFile(file);
      let report;
      try {
        report = readInspectionReport((await extractPdfText(new Uint8Array(data))).pages);
      } catch (error) {
        if (error instanceof ReportReadError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      const result = {
        type: report.type,
        framework: report.framework,
        startDate: report.startDate,
        endDate: report.endDate,
        publishedDate: report.publishedDate,
        leadInspector: report.leadInspector,
        judgements: report.judgements.map((j) => ({ area: j.area, grade: j.grade })),
        recommendations: report.recommendations.map((r) => ({ kind: r.kind, text: r.text })),
        warnings: report.warnings,
      };
      if (opts.json) printJson(result);
      else {
        process.stdout.write(
          `${result.type ?? 'type unknown'}, ${result.framework ?? 'framework unknown'}, ${result.startDate ?? '?'} to ${result.endDate ?? '?'}\n`,
        );
        for (const j of result.judgements) process.stdout.write(`  ${j.area}: ${j.grade}\n`);
        result.recommendations.forEach((r, i) => process.stdout.write(`  ${i + 1}. ${r.text}\n`));
        for (const w of result.warnings) process.stderr.write(`Warning: ${w}\n`);
      }
    });
}
