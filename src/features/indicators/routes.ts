// Pages and API for performance: the scorecard (key indicators first), each indicator with its SVG
// trend chart, a data table, benchmarks against England, region and statistical neighbours, data
// entry with revisions, targets, and the DfE statistics upload.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { paths } from '../../platform/paths.js';
import { ValidationError } from '../../platform/errors.js';
import { field, formErrors, intField, type FormErrors } from '../../platform/web/forms.js';
import { registerNavEntry, render, setFlash } from '../../platform/web/render.js';
import ExcelJS from 'exceljs';
import { actorOf } from '../users/routes.js';
import { parseCsv } from '../../platform/csv.js';
import { cellText } from '../plan/xlsx/cells.js';
import { CATEGORY_LABELS, POLARITY_LABELS, SOURCE_LABELS, UNIT_LABELS } from './catalogue.js';
import { formatMissing, formatValue, periodLabel } from './rules.js';

const CODE = /^[A-Z0-9_]{1,40}$/;

/** A CSV file or the first sheet of a workbook, as rows of text; null when it is neither. */
async function readTable(data: Buffer): Promise<string[][] | null> {
  if (data.subarray(0, 2).toString('latin1') === 'PK') {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
    } catch {
      return null;
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return null;
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const v = row.getCell(c).value;
        cells.push(v instanceof Date ? v.toISOString().slice(0, 7) : cellText(v));
      }
      rows.push(cells);
    });
    return rows;
  }
  const text = data.toString('utf8');
  if (text.includes('\u0000')) return null;
  return parseCsv(text.replace(/^\uFEFF/, ''));
}

export async function indicatorRoutes(app: FastifyInstance): Promise<void> {
  const indicators = app.services.indicators;
  registerNavEntry({
    text: 'Performance',
    href: paths.performance.home,
    permission: 'indicators:read',
    match: '/performance',
  });
  const read = { access: { permission: 'indicators:read' } } as const;
  // Read-heavy pages are answered from the page cache while the records are unchanged (see page-cache.ts).
  const readCached = { ...read, pageCache: true } as const;
  const edit = { access: { permission: 'indicators:edit' } } as const;
  const reference = { access: { permission: 'reference:import' } } as const;
  const helpers = {
    formatValue,
    formatMissing,
    periodLabel,
    labels: {
      category: CATEGORY_LABELS,
      unit: UNIT_LABELS,
      polarity: POLARITY_LABELS,
      source: SOURCE_LABELS,
    },
  };

  app.get('/o/:slug/performance', { config: readCached }, async (request, reply) => {
    const card = await indicators.scorecard(request.org!.id);
    const categories = Object.keys(CATEGORY_LABELS).map((key) => ({
      key,
      rows: card.rows.filter((r) => r.indicator.category === key),
    }));
    return render(request, reply, 'indicators/views/scorecard.njk', {
      ...helpers,
      card,
      key: card.rows.filter((r) => r.indicator.isKey),
      categories,
    });
  });

  app.get('/o/:slug/performance/key', { config: read }, async (request, reply) =>
    render(request, reply, 'indicators/views/key.njk', {
      ...helpers,
      details: await indicators.keyIndicators(request.org!),
    }),
  );
  app.get('/o/:slug/performance/workforce', { config: read }, async (request, reply) => {
    const teams = await app.services.quality.teams(request.org!.id);
    return render(request, reply, 'indicators/views/workforce.njk', {
      ...helpers,
      workforce: await indicators.workforce(request.org!.id, teams),
    });
  });

  // ---- Bulk values from CSV or Excel ----
  app.get('/o/:slug/performance/import', { config: edit }, (request, reply) =>
    render(request, reply, 'indicators/views/import.njk', {}),
  );
  app.post('/o/:slug/performance/import', { config: edit }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const stored = field(body, 'stored', 20_000_000);
    const data = Buffer.isBuffer(file) && file.length ? file : stored ? Buffer.from(stored, 'base64') : null;
    if (!data) {
      reply.status(400);
      return render(request, reply, 'indicators/views/import.njk', {
        errors: formErrors([{ path: 'file', message: 'Choose a CSV or Excel file of values' }]),
      });
    }
    const table = await readTable(data);
    if (!table) {
      reply.status(400);
      return render(request, reply, 'indicators/views/import.njk', {
        errors: formErrors([
          { path: 'file', message: 'The file is not a CSV file or an Excel workbook (.xlsx)' },
        ]),
      });
    }
    const teams = await app.services.quality.teams(request.org!.id);
    const save = field(body, 'intent', 10) === 'save';
    const result = await indicators.importValues(actorOf(request), request.org!.id, table, teams, save);
    if (result.saved) {
      await setFlash(request, {
        kind: 'success',
        title: `${result.rows.filter((r) => r.effect !== 'unchanged').length} values saved`,
      });
      return reply.redirect(paths.performance.home(request.org!.slug), 303);
    }
    if (result.errors.length) reply.status(400);
    return render(request, reply, 'indicators/views/import-preview.njk', {
      ...helpers,
      result,
      encoded: data.toString('base64'),
    });
  });

  async function indicatorPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, string> = {},
    form = '',
  ) {
    const { code } = request.params as { code: string };
    if (!CODE.test(code)) return reply.callNotFound();
    const detail = await indicators.detail(request.org!, code);
    const members = await app.services.plan.members(request.org!.id);
    return render(request, reply, 'indicators/views/indicator.njk', {
      ...helpers,
      detail,
      errors,
      values,
      form,
      members,
      owner: members.find((m) => m.id === detail.indicator.ownerId) ?? null,
    });
  }

  async function newForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: FormErrors,
  ) {
    return render(request, reply, 'indicators/views/new.njk', { ...helpers, values, errors });
  }
  app.get('/o/:slug/performance/indicators/new', { config: edit }, (request, reply) =>
    newForm(request, reply, { frequency: 'monthly' }),
  );
  app.post('/o/:slug/performance/indicators/new', { config: edit }, async (request, reply) => {
    const values = Object.fromEntries(
      ['name', 'definition', 'unit', 'polarity', 'frequency', 'category'].map((k) => [
        k,
        field(request.body, k, 2000),
      ]),
    );
    try {
      const row = await indicators.createCustom(actorOf(request), request.org!.id, values);
      await setFlash(request, { kind: 'success', title: `${row.name} added` });
      return reply.redirect(paths.performance.indicator(request.org!.slug, row.code), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return newForm(request, reply, values, formErrors(error.details));
    }
  });
  app.post('/o/:slug/performance/indicators/:code/settings', { config: edit }, async (request, reply) => {
    const { code } = request.params as { code: string };
    if (!CODE.test(code)) return reply.callNotFound();
    const ownerId = field(request.body, 'ownerId', 40);
    try {
      const members = await app.services.plan.members(request.org!.id);
      await indicators.updateSettings(
        actorOf(request),
        request.org!.id,
        code,
        {
          isKey: field(request.body, 'isKey', 5) === 'yes',
          ownerId: ownerId || null,
          version: intField(request.body, 'version') ?? 0,
        },
        members.map((m) => m.id),
      );
      await setFlash(request, { kind: 'success', title: 'Indicator saved' });
      return reply.redirect(paths.performance.indicator(request.org!.slug, code), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return indicatorPage(request, reply, formErrors(error.details), {}, 'settings');
    }
  });
  app.get('/o/:slug/performance/indicators/:code', { config: readCached }, (request, reply) =>
    indicatorPage(request, reply),
  );
  app.post('/o/:slug/performance/indicators/:code/values', { config: edit }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const values = {
      period: field(request.body, 'period', 10),
      value: field(request.body, 'value', 30),
      reason: field(request.body, 'reason', 2000),
      note: field(request.body, 'note', 2000),
    };
    try {
      if (!CODE.test(code)) return reply.callNotFound();
      const version = intField(request.body, 'version');
      await indicators.recordObservation(actorOf(request), request.org!.id, code, {
        ...values,
        ...(version ? { version } : {}),
      });
      await setFlash(request, { kind: 'success', title: `Value for ${periodLabel(values.period)} saved` });
      return reply.redirect(paths.performance.indicator(request.org!.slug, code), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return indicatorPage(request, reply, formErrors(error.details), values, 'value');
    }
  });
  app.post('/o/:slug/performance/indicators/:code/target', { config: edit }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const values = {
      fromPeriod: field(request.body, 'fromPeriod', 10),
      target: field(request.body, 'target', 30),
      tolerance: field(request.body, 'tolerance', 30),
      baseline: field(request.body, 'baseline', 30),
      baselinePeriod: field(request.body, 'baselinePeriod', 10),
    };
    try {
      if (!CODE.test(code)) return reply.callNotFound();
      await indicators.setTarget(actorOf(request), request.org!.id, code, values);
      await setFlash(request, { kind: 'success', title: 'Target saved' });
      return reply.redirect(paths.performance.indicator(request.org!.slug, code), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return indicatorPage(request, reply, formErrors(error.details), values, 'target');
    }
  });

  app.get('/o/:slug/performance/dfe-statistics', { config: reference }, (request, reply) =>
    render(request, reply, 'indicators/views/dfe-import.njk', {}),
  );
  app.post('/o/:slug/performance/dfe-statistics', { config: reference }, async (request, reply) => {
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    try {
      if (!Buffer.isBuffer(file) || !file.length)
        throw new ValidationError('Choose a DfE statistics file (.csv)', [
          { path: 'file', message: 'Choose a DfE statistics file (.csv)' },
        ]);
      const result = await indicators.importDfeStatistics(
        actorOf(request),
        file.toString('utf8'),
        'upload.csv',
      );
      await setFlash(request, {
        kind: 'success',
        title: `Imported ${result.figures.toLocaleString('en-GB')} figures`,
        text: `${result.rows.toLocaleString('en-GB')} rows and ${result.measures.length} measures from the ${result.file} file.`,
      });
      return reply.redirect(paths.performance.home(request.org!.slug), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'indicators/views/dfe-import.njk', {
        errors: formErrors([{ path: 'file', message: error.message }]),
        details: error.details,
      });
    }
  });

  // ---- API ----
  const Slug = Type.Object({ slug: Type.String() });
  const SlugCode = Type.Object({ slug: Type.String(), code: Type.String({ pattern: '^[A-Z0-9_]{1,40}$' }) });
  app.get(
    '/api/v1/organisations/:slug/indicators',
    {
      config: read,
      schema: {
        summary: 'Every indicator with its latest value, target, RAG and direction of travel',
        tags: ['indicators'],
        params: Slug,
      },
    },
    async (request) =>
      (await indicators.scorecard(request.org!.id)).rows.map((r) => ({
        code: r.indicator.code,
        name: r.indicator.name,
        unit: r.indicator.unit,
        polarity: r.indicator.polarity,
        isKey: r.indicator.isKey,
        latest: r.latest
          ? { period: r.latest.period, value: r.latest.value, missingCode: r.latest.missingCode }
          : null,
        target: r.target
          ? { fromPeriod: r.target.fromPeriod, target: r.target.target, tolerance: r.target.tolerance }
          : null,
        rag: r.result?.rag ?? null,
        ragText: r.result?.text ?? null,
        sincePrevious: r.sincePrevious,
        sinceBaseline: r.sinceBaseline,
      })),
  );
  app.get(
    '/api/v1/organisations/:slug/indicators/:code/observations',
    {
      config: read,
      schema: {
        summary: 'An indicator’s values, overall and by team',
        tags: ['indicators'],
        params: SlugCode,
      },
    },
    async (request) => {
      const d = await indicators.detail(request.org!, (request.params as { code: string }).code);
      return d.observations.map((o) => ({
        period: o.period,
        team: o.teamKey || null,
        value: o.value,
        missingCode: o.missingCode,
        version: o.version,
      }));
    },
  );
  app.post(
    '/api/v1/organisations/:slug/indicators/:code/observations',
    {
      config: edit,
      schema: {
        summary: 'Record a value, or revise one with a reason (give the version you read)',
        tags: ['indicators'],
        params: SlugCode,
        body: Type.Object({
          period: Type.String({ maxLength: 10 }),
          value: Type.Number(),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
          version: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body as { period: string; value: number; reason?: string; version?: number };
      const row = await indicators.recordObservation(
        actorOf(request),
        request.org!.id,
        (request.params as { code: string }).code,
        { ...b, value: String(b.value) },
      );
      return reply.status(201).send(row);
    },
  );
  app.get(
    '/api/v1/organisations/:slug/indicators/:code/benchmarks',
    {
      config: read,
      schema: {
        summary: 'The council against England, its region and its statistical neighbours, with its rank',
        tags: ['indicators'],
        params: SlugCode,
      },
    },
    async (request) => {
      const d = await indicators.detail(request.org!, (request.params as { code: string }).code);
      const v = (s: { value: number | null; missingCode: string | null } | null) =>
        s ? { value: s.value, missingCode: s.missingCode } : null;
      return d.benchmarks.map((b) => ({
        period: b.timePeriod,
        year: b.year,
        council: v(b.council),
        england: v(b.england),
        region: v(b.region),
        regionName: b.region?.regionName ?? null,
        neighbourMean: b.neighbourMean,
        neighbourCount: b.neighbourCount,
        rank: b.rank,
        rankOutOf: b.rankOutOf,
      }));
    },
  );
}
