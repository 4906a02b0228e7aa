// The one composition root: repositories into services, services into the app and the CLI.
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { organisationRepository } from './features/organisations/repository.js';
import { organisationService } from './features/organisations/service.js';
import { userRepository } from './features/users/repository.js';
import { userService } from './features/users/service.js';
import { qualityRepository } from './features/quality/repository.js';
import { inspectionRepository } from './features/inspections/repository.js';
import { inspectionService } from './features/inspections/service.js';
import { qualityService } from './features/quality/service.js';
import { planRepository } from './features/plan/repository.js';
import { planService } from './features/plan/service.js';
import { planTransfer } from './features/plan/transfer.js';
import { indicatorRepository } from './features/indicators/repository.js';
import { indicatorService } from './features/indicators/service.js';
import { governanceRepository } from './features/governance/repository.js';
import { governanceService } from './features/governance/service.js';
import { reminderService } from './features/governance/reminders.js';
import { auditRepository } from './platform/audit/repository.js';
import { auditService } from './platform/audit/service.js';
import { sessionRepository } from './platform/auth/repository.js';
import { sessionService } from './platform/auth/sessions.js';
import { oidcService } from './platform/auth/oidc.js';
import { jobRepository } from './platform/jobs/repository.js';
import { jobService } from './platform/jobs/service.js';
import { createMailer } from './platform/email/mailer.js';
import { notificationService } from './platform/email/notifications.js';
import { readRevision } from './db/revisions.js';

export function createServices(
  handle: DatabaseHandle,
  config: Pick<Config, 'session' | 'signIn' | 'email' | 'oidc' | 'baseUrl'> &
    Partial<Pick<Config, 'chromiumPath'>>,
) {
  const db = handle.db;
  const audit = auditService(auditRepository());
  const jobRepo = jobRepository();
  const jobs = jobService({ db, repo: jobRepo });
  const mailer = createMailer(config.email);
  const inspections = inspectionService({ db, repo: inspectionRepository(), audit });
  const planRepo = planRepository();
  const plan = planService({ db, repo: planRepo, audit, recommendations: inspections });
  const indicators = indicatorService({ db, repo: indicatorRepository(), audit });
  const quality = qualityService({ db, repo: qualityRepository(), audit });
  const organisations = organisationService({ db, repo: organisationRepository(), audit });
  const notifications = notificationService({ db, repo: jobRepo, jobs, mailer });
  const governanceRepo = governanceRepository();
  const governance = governanceService({
    db,
    repo: governanceRepo,
    audit,
    sources: { plan, indicators, quality, inspections },
    chromiumPath: config.chromiumPath ?? '/usr/bin/chromium',
  });
  const reminders = reminderService({
    db,
    organisations,
    plan,
    governance,
    governanceRepo,
    notifications,
    baseUrl: config.baseUrl,
  });
  return {
    oidc: config.oidc ? oidcService(config.oidc, `${config.baseUrl}/sign-in/oidc/callback`) : null,
    jobs,
    mailer,
    notifications,
    reminders,
    database: handle,
    /** The data revision caches compare (src/db/revisions.ts). */
    revisions: { of: (organisationId: string | null) => readRevision(db, organisationId) },
    audit,
    organisations,
    inspections,
    plan,
    planTransfer: planTransfer({ db, repo: planRepo, audit, plan }),
    indicators,
    quality,
    governance,
    users: userService({ db, repo: userRepository(), audit, signIn: config.signIn }),
    sessions: sessionService({ db, repo: sessionRepository(), ...config.session }),
  };
}

export type Services = ReturnType<typeof createServices>;
