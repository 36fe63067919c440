import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { parseReceiptCode, receiptPath } from '../../shared/receipts/code.ts';
import { fillParts } from '../i18n/translate.ts';
import { t, withLanguage } from './messages.ts';
import './receipt.css';

/**
 * A sentence with the example code in it: the code isolated and left to right, so a right-to-left
 * sentence neither reorders its groups nor breaks it apart ("K7MQ-4X9P- 3HTR." in Arabic).
 */
export function withExampleCode(key: 'lookupHint' | 'receiptMalformed') {
  return fillParts(t(key), {
    code: (
      <bdi class="receipt-example" dir="ltr">
        K7MQ-4X9P-3HTR
      </bdi>
    ),
  });
}

/**
 * "Ihren Beitrag nachschlagen": a code typed from a card or a note, in any case, with or without
 * dashes, leads to its receipt page. A malformed code is said at once, without asking the server.
 */
export function ReceiptLookup({ slug, initial = '' }: { slug: string; initial?: string }) {
  const { route } = useLocation();
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const code = parseReceiptCode(value);
    setInvalid(code === null);
    if (code) route(withLanguage(receiptPath(slug, code)));
  };
  return (
    <form class="receipt-lookup" onSubmit={submit} noValidate aria-labelledby="receipt-lookup-heading">
      <h2 id="receipt-lookup-heading">{t('lookupHeading')}</h2>
      <div class="field">
        <label for="receipt-lookup-code">{t('lookupLabel')}</label>
        <p class="hint" id="receipt-lookup-hint">
          {withExampleCode('lookupHint')}
        </p>
        <input
          id="receipt-lookup-code"
          class="receipt-input"
          dir="ltr"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={value}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'receipt-lookup-hint receipt-lookup-error' : 'receipt-lookup-hint'}
          onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
        />
        {invalid && (
          <p class="error-text" id="receipt-lookup-error" role="alert">
            {withExampleCode('receiptMalformed')}
          </p>
        )}
      </div>
      <button class="button" type="submit">
        {t('lookupButton')}
      </button>
    </form>
  );
}
