import { useState } from 'react';
import { EmptyState, Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import type { TimeRange } from '@mlobs/backstage-plugin-ml-observability-common';
import { useActionRuns } from '../../hooks/useActionRuns';
import { useAlertHistory } from '../../hooks/useAlertHistory';
import { DEFAULT_RANGE, useModelReport } from '../../hooks/useModelReport';
import { useModelSignal } from '../../hooks/useModelSignal';
import { AlarmsCard } from '../AlarmsCard/AlarmsCard';
import { AlertHistoryCard } from '../AlertHistoryCard/AlertHistoryCard';
import { DriftCard } from '../DriftCard/DriftCard';
import { FairnessCard, hasFairness } from '../FairnessCard/FairnessCard';
import { HealthHeader } from '../HealthHeader/HealthHeader';
import { MonitoringCard } from '../MonitoringCard/MonitoringCard';
import { OwnershipCard } from '../OwnershipCard/OwnershipCard';
import { QualityCard } from '../QualityCard/QualityCard';
import { RunbookActionsCard } from '../RunbookActions/RunbookActionsCard';
import { ReportError } from './ErrorStates';
import { RefreshError } from './RefreshError';

/** The report of one model, in every state it can be in. */
export function ModelObservability(props: { entityRef: string }) {
  const { entityRef } = props;
  const [range, setRange] = useState<TimeRange>(DEFAULT_RANGE);
  const state = useModelReport(entityRef, range);
  const [refreshError, setRefreshError] = useState<unknown>();
  const alerts = useAlertHistory(entityRef);
  // Only a runbook with a structured action has runs to list.
  const hasActions =
    state.report?.escalation.severityRules.some(rule => rule.action) ?? false;
  const actionRuns = useActionRuns(entityRef, hasActions);
  // An alarm of the model changed state: an open tab shows it without a reload.
  useModelSignal(entityRef, () => {
    state.reload();
    alerts.reload();
    actionRuns.reload();
  });
  // A run started from this tab started or ended: the endpoint's weights and the audit list changed.
  const onActionRunChange = () => {
    state.reload();
    actionRuns.reload();
  };

  const onRefresh = () => {
    setRefreshError(undefined);
    state.refresh().catch(setRefreshError);
  };

  if (!state.report) {
    if (state.error) {
      return (
        <ReportError
          error={state.error}
          entityRef={entityRef}
          onRetry={state.reload}
        />
      );
    }
    return <Progress />;
  }
  const { report } = state;
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        {/* Keeps the old report on screen while another range loads. */}
        {state.loading && <LinearProgress aria-label="Loading the report" />}
        <HealthHeader
          report={report}
          range={range}
          onRangeChange={setRange}
          refreshing={state.refreshing}
          onRefresh={onRefresh}
        />
        {refreshError !== undefined && (
          <RefreshError
            error={refreshError}
            onClose={() => setRefreshError(undefined)}
          />
        )}
        {state.error && (
          <ReportError
            error={state.error}
            entityRef={entityRef}
            onRetry={state.reload}
          />
        )}
      </Grid>
      {report.collectedAt === null ? (
        <>
          <Grid item xs={12}>
            <EmptyState
              missing="data"
              title="No data collected yet"
              description="The collector has not gathered this model's endpoints, metrics and alarms yet. It runs on a schedule; use Refresh now to collect it at once."
            />
          </Grid>
          <Grid item xs={12} lg={6}>
            <OwnershipCard
              report={report}
              onActionRunChange={onActionRunChange}
            />
          </Grid>
        </>
      ) : (
        <>
          <Grid item xs={12}>
            <DriftCard report={report} range={range} />
          </Grid>
          <Grid item xs={12}>
            <QualityCard report={report} range={range} />
          </Grid>
          {hasFairness(report) && (
            <Grid item xs={12}>
              <FairnessCard report={report} />
            </Grid>
          )}
          {/* alarm reasons are long sentences: the table needs the full width */}
          <Grid item xs={12}>
            <AlarmsCard report={report} />
          </Grid>
          <Grid item xs={12}>
            <AlertHistoryCard
              history={alerts.history}
              error={alerts.error}
              loading={alerts.loading}
            />
          </Grid>
          {hasActions && (
            <Grid item xs={12}>
              <RunbookActionsCard
                runs={actionRuns.runs}
                error={actionRuns.error}
                loading={actionRuns.loading}
              />
            </Grid>
          )}
          <Grid item xs={12} lg={5}>
            <OwnershipCard
              report={report}
              onActionRunChange={onActionRunChange}
            />
          </Grid>
          <Grid item xs={12} lg={7}>
            <MonitoringCard report={report} />
          </Grid>
        </>
      )}
    </Grid>
  );
}
