/**
 * A larger local-tenant seed for the reliability runs: the Contoso seed plus many plain users (no role,
 * no unit, an alternate address to mail) and many tenant-wide Helpdesk Administrators, so every
 * simulated admin has its own requester and every reset its own target.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Contoso seed the generated one extends. */
export const CONTOSO_SEED = path.resolve(__dirname, '..', 'src', 'local', 'tenant', 'seed', 'contoso.json');

const HELPDESK_ROLE = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

/** A generated person, as drivers need it. */
export interface SeedPerson {
  readonly id: string;
  readonly upn: string;
  readonly displayName: string;
  readonly otherMail: string;
}

/** What was written. */
export interface GeneratedSeed {
  readonly file: string;
  readonly admins: readonly SeedPerson[];
  readonly users: readonly SeedPerson[];
}

interface SeedFile {
  tenant: { domains: { name: string; isDefault?: boolean }[] };
  users: Record<string, unknown>[];
  roleAssignments: Record<string, unknown>[];
}

/** Writes `file`: Contoso plus `users` plain users and `admins` Helpdesk Administrators. */
export function writeLargeSeed(file: string, counts: { users: number; admins: number }): GeneratedSeed {
  const seed = JSON.parse(readFileSync(CONTOSO_SEED, 'utf8')) as SeedFile;
  const domain = seed.tenant.domains.find((d) => d.isDefault)?.name ?? seed.tenant.domains[0].name;
  const make = (kind: 'user' | 'admin', index: number): SeedPerson => {
    const number = String(index + 1).padStart(4, '0');
    // Names carry no banned word and are unique, so a search by UPN finds exactly one user.
    const given = kind === 'user' ? 'Rel' : 'Desk';
    const surname = kind === 'user' ? `User${number}` : `Admin${number}`;
    return {
      id: randomUUID(),
      upn: `${given.toLowerCase()}.${surname.toLowerCase()}@${domain}`,
      displayName: `${given} ${surname}`,
      otherMail: `${given.toLowerCase()}.${surname.toLowerCase()}@example.net`,
    };
  };
  const users = Array.from({ length: counts.users }, (_, i) => make('user', i));
  const admins = Array.from({ length: counts.admins }, (_, i) => make('admin', i));
  for (const person of [...users, ...admins]) {
    const [givenName, surname] = person.displayName.split(' ');
    seed.users.push({
      id: person.id,
      displayName: person.displayName,
      givenName,
      surname,
      userPrincipalName: person.upn,
      mail: person.upn,
      otherMails: [person.otherMail],
      userType: 'Member',
      accountEnabled: true,
      onPremisesSyncEnabled: null,
      preferredLanguage: 'en-US',
    });
  }
  for (const admin of admins) {
    seed.roleAssignments.push({
      principalId: admin.id,
      roleTemplateId: HELPDESK_ROLE,
      directoryScopeId: '/',
      status: 'active',
    });
  }
  writeFileSync(file, JSON.stringify(seed, null, 2));
  return { file, admins, users };
}
