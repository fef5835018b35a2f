import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { RunbookAction, severityActionOf } from './runbookActions';
import { runbookSchema, severityLevel } from './runbookSchema';
import type { SeverityRule } from './types';

/**
 * One `severity_N` rule as written in a runbook.
 * @public
 */
export interface RunbookSeverityRule {
  condition: string;
  immediate_action: string;
  notification: string;
  timeline: string;
  /** What the first action does, for the portal to plan, run and undo (see runbookActions.ts). */
  action?: RunbookAction;
  [extra: string]: unknown;
}

/**
 * Per-metric thresholds, for metrics whose scale is their own (rmse, mae...).
 * @public
 */
export interface RunbookMetricThreshold {
  business_hours_threshold: number;
  off_hours_threshold: number;
  [extra: string]: unknown;
}

/**
 * Bounds of one bias metric (`monitoring_config.bias.metrics.<metric>`): at
 * least one of them; the value is breached above `max`, below `min`, or when
 * its absolute value is above `abs_max`.
 * @public
 */
export interface RunbookBiasThreshold {
  min?: number;
  max?: number;
  abs_max?: number;
  [extra: string]: unknown;
}

/**
 * A parsed runbook, keys as written in the YAML (DESIGN.md §3). Unknown
 * fields are kept. `incident_response` lists its severity rules first, in
 * order of level.
 * @public
 */
export interface Runbook {
  model_name: string;
  owner: string;
  monitoring_config: {
    data_quality: {
      frequency: string;
      /** Drift score above which a feature is drifting, 0–1. */
      alert_threshold: number;
      escalation_path: string[];
      [extra: string]: unknown;
    };
    model_performance?: {
      metrics: string[];
      /** Percent (92.0) or fraction (0.92), see normalizeMetricValue. */
      business_hours_threshold: number;
      off_hours_threshold: number;
      metric_thresholds?: Record<string, RunbookMetricThreshold>;
      [extra: string]: unknown;
    };
    /** Bounds of SageMaker Clarify bias metrics by short name (`DPPL`, `DI`...), for every facet. */
    bias?: {
      metrics: Record<string, RunbookBiasThreshold>;
      [extra: string]: unknown;
    };
    [extra: string]: unknown;
  };
  incident_response: {
    [key: `severity_${number}`]: RunbookSeverityRule;
  } & Record<string, unknown>;
  [extra: string]: unknown;
}

/**
 * A problem in a runbook. `path` is where, in YAML terms
 * (`monitoring_config.data_quality.alert_threshold`, `escalation_path[1]`;
 * empty for the document itself); line and column are 1-based.
 * @public
 */
export interface RunbookError {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** @public */
export type RunbookParseResult =
  | { ok: true; runbook: Runbook }
  | { ok: false; errors: RunbookError[] };

/**
 * Largest runbook accepted, in UTF-8 bytes. A runbook is a page of text;
 * anything bigger is a mistake or an attack on the parser.
 * @public
 */
export const RUNBOOK_MAX_BYTES = 64 * 1024;

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The position of the deepest node of the document that exists along path. */
function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<PropertyKey>,
): { line: number; column: number } | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth) as Array<string | number>;
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

/**
 * Parses and validates a runbook. Never throws: syntax errors come back with
 * line and column, schema errors with the path and what was expected.
 * @public
 */
export function parseRunbook(text: string): RunbookParseResult {
  if (typeof text !== 'string') {
    return {
      ok: false,
      errors: [{ path: '', message: 'expected the runbook as text' }],
    };
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > RUNBOOK_MAX_BYTES) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `the runbook is ${bytes} bytes; at most ${RUNBOOK_MAX_BYTES} bytes (64 KiB) are accepted`,
        },
      ],
    };
  }

  const lineCounter = new LineCounter();
  let doc: Document;
  let data: unknown;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return {
        ok: false,
        errors: doc.errors.map(e => ({
          path: '',
          message: `YAML syntax error: ${e.message
            .split('\n')[0]
            .replace(/ at line \d+, column \d+:?$/, '')}`,
          ...(e.linePos
            ? { line: e.linePos[0].line, column: e.linePos[0].col }
            : {}),
        })),
      };
    }
    // maxAliasCount guards against alias expansion bombs.
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `YAML error: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }

  const result = runbookSchema.safeParse(data);
  if (result.success) return { ok: true, runbook: result.data as Runbook };
  return {
    ok: false,
    errors: result.error.issues.map(issue => ({
      path: formatPath(issue.path),
      message: issue.message,
      ...positionOf(doc, lineCounter, issue.path),
    })),
  };
}

/**
 * The runbook's severity rules as API objects, most severe (level 1) first.
 * @public
 */
export function severityRulesOf(runbook: Runbook): SeverityRule[] {
  const rules: SeverityRule[] = [];
  for (const [key, value] of Object.entries(runbook.incident_response)) {
    const level = severityLevel(key);
    if (level === undefined) continue;
    const rule = value as RunbookSeverityRule;
    rules.push({
      level,
      condition: rule.condition,
      immediateAction: rule.immediate_action,
      notification: rule.notification,
      timeline: rule.timeline,
      ...(rule.action ? { action: severityActionOf(level, rule.action) } : {}),
    });
  }
  return rules.sort((a, b) => a.level - b.level);
}

/**
 * The escalation path of a runbook, first responder first.
 * @public
 */
export function escalationPathOf(runbook: Runbook): string[] {
  return [...runbook.monitoring_config.data_quality.escalation_path];
}
