import { isUuid } from './uuid';

describe('isUuid', () => {
  it('accepts a canonical UUID of any version, in either case', () => {
    const ids = [
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '00000000-0000-4000-8000-000000000001',
      '11111111-1111-1111-1111-111111111111',
      'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
    ];

    expect(ids.filter((id) => !isUuid(id))).toEqual([]);
  });

  it('refuses what is no UUID, which PostgreSQL would fail the query on', () => {
    const notIds = [
      '',
      'org-1',
      '7c9e6679-7425-40de-944b-e07fc1f90ae',
      '7c9e6679-7425-40de-944b-e07fc1f90aeg',
      ' 7c9e6679-7425-40de-944b-e07fc1f90ae7',
      "7c9e6679-7425-40de-944b-e07fc1f90ae7'; --",
    ];

    expect(notIds.filter(isUuid)).toEqual([]);
  });
});
