// Synthetic data at scale for benchmarks: `large` is one big council, `national` is 153 councils of
// typical size. Batched inserts through the repositories; everything is marked synthetic.
import type { Services } from '../src/services.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/service.js';
import { inTransaction } from '../src/db/tx.js';
import { qualityRepository } from '../src/features/quality/repository.js';
import { DEFAULT_TEMPLATE } from '../src/features/quality/service.js';
import type { AuditGrade } from '../src/features/quality/schema.js';

export type Scale = 'large' | 'national';
export const SCALES: Record<Scale, { organisations: number; auditsPerOrganisation: number }> = {
  large: { organisations: 1, auditsPerOrganisation: 25_000 },
  national: { organisations: 153, auditsPerOrganisation: 5_000 },
};

export const BENCH_PASSWORD = 'bench-only synthetic passphrase';

const GRADES: AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

export async function generate(
  services: Services,
  scale: Scale,
  log: (line: string) => void,
): Promise<{ slug: string; adminEmail: string }> {
  const repo = qualityRepository();
  const db = services.database.db;
  const spec = SCALES[scale];
  let first: { slug: string; adminEmail: string } | null = null;
  for (let o = 0; o < spec.organisations; o++) {
    const slug = `bench${o + 1}`;
    const org = await services.organisations.create(SYSTEM_ACTOR, {
      slug,
      name: `Synthetic Bench Council ${o + 1}`,
    });
    const adminEmail = `admin@${slug}.bench.example`;
    const { user: admin } = await services.users.addMember(SYSTEM_ACTOR, {
      email: adminEmail,
      displayName: 'Bench Admin',
      organisationId: org.id,
      role: 'admin',
      password: o === 0 ? BENCH_PASSWORD : null,
    });
    first ??= { slug, adminEmail };
    await inTransaction(db, org.id, async (tx) => {
      const template = await repo.insertTemplate(tx, {
        organisationId: org.id,
        versionNumber: 1,
        isCurrent: true,
        ...DEFAULT_TEMPLATE,
      });
      const teams = [];
      for (let t = 0; t < 8; t++)
        teams.push(
          await repo.insertTeam(tx, {
            organisationId: org.id,
            name: `Team ${t + 1}`,
            serviceArea: 'assessment',
          }),
        );
      const batch = [];
      for (let i = 0; i < spec.auditsPerOrganisation; i++) {
        const monthsAgo = i % 60;
        const d = new Date(Date.UTC(2026, 10 - monthsAgo, 1 + (i % 27)));
        const grade = GRADES[(i * 7 + monthsAgo) % 4]!;
        batch.push({
          organisationId: org.id,
          caseReference: `BENCH-${String(i).padStart(7, '0')}`,
          teamId: teams[i % teams.length]!.id,
          auditorId: admin.id,
          auditedOn: d.toISOString().slice(0, 10),
          auditType: 'monthly' as const,
          templateId: template.id,
          domainGrades: Object.fromEntries(DEFAULT_TEMPLATE.domains.map((dm) => [dm.key, grade])),
          overallGrade: grade,
          overallRationale: 'Synthetic benchmark audit',
          learningThemes: [`Theme ${i % 12}`],
        });
        if (batch.length === 1000) await repo.insertAudits(tx, batch.splice(0));
      }
      await repo.insertAudits(tx, batch);
    });
    if ((o + 1) % 10 === 0 || o === spec.organisations - 1)
      log(`  ${o + 1}/${spec.organisations} organisations generated`);
  }
  return first!;
}
