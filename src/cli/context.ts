// What every CLI command shares: configuration, the database (with the same folder lock as the server), output.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';
import { describeDataDirError } from '../db/errors.js';
import { createServices, type Services } from '../services.js';
import { AppError } from '../platform/errors.js';
import type { Actor } from '../platform/audit/service.js';
import os from 'node:os';

/** Bad input: the message is printed and the command exits 1. */
export class CliError extends Error {}

export interface CliContext {
  config: Config;
  services: Services;
  database: DatabaseHandle;
  actor: Actor;
}

export async function withContext<T>(work: (ctx: CliContext) => Promise<T>): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(error.message);
    const described = config.databaseUrl ? null : describeDataDirError(error, config.dataDir);
    if (described) throw new CliError(described);
    throw error;
  }
  try {
    const services = createServices(database, config);
    const actor: Actor = { userId: null, label: `cli:${os.userInfo().username}`, requestId: null };
    return await work({ config, services, database, actor });
  } finally {
    await database.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const text = (v: unknown): string => {
    if (v instanceof Date) return v.toISOString();
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : `${v as string | number | boolean}`;
  };
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `${line(columns)}\n${rows.map((r) => line(columns.map((c) => text(r[c])))).join('\n')}\n`,
  );
}

/** Reads all of stdin (passwords never come from argv, where other users can see them). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Type the password, then press Enter and Ctrl-D:\n');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const details = error.details.map((d) => `  ${d.path}: ${d.message}`).join('\n');
    return details ? `${error.message}\n${details}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
