import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { currentUser } from '../admin/auth.js';
import { errorBody } from '../shared/http.js';
import type { Actor } from '../modules/users/permissions.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The user the request acts for (session cookie, or an API token); set by requireActor. */
    actor?: Actor;
  }
}

/** Resolves who is calling; 401 JSON when nobody is. */
export async function requireActor(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const user = await currentUser(req);
    if (!user) {
      res.status(401).json(errorBody('unauthenticated', 'Требуется вход в систему'));
      return;
    }
    req.actor = user;
    next();
  } catch (e) {
    next(e);
  }
}

/**
 * /api/v1: JSON in and out, the same services and permission table as the panel, errors as
 * `{ error: { code, message, details } }` (mapped once, in shared/http.ts). Each module adds its router here.
 */
export function apiRouter(): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(requireActor);
  // module routers are mounted here, e.g. router.use(statisticsApi());
  router.use((_req, res) => {
    res.status(404).json(errorBody('not_found', 'Нет такого адреса API'));
  });
  return router;
}
