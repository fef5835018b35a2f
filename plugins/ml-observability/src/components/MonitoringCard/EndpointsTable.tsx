import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  DataCaptureInfo,
  EndpointInfo,
  EndpointStatus,
  sageMakerEndpointUrl,
  VariantInfo,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { StatusChip } from '../shared/StatusChip';
import type { StatusKind } from '../shared/StatusLabel';

function endpointKind(status: EndpointStatus): StatusKind {
  if (status === 'InService') return 'ok';
  if (
    status === 'Failed' ||
    status === 'UpdateRollbackFailed' ||
    status === 'OutOfService'
  )
    return 'error';
  if (status === 'unknown') return 'unknown';
  return 'warning';
}

/** A missing status is unknown (some AWS-compatible endpoints leave it out), not stopped. */
export function dataCaptureText(capture: DataCaptureInfo): string {
  if (!capture.enabled) return 'Off';
  if (capture.status === 'Stopped') return 'Stopped';
  const state = capture.status === 'Started' ? 'On' : 'On, status unknown';
  if (capture.samplingPercentage === undefined) return state;
  const configured = capture.samplingFromConfig ? ' (as configured)' : '';
  return `${state}, sampling ${capture.samplingPercentage}%${configured}`;
}

function dataCaptureKind(capture: DataCaptureInfo): StatusKind {
  if (!capture.enabled || capture.status === 'Stopped') return 'warning';
  return capture.status === 'Started' ? 'ok' : 'unknown';
}

/**
 * "AllTraffic (2 × ml.m5.large, 100% of traffic, weight 1)"; while the
 * endpoint is Updating, the weight it is moving to as well.
 */
export function variantText(variant: VariantInfo, updating = false): string {
  const moving =
    updating &&
    variant.desiredWeight !== undefined &&
    variant.desiredWeight !== variant.currentWeight;
  const details = [
    variant.instanceType &&
      `${variant.currentInstanceCount ?? '?'} × ${variant.instanceType}`,
    variant.trafficPercent !== undefined &&
      `${Number(variant.trafficPercent.toFixed(1))}% of traffic`,
    variant.currentWeight !== undefined && `weight ${variant.currentWeight}`,
    moving && `desired weight ${variant.desiredWeight}`,
  ].filter(Boolean);
  return details.length > 0
    ? `${variant.name} (${details.join(', ')})`
    : variant.name;
}

/** The model's SageMaker endpoints: status, data capture and variants. */
export function EndpointsTable(props: { endpoints: EndpointInfo[] }) {
  return (
    <Table size="small" aria-label="Endpoints">
      <TableHead>
        <TableRow>
          <TableCell>Endpoint</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Data capture</TableCell>
          <TableCell>Variants</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.endpoints.map(endpoint => {
          const capture = endpoint.dataCapture;
          const url =
            endpoint.consoleUrl ??
            sageMakerEndpointUrl(endpoint.region, endpoint.name);
          return (
            <TableRow
              key={`${endpoint.accountId}/${endpoint.region}/${endpoint.name}`}
            >
              <TableCell component="th" scope="row">
                <Link to={url}>{endpoint.name}</Link>
                <div>
                  {[endpoint.accountId, endpoint.region]
                    .filter(Boolean)
                    .join(' / ')}
                </div>
              </TableCell>
              <TableCell>
                <StatusChip
                  kind={endpointKind(endpoint.status)}
                  label={endpoint.status}
                />
                {endpoint.failureReason && <div>{endpoint.failureReason}</div>}
              </TableCell>
              <TableCell>
                <StatusChip
                  kind={dataCaptureKind(capture)}
                  label={dataCaptureText(capture)}
                />
              </TableCell>
              <TableCell>
                {[
                  ...endpoint.variants.map(v =>
                    variantText(v, endpoint.status === 'Updating'),
                  ),
                  ...endpoint.shadowVariants.map(
                    v =>
                      `shadow: ${variantText(
                        v,
                        endpoint.status === 'Updating',
                      )}`,
                  ),
                ].join('; ') || '—'}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
