import {
  parseRunbook,
  severityRulesOf,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  MALFORMED_ACTIONS,
  malformed,
  RECOMMENDER_RUNBOOK,
  SEARCH_RUNBOOK,
  validBefore,
} from './actionRunbooks';

describe('the runbooks of the actions part', () => {
  it('are valid where they must be, with the actions the cases run', () => {
    const actions = (text: string) => {
      const parsed = parseRunbook(text);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return severityRulesOf(parsed.runbook).map(r => r.action?.id);
    };
    expect(actions(RECOMMENDER_RUNBOOK)).toEqual(['severity-1', 'severity-2']);
    expect(actions(SEARCH_RUNBOOK)).toEqual(['severity-1']);
    for (const m of MALFORMED_ACTIONS)
      expect(actions(validBefore(m.model))).toEqual(['severity-1', undefined]);
  });

  it('each break exactly the field the part expects the validation to name', () => {
    for (const m of MALFORMED_ACTIONS) {
      const parsed = parseRunbook(malformed(m));
      expect({ model: m.model, ok: parsed.ok }).toEqual({
        model: m.model,
        ok: false,
      });
      if (parsed.ok) continue;
      expect({ model: m.model, paths: parsed.errors.map(e => e.path) }).toEqual(
        {
          model: m.model,
          paths: [expect.stringContaining(m.field)],
        },
      );
    }
  });
});
