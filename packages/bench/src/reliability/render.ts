import { cpus, loadavg } from 'node:os';
import { seconds, table } from '../lib/markdown';
import type { Leak } from './leaks';
import { lost, PartResult } from './harness';

export function renderReliability(options: {
  parts: PartResult[];
  leaks: Leak[];
  scanned: number;
  command: string;
  quick: boolean;
  totalMs: number;
  database: string;
}): string {
  const { parts, leaks } = options;
  const cpu = cpus();
  const summary = table(
    ['part', 'requests', 'checks', 'lost', 'time'],
    parts.map(p => [
      p.name,
      p.requests,
      p.checks.length,
      lost(p).length,
      seconds(p.wallMs),
    ]),
  );
  const sections = parts.map(p => {
    const tried = p.tried.map(t => `- ${t}`).join('\n');
    const checks = table(
      ['check', 'result', 'detail'],
      p.checks.map(c => [
        c.what,
        c.ok ? 'ok' : '**LOST**',
        c.detail.replace(/\|/g, '\\|').replace(/\n/g, ' '),
      ]),
    );
    const notes = p.notes.length
      ? `\n\n${p.notes.map(n => `> ${n}`).join('\n>\n')}`
      : '';
    return `## ${p.name}\n\nTried:\n\n${tried}\n\n${checks}${notes}`;
  });
  const leakSection = leaks.length
    ? table(
        ['response', 'what leaked', 'excerpt'],
        leaks
          .slice(0, 50)
          .map(l => [l.where, l.kind, `\`${l.excerpt.replace(/`/g, "'")}\``]),
      )
    : `None: ${options.scanned.toLocaleString(
        'en-US',
      )} response bodies from every part were scanned for the AWS secret and access key ids of the configuration, the emulator's address, stack traces, source paths, SQL, database driver errors and AWS SDK error dumps.`;
  const totalLost =
    parts.reduce((n, p) => n + lost(p).length, 0) + leaks.length;
  return `# Reliability and security

Written by \`${options.command}\` on ${new Date()
    .toISOString()
    .slice(0, 10)} (${
    options.quick ? 'quick run, the bounded form CI runs' : 'full run'
  }, ${seconds(options.totalMs)}): ${cpu.length} × ${
    cpu[0]?.model.trim() ?? 'unknown CPU'
  }, Node ${process.version}, ${
    options.database
  }, load average ${loadavg()[2].toFixed(1)}.
\`yarn test:reliability\` runs the longer form; \`yarn test:reliability --quick\` the bounded one. Each part prints
what it tried and what was lost; the command exits non-zero when anything was.

**Lost: ${totalLost === 0 ? 'nothing' : `${totalLost} checks`}.**

${summary}

${sections.join('\n\n')}

## Leaks in responses

${leakSection}
`;
}
