/**
 * useT follows the language even when it changes between a component's first render and the
 * moment its effects run (effects run after paint; a busy phone can switch in between).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { useT } from '../../src/app/hooks.js';
import { i18next, initI18n, setLanguage } from '../../src/app/i18n.js';

beforeAll(async () => {
  await initI18n('th');
});

function Shows() {
  const { lang } = useT();
  return h('p', null, lang);
}

describe('useT', () => {
  it('catches a switch made before its effect subscribed', async () => {
    await setLanguage('th');
    const box = document.createElement('div');
    // Rendered outside act(): the effect that subscribes is still pending when the switch happens.
    render(h(Shows, null), box);
    expect(box.textContent).toBe('th');
    await i18next.changeLanguage('en');
    await expect.poll(() => box.textContent).toBe('en');
    render(null, box);
    await setLanguage('th');
  });

  it('follows later switches too', async () => {
    await setLanguage('th');
    const box = document.createElement('div');
    // Inside act(): the effect has subscribed before the first switch.
    await act(() => render(h(Shows, null), box));
    expect(box.textContent).toBe('th');
    await i18next.changeLanguage('en');
    await expect.poll(() => box.textContent).toBe('en');
    await i18next.changeLanguage('th');
    await expect.poll(() => box.textContent).toBe('th');
    render(null, box);
  });
});
