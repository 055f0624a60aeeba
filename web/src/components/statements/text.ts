/** The statements namespace in both languages: in the chunks of the pages that show a statement. */
import { addNamespaces } from '../../i18n';
import zh from '../../locales/zh-CN/statements';
import en from '../../locales/en-US/statements';

addNamespaces({ statements: { 'zh-CN': zh, 'en-US': en } });
