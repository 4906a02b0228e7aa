import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  CATALOGUE,
  CATEGORY_LABELS,
  POLARITY_LABELS,
  SOURCE_LABELS,
  UNIT_LABELS,
  findIndicator,
  type DfeMapping,
} from './catalogue.js';
import { parseEesCsv } from './dfe/ees.js';

/** The read-only reference data: the nearest `shared/reference-data` walking up from the working directory. */
function referenceDir(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'reference-data');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No shared/reference-data above ${process.cwd()}`);
  }
}

const FILES: Record<DfeMapping['file'], string> = {
  csww: 'csww_indicators_2017_to_2025.csv',
  b1: 'b1_children_in_need_2013_to_2025.csv',
  c1: 'c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv',
};

const readFile = (file: DfeMapping['file']): string =>
  fs.readFileSync(path.join(referenceDir(), FILES[file]), 'utf8');

/** The header line exactly as published, split on commas (no header in these files is quoted). */
function headerOf(file: DfeMapping['file']): string[] {
  const first = readFile(file).split(/\r?\n/, 1)[0] ?? '';
  return first
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
}

const mapped = CATALOGUE.filter((e) => e.dfe !== undefined);

describe('the indicator catalogue', () => {
  it('has unique, short, upper snake case codes', () => {
    const codes = CATALOGUE.map((e) => e.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    for (const code of codes) assert.ok(code.length <= 30, code);
  });

  it('covers every required topic, with the right unit, category and direction', () => {
    const expected: [code: string, unit: string, category: string, polarity: string][] = [
      ['RE_REFERRALS', 'percent', 'help_and_protection', 'lower_is_better'],
      ['ASSESSMENTS_45_DAYS', 'percent', 'help_and_protection', 'higher_is_better'],
      ['CP_SECOND_PLAN', 'percent', 'help_and_protection', 'lower_is_better'],
      ['CP_PLANS_2_YEARS', 'percent', 'help_and_protection', 'lower_is_better'],
      ['CIN_RATE', 'rate_per_10000', 'help_and_protection', 'neutral'],
      ['STATUTORY_VISITS', 'percent', 'help_and_protection', 'higher_is_better'],
      ['CLA_RATE', 'rate_per_10000', 'children_in_care', 'neutral'],
      ['CLA_3_PLACEMENTS', 'percent', 'children_in_care', 'lower_is_better'],
      ['CLA_3_SOCIAL_WORKERS', 'percent', 'children_in_care', 'lower_is_better'],
      ['CARE_LEAVERS_EET', 'percent', 'care_leavers', 'higher_is_better'],
      ['CARE_LEAVERS_ACCOMMODATION', 'percent', 'care_leavers', 'higher_is_better'],
      ['SW_AGENCY_RATE', 'percent', 'workforce', 'lower_is_better'],
      ['SW_VACANCY_RATE', 'percent', 'workforce', 'lower_is_better'],
      ['SW_TURNOVER_RATE', 'percent', 'workforce', 'lower_is_better'],
      ['SW_CASELOAD', 'ratio', 'workforce', 'lower_is_better'],
      ['SW_ABSENCE_RATE', 'percent', 'workforce', 'lower_is_better'],
      ['SW_SUPERVISION', 'percent', 'workforce', 'higher_is_better'],
    ];
    for (const [code, unit, category, polarity] of expected) {
      const entry = findIndicator(code);
      assert.ok(entry, `${code} is missing`);
      assert.deepEqual([entry.unit, entry.category, entry.polarity], [unit, category, polarity], code);
    }
    assert.equal(findIndicator('NOT_A_CODE'), undefined);
  });

  it('reports caseload, supervision, agency and vacancy rates per team', () => {
    for (const code of ['SW_CASELOAD', 'SW_SUPERVISION', 'SW_AGENCY_RATE', 'SW_VACANCY_RATE'])
      assert.equal(findIndicator(code)?.byTeam, true, code);
    assert.equal(findIndicator('SW_TURNOVER_RATE')?.byTeam, false);
  });

  it('marks five or six indicators as key', () => {
    const key = CATALOGUE.filter((e) => e.isKey).length;
    assert.ok(key >= 5 && key <= 6, `${key} key indicators`);
  });

  it('defines every entry fully, with a numerator and denominator for every percentage and rate', () => {
    for (const e of CATALOGUE) {
      assert.ok(e.name.length > 0 && e.definition.endsWith('.'), e.code);
      if (e.unit === 'percent' || e.unit === 'rate_per_10000' || e.unit === 'ratio')
        assert.ok(e.numerator && e.denominator, `${e.code} needs a numerator and denominator`);
    }
  });

  it('has typical values in range, with the good council better than the poor one', () => {
    for (const { code, unit, polarity, typical } of CATALOGUE) {
      for (const v of Object.values(typical)) {
        assert.ok(Number.isFinite(v) && v >= 0, code);
        if (unit === 'percent') assert.ok(v <= 100, code);
      }
      if (polarity === 'higher_is_better') assert.ok(typical.goodCouncil > typical.poorCouncil, code);
      if (polarity === 'lower_is_better') assert.ok(typical.goodCouncil < typical.poorCouncil, code);
    }
  });

  it('has a label for every unit, polarity, source and category it uses', () => {
    for (const e of CATALOGUE) {
      assert.ok(UNIT_LABELS[e.unit], e.code);
      assert.ok(POLARITY_LABELS[e.polarity], e.code);
      assert.ok(SOURCE_LABELS[e.source], e.code);
      assert.ok(CATEGORY_LABELS[e.category], e.code);
    }
  });

  it('cannot be changed by a caller', () => {
    assert.ok(Object.isFrozen(CATALOGUE));
    for (const e of CATALOGUE) assert.ok(Object.isFrozen(e) && Object.isFrozen(e.typical), e.code);
  });
});

describe('DfE mappings against the published files', () => {
  it('maps exactly the measures the files publish', () => {
    assert.deepEqual(
      mapped.map((e) => [e.code, e.dfe!.file, e.dfe!.measure]),
      [
        ['RE_REFERRALS', 'c1', 'rereferral_percent'],
        ['CIN_COUNT', 'b1', 'At31_episodes'],
        ['SW_AGENCY_RATE', 'csww', 'agency_rate_fte'],
        ['SW_VACANCY_RATE', 'csww', 'vacancy_rate_fte'],
        ['SW_TURNOVER_RATE', 'csww', 'turnover_rate_fte'],
        ['SW_CASELOAD', 'csww', 'caseload_fte'],
        ['SW_ABSENCE_RATE', 'csww', 'absence_rate_fte'],
      ],
    );
  });

  it('names a real column header for every measure and filter', () => {
    for (const { code, dfe } of mapped) {
      const header = headerOf(dfe!.file);
      assert.ok(header.includes(dfe!.measure), `${code}: "${dfe!.measure}" is not a column of ${dfe!.file}`);
      for (const column of Object.keys(dfe!.filters ?? {}))
        assert.ok(header.includes(column), `${code}: "${column}" is not a column of ${dfe!.file}`);
    }
  });

  it('uses the latest national figure in the file as typical.england, with filter values the file has', () => {
    for (const { code, dfe, typical } of mapped) {
      const parsed = parseEesCsv(readFile(dfe!.file));
      assert.deepEqual(parsed.errors, [], code);
      const filters = Object.entries(dfe!.filters ?? {});
      const national = parsed.rows
        .filter((r) => r.geographicLevel === 'national')
        .filter((r) => filters.every(([column, value]) => r.dimensions[column] === value))
        .sort((a, b) => b.timePeriod.localeCompare(a.timePeriod));
      assert.ok(national.length > 0, `${code}: no national row matches ${JSON.stringify(dfe!.filters)}`);
      assert.equal(national[0]!.timePeriod, '2025', code);
      assert.deepEqual(national[0]!.values[dfe!.measure], { kind: 'number', value: typical.england }, code);
    }
  });
});
