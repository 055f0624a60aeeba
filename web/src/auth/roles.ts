/** The four roles (SPEC §2), as the web app names them. */
export type Role = 'ADMIN' | 'OPS' | 'MERCHANT' | 'WAREHOUSE';
