/** Category ids the config tests' catalogs use (repositories themselves: test/support/repo.ts). */
export const TSHIRTS = '07be580a-ad72-4778-b309-1d02d6c2acec';
export const HOODIES = '3f1c2a9e-5b7d-4e8a-9c41-2d6f0b8e7a15';
