import { METHOD_LEGEND, METHOD_NAMES, TERM_LEGEND, legendLines, methodByName, methodMeaning } from '@tlkit/experiment';
import { CONSTANT, constantReference } from '../src/methods/constant.js';

describe('the legend of method names', () => {
  it('explains every method the registry serves, with the summary the reports print', () => {
    for (const name of METHOD_NAMES) {
      expect(METHOD_LEGEND[name]).toEqual(expect.stringMatching(/\w{3}/));
      expect(methodByName(name).summary).toBe(METHOD_LEGEND[name]);
    }
    expect(constantReference.summary).toBe(METHOD_LEGEND[CONSTANT]);
    // Nothing in the legend that the registry does not serve (besides the constant reference row).
    expect(Object.keys(METHOD_LEGEND).sort()).toEqual([...METHOD_NAMES, CONSTANT].sort());
  });

  it('explains restricted auto and the words of the reports', () => {
    expect(methodMeaning('auto:target-only+param')).toMatch(/^auto over target-only, param only: chooses/);
    expect(methodByName('auto:target-only+param').summary).toBe(methodMeaning('auto:target-only+param'));
    expect(methodMeaning('magic')).toBeUndefined();
    expect(methodMeaning('toString')).toBeUndefined();
    for (const term of ['no transfer', 'LogME', 'param λ', '95% CI']) expect(TERM_LEGEND[term]).toEqual(expect.any(String));
  });

  it('prints one aligned line per name for command-line help', () => {
    const lines = legendLines(['param', 'feature:coral']);
    expect(lines).toEqual([`  param          ${METHOD_LEGEND.param}`, `  feature:coral  ${METHOD_LEGEND['feature:coral']}`]);
  });
});
