// Exception review: a virtualised, filterable, keyboard-driven queue; the selected exception's four-lane timeline,
// explanation and resolutions; decisions (single and bulk) go through the engine and are undoable. The parts are
// in exceptions/.
import { useEffect, useRef, useState } from 'react';
import { useReportStore } from '../state/report';
import { useReviewStore } from '../state/review';
import { decide } from '../state/review-actions';
import { BulkBar } from './exceptions/BulkBar';
import { ExceptionDetail } from './exceptions/ExceptionDetail';
import { FilterBar } from './exceptions/FilterBar';
import { QueuePanel } from './exceptions/QueuePanel';
import { ReviewHead } from './exceptions/ReviewHead';
import { useReviewKeys } from './exceptions/review-keys';
import { nextAfter, useReviewQueue } from './exceptions/review-queue';
import '../review.css';

export function ExceptionsScreen() {
  const report = useReportStore((s) => s.report);
  const select = useReviewStore((s) => s.select);
  const busy = useReviewStore((s) => s.busy);
  const selectedKey = useReviewStore((s) => s.selectedKey);
  const { all, rows, index, selected } = useReviewQueue();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  useEffect(() => {
    setNote('');
    setReason('');
  }, [selectedKey]);

  const move = (delta: number) => {
    if (!rows.length) return;
    const next = Math.max(0, Math.min(rows.length - 1, (index < 0 ? 0 : index) + delta));
    select(rows[next].key);
  };
  const acceptSelected = async () => {
    if (!selected) return;
    const at = index;
    // Then on to the next exception in the queue (the list may have changed under a status filter).
    if (await decide([selected], 'accept', { note, reason })) {
      const next = nextAfter(selected, at);
      if (next !== null) select(next);
    }
  };
  useReviewKeys({ move, acceptSelected, selected, note, reason, noteRef });

  if (!report) return null;

  return (
    <section className="screen exceptions-screen" aria-labelledby="exceptions-title">
      <ReviewHead report={report} all={all} />
      <FilterBar all={all} />
      <BulkBar all={all} />
      <div className="review-split">
        <QueuePanel all={all} rows={rows} index={index} onSelect={select} />
        <div className="detail">
          {selected ? (
            <ExceptionDetail x={selected} note={note} setNote={setNote} reason={reason} setReason={setReason} noteRef={noteRef} onAccept={() => void acceptSelected()} busy={busy} />
          ) : (
            <div className="panel muted">No exception matches the filters.</div>
          )}
        </div>
      </div>
    </section>
  );
}
