/** One radio button with its label (a choice among those sharing `name`). */
export function Choice(props: {
  id: string;
  name: string;
  checked: boolean;
  onChoose(): void;
  label: string;
}) {
  return (
    <div class="field check">
      <input id={props.id} type="radio" name={props.name} checked={props.checked} onChange={props.onChoose} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}
