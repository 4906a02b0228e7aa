import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ReportReadError, extractPdfText } from './pdf-text.js';
import { readDateRange, readInspectionReport } from './report-reader.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../../shared/samples/ofsted-reports');
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');

async function read(file: string) {
  const { pages } = await extractPdfText(fs.readFileSync(path.join(SAMPLES, file)));
  return readInspectionReport(pages);
}

describe('reading real Ofsted reports', () => {
  it('Bournemouth, Christchurch and Poole (ILACS before 2023): three judgements, overall inadequate, 7 items', async () => {
    const r = await read('bournemouth-christchurch-poole_2022-02-11_ilacs.pdf');
    assert.deepEqual(
      [r.type, r.framework, r.localAuthority, r.startDate, r.endDate, r.publishedDate, r.leadInspector],
      [
        'standard_inspection',
        'ILACS_2018',
        'Bournemouth, Christchurch and Poole',
        '2021-12-06',
        '2021-12-17',
        null,
        'Steve Lowe',
      ],
    );
    assert.deepEqual(r.judgements, [
      {
        area: 'The impact of leaders on social work practice with children and families',
        grade: 'Inadequate',
      },
      { area: 'The experiences and progress of children who need help and protection', grade: 'Inadequate' },
      {
        area: 'The experiences and progress of children in care and care leavers',
        grade: 'Requires improvement to be good',
      },
      { area: 'Overall effectiveness', grade: 'Inadequate' },
    ]);
    assert.deepEqual(
      r.recommendations.map((x) => x.text),
      [
        'The recruitment and retention of a workforce that is experienced, competent and confident to deliver improvements, so that children no longer have multiple changes of social worker or personal adviser.',
        'The quality of practice, in particular, assessment, planning and the use and completion of chronologies, the response to domestic violence, emotional support to children in care and the recording of children’s views.',
        'The timeliness of social work intervention and support when unborn and very young children are at risk of significant harm.',
        'The standard of care provided to young people living in houses of multiple occupation.',
        'The impact of quality assurance and management oversight on the standard of social work practice and progressing work effectively to avoid delay for children.',
        'The overview of children’s attainment and progress by the virtual school.',
        'Care leavers’ access to their health records.',
      ],
    );
    assert.ok(r.recommendations.every((x, i) => x.kind === 'what_needs_to_improve' && x.number === i + 1));
    assert.ok(r.warnings.some((w) => /publication date is not in the report/.test(w)));
  });

  it('Liverpool (ILACS from 2023): four judgements plus overall, 11 items', async () => {
    const r = await read('liverpool_2023-05-25_ilacs.pdf');
    assert.deepEqual(
      [r.type, r.framework, r.localAuthority, r.startDate, r.endDate, r.leadInspector],
      ['standard_inspection', 'ILACS_2023', 'Liverpool', '2023-03-13', '2023-03-24', 'Lisa Summers'],
    );
    assert.deepEqual(r.judgements, [
      {
        area: 'The impact of leaders on social work practice with children and families',
        grade: 'Inadequate',
      },
      { area: 'The experiences and progress of children who need help and protection', grade: 'Inadequate' },
      { area: 'The experiences and progress of children in care', grade: 'Requires improvement to be good' },
      { area: 'The experiences and progress of care leavers', grade: 'Inadequate' },
      { area: 'Overall effectiveness', grade: 'Inadequate' },
    ]);
    assert.deepEqual(
      r.recommendations.map((x) => x.text),
      [
        'Caseloads and regular reflective supervision, so that children and young people receive a timely, consistent service that is responsive to and meets their needs.',
        'The identification of and response to risk by social workers and partner agencies, so that children and young people are robustly protected, including when children go missing from home or care.',
        'The quality of decision-making when removing child protection plans, so this happens only when it is safe and when children continue to receive the right support.',
        'The quality of core social work practice, including assessments, plans and planning, and timely transition planning for young people leaving care.',
        'The quality of support, advice and guidance for care leavers, including those with additional vulnerabilities, to ensure that this is timely, consistent and responsive to levels of need up to the age of 25.',
        'The provision of information for care leavers about their entitlements and health histories.',
        'Purposeful visits to children and young people which are responsive to changes in need and risk and include life-story work.',
        'The robustness of senior management oversight, including for children subject to pre-proceedings.',
        'The timeliness of decision-making for children and young people, including when children come into care, and that children achieve permanence without delay.',
        'The sufficiency of suitable placements that can meet children and young people’s assessed needs, including ‘staying put’ arrangements.',
        'The timely access to emotional and mental health support and dental care for young people.',
      ],
    );
  });

  it('Kent (the older single inspection framework): its own judgement names and the council’s 10 recommendations', async () => {
    const r = await read('kent_2017-06-13_sif.pdf');
    assert.deepEqual(
      [r.framework, r.localAuthority, r.startDate, r.endDate, r.publishedDate, r.leadInspector],
      ['SIF_2013', 'Kent County Council', '2017-03-06', '2017-03-30', '2017-06-13', 'Linda Steele'],
    );
    assert.deepEqual(r.judgements, [
      { area: 'Children who need help and protection', grade: 'Requires improvement to be good' },
      { area: 'Children looked after and achieving permanence', grade: 'Good' },
      { area: 'Adoption performance', grade: 'Good' },
      { area: 'Experiences and progress of care leavers', grade: 'Good' },
      { area: 'Leadership, management and governance', grade: 'Good' },
      { area: 'Overall effectiveness', grade: 'Good' },
    ]);
    // The second "Recommendations" list in a SIF report is the safeguarding board's, not the council's.
    assert.deepEqual(
      r.recommendations.map((x) => x.text),
      [
        'Ensure that prompt consideration is given to convening strategy discussions and, when appropriate, that strategy discussions are held for all children when risk increases.',
        'Ensure that private fostering assessments are robust and include all required safeguarding checks, and that visits to children are timely.',
        'Ensure that homeless young people aged 16 and 17 years are aware of their right to become looked after, assessments of risk are completed and there is adequate accommodation to meet their needs.',
        'Improve the response to all children at risk of sexual exploitation, ensuring that assessments and safety plans are of a consistently good quality.',
        'Improve the timeliness and quality of return home interviews for children who go missing, to ensure that they are an effective tool to safeguard individual children and inform strategic response.',
        'Ensure that all care leavers in prison or secure training centres have purposeful visits and an up-to-date pathway plan.',
        'Review the data routinely provided to the Kent Safeguarding Children Board (KSCB), and in conjunction with the board take steps to ensure that this is sufficiently comprehensive to enable the partnership to scrutinise the local authority’s safeguarding performance.',
        'Evaluate the quality of case and staff supervision across teams and districts and take steps to ensure that managers pay sufficient attention to social workers’ performance, and to their development needs.',
        'Ensure that data relating to care leavers is accurate, and that it provides leaders, managers and corporate parents with a clear view of the performance of the service.',
        'In partnership with the KSCB, launch the multi-agency neglect strategy and ensure that early help and specialist children’s services and professionals who work with families at all levels of need are equipped to identify, assess and address neglect within families.',
      ],
    );
  });
});

describe('what the reader refuses', () => {
  const code = (expected: string) => (error: unknown) =>
    error instanceof ReportReadError && error.code === expected;
  it('refuses a file that is not a PDF', async () => {
    await assert.rejects(extractPdfText(Buffer.from('hello, not a pdf')), code('not_pdf'));
  });
  it('refuses a damaged PDF', async () => {
    const whole = fs.readFileSync(path.join(SAMPLES, 'liverpool_2023-05-25_ilacs.pdf'));
    await assert.rejects(extractPdfText(whole.subarray(0, 3000)), code('corrupt'));
  });
  it('refuses a password-protected PDF', async () => {
    await assert.rejects(
      extractPdfText(fs.readFileSync(path.join(FIXTURES, 'encrypted.pdf'))),
      code('encrypted'),
    );
  });
  it('refuses a PDF that is not an Ofsted report', async () => {
    const { pages } = await extractPdfText(fs.readFileSync(path.join(FIXTURES, 'not-ofsted.pdf')));
    assert.throws(() => readInspectionReport(pages), code('not_ofsted'));
  });
  it('reads date ranges across months and years', () => {
    assert.deepEqual(readDateRange('Inspection dates: 27 February to 10 March 2023'), {
      start: '2023-02-27',
      end: '2023-03-10',
    });
    assert.deepEqual(readDateRange('28 November 2022 to 2 December 2022'), {
      start: '2022-11-28',
      end: '2022-12-02',
    });
    assert.deepEqual(readDateRange('31 to 30 February 2023'), { start: null, end: null });
  });
  it('says what it could not read from pasted text, rather than guessing', () => {
    const r = readInspectionReport(
      'Inspection of Testshire local authority children’s services\nInspection dates: 1 to 12 May 2026\nLead inspector: Alpha Example, His Majesty’s Inspector\nOfsted',
    );
    assert.deepEqual(r.judgements, []);
    assert.equal(r.framework, null);
    assert.ok(r.warnings.some((w) => /judgement table could not be read/.test(w)));
    assert.ok(r.warnings.some((w) => /No "What needs to improve\?" list/.test(w)));
  });
});
