import {
  describeShift,
  sameRouting,
  shiftedWeights,
  withShares,
} from './weights';

describe('traffic shift weights', () => {
  const before = withShares([
    { variant: 'champion', weight: 1 },
    { variant: 'popularity-fallback', weight: 0 },
  ]);

  it('gives all traffic to the fallback by default share 1', () => {
    const after = shiftedWeights(before, 'popularity-fallback', 1);
    expect(after).toEqual([
      { variant: 'champion', weight: 0, trafficPercent: 0 },
      { variant: 'popularity-fallback', weight: 1, trafficPercent: 100 },
    ]);
    expect(describeShift(before, after)).toBe(
      'champion 100% → 0%, popularity-fallback 0% → 100%',
    );
  });

  it('keeps the proportions of the other variants for the rest', () => {
    const three = withShares([
      { variant: 'a', weight: 3 },
      { variant: 'b', weight: 1 },
      { variant: 'fallback', weight: 0 },
    ]);
    const after = shiftedWeights(three, 'fallback', 0.2);
    expect(after.map(w => w.trafficPercent)).toEqual([60, 20, 20]);
  });

  it('splits the rest evenly when the others had no traffic', () => {
    const idle = withShares([
      { variant: 'a', weight: 0 },
      { variant: 'b', weight: 0 },
      { variant: 'fallback', weight: 1 },
    ]);
    expect(
      shiftedWeights(idle, 'fallback', 0.5).map(w => w.trafficPercent),
    ).toEqual([25, 25, 50]);
  });

  it('compares routing by share, not by raw weight', () => {
    expect(
      sameRouting(
        withShares([
          { variant: 'a', weight: 2 },
          { variant: 'b', weight: 2 },
        ]),
        withShares([
          { variant: 'a', weight: 0.5 },
          { variant: 'b', weight: 0.5 },
        ]),
      ),
    ).toBe(true);
    expect(sameRouting(before, shiftedWeights(before, 'champion', 0.5))).toBe(
      false,
    );
  });
});
