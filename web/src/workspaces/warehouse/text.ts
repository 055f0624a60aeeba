/** The warehouse namespace in both languages: part of the lazily loaded chunks that use it, never of the code loaded before login. */
import zh from '../../locales/zh-CN/warehouse';
import en from '../../locales/en-US/warehouse';

export const warehouseText = { 'zh-CN': zh, 'en-US': en };
