import type { ChecklistView } from '../../../../src/api/checklist.js';
import { LineList } from '../../app/LineList.js';

/** The five checklist items, each with its status, its evidence and what is left to do. */
export function ItemList({ items }: { items: ChecklistView['items'] }) {
  return (
    <ol className="checklist-items">
      {items.map((item) => (
        <li key={item.id} className="checklist-item" data-item={item.id} data-status={item.status}>
          <h3>
            <span className={`badge badge-item-${item.status}`}>{item.status}</span> {item.title}
          </h3>
          <LineList className="evidence" lines={item.evidence} />
          <LineList className="todo" lines={item.todo} />
        </li>
      ))}
    </ol>
  );
}
