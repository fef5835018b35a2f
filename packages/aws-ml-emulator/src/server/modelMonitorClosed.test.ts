import {
  CreateMonitoringScheduleCommand,
  ListMonitoringSchedulesCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import { validateFaultConfig } from './faults';
import {
  EU,
  PRIMARY,
  failure,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

const schedule = (name: string) =>
  new CreateMonitoringScheduleCommand({
    MonitoringScheduleName: name,
    MonitoringScheduleConfig: {
      MonitoringType: 'DataQuality',
      MonitoringJobDefinitionName: 'does-not-matter',
    },
  });

describe('an account to which Model Monitor is closed', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({
      faults: { modelMonitorClosedAccounts: [PRIMARY.account] },
    });
  });
  afterAll(() => emulator.stop());

  it('is refused create calls with an AccessDeniedException saying Model Monitor is closed to new customers', async () => {
    const error = await failure(
      sageMaker(emulator).send(schedule('closed-account-schedule')),
    );
    expect(error).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(error.message).toContain(
      'Model Monitor is no longer open to new customers',
    );
    expect(error.message).toContain('CreateMonitoringSchedule');
    expect(emulator.stats().operations.CreateMonitoringSchedule).toMatchObject({
      denied: 1,
    });
  });

  it('still answers reads, and other accounts may create', async () => {
    const list = await sageMaker(emulator).send(
      new ListMonitoringSchedulesCommand({ MaxResults: 1 }),
    );
    expect(list.MonitoringScheduleSummaries).toBeDefined();
    const other = await failure(sageMaker(emulator, EU).send(schedule('x')));
    // refused for its input, not for Model Monitor being closed
    expect(other.message).not.toContain('no longer open');
  });

  it('is validated', () => {
    expect(() =>
      validateFaultConfig({ modelMonitorClosedAccounts: ['12'] }),
    ).toThrow(/12-digit/);
    expect(
      validateFaultConfig({ modelMonitorClosedAccounts: ['123456789012'] }),
    ).toEqual({ modelMonitorClosedAccounts: ['123456789012'] });
  });
});
