/** The live-query type the db layer hands out; the UI subscribes without importing dexie. */
export type { Observable } from 'dexie';
