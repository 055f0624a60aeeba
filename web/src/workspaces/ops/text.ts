/** The ops namespace in both languages: part of the lazily loaded chunks that use it, never of the code loaded before login. */
import zh from '../../locales/zh-CN/ops';
import en from '../../locales/en-US/ops';

export const opsText = { 'zh-CN': zh, 'en-US': en };
