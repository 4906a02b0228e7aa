// Rules and workflows of the Ofsted record: inspections and visits with their judgements,
// recommendations, visit findings linked to the recommendations they follow up, and interventions.
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { expectOneUpdated, inTransaction } from '../../db/tx.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../../platform/errors.js';
import type { Organisation } from '../organisations/schema.js';
import type { InspectionRepository } from './repository.js';
import {
  FRAMEWORKS,
  GRADES,
  INSPECTION_TYPES,
  INTERVENTION_KINDS,
  type Framework,
  type Grade,
  type InspectionType,
  type InterventionKind,
} from './schema.js';
import { GRADED_TYPES, JUDGEMENT_AREAS, judgementWarnings } from './rules.js';
import { readOfstedOverview, readStatisticalNeighbours } from './national.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isValidDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const INTERVENTION_LABELS: Record<InterventionKind, string> = {
  dfe_adviser: 'DfE adviser',
  improvement_notice: 'Improvement notice',
  statutory_direction: 'Statutory direction',
  commissioner: 'Commissioner',
  sector_led_improvement_partner: 'Sector-led improvement partner',
};

/** All or nothing: a file with any problem is refused whole, each problem named by row and column. */
function importRefused(errors: { row: number; column: string; message: string }[]): ValidationError {
  return new ValidationError(
    errors.length
      ? `The file has ${errors.length} problem(s); nothing was imported`
      : 'The file has no councils in it; nothing was imported',
    errors
      .slice(0, 50)
      .map((e) => ({ path: `row ${e.row}${e.column ? `, column ${e.column}` : ''}`, message: e.message })),
  );
}

export interface NewInspectionInput {
  type: string;
  framework: string;
  startDate: string;
  endDate: string;
  publishedDate: string;
  leadInspector: string;
  link: string;
  sequenceNumber: string;
  summary: string;
  /** area → grade, for graded inspections */
  grades: Record<string, string>;
  /** What needs to improve, one per line; areas for priority action likewise. */
  recommendations: string;
  priorityActions: string;
  confirmWarnings: boolean;
  /** The text Waymark read the report from, kept as the inspection's source document. */
  sourceText?: string;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(\d+[.)]|[-•◼*])\s*/, '').trim())
    .filter(Boolean);
}

export function inspectionService(deps: { db: Database; repo: InspectionRepository; audit: AuditService }) {
  const { db, repo, audit } = deps;

  const service = {
    /** The journey: every inspection and visit with its judgements, and every intervention. */
    async journey(organisationId: string) {
      const all = await repo.list(db, organisationId);
      const allJudgements = await repo.judgementsFor(
        db,
        organisationId,
        all.map((i) => i.id),
      );
      const items = all.map((inspection) => ({
        inspection,
        judgements: allJudgements.filter((j) => j.inspectionId === inspection.id),
      }));
      return { items, interventions: await repo.interventions(db, organisationId) };
    },

    async get(organisationId: string, id: string) {
      const inspection = await repo.get(db, organisationId, id);
      if (!inspection) throw new NotFoundError('There is no such inspection or visit');
      const [judgementRows, recs, findings] = await Promise.all([
        repo.judgementsFor(db, organisationId, [id]),
        repo.recommendationsFor(db, organisationId, id),
        repo.findingsFor(db, organisationId, id),
      ]);
      const links = await repo.linksForFindings(
        db,
        organisationId,
        findings.map((f) => f.id),
      );
      const allRecs = await repo.recommendationsFor(db, organisationId);
      return {
        inspection,
        judgements: judgementRows,
        recommendations: recs,
        findings: findings.map((f) => ({
          finding: f,
          recommendations: allRecs.filter((r) =>
            links.some((l) => l.findingId === f.id && l.recommendationId === r.id),
          ),
        })),
        warnings: judgementWarnings(judgementRows),
      };
    },

    recommendations: (organisationId: string) => repo.recommendationsFor(db, organisationId),

    async recommendation(organisationId: string, id: string) {
      const rec = await repo.recommendation(db, organisationId, id);
      if (!rec) throw new NotFoundError('There is no such recommendation');
      const inspection = (await repo.get(db, organisationId, rec.inspectionId))!;
      const findings = await repo.findingsForRecommendation(db, organisationId, id);
      return { recommendation: rec, inspection, findings };
    },

    validateInspection(input: NewInspectionInput): {
      details: ErrorDetail[];
      warnings: string[];
      judgements: { area: string; grade: Grade }[];
    } {
      const details: ErrorDetail[] = [];
      if (!(INSPECTION_TYPES as readonly string[]).includes(input.type))
        details.push({ path: 'type', message: 'Select the type of inspection or visit' });
      const graded = GRADED_TYPES.includes(input.type as InspectionType);
      if (input.framework && !(FRAMEWORKS as readonly string[]).includes(input.framework))
        details.push({ path: 'framework', message: 'Select the framework' });
      if (graded && !input.framework)
        details.push({ path: 'framework', message: 'Select the framework the inspection was graded under' });
      if (!isValidDate(input.startDate))
        details.push({
          path: 'startDate',
          message: 'Enter the first day on site as a real date, like 2026-03-10',
        });
      if (input.endDate && !isValidDate(input.endDate))
        details.push({
          path: 'endDate',
          message: 'Enter the last day on site as a real date, like 2026-03-21',
        });
      else if (input.endDate && isValidDate(input.startDate) && input.endDate < input.startDate)
        details.push({
          path: 'endDate',
          message: 'The last day on site must be the same as or after the first day',
        });
      if (input.publishedDate && !isValidDate(input.publishedDate))
        details.push({
          path: 'publishedDate',
          message: 'Enter the publication date as a real date, like 2026-04-30',
        });
      if (input.leadInspector.length > 120)
        details.push({ path: 'leadInspector', message: 'Lead inspector must be 120 characters or fewer' });
      if (input.link && !/^https:\/\/[^\s]+$/.test(input.link))
        details.push({ path: 'link', message: 'Enter the report’s web address, starting https://' });
      if (input.sequenceNumber && !/^\d{1,2}$/.test(input.sequenceNumber))
        details.push({ path: 'sequenceNumber', message: 'Enter the monitoring visit number, like 3' });
      const judgements: { area: string; grade: Grade }[] = [];
      if (graded && (FRAMEWORKS as readonly string[]).includes(input.framework)) {
        JUDGEMENT_AREAS[input.framework as Framework].forEach((area, index) => {
          const grade = input.grades[area];
          if ((GRADES as readonly string[]).includes(grade ?? ''))
            judgements.push({ area, grade: grade as Grade });
          else
            details.push({
              path: `grade-${index}`,
              message: `Select the grade for ${area.charAt(0).toLowerCase()}${area.slice(1)}`,
            });
        });
      }
      for (const [field, text] of [
        ['recommendations', input.recommendations],
        ['priorityActions', input.priorityActions],
      ] as const) {
        if (lines(text).some((l) => l.length > 3000))
          details.push({ path: field, message: 'Each item must be 3,000 characters or fewer' });
      }
      return { details, warnings: judgementWarnings(judgements), judgements };
    },

    async create(actor: Actor, organisationId: string, input: NewInspectionInput) {
      const { details, warnings, judgements } = service.validateInspection(input);
      if (details.length === 0 && warnings.length > 0 && !input.confirmWarnings) {
        details.push({
          path: 'confirmWarnings',
          message: `${warnings[0]} Tick the box to confirm the grades are as published.`,
        });
      }
      if (details.length) throw new ValidationError('The inspection could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const source = input.sourceText?.trim()
          ? await repo.insertDocument(tx, {
              organisationId,
              filename: `${input.type}-${input.startDate}.txt`,
              contentType: 'text/plain; charset=utf-8',
              sizeBytes: Buffer.byteLength(input.sourceText),
              sha256: createHash('sha256').update(input.sourceText).digest('hex'),
              data: Buffer.from(input.sourceText),
              extractedText: input.sourceText,
              uploadedBy: actor.userId,
            })
          : null;
        const inspection = await repo.insert(tx, {
          organisationId,
          sourceDocumentId: source?.id ?? null,
          type: input.type as InspectionType,
          framework: (input.framework || null) as Framework | null,
          startDate: input.startDate,
          endDate: input.endDate || null,
          publishedDate: input.publishedDate || null,
          leadInspector: input.leadInspector.trim() || null,
          sequenceNumber: input.sequenceNumber ? Number(input.sequenceNumber) : null,
          summary: input.summary.trim() || null,
          link: input.link || null,
        });
        await repo.insertJudgements(
          tx,
          judgements.map((j, position) => ({
            organisationId,
            inspectionId: inspection.id,
            area: j.area,
            grade: j.grade,
            position,
          })),
        );
        const recs = [
          ...lines(input.recommendations).map((text, i) => ({
            kind: 'what_needs_to_improve' as const,
            number: i + 1,
            text,
          })),
          ...lines(input.priorityActions).map((text, i) => ({
            kind: 'area_for_priority_action' as const,
            number: i + 1,
            text,
          })),
        ];
        await repo.insertRecommendations(
          tx,
          recs.map((r) => ({ organisationId, inspectionId: inspection.id, ...r })),
        );
        await audit.record(tx, actor, {
          organisationId,
          action: 'inspection.recorded',
          entityType: 'inspection',
          entityId: inspection.id,
          after: { ...inspection, judgements, recommendations: recs.length, warnings },
        });
        return inspection;
      });
    },

    /** A visit and the areas it covered, each linked to recommendations, saved together (from a letter). */
    async recordVisit(
      actor: Actor,
      organisationId: string,
      input: NewInspectionInput & { areas: { area: string; recommendationIds: string[] }[] },
    ) {
      const { details } = service.validateInspection(input);
      if (!['monitoring_visit', 'focused_visit'].includes(input.type))
        details.push({ path: 'type', message: 'Select monitoring visit or focused visit' });
      const known = (await repo.recommendationsFor(db, organisationId)).map((r) => r.id);
      input.areas.forEach((a, i) => {
        if (!a.area.trim()) details.push({ path: `area-${i}`, message: `Enter area ${i + 1}, or remove it` });
        if (a.recommendationIds.some((id) => !known.includes(id)))
          details.push({ path: `area-${i}`, message: 'Select recommendations of this organisation' });
      });
      if (details.length) throw new ValidationError('The visit could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const visit = await repo.insert(tx, {
          organisationId,
          type: input.type as InspectionType,
          framework: (input.framework || null) as Framework | null,
          startDate: input.startDate,
          endDate: input.endDate || null,
          publishedDate: input.publishedDate || null,
          leadInspector: input.leadInspector.trim() || null,
          sequenceNumber: input.sequenceNumber ? Number(input.sequenceNumber) : null,
          summary: input.summary.trim() || null,
        });
        for (const [index, a] of input.areas.entries()) {
          const finding = await repo.insertFinding(tx, {
            organisationId,
            inspectionId: visit.id,
            position: index + 1,
            area: a.area.trim(),
            narrative: '',
          });
          await repo.linkFinding(tx, organisationId, finding.id, [...new Set(a.recommendationIds)]);
        }
        await audit.record(tx, actor, {
          organisationId,
          action: 'visit.recorded_from_letter',
          entityType: 'inspection',
          entityId: visit.id,
          after: { ...visit, areas: input.areas },
        });
        return visit;
      });
    },

    async addFinding(
      actor: Actor,
      organisationId: string,
      inspectionId: string,
      input: { area: string; narrative: string; recommendationIds: string[] },
    ) {
      const visit = await repo.get(db, organisationId, inspectionId);
      if (!visit) throw new NotFoundError('There is no such visit');
      const details: ErrorDetail[] = [];
      if (!input.area.trim()) details.push({ path: 'area', message: 'Enter the area the visit looked at' });
      if (input.area.length > 500)
        details.push({ path: 'area', message: 'The area must be 500 characters or fewer' });
      if (input.narrative.length > 20000)
        details.push({ path: 'narrative', message: 'The findings must be 20,000 characters or fewer' });
      const known = (await repo.recommendationsFor(db, organisationId)).map((r) => r.id);
      if (input.recommendationIds.some((id) => !known.includes(id)))
        details.push({ path: 'recommendationIds', message: 'Select recommendations of this organisation' });
      if (details.length) throw new ValidationError('The finding could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const position = (await repo.findingsFor(tx, organisationId, inspectionId)).length + 1;
        const finding = await repo.insertFinding(tx, {
          organisationId,
          inspectionId,
          position,
          area: input.area.trim(),
          narrative: input.narrative.trim(),
        });
        await repo.linkFinding(tx, organisationId, finding.id, [...new Set(input.recommendationIds)]);
        await audit.record(tx, actor, {
          organisationId,
          action: 'visit_finding.added',
          entityType: 'inspection',
          entityId: inspectionId,
          after: { area: finding.area, recommendations: input.recommendationIds },
        });
        return finding;
      });
    },

    interventions: (organisationId: string) => repo.interventions(db, organisationId),

    async document(organisationId: string, id: string) {
      const document = await repo.document(db, organisationId, id);
      if (!document) throw new NotFoundError('There is no such document');
      return document;
    },

    async addIntervention(
      actor: Actor,
      organisationId: string,
      input: {
        kind: string;
        issuedDate: string;
        namedPerson: string;
        reviewCadence: string;
        notes: string;
        /** The notice or letter itself, kept with its checksum. */
        document?: Buffer | null;
      },
    ) {
      const details: ErrorDetail[] = [];
      if (
        input.document &&
        input.document.length > 0 &&
        input.document.subarray(0, 5).toString('latin1') !== '%PDF-'
      ) {
        details.push({ path: 'document', message: 'The document must be a PDF' });
      }
      if (!(INTERVENTION_KINDS as readonly string[]).includes(input.kind))
        details.push({ path: 'kind', message: 'Select the kind of intervention' });
      if (!isValidDate(input.issuedDate))
        details.push({
          path: 'issuedDate',
          message: 'Enter the date it was issued as a real date, like 2026-01-15',
        });
      if (input.namedPerson.length > 200)
        details.push({ path: 'namedPerson', message: 'The name must be 200 characters or fewer' });
      if (details.length) throw new ValidationError('The intervention could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const document =
          input.document && input.document.length > 0
            ? await repo.insertDocument(tx, {
                organisationId,
                filename: `${input.kind}-${input.issuedDate}.pdf`,
                contentType: 'application/pdf',
                sizeBytes: input.document.length,
                sha256: createHash('sha256').update(input.document).digest('hex'),
                data: input.document,
                uploadedBy: actor.userId,
              })
            : null;
        const row = await repo.insertIntervention(tx, {
          organisationId,
          kind: input.kind as InterventionKind,
          issuedDate: input.issuedDate,
          namedPerson: input.namedPerson.trim() || null,
          reviewCadence: input.reviewCadence.trim() || null,
          notes: input.notes.trim() || null,
          documentId: document?.id ?? null,
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'intervention.recorded',
          entityType: 'intervention',
          entityId: row.id,
          after: row,
        });
        return row;
      });
    },

    async liftIntervention(
      actor: Actor,
      organisationId: string,
      id: string,
      liftedDate: string,
      version: number,
    ) {
      const existing = await repo.intervention(db, organisationId, id);
      if (!existing) throw new NotFoundError('There is no such intervention');
      if (!isValidDate(liftedDate))
        throw new ValidationError('The intervention could not be lifted', [
          { path: 'liftedDate', message: 'Enter the date it was lifted as a real date, like 2027-06-30' },
        ]);
      if (liftedDate < existing.issuedDate)
        throw new ValidationError('The intervention could not be lifted', [
          { path: 'liftedDate', message: 'The date it was lifted must be after the date it was issued' },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.liftIntervention(tx, organisationId, id, liftedDate, version);
        expectOneUpdated(row ? [row] : [], 'intervention');
        await audit.record(tx, actor, {
          organisationId,
          action: 'intervention.lifted',
          entityType: 'intervention',
          entityId: id,
          before: { liftedDate: existing.liftedDate },
          after: { liftedDate },
        });
      });
    },

    nationalCounts: () => repo.nationalCounts(db),

    async importOfstedOverview(actor: Actor, data: Buffer) {
      const { rows, errors } = await readOfstedOverview(data);
      if (errors.length || rows.length === 0) throw importRefused(errors);
      await inTransaction(db, null, async (tx) => {
        await repo.replaceNationalGrades(
          tx,
          rows.map((r) => ({ ...r, importedAt: new Date() })),
        );
        await audit.record(tx, actor, {
          organisationId: null,
          action: 'reference.ofsted_overview_imported',
          entityType: 'reference_data',
          entityId: 'national_grades',
          after: { councils: rows.length },
        });
      });
      return { councils: rows.length };
    },

    async importStatisticalNeighbours(actor: Actor, text: string) {
      const { rows, errors } = readStatisticalNeighbours(text);
      if (errors.length || rows.length === 0) throw importRefused(errors);
      const names = new Map(rows.map((r) => [r.laNumber, r.laName]));
      const links = rows.flatMap((r) =>
        r.neighbours.map((n) => ({
          laNumber: r.laNumber,
          neighbourLaNumber: n.laNumber,
          rank: n.rank,
          neighbourName: names.get(n.laNumber) ?? `LA ${n.laNumber}`,
        })),
      );
      await inTransaction(db, null, async (tx) => {
        await repo.replaceNeighbours(tx, links);
        await audit.record(tx, actor, {
          organisationId: null,
          action: 'reference.statistical_neighbours_imported',
          entityType: 'reference_data',
          entityId: 'statistical_neighbours',
          after: { councils: rows.length, links: links.length },
        });
      });
      return { councils: rows.length, links: links.length };
    },

    /** The council's statistical neighbours with their latest published grades (reference data). */
    async neighbours(org: Organisation) {
      const fromReference = org.laNumber
        ? (await repo.neighboursOf(db, org.laNumber)).map((n) => n.neighbourLaNumber)
        : [];
      const laNumbers = fromReference.length ? fromReference : org.statisticalNeighbours;
      return repo.neighbourGrades(db, laNumbers);
    },
  };
  return service;
}

export type InspectionService = ReturnType<typeof inspectionService>;
