// The case's reason codes as a drop-down, with "(no reason code)" first: one decision's or a bulk action's.
export function ReasonCodeSelect({
  codes,
  value,
  onChange,
}: {
  codes: readonly string[];
  value: string;
  onChange: (code: string) => void;
}) {
  return (
    <select aria-label="Reason code" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">(no reason code)</option>
      {codes.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );
}
