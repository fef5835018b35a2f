import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  CatalogProcessorParser,
  CatalogProcessorResult,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import {
  LocalPublishLocationProcessor,
  readLocalPublishRoot,
} from './LocalPublishLocationProcessor';

const parser: CatalogProcessorParser = async function* parse({
  data,
  location,
}) {
  yield* parseEntityYaml(data, location);
};

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: new-model
spec:
  type: ml-model
  lifecycle: experimental
  owner: ml-platform-team
`;

describe('LocalPublishLocationProcessor', () => {
  let base: string;
  let root: string;
  let processor: LocalPublishLocationProcessor;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'mlobs-local-'));
    root = join(base, 'published');
    await mkdir(join(root, 'new-model'), { recursive: true });
    await writeFile(join(root, 'new-model', 'catalog-info.yaml'), CATALOG_INFO);
    await writeFile(join(base, 'secret.yaml'), CATALOG_INFO);
    processor = new LocalPublishLocationProcessor(root);
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function read(target: string, optional = false) {
    const emitted: CatalogProcessorResult[] = [];
    const handled = await processor.readLocation(
      { type: 'mlobs-local', target },
      optional,
      r => emitted.push(r),
      parser,
    );
    return { handled, emitted };
  }

  it('emits the entities of a file under the root, located at the file itself', async () => {
    const { handled, emitted } = await read('new-model/catalog-info.yaml');
    expect(handled).toBe(true);
    expect(emitted).toEqual([
      expect.objectContaining({
        type: 'entity',
        entity: expect.objectContaining({ metadata: { name: 'new-model' } }),
        location: {
          type: 'file',
          target: join(root, 'new-model', 'catalog-info.yaml'),
        },
      }),
    ]);
  });

  it('leaves other location types to other processors', async () => {
    await expect(
      processor.readLocation(
        { type: 'file', target: join(base, 'secret.yaml') },
        false,
        () => {},
        parser,
      ),
    ).resolves.toBe(false);
  });

  it.each([
    ['../secret.yaml', 'leaves the local publish root'],
    ['new-model/../../secret.yaml', 'leaves the local publish root'],
    ['/etc/passwd', 'must be a path relative to the local publish root'],
  ])('refuses %s', async (target, message) => {
    const { handled, emitted } = await read(target);
    expect(handled).toBe(true);
    expect(emitted).toEqual([
      {
        type: 'error',
        location: { type: 'mlobs-local', target },
        error: expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining(message),
        }),
      },
    ]);
  });

  it('refuses a symbolic link leading out of the root', async () => {
    await symlink(join(base, 'secret.yaml'), join(root, 'link.yaml'));
    const { emitted } = await read('link.yaml');
    expect(emitted).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining('local publish root'),
        }),
      }),
    ]);
  });

  it('reports a missing file unless the location is optional', async () => {
    expect((await read('gone/catalog-info.yaml')).emitted).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ name: 'NotFoundError' }),
      }),
    ]);
    expect((await read('gone/catalog-info.yaml', true)).emitted).toEqual([]);
  });

  it('reads the root from config, relative to the working directory', () => {
    expect(readLocalPublishRoot(new ConfigReader({}))).toBeUndefined();
    expect(
      readLocalPublishRoot(
        new ConfigReader({
          mlObservability: { localPublish: { rootDirectory: 'x/y' } },
        }),
      ),
    ).toBe(join(process.cwd(), 'x/y'));
  });
});
