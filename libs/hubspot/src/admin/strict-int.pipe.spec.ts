import { BadRequestException } from '@nestjs/common';
import { validateAdminInput } from './admin-input.decorators';
import { ListDeadLettersQueryDto } from './dto/dead-letters.dto';
import { StartBackfillDto } from './dto/start-backfill.dto';
import { parseStrictInt, StrictIntPipe } from './strict-int.pipe';

describe('StrictIntPipe', () => {
  const pipe = new StrictIntPipe({ name: 'id', max: 4_294_967_295 });

  it('takes plain decimal digits within the bounds', () => {
    expect(pipe.transform('1')).toBe(1);
    expect(pipe.transform('4294967295')).toBe(4_294_967_295);
  });

  it.each([
    '1e3',
    '0x10',
    ' 5',
    '5 ',
    '5.0',
    '-1',
    '+1',
    '0',
    '',
    '４',
    '9007199254740993',
    '4294967296',
    'abc',
  ])('refuses %j', (value) => {
    expect(() => pipe.transform(value)).toThrow(BadRequestException);
  });

  it('leaves text that is not a safe integer as it came, for validation to report', () => {
    expect(parseStrictInt('9007199254740993')).toBe('9007199254740993');
    expect(parseStrictInt('1e3')).toBe('1e3');
    expect(parseStrictInt('12')).toBe(12);
  });
});

describe('validateAdminInput', () => {
  const fails = (type: new () => object, raw: unknown) => {
    try {
      validateAdminInput(type as never, raw, 'query');
    } catch (error) {
      return (error as BadRequestException).getResponse();
    }
    return undefined;
  };

  it('converts query numbers strictly and bounds offsets', () => {
    expect(validateAdminInput(ListDeadLettersQueryDto, { limit: '10', offset: '0' }, 'query')).toMatchObject({
      limit: 10,
      offset: 0,
    });
    expect(fails(ListDeadLettersQueryDto, { offset: '1e308' })).toBeDefined();
    expect(fails(ListDeadLettersQueryDto, { offset: '1000001' })).toBeDefined();
    expect(fails(ListDeadLettersQueryDto, { portalId: '0x10' })).toBeDefined();
    expect(fails(ListDeadLettersQueryDto, { limit: ['1', '2'] })).toBeDefined();
  });

  it('refuses unknown fields and bodies that are not objects', () => {
    expect(JSON.stringify(fails(ListDeadLettersQueryDto, { sort: 'id' }))).toContain(
      'property sort should not exist',
    );
    expect(() => validateAdminInput(StartBackfillDto, [], 'body')).toThrow(/JSON object/);
    expect(() => validateAdminInput(StartBackfillDto, { portalId: 1e308 }, 'body')).toThrow(
      BadRequestException,
    );
  });
});
