import bcrypt from 'bcryptjs';

let rounds = 12;

/** Set from the config at start-up (tests use fewer rounds to stay fast). */
export function setHashRounds(n: number): void {
  rounds = n;
}

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, rounds);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);
