/**
 * Small typed builders for Adaptive Card 1.5 JSON. Text that may contain names typed by people goes into
 * RichTextBlock/TextRun, which Teams never reads as Markdown, so a display name cannot inject a link.
 */
import type { AuditActionData, Verb } from './verbs';

/** An Adaptive Card element or action as plain JSON. */
export type CardElement = Record<string, unknown>;

/** Colours a text can take. */
export type TextColor = 'default' | 'good' | 'attention' | 'warning' | 'accent';

/** Text styling. */
export interface TextOptions {
  readonly size?: 'small' | 'default' | 'medium' | 'large';
  readonly weight?: 'default' | 'bolder';
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
  readonly monospace?: boolean;
  readonly spacing?: 'none' | 'small' | 'default' | 'medium' | 'large';
  readonly separator?: boolean;
}

/** The card envelope: version 1.5; every action that reaches the bot is an Action.Execute. */
export function adaptiveCard(
  body: CardElement[],
  actions: CardElement[] = [],
  extra: CardElement = {},
): CardElement {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    ...extra,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** A plain (non-Markdown) paragraph. */
export function text(value: string, options: TextOptions = {}): CardElement {
  const run: CardElement = { type: 'TextRun', text: value };
  if (options.size && options.size !== 'default') run.size = options.size;
  if (options.weight && options.weight !== 'default') run.weight = options.weight;
  if (options.color && options.color !== 'default') run.color = options.color;
  if (options.isSubtle !== undefined) run.isSubtle = options.isSubtle;
  if (options.monospace) run.fontType = 'monospace';
  const block: CardElement = { type: 'RichTextBlock', inlines: [run] };
  if (options.spacing) block.spacing = options.spacing;
  if (options.separator) block.separator = true;
  return block;
}

/** A card title. */
export function heading(value: string, color: TextColor = 'default'): CardElement {
  return text(value, { size: 'medium', weight: 'bolder', color });
}

/** A small, subtle line (request ids, footnotes). */
export function small(value: string): CardElement {
  return text(value, { size: 'small', isSubtle: true, spacing: 'medium' });
}

/** An error or warning shown next to the field it concerns: red, never subtle. */
export function alert(value: string, color: 'attention' | 'warning' = 'attention'): CardElement {
  return text(value, { color, isSubtle: false, weight: 'bolder', spacing: 'small' });
}

/** A two-column label/value table; values are plain text. */
export function facts(rows: readonly (readonly [string, string])[]): CardElement {
  return {
    type: 'Container',
    spacing: 'small',
    items: rows.map(([label, value]) => ({
      type: 'ColumnSet',
      spacing: 'none',
      columns: [
        { type: 'Column', width: 2, items: [text(label, { weight: 'bolder' })] },
        { type: 'Column', width: 3, items: [text(value)] },
      ],
    })),
  };
}

/** A container grouping elements. */
export function container(items: CardElement[], extra: CardElement = {}): CardElement {
  return { type: 'Container', ...extra, items };
}

/**
 * An Action.Execute with the given verb. `data` is the only payload: a request id; on the form's "create
 * the password" button the password mode, which Adaptive Cards merge into the inputs; on a "Did you mean"
 * button the command to run, which the bot parses like typed text; on an audit card's buttons the filters
 * and position of the listing (README, "Card actions"). Fields left undefined are left out.
 */
export function execute(
  verb: Verb,
  title: string,
  data: { requestId?: string; passwordMode?: 'custom'; command?: string } & AuditActionData,
  extra: { style?: 'positive' | 'destructive'; associatedInputs?: 'auto' | 'none' } = {},
): CardElement {
  return {
    type: 'Action.Execute',
    verb,
    title,
    data: Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)),
    ...(extra.style ? { style: extra.style } : {}),
    ...(extra.associatedInputs ? { associatedInputs: extra.associatedInputs } : {}),
  };
}

/** Buttons inside the body (Adaptive Cards 1.2 ActionSet), so they can be shown and hidden. */
export function actionSet(actions: CardElement[], extra: CardElement = {}): CardElement {
  return { type: 'ActionSet', ...extra, actions };
}

/** A button that shows or hides elements on the client; nothing reaches the bot. */
export function toggleVisibility(title: string, targetIds: readonly string[]): CardElement {
  return { type: 'Action.ToggleVisibility', title, targetElements: [...targetIds] };
}
