export const ROLES = ['admin', 'operator', 'marketer', 'manager'] as const;
export type Role = (typeof ROLES)[number];
