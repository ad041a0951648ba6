/**
 * Before the browser tests: builds the app and the server once, and initialises one data folder
 * that every test file's server starts from a copy of (see `startServer`).
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildAll, prepareDataTemplate } from '../helpers/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An initialised DATA_DIR to copy (test/helpers/server.ts). */
    siangDataTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.SIANG_SKIP_BUILD !== '1') buildAll();
  const template = await prepareDataTemplate();
  project.provide('siangDataTemplate', template);
  return () => rmSync(template, { recursive: true, force: true });
}
