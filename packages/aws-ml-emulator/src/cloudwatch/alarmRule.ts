import { cloudwatchErrors } from '../server/errors';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type RuleNode =
  | { kind: 'state'; state: AlarmState; alarm: string }
  | { kind: 'const'; value: boolean }
  | { kind: 'not'; operand: RuleNode }
  | { kind: 'and' | 'or'; operands: RuleNode[] };

const STATE_FUNCTIONS: AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];

class RuleParser {
  private readonly tokens: string[];
  private pos = 0;

  constructor(private readonly rule: string) {
    this.tokens = tokenize(rule);
  }

  parse(): RuleNode {
    const node = this.orExpr();
    if (this.pos !== this.tokens.length) {
      throw this.fail(`unexpected "${this.tokens[this.pos]}"`);
    }
    return node;
  }

  private fail(detail: string) {
    return cloudwatchErrors.invalidParameter(
      `Error in alarm rule "${this.rule}": ${detail}`,
    );
  }

  private orExpr(): RuleNode {
    const operands = [this.andExpr()];
    while (this.tokens[this.pos] === 'OR') {
      this.pos++;
      operands.push(this.andExpr());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private andExpr(): RuleNode {
    const operands = [this.notExpr()];
    while (this.tokens[this.pos] === 'AND') {
      this.pos++;
      operands.push(this.notExpr());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private notExpr(): RuleNode {
    if (this.tokens[this.pos] === 'NOT') {
      this.pos++;
      return { kind: 'not', operand: this.notExpr() };
    }
    return this.primary();
  }

  private primary(): RuleNode {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw this.fail('unexpected end of rule');
    if (token === '(') {
      const inner = this.orExpr();
      if (this.tokens[this.pos++] !== ')') throw this.fail('missing ")"');
      return inner;
    }
    if (token === 'TRUE' || token === 'FALSE') {
      return { kind: 'const', value: token === 'TRUE' };
    }
    if ((STATE_FUNCTIONS as string[]).includes(token)) {
      if (this.tokens[this.pos++] !== '(') {
        throw this.fail(`expected "(" after ${token}`);
      }
      const name = this.tokens[this.pos++];
      if (name === undefined || name === ')') {
        throw this.fail(`${token} needs an alarm name`);
      }
      if (this.tokens[this.pos++] !== ')') {
        throw this.fail('expected ")" after the alarm name');
      }
      return {
        kind: 'state',
        state: token as AlarmState,
        alarm: alarmNameOf(unquote(name)),
      };
    }
    throw this.fail(`unexpected "${token}"`);
  }
}

/**
 * Parses a composite AlarmRule: ALARM(name) / OK(name) / INSUFFICIENT_DATA(name) with the
 * name quoted or bare (a name or an alarm ARN), TRUE, FALSE, AND, OR, NOT and parentheses.
 */
export function parseAlarmRule(rule: string): RuleNode {
  return new RuleParser(rule).parse();
}

function tokenize(rule: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[()]|[^\s()]+)/y;
  let index = 0;
  while (index < rule.length) {
    if (/^\s*$/.test(rule.slice(index))) break;
    re.lastIndex = index;
    const m = re.exec(rule);
    if (!m) break;
    tokens.push(m[1]);
    index = re.lastIndex;
  }
  return tokens;
}

function unquote(token: string): string {
  if (/^(".*"|'.*')$/.test(token))
    return token.slice(1, -1).replace(/\\(.)/g, '$1');
  return token;
}

/** `arn:aws:cloudwatch:region:account:alarm:name` -> `name`. */
export function alarmNameOf(reference: string): string {
  const match = /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(reference);
  return match ? match[1] : reference;
}

export function ruleAlarms(
  node: RuleNode,
  out = new Set<string>(),
): Set<string> {
  if (node.kind === 'state') out.add(node.alarm);
  else if (node.kind === 'not') ruleAlarms(node.operand, out);
  else if (node.kind === 'and' || node.kind === 'or')
    node.operands.forEach(n => ruleAlarms(n, out));
  return out;
}

export function evaluateRule(
  node: RuleNode,
  stateOf: (alarm: string) => AlarmState | undefined,
): boolean {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'state':
      return stateOf(node.alarm) === node.state;
    case 'not':
      return !evaluateRule(node.operand, stateOf);
    case 'and':
      return node.operands.every(n => evaluateRule(n, stateOf));
    default:
      return node.operands.some(n => evaluateRule(n, stateOf));
  }
}
