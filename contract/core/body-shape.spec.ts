import { flattenShape, shapeOf } from './body-shape';

describe('body shape', () => {
  it('keeps keys and kinds, never values, and merges array elements', () => {
    const shape = shapeOf({ id: '1', total: 2, results: [{ a: 1 }, { a: null, b: true }], empty: [] });
    expect(shape).toEqual({
      empty: [],
      id: 'string',
      results: [{ a: 'null|number', b: 'boolean' }],
      total: 'number',
    });
    expect(JSON.stringify(shape)).not.toContain('"1"');
    expect([...flattenShape(shape)]).toEqual([
      ['(body)', 'object'],
      ['empty', 'array (empty)'],
      ['id', 'string'],
      ['results', 'array'],
      ['results[]', 'object'],
      ['results[].a', 'null|number'],
      ['results[].b', 'boolean'],
      ['total', 'number'],
    ]);
  });
});
