/** zh-CN by default, en-US on request; one namespace per workspace so each owns its strings. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCommon from './locales/zh-CN/common';
import zhMerchant from './locales/zh-CN/merchant';
import zhWarehouse from './locales/zh-CN/warehouse';
import zhOps from './locales/zh-CN/ops';
import enCommon from './locales/en-US/common';
import enMerchant from './locales/en-US/merchant';
import enWarehouse from './locales/en-US/warehouse';
import enOps from './locales/en-US/ops';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const saved = localStorage.getItem('tally.lang');

void i18n.use(initReactI18next).init({
  lng: saved === 'en-US' ? 'en-US' : 'zh-CN',
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  ns: ['common', 'merchant', 'warehouse', 'ops'],
  resources: {
    'zh-CN': { common: zhCommon, merchant: zhMerchant, warehouse: zhWarehouse, ops: zhOps },
    'en-US': { common: enCommon, merchant: enMerchant, warehouse: enWarehouse, ops: enOps },
  },
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language) {
  localStorage.setItem('tally.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
