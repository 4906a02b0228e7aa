// The job runner: enqueue in the caller's transaction, claim with SKIP LOCKED, retry with back-off,
// re-queue jobs whose worker died, and schedules that enqueue one job per period (however many
// instances tick at once, the period's dedupe key lets only one job in).
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../db/client.js';
import type { Job } from './schema.js';
import type { JobRepository } from './repository.js';

export type JobHandler = (job: Job, now: Date) => Promise<void>;

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  organisationId?: string | null;
  dedupeKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

export interface Schedule {
  name: string;
  /** The period a tick falls in (e.g. "2026-W48"); one run per period. Null: nothing due now. */
  periodKey(now: Date): string | null;
  run(now: Date, periodKey: string): Promise<void>;
}

export function jobService(deps: { db: Database; repo: JobRepository; leaseMs?: number }) {
  const { db, repo } = deps;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const handlers = new Map<string, JobHandler>();
  const schedules: Schedule[] = [];
  const workerId = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  const service = {
    workerId,
    registerHandler(kind: string, handler: JobHandler): void {
      handlers.set(kind, handler);
    },
    registerSchedule(schedule: Schedule): void {
      schedules.push(schedule);
      handlers.set(`schedule:${schedule.name}`, async (job, now) => {
        await schedule.run(now, String(job.payload.periodKey));
      });
    },

    async enqueue(executor: Executor, job: NewJob): Promise<boolean> {
      return repo.enqueue(executor, {
        kind: job.kind,
        payload: job.payload ?? {},
        organisationId: job.organisationId ?? null,
        dedupeKey: job.dedupeKey ?? null,
        runAt: job.runAt ?? new Date(),
        maxAttempts: job.maxAttempts ?? 5,
      });
    },

    /** One pass: schedules, expired leases, then up to `limit` due jobs. Returns how many jobs ran. */
    async runOnce(now = new Date(), limit = 20): Promise<number> {
      for (const schedule of schedules) {
        const periodKey = schedule.periodKey(now);
        if (periodKey) {
          await service.enqueue(db, {
            kind: `schedule:${schedule.name}`,
            payload: { periodKey },
            dedupeKey: `schedule:${schedule.name}:${periodKey}`,
            runAt: now,
          });
        }
      }
      await repo.requeueExpired(db, new Date(now.getTime() - leaseMs));
      const claimed = await repo.claim(db, workerId, limit, now);
      for (const job of claimed) {
        const handler = handlers.get(job.kind);
        try {
          if (!handler) throw new Error(`No handler for jobs of kind ${job.kind}`);
          await handler(job, now);
          await repo.finish(db, job.id, new Date());
        } catch (error) {
          await repo.fail(db, job, error instanceof Error ? error.message : String(error), new Date());
        }
      }
      return claimed.length;
    },

    start(intervalMs = 15_000, onError: (error: unknown) => void = () => undefined): void {
      if (timer) return;
      const tick = () => {
        if (running) return;
        running = service.runOnce().catch((error: unknown) => {
          onError(error);
          return 0;
        });
        void running.finally(() => {
          running = null;
        });
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },

    byId: (id: string) => repo.byId(db, id),
  };
  return service;
}

export type JobService = ReturnType<typeof jobService>;
