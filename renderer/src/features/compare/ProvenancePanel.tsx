import type { Recognizability, SelfCheck, ViewDetection } from '../../../../src/api/deface.js';
import { LineList } from '../../app/LineList.js';
import type { ProvenanceState } from './use-provenance.js';

const percent = (fraction: number | null) => (fraction === null ? 'not asked' : `${(fraction * 100).toFixed(1)} %`);

/** The engine's self-check of the defaced image and where it came from. */
export function ProvenancePanel({ state }: { state: ProvenanceState }) {
  if (state.status === 'loading') return <section className="provenance" aria-label="Self-check"><p className="empty">Loading the self-check…</p></section>;
  if (state.status === 'failed') return <section className="provenance" aria-label="Self-check"><p role="alert" className="inline-error">{state.message}</p></section>;
  const check = state.provenance.selfCheck;
  return (
    <section className="provenance" aria-label="Self-check">
      <h3>Self-check</h3>
      {check ? <SelfCheckFacts check={check} /> : <p className="empty">No Veil self-check beside the second image: these are two images, not a Veil result.</p>}
    </section>
  );
}

function SelfCheckFacts({ check }: { check: SelfCheck }) {
  return (
    <>
      <p>
        <span className={`badge badge-verdict-${check.verdict}`} data-testid="self-check-verdict">{check.verdict}</span>
      </p>
      <LineList className="reasons" lines={check.reasons} />
      <dl className="facts">
        <dt>Brain voxels changed</dt>
        <dd data-testid="brain-voxels-changed">{check.brainVoxelsChanged}</dd>
        <dt>Removed</dt>
        <dd>{check.removedVolumeMl.toFixed(1)} ml</dd>
        <dt>Face region removed</dt>
        <dd>{percent(check.faceRegionRemovedFraction)}</dd>
        <dt>Ears removed</dt>
        <dd>{percent(check.earRegionRemovedFraction)}</dd>
        <dt>Engine</dt>
        <dd>
          {check.engine.name} {check.engine.version}
        </dd>
        <dt>Time</dt>
        <dd>{(check.timings.totalMs / 1000).toFixed(1)} s</dd>
        <dt>Margin</dt>
        <dd>{check.parameters.marginMm} mm</dd>
        <dt>Defaced</dt>
        <dd>{new Date(check.createdAt).toLocaleString()}</dd>
        <dt>Input sha256</dt>
        <dd title={check.input.sha256}>{check.input.sha256.slice(0, 12)}…</dd>
        <dt>Output sha256</dt>
        <dd title={check.output.sha256}>{check.output.sha256.slice(0, 12)}…</dd>
      </dl>
      {check.recognizability ? <FaceDetectorTable result={check.recognizability} /> : <p className="empty">No face detection on 3D renders in this self-check.</p>}
    </>
  );
}

/** The face detector's best score per rendered view, on the original and on the defaced image. */
function FaceDetectorTable({ result }: { result: Recognizability }) {
  const score = (detection: ViewDetection | null) => (detection === null ? 'not needed' : `${detection.bestScore.toFixed(2)}${detection.faces.length > 0 ? ' face' : ''}`);
  return (
    <table className="facts" aria-label="Face detection on 3D renders" data-testid="face-detection">
      <caption>Face detector on 3D renders (a face at ≥ {result.model.scoreThreshold})</caption>
      <thead>
        <tr>
          <th>View</th>
          <th>Original</th>
          <th>Defaced</th>
        </tr>
      </thead>
      <tbody>
        {result.views.map((view) => (
          <tr key={view.name}>
            <td>{view.name}</td>
            <td>{score(view.original)}</td>
            <td data-testid={`face-detection-defaced-${view.name}`}>{score(view.defaced)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
