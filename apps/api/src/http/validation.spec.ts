import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { RequestValidationFailed } from './problem.exception';
import { createValidationPipe } from './validation';

class ItemDto {
  @IsString()
  name!: string;
}

class OrderDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ItemDto)
  main?: ItemDto;
}

async function fieldsRefused(body: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: OrderDto });
  } catch (error) {
    if (error instanceof RequestValidationFailed) return error.fieldErrors.map((e) => e.field);
    throw error;
  }
  return [];
}

describe('the validation pipe refuses unknown fields at every level of a DTO', () => {
  it('accepts what the DTOs declare', async () => {
    expect(await fieldsRefused({ items: [{ name: 'a' }], main: { name: 'b' } })).toEqual([]);
  });

  it('in the elements of an array of DTOs, naming each by index', async () => {
    expect(await fieldsRefused({ items: [{ name: 'a' }, { name: 'b', role: 'admin' }] })).toEqual([
      'items.1.role',
    ]);
  });

  it('in a nested DTO', async () => {
    expect(await fieldsRefused({ items: [], main: { name: 'b', admin: true } })).toEqual([
      'main.admin',
    ]);
  });

  it('at the top, next to nested ones', async () => {
    expect(await fieldsRefused({ items: [{ name: 'a', x: 1 }], y: 2 })).toEqual(
      expect.arrayContaining(['y', 'items.0.x']),
    );
  });

  it('refuses a scalar where a nested DTO is expected, naming where', async () => {
    expect(await fieldsRefused({ items: ['a'], main: 'b' })).toEqual(
      expect.arrayContaining(['items.0', 'main']),
    );
  });
});
