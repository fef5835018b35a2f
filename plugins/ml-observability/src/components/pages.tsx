import { Content, Header, Page } from '@backstage/core-components';
import { EscalationLookupContent } from './EscalationLookup/EscalationLookupContent';
import { FleetPageContent } from './FleetPage/FleetPageContent';

/**
 * Pages with their own header, for apps on the legacy frontend system (the
 * new system's page extensions draw the header themselves).
 */
export function FleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="ML Observability"
        subtitle="Every model you can see, worst first"
      />
      <Content>
        <FleetPageContent />
      </Content>
    </Page>
  );
}

export function EscalationLookupPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Escalation lookup"
        subtitle="From an alarm, endpoint or schedule name to the model's owner and runbook"
      />
      <Content>
        <EscalationLookupContent />
      </Content>
    </Page>
  );
}
