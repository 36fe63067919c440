import type { UserRow } from './auth.repo.ts';

/**
 * Who runs a command-line tool without naming an account (`npm run export`, `npm run concept`):
 * someone with access to the server, who sees what an admin sees. Audit rows name no user id.
 */
export const CLI_OPERATOR: UserRow = {
  id: 0,
  username: '(Kommandozeile)',
  displayName: null,
  passwordHash: '',
  role: 'admin',
  fieldsOfAction: [],
  processes: [],
  disabledAt: null,
  createdAt: '',
};
