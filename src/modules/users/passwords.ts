import bcrypt from 'bcryptjs';

/** A bcrypt hash of `rounds` (BCRYPT_ROUNDS, from Limits.hashRounds: tests use fewer to stay fast). */
export const hashPassword = (password: string, rounds: number): Promise<string> => bcrypt.hash(password, rounds);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);
