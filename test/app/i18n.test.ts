import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en/translation.json';
import th from '../../locales/th/translation.json';
import { i18next, initI18n, setLanguage, translate } from '../../src/app/i18n.js';

beforeAll(async () => {
  await initI18n('th');
});

describe('translate (i18next.t with a memo)', () => {
  it('answers as i18next does, with and without options', async () => {
    await setLanguage('th');
    expect(translate('common.next')).toBe(th.common.next);
    expect(translate('common.next')).toBe(i18next.t('common.next'));
    expect(translate('survey.fixCount', { count: 3 })).toBe(i18next.t('survey.fixCount', { count: 3 }));
    expect(translate('survey.fixCount', { count: 4 })).toBe(i18next.t('survey.fixCount', { count: 4 }));
    expect(translate('survey.fixCount', { count: 3 })).not.toBe(translate('survey.fixCount', { count: 4 }));
  });

  it('follows a change of language', async () => {
    await setLanguage('th');
    expect(translate('common.next')).toBe(th.common.next);
    await setLanguage('en');
    expect(translate('common.next')).toBe(en.common.next);
    await setLanguage('th');
    expect(translate('common.next')).toBe(th.common.next);
  });

  it('follows strings added later (a screen bringing its own)', async () => {
    await setLanguage('th');
    expect(translate('later.test')).toBe('later.test');
    i18next.addResourceBundle('th', 'translation', { later: { test: 'มาแล้ว' } }, true, true);
    expect(translate('later.test')).toBe('มาแล้ว');
    i18next.addResourceBundle('th', 'translation', { later: { test: 'เปลี่ยนแล้ว' } }, true, true);
    expect(translate('later.test')).toBe('เปลี่ยนแล้ว');
  });

  it('passes calls it cannot remember safely straight to i18next', async () => {
    await setLanguage('th');
    const options = { count: 2, context: undefined, nested: { a: 1 } };
    expect(translate('survey.fixCount', options as never)).toBe(i18next.t('survey.fixCount', options as never));
    expect(translate(['missing.key', 'common.next'])).toBe(th.common.next);
  });
});
