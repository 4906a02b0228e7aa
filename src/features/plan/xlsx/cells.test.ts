// Tests for reading single cells: dates in the forms councils type, statuses and RAG ratings kept
// apart, lead officers' emails, recommendation numbers, one-per-line lists and safe evidence links.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellText,
  hasForbiddenCharacters,
  readDate,
  readEmail,
  readEvidenceLinks,
  readLines,
  readRag,
  readRecommendationNumbers,
  readStatus,
} from './cells.js';
import type { Parsed } from './cells.js';

const value = <T>(parsed: Parsed<T>): T => {
  assert.equal(parsed.ok, true, parsed.ok ? '' : parsed.message);
  return (parsed as { value: T }).value;
};
const message = <T>(parsed: Parsed<T>): string => {
  assert.equal(parsed.ok, false, 'expected a refusal');
  return (parsed as { message: string }).message;
};

describe('cell text', () => {
  it('reads rich text, hyperlinks, formula results and dates as people see them', () => {
    assert.equal(cellText('  padded \r\n text  '), 'padded \n text');
    assert.equal(cellText({ richText: [{ text: 'Rich ' }, { text: 'text' }] }), 'Rich text');
    assert.equal(cellText({ text: 'Audit', hyperlink: 'https://demo-borough.example/a' }), 'Audit');
    assert.equal(cellText({ formula: 'A1&B1', result: 'joined' }), 'joined');
    assert.equal(cellText(new Date('2026-03-31T00:00:00Z')), '2026-03-31');
    assert.equal(cellText(null), '');
    assert.equal(cellText(42), '42');
  });

  it('finds characters that cannot be stored', () => {
    assert.equal(hasForbiddenCharacters('tab\tand\nnew line'), false);
    assert.equal(hasForbiddenCharacters('nul\u0000'), true);
    assert.equal(hasForbiddenCharacters('broken \ud800 text'), true);
    assert.equal(hasForbiddenCharacters('emoji 👧 is fine'), false);
  });
});

describe('dates', () => {
  it('reads Excel dates and the text forms councils use, day first', () => {
    assert.deepEqual(value(readDate(new Date('2028-02-29T00:00:00Z'))), {
      date: '2028-02-29',
      monthOnly: false,
    });
    assert.equal(value(readDate(new Date('2026-03-31T15:30:00Z'))).date, '2026-03-31');
    assert.equal(
      value(readDate({ formula: 'TODAY()', result: new Date('2026-01-02T00:00:00Z') })).date,
      '2026-01-02',
    );
    for (const [text, iso] of [
      ['2026-03-31', '2026-03-31'],
      ['31/03/2026', '2026-03-31'],
      ['1/4/2026', '2026-04-01'],
      ['01.04.26', '2026-04-01'],
      ['31-12-2026', '2026-12-31'],
      ['31 March 2026', '2026-03-31'],
      ['1st Apr 2026', '2026-04-01'],
      ['29 Feb 2028', '2028-02-29'],
    ])
      assert.equal(value(readDate(text)).date, iso, text);
  });

  it('reads a bare month as its last day, and says so', () => {
    assert.deepEqual(value(readDate('February 2028')), { date: '2028-02-29', monthOnly: true });
    assert.deepEqual(value(readDate('Feb 2026')), { date: '2026-02-28', monthOnly: true });
    assert.deepEqual(value(readDate('December 2026')), { date: '2026-12-31', monthOnly: true });
  });

  it('refuses impossible dates, American order, numbers and words', () => {
    assert.equal(message(readDate('29/02/2026')), '"29/02/2026" is not a real date');
    assert.equal(message(readDate('2026-02-30')), '"2026-02-30" is not a real date');
    assert.match(message(readDate('03/31/2026')), /not a real date/);
    assert.match(message(readDate(46000)), /is a number, not a date/);
    assert.match(message(readDate('Q1 2026')), /use DD\/MM\/YYYY/);
    assert.match(message(readDate('31 Smarch 2026')), /not a date/);
  });
});

describe('delivery status and RAG', () => {
  it('reads labels and keys in any case', () => {
    assert.equal(value(readStatus('In progress')), 'in_progress');
    assert.equal(value(readStatus('in_progress')), 'in_progress');
    assert.equal(value(readStatus('NOT STARTED')), 'not_started');
    assert.equal(value(readStatus('Completed')), 'complete');
    assert.equal(value(readRag('Amber')), 'amber');
    assert.equal(value(readRag('g')), 'green');
    assert.equal(value(readRag('Amber (E)')), 'amber');
  });

  it('says when a value belongs in the other column', () => {
    assert.match(message(readStatus('Green')), /is a RAG rating, not a delivery status/);
    assert.match(message(readRag('Complete')), /is a delivery status, not a RAG rating/);
    assert.match(message(readRag('Purple')), /not a RAG rating: use one of Red, Amber, Green, Blue/);
  });
});

describe('lead officer emails', () => {
  it('accepts one address, as typed or pasted from Outlook, lower-cased', () => {
    assert.equal(value(readEmail('Sam.Lead@Demo-Borough.example')), 'sam.lead@demo-borough.example');
    assert.equal(value(readEmail('mailto:sam.lead@demo-borough.example')), 'sam.lead@demo-borough.example');
    assert.equal(
      value(readEmail('Sam Lead <sam.lead@demo-borough.example>')),
      'sam.lead@demo-borough.example',
    );
  });

  it('refuses names, broken addresses and two people', () => {
    assert.match(message(readEmail('Sam Lead')), /not an email address/);
    assert.match(message(readEmail('sam.lead@demo-borough')), /not an email address/);
    assert.match(message(readEmail('sam lead@demo-borough.example')), /not an email address/);
    assert.match(
      message(readEmail('sam.lead@demo-borough.example; jo.lead@demo-borough.example')),
      /one lead officer/,
    );
  });
});

describe('recommendation numbers', () => {
  it('reads the ways people list them', () => {
    assert.deepEqual(value(readRecommendationNumbers('1, 3; 7')), [1, 3, 7]);
    assert.deepEqual(value(readRecommendationNumbers('R2 & R5')), [2, 5]);
    assert.deepEqual(value(readRecommendationNumbers('Rec. 4 and rec6')), [4, 6]);
    assert.deepEqual(value(readRecommendationNumbers('2-4, 9')), [2, 3, 4, 9]);
    assert.deepEqual(value(readRecommendationNumbers('2 to 3')), [2, 3]);
    assert.deepEqual(value(readRecommendationNumbers('3, 1, 3')), [3, 1]);
    assert.deepEqual(value(readRecommendationNumbers('no. 5')), [5]);
    assert.deepEqual(value(readRecommendationNumbers('5')), [5]);
  });

  it('refuses anything that is not a whole recommendation number', () => {
    assert.match(message(readRecommendationNumbers('1.5')), /"1\.5" is not a recommendation number/);
    assert.match(message(readRecommendationNumbers('0')), /not a recommendation number/);
    assert.match(message(readRecommendationNumbers('all')), /not a recommendation number/);
    assert.match(message(readRecommendationNumbers('5-2')), /not a range/);
  });
});

describe('lists and evidence links', () => {
  it('reads one item a line, dropping bullets and blank lines', () => {
    assert.deepEqual(readLines('• First\n\n- Second\n* Third\n-5% agency staff'), [
      'First',
      'Second',
      'Third',
      '-5% agency staff',
    ]);
  });

  it('accepts web links and document names, and refuses other schemes', () => {
    assert.deepEqual(
      value(readEvidenceLinks('https://demo-borough.example/a\nAudit report: March\nC:\\Plans\\x.docx')),
      ['https://demo-borough.example/a', 'Audit report: March', 'C:\\Plans\\x.docx'],
    );
    assert.match(message(readEvidenceLinks('javascript:alert(1)')), /not a web link/);
    assert.match(message(readEvidenceLinks('data:text/html,hi')), /not a web link/);
    assert.match(message(readEvidenceLinks('https://exa mple.example')), /not a valid web address/);
  });
});
