import type { ChecklistView } from '../../../../src/api/checklist.js';

/** The five checklist items, each with its status, its evidence and what is left to do. */
export function ItemList({ items }: { items: ChecklistView['items'] }) {
  return (
    <ol className="checklist-items">
      {items.map((item) => (
        <li key={item.id} className="checklist-item" data-item={item.id} data-status={item.status}>
          <h3>
            <span className={`badge badge-item-${item.status}`}>{item.status}</span> {item.title}
          </h3>
          <ul className="evidence">
            {item.evidence.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {item.todo.length > 0 && (
            <ul className="todo">
              {item.todo.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
