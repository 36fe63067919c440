import encodeQR from '@paulmillr/qr';
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { fallbackAttributes, htmlLang, localize, textDirection, type Language, type LocalizedText } from '../../shared/languages.ts';
import { formatReceiptCode, receiptPath } from '../../shared/receipts/code.ts';
import { bundledCatalogs, fillParts, translator, type Catalog } from '../i18n/translate.ts';
import { t } from './messages.ts';
import './receipt-card.css';

/**
 * The small card a resident takes home from the stall: the receipt code, and a QR code that opens
 * its page (`/p/:slug/beitrag/:code`), both in the language of the conversation, right to left in
 * Arabic (its words: shared/i18n/receipt-card/, a residents' area). Made on the tablet,
 * offline: the QR module (@paulmillr/qr) is this chunk's, loaded only when staff open a card, and
 * the service worker keeps it with the rest of the app. Printed at credit-card size (85.6 × 54 mm,
 * which fits A7) by the print styles in receipt-card.css.
 */

export interface CardInput {
  code: string;
  slug: string;
  processTitle: LocalizedText;
  /** The conversation's language: the card is written in it and the page opens in it; German when nobody chose one. */
  language: Language | null;
}

type CardKey = 'brand' | 'yourCode' | 'seeHere' | 'qrLabel';

/** The card's words in every residents' language, inside this chunk: a tablet offline prints a card in any of them. */
const CARD_WORDS = bundledCatalogs(import.meta.glob<Record<CardKey, string>>('../../shared/i18n/receipt-card/*.json', { eager: true, import: 'default' })) as Catalog<CardKey>;

export function receiptUrl({ code, slug, language }: Pick<CardInput, 'code' | 'slug' | 'language'>): string {
  const query = language && language !== 'de' ? `?lang=${language}` : '';
  return `${location.origin}${receiptPath(slug, code)}${query}`;
}

/** The QR code as one SVG path, a unit square per dark module, with the standard quiet zone of four. */
function QrCode({ text, label }: { text: string; label: string }) {
  const rows = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  let path = '';
  rows.forEach((row, y) => row.forEach((dark, x) => dark && (path += `M${x} ${y}h1v1h-1z`)));
  return (
    <svg class="receipt-qr" viewBox={`0 0 ${rows.length} ${rows.length}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={rows.length} height={rows.length} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

export function Card(input: CardInput) {
  const url = receiptUrl(input);
  const language = input.language ?? 'de';
  const words = translator(CARD_WORDS, () => language);
  // A process title not translated into the language stays German, and says so to a screen reader.
  const title = <bdi {...fallbackAttributes(input.processTitle, language)}>{localize(input.processTitle, language)}</bdi>;
  return (
    <div class="receipt-card" lang={htmlLang(language)} dir={textDirection(language)}>
      <QrCode text={url} label={words('qrLabel', { code: formatReceiptCode(input.code) })} />
      <div class="receipt-card-text">
        <p class="receipt-card-brand">{fillParts(words('brand'), { title })}</p>
        <p class="receipt-card-label">{words('yourCode')}</p>
        <p class="receipt-card-code" dir="ltr">
          {formatReceiptCode(input.code)}
        </p>
        <p class="receipt-card-hint">{words('seeHere')}</p>
        <p class="receipt-card-url" dir="ltr">
          {url.replace(/^https?:\/\//, '')}
        </p>
      </div>
    </div>
  );
}

/**
 * Prints only the card: it is drawn into a root of its own beside the app, the rest of the page
 * is hidden while printing, and the root goes away after the print dialog closes.
 */
export function printCard(input: CardInput): void {
  const host = document.createElement('div');
  host.className = 'receipt-print-host';
  document.body.append(host);
  render(<Card {...input} />, host);
  document.body.classList.add('printing-receipt');
  const done = () => {
    document.body.classList.remove('printing-receipt');
    render(null, host);
    host.remove();
    removeEventListener('afterprint', done);
  };
  addEventListener('afterprint', done);
  print();
}

/** The card on screen, to show the resident or to print; Escape or the close button closes it. */
export function ReceiptCardDialog({ input, onClose }: { input: CardInput; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="receipt-dialog" aria-labelledby="receipt-dialog-title" onClose={onClose}>
      <h2 id="receipt-dialog-title">{t('receiptCard.title')}</h2>
      <Card {...input} />
      <div class="actions">
        <button type="button" class="button large" onClick={() => printCard(input)}>
          {t('receiptCard.print')}
        </button>
        <button type="button" class="button secondary large" onClick={() => dialog.current?.close()}>
          {t('receiptCard.close')}
        </button>
      </div>
    </dialog>
  );
}
