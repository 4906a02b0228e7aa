// `waymark user …` and `waymark token …`: people and API tokens from the command line.
import type { Command } from 'commander';
import {
  CliError,
  printJson,
  printTable,
  readStdin,
  withContext,
  type CliContext,
} from '../../cli/context.js';
import { ROLES } from './schema.js';
import { generatePassword } from './passwords.js';

async function requireOrg(ctx: CliContext, slug: string) {
  const org = await ctx.services.organisations.bySlug(slug);
  if (!org)
    throw new CliError(`--org: there is no organisation with the slug "${slug}" (see: waymark org list)`);
  return org;
}

async function requireUser(ctx: CliContext, email: string) {
  const user = await ctx.services.users.byEmail(email);
  if (!user) throw new CliError(`There is no user with the email address "${email}"`);
  return user;
}

function requireRole(role: string): void {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new CliError(`role must be one of ${ROLES.join(', ')}; got "${role}"`);
  }
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('People and their roles');

  user
    .command('add')
    .description('Add a person to an organisation (the password, if any, is read from stdin)')
    .requiredOption('--org <slug>', 'organisation slug')
    .requiredOption('--email <email>', 'work email address')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read a password from stdin')
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        org: string;
        email: string;
        name: string;
        role: string;
        passwordStdin?: boolean;
        json?: boolean;
      }) => {
        requireRole(opts.role);
        const password = opts.passwordStdin ? await readStdin() : null;
        await withContext(async (ctx) => {
          const org = await requireOrg(ctx, opts.org);
          const { user: added, created } = await ctx.services.users.addMember(ctx.actor, {
            email: opts.email,
            displayName: opts.name,
            role: opts.role,
            organisationId: org.id,
            password,
          });
          if (opts.json)
            printJson({ id: added.id, email: added.email, created, organisation: org.slug, role: opts.role });
          else
            process.stdout.write(
              `${created ? 'Added' : 'Added existing user'} ${added.email} to ${org.slug} as ${opts.role}\n`,
            );
        });
      },
    );

  user
    .command('list')
    .description('List the people in an organisation')
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { org: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const org = await requireOrg(ctx, opts.org);
        const rows = [];
        for (let page = 1; ; page++) {
          const list = await ctx.services.users.listMembers(org.id, page, 500);
          rows.push(
            ...list.rows.map((r) => ({
              email: r.user.email,
              name: r.user.displayName,
              role: r.role,
              active: r.user.isActive,
              lastSignInAt: r.user.lastSignInAt,
            })),
          );
          if (page >= list.pages) break;
        }
        if (opts.json) printJson(rows);
        else printTable(rows, ['email', 'name', 'role', 'active', 'lastSignInAt']);
      });
    });

  user
    .command('set-role')
    .description("Change a person's role in an organisation")
    .requiredOption('--org <slug>', 'organisation slug')
    .argument('<email>', 'their email address')
    .argument('<role>', `one of: ${ROLES.join(', ')}`)
    .action(async (email: string, role: string, opts: { org: string }) => {
      requireRole(role);
      await withContext(async (ctx) => {
        const org = await requireOrg(ctx, opts.org);
        const found = await requireUser(ctx, email);
        const membership = await ctx.services.users.membership(org.id, found.id);
        if (!membership) throw new CliError(`${email} is not a member of ${org.slug}`);
        await ctx.services.users.setRole(ctx.actor, org.id, found.id, role, membership.version);
        process.stdout.write(`${email} is now ${role} in ${org.slug}\n`);
      });
    });

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    user
      .command(name)
      .description(
        active ? 'Enable an account (and clear any lockout)' : 'Disable an account and end its sessions',
      )
      .argument('<email>', 'their email address')
      .action(async (email: string) => {
        await withContext(async (ctx) => {
          const found = await requireUser(ctx, email);
          await ctx.services.users.setActive(ctx.actor, null, found.id, active);
          if (!active) await ctx.services.sessions.destroyAllForUser(found.id);
          process.stdout.write(`${email} is ${active ? 'enabled' : 'disabled'}\n`);
        });
      });
  }

  user
    .command('reset-password')
    .description('Set a new password, read from stdin (or --generate one), and clear any lockout')
    .argument('<email>', 'their email address')
    .option('--generate', 'generate a password and print it')
    .action(async (email: string, opts: { generate?: boolean }) => {
      const password = opts.generate ? generatePassword() : await readStdin();
      if (!password) throw new CliError('No password was given on stdin (or use --generate)');
      await withContext(async (ctx) => {
        const found = await requireUser(ctx, email);
        await ctx.services.users.setPassword(ctx.actor, found.id, password);
        await ctx.services.sessions.destroyAllForUser(found.id);
        process.stdout.write(
          opts.generate ? `New password for ${email}: ${password}\n` : `Password changed for ${email}\n`,
        );
      });
    });

  const token = program.command('token').description('API tokens (for Authorization: Bearer)');
  token
    .command('create')
    .description('Create an API token for a person; it is printed once')
    .requiredOption('--email <email>', 'whose token')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { email: string; name: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const found = await requireUser(ctx, opts.email);
        const { token: value, record } = await ctx.services.users.createToken(ctx.actor, found.id, opts.name);
        if (opts.json) printJson({ id: record.id, name: record.name, token: value });
        else process.stdout.write(`${value}\n(token id ${record.id}; it will not be shown again)\n`);
      });
    });
  token
    .command('list')
    .description("List a person's API tokens")
    .requiredOption('--email <email>', 'whose tokens')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { email: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const found = await requireUser(ctx, opts.email);
        const rows = (await ctx.services.users.tokensOf(found.id)).map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.createdAt,
          lastUsedAt: t.lastUsedAt,
          revokedAt: t.revokedAt,
        }));
        if (opts.json) printJson(rows);
        else printTable(rows, ['id', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt']);
      });
    });
  token
    .command('revoke')
    .description('Revoke an API token')
    .requiredOption('--email <email>', 'whose token')
    .requiredOption('--id <id>', 'the token id (see: waymark token list)')
    .action(async (opts: { email: string; id: string }) => {
      if (!/^[0-9a-f-]{36}$/.test(opts.id)) throw new CliError(`--id must be a token id, got "${opts.id}"`);
      await withContext(async (ctx) => {
        const found = await requireUser(ctx, opts.email);
        await ctx.services.users.revokeToken(ctx.actor, found.id, opts.id);
        process.stdout.write('Token revoked\n');
      });
    });
}
