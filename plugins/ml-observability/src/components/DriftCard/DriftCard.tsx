import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  DriftCoverage,
  DriftItem,
  ModelReport,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { SourceWarnings } from '../shared/SourceWarnings';
import { ScheduleListNote } from '../shared/ScheduleListNote';
import { DriftChart } from './DriftChart';
import { DriftTable, driftKey, sortDrift } from './DriftTable';
import { Card } from '../shared/Card';

/** Breached features, or else the three most drifted, start in the chart. */
function initialSelection(items: DriftItem[]): string[] {
  const breached = items.filter(item => item.breached);
  const pick =
    breached.length > 0
      ? breached
      : sortDrift(
          items.filter(item => item.latest !== undefined),
          'latest',
        ).slice(0, 3);
  return pick.map(driftKey);
}

const count = (n: number) => n.toLocaleString('en-US');

/** "2 of 5 features above their threshold (40%)", and how many have no data yet. */
export function driftedShare(items: DriftItem[]): string {
  const scored = items.filter(item => item.latest !== undefined);
  const breached = scored.filter(item => item.breached).length;
  const parts: string[] = [];
  if (scored.length > 0) {
    parts.push(
      `${count(breached)} of ${count(scored.length)} feature${
        scored.length === 1 ? '' : 's'
      } above ${scored.length === 1 ? 'its' : 'their'} threshold (${Math.round(
        (breached / scored.length) * 100,
      )}%)`,
    );
  }
  const empty = items.length - scored.length;
  if (empty > 0) parts.push(`${count(empty)} without data yet`);
  return `${parts.join('; ')}.`;
}

function sourceText(c: DriftCoverage): string {
  const dims = c.dimensions.map(d => `${d.name}=${d.value}`).join(', ');
  const shape =
    c.shape === 'dimension'
      ? `${c.metricName} by ${c.featureDimension}`
      : `${c.prefix}<feature>`;
  return `${c.namespace}${dims ? ` (${dims})` : ''}, ${shape}`;
}

/** What a custom drift source shows: all its features, the capped part, or nothing found yet. */
export function coverageText(c: DriftCoverage): string {
  const source = sourceText(c);
  if (c.found === undefined)
    return `Your drift job in ${source}: features not discovered yet.`;
  if (c.found === 0)
    return `Your drift job in ${source}: no drift metrics found in CloudWatch.`;
  if (c.found > c.shown)
    return `Your drift job in ${source}: showing ${count(c.shown)} of ${count(
      c.found,
    )} features (the first by name); cap maxFeatures=${count(c.cap)}.`;
  return `Your drift job in ${source}: all ${count(c.found)} feature${
    c.found === 1 ? '' : 's'
  }.`;
}

/** Per-feature drift: a sortable table and the chosen features over time. */
export function DriftCard(props: { report: ModelReport; range: TimeRange }) {
  const { report, range } = props;
  const items = report.drift;
  const [selected, setSelected] = useState(() => initialSelection(items));
  // By item, not feature: a model served in several regions has each feature once per endpoint.
  const toggle = (key: string) =>
    setSelected(current =>
      current.includes(key)
        ? current.filter(f => f !== key)
        : [...current, key],
    );
  const charted = items.filter(item => selected.includes(driftKey(item)));

  return (
    <Card title="Drift">
      <SourceWarnings sources={report.sources} card="drift" />
      <ScheduleListNote report={report} part="drift" />
      {(report.driftCoverage ?? []).map(c => (
        <Typography
          key={`${c.namespace}|${sourceText(c)}`}
          variant="body2"
          color={
            c.found !== undefined && c.found > c.shown
              ? 'error'
              : 'textSecondary'
          }
          data-testid="drift-coverage"
        >
          {coverageText(c)}
        </Typography>
      ))}
      {items.length === 0 ? (
        <Typography variant="body2">
          No drift scores for this model. They come from a data-quality
          monitoring schedule that publishes CloudWatch metrics
          (feature_baseline_drift_&lt;feature&gt;), or from your own drift job
          declared with drift=dimension:&lt;Dimension&gt; or
          drift=pattern:&lt;prefix&gt; in the ml-observability/metrics
          annotation.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" gutterBottom data-testid="drift-share">
            {driftedShare(items)}
          </Typography>
          <DriftTable items={items} selected={selected} onToggle={toggle} />
          <Box mt={3}>
            {charted.length > 0 ? (
              <DriftChart items={charted} range={range} />
            ) : (
              <Typography variant="body2" color="textSecondary">
                Select features in the table to chart their drift over time.
              </Typography>
            )}
          </Box>
        </>
      )}
    </Card>
  );
}
