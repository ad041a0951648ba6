/** The supervisors' screens, loaded only when /admin is opened (a separate chunk). */
import { lazy } from './lazy.js';

/** The supervisors' app, fetched on first use. */
export const LazyAdmin = lazy(() => import('../admin/AdminApp.js').then((m) => m.AdminApp));
