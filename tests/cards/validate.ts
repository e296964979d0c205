/** Test helpers: validate a card with the adaptivecards package at 1.5 and walk its actions and inputs. */
import * as AC from 'adaptivecards';

/** Every parse-time and validation-time problem the adaptivecards package reports for `json` at 1.5. */
export function cardProblems(json: object): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  if ((json as { version?: string }).version !== '1.5') problems.push('version is not 1.5');
  return problems;
}

/** Every object in the card JSON (depth first), so tests can find actions and inputs wherever they are. */
export function allObjects(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const item of value) allObjects(item, out);
  } else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) allObjects(child, out);
  }
  return out;
}

/** Actions of any kind in the card (including the refresh action). */
export function actionsOf(card: object): Record<string, unknown>[] {
  return allObjects(card).filter(
    (o) => typeof o.type === 'string' && (o.type as string).startsWith('Action.'),
  );
}

/** Input elements in the card. */
export function inputsOf(card: object): Record<string, unknown>[] {
  return allObjects(card).filter(
    (o) => typeof o.type === 'string' && (o.type as string).startsWith('Input.'),
  );
}

/** All visible text of the card, joined. */
export function textOf(card: object): string {
  return allObjects(card)
    .flatMap((o) =>
      [o.text, o.title, o.label, o.placeholder].filter((v): v is string => typeof v === 'string'),
    )
    .join('\n');
}
