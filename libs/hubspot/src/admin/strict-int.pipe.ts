import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Decimal digits only: no sign, exponent, hex prefix, separator or whitespace. */
const DIGITS = /^[0-9]{1,16}$/;

/**
 * The number a text holds when it is a plain decimal integer that JavaScript represents exactly; else the
 * value as it came (so that validation reports it). `1e3`, `0x10`, ` 5`, `5.0` and 9007199254740993 are
 * not numbers here, whatever `Number()` makes of them.
 */
export function parseStrictInt(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !DIGITS.test(value)) return value;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
}

export interface StrictIntOptions {
  /** Named in the 400 message. */
  name: string;
  min?: number;
  max?: number;
}

/** A path or query integer, parsed strictly and bounded (400 otherwise). */
@Injectable()
export class StrictIntPipe implements PipeTransform<unknown, number> {
  private readonly min: number;
  private readonly max: number;

  constructor(private readonly options: StrictIntOptions) {
    this.min = options.min ?? 1;
    this.max = options.max ?? Number.MAX_SAFE_INTEGER;
  }

  transform(value: unknown): number {
    const parsed = parseStrictInt(value);
    if (
      typeof parsed !== 'number' ||
      !Number.isSafeInteger(parsed) ||
      parsed < this.min ||
      parsed > this.max
    ) {
      throw new BadRequestException(
        `${this.options.name} must be a whole number from ${this.min} to ${this.max}, in decimal digits`,
      );
    }
    return parsed;
  }
}
