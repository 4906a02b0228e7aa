// The grade-distribution chart: a server-rendered, accessible SVG stacked bar per month. Patterns
// as well as colours tell the grades apart (WCAG 1.4.1); the page also shows the same figures as a table.
import { GRADE_LABELS, GRADE_ORDER } from './rules.js';
import type { MonthTrend } from './rules.js';
import type { AuditGrade } from './schema.js';

const FILL: Record<AuditGrade, string> = {
  outstanding: '#0b4f2c',
  good: '#00703c',
  requires_improvement: '#f47738',
  inadequate: '#d4351c',
};
const PATTERN: Record<AuditGrade, string> = {
  outstanding: '',
  good: '',
  requires_improvement: 'url(#qa-hatch)',
  inadequate: 'url(#qa-dots)',
};

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

export function gradeChart(trend: MonthTrend[], title: string): string {
  const width = 720;
  const height = 300;
  const left = 44;
  const bottom = 46;
  const top = 16;
  const plotHeight = height - top - bottom;
  const band = (width - left - 10) / Math.max(1, trend.length);
  const barWidth = Math.max(4, band * 0.7);
  const latest = [...trend].reverse().find((t) => t.total > 0);
  const summary = latest
    ? `${title}: ${trend.length} months to ${monthLabel(latest.month)}; latest ${latest.pctGoodOrBetter}% good or better and ${latest.pctInadequate}% inadequate.`
    : `${title}: no audits yet.`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="qa-chart-title" font-family="Arial, Helvetica, sans-serif" font-size="12">`,
    `<title id="qa-chart-title">${escapeXml(summary)}</title>`,
    '<defs><pattern id="qa-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f47738"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0b0c0c" stroke-width="1.5"/></pattern>',
    '<pattern id="qa-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#d4351c"/><circle cx="3" cy="3" r="1.2" fill="#ffffff"/></pattern></defs>',
  ];
  for (const pct of [0, 25, 50, 75, 100]) {
    const y = top + plotHeight - (pct / 100) * plotHeight;
    parts.push(
      `<line x1="${left}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#b1b4b6" stroke-width="1"/>`,
    );
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#0b0c0c">${pct}%</text>`);
  }
  trend.forEach((row, i) => {
    const x = left + i * band + (band - barWidth) / 2;
    let y = top + plotHeight;
    for (const grade of [...GRADE_ORDER].reverse()) {
      const count = row.counts[grade];
      if (!row.total || !count) continue;
      const h = (count / row.total) * plotHeight;
      y -= h;
      const fill = PATTERN[grade] || FILL[grade];
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}" data-grade="${grade}" data-month="${row.month}" data-count="${count}"><title>${escapeXml(`${monthLabel(row.month)}: ${count} ${GRADE_LABELS[grade]}`)}</title></rect>`,
      );
    }
    if (i % Math.ceil(trend.length / 9) === 0) {
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" fill="#0b0c0c">${escapeXml(monthLabel(row.month))}</text>`,
      );
    }
  });
  let legendX = left;
  for (const grade of GRADE_ORDER) {
    parts.push(
      `<rect x="${legendX}" y="${height - 16}" width="12" height="12" fill="${PATTERN[grade] || FILL[grade]}"/>`,
    );
    parts.push(
      `<text x="${legendX + 16}" y="${height - 6}" fill="#0b0c0c">${escapeXml(GRADE_LABELS[grade])}</text>`,
    );
    legendX += 16 + GRADE_LABELS[grade].length * 6.4 + 18;
  }
  parts.push('</svg>');
  return parts.join('');
}
