// The improvement plan's rules and workflows: versions (draft → approved → superseded, refresh), the
// outcome → commitment → action structure, delivery status and RAG, target-date changes, progress
// updates, challenges and impact ratings. Structure is edited only in a draft; delivery is recorded on
// the live version (the latest approved one, or the first draft before anything is approved).
import type { Database, Executor } from '../../db/client.js';
import { inTransaction } from '../../db/tx.js';
import { capitalise, dateField, fail, textField as text } from '../../platform/validation.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type ErrorDetail,
} from '../../platform/errors.js';
import type { PlanRepository, PlanVersion } from './repository.js';
import {
  CHALLENGE_SUBJECTS,
  IMPACT_RATINGS,
  type ImprovementPlan,
  type PlanAction,
  type PlanCommitment,
  type PlanSnapshot,
  type ChallengeSubject,
  type ImpactRatingValue,
} from './schema.js';
import {
  DELIVERY_STATUS_LABELS,
  MIN_REASON_LENGTH,
  RAG_LABELS,
  checkRagOverride,
  checkTransition,
  formatUkDate,
  isDeliveryStatus,
  isRag,
  type DeliveryStatus,
  type Rag,
} from './rules/rules.js';
import {
  actionViews,
  coverage,
  diffSnapshots,
  londonDay,
  planTree,
  summarise,
  type ActionView,
} from './derive.js';

export interface Caller {
  actor: Actor;
  /** Null for the command line, which acts as the system. */
  userId: string | null;
  email: string;
  /** Holds plan:edit — the improvement lead's powers. */
  canEdit: boolean;
}

export interface RecommendationSource {
  /** Every recommendation the organisation has, with the inspection it came from. */
  recommendations(
    organisationId: string,
  ): Promise<{ id: string; inspectionId: string; number: number; kind: string; text: string }[]>;
}

export const IMPACT_LABELS: Record<ImpactRatingValue, string> = {
  clear: 'Clear impact for children',
  some: 'Some impact',
  too_early: 'Too early to tell',
  none: 'No impact yet',
};

export const PLAN_STATUS_LABELS: Record<ImprovementPlan['status'], string> = {
  draft: 'Draft',
  approved: 'Approved',
  superseded: 'Superseded',
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function today(): string {
  return londonDay(new Date());
}

function reasonField(value: string | undefined, path: string, what: string, details: ErrorDetail[]) {
  const v = (value ?? '').trim();
  if (v.length < MIN_REASON_LENGTH)
    details.push({ path, message: `Give a reason for ${what} (at least ${MIN_REASON_LENGTH} characters)` });
  else if (v.length > 2000) details.push({ path, message: 'The reason must be 2000 characters or fewer' });
  return v;
}

/** One link a line (or separated by spaces); each must be a web address or a document reference. */
export function parseLinks(value: string | undefined, path: string, details: ErrorDetail[]): string[] {
  const links = (value ?? '')
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (links.length > 20) details.push({ path, message: 'Give up to 20 evidence links' });
  for (const link of links)
    if (link.length > 500 || !/^(https?:\/\/\S+|[A-Za-z0-9][\w .\-/\\:#]*)$/.test(link)) {
      details.push({
        path,
        message: `“${link.slice(0, 60)}” is not a web address (https://…) or a document reference`,
      });
      break;
    }
  return links;
}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export interface PlanInput {
  title?: string;
  vision?: string;
  startDate?: string;
  endDate?: string;
  statutoryDeadline?: string;
  submittedTo?: string;
  submittedOn?: string;
  updateCadenceDays?: string;
  inspectionId?: string;
}

export interface OutcomeInput {
  ref?: string;
  title?: string;
  description?: string;
}

export interface CommitmentInput {
  outcomeId?: string;
  ref?: string;
  title?: string;
  successMeasures?: string;
  recommendationIds?: string[];
}

export interface ActionInput {
  commitmentId?: string;
  ref?: string;
  title?: string;
  description?: string;
  leadEmail?: string;
  originalTargetDate?: string;
  evidenceLinks?: string;
  learningThemes?: string;
}

export function planService(deps: {
  db: Database;
  repo: PlanRepository;
  audit: AuditService;
  recommendations: RecommendationSource;
}) {
  const { db, repo, audit } = deps;

  async function versions(organisationId: string) {
    const all = await repo.versions(db, organisationId);
    const latest = all[0] ?? null;
    const approved = all.find((p) => p.status === 'approved') ?? null;
    return {
      all,
      latest,
      /** Where delivery is recorded: the approved version, or the first draft before any approval. */
      live: approved ?? (latest && latest.versionNumber === 1 ? latest : null),
      draft: latest?.status === 'draft' ? latest : null,
    };
  }

  async function planOrThrow(db0: Executor, organisationId: string, id: string) {
    const plan = await repo.plan(db0, organisationId, id);
    if (!plan) throw new NotFoundError('There is no such plan version');
    return plan;
  }

  async function requireDraft(tx: Executor, organisationId: string, planId: string) {
    const plan = await planOrThrow(tx, organisationId, planId);
    if (plan.status !== 'draft')
      throw new ValidationError(
        `Version ${plan.versionNumber} is ${plan.status}, so it cannot be changed. Refresh the plan into a new draft version to change its structure.`,
      );
    return plan;
  }

  /** The live version, inside a transaction; refuses when the item is not on it. */
  async function requireLive(tx: Executor, organisationId: string, planId: string) {
    const plan = await planOrThrow(tx, organisationId, planId);
    const all = await repo.versions(tx, organisationId);
    const approved = all.find((p) => p.status === 'approved');
    const live = approved ?? (plan.versionNumber === 1 && plan.status === 'draft' ? plan : null);
    if (!live || live.id !== plan.id)
      throw new ValidationError(
        `Progress is recorded on the live plan (version ${approved?.versionNumber ?? 1}), not on version ${plan.versionNumber}.`,
      );
    return plan;
  }

  async function leadNames(organisationId: string) {
    const members = await repo.members(db, organisationId);
    return { members, names: new Map(members.map((m) => [m.email.toLowerCase(), m.displayName])) };
  }

  async function planRecommendations(organisationId: string, plan: PlanVersion | null) {
    const all = await deps.recommendations.recommendations(organisationId);
    const inspectionId = plan?.inspectionId ?? all.at(-1)?.inspectionId ?? null;
    return all.filter((r) => r.inspectionId === inspectionId);
  }

  /** A plan version with everything its pages show, as at a date. */
  async function load(organisationId: string, planId: string, asAt = today()) {
    const plan = await planOrThrow(db, organisationId, planId);
    const tree = await repo.tree(db, organisationId, planId);
    const lineages = tree.actions.map((a) => a.lineageId);
    const [updates, dateChanges, { names, members }, recs] = await Promise.all([
      repo.updates(db, organisationId, { lineageIds: lineages }),
      repo.dateChanges(db, organisationId, lineages),
      leadNames(organisationId),
      planRecommendations(organisationId, plan),
    ]);
    const views = actionViews(
      {
        ...tree,
        updates,
        dateChanges,
        leadNames: names,
        planStart: plan.startDate,
        cadenceDays: plan.updateCadenceDays,
      },
      asAt,
    );
    const recNumbers = new Map<string, number[]>();
    for (const l of tree.links)
      recNumbers.set(l.commitmentId, [...(recNumbers.get(l.commitmentId) ?? []), l.number]);
    const outline = planTree(tree.outcomes, tree.commitments, views, recNumbers);
    return {
      plan,
      asAt,
      outcomes: tree.outcomes,
      commitments: tree.commitments,
      links: tree.links,
      views,
      tree: outline,
      summary: summarise(views),
      recommendations: recs,
      coverage: coverage(recs, tree.links),
      members,
      updates,
      dateChanges,
    };
  }

  function snapshotOf(loaded: Awaited<ReturnType<typeof load>>): PlanSnapshot {
    const p = loaded.plan;
    return {
      plan: { title: p.title, vision: p.vision, startDate: p.startDate, endDate: p.endDate },
      outcomes: loaded.tree.map((o) => ({
        lineageId: o.outcome.lineageId,
        ref: o.outcome.ref,
        title: o.outcome.title,
        description: o.outcome.description,
        commitments: o.commitments.map((c) => ({
          lineageId: c.commitment.lineageId,
          ref: c.commitment.ref,
          title: c.commitment.title,
          successMeasures: c.commitment.successMeasures,
          recommendationNumbers: c.recommendationNumbers,
          actions: c.actions.map((v) => ({
            lineageId: v.action.lineageId,
            ref: v.action.ref,
            title: v.action.title,
            description: v.action.description,
            leadEmail: v.action.leadEmail,
            originalTargetDate: v.action.originalTargetDate,
            currentTargetDate: v.action.currentTargetDate,
            deliveryStatus: v.action.deliveryStatus,
            rag: v.rag,
          })),
        })),
      })),
    };
  }

  /**
   * What a version said: the snapshot kept when it was approved, or its records now. A plan read with
   * its snapshot (or explicitly without one) is taken as it is; a version from versions() is looked up.
   */
  async function snapshot(
    organisationId: string,
    plan: PlanVersion & { approvedSnapshot?: PlanSnapshot | null },
  ): Promise<PlanSnapshot> {
    const stored =
      'approvedSnapshot' in plan
        ? plan.approvedSnapshot
        : await repo.approvedSnapshot(db, organisationId, plan.id);
    return stored ?? snapshotOf(await load(organisationId, plan.id));
  }

  function validatePlan(input: PlanInput) {
    const details: ErrorDetail[] = [];
    const title = text(input.title, 'title', 'a title for the plan', 200, details);
    const vision = text(input.vision, 'vision', 'the vision', 4000, details, false);
    const startDate = dateField(input.startDate, 'startDate', 'the start date', details);
    const endDate = dateField(input.endDate, 'endDate', 'the end date', details, false);
    const statutoryDeadline = dateField(
      input.statutoryDeadline,
      'statutoryDeadline',
      'the statutory deadline',
      details,
      false,
    );
    const submittedOn = dateField(
      input.submittedOn,
      'submittedOn',
      'the date it was submitted',
      details,
      false,
    );
    const submittedTo = text(
      input.submittedTo,
      'submittedTo',
      'who it was submitted to',
      200,
      details,
      false,
    );
    const cadenceText = (input.updateCadenceDays ?? '').trim() || '42';
    const cadence = /^\d{1,3}$/.test(cadenceText) ? Number(cadenceText) : NaN;
    if (!(cadence >= 7 && cadence <= 180))
      details.push({
        path: 'updateCadenceDays',
        message: 'Enter how often updates are due as a number of days from 7 to 180',
      });
    if (startDate && endDate && endDate <= startDate)
      details.push({ path: 'endDate', message: 'The end date must be after the start date' });
    if (details.length) fail('The plan could not be saved', details);
    return {
      title,
      vision,
      startDate: startDate!,
      endDate,
      statutoryDeadline,
      submittedTo: submittedTo || null,
      submittedOn,
      updateCadenceDays: cadence,
      inspectionId: input.inspectionId || null,
    };
  }

  async function record(
    tx: Executor,
    caller: Caller,
    organisationId: string,
    action: string,
    entityType: string,
    entityId: string,
    before: unknown,
    after: unknown,
  ) {
    await audit.record(tx, caller.actor, { organisationId, action, entityType, entityId, before, after });
  }

  function stale(what: string): never {
    throw new ConflictError(
      `Someone else changed this ${what} since you opened it, so your change was not saved. Reload to see their changes and try again.`,
    );
  }

  async function actionOrThrow(tx: Executor, organisationId: string, id: string): Promise<PlanAction> {
    const action = await repo.action(tx, organisationId, id);
    if (!action) throw new NotFoundError('There is no such action');
    return action;
  }

  function checkRecommendationIds(ids: string[], valid: { id: string }[], details: ErrorDetail[]) {
    if (ids.some((id) => !valid.some((r) => r.id === id)))
      details.push({ path: 'recommendationIds', message: 'Choose recommendations from the list' });
  }

  function isLead(caller: Caller, action: PlanAction) {
    return action.leadEmail.toLowerCase() === caller.email.toLowerCase();
  }

  const service = {
    versions,
    load,
    snapshot,
    approvedSnapshot: (organisationId: string, planId: string) =>
      repo.approvedSnapshot(db, organisationId, planId),
    today,
    recommendationsFor: planRecommendations,
    actionById: (organisationId: string, id: string) => repo.action(db, organisationId, id),
    outcomeById: (organisationId: string, id: string) => repo.outcome(db, organisationId, id),
    commitmentById: (organisationId: string, id: string) => repo.commitment(db, organisationId, id),
    /** The item a challenge is about, in its newest version. */
    challengeSubject: (
      organisationId: string,
      c: { subjectType: ChallengeSubject; subjectLineageId: string },
    ) => repo.latestByLineage(db, c.subjectType, organisationId, c.subjectLineageId),

    /** The version a page asks for by number, or the live version (else the latest). */
    async resolve(organisationId: string, versionNumber?: number) {
      const v = await versions(organisationId);
      const plan =
        versionNumber !== undefined
          ? v.all.find((p) => p.versionNumber === versionNumber)
          : (v.live ?? v.latest ?? undefined);
      return { ...v, plan: plan ?? null };
    },

    async diff(organisationId: string, fromVersion: number, toVersion: number) {
      const v = await versions(organisationId);
      const from = v.all.find((p) => p.versionNumber === fromVersion);
      const to = v.all.find((p) => p.versionNumber === toVersion);
      if (!from || !to) throw new NotFoundError('There is no such plan version');
      return {
        from,
        to,
        changes: diffSnapshots(await snapshot(organisationId, from), await snapshot(organisationId, to)),
      };
    },

    async createPlan(caller: Caller, organisationId: string, input: PlanInput) {
      const values = validatePlan(input);
      return inTransaction(db, organisationId, async (tx) => {
        await repo.lockPlans(tx, organisationId);
        if ((await repo.versions(tx, organisationId)).length)
          throw new ValidationError(
            'This organisation already has an improvement plan: refresh it into a new version instead.',
          );
        const plan = await repo.insertPlan(tx, {
          organisationId,
          versionNumber: 1,
          status: 'draft',
          ...values,
        });
        await record(tx, caller, organisationId, 'plan.created', 'improvement_plan', plan.id, null, plan);
        return plan;
      });
    },

    async updatePlan(
      caller: Caller,
      organisationId: string,
      planId: string,
      version: number,
      input: PlanInput,
    ) {
      const values = validatePlan(input);
      return inTransaction(db, organisationId, async (tx) => {
        const before = await requireDraft(tx, organisationId, planId);
        const after = await repo.updatePlan(tx, organisationId, planId, version, values);
        if (!after) stale('plan');
        await record(tx, caller, organisationId, 'plan.updated', 'improvement_plan', planId, before, after);
        return after;
      });
    },

    /** Approves a draft: freezes its structure and keeps what it said; the version before is superseded. */
    async approve(
      caller: Caller,
      organisationId: string,
      planId: string,
      version: number,
      input: {
        approvedOn?: string;
        approvedBy?: string;
        approvalMeeting?: string;
        approvalAuthority?: string;
      },
    ) {
      const details: ErrorDetail[] = [];
      const approvedOn = dateField(input.approvedOn, 'approvedOn', 'the date it was approved', details);
      const approvedBy = text(
        input.approvedBy,
        'approvedBy',
        'who approved it (a person or a body, such as Cabinet)',
        200,
        details,
      );
      const approvalMeeting = text(
        input.approvalMeeting,
        'approvalMeeting',
        'the meeting',
        200,
        details,
        false,
      );
      const approvalAuthority = text(
        input.approvalAuthority,
        'approvalAuthority',
        'the delegated authority',
        300,
        details,
        false,
      );
      if (!approvalMeeting && !approvalAuthority)
        details.push({
          path: 'approvalMeeting',
          message: 'Enter the meeting that approved it, or the delegated authority it was approved under',
        });
      if (approvedOn && approvedOn > today())
        details.push({ path: 'approvedOn', message: 'The approval date cannot be in the future' });
      if (details.length) fail('The approval could not be recorded', details);
      return inTransaction(db, organisationId, async (tx) => {
        await repo.lockPlans(tx, organisationId);
        const plan = await requireDraft(tx, organisationId, planId);
        if (plan.version !== version) stale('plan');
        const all = await repo.versions(tx, organisationId);
        const previous = all.find((p) => p.status === 'approved');
        if (previous) {
          // Delivery went on being recorded on the approved version while this draft was prepared.
          const [live, draft] = await Promise.all([
            repo.tree(tx, organisationId, previous.id),
            repo.tree(tx, organisationId, plan.id),
          ]);
          const byLineage = new Map(live.actions.map((a) => [a.lineageId, a]));
          for (const a of draft.actions) {
            const l = byLineage.get(a.lineageId);
            if (!l) continue;
            await repo.updateAction(tx, organisationId, a.id, a.version, {
              deliveryStatus: l.deliveryStatus,
              currentTargetDate: l.currentTargetDate,
              ragOverride: l.ragOverride,
              ragOverrideReason: l.ragOverrideReason,
              evidenceLinks: [...new Set([...l.evidenceLinks, ...a.evidenceLinks])],
              completedOn: l.completedOn,
              embeddingEvidence: l.embeddingEvidence,
              embeddingSignedOffBy: l.embeddingSignedOffBy,
              embeddingSignedOffAt: l.embeddingSignedOffAt,
              statusReason: l.statusReason,
            });
          }
          await repo.setPlanStatus(tx, organisationId, previous.id, 'superseded');
        }
        const approvedValues = {
          status: 'approved' as const,
          approvedOn: approvedOn!,
          approvedBy,
          approvalMeeting: approvalMeeting || null,
          approvalAuthority: approvalAuthority || null,
          approvalRecordedBy: caller.userId,
        };
        const after = await repo.updatePlan(tx, organisationId, planId, version, approvedValues);
        if (!after) stale('plan');
        await record(
          tx,
          caller,
          organisationId,
          'plan.approved',
          'improvement_plan',
          planId,
          { status: 'draft' },
          approvedValues,
        );
        return after;
      }).then(async (approved) => {
        // The snapshot is taken from the committed version so that it is exactly what was approved.
        const snap = snapshotOf(await load(organisationId, approved.id));
        return inTransaction(db, organisationId, async (tx) => {
          const saved = await repo.updatePlan(tx, organisationId, approved.id, approved.version, {
            approvedSnapshot: snap,
          });
          return saved ?? approved;
        });
      });
    },

    /** Starts a new draft version from the approved one, carrying everything forward. */
    async refresh(caller: Caller, organisationId: string) {
      return inTransaction(db, organisationId, async (tx) => {
        await repo.lockPlans(tx, organisationId);
        const all = await repo.versions(tx, organisationId);
        const latest = all[0];
        if (!latest) throw new ValidationError('There is no plan to refresh yet: create one first.');
        if (latest.status === 'draft')
          throw new ValidationError(`Version ${latest.versionNumber} is already a draft: change that one.`);
        const copy = await repo.insertPlan(tx, {
          organisationId,
          versionNumber: latest.versionNumber + 1,
          status: 'draft',
          title: latest.title,
          vision: latest.vision,
          inspectionId: latest.inspectionId,
          startDate: latest.startDate,
          endDate: latest.endDate,
          statutoryDeadline: latest.statutoryDeadline,
          submittedTo: latest.submittedTo,
          submittedOn: latest.submittedOn,
          updateCadenceDays: latest.updateCadenceDays,
          previousVersionId: latest.id,
        });
        await copyContent(tx, organisationId, latest.id, copy.id);
        await record(
          tx,
          caller,
          organisationId,
          'plan.refreshed',
          'improvement_plan',
          copy.id,
          { from: latest.versionNumber },
          { to: copy.versionNumber },
        );
        return copy;
      });
    },

    // ---- Structure (drafts only) ----
    async saveOutcome(
      caller: Caller,
      organisationId: string,
      planId: string,
      input: OutcomeInput,
      existing?: { id: string; version: number },
    ) {
      const details: ErrorDetail[] = [];
      const ref = text(input.ref, 'ref', 'a reference, like 1', 20, details);
      const title = text(input.title, 'title', 'the outcome', 300, details);
      const description = text(input.description, 'description', 'the description', 4000, details, false);
      if (details.length) fail('The outcome could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        await requireDraft(tx, organisationId, planId);
        const tree = await repo.tree(tx, organisationId, planId);
        if (tree.outcomes.some((o) => o.ref === ref && o.id !== existing?.id))
          fail('The outcome could not be saved', [
            { path: 'ref', message: `Outcome ${ref} already exists in this plan` },
          ]);
        if (existing) {
          const before = tree.outcomes.find((o) => o.id === existing.id);
          if (!before) throw new NotFoundError('There is no such outcome in this version');
          const after = await repo.updateOutcome(tx, organisationId, existing.id, existing.version, {
            ref,
            title,
            description,
          });
          if (!after) stale('outcome');
          await record(
            tx,
            caller,
            organisationId,
            'plan.outcome_updated',
            'plan_outcome',
            after.id,
            before,
            after,
          );
          return after;
        }
        const [row] = await repo.insertOutcomes(tx, [
          { organisationId, planId, ref, title, description, position: tree.outcomes.length + 1 },
        ]);
        await record(tx, caller, organisationId, 'plan.outcome_added', 'plan_outcome', row!.id, null, row);
        return row!;
      });
    },

    async saveCommitment(
      caller: Caller,
      organisationId: string,
      planId: string,
      input: CommitmentInput,
      existing?: { id: string; version: number },
    ) {
      const details: ErrorDetail[] = [];
      const ref = text(input.ref, 'ref', 'a reference, like 1.1', 20, details);
      const title = text(input.title, 'title', 'the commitment', 500, details);
      const successMeasures = lines(input.successMeasures);
      if (successMeasures.length > 20 || successMeasures.some((m) => m.length > 500))
        details.push({
          path: 'successMeasures',
          message: 'Give up to 20 success measures of 500 characters or fewer, one a line',
        });
      const recommendationIds = [...new Set(input.recommendationIds ?? [])];
      const plan = await planOrThrow(db, organisationId, planId);
      checkRecommendationIds(recommendationIds, await planRecommendations(organisationId, plan), details);
      if (details.length) fail('The commitment could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        await requireDraft(tx, organisationId, planId);
        const tree = await repo.tree(tx, organisationId, planId);
        const outcome = tree.outcomes.find((o) => o.id === input.outcomeId);
        if (!outcome)
          fail('The commitment could not be saved', [
            { path: 'outcomeId', message: 'Choose the outcome this commitment serves' },
          ]);
        if (tree.commitments.some((c) => c.ref === ref && c.id !== existing?.id))
          fail('The commitment could not be saved', [
            { path: 'ref', message: `Commitment ${ref} already exists in this plan` },
          ]);
        let row: PlanCommitment | null | undefined;
        if (existing) {
          const before = tree.commitments.find((c) => c.id === existing.id);
          if (!before) throw new NotFoundError('There is no such commitment in this version');
          row = await repo.updateCommitment(tx, organisationId, existing.id, existing.version, {
            outcomeId: outcome.id,
            ref,
            title,
            successMeasures,
          });
          if (!row) stale('commitment');
          await record(
            tx,
            caller,
            organisationId,
            'plan.commitment_updated',
            'plan_commitment',
            row.id,
            before,
            { ...row, recommendationIds },
          );
        } else {
          [row] = await repo.insertCommitments(tx, [
            {
              organisationId,
              planId,
              outcomeId: outcome.id,
              ref,
              title,
              successMeasures,
              position: tree.commitments.length + 1,
            },
          ]);
          if (!row) throw new Error('The commitment was not inserted');
          await record(tx, caller, organisationId, 'plan.commitment_added', 'plan_commitment', row.id, null, {
            ...row,
            recommendationIds,
          });
        }
        await repo.linkRecommendations(tx, organisationId, row.id, recommendationIds);
        return row;
      });
    },

    async saveAction(
      caller: Caller,
      organisationId: string,
      planId: string,
      input: ActionInput,
      existing?: { id: string; version: number },
    ) {
      const details: ErrorDetail[] = [];
      const ref = text(input.ref, 'ref', 'a reference, like 1.1.1', 20, details);
      const title = text(input.title, 'title', 'the action', 300, details);
      const description = text(input.description, 'description', 'a description', 4000, details, false);
      const leadEmail = text(
        input.leadEmail,
        'leadEmail',
        "the lead officer's email address",
        200,
        details,
      ).toLowerCase();
      if (leadEmail && !EMAIL.test(leadEmail))
        details.push({
          path: 'leadEmail',
          message: "Enter the lead officer's email address, like name@council.gov.uk",
        });
      const originalTargetDate = dateField(
        input.originalTargetDate,
        'originalTargetDate',
        'the target date',
        details,
      );
      const evidenceLinks = parseLinks(input.evidenceLinks, 'evidenceLinks', details);
      const learningThemes = [
        ...new Set(
          (input.learningThemes ?? '')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ];
      if (learningThemes.length > 10 || learningThemes.some((t) => t.length > 80))
        details.push({
          path: 'learningThemes',
          message: 'Give up to 10 learning themes of 80 characters or fewer, separated by commas',
        });
      if (details.length) fail('The action could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        await requireDraft(tx, organisationId, planId);
        const tree = await repo.tree(tx, organisationId, planId);
        const commitment = tree.commitments.find((c) => c.id === input.commitmentId);
        if (!commitment)
          fail('The action could not be saved', [
            { path: 'commitmentId', message: 'Choose the commitment this action delivers' },
          ]);
        if (tree.actions.some((a) => a.ref === ref && a.id !== existing?.id))
          fail('The action could not be saved', [
            { path: 'ref', message: `Action ${ref} already exists in this plan` },
          ]);
        if (existing) {
          const before = tree.actions.find((a) => a.id === existing.id);
          if (!before) throw new NotFoundError('There is no such action in this version');
          const values: Partial<PlanAction> = {
            commitmentId: commitment.id,
            ref,
            title,
            description,
            leadEmail,
            evidenceLinks,
            learningThemes,
          };
          // The original target date is what was promised: it changes only before delivery has a history.
          if (originalTargetDate !== before.originalTargetDate) {
            const changes = await repo.dateChanges(tx, organisationId, [before.lineageId]);
            if (
              changes.some((c) => c.status === 'approved') ||
              (await repo.versions(tx, organisationId)).some((p) => p.status !== 'draft')
            )
              fail('The action could not be saved', [
                {
                  path: 'originalTargetDate',
                  message:
                    'The original target date cannot change once a version has been approved: reschedule the action instead, with a reason',
                },
              ]);
            values.originalTargetDate = originalTargetDate!;
            values.currentTargetDate = originalTargetDate!;
          }
          const after = await repo.updateAction(tx, organisationId, existing.id, existing.version, values);
          if (!after) stale('action');
          await record(
            tx,
            caller,
            organisationId,
            'plan.action_updated',
            'plan_action',
            after.id,
            before,
            after,
          );
          return after;
        }
        const [row] = await repo.insertActions(tx, [
          {
            organisationId,
            planId,
            commitmentId: commitment.id,
            ref,
            title,
            description,
            leadEmail,
            originalTargetDate: originalTargetDate!,
            currentTargetDate: originalTargetDate!,
            evidenceLinks,
            learningThemes,
            position: tree.actions.length + 1,
          },
        ]);
        await record(tx, caller, organisationId, 'plan.action_added', 'plan_action', row!.id, null, row);
        return row!;
      });
    },

    async removeItem(
      caller: Caller,
      organisationId: string,
      planId: string,
      kind: 'outcome' | 'commitment' | 'action',
      id: string,
      version: number,
    ) {
      return inTransaction(db, organisationId, async (tx) => {
        await requireDraft(tx, organisationId, planId);
        const tree = await repo.tree(tx, organisationId, planId);
        const item = { outcome: tree.outcomes, commitment: tree.commitments, action: tree.actions }[
          kind
        ].find((i) => i.id === id);
        if (!item) throw new NotFoundError(`There is no such ${kind} in this version`);
        if (kind === 'outcome' && tree.commitments.some((c) => c.outcomeId === id))
          throw new ValidationError('Remove or move this outcome’s commitments first.');
        if (kind === 'commitment' && tree.actions.some((a) => a.commitmentId === id))
          throw new ValidationError('Remove or move this commitment’s actions first.');
        if (!(await repo.deleteItem(tx, kind, organisationId, id, version))) stale(kind);
        await record(tx, caller, organisationId, `plan.${kind}_removed`, `plan_${kind}`, id, item, null);
      });
    },

    // ---- Delivery (the live version) ----
    async changeStatus(
      caller: Caller,
      organisationId: string,
      actionId: string,
      version: number,
      input: { status?: string; reason?: string },
    ) {
      if (!isDeliveryStatus(input.status))
        fail('The status could not be changed', [{ path: 'status', message: 'Choose a delivery status' }]);
      const to = input.status;
      return inTransaction(db, organisationId, async (tx) => {
        const before = await actionOrThrow(tx, organisationId, actionId);
        await requireLive(tx, organisationId, before.planId);
        if (before.version !== version) stale('action');
        if (to === 'embedded')
          fail('The status could not be changed', [
            { path: 'status', message: 'Sign off the evidence of embedding to mark an action embedded' },
          ]);
        const rule = checkTransition(before.deliveryStatus, to, {
          embeddingSignedOff: before.embeddingSignedOffAt !== null,
          reason: input.reason ?? '',
        });
        if (!rule.ok) fail('The status could not be changed', [{ path: 'status', message: rule.message }]);
        const values: Partial<PlanAction> = {
          deliveryStatus: to,
          statusReason: (input.reason ?? '').trim() || null,
          completedOn:
            to === 'complete'
              ? (before.completedOn ?? today())
              : to === 'in_progress'
                ? null
                : before.completedOn,
        };
        if (before.deliveryStatus === 'embedded' || to === 'in_progress') {
          values.embeddingSignedOffAt = null;
          values.embeddingSignedOffBy = null;
          values.embeddingEvidence = null;
        }
        if (to === 'cancelled') {
          values.ragOverride = null;
          values.ragOverrideReason = null;
        }
        const after = await repo.updateAction(tx, organisationId, actionId, version, values);
        if (!after) stale('action');
        await record(
          tx,
          caller,
          organisationId,
          'plan.action_status_changed',
          'plan_action',
          actionId,
          { deliveryStatus: before.deliveryStatus },
          { deliveryStatus: to, reason: values.statusReason },
        );
        return after;
      });
    },

    /** Complete → embedded, with the evidence that the change is now normal practice. */
    async signOffEmbedding(
      caller: Caller,
      organisationId: string,
      actionId: string,
      version: number,
      input: { evidence?: string },
    ) {
      const details: ErrorDetail[] = [];
      const evidence = text(
        input.evidence,
        'evidence',
        'the evidence that the change is now normal practice',
        4000,
        details,
      );
      if (details.length) fail('Embedding could not be signed off', details);
      return inTransaction(db, organisationId, async (tx) => {
        const before = await actionOrThrow(tx, organisationId, actionId);
        await requireLive(tx, organisationId, before.planId);
        if (before.version !== version) stale('action');
        const rule = checkTransition(before.deliveryStatus, 'embedded', { embeddingSignedOff: true });
        if (!rule.ok)
          fail('Embedding could not be signed off', [{ path: 'evidence', message: rule.message }]);
        const after = await repo.updateAction(tx, organisationId, actionId, version, {
          deliveryStatus: 'embedded',
          embeddingEvidence: evidence,
          embeddingSignedOffBy: caller.userId,
          embeddingSignedOffAt: new Date(),
          ragOverride: null,
          ragOverrideReason: null,
        });
        if (!after) stale('action');
        await record(
          tx,
          caller,
          organisationId,
          'plan.embedding_signed_off',
          'plan_action',
          actionId,
          { deliveryStatus: before.deliveryStatus },
          { deliveryStatus: 'embedded', evidence },
        );
        return after;
      });
    },

    /** Sets the RAG rating: the suggested one (clearing any override) or another one with a reason. */
    async setRag(
      caller: Caller,
      organisationId: string,
      actionId: string,
      version: number,
      input: { rag?: string; reason?: string },
    ) {
      const loaded = await (async () => {
        const action = await actionOrThrow(db, organisationId, actionId);
        const l = await load(organisationId, action.planId);
        return l.views.find((v) => v.action.id === actionId)!;
      })();
      const chosen =
        input.rag === 'suggested' ? loaded.suggested.rag : isRag(input.rag) ? input.rag : undefined;
      if (chosen === undefined)
        fail('The RAG rating could not be set', [{ path: 'rag', message: 'Choose a RAG rating' }]);
      const problem = checkRagOverride(loaded.suggested.rag, chosen, input.reason);
      if (problem)
        fail('The RAG rating could not be set', [
          {
            path: problem.startsWith('Give') || problem.startsWith('The reason') ? 'reason' : 'rag',
            message: problem,
          },
        ]);
      const override = chosen === loaded.suggested.rag ? null : chosen;
      return inTransaction(db, organisationId, async (tx) => {
        const before = await actionOrThrow(tx, organisationId, actionId);
        await requireLive(tx, organisationId, before.planId);
        const after = await repo.updateAction(tx, organisationId, actionId, version, {
          ragOverride: override,
          ragOverrideReason: override ? (input.reason ?? '').trim() : null,
        });
        if (!after) stale('action');
        await record(
          tx,
          caller,
          organisationId,
          'plan.rag_set',
          'plan_action',
          actionId,
          { ragOverride: before.ragOverride, suggested: loaded.suggested.rag },
          { ragOverride: override, reason: after.ragOverrideReason },
        );
        return after;
      });
    },

    /**
     * Asks for (action lead) or makes (improvement lead) a change of target date. A lead's request waits
     * for approval; the improvement lead's own change is approved by them as it is made.
     */
    async requestDateChange(
      caller: Caller,
      organisationId: string,
      actionId: string,
      version: number,
      input: { newDate?: string; reason?: string },
    ) {
      const details: ErrorDetail[] = [];
      const newDate = dateField(input.newDate, 'newDate', 'the new target date', details);
      const reason = reasonField(input.reason, 'reason', 'changing the target date', details);
      if (details.length) fail('The target date could not be changed', details);
      return inTransaction(db, organisationId, async (tx) => {
        const action = await actionOrThrow(tx, organisationId, actionId);
        await requireLive(tx, organisationId, action.planId);
        if (action.version !== version) stale('action');
        if (!caller.canEdit && !isLead(caller, action))
          throw new ForbiddenError(
            'Only the lead officer or the improvement lead can change this action’s target date',
          );
        if (['complete', 'embedded', 'cancelled'].includes(action.deliveryStatus))
          fail('The target date could not be changed', [
            {
              path: 'newDate',
              message: `This action is ${DELIVERY_STATUS_LABELS[action.deliveryStatus].toLowerCase()}, so its target date no longer moves`,
            },
          ]);
        if (newDate === action.currentTargetDate)
          fail('The target date could not be changed', [
            { path: 'newDate', message: `The target date is already ${formatUkDate(newDate)}` },
          ]);
        const pending = (await repo.dateChanges(tx, organisationId, [action.lineageId])).find(
          (c) => c.status === 'pending',
        );
        if (pending)
          fail('The target date could not be changed', [
            {
              path: 'newDate',
              message: `A change to ${formatUkDate(pending.newDate)} is already waiting for approval`,
            },
          ]);
        const approvedNow = caller.canEdit;
        const change = await repo.insertDateChange(tx, {
          organisationId,
          actionLineageId: action.lineageId,
          oldDate: action.currentTargetDate,
          newDate: newDate!,
          reason,
          status: approvedNow ? 'approved' : 'pending',
          requestedBy: caller.userId,
          decidedBy: approvedNow ? caller.userId : null,
          decidedAt: approvedNow ? new Date() : null,
        });
        if (approvedNow) {
          const after = await repo.updateAction(tx, organisationId, actionId, version, {
            currentTargetDate: newDate!,
          });
          if (!after) stale('action');
        }
        await record(
          tx,
          caller,
          organisationId,
          approvedNow ? 'plan.action_rescheduled' : 'plan.date_change_requested',
          'plan_action',
          actionId,
          { currentTargetDate: action.currentTargetDate },
          { newDate, reason, status: change.status },
        );
        return change;
      });
    },

    async decideDateChange(
      caller: Caller,
      organisationId: string,
      changeId: string,
      version: number,
      input: { decision?: string; comment?: string },
    ) {
      const approve = input.decision === 'approve';
      if (!approve && input.decision !== 'reject')
        fail('The request could not be decided', [{ path: 'decision', message: 'Choose approve or reject' }]);
      const comment = (input.comment ?? '').trim();
      if (!approve && comment.length < MIN_REASON_LENGTH)
        fail('The request could not be decided', [
          {
            path: 'comment',
            message: `Say why the change is rejected (at least ${MIN_REASON_LENGTH} characters)`,
          },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const change = await repo.dateChange(tx, organisationId, changeId);
        if (!change) throw new NotFoundError('There is no such date change');
        if (change.status !== 'pending') throw new ValidationError('This request has already been decided');
        const { live } = await (async () => {
          const all = await repo.versions(tx, organisationId);
          return { live: all.find((p) => p.status === 'approved') ?? all.find((p) => p.versionNumber === 1) };
        })();
        const action = live
          ? await repo.actionByLineage(tx, organisationId, live.id, change.actionLineageId)
          : null;
        if (!action) throw new NotFoundError('The action this request is for is no longer in the live plan');
        const decided = await repo.updateDateChange(tx, organisationId, changeId, version, {
          status: approve ? 'approved' : 'rejected',
          decidedBy: caller.userId,
          decidedAt: new Date(),
          decisionComment: comment || null,
          // The change runs from the date the action has now, in case it moved since the request.
          oldDate: action.currentTargetDate,
        });
        if (!decided) stale('request');
        if (approve) {
          const updated = await repo.updateAction(tx, organisationId, action.id, action.version, {
            currentTargetDate: change.newDate,
          });
          if (!updated) stale('action');
        }
        await record(
          tx,
          caller,
          organisationId,
          approve ? 'plan.action_rescheduled' : 'plan.date_change_rejected',
          'plan_action',
          action.id,
          { currentTargetDate: action.currentTargetDate },
          { newDate: change.newDate, reason: change.reason, comment },
        );
        return decided;
      });
    },

    // ---- Progress updates ----
    async submitUpdate(
      caller: Caller,
      organisationId: string,
      actionId: string,
      input: { narrative?: string; proposedRag?: string; proposedStatus?: string; evidenceLinks?: string },
    ) {
      const details: ErrorDetail[] = [];
      const narrative = text(
        input.narrative,
        'narrative',
        'what has happened since the last update',
        6000,
        details,
      );
      if (narrative && narrative.length < 20)
        details.push({
          path: 'narrative',
          message: 'Say what has changed since the last update, in at least 20 characters',
        });
      if (!isRag(input.proposedRag))
        details.push({ path: 'proposedRag', message: 'Choose the RAG rating you propose' });
      const proposedStatus = input.proposedStatus ? input.proposedStatus : null;
      if (proposedStatus !== null && proposedStatus !== 'in_progress' && proposedStatus !== 'complete')
        details.push({
          path: 'proposedStatus',
          message: 'Propose in progress or complete, or leave the status as it is',
        });
      const evidenceLinks = parseLinks(input.evidenceLinks, 'evidenceLinks', details);
      if (details.length) fail('The update could not be submitted', details);
      return inTransaction(db, organisationId, async (tx) => {
        const action = await actionOrThrow(tx, organisationId, actionId);
        await requireLive(tx, organisationId, action.planId);
        if (!caller.canEdit && !isLead(caller, action))
          throw new ForbiddenError('Only the action’s lead officer can submit its progress updates');
        if (['embedded', 'cancelled'].includes(action.deliveryStatus))
          throw new ValidationError(
            `This action is ${DELIVERY_STATUS_LABELS[action.deliveryStatus].toLowerCase()}: it needs no more updates.`,
          );
        if (proposedStatus && proposedStatus !== action.deliveryStatus) {
          const rule = checkTransition(action.deliveryStatus, proposedStatus as DeliveryStatus, {
            embeddingSignedOff: false,
            reason: narrative,
          });
          if (!rule.ok)
            fail('The update could not be submitted', [{ path: 'proposedStatus', message: rule.message }]);
        }
        const [row] = await repo.insertUpdates(tx, [
          {
            organisationId,
            actionLineageId: action.lineageId,
            authorId: caller.userId,
            narrative,
            proposedRag: input.proposedRag as Rag,
            proposedStatus:
              proposedStatus === action.deliveryStatus ? null : (proposedStatus as DeliveryStatus | null),
            evidenceLinks,
          },
        ]);
        await record(tx, caller, organisationId, 'plan.update_submitted', 'plan_action', actionId, null, row);
        return row!;
      });
    },

    /** Accepts an update (applying a proposed status and its evidence) or returns it with a comment. */
    async reviewUpdate(
      caller: Caller,
      organisationId: string,
      updateId: string,
      version: number,
      input: { decision?: string; comment?: string },
    ) {
      const accept = input.decision === 'accept';
      if (!accept && input.decision !== 'return')
        fail('The update could not be reviewed', [{ path: 'decision', message: 'Choose accept or return' }]);
      const comment = (input.comment ?? '').trim();
      if (!accept && comment.length < MIN_REASON_LENGTH)
        fail('The update could not be reviewed', [
          {
            path: 'comment',
            message: `Say what the lead officer needs to change (at least ${MIN_REASON_LENGTH} characters)`,
          },
        ]);
      if (comment.length > 2000)
        fail('The update could not be reviewed', [
          { path: 'comment', message: 'The comment must be 2000 characters or fewer' },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const update = await repo.update(tx, organisationId, updateId);
        if (!update) throw new NotFoundError('There is no such progress update');
        if (update.status !== 'submitted') throw new ValidationError('This update has already been reviewed');
        const all = await repo.versions(tx, organisationId);
        const live = all.find((p) => p.status === 'approved') ?? all.find((p) => p.versionNumber === 1);
        const action = live
          ? await repo.actionByLineage(tx, organisationId, live.id, update.actionLineageId)
          : null;
        if (!action) throw new NotFoundError('The action this update is for is no longer in the live plan');
        const reviewed = await repo.updateUpdate(tx, organisationId, updateId, version, {
          status: accept ? 'accepted' : 'returned',
          reviewedBy: caller.userId,
          reviewedAt: new Date(),
          reviewComment: comment || null,
        });
        if (!reviewed) stale('update');
        if (accept) {
          const values: Partial<PlanAction> = {};
          if (update.evidenceLinks.length)
            values.evidenceLinks = [...new Set([...action.evidenceLinks, ...update.evidenceLinks])];
          if (update.proposedStatus && update.proposedStatus !== action.deliveryStatus) {
            const rule = checkTransition(action.deliveryStatus, update.proposedStatus, {
              embeddingSignedOff: false,
              reason: update.narrative,
            });
            if (!rule.ok)
              fail('The update could not be accepted', [
                { path: 'decision', message: `Its proposed status cannot be applied: ${rule.message}` },
              ]);
            values.deliveryStatus = update.proposedStatus;
            if (update.proposedStatus === 'complete') values.completedOn = londonDay(update.submittedAt);
          } else if (action.deliveryStatus === 'not_started') values.deliveryStatus = 'in_progress';
          if (Object.keys(values).length) {
            const after = await repo.updateAction(tx, organisationId, action.id, action.version, values);
            if (!after) stale('action');
          }
        }
        await record(
          tx,
          caller,
          organisationId,
          accept ? 'plan.update_accepted' : 'plan.update_returned',
          'plan_action',
          action.id,
          null,
          { updateId, comment },
        );
        return reviewed;
      });
    },

    // ---- Challenges ----
    async raiseChallenge(
      caller: Caller,
      organisationId: string,
      input: {
        subjectType?: string;
        subjectId?: string;
        question?: string;
        ownerId?: string;
        dueDate?: string;
      },
    ) {
      const details: ErrorDetail[] = [];
      const question = text(input.question, 'question', 'the challenge', 4000, details);
      const dueDate = dateField(input.dueDate, 'dueDate', 'the date a response is due', details, false);
      if (!CHALLENGE_SUBJECTS.includes(input.subjectType as ChallengeSubject))
        details.push({
          path: 'subjectType',
          message: 'Say whether the challenge is on an outcome, a commitment or an action',
        });
      if (details.length) fail('The challenge could not be raised', details);
      const subjectType = input.subjectType as ChallengeSubject;
      return inTransaction(db, organisationId, async (tx) => {
        const subject =
          subjectType === 'outcome'
            ? await repo.outcome(tx, organisationId, input.subjectId ?? '')
            : subjectType === 'commitment'
              ? await repo.commitment(tx, organisationId, input.subjectId ?? '')
              : await repo.action(tx, organisationId, input.subjectId ?? '');
        if (!subject) throw new NotFoundError(`There is no such ${subjectType}`);
        const members = await repo.members(tx, organisationId);
        let ownerId = input.ownerId || null;
        if (ownerId && !members.some((m) => m.id === ownerId))
          fail('The challenge could not be raised', [
            { path: 'ownerId', message: 'Choose an owner from the list' },
          ]);
        if (!ownerId && subjectType === 'action') {
          const lead = members.find(
            (m) => m.email.toLowerCase() === (subject as PlanAction).leadEmail.toLowerCase(),
          );
          ownerId = lead?.id ?? null;
        }
        const label = `${capitalise(subjectType)} ${subject.ref}: ${subject.title}`;
        const row = await repo.insertChallenge(tx, {
          organisationId,
          subjectType,
          subjectLineageId: subject.lineageId,
          subjectLabel: label.length > 300 ? `${label.slice(0, 299)}…` : label,
          question,
          raisedBy: caller.userId,
          ownerId,
          dueDate,
        });
        await record(tx, caller, organisationId, 'plan.challenge_raised', 'challenge', row.id, null, row);
        return row;
      });
    },

    async respondToChallenge(
      caller: Caller,
      organisationId: string,
      id: string,
      version: number,
      input: { response?: string },
    ) {
      const details: ErrorDetail[] = [];
      const response = text(input.response, 'response', 'the response', 6000, details);
      if (details.length) fail('The response could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const before = await repo.challenge(tx, organisationId, id);
        if (!before) throw new NotFoundError('There is no such challenge');
        if (!caller.canEdit && before.ownerId !== caller.userId)
          throw new ForbiddenError('Only the challenge’s owner or the improvement lead can respond');
        if (before.status === 'closed') throw new ValidationError('This challenge is closed');
        const after = await repo.updateChallenge(tx, organisationId, id, version, {
          status: 'answered',
          response,
          respondedBy: caller.userId,
          respondedAt: new Date(),
        });
        if (!after) stale('challenge');
        await record(
          tx,
          caller,
          organisationId,
          'plan.challenge_answered',
          'challenge',
          id,
          { status: before.status, response: before.response },
          { status: 'answered', response },
        );
        return after;
      });
    },

    async closeChallenge(
      caller: Caller,
      organisationId: string,
      id: string,
      version: number,
      input: { note?: string; reopen?: boolean },
    ) {
      const note = (input.note ?? '').trim();
      if (note.length > 2000)
        fail('The challenge could not be closed', [
          { path: 'note', message: 'The note must be 2000 characters or fewer' },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const before = await repo.challenge(tx, organisationId, id);
        if (!before) throw new NotFoundError('There is no such challenge');
        if (!caller.canEdit && before.raisedBy !== caller.userId)
          throw new ForbiddenError(
            'Only whoever raised the challenge, or the improvement lead, can close or reopen it',
          );
        if (input.reopen) {
          if (before.status !== 'closed') throw new ValidationError('This challenge is not closed');
        } else if (before.status === 'closed') throw new ValidationError('This challenge is already closed');
        const values = input.reopen
          ? {
              status: before.response ? ('answered' as const) : ('open' as const),
              closedBy: null,
              closedAt: null,
              closingNote: note || null,
            }
          : {
              status: 'closed' as const,
              closedBy: caller.userId,
              closedAt: new Date(),
              closingNote: note || null,
            };
        const after = await repo.updateChallenge(tx, organisationId, id, version, values);
        if (!after) stale('challenge');
        await record(
          tx,
          caller,
          organisationId,
          input.reopen ? 'plan.challenge_reopened' : 'plan.challenge_closed',
          'challenge',
          id,
          { status: before.status },
          values,
        );
        return after;
      });
    },

    challenges: (organisationId: string, status?: 'open' | 'answered' | 'closed' | 'not_closed') =>
      repo.challenges(db, organisationId, status ? { status } : {}),
    challenge: async (organisationId: string, id: string) => {
      const c = await repo.challenge(db, organisationId, id);
      if (!c) throw new NotFoundError('There is no such challenge');
      return c;
    },
    challengesOn: (organisationId: string, lineageIds: string[]) =>
      repo.challenges(db, organisationId, { subjectLineageIds: lineageIds }),

    // ---- Impact ----
    async rateImpact(
      caller: Caller,
      organisationId: string,
      commitmentId: string,
      input: { period?: string; rating?: string; rationale?: string; version?: number },
    ) {
      const details: ErrorDetail[] = [];
      const period = (input.period ?? '').trim();
      if (!MONTH.test(period))
        details.push({ path: 'period', message: 'Enter the month rated as YYYY-MM, like 2026-10' });
      else if (period > today().slice(0, 7))
        details.push({ path: 'period', message: 'You cannot rate impact for a month that has not started' });
      if (!IMPACT_RATINGS.includes(input.rating as ImpactRatingValue))
        details.push({ path: 'rating', message: 'Choose the impact rating' });
      const rationale = text(
        input.rationale,
        'rationale',
        'the rationale: what the evidence shows for children',
        4000,
        details,
      );
      if (details.length) fail('The impact rating could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const commitment = await repo.commitment(tx, organisationId, commitmentId);
        if (!commitment) throw new NotFoundError('There is no such commitment');
        const existing = await repo.impactRating(tx, organisationId, commitment.lineageId, period);
        const values = { rating: input.rating as ImpactRatingValue, rationale, ratedBy: caller.userId };
        let row;
        if (existing) {
          if (input.version === undefined)
            fail('The impact rating could not be saved', [
              { path: 'period', message: `${period} is already rated: open that rating to change it` },
            ]);
          row = await repo.updateImpactRating(tx, organisationId, existing.id, input.version, values);
          if (!row) stale('impact rating');
        } else
          row = await repo.insertImpactRating(tx, {
            organisationId,
            commitmentLineageId: commitment.lineageId,
            period,
            ...values,
          });
        await record(
          tx,
          caller,
          organisationId,
          'plan.impact_rated',
          'plan_commitment',
          commitmentId,
          existing,
          row,
        );
        return row;
      });
    },
    impactRatings: (organisationId: string, lineageIds?: string[]) =>
      repo.impactRatings(db, organisationId, lineageIds),

    /** Pending updates for review, oldest first, with their actions. */
    async reviewQueue(organisationId: string) {
      const v = await versions(organisationId);
      if (!v.live)
        return {
          plan: null,
          items: [] as { update: Awaited<ReturnType<PlanRepository['updates']>>[number]; view: ActionView }[],
        };
      const loaded = await load(organisationId, v.live.id);
      const byLineage = new Map(loaded.views.map((x) => [x.action.lineageId, x]));
      const pending = await repo.updates(db, organisationId, { status: 'submitted' });
      return {
        plan: v.live,
        items: pending
          .filter((u) => byLineage.has(u.actionLineageId))
          .map((update) => ({ update, view: byLineage.get(update.actionLineageId)! }))
          .reverse(),
      };
    },

    /** Live plan actions by the quality-assurance learning theme they answer (lower case), for the trends page. */
    async actionsByLearningTheme(
      organisationId: string,
    ): Promise<Record<string, { id: string; ref: string; title: string }[]>> {
      const v = await versions(organisationId);
      if (!v.live) return {};
      const byTheme: Record<string, { id: string; ref: string; title: string }[]> = {};
      for (const a of await repo.themedActions(db, organisationId, v.live.id))
        for (const theme of a.learningThemes)
          (byTheme[theme.toLowerCase()] ??= []).push({ id: a.id, ref: a.ref, title: a.title });
      return byTheme;
    },

    pendingDateChanges: async (organisationId: string) =>
      (await repo.dateChanges(db, organisationId)).filter((c) => c.status === 'pending'),
    members: (organisationId: string) => repo.members(db, organisationId),
  };

  async function copyContent(tx: Executor, organisationId: string, fromPlanId: string, toPlanId: string) {
    const tree = await repo.tree(tx, organisationId, fromPlanId);
    const outcomeIds = new Map<string, string>();
    const commitmentIds = new Map<string, string>();
    const outcomes = await repo.insertOutcomes(
      tx,
      tree.outcomes.map((o) => ({
        organisationId,
        planId: toPlanId,
        lineageId: o.lineageId,
        ref: o.ref,
        title: o.title,
        description: o.description,
        position: o.position,
      })),
    );
    tree.outcomes.forEach((o, i) => outcomeIds.set(o.id, outcomes[i]!.id));
    const commitments = await repo.insertCommitments(
      tx,
      tree.commitments.map((c) => ({
        organisationId,
        planId: toPlanId,
        outcomeId: outcomeIds.get(c.outcomeId)!,
        lineageId: c.lineageId,
        ref: c.ref,
        title: c.title,
        successMeasures: c.successMeasures,
        position: c.position,
      })),
    );
    tree.commitments.forEach((c, i) => commitmentIds.set(c.id, commitments[i]!.id));
    for (const c of tree.commitments)
      await repo.linkRecommendations(
        tx,
        organisationId,
        commitmentIds.get(c.id)!,
        tree.links.filter((l) => l.commitmentId === c.id).map((l) => l.recommendationId),
      );
    await repo.insertActions(
      tx,
      tree.actions.map((a) => {
        const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...rest } = a;
        return { ...rest, planId: toPlanId, commitmentId: commitmentIds.get(a.commitmentId)! };
      }),
    );
  }

  return service;
}

export type PlanService = ReturnType<typeof planService>;
export { RAG_LABELS, DELIVERY_STATUS_LABELS };
