import type { DataSource } from 'typeorm';
import type { Role } from '../../src/modules/users/roles.js';
import { makeUser } from './factories.js';
import { Client } from './http.js';

/** A panel session (a cookie jar) of a new user with these roles; the login itself must succeed (302). */
export async function loginAs(t: { ds: DataSource; baseUrl: string }, roles: Role[]): Promise<Client> {
  const user = await makeUser(t.ds, roles);
  const client = new Client(t.baseUrl);
  expect((await client.login(user.email, user.password)).status).toBe(302);
  return client;
}
