import { parseModelAnnotations } from '@mlobs/backstage-plugin-ml-observability-common';
import { badEntity, badModels } from './badCatalog';

describe('the bad catalog models', () => {
  it('with a bad endpoint name or ARN each break the annotation rule the catalog module reports', () => {
    const annotationProblems = badModels().filter(m =>
      m.problem.startsWith('endpoint name '),
    );
    expect(
      annotationProblems.filter(m => m.problem.includes('arn:')),
    ).toHaveLength(3);
    for (const model of annotationProblems) {
      const parsed = parseModelAnnotations(
        badEntity(model, 'file:/tmp/catalog-info.yaml'),
        { region: 'us-east-1', accountId: '123456789012' },
      );
      expect({ problem: model.problem, ok: parsed.ok }).toEqual({
        problem: model.problem,
        ok: false,
      });
    }
  });
});
