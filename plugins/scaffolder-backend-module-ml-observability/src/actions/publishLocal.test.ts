import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { runAction, temporaryDirectory } from '../__testUtils__/aws';
import { publishLocalAction } from './publishLocal';
import { registerLocalAction } from './registerLocal';
import { readActionSettings } from './settings';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pricing-v3
spec: { type: ml-model, lifecycle: production, owner: ml-platform-team }
`;

describe('mlobs:publish:local and mlobs:catalog:register-local', () => {
  let dir: { path: string; remove(): Promise<void> };
  let workspace: string;
  let root: string;

  beforeEach(async () => {
    dir = await temporaryDirectory('mlobs-publish-');
    workspace = join(dir.path, 'workspace');
    root = join(dir.path, 'published');
    await mkdir(join(workspace, 'docs'), { recursive: true });
    await writeFile(join(workspace, 'catalog-info.yaml'), CATALOG_INFO);
    await writeFile(
      join(workspace, 'runbook.yaml'),
      'model_name: pricing-v3\n',
    );
    await writeFile(join(workspace, 'docs', 'index.md'), '# pricing-v3\n');
  });

  afterEach(async () => {
    await dir.remove();
  });

  const settings = () =>
    readActionSettings(
      new ConfigReader({
        mlObservability: { localPublish: { rootDirectory: root } },
      }),
    );

  it('publishes the workspace under the root, then changes nothing', async () => {
    const action = publishLocalAction({ settings: settings() });
    const first = await runAction(
      action,
      { targetPath: 'models/pricing-v3' },
      { workspacePath: workspace },
    );
    expect(first.outputs).toEqual({
      status: 'created',
      directory: join(root, 'models', 'pricing-v3'),
      catalogInfoPath: 'models/pricing-v3/catalog-info.yaml',
      catalogLocation: 'mlobs-local:models/pricing-v3/catalog-info.yaml',
    });
    await expect(
      readFile(join(root, 'models', 'pricing-v3', 'docs', 'index.md'), 'utf8'),
    ).resolves.toBe('# pricing-v3\n');
    const second = await runAction(
      action,
      { targetPath: 'models/pricing-v3' },
      { workspacePath: workspace },
    );
    expect(second.outputs.status).toBe('unchanged');
  });

  it('refuses to replace different content unless told to', async () => {
    const action = publishLocalAction({ settings: settings() });
    await runAction(
      action,
      { targetPath: 'pricing-v3' },
      { workspacePath: workspace },
    );
    await writeFile(
      join(workspace, 'runbook.yaml'),
      'model_name: pricing-v4\n',
    );
    await expect(
      runAction(
        action,
        { targetPath: 'pricing-v3' },
        { workspacePath: workspace },
      ),
    ).rejects.toThrow(
      /already exists with other content \(runbook\.yaml \(changed\)\)/,
    );
    const { outputs } = await runAction(
      action,
      { targetPath: 'pricing-v3', overwrite: true },
      { workspacePath: workspace },
    );
    expect(outputs.status).toBe('updated');
    await expect(
      readFile(join(root, 'pricing-v3', 'runbook.yaml'), 'utf8'),
    ).resolves.toBe('model_name: pricing-v4\n');
  });

  it('writes nothing in a dry run', async () => {
    const { outputs } = await runAction(
      publishLocalAction({ settings: settings() }),
      { targetPath: 'pricing-v3' },
      {
        workspacePath: workspace,
        dryRun: true,
      },
    );
    expect(outputs.status).toBe('would-create');
    await expect(
      readFile(join(root, 'pricing-v3', 'catalog-info.yaml')),
    ).rejects.toThrow(/ENOENT/);
  });

  it('stays inside the root and the workspace, and publishes plain files only', async () => {
    const action = publishLocalAction({ settings: settings() });
    await expect(
      runAction(
        action,
        { targetPath: '../escape' },
        { workspacePath: workspace },
      ),
    ).rejects.toThrow('must stay inside');
    await expect(
      runAction(
        action,
        { targetPath: 'x', sourcePath: '../..' },
        { workspacePath: workspace },
      ),
    ).rejects.toThrow('sourcePath "../.." must stay inside the task workspace');
    await symlink('/etc/hostname', join(workspace, 'link'));
    const { logger } = await runAction(
      action,
      { targetPath: 'with-link' },
      { workspacePath: workspace },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'skipped link: not a regular file',
    );
    await expect(readFile(join(root, 'with-link', 'link'))).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('needs a configured root', async () => {
    await expect(
      runAction(
        publishLocalAction({
          settings: readActionSettings(new ConfigReader({})),
        }),
        { targetPath: 'x' },
        { workspacePath: workspace },
      ),
    ).rejects.toThrow(
      'mlobs:publish:local needs mlObservability.localPublish.rootDirectory',
    );
  });

  it('registers the published file after the catalog accepted a dry run', async () => {
    await runAction(
      publishLocalAction({ settings: settings() }),
      { targetPath: 'pricing-v3' },
      { workspacePath: workspace },
    );
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn(async request => ({
        location: {
          id: '1',
          type: request.type ?? 'url',
          target: request.target,
          entityRef: 'location:default/generated-abc',
        },
        entities: request.dryRun
          ? [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Location',
                metadata: { name: 'generated-abc' },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'pricing-v3', namespace: 'default' },
              },
            ]
          : [],
      })),
    });
    const action = registerLocalAction({ settings: settings(), catalog });
    const { outputs } = await runAction(
      action,
      { catalogInfoPath: 'pricing-v3/catalog-info.yaml' },
      { workspacePath: workspace },
    );
    expect(outputs).toEqual({
      locationRef: 'mlobs-local:pricing-v3/catalog-info.yaml',
      status: 'registered',
      entityRef: 'component:default/pricing-v3',
    });
    expect(catalog.addLocation.mock.calls.map(c => c[0])).toEqual([
      {
        type: 'mlobs-local',
        target: 'pricing-v3/catalog-info.yaml',
        dryRun: true,
      },
      { type: 'mlobs-local', target: 'pricing-v3/catalog-info.yaml' },
    ]);

    catalog.addLocation.mockImplementation(async request => {
      if (!request.dryRun)
        throw Object.assign(new Error('Location already exists'), {
          name: 'ConflictError',
        });
      return {
        location: {
          id: '1',
          type: request.type ?? 'url',
          target: request.target,
          entityRef: 'location:default/generated-abc',
        },
        entities: [],
      };
    });
    const again = await runAction(
      action,
      { catalogInfoPath: 'pricing-v3/catalog-info.yaml' },
      { workspacePath: workspace },
    );
    expect(again.outputs.status).toBe('already-registered');

    catalog.addLocation.mockRejectedValue(
      new Error(
        'component:default/pricing-v3: aws.amazon.com/account-id "1" is not valid',
      ),
    );
    await expect(
      runAction(
        action,
        { catalogInfoPath: 'pricing-v3/catalog-info.yaml' },
        { workspacePath: workspace },
      ),
    ).rejects.toThrow(
      'The catalog refuses mlobs-local:pricing-v3/catalog-info.yaml: component:default/pricing-v3: aws.amazon.com/account-id "1" is not valid',
    );

    const dry = await runAction(
      action,
      { catalogInfoPath: 'other/catalog-info.yaml' },
      { workspacePath: workspace, dryRun: true },
    );
    expect(dry.outputs).toEqual({
      locationRef: 'mlobs-local:other/catalog-info.yaml',
      status: 'would-register',
    });
  });
});
