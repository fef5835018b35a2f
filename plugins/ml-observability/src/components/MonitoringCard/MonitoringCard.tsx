import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import { spansPlaces } from '../shared/placement';
import { SourceWarnings } from '../shared/SourceWarnings';
import { EndpointsTable } from './EndpointsTable';
import { SchedulesList } from './SchedulesList';
import { Card } from '../shared/Card';

/**
 * How the model is watched: endpoints with their data capture, and the
 * Model Monitor schedules with their last executions.
 */
export function MonitoringCard(props: { report: ModelReport }) {
  const { report } = props;
  return (
    <Card title="Monitoring">
      <SourceWarnings sources={report.sources} card="monitoring" />
      <Typography variant="h6" component="h3">
        Endpoints
      </Typography>
      {report.endpoints.length > 0 ? (
        <EndpointsTable endpoints={report.endpoints} />
      ) : (
        <Typography variant="body2">
          No SageMaker endpoint: this model is observed through custom
          CloudWatch metrics only.
        </Typography>
      )}
      <Box mt={2}>
        <Typography variant="h6" component="h3">
          Monitoring schedules
        </Typography>
        {report.monitoringSchedules.length > 0 ? (
          <SchedulesList
            schedules={report.monitoringSchedules}
            region={report.region}
            showPlace={spansPlaces(report.endpoints)}
          />
        ) : (
          <Typography variant="body2">
            No Model Monitor schedule watches{' '}
            {report.endpoints.length > 0
              ? [...new Set(report.endpoints.map(e => e.name))].join(', ')
              : 'this model'}
            . Drift and quality can still come from custom CloudWatch metrics.
          </Typography>
        )}
      </Box>
    </Card>
  );
}
