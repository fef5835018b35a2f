import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  DriftItem,
  ModelReport,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { SourceWarnings } from '../shared/SourceWarnings';
import { DriftChart } from './DriftChart';
import { DriftTable, driftKey, sortDrift } from './DriftTable';
import { Card } from '../shared/Card';

/** Breached features, or else the three most drifted, start in the chart. */
function initialSelection(items: DriftItem[]): string[] {
  const breached = items.filter(item => item.breached);
  const pick =
    breached.length > 0 ? breached : sortDrift(items, 'latest').slice(0, 3);
  return pick.map(driftKey);
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
      {items.length === 0 ? (
        <Typography variant="body2">
          No drift scores for this model. They come from a data-quality
          monitoring schedule that publishes CloudWatch metrics
          (feature_baseline_drift_&lt;feature&gt;), or from a custom drift
          metric named in the ml-observability/metrics annotation.
        </Typography>
      ) : (
        <>
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
