/** A GitHub-flavoured markdown table. */
export function table(
  header: string[],
  rows: Array<Array<string | number>>,
): string {
  const cells = rows.map(r => r.map(c => String(c)));
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...cells.map(line)].join(
    '\n',
  );
}

export function fixed(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);
}

export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function usd(n: number): string {
  return `$${n.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

export function seconds(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(0)} s`
    : `${(ms / 1000).toFixed(1)} s`;
}
