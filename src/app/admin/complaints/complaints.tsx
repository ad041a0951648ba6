/**
 * The complaints case tracker's screens, loaded together when one of them is opened (a chunk of
 * its own inside the staff side).
 */
import { CaseScreen } from './CaseScreen.js';
import { CasesScreen } from './CasesScreen.js';
import { StatsScreen } from './StatsScreen.js';
import { TemplatesScreen } from './TemplatesScreen.js';

/** Which screen, from the address. */
export type CasesRoute =
  | { view: 'list' }
  | { view: 'case'; id: string }
  | { view: 'stats'; fiscalYear: number; current: number }
  | { view: 'templates' };

/** The screen for `route`. */
export function CasesScreens({ route, query }: { route: CasesRoute; query: URLSearchParams }) {
  switch (route.view) {
    case 'case':
      return <CaseScreen key={route.id} id={route.id} />;
    case 'stats':
      return <StatsScreen fiscalYear={route.fiscalYear} current={route.current} />;
    case 'templates':
      return <TemplatesScreen />;
    default:
      return <CasesScreen query={query} />;
  }
}
