/** The merchant namespace in both languages: part of the lazily loaded chunks that use it, never of the code loaded before login. */
import zh from '../../locales/zh-CN/merchant';
import en from '../../locales/en-US/merchant';

export const merchantText = { 'zh-CN': zh, 'en-US': en };
