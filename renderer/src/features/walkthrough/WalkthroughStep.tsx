import type { TutorialStepView } from '../../../../src/api/tutorial.js';
import { LineList } from '../../app/LineList.js';
import { StepAction } from './StepAction.js';

/** The course texts mark commands with backticks, as in Markdown: show them as code. */
function WithCode({ text }: { text: string }) {
  return <>{text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>;
}

const STATUS_LABEL: Readonly<Record<TutorialStepView['status'], string>> = { done: 'done', todo: 'to do', read: 'read' };

/** One course step: why it matters, the commands for the cluster beside the app's button, and what the project shows. */
export function WalkthroughStep({ step, number }: { step: TutorialStepView; number: number }) {
  return (
    <li className="walkthrough-step" data-step={step.id} data-status={step.status} aria-label={step.title}>
      <h2>
        <span className={`badge badge-item-${step.status}`}>{STATUS_LABEL[step.status]}</span> {number}. {step.title}
      </h2>
      <p className="why">
        <WithCode text={step.why} />
      </p>
      <div className="step-ways">
        <div className="step-commands">
          <h3>On the cluster</h3>
          <pre>
            <code>{step.commands.map((command) => `$ ${command}`).join('\n')}</code>
          </pre>
        </div>
        <div className="step-app">
          <h3>In the app</h3>
          {step.action ? <StepAction action={step.action} /> : <p className="muted">{step.status === 'done' ? 'Nothing left to do here.' : 'Do the previous step first.'}</p>}
        </div>
      </div>
      <LineList className="evidence" lines={step.evidence} />
      <LineList className="todo" label="Still to do" lines={step.todo} />
    </li>
  );
}
