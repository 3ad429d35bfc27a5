import { InvalidPageRequest } from '../phone-number/phone-number.errors';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { aPhoneNumber } from '../testing/phone-number.builder';
import { ListPhoneNumbers } from './list-phone-numbers.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '33333333-3333-4333-8333-333333333333';

async function setUp() {
  const repository = new InMemoryPhoneNumberRepository();
  const numbers = ['+14155550103', '+12125550101', '+13105550102', '+16465550104', '+17185550105'];
  await repository.insertMany(
    numbers.map((n) => aPhoneNumber().withOrganization(ORG).withNumber(n).build()),
  );
  await repository.save(
    aPhoneNumber().withOrganization(OTHER_ORG).withNumber('+12025550100').build(),
  );
  return { repository, list: new ListPhoneNumbers(repository), sorted: [...numbers].sort() };
}

describe('ListPhoneNumbers', () => {
  it("returns the organization's whole list, in E.164 order, when no limit is given", async () => {
    const { list, sorted } = await setUp();

    const page = await list.execute({ organizationId: ORG });

    expect(page.items.map((n) => n.number)).toEqual(sorted);
    expect(page.nextCursor).toBeNull();
  });

  it('walks keyset pages to the end, each number exactly once', async () => {
    const { list, sorted } = await setUp();

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await list.execute({ organizationId: ORG, limit: 2, after });
      seen.push(...page.items.map((n) => n.number));
      after = page.nextCursor;
      pages++;
    } while (after);

    expect(seen).toEqual(sorted);
    expect(pages).toBe(3);
  });

  it('has no next page when the last page is exactly full', async () => {
    const { list } = await setUp();

    await expect(list.execute({ organizationId: ORG, limit: 5 })).resolves.toMatchObject({
      nextCursor: null,
    });
    await expect(list.execute({ organizationId: ORG, limit: 4 })).resolves.toMatchObject({
      nextCursor: '16465550104',
    });
  });

  it.each([0, -1, 1001, 2.5, Number.NaN])('refuses limit %p', async (limit) => {
    const { list } = await setUp();

    await expect(list.execute({ organizationId: ORG, limit })).rejects.toThrow(InvalidPageRequest);
  });

  it.each(['abc', '0123', '+1415', '1'.repeat(20)])('refuses the cursor %j', async (after) => {
    const { list } = await setUp();

    await expect(list.execute({ organizationId: ORG, limit: 2, after })).rejects.toMatchObject({
      code: 'invalid_page_request',
      params: { field: 'after', value: after },
    });
  });
});
