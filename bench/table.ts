/**
 * The figures of `npm run bench` and the one table they are printed as: each figure beside its goal and,
 * where it has one, the reference measured in the same run (the floor, the echo bot) and the ratio.
 */
import { ratio } from './stats';

/** How a figure is shown. */
export type Unit = 'ms' | 'count' | 'depth' | 'MB' | 'req/s' | 'yes/no';

/** A goal on the value itself, or on the ratio to the reference. */
export interface Goal {
  readonly op: '<=' | '>=';
  readonly value: number;
  readonly of: 'value' | 'ratio';
  /** Compare the value rounded to a whole number (round trips seen through latency carry noise). */
  readonly whole?: boolean;
}

/** One measured figure. */
export interface Figure {
  /** Stable key for the JSON file. */
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly unit: Unit;
  /** What the value is compared with, measured in the same run. */
  readonly reference?: { readonly label: string; readonly value: number };
  readonly goal?: Goal;
  /** A short remark shown after the label (e.g. how many runs the median is of). */
  readonly note?: string;
}

/** Whether a figure meets its goal; null when it has none or could not be measured. */
export function verdict(figure: Figure): boolean | null {
  const { goal } = figure;
  if (!goal) return null;
  let subject = goal.of === 'ratio' ? ratioOf(figure) : figure.value;
  if (!Number.isFinite(subject)) return null;
  if (goal.whole) subject = Math.round(subject);
  return goal.op === '<=' ? subject <= goal.value : subject >= goal.value;
}

/** value / reference, or NaN. */
export function ratioOf(figure: Figure): number {
  return ratio(figure.value, figure.reference?.value ?? NaN);
}

/** A value in its unit, for people. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case 'depth':
      return value.toFixed(1);
    case 'MB':
      return `${Math.round(value)} MB`;
    case 'req/s':
      return `${Math.round(value)} req/s`;
    case 'yes/no':
      return value > 0 ? 'yes' : 'no';
  }
}

function formatGoal(figure: Figure): string {
  const { goal } = figure;
  if (!goal) return 'report';
  const op = goal.op === '<=' ? '≤' : '≥';
  if (goal.of === 'ratio') return `${op} ${goal.value}× ${figure.reference?.label ?? 'reference'}`;
  if (figure.unit === 'yes/no') return goal.value > 0 ? 'yes' : 'no';
  return `${op} ${formatValue(goal.value, figure.unit === 'depth' ? 'count' : figure.unit)}`;
}

/** The table as Markdown, one row per figure. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'measured', 'reference (same run)', 'ratio', 'goal', 'met'];
  const rows = figures.map((figure) => {
    const met = verdict(figure);
    const r = ratioOf(figure);
    return [
      figure.note ? `${figure.label} (${figure.note})` : figure.label,
      formatValue(figure.value, figure.unit),
      figure.reference ? `${figure.reference.label} ${formatValue(figure.reference.value, figure.unit)}` : '',
      Number.isFinite(r) ? `${r.toFixed(2)}×` : '',
      formatGoal(figure),
      met === null ? '' : met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
