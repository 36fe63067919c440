import type { GermanRenderingView } from '../../shared/api/quotes.ts';
import { htmlLang, textDirection, type Language } from '../../shared/languages.ts';
import { languageLabel } from '../ui/labels.ts';
import { t } from './messages.ts';
import './voice-texts.css';

/**
 * What a resident said, masked, in its own language and direction, beside a moderator's German
 * rendering where there is one (side by side once both fit, one above the other on a phone): the
 * quotes and „Verbleib der Beiträge“ show a voice alike.
 */
export function VoiceTexts({ text, language, german }: { text: string; language: Language | null; german: GermanRenderingView | null }) {
  return (
    <div class={`quote-texts${german ? ' with-german' : ''}`}>
      <figure>
        {german && <figcaption class="hint">{t('quoteBrowser.original', { language: language ? languageLabel(language) : t('quoteBrowser.languageUnknown') })}</figcaption>}
        <blockquote lang={language ? htmlLang(language) : undefined} dir={language ? textDirection(language) : 'auto'}>
          {text}
        </blockquote>
      </figure>
      {german && (
        <figure>
          <figcaption class="hint">{t('quoteBrowser.germanTranslatedByThe')}</figcaption>
          <blockquote lang="de" dir="ltr">
            {german.text}
          </blockquote>
        </figure>
      )}
    </div>
  );
}
