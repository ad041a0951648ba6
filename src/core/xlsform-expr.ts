/**
 * The subset of XLSForm's XPath expressions that Siang reads in `relevant` and `constraint`
 * (docs/xlsform.md): `=`, `!=`, `<`, `>`, `<=`, `>=`, `and`, `or`, `not()`, `selected()`,
 * `${name}`, `.` (the answer itself), text and number literals, and parentheses. Each is turned
 * into a survey condition, or refused with a reason a person can act on.
 */
import type { Condition } from './survey.js';

/** A parsed expression. */
export type Expr =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'self' }
  | { readonly kind: 'literal'; readonly value: string | number }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'and' | 'or'; readonly parts: readonly Expr[] }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'selected'; readonly target: Expr; readonly value: Expr };

/** A comparison operator of the subset. */
export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

type Token =
  | { readonly t: 'ref'; readonly name: string }
  | { readonly t: 'self' }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly value: number }
  | { readonly t: 'op'; readonly op: CompareOp }
  | { readonly t: 'word'; readonly word: string }
  | { readonly t: '(' | ')' | ',' };

/** Why an expression cannot be read. */
export class ExprError extends Error {}

/** The longest expression read, so a hostile cell cannot make the parser work for long. */
export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_NESTING = 20;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === '$' && source.charAt(i + 1) === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) throw new ExprError('a ${…} reference is not closed');
      tokens.push({ t: 'ref', name: source.slice(i + 2, end).trim() });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new ExprError('a quoted text is not closed');
      tokens.push({ t: 'string', value: source.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source.charAt(i + 1)))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ t: 'number', value: Number(text) });
      i += text.length;
    } else if (c === '.' && !/[0-9a-zA-Z_.]/.test(source.charAt(i + 1))) {
      tokens.push({ t: 'self' });
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: c });
      i++;
    } else if (c === '!' && source.charAt(i + 1) === '=') {
      tokens.push({ t: 'op', op: '!=' });
      i += 2;
    } else if (c === '<' || c === '>') {
      const eq = source.charAt(i + 1) === '=';
      tokens.push({ t: 'op', op: (eq ? `${c}=` : c) as CompareOp });
      i += eq ? 2 : 1;
    } else if (c === '=') {
      tokens.push({ t: 'op', op: '=' });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_:.-]*/.exec(source.slice(i));
      const word = m?.[0] ?? c;
      tokens.push({ t: 'word', word });
      i += word.length;
    } else {
      throw new ExprError(`"${c}" is not understood here`);
    }
  }
  return tokens;
}

/** Parses an expression of the subset; throws ExprError with the reason. */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) throw new ExprError(`longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const tokens = tokenize(source);
  let pos = 0;
  let depth = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (word: string): boolean => {
    const tk = peek();
    return tk?.t === 'word' && tk.word.toLowerCase() === word;
  };
  const expect = (t: '(' | ')' | ','): void => {
    if (peek()?.t !== t) throw new ExprError(`"${t}" expected`);
    pos++;
  };
  const nested = <T>(read: () => T): T => {
    if (++depth > MAX_NESTING) throw new ExprError(`nested more than ${MAX_NESTING} levels`);
    const out = read();
    depth--;
    return out;
  };
  const parseOr = (): Expr =>
    nested(() => {
      const parts = [parseAnd()];
      while (isWord('or')) {
        pos++;
        parts.push(parseAnd());
      }
      return parts.length === 1 ? (parts[0] as Expr) : { kind: 'or', parts };
    });
  const parseAnd = (): Expr => {
    const parts = [parseCompare()];
    while (isWord('and')) {
      pos++;
      parts.push(parseCompare());
    }
    return parts.length === 1 ? (parts[0] as Expr) : { kind: 'and', parts };
  };
  const parseCompare = (): Expr => {
    const left = parsePrimary();
    const tk = peek();
    if (tk?.t !== 'op') return left;
    pos++;
    return { kind: 'compare', op: tk.op, left, right: parsePrimary() };
  };
  const parsePrimary = (): Expr => {
    const tk = peek();
    if (!tk) throw new ExprError('the expression ends too early');
    pos++;
    switch (tk.t) {
      case 'ref':
        return { kind: 'ref', name: tk.name };
      case 'self':
        return { kind: 'self' };
      case 'string':
      case 'number':
        return { kind: 'literal', value: tk.value };
      case '(': {
        const inner = parseOr();
        expect(')');
        return inner;
      }
      case 'word': {
        const name = tk.word.toLowerCase();
        if (peek()?.t !== '(') throw new ExprError(`"${tk.word}" is not understood here`);
        pos++;
        if (name === 'not') {
          const operand = parseOr();
          expect(')');
          return { kind: 'not', operand };
        }
        if (name === 'selected') {
          const target = parsePrimary();
          expect(',');
          const value = parsePrimary();
          expect(')');
          return { kind: 'selected', target, value };
        }
        throw new ExprError(`the function ${tk.word}() is not supported`);
      }
      default:
        throw new ExprError(`"${tk.t === 'op' ? tk.op : tk.t}" is not expected here`);
    }
  };
  const expr = parseOr();
  if (pos < tokens.length) throw new ExprError('there is more after the end of the expression');
  return expr;
}

/** What a conversion needs to know of the questions an expression names. */
export interface ExprContext {
  /** The question a name refers to (its Siang id and type), if it is one written earlier. */
  resolve(name: string): { readonly id: string; readonly type: string } | undefined;
  /** The question `.` stands for (in a constraint), if allowed. */
  readonly self?: { readonly id: string; readonly type: string };
}

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
const BOUND: Record<'<' | '>' | '<=' | '>=', 'lt' | 'gt' | 'lte' | 'gte'> = {
  '<': 'lt',
  '>': 'gt',
  '<=': 'lte',
  '>=': 'gte',
};

/** Turns a parsed expression into a survey condition; throws ExprError with the reason. */
export function toCondition(expr: Expr, ctx: ExprContext): Condition {
  switch (expr.kind) {
    case 'and':
      return { all: expr.parts.map((p) => toCondition(p, ctx)) };
    case 'or':
      return { any: expr.parts.map((p) => toCondition(p, ctx)) };
    case 'not':
      return { not: toCondition(expr.operand, ctx) };
    case 'selected': {
      const q = question(expr.target, ctx);
      const value = literal(expr.value, 'selected() needs a quoted option name as its second part');
      return q.type === 'multiple'
        ? { question: q.id, includes: String(value) }
        : { question: q.id, equals: String(value) };
    }
    case 'compare': {
      let { op, left, right } = expr;
      if (left.kind === 'literal') [left, right, op] = [right, left, FLIP[op]];
      const q = question(left, ctx);
      const value = literal(right, 'compare a question with a quoted text or a number, not with another question');
      if (value === '') {
        if (op === '=') return { question: q.id, answered: false };
        if (op === '!=') return { question: q.id, answered: true };
        throw new ExprError(`"${op}" cannot compare with an empty text`);
      }
      if (q.type === 'multiple')
        throw new ExprError('a multiple choice is tested with selected(), not with a comparison');
      const typed = q.type === 'number' || q.type === 'rating' ? toNumber(value) : String(value);
      if (op === '=') return { question: q.id, equals: typed };
      if (op === '!=') return { question: q.id, notEquals: typed };
      if (q.type !== 'number' && q.type !== 'rating' && q.type !== 'date')
        throw new ExprError(`"${op}" compares numbers and dates only`);
      return { question: q.id, [BOUND[op]]: typed } as Condition;
    }
    default:
      throw new ExprError('a condition must compare a question with a value, or use selected() or not()');
  }
}

function question(expr: Expr, ctx: ExprContext): { readonly id: string; readonly type: string } {
  if (expr.kind === 'self') {
    if (!ctx.self) throw new ExprError('"." (the answer itself) is only allowed in a constraint');
    return ctx.self;
  }
  if (expr.kind !== 'ref') throw new ExprError('a condition must start from a question: ${name} or .');
  const q = ctx.resolve(expr.name);
  if (!q) throw new ExprError(`\${${expr.name}} is not a question that comes earlier in the form`);
  return q;
}

function literal(expr: Expr, message: string): string | number {
  if (expr.kind !== 'literal') throw new ExprError(message);
  return expr.value;
}

function toNumber(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new ExprError(`"${value}" is not a number`);
  return n;
}
