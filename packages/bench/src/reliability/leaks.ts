/**
 * What must never appear in a response body: AWS credentials, the internal
 * address of AWS, and internal error text (stack traces, SQL, SDK dumps).
 */

export interface LeakPattern {
  name: string;
  pattern: RegExp;
}

export function leakPatterns(secrets: {
  awsSecret: string;
  accessKeyIds: string[];
  internalUrls: string[];
}): LeakPattern[] {
  const literal = (s: string) =>
    new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return [
    { name: 'AWS secret access key', pattern: literal(secrets.awsSecret) },
    ...secrets.accessKeyIds.map(id => ({
      name: 'AWS access key id',
      pattern: literal(id),
    })),
    { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{12,}\b/ },
    ...secrets.internalUrls.map(url => ({
      name: 'internal AWS endpoint address',
      pattern: literal(url),
    })),
    { name: 'stack trace', pattern: /\n\s+at [^\n]+[:(][^\n]*\d+:\d+\)?/ },
    {
      name: 'stack frame',
      pattern: /\bat (?:async )?[\w.$<>]+ \((?:\/|node:|file:)[^)]*:\d+:\d+\)/,
    },
    {
      name: 'source path',
      pattern:
        /\/(?:node_modules|plugins|packages)\/[\w@./-]+\.(?:ts|js|cjs|mjs)\b/,
    },
    {
      // Query text as knex puts it in driver errors: identifiers quoted with " (PostgreSQL) or ` (SQLite).
      name: 'SQL statement',
      pattern:
        /\b(?:select\b[\s\S]{0,200}?\bfrom\s+[`"]\w+[`"]|insert\s+into\s+[`"]\w+[`"]|update\s+[`"]\w+[`"]\s+set|delete\s+from\s+[`"]\w+[`"])/i,
    },
    {
      name: 'database error',
      pattern:
        /\b(?:SQLITE_\w+|knex|violates (?:unique|foreign key|not-null) constraint|relation "[^"]+" does not exist|ECONNREFUSED|ECONNRESET|57P01|terminating connection due to administrator command)\b/i,
    },
    {
      name: 'AWS SDK error dump',
      pattern:
        /\$metadata|\$fault|httpStatusCode|extendedRequestId|"__type"|x-amzn-requestid|x-amzn-query-error/i,
    },
  ];
}

export interface Leak {
  where: string;
  kind: string;
  excerpt: string;
}

export function findLeaks(
  where: string,
  text: string,
  patterns: LeakPattern[],
): Leak[] {
  const leaks: Leak[] = [];
  for (const { name, pattern } of patterns) {
    const match = pattern.exec(text);
    if (match) {
      const start = Math.max(0, match.index - 40);
      leaks.push({
        where,
        kind: name,
        excerpt: text
          .slice(start, match.index + match[0].length + 40)
          .replace(/\s+/g, ' '),
      });
    }
  }
  return leaks;
}
