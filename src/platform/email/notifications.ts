// Notifications: "tell this person about this thing, once". The intent is recorded (unique per
// person and subject) in the caller's transaction with a job that sends it, so a restart loses
// nothing and a second run, or a second instance, never emails anyone twice about the same thing.
import type { Database, Executor } from '../../db/client.js';
import type { JobRepository } from '../jobs/repository.js';
import type { JobService } from '../jobs/service.js';
import type { Mailer } from './mailer.js';

export interface NotificationRequest {
  organisationId: string;
  recipientEmail: string;
  /** What the message is about, e.g. `updates-due:2026-11-27`: never sent twice to one person. */
  subjectKey: string;
  kind: string;
  subject: string;
  text: string;
}

export const SEND_EMAIL_JOB = 'email.send';

export function notificationService(deps: {
  db: Database;
  repo: JobRepository;
  jobs: JobService;
  mailer: Mailer;
}) {
  const { db, repo, jobs, mailer } = deps;

  jobs.registerHandler(SEND_EMAIL_JOB, async (job) => {
    const { notificationId, to, subject, text } = job.payload as {
      notificationId: string;
      to: string;
      subject: string;
      text: string;
    };
    const result = await mailer.send({ to, subject, text, reference: notificationId });
    await repo.markNotification(db, notificationId, {
      status: result.delivered ? 'sent' : 'skipped',
      transport: mailer.transport,
      providerReference: result.providerReference,
      sentAt: result.delivered ? new Date() : null,
    });
  });

  return {
    /** Returns false when this person has already been told about this subject. */
    async notify(executor: Executor, request: NotificationRequest): Promise<boolean> {
      const reserved = await repo.reserveNotification(executor, {
        organisationId: request.organisationId,
        recipientEmail: request.recipientEmail.toLowerCase(),
        subjectKey: request.subjectKey,
        kind: request.kind,
        subject: request.subject,
      });
      if (!reserved) return false;
      await jobs.enqueue(executor, {
        kind: SEND_EMAIL_JOB,
        organisationId: request.organisationId,
        dedupeKey: `email:${reserved.id}`,
        payload: {
          notificationId: reserved.id,
          to: reserved.recipientEmail,
          subject: request.subject,
          text: request.text,
        },
      });
      return true;
    },
    sentTo: (organisationId: string) => repo.notificationsFor(db, organisationId),
    status: (organisationId: string, email: string, subjectKey: string) =>
      repo.notification(db, organisationId, email.toLowerCase(), subjectKey),
  };
}

export type NotificationService = ReturnType<typeof notificationService>;
