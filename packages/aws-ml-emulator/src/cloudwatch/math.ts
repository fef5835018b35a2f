import { cloudwatchErrors } from '../server/errors';
import { HOUR, MINUTE } from '../util/time';

/** A time series: bucket start -> value, in ascending time order. */
export type Series = Map<number, number>;
type Value = number | Series | Series[];

type Token = { type: 'num' | 'ident' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^(),[\]]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    re.lastIndex = index;
    const m = re.exec(source);
    if (!m) throw invalid(source, `unexpected character at ${index}`);
    index = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ type: 'num', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ type: 'ident', text: m[2] });
    else tokens.push({ type: 'op', text: m[3] });
  }
  return tokens;
}

function invalid(expression: string, detail: string) {
  return cloudwatchErrors.validation(
    `Invalid metric math expression "${expression}": ${detail}.`,
  );
}

class Parser {
  private pos = 0;
  private readonly source: string;

  constructor(
    private readonly tokens: Token[],
    private readonly env: Map<string, Series>,
    private readonly grid: number[],
  ) {
    this.source = tokens.map(t => t.text).join(' ');
  }

  parse(): Value {
    const value = this.additive();
    if (this.pos < this.tokens.length)
      throw invalid(this.source, `unexpected "${this.peek()}"`);
    return value;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos]?.text;
  }

  private expect(text: string) {
    if (this.peek() !== text) throw invalid(this.source, `expected "${text}"`);
    this.pos++;
  }

  private additive(): Value {
    let left = this.multiplicative();
    while (this.peek() === '+' || this.peek() === '-') {
      const op = this.tokens[this.pos++].text;
      left = binary(
        left,
        this.multiplicative(),
        op === '+' ? (a, b) => a + b : (a, b) => a - b,
      );
    }
    return left;
  }

  private multiplicative(): Value {
    let left = this.unary();
    while (this.peek() === '*' || this.peek() === '/') {
      const op = this.tokens[this.pos++].text;
      left = binary(
        left,
        this.unary(),
        op === '*' ? (a, b) => a * b : (a, b) => (b === 0 ? NaN : a / b),
      );
    }
    return left;
  }

  private unary(): Value {
    if (this.peek() === '-') {
      this.pos++;
      return binary(0, this.unary(), (a, b) => a - b);
    }
    const base = this.primary();
    if (this.peek() === '^') {
      this.pos++;
      return binary(base, this.unary(), Math.pow);
    }
    return base;
  }

  private primary(): Value {
    const token = this.tokens[this.pos++];
    if (!token) throw invalid(this.source, 'unexpected end');
    if (token.type === 'num') return Number(token.text);
    if (token.text === '(') {
      const inner = this.additive();
      this.expect(')');
      return inner;
    }
    if (token.text === '[') {
      const items = this.args(']');
      return items.flatMap(seriesIn);
    }
    if (token.type === 'ident') {
      if (this.peek() === '(') {
        this.pos++;
        return this.call(token.text.toUpperCase(), this.args(')'));
      }
      const series = this.env.get(token.text);
      if (!series) throw invalid(this.source, `unknown id "${token.text}"`);
      return series;
    }
    throw invalid(this.source, `unexpected "${token.text}"`);
  }

  private args(close: string): Value[] {
    const out: Value[] = [];
    if (this.peek() === close) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.peek() === 'REPEAT') {
        this.pos++;
        out.push(Number.NaN);
      } else {
        out.push(this.additive());
      }
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(close);
      return out;
    }
  }

  private call(name: string, args: Value[]): Value {
    const one = () => {
      if (args.length !== 1)
        throw invalid(this.source, `${name} takes one argument`);
      return args[0];
    };
    switch (name) {
      case 'ABS':
        return unaryMap(one(), Math.abs);
      case 'CEIL':
        return unaryMap(one(), Math.ceil);
      case 'FLOOR':
        return unaryMap(one(), Math.floor);
      case 'HOUR':
        return timeMap(one(), t => Math.floor((t % (24 * HOUR)) / HOUR));
      case 'MINUTE':
        return timeMap(one(), t => Math.floor((t % HOUR) / MINUTE));
      case 'AVG':
      case 'SUM':
      case 'MIN':
      case 'MAX':
      case 'STDDEV':
        return reduce(name, args);
      case 'FILL':
        return this.fill(args);
      case 'DIFF':
      case 'RATE':
        return deltas(one(), name === 'RATE');
      case 'METRICS':
        return [...this.env.values()];
      default:
        throw invalid(
          this.source,
          `function ${name} is not supported by the emulator`,
        );
    }
  }

  private fill(args: Value[]): Value {
    const [target, filler] = args;
    if (args.length !== 2 || typeof filler !== 'number') {
      throw invalid(this.source, 'FILL takes a series and a number or REPEAT');
    }
    const fillOne = (s: Series): Series => {
      const out: Series = new Map();
      let previous: number | undefined;
      for (const t of this.grid) {
        const v = s.get(t);
        if (v !== undefined) previous = v;
        const filled = v ?? (Number.isNaN(filler) ? previous : filler);
        if (filled !== undefined) out.set(t, filled);
      }
      return out;
    };
    if (typeof target === 'number') return target;
    return Array.isArray(target) ? target.map(fillOne) : fillOne(target);
  }
}

/** The time series inside a value: none for a scalar, one, or all of an array. */
function seriesIn(value: Value): Series[] {
  if (Array.isArray(value)) return value;
  return typeof value === 'number' ? [] : [value];
}

function unaryMap(value: Value, fn: (v: number) => number): Value {
  if (typeof value === 'number') return fn(value);
  if (Array.isArray(value)) return value.map(s => unaryMap(s, fn) as Series);
  return new Map([...value].map(([t, v]) => [t, fn(v)]));
}

function timeMap(value: Value, fn: (t: number) => number): Value {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(s => timeMap(s, fn) as Series);
  return new Map([...value].map(([t]) => [t, fn(t)]));
}

function binary(
  a: Value,
  b: Value,
  fn: (x: number, y: number) => number,
): Value {
  if (Array.isArray(a)) return a.map(s => binary(s, b, fn) as Series);
  if (Array.isArray(b)) return b.map(s => binary(a, s, fn) as Series);
  const keep = (v: number) => Number.isFinite(v);
  if (typeof a === 'number' && typeof b === 'number') return fn(a, b);
  const out: Series = new Map();
  if (typeof a === 'number') {
    for (const [t, v] of b as Series) if (keep(fn(a, v))) out.set(t, fn(a, v));
  } else if (typeof b === 'number') {
    for (const [t, v] of a) if (keep(fn(v, b))) out.set(t, fn(v, b));
  } else {
    for (const [t, v] of a) {
      const w = b.get(t);
      if (w !== undefined && keep(fn(v, w))) out.set(t, fn(v, w));
    }
  }
  return out;
}

function stats(name: string, values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sum = values.reduce((x, y) => x + y, 0);
  switch (name) {
    case 'SUM':
      return sum;
    case 'AVG':
      return sum / values.length;
    case 'MIN':
      return Math.min(...values);
    case 'MAX':
      return Math.max(...values);
    default: {
      const mean = sum / values.length;
      return Math.sqrt(
        values.reduce((x, v) => x + (v - mean) ** 2, 0) / values.length,
      );
    }
  }
}

/** One series -> a scalar over time; several series -> one series across them. */
function reduce(name: string, args: Value[]): Value {
  const series = args.flatMap(seriesIn);
  if (args.length === 1 && !Array.isArray(args[0])) {
    if (typeof args[0] === 'number') return args[0];
    return stats(name, [...args[0].values()]) ?? NaN;
  }
  const times = new Set<number>();
  for (const s of series) for (const t of s.keys()) times.add(t);
  const out: Series = new Map();
  for (const t of [...times].sort((x, y) => x - y)) {
    const v = stats(
      name,
      series.map(s => s.get(t)).filter((x): x is number => x !== undefined),
    );
    if (v !== undefined) out.set(t, v);
  }
  return out;
}

function deltas(value: Value, perSecond: boolean): Value {
  if (typeof value === 'number') return 0;
  if (Array.isArray(value))
    return value.map(s => deltas(s, perSecond) as Series);
  const out: Series = new Map();
  let previous: [number, number] | undefined;
  for (const [t, v] of value) {
    if (previous)
      out.set(
        t,
        perSecond
          ? (v - previous[1]) / ((t - previous[0]) / 1000)
          : v - previous[1],
      );
    previous = [t, v];
  }
  return out;
}

/**
 * The metric-math subset the emulator evaluates: + - * / ^ and unary minus on scalars and
 * time series (series-with-series matches timestamps), parentheses, arrays [a, b], and
 * ABS, CEIL, FLOOR, HOUR, MINUTE, AVG, SUM, MIN, MAX, STDDEV, FILL(x, value|REPEAT),
 * DIFF, RATE, METRICS().
 */
export function evaluateExpression(
  expression: string,
  env: Map<string, Series>,
  grid: number[],
): Series {
  const parser = new Parser(tokenize(expression), env, grid);
  const value = parser.parse();
  if (typeof value === 'number') return new Map(grid.map(t => [t, value]));
  if (Array.isArray(value)) {
    throw cloudwatchErrors.validation(
      `Expression "${expression}" returns ${value.length} time series; the emulator needs a single one.`,
    );
  }
  return value;
}

/** Ids referenced by an expression, to order evaluation and validate references. */
export function referencedIds(expression: string): string[] {
  return tokenize(expression)
    .filter(
      (t, i, all) =>
        t.type === 'ident' && t.text !== 'REPEAT' && all[i + 1]?.text !== '(',
    )
    .map(t => t.text);
}
