// Server-rendered, accessible SVG charts: the one import for pages, board packs and documents.
export { renderTrendChart, trendChartSummary, TREND_STYLES } from './trend.js';
export type { TrendChartInput, TrendSeries, TrendSeriesKind, TrendPoint } from './trend.js';
export { renderStackedBarChart, stackedBarChartSummary } from './stacked-bar.js';
export type { StackedBarChartInput, StackedBarStack } from './stacked-bar.js';
export { renderSparkline, sparklineSummary } from './sparkline.js';
export type { SparklineOptions } from './sparkline.js';
export { escapeXml, formatChartValue, formatPeriod, unitAxisTitle } from './format.js';
export type { ChartUnit } from './format.js';
export { contrastRatio, GOVUK } from './palette.js';
