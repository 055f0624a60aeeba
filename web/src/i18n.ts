/**
 * zh-CN by default, en-US on request; one namespace per workspace so each owns its strings.
 * Only `common` is in the code loaded before login. Each workspace's own text (the warehouse's and
 * the platform's name internal exception subtypes, SPEC §2) arrives with that workspace's lazily
 * loaded chunk, which hands it over through `addNamespaces` before its first render.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCommon from './locales/zh-CN/common';
import enCommon from './locales/en-US/common';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const saved = localStorage.getItem('tally.lang');

void i18n.use(initReactI18next).init({
  lng: saved === 'en-US' ? 'en-US' : 'zh-CN',
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  ns: ['common'],
  resources: {
    'zh-CN': { common: zhCommon },
    'en-US': { common: enCommon },
  },
  interpolation: { escapeValue: false },
});

export type Namespace = 'merchant' | 'warehouse' | 'ops' | 'performance' | 'statements';

/** A workspace's text in both languages, added once when its chunk loads. */
export function addNamespaces(bundles: Partial<Record<Namespace, Record<Language, object>>>): void {
  for (const [ns, byLanguage] of Object.entries(bundles)) {
    for (const lang of LANGUAGES) {
      if (!i18n.hasResourceBundle(lang, ns)) i18n.addResourceBundle(lang, ns, byLanguage![lang]);
    }
  }
}

export function setLanguage(lang: Language) {
  localStorage.setItem('tally.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
