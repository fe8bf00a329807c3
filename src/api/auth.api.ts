import { logIn, logOut } from '../admin/auth.js';
import type { Config } from '../config.js';
import { authenticate } from '../modules/users/auth.service.js';
import { ROLES } from '../modules/users/roles.js';
import { Api } from './endpoint.js';
import { ErrorBody, z } from './schemas.js';

export const Me = z
  .object({
    id: z.number().int(),
    email: z.string(),
    fullName: z.string(),
    roles: z.array(z.enum(ROLES)),
    authVia: z.enum(['session', 'token']).openapi({ description: 'How this request was authenticated' }),
  })
  .openapi('Me');

const LoginBody = z.object({ email: z.string().max(254), password: z.string().max(200) });

/** POST /auth/login, POST /auth/logout, GET /auth/me: the panel's session, with its rate limit, for API clients. */
export function authApi(api: Api, config: Config): void {
  const limits = { maxAttempts: config.LOGIN_MAX_ATTEMPTS, maxAttemptsPerIp: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowMinutes: config.LOGIN_WINDOW_MINUTES, hashRounds: config.limits.hashRounds };

  api.add({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Sign in with e-mail and password; sets the session cookie (a new session id)',
    description: 'Shares the panel\'s session store and failed-attempt limit (429 past it). Wrong credentials and inactive accounts get the same 401.',
    public: true,
    body: LoginBody,
    responses: {
      200: { description: 'Signed in', schema: Me },
      401: { description: 'Wrong e-mail or password', schema: ErrorBody },
      429: { description: 'Too many attempts', schema: ErrorBody },
    },
    handler: async ({ req, body }) => {
      const user = await authenticate(body.email, body.password, req.ip ?? 'unknown', limits);
      await logIn(req, user);
      return { json: { id: user.id, email: user.email, fullName: user.title, roles: user.roles, authVia: 'session' } };
    },
  });

  api.add({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'End the session (with a token: nothing to end; revoke the token instead)',
    idempotent: false, // ending a session twice is harmless; it changes no data
    responses: { 204: { description: 'Signed out' } },
    handler: async ({ req }) => {
      if (req.authVia === 'session') await logOut(req);
      return { status: 204 };
    },
  });

  api.add({
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Who the request acts for',
    responses: { 200: { description: 'The current user', schema: Me } },
    handler: async ({ req, actor }) => ({
      json: { id: actor.id, email: actor.email, fullName: (actor as { title?: string }).title ?? actor.email, roles: actor.roles, authVia: req.authVia ?? 'session' },
    }),
  });
}
