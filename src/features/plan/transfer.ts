// The plan in and out of Excel: export in the template layout, and import (Waymark's template or a
// council's own sheet through a column mapping) into the draft version — previewed as a dry run of
// what would change, then saved all or nothing. Items are matched by reference, so an export imported
// back changes nothing, and an item that keeps its reference keeps its history.
import type { Database, Executor } from '../../db/client.js';
import { inTransaction } from '../../db/tx.js';
import type { AuditService } from '../../platform/audit/service.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { documents } from '../../platform/documents/schema.js';
import { createHash } from 'node:crypto';
import type { PlanRepository, PlanVersion } from './repository.js';
import type { PlanService, Caller } from './service.js';
import type { PlanSnapshot } from './schema.js';
import { diffSnapshots, londonDay, type ItemDiff } from './derive.js';
import { checkRagOverride, suggestRag, type Rag } from './rules/rules.js';
import {
  readPlanWorkbook,
  writePlanWorkbook,
  inspectWorkbook,
  suggestMapping,
  type ColumnMapping,
  type PlanImportError,
  type PlanSheet,
  type PlanWorkbookReadResult,
} from './xlsx/template.js';

export interface ImportPreview {
  read: PlanWorkbookReadResult;
  /** Problems found against the organisation's records (recommendation numbers, RAG reasons). */
  errors: PlanImportError[];
  warnings: string[];
  target: { versionNumber: number; creating: boolean } | null;
  changes: ItemDiff[];
  counts: { outcomes: number; commitments: number; actions: number };
}

const MAX_FILE_BYTES = 10 * 1024 * 1024;

export function planTransfer(deps: {
  db: Database;
  repo: PlanRepository;
  audit: AuditService;
  plan: PlanService;
}) {
  const { db, repo, audit, plan } = deps;

  /** The plan as the template holds it: the RAG column is the rating shown, with the reason if overridden. */
  async function sheet(organisationId: string, planId: string): Promise<PlanSheet> {
    const loaded = await plan.load(organisationId, planId);
    return {
      planTitle: loaded.plan.title,
      outcomes: loaded.tree.map((o) => ({
        ref: o.outcome.ref,
        title: o.outcome.title,
        description: o.outcome.description,
        commitments: o.commitments.map((c) => ({
          ref: c.commitment.ref,
          title: c.commitment.title,
          recommendationNumbers: c.recommendationNumbers,
          successMeasures: c.commitment.successMeasures,
          actions: c.actions.map((v) => ({
            ref: v.action.ref,
            title: v.action.title,
            description: v.action.description,
            leadOfficerEmail: v.action.leadEmail,
            originalTargetDate: v.action.originalTargetDate,
            currentTargetDate: v.action.currentTargetDate,
            deliveryStatus: v.action.deliveryStatus,
            rag: v.rag,
            ...(v.overridden && v.action.ragOverrideReason
              ? { ragOverrideReason: v.action.ragOverrideReason }
              : {}),
            evidenceLinks: v.action.evidenceLinks,
          })),
        })),
      })),
    };
  }

  /** Where an import goes: the draft version, or a new first version when there is no plan yet. */
  async function target(organisationId: string): Promise<{ draft: PlanVersion | null; creating: boolean }> {
    const v = await plan.versions(organisationId);
    if (!v.latest) return { draft: null, creating: true };
    if (v.draft) return { draft: v.draft, creating: false };
    throw new ValidationError(
      `Version ${v.latest.versionNumber} is approved and cannot change. Refresh the plan into a new draft version, then import into that.`,
    );
  }

  async function check(organisationId: string, data: Buffer, mapping?: ColumnMapping) {
    if (data.length > MAX_FILE_BYTES)
      throw new ValidationError(
        'The file is larger than 10 MB: a plan workbook is far smaller. Check you chose the right file.',
      );
    const read = await readPlanWorkbook(data, mapping);
    const errors: PlanImportError[] = [];
    const warnings = [...read.warnings];
    const { draft, creating } = await target(organisationId);
    const recs = await plan.recommendationsFor(organisationId, draft);
    /** Each action's RAG override after the import, by reference. */
    const rags = new Map<string, { override: Rag | null; reason: string | null }>();
    if (read.plan) {
      const numbers = new Set(recs.map((r) => r.number));
      const views = draft ? (await plan.load(organisationId, draft.id)).views : [];
      const viewByRef = new Map(views.map((v) => [v.action.ref, v]));
      const today = londonDay(new Date());
      for (const o of read.plan.outcomes)
        for (const c of o.commitments) {
          const missing = c.recommendationNumbers.filter((n) => !numbers.has(n));
          if (missing.length)
            errors.push(
              workbookError(
                `Commitment ${c.ref}: ${missing.length === 1 ? 'recommendation' : 'recommendations'} ${missing.join(', ')} ${
                  numbers.size
                    ? `${missing.length === 1 ? 'is' : 'are'} not among the inspection's recommendations (1 to ${Math.max(...numbers)})`
                    : 'cannot be linked: no inspection with recommendations is recorded yet'
                }`,
                'Recommendations',
              ),
            );
          for (const a of c.actions) {
            const v = viewByRef.get(a.ref);
            if (a.rag === null || a.deliveryStatus === 'cancelled') {
              rags.set(a.ref, { override: null, reason: null });
              continue;
            }
            // The rating Waymark shows now, unchanged: keep whatever override stands behind it.
            if (v && a.rag === v.rag && a.deliveryStatus === v.action.deliveryStatus) {
              rags.set(a.ref, { override: v.action.ragOverride, reason: v.action.ragOverrideReason });
              continue;
            }
            const sameState =
              v &&
              v.action.deliveryStatus === a.deliveryStatus &&
              v.action.currentTargetDate === a.currentTargetDate;
            const suggested = sameState
              ? v.suggested.rag
              : suggestRag({
                  status: a.deliveryStatus,
                  currentTargetDate: a.currentTargetDate,
                  today,
                  embeddingSignedOff: a.deliveryStatus === 'embedded',
                  latestUpdate: null,
                }).rag;
            if (a.rag === suggested) {
              rags.set(a.ref, { override: null, reason: null });
              continue;
            }
            const problem = checkRagOverride(suggested, a.rag, a.ragOverrideReason);
            if (problem)
              errors.push(
                workbookError(
                  `Action ${a.ref}: ${problem} Waymark suggests ${suggested ?? 'no rating'} from its status and dates; give the reason in the "RAG override reason" column, or leave the RAG blank.`,
                  'RAG',
                ),
              );
            rags.set(a.ref, { override: a.rag, reason: (a.ragOverrideReason ?? '').trim() || null });
          }
        }
      if (draft?.previousVersionId)
        warnings.push(
          'This draft refreshes an approved version: delivery status, target dates and RAG overrides of actions carried forward are taken from the live plan when the draft is approved.',
        );
    }
    return { read, errors, warnings, draft, creating, recs, rags };
  }

  function workbookError(message: string, header: string): PlanImportError {
    return { sheet: '', row: 0, column: '', header, message };
  }

  function wouldBe(sheetPlan: PlanSheet, current: PlanSnapshot | null): PlanSnapshot {
    const outcomes = new Map(current?.outcomes.map((o) => [o.ref, o.lineageId]) ?? []);
    const commitments = new Map(
      current?.outcomes.flatMap((o) => o.commitments.map((c) => [c.ref, c.lineageId] as const)) ?? [],
    );
    const actions = new Map(
      current?.outcomes.flatMap((o) =>
        o.commitments.flatMap((c) => c.actions.map((a) => [a.ref, a] as const)),
      ) ?? [],
    );
    return {
      plan: current?.plan ?? { title: sheetPlan.planTitle, vision: '', startDate: '', endDate: null },
      outcomes: sheetPlan.outcomes.map((o) => ({
        lineageId: outcomes.get(o.ref) ?? `new:o:${o.ref}`,
        ref: o.ref,
        title: o.title,
        description: o.description ?? '',
        commitments: o.commitments.map((c) => ({
          lineageId: commitments.get(c.ref) ?? `new:c:${c.ref}`,
          ref: c.ref,
          title: c.title,
          successMeasures: c.successMeasures,
          recommendationNumbers: c.recommendationNumbers,
          actions: c.actions.map((a) => ({
            lineageId: actions.get(a.ref)?.lineageId ?? `new:a:${a.ref}`,
            ref: a.ref,
            title: a.title,
            description: a.description,
            leadEmail: a.leadOfficerEmail.toLowerCase(),
            originalTargetDate: a.originalTargetDate,
            currentTargetDate: a.currentTargetDate,
            deliveryStatus: a.deliveryStatus,
            rag: a.rag ?? actions.get(a.ref)?.rag ?? null,
          })),
        })),
      })),
    };
  }

  const transfer = {
    sheet,

    async exportWorkbook(organisationId: string, planId: string) {
      const s = await sheet(organisationId, planId);
      return writePlanWorkbook(s);
    },

    inspect: (data: Buffer) => inspectWorkbook(data),
    suggestMapping,

    async preview(organisationId: string, data: Buffer, mapping?: ColumnMapping): Promise<ImportPreview> {
      const c = await check(organisationId, data, mapping);
      const current = c.draft ? await plan.snapshot(organisationId, c.draft) : null;
      const changes =
        c.read.plan && !c.errors.length
          ? diffSnapshots(current ?? emptySnapshot(), wouldBe(c.read.plan, current))
          : [];
      const p = c.read.plan;
      return {
        read: c.read,
        errors: c.errors,
        warnings: c.warnings,
        target: c.creating
          ? { versionNumber: 1, creating: true }
          : { versionNumber: c.draft!.versionNumber, creating: false },
        changes,
        counts: {
          outcomes: p?.outcomes.length ?? 0,
          commitments: p?.outcomes.reduce((n, o) => n + o.commitments.length, 0) ?? 0,
          actions:
            p?.outcomes.reduce((n, o) => n + o.commitments.reduce((m, x) => m + x.actions.length, 0), 0) ?? 0,
        },
      };
    },

    /** Saves an import all or nothing; refuses with every error when the workbook has any. */
    async save(
      caller: Caller,
      organisationId: string,
      data: Buffer,
      filename: string,
      mapping?: ColumnMapping,
    ) {
      const c = await check(organisationId, data, mapping);
      const allErrors = [...c.read.errors, ...c.errors];
      if (!c.read.plan || allErrors.length)
        throw new ValidationError(
          `The workbook has ${allErrors.length === 1 ? 'a problem' : `${allErrors.length} problems`}, so nothing was saved`,
          allErrors.map((e) => ({
            path: e.row ? `${e.sheet}!${e.column}${e.row}` : e.header,
            message: e.row ? `Row ${e.row}, column ${e.column} (${e.header}): ${e.message}` : e.message,
          })),
        );
      const sheetPlan = c.read.plan;
      return inTransaction(db, organisationId, async (tx) => {
        await repo.lockPlans(tx, organisationId);
        // Read again inside the transaction: another import or an approval may have landed meanwhile.
        const all = await repo.versions(tx, organisationId);
        let draft = all[0]?.status === 'draft' ? all[0] : null;
        if (all[0] && !draft)
          throw new ValidationError(
            `Version ${all[0].versionNumber} was approved while you were importing, so nothing was saved. Refresh the plan into a new draft and import again.`,
          );
        if (!draft) {
          draft = await repo.insertPlan(tx, {
            organisationId,
            versionNumber: 1,
            status: 'draft',
            title: sheetPlan.planTitle || 'Improvement plan',
            startDate: londonDay(new Date()),
          });
        }
        const sha256 = createHash('sha256').update(data).digest('hex');
        const [doc] = await tx
          .insert(documents)
          .values({
            organisationId,
            filename: filename.slice(0, 200) || 'plan.xlsx',
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            sizeBytes: data.length,
            sha256,
            data,
            uploadedBy: caller.userId,
          })
          .returning({ id: documents.id });
        const result = await apply(tx, caller, organisationId, draft, sheetPlan, c.recs, c.rags, filename);
        await audit.record(tx, caller.actor, {
          organisationId,
          action: 'plan.imported',
          entityType: 'improvement_plan',
          entityId: draft.id,
          before: null,
          after: { filename, sha256, documentId: doc!.id, ...result },
        });
        return { plan: draft, ...result };
      });
    },
  };

  async function apply(
    tx: Executor,
    caller: Caller,
    organisationId: string,
    draft: PlanVersion,
    s: PlanSheet,
    recs: { id: string; number: number }[],
    rags: Map<string, { override: Rag | null; reason: string | null }>,
    filename: string,
  ) {
    const existing = await repo.tree(tx, organisationId, draft.id);
    const outcomeByRef = new Map(existing.outcomes.map((o) => [o.ref, o]));
    const commitmentByRef = new Map(existing.commitments.map((c) => [c.ref, c]));
    const actionByRef = new Map(existing.actions.map((a) => [a.ref, a]));
    const keep = { outcomes: new Set<string>(), commitments: new Set<string>(), actions: new Set<string>() };
    const counts = { added: 0, changed: 0, removed: 0 };
    const recByNumber = new Map(recs.map((r) => [r.number, r.id]));
    let position = 0;
    let cPosition = 0;
    let aPosition = 0;
    for (const o of s.outcomes) {
      position++;
      const found = outcomeByRef.get(o.ref);
      let outcomeId: string;
      if (found) {
        keep.outcomes.add(found.id);
        outcomeId = found.id;
        if (
          found.title !== o.title ||
          found.description !== (o.description ?? '') ||
          found.position !== position
        ) {
          must(
            await repo.updateOutcome(tx, organisationId, found.id, found.version, {
              title: o.title,
              description: o.description ?? '',
              position,
            }),
          );
          counts.changed++;
        }
      } else {
        const [row] = await repo.insertOutcomes(tx, [
          {
            organisationId,
            planId: draft.id,
            ref: o.ref,
            title: o.title,
            description: o.description ?? '',
            position,
          },
        ]);
        outcomeId = row!.id;
        counts.added++;
      }
      for (const c of o.commitments) {
        cPosition++;
        const foundC = commitmentByRef.get(c.ref);
        let commitmentId: string;
        if (foundC) {
          keep.commitments.add(foundC.id);
          commitmentId = foundC.id;
          must(
            await repo.updateCommitment(tx, organisationId, foundC.id, foundC.version, {
              outcomeId,
              title: c.title,
              successMeasures: c.successMeasures,
              position: cPosition,
            }),
          );
        } else {
          const [row] = await repo.insertCommitments(tx, [
            {
              organisationId,
              planId: draft.id,
              outcomeId,
              ref: c.ref,
              title: c.title,
              successMeasures: c.successMeasures,
              position: cPosition,
            },
          ]);
          commitmentId = row!.id;
          counts.added++;
        }
        await repo.linkRecommendations(
          tx,
          organisationId,
          commitmentId,
          c.recommendationNumbers.map((n) => recByNumber.get(n)!),
        );
        for (const a of c.actions) {
          aPosition++;
          const foundA = actionByRef.get(a.ref);
          const rag = rags.get(a.ref) ?? { override: null, reason: null };
          const values = {
            commitmentId,
            title: a.title,
            description: a.description,
            leadEmail: a.leadOfficerEmail.toLowerCase(),
            originalTargetDate: a.originalTargetDate,
            currentTargetDate: a.currentTargetDate,
            deliveryStatus: a.deliveryStatus,
            ragOverride: rag.override,
            ragOverrideReason: rag.override ? rag.reason : null,
            evidenceLinks: a.evidenceLinks,
            completedOn:
              a.deliveryStatus === 'complete' || a.deliveryStatus === 'embedded'
                ? (foundA?.completedOn ?? null)
                : null,
            position: aPosition,
          };
          const fromDate = foundA ? foundA.currentTargetDate : a.originalTargetDate;
          let lineageId: string;
          if (foundA) {
            keep.actions.add(foundA.id);
            lineageId = foundA.lineageId;
            const changed = (Object.keys(values) as (keyof typeof values)[]).some(
              (k) => k !== 'position' && JSON.stringify(foundA[k]) !== JSON.stringify(values[k]),
            );
            must(await repo.updateAction(tx, organisationId, foundA.id, foundA.version, values));
            if (changed) counts.changed++;
          } else {
            const [row] = await repo.insertActions(tx, [
              { organisationId, planId: draft.id, ref: a.ref, ...values },
            ]);
            lineageId = row!.lineageId;
            counts.added++;
          }
          // Every target-date change is kept, including the ones a spreadsheet brings in.
          if (fromDate !== a.currentTargetDate)
            await repo.insertDateChange(tx, {
              organisationId,
              actionLineageId: lineageId,
              oldDate: fromDate,
              newDate: a.currentTargetDate,
              reason: `Target date as given in the imported workbook ${filename}`.slice(0, 500),
              status: 'approved',
              requestedBy: caller.userId,
              decidedBy: caller.userId,
              decidedAt: new Date(),
            });
        }
      }
    }
    for (const a of existing.actions)
      if (!keep.actions.has(a.id)) {
        await repo.deleteItem(tx, 'action', organisationId, a.id, a.version);
        counts.removed++;
      }
    for (const c of existing.commitments)
      if (!keep.commitments.has(c.id)) {
        await repo.deleteItem(tx, 'commitment', organisationId, c.id, c.version);
        counts.removed++;
      }
    for (const o of existing.outcomes)
      if (!keep.outcomes.has(o.id)) {
        await repo.deleteItem(tx, 'outcome', organisationId, o.id, o.version);
        counts.removed++;
      }
    return counts;
  }

  return transfer;
}

/** Someone edited the draft while the import ran: refuse rather than overwrite their change. */
function must<T>(row: T | null): T {
  if (row === null)
    throw new ConflictError(
      'Someone changed the draft plan while it was being imported, so nothing was saved. Try the import again.',
    );
  return row;
}

function emptySnapshot(): PlanSnapshot {
  return { plan: { title: '', vision: '', startDate: '', endDate: null }, outcomes: [] };
}

export type PlanTransfer = ReturnType<typeof planTransfer>;
