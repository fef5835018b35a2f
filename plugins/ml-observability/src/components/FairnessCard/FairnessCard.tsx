import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import { Card } from '../shared/Card';
import { SourceWarnings } from '../shared/SourceWarnings';
import { AttributionTable, BiasTable } from './FairnessTables';

const CLARIFY_TYPES = new Set(['ModelBias', 'ModelExplainability']);

/**
 * Whether the tab shows the card: the model has bias or attribution values,
 * or a ModelBias / ModelExplainability schedule that should produce them.
 */
export function hasFairness(report: ModelReport): boolean {
  return (
    (report.fairness?.bias.length ?? 0) > 0 ||
    (report.fairness?.attribution.length ?? 0) > 0 ||
    report.monitoringSchedules.some(s => CLARIFY_TYPES.has(s.type))
  );
}

/** Bias per metric and facet against the runbook's bounds, and the features whose attribution moved most. */
export function FairnessCard(props: { report: ModelReport }) {
  const { report } = props;
  const bias = report.fairness?.bias ?? [];
  const attribution = report.fairness?.attribution ?? [];
  const total = report.fairness?.attributionCount ?? 0;
  const breached = bias.filter(b => b.breached).length;
  const silent = report.monitoringSchedules.filter(
    s => CLARIFY_TYPES.has(s.type) && s.publishesMetrics === false,
  );
  return (
    <Card title="Fairness and attribution">
      <SourceWarnings sources={report.sources} card="fairness" />
      {bias.length === 0 && attribution.length === 0 ? (
        <>
          <Typography variant="body2">
            No bias or attribution values yet. They come from ModelBias and
            ModelExplainability monitoring schedules that publish CloudWatch
            metrics, once an execution completes.
          </Typography>
          {silent.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              {`${silent
                .map(s => s.name)
                .join(
                  ', ',
                )} publishes no CloudWatch metrics (publish_cloudwatch_metrics is off), so its results cannot be shown here.`}
            </Typography>
          )}
        </>
      ) : (
        <>
          <Typography variant="subtitle1" component="h3">
            Bias by facet
          </Typography>
          {bias.length === 0 ? (
            <Typography variant="body2">
              No bias metrics for this model.
            </Typography>
          ) : (
            <>
              <Typography variant="body2" color="textSecondary">
                {breached > 0
                  ? `${breached} of ${bias.length} bias values outside the runbook's bounds (monitoring_config.bias).`
                  : `${bias.length} bias values; none outside the runbook's bounds (monitoring_config.bias).`}
              </Typography>
              <BiasTable items={bias} />
            </>
          )}
          <Box mt={3}>
            <Typography variant="subtitle1" component="h3">
              Features whose attribution moved most
            </Typography>
            {attribution.length === 0 ? (
              <Typography variant="body2">
                No feature attribution for this model.
              </Typography>
            ) : (
              <>
                <Typography variant="body2" color="textSecondary">
                  {`Top ${attribution.length} of ${total} features by the change of their attribution (global SHAP value) between the earliest and the latest value in the selected range.`}
                </Typography>
                <AttributionTable items={attribution} />
              </>
            )}
          </Box>
        </>
      )}
    </Card>
  );
}
