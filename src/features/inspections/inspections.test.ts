import { after, before, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  TEST_PASSWORD,
  createTestApp,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { WebClient } from '../../../test/helpers/web-client.js';
import { JUDGEMENT_AREAS, judgementWarnings } from './rules.js';

const ILACS23 = JUDGEMENT_AREAS.ILACS_2023;

it('warns when an area is inadequate but overall effectiveness is better', () => {
  assert.deepEqual(
    judgementWarnings([
      { area: ILACS23[0]!, grade: 'Good' },
      { area: 'Overall effectiveness', grade: 'Good' },
    ]),
    [],
  );
  assert.match(
    judgementWarnings([
      { area: ILACS23[1]!, grade: 'Inadequate' },
      { area: 'Overall effectiveness', grade: 'Requires improvement to be good' },
    ])[0] ?? '',
    /help and protection is inadequate, so overall effectiveness should be inadequate, not requires improvement to be good/,
  );
  assert.equal(JUDGEMENT_AREAS.ILACS_2018.length, 4);
  assert.ok(
    JUDGEMENT_AREAS.ILACS_2018.includes('The experiences and progress of children in care and care leavers'),
  );
});

describeEachDatabase('the Ofsted record', (kind) => {
  let t: TestApp;
  let lead: { email: string };
  let viewer: { email: string };
  const rows = async (table: string) =>
    (await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  before(async () => {
    t = await createTestApp(kind);
    const org = await makeOrganisation(t.services, { slug: 'ofstedshire' });
    lead = await makeUser(t.services, org.id, 'improvement_lead');
    viewer = await makeUser(t.services, org.id, 'viewer');
  });
  after(() => t.close());

  function form(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      type: 'standard_inspection',
      framework: 'ILACS_2023',
      startDate: '2026-03-02',
      endDate: '2026-03-13',
      publishedDate: '2026-04-20',
      leadInspector: 'Inspector Gamma Example',
      link: '',
      sequenceNumber: '',
      summary: '',
      'grade-0': 'Inadequate',
      'grade-1': 'Requires improvement to be good',
      'grade-2': 'Good',
      'grade-3': 'Good',
      'grade-4': 'Requires improvement to be good',
      recommendations:
        '1. The quality of supervision.\n◼ The timeliness of assessments.\n\nThe voice of the child in plans.',
      priorityActions: '',
      ...overrides,
    };
  }

  it('records a graded inspection, asking for confirmation when the grades break the rule', async () => {
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    await client.get('/o/ofstedshire/inspections/new');
    const before = await rows('inspections');
    const warned = await client.post('/o/ofstedshire/inspections/new', form());
    assert.equal(warned.statusCode, 400);
    assert.match(warned.body, /is inadequate, so overall effectiveness should be inadequate/);
    assert.match(warned.body, /The grades are as published in the report/);
    assert.equal(await rows('inspections'), before);
    const saved = await client.post('/o/ofstedshire/inspections/new', form({ confirmWarnings: 'yes' }));
    assert.equal(saved.statusCode, 303);
    const page = await client.get(String(saved.headers.location));
    assert.match(page.body, /The timeliness of assessments\./);
    assert.match(page.body, /govuk-warning-text/);
    const recs = await t.services.inspections.recommendations(
      (await t.services.organisations.bySlug('ofstedshire'))!.id,
    );
    assert.deepEqual(
      recs.map((r) => [r.number, r.text]),
      [
        [1, 'The quality of supervision.'],
        [2, 'The timeliness of assessments.'],
        [3, 'The voice of the child in plans.'],
      ],
    );
  });

  it('refuses impossible dates and missing grades, keeping what was typed', async () => {
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    await client.get('/o/ofstedshire/inspections/new');
    const response = await client.post(
      '/o/ofstedshire/inspections/new',
      form({ startDate: '2026-02-30', 'grade-2': '', leadInspector: 'Kept Value' }),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter the first day on site as a real date/);
    assert.match(response.body, /Select the grade for the experiences and progress of children in care/);
    assert.match(response.body, /value="Kept Value"/);
  });

  it('links visit findings to recommendations and shows them on the recommendation in date order', async () => {
    const org = (await t.services.organisations.bySlug('ofstedshire'))!;
    const [rec] = await t.services.inspections.recommendations(org.id);
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    const visitIds: string[] = [];
    for (const [date, n] of [
      ['2026-09-01', '2'],
      ['2026-06-01', '1'],
    ] as const) {
      await client.get('/o/ofstedshire/inspections/new');
      const created = await client.post('/o/ofstedshire/inspections/new', {
        type: 'monitoring_visit',
        framework: 'ILACS_2023',
        startDate: date,
        sequenceNumber: n,
        recommendations: '',
        priorityActions: '',
        endDate: '',
        publishedDate: '',
        leadInspector: '',
        link: '',
        summary: '',
      });
      assert.equal(created.statusCode, 303);
      const id = String(created.headers.location).split('/').pop()!;
      visitIds.push(id);
      await client.get(`/o/ofstedshire/inspections/${id}`);
      const added = await client.post(`/o/ofstedshire/inspections/${id}/findings`, {
        area: `Supervision (visit ${n})`,
        narrative: `Finding of visit ${n}`,
        recommendationIds: rec!.id,
      });
      assert.equal(added.statusCode, 303);
    }
    const page = await client.get(`/o/ofstedshire/recommendations/${rec!.id}`);
    const first = page.body.indexOf('Finding of visit 1');
    const second = page.body.indexOf('Finding of visit 2');
    assert.ok(first > 0 && second > first, 'findings are not in date order');
    await client.get(`/o/ofstedshire/inspections/${visitIds[0]}`);
    const empty = await client.post(`/o/ofstedshire/inspections/${visitIds[0]}/findings`, {
      area: '',
      narrative: '',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the area the visit looked at/);
  });

  it('records and lifts interventions, refusing a stale or impossible lift', async () => {
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    await client.get('/o/ofstedshire/interventions');
    assert.equal(
      (
        await client.post('/o/ofstedshire/interventions', {
          kind: 'improvement_notice',
          issuedDate: '2026-05-01',
          namedPerson: '',
          reviewCadence: 'six-monthly',
          notes: '',
        })
      ).statusCode,
      303,
    );
    const [notice] = await t.services.inspections.interventions(
      (await t.services.organisations.bySlug('ofstedshire'))!.id,
    );
    await client.get('/o/ofstedshire/interventions');
    assert.equal(
      (
        await client.post(`/o/ofstedshire/interventions/${notice!.id}/lift`, {
          liftedDate: '2026-04-01',
          version: '1',
        })
      ).statusCode,
      400,
    );
    assert.equal(
      (
        await client.post(`/o/ofstedshire/interventions/${notice!.id}/lift`, {
          liftedDate: '2027-06-30',
          version: '1',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await client.post(`/o/ofstedshire/interventions/${notice!.id}/lift`, {
          liftedDate: '2027-07-01',
          version: '1',
        })
      ).statusCode,
      409,
    );
    const journey = await client.get('/o/ofstedshire/inspections');
    assert.match(journey.body, /Improvement notice lifted/);
  });

  it('reads a pasted visit letter, suggests the recommendations, and saves only on confirmation', async () => {
    const org = (await t.services.organisations.bySlug('ofstedshire'))!;
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    await client.get('/o/ofstedshire/inspections/letter');
    const letter = [
      'This letter summarises the findings of the second monitoring visit to Ofstedshire children’s services on 3 and 4 November 2026.',
      'His Majesty’s Inspectors Alpha Example and Beta Example carried out this visit.',
      'Areas covered by this visit',
      '◼ The quality of supervision.',
      '◼ The timeliness of assessments.',
    ].join('\n');
    const before = await rows('inspections');
    const review = await client.post('/o/ofstedshire/inspections/letter', { text: letter });
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Check the visit/);
    assert.equal(await rows('inspections'), before);
    const recs = await t.services.inspections.recommendations(org.id);
    const supervision = recs.find((r) => r.text === 'The quality of supervision.')!;
    assert.match(review.body, new RegExp(`value="${supervision.id}" checked`));
    const saved = await client.post('/o/ofstedshire/inspections/letter/confirm', {
      type: 'monitoring_visit',
      sequenceNumber: '2',
      startDate: '2026-11-03',
      endDate: '2026-11-04',
      leadInspector: 'Alpha Example',
      summary: '',
      areaCount: '3',
      'area-0': 'The quality of supervision.',
      'recs-0': supervision.id,
      'area-1': 'The timeliness of assessments.',
      'area-2': '',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(await rows('inspections'), before + 1);
    const recPage = await client.get(`/o/ofstedshire/recommendations/${supervision.id}`);
    assert.match(recPage.body, /Monitoring visit 2/);
  });

  it('keeps an intervention’s PDF and gives it back unchanged; refuses anything else', async () => {
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    await client.get('/o/ofstedshire/interventions');
    const pdf = fs.readFileSync(path.resolve(import.meta.dirname, 'reader/fixtures/not-ofsted.pdf'));
    const fields = {
      kind: 'statutory_direction',
      issuedDate: '2026-06-01',
      namedPerson: '',
      reviewCadence: '',
      notes: '',
    };
    const refused = await client.postFile('/o/ofstedshire/interventions', fields, {
      field: 'document',
      name: 'x.docx',
      data: Buffer.from('PK not a pdf'),
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The document must be a PDF/);
    assert.equal(
      (
        await client.postFile('/o/ofstedshire/interventions', fields, {
          field: 'document',
          name: 'direction.pdf',
          data: pdf,
        })
      ).statusCode,
      303,
    );
    const org = (await t.services.organisations.bySlug('ofstedshire'))!;
    const direction = (await t.services.inspections.interventions(org.id)).find(
      (i) => i.kind === 'statutory_direction',
    )!;
    assert.ok(direction.documentId);
    const download = await t.app.inject({
      url: `/o/ofstedshire/documents/${direction.documentId}`,
      headers: { cookie: `waymark_session=${client.cookie('waymark_session')}` },
    });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.ok(download.rawPayload.equals(pdf));
  });

  it('records an inspection through the API with the same rules, and lists it', async () => {
    const org = (await t.services.organisations.bySlug('ofstedshire'))!;
    const leadUser = (await t.services.users.byEmail(lead.email))!;
    const { token } = await t.services.users.createToken(
      { userId: null, label: 'test', requestId: null },
      leadUser.id,
      'api',
    );
    const headers = { authorization: `Bearer ${token}` };
    const judgements = ILACS23.map((area, i) => ({ area, grade: i === 1 ? 'Inadequate' : 'Good' }));
    const body = {
      type: 'short_inspection',
      framework: 'ILACS_2023',
      startDate: '2026-10-05',
      endDate: '2026-10-09',
      judgements,
      recommendations: [{ kind: 'what_needs_to_improve', text: 'Synthetic API recommendation.' }],
    };
    const warned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/ofstedshire/inspections',
      headers,
      payload: body,
    });
    assert.equal(warned.statusCode, 400);
    assert.equal(warned.json().details[0].path, 'confirmWarnings');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/ofstedshire/inspections',
      headers,
      payload: { ...body, type: 'tea_party' },
    });
    assert.equal(bad.statusCode, 400);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/ofstedshire/inspections',
      headers,
      payload: { ...body, confirmWarnings: true },
    });
    assert.equal(created.statusCode, 201);
    const list = await t.app.inject({ url: '/api/v1/organisations/ofstedshire/inspections', headers });
    assert.ok(
      list
        .json()
        .some(
          (i: { id: string; judgements: unknown[] }) =>
            i.id === created.json().id && i.judgements.length === 5,
        ),
    );
    assert.ok(
      (await t.services.inspections.recommendations(org.id)).some(
        (r) => r.text === 'Synthetic API recommendation.',
      ),
    );
    const viewerUser = (await t.services.users.byEmail(viewer.email))!;
    const viewerToken = (
      await t.services.users.createToken(
        { userId: null, label: 'test', requestId: null },
        viewerUser.id,
        'api',
      )
    ).token;
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/ofstedshire/inspections',
      headers: { authorization: `Bearer ${viewerToken}` },
      payload: body,
    });
    assert.equal(forbidden.statusCode, 403);
  });

  it('lets viewers read the record but not change it', async () => {
    const client = new WebClient(t.app);
    await client.signIn(viewer.email, TEST_PASSWORD);
    assert.equal((await client.get('/o/ofstedshire/inspections')).statusCode, 200);
    assert.equal((await client.get('/o/ofstedshire/inspections/new')).statusCode, 403);
    const journey = await client.get('/o/ofstedshire/inspections');
    assert.equal(journey.body.includes('Record an inspection or visit'), false);
  });
});
