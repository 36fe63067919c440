import encodeQR from '@paulmillr/qr';
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Language } from '../../shared/languages.ts';
import { formatReceiptCode, receiptPath } from '../../shared/receipts/code.ts';
import { staffLanguage } from '../i18n/staff.ts';
import { t } from './messages.ts';
import './receipt-card.css';

/**
 * The small card a resident takes home from the stall: the receipt code, and a QR code that opens
 * its page (`/p/:slug/beitrag/:code`, in the language of the conversation). Made on the tablet,
 * offline: the QR module (@paulmillr/qr) is this chunk's, loaded only when staff open a card, and
 * the service worker keeps it with the rest of the app. Printed at credit-card size (85.6 × 54 mm,
 * which fits A7) by the print styles in receipt-card.css.
 */

export interface CardInput {
  code: string;
  slug: string;
  processTitle: string;
  /** The conversation's language: the page opens in it. */
  language: Language | null;
}

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
  return (
    <div class="receipt-card" lang={staffLanguage.value}>
      <QrCode text={url} label={t('receiptCard.qrLabel', { code: formatReceiptCode(input.code) })} />
      <div class="receipt-card-text">
        <p class="receipt-card-brand">{t('receiptCard.brand', { title: input.processTitle })}</p>
        <p class="receipt-card-label">{t('receiptCard.yourCode')}</p>
        <p class="receipt-card-code" dir="ltr">
          {formatReceiptCode(input.code)}
        </p>
        <p class="receipt-card-hint">{t('receiptCard.seeHere')}</p>
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
