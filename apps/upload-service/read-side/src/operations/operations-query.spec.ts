import * as E from 'fp-ts/Either';
import { DEFAULT_SESSIONS_PAGE, parseSessionsQuery } from './operations-query';

const now = new Date('2026-12-05T12:00:00.000Z');
const parse = (raw: unknown) => parseSessionsQuery('org-1', raw, now);

describe('parseSessionsQuery', () => {
  it('takes every filter, a duration or an instant for the time range, and the default page size', () => {
    expect(
      parse({
        state: 'ACTIVE',
        dialect: 'vsphere',
        name: ' iso ',
        since: '2h',
        until: '2026-12-05',
        after: '00000000000000000007',
      }),
    ).toEqual(
      E.right({
        organizationId: 'org-1',
        limit: DEFAULT_SESSIONS_PAGE,
        state: 'ACTIVE',
        dialect: 'vsphere',
        name: 'iso',
        since: '2026-12-05T10:00:00.000Z',
        until: '2026-12-05T00:00:00.000Z',
        after: '00000000000000000007',
      }),
    );
  });

  it('treats empty parameters (an unset form field) as absent', () => {
    expect(parse({ state: '', dialect: '', name: '', limit: '5' })).toEqual(
      E.right({ organizationId: 'org-1', limit: 5 }),
    );
  });

  it.each([
    [{ state: 'RUNNING' }, 'state'],
    [{ dialect: 'rest' }, 'dialect'],
    [{ since: 'yesterday' }, 'since'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '201' }, 'limit'],
    [{ after: 'x; DROP TABLE' }, 'after'],
    [{ name: ['a', 'b'] }, 'name'],
  ])('refuses %j naming %s', (raw, field) => {
    const parsed = parse(raw);
    expect(E.isLeft(parsed) && parsed.left._tag === 'InvalidAuditQuery' && parsed.left.message).toContain(
      field,
    );
  });
});
