// The `waymark` command: operators' and scripts' way in (`npm run waymark -- --help`).
import { Command, CommanderError } from 'commander';
import { CliError, describeError } from './context.js';
import { AppError } from '../platform/errors.js';
import { registerOrganisationCommands } from '../features/organisations/cli.js';
import { registerUserCommands } from '../features/users/cli.js';
import { registerPlatformCommands } from './platform-commands.js';
import { registerPlanCommands } from '../features/plan/cli.js';
import { registerGovernanceCommands } from '../features/governance/cli.js';
import { registerIndicatorCommands } from '../features/indicators/cli.js';
import { registerInspectionCommands, registerOfstedCommands } from '../features/inspections/cli.js';

export function buildProgram(): Command {
  const program = new Command('waymark')
    .description('Waymark: the accountable record of a children’s services improvement programme')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerOrganisationCommands(program);
  registerUserCommands(program);
  registerInspectionCommands(program);
  registerOfstedCommands(program);
  registerPlanCommands(program);
  registerIndicatorCommands(program);
  registerGovernanceCommands(program);
  registerPlatformCommands(program);
  program.commands.forEach(function applyExitOverride(cmd: Command) {
    cmd.exitOverride();
    cmd.commands.forEach(applyExitOverride);
  });
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are "errors" to commander; they succeeded.
      return error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help'
        ? 0
        : 1;
    }
    if (error instanceof CliError || error instanceof AppError) {
      process.stderr.write(`Error: ${describeError(error)}\n`);
      return 1;
    }
    process.stderr.write(`Error: ${describeError(error)}\n`);
    return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2));
}
