/**
 * The slice of OData the directory answers: $filter (eq, ne, in, startswith, endswith, not, and, or,
 * parentheses, lambda any over string collections, '' escaping), $search ("prop:term" clauses joined by
 * AND/OR, tokenized prefix match) and $select. Case-insensitive, as Entra compares strings.
 */

/** A parsed $filter expression. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: 'eq' | 'ne'; property: string; value: Literal }
  | { kind: 'in'; property: string; values: Literal[] }
  | { kind: 'func'; name: 'startswith' | 'endswith'; property: string; value: string }
  | { kind: 'any'; property: string; variable: string; body: FilterNode };

/** A literal value. */
export type Literal = string | number | boolean | null;

/** A filter the parser or the model refused; `unsupportedProperty` names Graph's "unsupported" case. */
export class ODataError extends Error {
  constructor(
    message: string,
    readonly unsupportedProperty?: string,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

type Token = { type: 'ident' | 'string' | 'number' | 'punct'; text: string; pos: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length)
          throw new ODataError(`Invalid filter clause: unterminated string literal at position ${start}.`);
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += input[i];
        i++;
      }
      tokens.push({ type: 'string', text: value, pos: start });
    } else if ('(),:/'.includes(c)) {
      tokens.push({ type: 'punct', text: c, pos: i });
      i++;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i));
      if (!m) throw new ODataError(`Invalid filter clause: syntax error at position ${i}.`);
      tokens.push({ type: 'number', text: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_@$]/.test(c)) {
      const m = /^[A-Za-z_@$][A-Za-z0-9_.@$]*/.exec(input.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], pos: i });
      i += m[0].length;
    } else {
      throw new ODataError(
        `Invalid filter clause: syntax error: character '${c}' is not valid at position ${i}.`,
      );
    }
  }
  return tokens;
}

/** Parses a $filter expression. */
export function parseFilter(input: string): FilterNode {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, word: string): boolean =>
    t?.type === 'ident' && t.text.toLowerCase() === word;
  const expect = (text: string): void => {
    const t = tokens[pos];
    if (!t || t.text !== text) {
      throw new ODataError(
        `Invalid filter clause: '${text}' expected at position ${t?.pos ?? input.length}.`,
      );
    }
    pos++;
  };
  const literal = (): Literal => {
    const t = tokens[pos++];
    if (!t) throw new ODataError('Invalid filter clause: a value is expected at the end of the expression.');
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (isWord(t, 'true')) return true;
    if (isWord(t, 'false')) return false;
    if (isWord(t, 'null')) return null;
    throw new ODataError(`Invalid filter clause: a value is expected at position ${t.pos}.`);
  };
  const property = (): string => {
    const t = tokens[pos++];
    if (!t || t.type !== 'ident') {
      throw new ODataError(
        `Invalid filter clause: a property name is expected at position ${t?.pos ?? input.length}.`,
      );
    }
    return t.text;
  };
  const or = (): FilterNode => {
    let left = and();
    while (isWord(peek(), 'or')) {
      pos++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): FilterNode => {
    let left = unary();
    while (isWord(peek(), 'and')) {
      pos++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      pos++;
      return { kind: 'not', operand: unary() };
    }
    return primary();
  };
  const primary = (): FilterNode => {
    const t = peek();
    if (!t) throw new ODataError('Invalid filter clause: the expression ends too early.');
    if (t.text === '(') {
      pos++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (
      t.type === 'ident' &&
      ['startswith', 'endswith'].includes(t.text.toLowerCase()) &&
      tokens[pos + 1]?.text === '('
    ) {
      pos += 2;
      const prop = property();
      expect(',');
      const value = literal();
      expect(')');
      if (typeof value !== 'string') throw new ODataError(`Invalid filter clause: ${t.text} needs a string.`);
      return { kind: 'func', name: t.text.toLowerCase() as 'startswith' | 'endswith', property: prop, value };
    }
    const prop = property();
    if (peek()?.text === '/') {
      pos++;
      if (!isWord(peek(), 'any'))
        throw new ODataError(`Invalid filter clause: only the any lambda operator is supported.`);
      pos++;
      expect('(');
      const variable = property();
      expect(':');
      const body = or();
      expect(')');
      return { kind: 'any', property: prop, variable, body };
    }
    const op = tokens[pos++];
    if (isWord(op, 'in')) {
      expect('(');
      const values = [literal()];
      while (peek()?.text === ',') {
        pos++;
        values.push(literal());
      }
      expect(')');
      return { kind: 'in', property: prop, values };
    }
    if (!op || op.type !== 'ident' || !['eq', 'ne'].includes(op.text.toLowerCase())) {
      throw new ODataError(
        `Invalid filter clause: operator expected after '${prop}' at position ${op?.pos ?? input.length}.`,
      );
    }
    return { kind: 'compare', op: op.text.toLowerCase() as 'eq' | 'ne', property: prop, value: literal() };
  };
  const tree = or();
  if (pos < tokens.length) {
    throw new ODataError(
      `Invalid filter clause: syntax error at position ${tokens[pos]!.pos} in '${input}'.`,
    );
  }
  return tree;
}

/** How a property may be filtered: by default, or only in advanced queries. */
export interface FilterCapability {
  readonly eq: boolean;
  readonly startswith: boolean;
  /** A string collection (any lambda). */
  readonly collection?: boolean;
}

/** What a filter uses that needs advanced query parameters (ConsistencyLevel + $count). */
export function advancedOperators(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...advancedOperators(node.left), ...advancedOperators(node.right)];
    case 'not':
      return ['not', ...advancedOperators(node.operand)];
    case 'compare':
      return node.op === 'ne' ? ['ne'] : [];
    case 'func':
      return node.name === 'endswith' ? ['endsWith'] : [];
    case 'any':
      return advancedOperators(node.body);
    case 'in':
      return [];
  }
}

/** Checks every property against what the resource supports; throws Graph's "unsupported" error. */
export function checkFilter(
  node: FilterNode,
  capabilities: Readonly<Record<string, FilterCapability>>,
  resource: string,
): void {
  const supported = (prop: string): FilterCapability => {
    const cap = capabilities[canonical(prop, capabilities)];
    if (!cap) {
      throw new ODataError(
        `Unsupported or invalid query filter clause specified for property '${prop}' of resource '${resource}'.`,
        prop,
      );
    }
    return cap;
  };
  switch (node.kind) {
    case 'and':
    case 'or':
      checkFilter(node.left, capabilities, resource);
      checkFilter(node.right, capabilities, resource);
      return;
    case 'not':
      checkFilter(node.operand, capabilities, resource);
      return;
    case 'compare':
    case 'in':
      if (supported(node.property).collection) {
        throw new ODataError(
          `Unsupported or invalid query filter clause specified for property '${node.property}' of resource '${resource}'.`,
          node.property,
        );
      }
      return;
    case 'func': {
      const cap = supported(node.property);
      if (node.name === 'startswith' && !cap.startswith) {
        throw new ODataError(
          `Unsupported or invalid query filter clause specified for property '${node.property}' of resource '${resource}'.`,
          node.property,
        );
      }
      return;
    }
    case 'any': {
      const cap = supported(node.property);
      if (!cap.collection) {
        throw new ODataError(
          `Unsupported or invalid query filter clause specified for property '${node.property}' of resource '${resource}'.`,
          node.property,
        );
      }
      return;
    }
  }
}

function canonical(prop: string, known: Readonly<Record<string, unknown>>): string {
  const lower = prop.toLowerCase();
  return Object.keys(known).find((k) => k.toLowerCase() === lower) ?? prop;
}

function same(a: unknown, b: Literal): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === b;
}

/** Evaluates a filter over an object (property names compared case-insensitively). */
export function evaluate(
  node: FilterNode,
  item: Readonly<Record<string, unknown>>,
  scope: Record<string, unknown> = {},
): boolean {
  const get = (prop: string): unknown => {
    if (prop in scope) return scope[prop];
    return item[canonical(prop, item)];
  };
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, item, scope) && evaluate(node.right, item, scope);
    case 'or':
      return evaluate(node.left, item, scope) || evaluate(node.right, item, scope);
    case 'not':
      return !evaluate(node.operand, item, scope);
    case 'compare':
      return node.op === 'eq' ? same(get(node.property), node.value) : !same(get(node.property), node.value);
    case 'in':
      return node.values.some((v) => same(get(node.property), v));
    case 'func': {
      const value = get(node.property);
      if (typeof value !== 'string') return false;
      const v = value.toLowerCase();
      const needle = node.value.toLowerCase();
      return node.name === 'startswith' ? v.startsWith(needle) : v.endsWith(needle);
    }
    case 'any': {
      const values = get(node.property);
      if (!Array.isArray(values)) return false;
      return values.some((v) => evaluate(node.body, item, { ...scope, [node.variable]: v }));
    }
  }
}

/** A parsed $search: clauses of "property:term" joined by AND/OR (AND binds tighter). */
export type SearchClause = { property: string; term: string };

/** Parses $search; Graph needs every clause in double quotes. */
export function parseSearch(input: string): SearchClause[][] {
  const groups: SearchClause[][] = [[]];
  const re = /\s*(?:"([^"]*)"|(\S+))\s*/gy;
  let expectClause = true;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input))) {
    if (expectClause) {
      if (m[1] === undefined)
        throw new ODataError(
          `Syntax error: character '${m[2]![0]}' is not valid at position ${m.index}. The $search value must be in double quotes.`,
        );
      const colon = m[1].indexOf(':');
      if (colon <= 0) throw new ODataError(`Invalid search: '${m[1]}' must be "property:value".`);
      groups[groups.length - 1]!.push({ property: m[1].slice(0, colon), term: m[1].slice(colon + 1) });
      expectClause = false;
    } else {
      const word = (m[2] ?? '').toUpperCase();
      if (word === 'OR') groups.push([]);
      else if (word !== 'AND')
        throw new ODataError(`Invalid search: AND or OR expected at position ${m.index}.`);
      expectClause = true;
    }
    if (re.lastIndex >= input.length) break;
  }
  if (expectClause)
    throw new ODataError('Invalid search: the $search value is empty or ends with an operator.');
  return groups;
}

/** Splits text into search tokens the way the directory index does (spaces, punctuation, camelCase). */
export function searchTokens(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s.,;:'"@_\-()/\\]+/u)
    .filter(Boolean);
}

/** True when every token of `term` is a prefix of some token of `value`. */
export function searchMatches(value: unknown, term: string): boolean {
  const values = Array.isArray(value) ? value : [value];
  const haystack = values.filter((v): v is string => typeof v === 'string').flatMap(searchTokens);
  const needles = searchTokens(term);
  if (needles.length === 0) return false;
  return needles.every((n) => haystack.some((h) => h.startsWith(n)));
}

/** Parses $select into canonical property names; throws Graph's error for an unknown one. */
export function parseSelect(raw: string | null, known: readonly string[], type: string): string[] | null {
  if (raw === null || raw.trim() === '') return null;
  return raw.split(',').map((p) => {
    const name = p.trim();
    const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!match) throw new ODataError(`Could not find a property named '${name}' on type '${type}'.`);
    return match;
  });
}
