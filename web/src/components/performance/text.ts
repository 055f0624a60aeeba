/** The performance namespace in both languages: in the lazily loaded chunk of the pages that show a scorecard. */
import { addNamespaces } from '../../i18n';
import zh from '../../locales/zh-CN/performance';
import en from '../../locales/en-US/performance';

addNamespaces({ performance: { 'zh-CN': zh, 'en-US': en } });
