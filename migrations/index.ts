import { CreateCrmSchema1764000000000 } from './1764000000000-CreateCrmSchema.js';

/** Every migration, in order. Listed explicitly: globbing for files does not work the same under ESM, tsx and jest. */
export const migrations = [CreateCrmSchema1764000000000];
